"""Collection years: the DfE year an as-at date falls in, and whether a code read is valid in it
(spec/code_validity.toml). Outside its years a code is reported, and kept only when its meaning
did not change.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from ingest.codes.lists import Reading, _code_list, fold
from ingest.spec import load_spec


def collection_year(as_at: dt.date) -> int:
    """The DfE collection year (named by the 31 March it ends on) that an as-at date falls in."""
    return as_at.year + 1 if as_at.month > 3 else as_at.year


@cache
def _validity() -> dict[tuple[str, str], list[dict]]:
    """(code list, code) -> its year ranges from the spec (a code whose meaning changed has one
    range per meaning)."""
    out: dict[tuple[str, str], list[dict]] = {}
    for v in load_spec().validity:
        lst = _code_list(v["code_list"])
        code = lst.tokens.get(fold(v["token"]))
        if code:
            out.setdefault((v["code_list"], code), []).append(v)
    return out


def _check_year(list_name: str, reading: Reading, year: int | None) -> Reading:
    """A code used outside the collection years it is valid in is reported; it keeps its code
    only when its meaning did not change."""
    if reading.code is None or year is None:
        return reading
    ranges = _validity().get((list_name, reading.code))
    if not ranges:
        return reading
    def inside(v: dict) -> bool:
        return v.get("valid_from", 0) <= year <= v.get("valid_to", 9999)
    if any(inside(v) for v in ranges):
        return reading
    starts = [v["valid_from"] for v in ranges if "valid_from" in v]
    if starts and year < min(starts):
        start = min(starts)
        status, words = "not_yet_valid", f"only valid from the {start - 1}-{start % 100:02d} return"
    else:
        end = max(v.get("valid_to", 0) for v in ranges)
        status, words = "retired", f"retired after the {end - 1}-{end % 100:02d} return"
    keep = not any(v.get("meaning_changed", False) for v in ranges)
    note = (f"a code {words}; "
            + (f"it is read as {reading.code}, since its meaning did not change" if keep else
               "its meaning changed, so it is not counted"))
    return Reading(reading.code if keep else None, status, (reading.code,),
                   reading.group if keep else None, note)
