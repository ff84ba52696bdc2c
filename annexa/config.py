"""Settings read from the environment, each with one home.

The reference folder holds public LA-level files (Ofsted's judgements, the LA lookup, and under
`dfe/` the published statistics): it is kept outside the repository, because none of it may be
committed, and found in this order: a command's `--reference-dir`, then $ANNEXA_REFERENCE_DIR,
then `../shared/reference` beside the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository: annexa/ is one below
REFERENCE_ENV = "ANNEXA_REFERENCE_DIR"
DEFAULT_REFERENCE_DIR = ROOT.parent / "shared" / "reference"


def reference_dir(override: str | os.PathLike | None = None) -> Path:
    """--reference-dir, else $ANNEXA_REFERENCE_DIR, else ../shared/reference."""
    chosen = override or os.environ.get(REFERENCE_ENV) or DEFAULT_REFERENCE_DIR
    # absolute(), not resolve(): a reference folder that is a link stays the path it was given.
    return Path(chosen).expanduser().absolute()
