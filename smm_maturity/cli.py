"""The command line: `python -m smm_maturity [--db PATH] COMMAND`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from smm_maturity import (
    audit,
    auth,
    backup,
    cli_survey,
    config,
    demo,
    disclosure,
    exports,
    images,
    ingest,
    scoring,
    slides,
    store,
    template,
    upload_flow,
    upload_scope,
)
from smm_maturity.i18n import ERROR_LANGUAGE, LANGUAGES, LocalisedError, t
from smm_maturity.ingest.mapping_file import SUFFIXES, mapping_text, parse_mapping
from smm_maturity.instrument import load_instrument
from smm_maturity.privacy import min_group_size
from smm_maturity.safe_text import clean_name


class CommandError(LocalisedError):
    """A refusal with a message for the user; the CLI prints it and exits non-zero."""


def _latest_wave(con: duckdb.DuckDBPyConnection, requested: str | None) -> str:
    names = [wave.name for wave in store.waves(con)]
    if not names:
        raise CommandError("cli.no_answers")
    if requested is None:
        return names[-1]
    if requested not in names:
        raise CommandError("cli.unknown_wave", wave=requested, known=", ".join(names))
    return requested


def requested_min_group(requested: str | None) -> int:
    """The minimum group size of a command: the configured one, or a larger one given with `--min-group`."""
    configured = config.min_group_size()
    if requested is None:
        return configured
    size = config.whole_number(requested)
    if size is None:
        raise CommandError("cli.min_group_invalid", value=config.shown(requested), configured=configured)
    if size < configured:
        raise CommandError("cli.min_group_lower", value=size, configured=configured)
    return min_group_size(size)


def cell_json(cell: scoring.DimensionScore) -> dict:
    """One dimension of a group as published: mean, stage and n; a hidden cell has no `n` at all."""
    if cell.hidden:
        return {"mean": None, "stage": None}
    return {"mean": cell.mean, "stage": cell.stage, "n": cell.n}


def group_json(group: scoring.GroupScore, min_size: int) -> dict:
    """One group's scores as the JSON object the `scores` command prints.

    The numbers are those `scoring` publishes, as they are. A suppressed group has no `n` key, and its
    `reason` is the one reason of every hidden member, which tells no count.
    """
    head: dict = {"department": None if group.is_organisation else group.group}
    if group.suppressed:
        head |= {"suppressed": True, "reason": hidden_reason(min_size)}
    else:
        head |= {"n": group.respondents, "suppressed": False}
    return head | {
        "mean": group.mean,
        "index": group.index,
        "stage": group.stage,
        "dimensions": {code: cell_json(cell) for code, cell in group.dimensions.items()},
    }


def hidden_reason(min_size: int) -> str:
    """The one reason of every hidden group, in English for the command line."""
    return t(disclosure.HIDDEN_REASON, ERROR_LANGUAGE, k=min_size)


def command_init(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    return f"Database ready (schema version {store.SCHEMA_VERSION})."


def command_demo(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    stored = demo.load_demo(con)
    return f"Demo organisation loaded: {stored} responses in {len(demo.demo_waves())} waves."


def command_template(con: duckdb.DuckDBPyConnection | None, args: argparse.Namespace) -> str:
    content = template.template_xlsx(args.lang) if args.format == "xlsx" else template.template_csv(args.lang)
    if args.out is None:
        if args.format == "xlsx":
            raise CommandError("cli.xlsx_needs_out")
        sys.stdout.write(content.decode("utf-8-sig"))
        return ""
    Path(args.out).write_bytes(content)
    return f"Template written to {args.out}."


def command_instrument(con: duckdb.DuckDBPyConnection | None, args: argparse.Namespace) -> str:
    instrument = load_instrument()
    payload = {
        "version": instrument.version,
        "dimensions": [
            {
                "code": d.code,
                **{f"name_{lang}": d.name(lang) for lang in LANGUAGES},
                "items": [i.code for i in d.items],
            }
            for d in instrument.dimensions
        ],
        "items": [
            {
                "code": item.code,
                "dimension": item.dimension,
                **{f"text_{lang}": item.text(lang) for lang in LANGUAGES},
                "reverse": item.reverse,
                "facet": item.facet or None,
            }
            for item in instrument.items
        ],
        "stages": [
            {"level": s.level, **{f"name_{lang}": s.name(lang) for lang in LANGUAGES}, "min_mean": s.min_mean}
            for s in instrument.stages
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def command_import(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    path = Path(args.file)
    if not path.is_file():
        raise CommandError("cli.no_such_file", path=str(path))
    limit = config.max_upload_bytes()
    if path.stat().st_size > limit:
        raise CommandError(
            "cli.too_large",
            name=path.name,
            size=f"{path.stat().st_size / 1024 / 1024:.1f}",
            limit=config.max_upload_mb(),
        )
    batch = ingest.read_upload_isolated(
        path.read_bytes(),
        path.name,
        department=args.department,
        column_mapping=_mapping_file(args.mapping),
        max_bytes=limit,
        known_departments=store.department_names(con),
    )
    for warning in batch.warnings:
        print(f"warning: {warning.describe('en', path.name)}", file=sys.stderr)
    if batch.errors:
        for error in batch.errors[:50]:
            print(f"error: {error.describe('en', path.name)}", file=sys.stderr)
        more = len(batch.errors) - 50
        if more > 0:
            print(f"error: … and {more} more problems.", file=sys.stderr)
        raise CommandError("cli.not_imported", name=path.name, count=len(batch.errors))
    upload = store.store_batch(con, batch, wave=args.wave, department=args.department)
    imported = (
        f"Imported {path.name} as upload #{upload.upload_id}: {upload.row_count} responses into wave"
        f" {upload.wave} ({batch.format_name} format, {len(batch.answers)} answers)."
    )
    waiting = upload_scope.waiting(con, upload.upload_id)
    if waiting is None:
        return imported
    sentence = upload_scope.waiting_sentence(upload.wave, waiting, config.min_group_size(), ERROR_LANGUAGE)
    return f"{imported}\n{sentence}"


def _mapping_file(name: str | None) -> dict[str, str] | None:
    """The column mapping of `import --mapping FILE`, or None without one."""
    if name is None:
        return None
    path = Path(name)
    if not path.is_file():
        raise CommandError("cli.no_such_file", path=str(path))
    return parse_mapping(path.read_bytes(), path.name)


def _saved_mappings(
    con: duckdb.DuckDBPyConnection, signature: str | None, department: str | None
) -> list[upload_scope.SavedMapping]:
    """The mappings saved on the upload page, newest first, of one department and signature when asked for."""
    saved = upload_scope.saved_mappings(con)
    if department is not None:
        scope = clean_name(department)
        saved = [entry for entry in saved if entry.scope == scope]
        if not saved:
            raise CommandError("privilege.mapping.none_for_department", department=scope)
    if signature:
        saved = [entry for entry in saved if entry.signature.startswith(signature)]
        if not saved:
            raise CommandError("ingest.mapping_file.unknown_signature", signature=signature)
    return saved


def command_mapping(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    """Show the saved column mappings with the department that saved them, or write one to a file that
    `import --mapping` reads."""
    saved = _saved_mappings(con, args.signature, args.department)
    if args.action == "show":
        if args.json:
            entries = [
                {
                    "signature": entry.signature,
                    "department": entry.scope or None,
                    "saved_at": f"{entry.saved_at:%Y-%m-%d %H:%M}",
                    "columns": entry.columns,
                }
                for entry in saved
            ]
            return json.dumps(entries, ensure_ascii=False, indent=2)
        lines = [
            f"{entry.signature[:12]}  {upload_flow.scope_label(entry.scope, ERROR_LANGUAGE)}"
            f"  {entry.saved_at:%Y-%m-%d %H:%M}  {len(entry.columns)} columns"
            for entry in saved
        ]
        lines += [f"  {column} = {target}" for entry in saved[:1] for column, target in entry.columns.items()]
        return "\n".join(lines) or t("ingest.mapping_file.none_saved", ERROR_LANGUAGE)
    if not saved:
        raise CommandError("ingest.mapping_file.none_saved")
    suffix = Path(args.out).suffix.lower() if args.out else ".toml"
    if suffix not in SUFFIXES:
        raise CommandError("ingest.mapping_file.wrong_suffix", path=args.out)
    newest = saved[0]
    text = mapping_text(newest.columns, suffix)
    if args.out is None:
        sys.stdout.write(text)
        return ""
    Path(args.out).write_text(text, encoding="utf-8")
    return f"Mapping {newest.signature[:12]} ({len(newest.columns)} columns) written to {args.out}."


def command_uploads(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    rows = store.uploads(con)
    if args.json:
        return json.dumps(
            [
                {
                    "upload_id": u.upload_id,
                    "wave": u.wave,
                    "department": u.department,
                    "file_name": u.file_name,
                    "rows": u.row_count,
                    "format": u.source_format,
                    "created_at": u.created_at.isoformat(timespec="seconds"),
                }
                for u in rows
            ],
            ensure_ascii=False,
            indent=2,
        )
    if not rows:
        return "No uploads yet."
    lines = [f"{'id':>4}  {'wave':<16} {'department':<18} {'rows':>6}  {'time':<16}  file"]
    for u in rows:
        lines.append(
            f"{u.upload_id:>4}  {u.wave:<16} {(u.department or '(several)'):<18} {u.row_count:>6}"
            f"  {u.created_at:%Y-%m-%d %H:%M}  {u.file_name}"
        )
    return "\n".join(lines)


def command_undo(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    upload = store.undo_upload(con, args.upload_id)
    return f"Undid upload #{upload.upload_id} ({upload.file_name}): {upload.row_count} responses removed."


def command_scores(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    wave = _latest_wave(con, args.wave)
    scores = scoring.wave_scores(con, wave, requested_min_group(args.min_group))
    groups = [scores.organisation] + (list(scores.departments) if args.by == "department" else [])
    if args.json:
        return json.dumps(
            [{"wave": wave, **group_json(g, scores.min_size)} for g in groups], ensure_ascii=False, indent=2
        )
    codes = load_instrument().dimension_codes
    lines = [
        f"wave {wave} (minimum group size {scores.min_size})",
        f"{'group':<20} {'n':>6} {'index':>6}  " + " ".join(f"{c:>4}" for c in codes),
    ]
    for group in groups:
        name = "Organisation" if group.is_organisation else group.group
        if group.suppressed:
            lines.append(f"{name:<20} {'':>6} {hidden_reason(scores.min_size)}")
            continue
        cells = " ".join(
            f"{'—':>4}" if cell.mean is None else f"{cell.mean:>4.2f}" for cell in group.dimensions.values()
        )
        index = f"{'—':>6}" if group.index is None else f"{group.index:>6.1f}"
        lines.append(f"{name:<20} {group.respondents:>6} {index}  {cells}")
    return "\n".join(lines)


def command_backup(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    manifest = backup.backup(con, args.out)
    rows = {table: entry["rows"] for table, entry in manifest["tables"].items()}
    return (
        f"Backup written to {args.out}: {rows['responses']} responses in {rows['uploads']} uploads,"
        f" {len(rows)} tables (schema version {manifest['schema_version']})."
    )


def command_restore(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    rows = backup.restore(con, args.dir, force=args.force)
    return f"Restored {args.dir}: {rows.get('responses', 0)} responses in {rows.get('uploads', 0)} uploads."


def _export_for(out: str) -> exports.Export:
    """The export a file name asks for by its ending; refused when it names none or its folder is missing."""
    export = exports.for_path(out)
    if export is None:
        *first, last = exports.suffixes()
        raise CommandError("cli.wrong_suffix", path=out, first=", ".join(first), last=last)
    if not Path(out).parent.is_dir():
        raise CommandError("cli.no_such_directory", path=str(Path(out).parent))
    return export


def _excluded(con: duckdb.DuckDBPyConnection, names: Sequence[str] | None) -> frozenset[str]:
    known = set(store.department_names(con))
    unknown = sorted(set(names or ()) - known)
    if unknown:
        raise CommandError("cli.unknown_departments", names=", ".join(unknown))
    return frozenset(names or ())


def command_report(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> str:
    """Write the export that the file name's ending picks: report, deck or aggregates of a wave."""
    export = _export_for(args.out)
    wave = _latest_wave(con, args.wave)
    excluded = _excluded(con, args.exclude)
    if export.needs_browser and images.image_browser() is None:
        raise CommandError("handover.pdf.no_browser")
    if export.images:
        images.warm()
    deck = slides.build_deck(slides.load_deck_data(con, wave), args.lang, excluded=excluded)
    written = export.render(deck)
    Path(args.out).write_bytes(written.content)
    with store.transaction(con) as cur:
        audit.record(cur, audit.COMMAND_LINE, "export", f"{wave} to {Path(args.out).name}")
    if written.fallback:
        print(f"warning: {written.fallback}.", file=sys.stderr)
    return f"Wave {wave} written to {args.out}: {written.summary}."


def _read_passcode() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Passcode: ")
    if getpass.getpass("Passcode again: ") != first:
        raise CommandError("cli.passcodes_differ")
    return first


def command_hash_passcode(con: None, args: argparse.Namespace) -> str:
    plain = _read_passcode()
    if len(plain) < auth.MIN_PASSCODE_LENGTH:
        raise CommandError("cli.passcode_short", length=auth.MIN_PASSCODE_LENGTH)
    if len(plain) > auth.MAX_PASSCODE_LENGTH:
        raise CommandError("cli.passcode_long", length=auth.MAX_PASSCODE_LENGTH)
    return auth.hash_passcode(plain)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = argparse.ArgumentParser(prog="python -m smm_maturity", description="Augenhöhe maturity data.")
    parser.add_argument("--db", help="the DuckDB file (default: $SMM_DB or data/maturity.duckdb)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create the database")
    commands.add_parser("demo", help="load the demo organisation")
    p = commands.add_parser("template", help="write the canonical questionnaire template")
    p.add_argument("--lang", choices=["de", "en"], default="de")
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--out")
    p = commands.add_parser("instrument", help="print the instrument")
    p.add_argument("--json", action="store_true", default=True)
    p = commands.add_parser("import", help="import a CSV or XLSX file into a wave")
    p.add_argument("file")
    p.add_argument("--wave", required=True)
    p.add_argument("--department")
    p.add_argument(
        "--mapping", metavar="FILE", help="a column mapping (.toml or .json), as `mapping export` writes"
    )
    p = commands.add_parser(
        "mapping", help="show the column mappings saved on the upload page, or export one"
    )
    p.add_argument("action", choices=["show", "export"])
    p.add_argument("--signature", help="the start of a mapping's signature (default: the newest)")
    p.add_argument("--department", help="only the mappings saved for this department")
    p.add_argument("--out", help="export: the .toml or .json file to write (default: TOML to the screen)")
    p.add_argument("--json", action="store_true", help="show: as JSON")
    p = commands.add_parser("uploads", help="list the uploads")
    p.add_argument("--json", action="store_true")
    p = commands.add_parser("undo", help="undo an upload")
    p.add_argument("upload_id", type=int)
    p = commands.add_parser("scores", help="print the scores of a wave")
    p.add_argument("--wave")
    p.add_argument("--by", choices=["department"])
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--min-group",
        metavar="K",
        help="a larger minimum group size than the configured one ($SMM_MIN_GROUP, default 5); never a smaller one",
    )
    p = commands.add_parser("backup", help="write every table to Parquet files in a new directory")
    p.add_argument("--out", required=True, help="a new or empty directory")
    p = commands.add_parser("restore", help="replace the database's contents with a backup")
    p.add_argument("dir", help="a directory written by `backup`")
    p.add_argument("--force", action="store_true", help="replace a database that already holds data")
    for command, text in (
        (
            "report",
            "write the report, its PDF, the deck or the aggregates of a wave, as the file's ending says",
        ),
        ("export", "the same as report (the older name for writing the aggregates)"),
    ):
        p = commands.add_parser(command, help=text)
        p.add_argument("--out", required=True, help="FILE" + "|FILE".join(exports.suffixes()))
        p.add_argument("--wave", help="the wave (default: the newest)")
        p.add_argument("--lang", choices=["de", "en"], default="de")
        p.add_argument(
            "--exclude", action="append", metavar="DEPARTMENT", help="leave a department out (repeatable)"
        )
    commands.add_parser(
        "hash-passcode",
        help="read a passcode from standard input and print its hash for .streamlit/secrets.toml",
    )
    cli_survey.add_parsers(commands)
    return parser


COMMANDS: dict[str, Callable[..., str]] = {
    "init": command_init,
    "demo": command_demo,
    "template": command_template,
    "instrument": command_instrument,
    "import": command_import,
    "mapping": command_mapping,
    "uploads": command_uploads,
    "undo": command_undo,
    "scores": command_scores,
    "backup": command_backup,
    "restore": command_restore,
    "hash-passcode": command_hash_passcode,
    "report": command_report,
    "export": command_report,
    **cli_survey.COMMANDS,
}
NEEDS_NO_DATABASE = {"template", "instrument", "hash-passcode"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 success, 1 rejected input, 2 invalid settings or unavailable database)."""
    args = build_parser().parse_args(argv)
    refusals = config.problems()
    if refusals:
        for refusal in refusals:
            print(f"error: {refusal}", file=sys.stderr)
        return 2
    try:
        con = None if args.command in NEEDS_NO_DATABASE else store.connect(args.db)
        try:
            output = COMMANDS[args.command](con, args)
        finally:
            if con is not None:
                con.close()
    except (store.DatabaseBusy, config.SettingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (LocalisedError, store.StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if output:
        print(output)
    return 0
