"""`annexa synth`: write a synthetic Annex A workbook (and optionally CSVs and a manifest).

The same arguments always give byte-identical files, so a benchmark or a demo can be rebuilt and
the ingest will recognise it as already loaded.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from annexa.cli import argtypes
from annexa.synth import DEFAULT_AS_AT, SIBLING_LAYOUTS, generate, save_csv_folder, save_xlsx
from annexa.synth.common import SIZES

_date = argtypes.iso_date


def _messiness(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 0.5:
        raise argparse.ArgumentTypeError(f"'{text}' is not a share of rows between 0 and 0.5")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "synth", help="write a synthetic Annex A workbook (fictional data, same seed = same file)",
        description="Generate a synthetic Annex A for a fictional LA in the official 2019 layout, "
        "with coherent journeys across lists 1-11, the sibling, 2.02 and audit sheets, and "
        "realistic mess: valid variants the ingest must accept and planted problems it must "
        "report (listed in the manifest).")
    p.add_argument("--size", required=True, choices=list(SIZES),
                   help="about 2,000 / 15,000 / 100,000 rows over lists 1-11")
    p.add_argument("--seed", required=True, type=int, metavar="N")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    p.add_argument("--la", default="X01", metavar="CODE", help="LA code used in child IDs "
                   "(default X01)")
    p.add_argument("--as-at", type=_date, default=DEFAULT_AS_AT, metavar="YYYY-MM-DD",
                   help=f"the data's as-at date (default {DEFAULT_AS_AT.isoformat()})")
    p.add_argument("--messiness", type=_messiness, default=0.01, metavar="F",
                   help="share of rows with a variant or a planted problem (default 0.01; 0 = "
                   "clean)")
    p.add_argument("--sibling-layout", choices=SIBLING_LAYOUTS, default="column",
                   help="sibling counts as an extra list 8 column or a separate sheet")
    p.add_argument("--manifest", type=Path, metavar="FILE.json",
                   help="write the planted problems and row counts as JSON")
    p.add_argument("--csv-dir", type=Path, metavar="DIR",
                   help="also write one CSV per list here; with --manifest, their manifest "
                   "(rows as CSV lines) goes beside it as FILE.csv.json")
    p.set_defaults(func=run_synth)


def run_synth(args: argparse.Namespace) -> int:
    model = generate(args.size, args.seed, args.la, args.as_at, messiness=args.messiness,
                     sibling_layout=args.sibling_layout)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_xlsx(model, args.out)
    manifest = model.manifest
    if args.manifest:
        args.manifest.parent.mkdir(parents=True, exist_ok=True)
        args.manifest.write_text(manifest.to_json(), encoding="utf-8")
    if args.csv_dir:
        csv_manifest = save_csv_folder(model, args.csv_dir)
        if args.manifest:
            args.manifest.with_suffix(".csv.json").write_text(csv_manifest.to_json(),
                                                              encoding="utf-8")
    print(f"Wrote {args.out}: {manifest.total_rows:,} rows in lists 1-11, "
          f"{manifest.children:,} children, {len(manifest.problems):,} planted problems "
          f"(LA {args.la}, as at {args.as_at.isoformat()}, seed {args.seed}).")
    return 0
