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

# Each verb and the module that registers it, in the order `annexa --help` lists them. A command
# imports only its own verb's module (issue 14: importing every verb's dependencies, pandas among
# them, cost `annexa ingest` 0.4 s and 70 MB before it started); `annexa --help`, or a verb not
# listed, imports them all. tests/test_ingest_speed_invariants.py checks this table against what
# each module registers.
VERBS = {
    "ingest": "annexa.cli.ingest",
    "demo": "annexa.cli.ingest",
    "timeline": "annexa.cli.timeline",
    "import-judgements": "annexa.cli.cycles",
    "cycles": "annexa.cli.cycles",
    "cycle-event": "annexa.cli.cycles",
    "cycle-events-import": "annexa.cli.cycles",
    "descriptor": "annexa.cli.descriptor",
    "sample": "annexa.cli.sample",
    "briefing": "annexa.cli.briefing",
    "synth": "annexa.cli.synth",
    "purge": "annexa.cli.purge",
    "retention": "annexa.cli.purge",
    "users": "annexa.cli.users",
    "mappings": "annexa.cli.mappings",
    "reference": "annexa.cli.reference",
}
COMMAND_MODULES = list(dict.fromkeys(VERBS.values()))


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line; given the arguments, with only the named verb's module imported."""
    parser = argparse.ArgumentParser(
        prog="annexa",
        description="Load Ofsted Annex A workbooks into DuckDB and analyse them before a visit.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    verb = next((a for a in argv or [] if not a.startswith("-")), None)
    for name in [VERBS[verb]] if verb in VERBS else COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(argv).parse_args(argv)
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
