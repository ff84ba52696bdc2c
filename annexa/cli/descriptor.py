"""`annexa descriptor K N`: Ofsted's sample-size descriptor for k of n, e.g. while writing a letter.

Prints one line: `5 of 7: large majority (Ofsted: "Large majority", 65–79%)`. Exit 0, or 2 with a
message on stderr for anything that is not a count (the exit codes of annexa/cli/__init__.py).
"""

from __future__ import annotations

import argparse
import re
import sys

from annexa.rules.descriptor import BANDS, band

_WHOLE = re.compile(r"-?[0-9]+")  # ASCII digits only: int() would also take '٥' or ' 5 '


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "descriptor",
        help="Ofsted's sample-size descriptor for K of N cases",
        description="Print Ofsted's sample-size descriptor (Improvement support handbook, Annex "
        "B; docs/methodology/case-selection.md C9) for K "
        "cases out of N, using exact integer arithmetic: a proportion between the table's bands "
        "takes the lower band, and exactly half is flagged because Ofsted has no descriptor for "
        "it.",
    )
    # Taken as text and checked here, so bad input gets the same message and exit code (2) as
    # k > n, rather than argparse's generic "invalid int value".
    p.add_argument("k", metavar="K", help="cases with the feature (0 to N)")
    p.add_argument("n", metavar="N", help="cases seen")
    p.set_defaults(func=run_descriptor)


def format_line(k: int, n: int) -> str:
    """The command's output line for k of n (validated by `band`)."""
    b = band(k, n)
    if b is None:
        return f"{k} of {n}: no descriptor (no cases)"
    if b.ofsted is None:
        below = next(x for x in BANDS if x.short == "minority")
        above = next(x for x in BANDS if x.short == "majority")
        return (
            f"{k} of {n}: {b.short} (Ofsted has no descriptor for exactly half: it falls between "
            f'"{below.ofsted}", {below.table_range}, and "{above.ofsted}", {above.table_range})'
        )
    return f'{k} of {n}: {b.short} (Ofsted: "{b.ofsted}", {b.table_range})'


def run_descriptor(args: argparse.Namespace) -> int:
    texts = {"K": args.k.strip(), "N": args.n.strip()}
    for name, text in texts.items():
        if not _WHOLE.fullmatch(text):
            message = f"annexa descriptor: {name} must be a whole number, got '{text}'"
            print(message, file=sys.stderr)
            return 2
    try:
        line = format_line(int(texts["K"]), int(texts["N"]))
    except ValueError as exc:
        print(f"annexa descriptor: {exc}", file=sys.stderr)
        return 2
    print(line)
    return 0
