"""The column mapping on the command line: `mapping show|export` and `import --mapping`, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smm_maturity import cli, store, upload_flow, upload_scope
from smm_maturity.ingest import read_upload
from smm_maturity.instrument import load_instrument

FORMATS = Path(__file__).parents[1] / "data" / "formats"
LIME = FORMATS / "limesurvey_collab_codes.csv"
INSTRUMENT = load_instrument()


def page_mapping() -> dict[str, str]:
    """What a team maps on the upload page for LimeSurvey 6's default codes and its coded collaboration columns."""
    items = [item.code for dimension in INSTRUMENT.dimensions for item in dimension.items]
    codes = [
        f"G02Q{d + 1:02d}[SQ{s + 1:03d}]"
        for d, dim in enumerate(INSTRUMENT.dimensions)
        for s in range(len(dim.items))
    ]
    mapping = dict(zip(codes, items, strict=True))
    mapping |= {"G01Q01": "department", "G04Q01": "comment"}
    mapping |= {
        "COLLAB[MKT]": "collab:Marketing",
        "COLLAB[VTR]": "collab:Vertrieb",
        "COLLAB[PER]": "collab:Personal",
    }
    return mapping


def saved_on_the_page(db: Path, scope: str = upload_scope.ORGANISATION) -> str:
    """Save the mapping as the upload page does, in a scope under the file's header signature."""
    batch = read_upload(LIME.read_bytes(), LIME.name)
    signature = upload_flow.mapping_signature(batch)
    con = store.connect(str(db))
    upload_scope.save_mapping(con, scope, signature, page_mapping())
    con.close()
    return signature


def stored(db: Path) -> tuple[list[str], list[str], int]:
    con = store.connect(str(db))
    departments = store.department_names(con)
    targets = con.execute(
        "select distinct d.name from collaboration c join departments d on d.department_id = c.target_department_id"
        " order by d.name"
    ).fetchall()
    answers = con.execute("select count(*) from answers").fetchone()
    con.close()
    return departments, [row[0] for row in targets], answers[0] if answers else 0


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_a_mapping_saved_on_the_page_is_exported_and_imports_the_file(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.duckdb"
    signature = saved_on_the_page(db)
    out = tmp_path / f"lime{suffix}"
    assert 0 == cli.main(["--db", str(db), "mapping", "export", "--out", str(out)])
    assert f"Mapping {signature[:12]} (47 columns) written to {out}." == capsys.readouterr().out.strip()
    assert 0 == cli.main(
        ["--db", str(db), "import", str(LIME), "--wave", "Frühjahr 2026", "--mapping", str(out)]
    )
    canonical = read_upload((FORMATS / "canonical.csv").read_bytes(), "canonical.csv")
    departments = ["Geschäftsführung", "IT", "Marketing", "Personal", "Vertrieb"]
    assert (departments, departments[1:], len(canonical.answers)) == stored(db)


def test_the_mapped_file_gives_the_canonical_answers() -> None:
    mapped = read_upload(LIME.read_bytes(), LIME.name, column_mapping=page_mapping())
    canonical = read_upload((FORMATS / "canonical.csv").read_bytes(), "canonical.csv")
    assert [] == list(mapped.errors)
    for frame in ("answers", "collaboration", "comments", "scores"):
        expected = getattr(canonical, frame).assign(row=lambda f: f["row"] - 2)
        actual = getattr(mapped, frame).assign(row=lambda f: f["row"] - 2)
        assert expected.sort_values(list(expected.columns[:2])).to_dict("list") == actual.sort_values(
            list(actual.columns[:2])
        ).to_dict("list")


def test_mapping_show_lists_the_saved_mappings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.duckdb"
    signature = saved_on_the_page(db)
    assert 0 == cli.main(["--db", str(db), "mapping", "show", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert [(signature, None, page_mapping())] == [
        (entry["signature"], entry["department"], entry["columns"]) for entry in shown
    ]
    assert 0 == cli.main(["--db", str(db), "mapping", "show"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{signature[:12]}  the whole organisation  ")
    assert lines[0].endswith("  47 columns")
    assert "  COLLAB[MKT] = collab:Marketing" in lines


def test_mapping_show_and_export_name_and_pick_the_department_that_saved_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.duckdb"
    signature = saved_on_the_page(db, "Marketing")
    assert 0 == cli.main(["--db", str(db), "mapping", "show", "--json", "--department", " Marketing "])
    shown = json.loads(capsys.readouterr().out)
    assert [(signature, "Marketing")] == [(entry["signature"], entry["department"]) for entry in shown]
    assert 1 == cli.main(["--db", str(db), "mapping", "export", "--department", "Vertrieb"])
    assert (
        "No saved column mapping belongs to Vertrieb; `python -m smm_maturity mapping show` lists them with"
        " their departments."
    ) in capsys.readouterr().err
    out = tmp_path / "marketing.json"
    assert 0 == cli.main(
        ["--db", str(db), "mapping", "export", "--department", "Marketing", "--out", str(out)]
    )
    assert page_mapping() == json.loads(out.read_text(encoding="utf-8"))["columns"]


@pytest.mark.parametrize(
    ("content", "suffix", "words"),
    [
        ("[columns\n", ".toml", "cannot be read"),
        ('{"columns": {}}', ".json", "maps no column"),
        ('{"columns": {"G01Q01": 3}}', ".json", 'the column "G01Q01" is not mapped to a text'),
    ],
)
def test_a_bad_mapping_file_is_one_sentence_and_imports_nothing(
    tmp_path: Path, content: str, suffix: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.duckdb"
    mapping = tmp_path / f"m{suffix}"
    mapping.write_text(content, encoding="utf-8")
    assert 1 == cli.main(["--db", str(db), "import", str(LIME), "--wave", "W", "--mapping", str(mapping)])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err) and words in err[0] and "mapping file m" in err[0]
    assert ([], [], 0) == stored(db)


def test_without_a_saved_mapping_export_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert 1 == cli.main(["--db", str(tmp_path / "db.duckdb"), "mapping", "export"])
    assert "map the columns once on the upload page" in capsys.readouterr().err


def test_a_refused_export_prints_one_sentence_and_leaves_the_database_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.duckdb"
    name = FORMATS / "refused_limesurvey_answer_codes.csv"
    assert 1 == cli.main(["--db", str(db), "import", str(name), "--wave", "W"])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert 2 == len(errors) and '"Full answers"' in errors[0] and "was not imported" in errors[1]
    assert ([], [], 0) == stored(db)
