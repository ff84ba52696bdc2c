"""Every setting the product reads from the environment, and every default a user can change, in
one place. The CLI's options and the dashboard's sidebar start from these; nothing else reads
`os.environ`.

Environment variables (each beaten by the matching command-line option where there is one):

- `ANNEXA_DB`: the database file (`--db`); default `data/annexa.duckdb` in the repository.
- `ANNEXA_USERS`: the users file that turns access control on (`--users`); default `users.toml`
  beside the database.
- `ANNEXA_RETENTION_MONTHS`: months a submission is kept (beats the database's own setting);
  default 12.
- `ANNEXA_REFERENCE_DIR`: the folder of public reference files (`--reference-dir`); default
  `../shared/reference`.

The reference folder holds public LA-level files (Ofsted's judgements, the LA lookup, and under
`dfe/` the published statistics): it is kept outside the repository, because none of it may be
committed.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository: annexa/ is one below

# ------------------------------------------------------------------------------- the database
DB_ENV = "ANNEXA_DB"
DEFAULT_DB = ROOT / "data" / "annexa.duckdb"


def db_path(override: str | os.PathLike | None = None) -> Path:
    """--db option, else $ANNEXA_DB, else data/annexa.duckdb."""
    chosen = override or os.environ.get(DB_ENV) or DEFAULT_DB
    return Path(chosen).expanduser().resolve()


# ------------------------------------------------------------------------------ access control
USERS_ENV = "ANNEXA_USERS"
USERS_FILE_NAME = "users.toml"


def users_env() -> str | None:
    """$ANNEXA_USERS, when set to anything but blanks: it turns access control on even when the
    file it names is missing (docs/methodology/privacy.md)."""
    return os.environ.get(USERS_ENV) or None


def users_path(override: str | os.PathLike | None = None) -> Path:
    """--users option, else $ANNEXA_USERS, else users.toml beside the database."""
    chosen = override or users_env()
    if chosen:
        return Path(chosen).expanduser().resolve()
    return db_path().parent / USERS_FILE_NAME


# -------------------------------------------------------------------------------- retention
RETENTION_ENV = "ANNEXA_RETENTION_MONTHS"
DEFAULT_RETENTION_MONTHS = 12
MAX_RETENTION_MONTHS = 600


def retention_env() -> str | None:
    """$ANNEXA_RETENTION_MONTHS as written (annexa/services/purge.py checks it)."""
    return os.environ.get(RETENTION_ENV)


# --------------------------------------------------------------------------- reference files
REFERENCE_ENV = "ANNEXA_REFERENCE_DIR"
DEFAULT_REFERENCE_DIR = ROOT.parent / "shared" / "reference"


def reference_dir(override: str | os.PathLike | None = None) -> Path:
    """--reference-dir, else $ANNEXA_REFERENCE_DIR, else ../shared/reference."""
    chosen = override or os.environ.get(REFERENCE_ENV) or DEFAULT_REFERENCE_DIR
    # absolute(), not resolve(): a reference folder that is a link stays the path it was given.
    return Path(chosen).expanduser().absolute()


# ------------------------------------------------------------------------------ build cache
CACHE_ENV = "ANNEXA_CACHE_DIR"


def cache_dir() -> Path:
    """Where an empty database built for this version of the code is kept, to be copied for each
    new database: $ANNEXA_CACHE_DIR, else $XDG_CACHE_HOME/annexa, else ~/.cache/annexa. It holds no
    child data (annexa/store/warehouse.py `_empty_template`)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser().absolute()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser().absolute() / "annexa"


# -------------------------------------------------------------------- analysis defaults
# The framework edition whose list windows apply (docs/methodology/windows.md W3), and the
# others a user may choose.
DEFAULT_EDITION = "ilacs-2018"
EDITIONS = (DEFAULT_EDITION, "template-2019")
# Months before the reference date in which a child's activity puts them in the sampling pool
# (docs/methodology/case-selection.md C1).
DEFAULT_SAMPLING_MONTHS = 3
# Brothers and sisters that make a large sibling group: 2 or more is a group of 3 or more
# (docs/methodology/case-selection.md C2).
DEFAULT_SIBLING_THRESHOLD = 2
