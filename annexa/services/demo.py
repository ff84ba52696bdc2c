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


def import_public_data(db) -> list[str]:
    """Ofsted's published judgements and the published statistics, loaded with the demo when the
    reference folder has them, so the regional pages and national comparisons show at once.
    Returns what was done, in words; without the files the pages work without them."""
    return [*import_public_judgements(db), *import_published_statistics(db)]


def import_public_judgements(db) -> list[str]:
    from annexa.services import judgements

    try:
        result = judgements.import_reference(db)
    except (FileNotFoundError, ValueError) as exc:
        return [f"Public ILACS judgements not imported ({exc}); run `annexa import-judgements` "
                "with --judgements and --lookup to add them."]
    return [f"Imported {result.judgements} public ILACS judgements and {result.las} LAs."]


def import_published_statistics(db) -> list[str]:
    from annexa.services import reference

    try:
        result = reference.import_reference_data(db)
    except FileNotFoundError as exc:
        return [f"Published statistics not imported ({exc}); the pages work without "
                "comparisons. Add the files and run `annexa reference import`."]
    problems = [f for f in result.files if f.status != "loaded"]
    return [f"Imported published statistics from {len(result.loaded)} of {len(result.files)} "
            f"files in {result.folder}"
            + (f"; not read: {', '.join(f.name or f.family for f in problems)} (see `annexa "
               "reference status`)" if problems else "") + "."]
