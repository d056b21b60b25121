"""Databases as schema version 1 left them: every stored response published, small departments included."""

from __future__ import annotations

import duckdb


def publish_everything(con: duckdb.DuckDBPyConnection) -> None:
    """Publish every pending response at once, one publication per wave, as the migration to publication did.

    Databases from before publication hold departments with fewer than k published respondents, which a
    publication never releases today; the disclosure layer must still protect them, so the tests that check
    it build such organisations this way.
    """
    con.execute(
        "insert into publications (wave_id, kind) select distinct wave_id, 'import' from responses"
        " where publication_id is null order by wave_id"
    )
    con.execute(
        "update responses set publication_id = p.publication_id from"
        " (select wave_id, max(publication_id) as publication_id from publications group by wave_id) p"
        " where p.wave_id = responses.wave_id and responses.publication_id is null"
    )
