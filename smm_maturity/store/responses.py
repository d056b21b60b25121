"""Every write of answers: an import's batch as one upload, its undo, and one questionnaire filled in online."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from smm_maturity import audit, config
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.store.catalogue import ensure_departments, ensure_wave, installation_key
from smm_maturity.store.connection import one_row, one_value, transaction
from smm_maturity.store.errors import ImportRejected, StoreError
from smm_maturity.store.publication import release
from smm_maturity.store.schema import RESPONDENT_KEY, RESPONDENT_SCORES_FILL

if TYPE_CHECKING:
    from smm_maturity.ingest import ImportBatch


@dataclass(frozen=True)
class Upload:
    upload_id: int
    wave: str
    department: str | None
    file_name: str
    sha256: str
    source_format: str
    row_count: int
    created_at: datetime
    waiting: int = 0
    """How many of its responses still wait for a publication."""


def find_upload(con: duckdb.DuckDBPyConnection, sha256: str) -> Upload | None:
    """The earlier upload with this content hash, if any."""
    row = con.cursor().execute(UPLOADS_SQL + " where u.sha256 = ?", [sha256]).fetchone()
    return Upload(*row) if row else None


UPLOADS_SQL = (
    "select u.upload_id, w.name, d.name, u.file_name, u.sha256, u.source_format, u.row_count, u.created_at,"
    " (select count(*) from responses r where r.upload_id = u.upload_id and r.publication_id is null)"
    " from uploads u join waves w using (wave_id) left join departments d using (department_id)"
)
"""Every upload as the fields of `Upload`."""


def uploads(con: duckdb.DuckDBPyConnection) -> list[Upload]:
    """Every upload, newest first."""
    rows = con.cursor().execute(UPLOADS_SQL + " order by u.upload_id desc").fetchall()
    return [Upload(*row) for row in rows]


def _reserve_response_ids(cur: duckdb.DuckDBPyConnection, count: int) -> list[int]:
    rows = cur.execute("select nextval('response_ids') from range(?)", [count]).fetchall()
    return [row[0] for row in rows]


def store_batch(
    con: duckdb.DuckDBPyConnection,
    batch: ImportBatch,
    wave: str,
    department: str | None = None,
    instrument: Instrument | None = None,
    actor: audit.Actor = audit.COMMAND_LINE,
) -> Upload:
    """Store a validated batch as one upload, all or nothing, with its entry in the audit trail; raise
    ImportRejected when it cannot be stored."""
    instrument = instrument or load_instrument()
    if batch.errors:
        raise ImportRejected(
            "store.batch_has_errors",
            file=batch.file_name,
            count=len(batch.errors),
            first=partial(batch.errors[0].describe, file_name=batch.file_name),
        )
    if batch.responses.empty:
        raise ImportRejected("store.batch_empty", file=batch.file_name)
    earlier = find_upload(con, batch.sha256)
    if earlier is not None:
        raise _duplicate(batch.file_name, earlier)
    responses = batch.responses.copy()
    responses["department"] = (
        responses["department"].fillna(department) if department else responses["department"]
    )
    if responses["department"].isna().any():
        first_row = int(responses.loc[responses["department"].isna(), "row"].iloc[0])
        raise ImportRejected("store.no_department", file=batch.file_name, row=first_row)
    try:
        with transaction(con) as cur:
            upload = _insert_batch(cur, batch, responses, wave, department, instrument)
            audit.record(cur, actor, "import", _described(upload))
            return upload
    except duckdb.ConstraintException as error:
        if "sha256" in str(error):
            raise _duplicate(batch.file_name, find_upload(con, batch.sha256)) from None
        raise ImportRejected("store.not_stored", file=batch.file_name, reason=str(error)) from None
    except duckdb.TransactionException as error:
        raise ImportRejected("store.concurrent_change", file=batch.file_name, reason=str(error)) from None


def _duplicate(file_name: str, earlier: Upload | None) -> ImportRejected:
    if earlier is None:
        return ImportRejected("store.already_uploaded", file=file_name)
    return ImportRejected(
        "store.duplicate",
        file=file_name,
        id=earlier.upload_id,
        earlier=earlier.file_name,
        wave=earlier.wave,
        at=earlier.created_at,
    )


def _insert_batch(
    cur: duckdb.DuckDBPyConnection,
    batch: ImportBatch,
    responses: pd.DataFrame,
    wave: str,
    department: str | None,
    instrument: Instrument,
) -> Upload:
    key = installation_key(cur)
    wave_id = ensure_wave(cur, wave)
    named = (
        list(responses["department"].unique())
        + list(batch.collaboration["target_department"].unique())
        + ([department] if department else [])
    )
    status, kind = one_row(cur, "select status, kind from waves where wave_id = ?", [wave_id])
    if kind == "survey":
        _refuse_outside_survey(
            cur, batch.file_name, wave, wave_id, status, list(responses["department"].unique())
        )
    department_ids = ensure_departments(cur, named)
    upload_department_id = department_ids[department] if department else None
    if upload_department_id is None and responses["department"].nunique() == 1:
        upload_department_id = department_ids[responses["department"].iloc[0]]
    upload_id = one_value(
        cur,
        "insert into uploads (wave_id, department_id, file_name, sha256, source_format, row_count,"
        " instrument_version) values (?, ?, ?, ?, ?, ?, ?) returning upload_id",
        [
            wave_id,
            upload_department_id,
            batch.file_name,
            batch.sha256,
            batch.format_name,
            len(responses),
            instrument.version,
        ],
    )
    rows = responses["row"].to_numpy(dtype=np.int64)
    new_ids = cur.execute("select nextval('response_ids') as response_id from range(?)", [len(rows)])
    response_ids = np.asarray(new_ids.fetchnumpy()["response_id"])
    id_at_row = np.zeros(int(rows.max()) + 1, dtype=np.int64)
    id_at_row[rows] = response_ids

    def ids_of(frame: pd.DataFrame) -> np.ndarray:
        return id_at_row[frame["row"].to_numpy(dtype=np.int64)]

    new_responses = pa.table(
        {
            "response_id": response_ids,
            "wave_id": np.full(len(rows), wave_id, dtype=np.int32),
            "department_id": _ids(responses["department"], department_ids),
            "upload_id": np.full(len(rows), upload_id, dtype=np.int32),
            "respondent_key": _strings(responses["respondent_key"]),
            "submitted_at": pa.array(
                pd.to_datetime(responses["submitted_at"]).to_numpy(), pa.timestamp("us")
            ),
            "instrument_version": pa.array([instrument.version] * len(rows), pa.string()),
            "publication_id": pa.nulls(len(rows), pa.int32()),
        }
    )
    new_answers = pa.table(
        {
            "response_id": ids_of(batch.answers),
            "item_code": _strings(batch.answers["item_code"]),
            "value": batch.answers["value"].to_numpy(dtype=np.uint8),
        }
    )
    new_scores = pa.table(
        {
            "response_id": ids_of(batch.scores),
            "dimension": pa.array(batch.scores["dimension"]),
            "score": batch.scores["score"].to_numpy(dtype=np.float64),
        }
    )
    new_collaboration = pa.table(
        {
            "response_id": ids_of(batch.collaboration),
            "target_department_id": _ids(batch.collaboration["target_department"], department_ids),
            "rating": batch.collaboration["rating"].to_numpy(dtype=np.uint8),
        }
    )
    new_comments = pa.table(
        {"response_id": ids_of(batch.comments), "comment": _strings(batch.comments["comment"])}
    )
    _insert_frame(cur, "responses", new_responses, RESPONSE_COLUMNS, [key])
    _refuse_known_respondents(cur, batch, responses, response_ids, wave_id, upload_id)
    _insert_frame(cur, "answers", new_answers)
    _insert_frame(cur, "respondent_scores", new_scores)
    _insert_frame(cur, "collaboration", new_collaboration)
    _insert_frame(cur, "comments", new_comments)
    if kind == "import":
        release(cur, wave_id, config.min_group_size(), "import")
    return Upload(*one_row(cur, UPLOADS_SQL + " where u.upload_id = ?", [upload_id]))


def _refuse_outside_survey(
    cur: duckdb.DuckDBPyConnection,
    file_name: str,
    wave: str,
    wave_id: int,
    status: str,
    departments: list[str],
) -> None:
    """A survey wave takes files only while it is open, and only for its own departments."""
    if status != "open":
        raise ImportRejected("store.wave_not_open", file=file_name, wave=wave)
    members = {
        row[0]
        for row in cur.execute(
            "select d.name from wave_departments join departments d using (department_id) where wave_id = ?",
            [wave_id],
        ).fetchall()
    }
    outside = sorted(set(departments) - members)
    if outside:
        raise ImportRejected(
            "store.department_not_in_wave", file=file_name, wave=wave, departments=", ".join(outside)
        )


def _refuse_known_respondents(
    cur: duckdb.DuckDBPyConnection,
    batch: ImportBatch,
    responses: pd.DataFrame,
    response_ids: np.ndarray,
    wave_id: int,
    upload_id: int,
) -> None:
    """Refuse the upload when one of its respondent ids is already stored in the wave.

    It compares the keyed hashes just stored with the wave's earlier ones, so each id is hashed only once; a
    wave without earlier ids (its first upload) needs no comparison.
    """
    earlier = "select 1 from responses where wave_id = ? and upload_id is distinct from ? and respondent_key is not null"
    if cur.execute(earlier + " limit 1", [wave_id, upload_id]).fetchone() is None:
        return
    clashing = cur.execute(
        "select distinct n.response_id from responses n join responses o on o.respondent_key = n.respondent_key"
        " and o.wave_id = n.wave_id and o.upload_id is distinct from n.upload_id"
        " where n.upload_id = ? and o.wave_id = ?",
        [upload_id, wave_id],
    ).fetchnumpy()["response_id"]
    if len(clashing) == 0:
        return
    positions = np.flatnonzero(np.isin(response_ids, clashing))
    rows, keys = responses["row"].to_numpy()[positions], responses["respondent_key"].to_numpy()[positions]
    clashes = list(zip(rows.tolist(), keys.tolist(), strict=True))
    raise ImportRejected(
        "store.known_respondents",
        file=batch.file_name,
        count=len(clashes),
        wave=one_value(cur, "select name from waves where wave_id = ?", [wave_id]),
        rows=", ".join(f"{row} ({key})" for row, key in clashes[:10]) + (" …" if len(clashes) > 10 else ""),
    )


def _strings(values: pd.Series) -> pa.Array:
    """A text column as an Arrow string array (missing values as null), without a round trip through Python;
    a dictionary column stays one, which DuckDB stores as text."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pa.array(values)
    return pa.array(values.astype("string[pyarrow]").array, pa.large_string())


def _ids(names: pd.Series, ids: dict[str, int]) -> np.ndarray:
    """The id of each name, translated once per distinct name (a dictionary column's own names)."""
    if isinstance(names.dtype, pd.CategoricalDtype):
        codes, uniques = names.cat.codes.to_numpy(), names.cat.categories
    else:
        codes, uniques = pd.factorize(names.astype("string[pyarrow]"))
    return np.array([ids.get(name, 0) for name in uniques], dtype=np.int32)[codes]


RESPONSE_COLUMNS = (
    "response_id, wave_id, department_id, upload_id, "
    + RESPONDENT_KEY.format(id="respondent_key")
    + ", submitted_at, instrument_version, publication_id"
)
"""The columns of new responses as they are stored: the respondent id keyed and hashed."""


def _insert_frame(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    frame: pd.DataFrame | pa.Table,
    columns: str = "*",
    parameters: list[object] | None = None,
) -> None:
    """Append a frame or Arrow table to a table in bulk through a registered view."""
    cur.register("incoming_rows", frame)
    cur.execute(f"insert into {table} select {columns} from incoming_rows", parameters)
    cur.unregister("incoming_rows")


def _described(upload: Upload) -> str:
    """An upload as the audit trail names it: number, file, responses, department and wave."""
    where = upload.department or "several departments"
    return f"#{upload.upload_id} {upload.file_name}: {upload.row_count} responses, {where}, {upload.wave}"


def undo_upload(
    con: duckdb.DuckDBPyConnection, upload_id: int, actor: audit.Actor = audit.COMMAND_LINE
) -> Upload:
    """Delete an upload and everything it stored, in one transaction with its entry in the audit trail.

    Taking published answers out is a publication too: it is refused when a department would lose fewer than
    k published respondents, or keep fewer than k, since comparing its figures before and after would show
    the answers taken out. Answers that still wait for a publication can always be taken out.
    """
    with transaction(con) as cur:
        found = [upload for upload in uploads(cur) if upload.upload_id == upload_id]
        if not found:
            raise StoreError("store.no_such_upload", id=upload_id)
        _refuse_revealing_undo(cur, found[0], config.min_group_size())
        for table in ("answers", "respondent_scores", "collaboration", "comments"):
            cur.execute(
                f"delete from {table} where response_id in (select response_id from responses where upload_id = ?)",
                [upload_id],
            )
        cur.execute("delete from responses where upload_id = ?", [upload_id])
        cur.execute("delete from uploads where upload_id = ?", [upload_id])
        _drop_empty_publications(cur)
        audit.record(cur, actor, "undo", _described(found[0]))
    return found[0]


def _refuse_revealing_undo(cur: duckdb.DuckDBPyConnection, upload: Upload, k: int) -> None:
    """Refuse to take an upload's published answers out where a department would lose or keep 1 to k-1."""
    changes = cur.execute(
        "select d.name, count(*) filter (where r.upload_id = ?), count(*) filter (where r.upload_id is distinct"
        " from ?) from responses r join departments d using (department_id) where r.publication_id is not null"
        " and r.wave_id = (select wave_id from uploads where upload_id = ?) group by d.name order by d.name",
        [upload.upload_id, upload.upload_id, upload.upload_id],
    ).fetchall()
    revealing = [name for name, lost, kept in changes if 0 < lost < k or (lost and 0 < kept < k)]
    if revealing:
        raise StoreError(
            "store.undo_would_reveal",
            id=upload.upload_id,
            file=upload.file_name,
            departments=", ".join(revealing),
            k=k,
        )


def insert_online_response(
    cur: duckdb.DuckDBPyConnection,
    wave_id: int,
    department_id: int,
    answers: dict[str, int],
    collaboration: dict[str, int],
    comment: str,
    instrument: Instrument,
) -> None:
    """Store one questionnaire filled in online, pending publication, inside the caller's transaction.

    It carries no name, no code and only the day it was given, so nothing pairs it with an invitation.
    """
    unknown = set(answers) - set(instrument.item_codes)
    if unknown:
        raise StoreError("store.unknown_items", codes=", ".join(sorted(unknown)))
    if any(not 1 <= value <= 5 for value in [*answers.values(), *collaboration.values()]):
        raise StoreError("store.answer_out_of_range")
    known = dict(
        cur.execute(
            "select name, department_id from departments where list_contains(?, name)",
            [sorted(collaboration)],
        ).fetchall()
    )
    if set(collaboration) - set(known):
        raise StoreError(
            "store.unknown_departments", names=", ".join(sorted(set(collaboration) - set(known)))
        )
    response_id = _reserve_response_ids(cur, 1)[0]
    cur.execute(
        "insert into responses values (?, ?, ?, null, null, current_date, ?, null)",
        [response_id, wave_id, department_id, instrument.version],
    )
    for code, value in answers.items():
        cur.execute("insert into answers values (?, ?, ?)", [response_id, code, value])
    cur.execute(RESPONDENT_SCORES_FILL, {"first": response_id, "last": response_id})
    for target, rating in collaboration.items():
        cur.execute("insert into collaboration values (?, ?, ?)", [response_id, known[target], rating])
    if comment.strip():
        cur.execute("insert into comments values (?, ?)", [response_id, comment.strip()])


@dataclass(frozen=True)
class OnlineBatch:
    """The online responses of one wave and department that one publication released (or that are pending)."""

    wave: str
    department: str
    publication_id: int | None
    responses: int


def online_batches(con: duckdb.DuckDBPyConnection) -> list[OnlineBatch]:
    """Online responses grouped by wave, department and publication, pending ones (None) first."""
    rows = (
        con.cursor()
        .execute(
            "select w.name, d.name, r.publication_id, count(*) from responses r join waves w using (wave_id)"
            " join departments d on d.department_id = r.department_id where r.upload_id is null"
            " group by all order by w.name, d.name, r.publication_id nulls first"
        )
        .fetchall()
    )
    return [OnlineBatch(*row) for row in rows]


def remove_online_batch(
    con: duckdb.DuckDBPyConnection, batch: OnlineBatch, actor: audit.Actor = audit.COMMAND_LINE
) -> int:
    """Delete the online responses of one batch and everything they stored, in the audit trail; return how many went."""
    with transaction(con) as cur:
        selection = (
            "select r.response_id from responses r join waves w using (wave_id)"
            " join departments d on d.department_id = r.department_id"
            " where r.upload_id is null and w.name = ? and d.name = ? and r.publication_id is not distinct from ?"
        )
        params = [batch.wave, batch.department, batch.publication_id]
        ids = [row[0] for row in cur.execute(selection, params).fetchall()]
        if not ids:
            raise StoreError("store.no_such_batch", wave=batch.wave, department=batch.department)
        for table in ("answers", "respondent_scores", "collaboration", "comments", "responses"):
            cur.execute(f"delete from {table} where list_contains(?, response_id)", [ids])
        publication = "pending" if batch.publication_id is None else f"publication {batch.publication_id}"
        audit.record(
            cur, actor, "remove_online", f"{len(ids)} of {batch.department} in {batch.wave} ({publication})"
        )
        _drop_empty_publications(cur)
    return len(ids)


def _drop_empty_publications(cur: duckdb.DuckDBPyConnection) -> None:
    """Forget publications whose responses were all removed; the audit trail keeps that they happened."""
    cur.execute(
        "delete from publications where publication_id not in"
        " (select publication_id from responses where publication_id is not null)"
    )
