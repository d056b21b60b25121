"""The DuckDB store: the schema (one constant, versioned), connecting, every read and write of raw data, and
the revision counter that every write moves on.

One module per concern: `schema` (the versioned schema, its migrations and the tables), `errors`,
`connection` (connect, transactions, snapshots, the revision), `catalogue` (waves, departments, headcounts,
settings), `responses` (imports as uploads, undo, online responses) and `publication` (what readers may see).
"""

from smm_maturity.store.catalogue import (
    Wave,
    all_wave_names,
    department_names,
    ensure_departments,
    ensure_wave,
    get_setting,
    headcounts,
    installation_key,
    is_empty,
    set_headcount,
    set_setting,
    set_wave_interpretation,
    wave_interpretation,
    waves,
)
from smm_maturity.store.connection import (
    DEFAULT_DB_PATH,
    connect,
    default_db_path,
    one_value,
    revision,
    snapshot,
    table_counts,
    transaction,
)
from smm_maturity.store.errors import DatabaseBusy, ImportRejected, StoreError
from smm_maturity.store.publication import Release
from smm_maturity.store.responses import (
    OnlineBatch,
    Upload,
    find_upload,
    online_batches,
    remove_online_batch,
    store_batch,
    undo_upload,
    uploads,
)
from smm_maturity.store.schema import (
    EVERY_RESPONSE,
    INSTALLATION_KEY,
    RESPONDENT_SCORES_FILL,
    SCHEMA_VERSION,
    TABLES,
    migrate,
)

__all__ = [
    "DEFAULT_DB_PATH",
    "EVERY_RESPONSE",
    "INSTALLATION_KEY",
    "RESPONDENT_SCORES_FILL",
    "SCHEMA_VERSION",
    "TABLES",
    "DatabaseBusy",
    "ImportRejected",
    "OnlineBatch",
    "Release",
    "StoreError",
    "Upload",
    "Wave",
    "all_wave_names",
    "connect",
    "default_db_path",
    "department_names",
    "ensure_departments",
    "ensure_wave",
    "find_upload",
    "get_setting",
    "headcounts",
    "installation_key",
    "is_empty",
    "migrate",
    "one_value",
    "online_batches",
    "remove_online_batch",
    "revision",
    "set_headcount",
    "set_setting",
    "set_wave_interpretation",
    "snapshot",
    "store_batch",
    "table_counts",
    "transaction",
    "undo_upload",
    "uploads",
    "wave_interpretation",
    "waves",
]
