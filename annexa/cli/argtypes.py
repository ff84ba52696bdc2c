"""Argument types shared by the verbs: each refuses a bad value with the same words everywhere."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from annexa import config

DB_HELP = f"database (default ${config.DB_ENV} or data/annexa.duckdb)"


def add_db_option(parser: argparse.ArgumentParser, *, described: bool = True) -> None:
    """--db PATH, the database every verb that reads or writes one takes."""
    parser.add_argument("--db", metavar="PATH", help=DB_HELP if described else None)


LOAD_FIRST = ("load an LA's Annex A with `annexa ingest FILE --la CODE` (or build the demo with "
              "`annexa demo`) first")


def no_database(verb: str, db: str | None, what_to_do: str = LOAD_FIRST) -> int | None:
    """Exit code 2, said on stderr, when the database a verb reads does not exist (it is never
    created by a verb that only reads or deletes); None when it does."""
    live = config.db_path(db)
    if live.exists():
        return None
    print(f"annexa {verb}: there is no database at {live}: {what_to_do}", file=sys.stderr)
    return 2


def iso_date(text: str) -> dt.date:
    """A YYYY-MM-DD date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD") from None


def whole_number(minimum: int | None = None):
    """A whole number, at least `minimum` when one is given (--size 0, --sampling-months 1)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if minimum is not None and value < minimum:
            raise argparse.ArgumentTypeError(f"{value}: must be {minimum} or more")
        return value

    parse.__name__ = "whole number"  # argparse names the type in its message
    return parse
