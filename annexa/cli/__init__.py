"""The `annexa` command line (also `python -m annexa`).

Each verb lives in its own module with `register(subparsers)`; this file only assembles them.
Exit codes: 0 done (a load with data-quality problems is done: they are in its report), 1 not
confirmed at a prompt (purge), 2 nothing usable (bad input),
3 stopped by an unexpected error (reported without its message, see annexa/security/log_privacy.py).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from annexa.security import log_privacy

# Verb modules, in the order `annexa --help` lists them.
COMMAND_MODULES = [
    "annexa.cli.ingest",
    "annexa.cli.timeline",
    "annexa.cli.cycles",
    "annexa.cli.descriptor",
    "annexa.cli.sample",
    "annexa.cli.briefing",
    "annexa.cli.synth",
    "annexa.cli.purge",
    "annexa.cli.users",
    "annexa.cli.mappings",
    "annexa.cli.reference",
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
    log_privacy.install()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("Interrupted: the database was left as it was before this command.", file=sys.stderr)
        return 130
    except Exception as exc:
        # Its message may quote a cell (DuckDB's do): say what failed and where, not what it said.
        print(f"annexa {args.command}: stopped by an unexpected {type(exc).__name__}. A write "
              "it had not finished was discarded: the database holds only completed writes.\n"
              "Where it happened (messages are withheld: they may quote child-level data):",
              file=sys.stderr)
        sys.stderr.write(log_privacy.redacted_traceback(exc))
        return 3


if __name__ == "__main__":
    sys.exit(main())
