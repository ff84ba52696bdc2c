"""Keep child-level values out of logs, warnings and tracebacks (issue 6, item 6).

An exception's message can quote the data it failed on: DuckDB's do ("Type DOUBLE with value ...
can't be cast", "Could not convert string 'X123' to INT32"), and so may any library's. The
project's own user-facing errors (UnreadableFile, NothingUsable) are worded to name only files,
sheets and columns; anything else is reported by its type and where it happened. The frames of a
traceback (file, line, source line) are kept for whoever fixes the bug; every message is withheld.
"""

from __future__ import annotations

import logging
import traceback

WITHHELD = "(message withheld: it may quote values from the data)"


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and the ones it was raised from or during, oldest first."""
    out: list[BaseException] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        out.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return out[::-1]


def redacted_traceback(exc: BaseException) -> str:
    """Like traceback.format_exception(exc), with each exception's message replaced."""
    parts = []
    for i, e in enumerate(_chain(exc)):
        if i:
            parts.append("\nThe above exception led to the following one:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(e.__traceback__))
        kind = type(e)
        name = kind.__qualname__ if kind.__module__ == "builtins" else \
            f"{kind.__module__}.{kind.__qualname__}"
        parts.append(f"{name}: {WITHHELD}\n")
    return "".join(parts)


def install() -> None:
    """Make every log record in this process carry a redacted traceback instead of the full one.

    Streamlit logs each uncaught page exception with its full text ("Uncaught app execution");
    logging.Formatter uses a record's exc_text when it is already set, so setting it as the
    record is made covers Streamlit's loggers and any other, present or future. (A formatter
    that ignores exc_text, such as Streamlit's logger.enableRich = true, would bypass this.)
    """
    # When a handler cannot write (a closed pipe, a full disk), logging would print the exception
    # being handled, message and all, to stderr: stay silent instead, as logging's docs advise.
    logging.raiseExceptions = False
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts_tracebacks", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redacted_traceback(record.exc_info[1]).rstrip("\n")
        return record

    factory.redacts_tracebacks = True
    logging.setLogRecordFactory(factory)
