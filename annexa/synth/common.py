"""Building blocks for the synthetic Annex A generator: codes by short key, dates, fictional names.

Codes are looked up in the spec (never re-typed), so a change to a code's wording in
ingest/spec/annex_a.toml flows into the synthetic workbooks too.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

import holidays

from ingest.spec import load_spec

# Total data rows over lists 1-11 per named size (docs/methodology/data.md D10: a median LA's six
# months is about 15k rows, a Kent-sized LA's about 100k).
SIZES = {"small": 2_000, "medium": 15_000, "large": 100_000}

# Share of all rows per list, from the median-LA column of docs/methodology/data.md D10 (list 1
# about 40%; lists 3-10 one row per child).
LIST_SHARES = {
    "list_1": 0.40, "list_2": 0.065, "list_3": 0.11, "list_4": 0.095, "list_5": 0.035,
    "list_6": 0.195, "list_7": 0.025, "list_8": 0.035, "list_9": 0.03, "list_10": 0.005,
    "list_11": 0.005,
}

_PREFIX = re.compile(r"^([a-z]{1,2}\d?)\)\s*")


def strip_prefix(code: str) -> str:
    """'a) Male' -> 'Male': how many LAs write codes (a valid variant,
    docs/methodology/data.md D3)."""
    return _PREFIX.sub("", code, count=1)


class Codes:
    """Official codes from the spec, found by token ('C2', 'WBRI'), prefix letter ('a') or index."""

    def __init__(self) -> None:
        self._entries = load_spec().codes
        self._by_key: dict[tuple[str, str], str] = {}
        for name, body in self._entries.items():
            for e in body["entries"]:
                code = e["code"]
                m = _PREFIX.match(code)
                if m:
                    self._by_key.setdefault((name, m.group(1)), code)
                if e.get("token"):
                    self._by_key[(name, e["token"])] = code
                self._by_key.setdefault((name, code), code)

    def __call__(self, code_list: str, key: str | int) -> str:
        if isinstance(key, int):
            return self._entries[code_list]["entries"][key]["code"]
        return self._by_key[(code_list, key)]

    def entry(self, code_list: str, code: str) -> dict:
        return next(e for e in self._entries[code_list]["entries"] if e["code"] == code)

    def all(self, code_list: str) -> list[str]:
        return [e["code"] for e in self._entries[code_list]["entries"]]


class Picker:
    """A weighted choice over codes, resolved once (rng.choices with cumulative weights is fast)."""

    def __init__(self, values: Sequence, weights: Sequence[float]) -> None:
        self.values = list(values)
        self.cum = list(itertools.accumulate(weights))

    @classmethod
    def of(cls, codes: Codes, code_list: str, table: dict[str | int, float]) -> Picker:
        return cls([codes(code_list, k) for k in table], list(table.values()))

    def __call__(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum)[0]


# ------------------------------------------------------------------------------------------ dates

DAY = dt.timedelta(days=1)

def months_before(d: dt.date, n: int) -> dt.date:
    """d minus n calendar months, day clamped to the month's end (DuckDB's `date - interval`)."""
    y, m = divmod(d.year * 12 + d.month - 1 - n, 12)
    m += 1
    last = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def age_on(dob: dt.date, on: dt.date) -> int:
    """Age at last birthday, exactly as sql macro age_on computes it
    (docs/methodology/data.md D6)."""
    return on.year - dob.year - (1 if (on.month, on.day) < (dob.month, dob.day) else 0)


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A uniform date in [start, end]; start when the range is empty."""
    span = (end - start).days
    return start if span <= 0 else start + dt.timedelta(days=rng.randint(0, span))


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


class WorkingDays:
    """Monday-Friday without England bank holidays (docs/methodology/timelines.md T1), over a fixed
    span."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        bank = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, end.year + 1))
        days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
        self._days = [d for d in days if d.weekday() < 5 and d not in bank]
        self._ords = [d.toordinal() for d in self._days]

    def add(self, d: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after d (before d for negative n)."""
        if n >= 0:
            i = bisect.bisect_right(self._ords, d.toordinal()) + n - 1
        else:
            i = bisect.bisect_left(self._ords, d.toordinal()) + n
        if 0 <= i < len(self._days):
            return self._days[i]
        return d + dt.timedelta(days=round(n * 7 / 5))


# ---------------------------------------------------------------------------------- people, teams

@dataclass(slots=True)
class Child:
    """One synthetic child: these fields are copied to every list the child is on."""

    id: str
    gender: str
    ethnicity: str
    dob: dt.date | None
    disability: str


_FIRST = ("Alex", "Bea", "Cal", "Dana", "Eli", "Fern", "Gus", "Hana", "Ivo", "Jude", "Kit", "Lena",
          "Milo", "Nia", "Ollie", "Pip", "Quin", "Rae", "Sol", "Tess", "Uma", "Vic", "Wren", "Xan",
          "Yara", "Zed", "Ada", "Bram", "Cleo", "Dov", "Esme", "Finn", "Gwen", "Hal", "Isla", "Jem")
_LAST = ("Ashwick", "Brambleton", "Carrow", "Dunmere", "Elsford", "Fenwright", "Glenholt",
         "Hollowell", "Ivesby", "Jorvane", "Kestermoor", "Lintock", "Marchbank", "Norrow",
         "Ottershaw", "Pellbrook", "Quillon", "Rookhurst", "Stenbury", "Tessendale", "Umberleigh",
         "Varrow", "Wrenfield", "Yarcombe", "Zellbury", "Amblecote", "Birchmoor", "Coldharbour")


def fictional_names(rng: random.Random, n: int) -> list[str]:
    """n distinct invented worker names (no real people, docs/methodology/privacy.md P1)."""
    pool = [f"{f} {s}" for f in _FIRST for s in _LAST]
    return rng.sample(pool, min(n, len(pool)))


@dataclass(frozen=True)
class Team:
    name: str
    workers: tuple[str, ...]

    def allocate(self, rng: random.Random) -> tuple[str, str]:
        return self.name, rng.choice(self.workers)


def build_teams(rng: random.Random, scale: float) -> dict[str, list[Team]]:
    """Fictional teams per service area, more of them for a bigger LA."""
    layout = {
        "front_door": ["Front Door (MASH)", "Front Door Duty Team"],
        "assessment": [f"Assessment Team {i}" for i in range(1, 5)],
        "safeguarding": [f"Family Safeguarding Team {i}" for i in range(1, 5)],
        "cin": [f"Child in Need Team {i}" for i in range(1, 4)] + ["Disabled Children's Team"],
        "care": [f"Children in Care Team {i}" for i in range(1, 4)],
        "leaving_care": ["Leaving Care Team North", "Leaving Care Team South"],
    }
    per_team = max(3, min(14, round(3 + 4 * scale)))
    names = iter(fictional_names(rng, sum(len(v) for v in layout.values()) * per_team))
    return {area: [Team(t, tuple(next(names) for _ in range(per_team))) for t in teams]
            for area, teams in layout.items()}
