"""The demo: three fictional LAs of different sizes in one fictional region, each a synthetic
Annex A loaded as an analyst would load a real one (docs/methodology, "Demo data"). One home for
the demo's LAs and date, used by `annexa demo` and the Upload page's "Load demo data"."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from ingest.load import IngestReport, ingest_or_report_duplicate

REGION = "Fictional Region"
AS_AT = dt.date(2026, 10, 30)
LAS = [
    # code, name, synthetic size, seed
    ("X01", "Northmoor", "small", 101),
    ("X02", "Eastbrook", "medium", 202),
    ("X03", "Westvale", "large", 303),
]


def build(db, *, sizes: list[str] | None = None,
          before: Callable[[int, str, str, str], None] | None = None,
          progress=None,
          after: Callable[[int, str, IngestReport], None] | None = None,
          ) -> list[tuple[str, IngestReport]]:
    """Generate and load each demo LA's workbook (sizes override the default sizes in order);
    `before(index, code, name, size)` is called as each starts and `after(index, name, report)`
    as each is loaded, so a caller can show progress as it goes. Returns (name, report)."""
    from annexa import synth

    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (code, name, size, seed) in enumerate(LAS):
            size = (sizes[i] if sizes and i < len(sizes) and sizes[i] else size)
            if before is not None:
                before(i, code, name, size)
            path = Path(tmp) / f"annex_a_{name.lower()}.xlsx"
            synth.write_workbook(path, size=size, seed=seed, la_code=code, as_at=AS_AT,
                                 la_name=name)
            extra = {"progress": progress} if progress is not None else {}
            reports.append((name, ingest_or_report_duplicate(
                [path], code, la_name=name, region=REGION, as_at=AS_AT, db=db, **extra)))
            if after is not None:
                after(i, name, reports[-1][1])
    return reports
