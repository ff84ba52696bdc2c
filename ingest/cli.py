"""The `annexa` command line (also `python -m ingest`).

Each verb lives in its own module with `register(subparsers)`; this file only assembles them.
Exit codes: 0 done, 1 done with data-quality errors reported, 2 nothing usable (bad input).
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Verb modules, in the order `annexa --help` lists them.
COMMAND_MODULES = [
    "ingest.cmd_ingest",
    "ingest.cmd_timeline",
    "ingest.cmd_cycles",
    "ingest.cmd_descriptor",
    "ingest.cmd_sample",
    "ingest.cmd_synth",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annexa",
        description="Load Ofsted Annex A workbooks into DuckDB and analyse them before a visit.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("Interrupted: the database was left as it was before this command.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
