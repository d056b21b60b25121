"""The survey commands of the command line: `wave create|open|close|publish|list`, `codes` and `link`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import duckdb

from smm_maturity import audit, code_sheet, config, invites, survey_setup, waves
from smm_maturity.i18n import ERROR_LANGUAGE, LocalisedError
from smm_maturity.screen import Notice

LANG = ERROR_LANGUAGE
"""The command line speaks English, like its errors."""


class SurveyCommandError(LocalisedError):
    """A survey command that cannot run as asked; nothing changed."""


def _min_group(requested: str | None) -> int:
    from smm_maturity.cli import requested_min_group

    return requested_min_group(requested)


def _lines(notices: list[Notice]) -> str:
    return "\n".join(notice.text for notice in notices)


def wave_create(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    chosen: dict[str, int | None] = {}
    for entry in args.department or []:
        name, headcount = survey_setup.department_entry(entry)
        if name in chosen:
            raise survey_setup.SetupRefused("survey.department_twice", department=name)
        chosen[name] = headcount
    created = waves.create_wave(con, args.name, chosen, audit.COMMAND_LINE)
    return f"Wave {created.name} created as a draft with {', '.join(created.departments)}."


def wave_open(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    opened = waves.open_wave(con, args.name, audit.COMMAND_LINE, survey_setup.end_date(args.until))
    until = f" until {opened.closes_on.isoformat()}" if opened.closes_on else ""
    return f"Wave {opened.name} is open{until}."


def wave_close(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    return f"Wave {waves.close_wave(con, args.name, audit.COMMAND_LINE).name} is closed."


def wave_publish(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    k = _min_group(args.min_group)
    released = waves.publish(con, args.name, k, audit.COMMAND_LINE)
    return _lines(survey_setup.release_notices(args.name, released, k, LANG))


def wave_list(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    found = waves.survey_waves(con)
    if not found:
        return "No waves yet."
    lines = [f"{'wave':<24} {'status':<7} {'until':<10}  departments"]
    for wave in found:
        until = wave.closes_on.isoformat() if wave.closes_on else ""
        lines.append(f"{wave.name:<24} {wave.status:<7} {until:<10}  {', '.join(wave.departments)}")
    return "\n".join(lines)


WAVE_STEPS: dict[str, Callable[[duckdb.DuckDBPyConnection, argparse.Namespace], str]] = {
    "create": wave_create,
    "open": wave_open,
    "close": wave_close,
    "publish": wave_publish,
    "list": wave_list,
}


def command_wave(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    return WAVE_STEPS[args.step](con, args)


def command_codes(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".html"):
        raise SurveyCommandError("survey.cli.codes_suffix", path=args.out)
    if not out.parent.is_dir():
        raise SurveyCommandError("cli.no_such_directory", path=str(out.parent))
    if out.exists():
        raise SurveyCommandError("survey.cli.exists", path=args.out)
    base = config.public_url()
    codes = invites.generate_codes(con, args.wave, args.department, args.count, audit.COMMAND_LINE)
    if out.suffix.lower() == ".csv":
        out.write_bytes(code_sheet.codes_csv(codes, args.wave, args.department, base, args.lang))
    else:
        out.write_text(
            code_sheet.sheet_html(codes, args.wave, args.department, base, args.lang), encoding="utf-8"
        )
    return f"{len(codes)} codes for {args.department} in {args.wave} written to {args.out}; they cannot be shown again."


def command_link(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    token = invites.create_workshop_link(con, args.wave, args.department, args.limit, audit.COMMAND_LINE)
    return invites.questionnaire_address(
        config.public_url(), {invites.LINK_PARAMETER: token, "lang": args.lang}
    )


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The survey commands, added to the command line's parser."""
    wave = commands.add_parser("wave", help="create, open, close, publish or list survey waves")
    steps = wave.add_subparsers(dest="step", required=True)
    p = steps.add_parser("create", help="create a draft wave with its departments")
    p.add_argument("name")
    p.add_argument(
        "--department",
        action="append",
        metavar="NAME[=HEADCOUNT]",
        help="a department of the wave (repeatable)",
    )
    p = steps.add_parser("open", help="open a draft wave for answers")
    p.add_argument("name")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="the last day that takes answers")
    steps.add_parser("close", help="close an open wave").add_argument("name")
    p = steps.add_parser(
        "publish", help="publish what a wave may show: interim while open, final once closed"
    )
    p.add_argument("name")
    p.add_argument("--min-group", metavar="K", help="a larger minimum group size than the configured one")
    steps.add_parser("list", help="list every wave with its status")
    p = commands.add_parser(
        "codes", help="generate access codes as a printable sheet (.html) or a CSV (.csv)"
    )
    p.add_argument("--wave", required=True)
    p.add_argument("--department", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--out", required=True, help="FILE.html|FILE.csv (a new file)")
    p.add_argument("--lang", choices=["de", "en"], default="de")
    p = commands.add_parser("link", help="make a workshop link and print its address")
    p.add_argument("--wave", required=True)
    p.add_argument("--department", required=True)
    p.add_argument("--limit", type=int, required=True, help="the most answers the link takes")
    p.add_argument("--lang", choices=["de", "en"], default="de")


COMMANDS: dict[str, Callable[[duckdb.DuckDBPyConnection, argparse.Namespace], str]] = {
    "wave": command_wave,
    "codes": command_codes,
    "link": command_link,
}
