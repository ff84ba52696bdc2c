"""Which ILACS framework an inspection was made under, and which judgements that framework gives.

The inspection-outcome model (issue 12, point 5) must not read one framework's grades as
another's:

- ILACS from January 2018: overall effectiveness and three sub-judgements; the third is "the
  experiences and progress of children in care *and care leavers*", one combined judgement.
- From 1 January 2023 care leavers have their own judgement and the in-care judgement covers
  children in care only (Ofsted's "LA inspection outcomes as at 31 March 2025", Notes: "Change in
  sub-judgements").
- Inspections from 1 April 2026 give no overall effectiveness grade. A missing overall grade for
  such an inspection is what the framework made, never a gap to fill: no grade is imputed.

The framework is the one in force on the first day of fieldwork (Ofsted's "inspection date").
When a source lacks that date, the last day of fieldwork, then the publication date stand in for
it: fieldwork lasts at most three weeks and reports follow within weeks, so only an inspection on
a boundary could be misplaced, and `framework_basis` says which date was used.

`sql/05_reference/ref_ilacs_framework.sql` is the same table for SQL; tests keep the two equal.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Framework(NamedTuple):
    name: str                     # stable key stored beside each judgement
    starts: dt.date               # first inspection date it applies to
    overall_grade: bool           # gives an overall effectiveness grade
    care_leavers_judgement: bool  # gives a separate care leavers judgement
    in_care_judgement: str        # what the children-in-care judgement is about


FRAMEWORKS: tuple[Framework, ...] = (
    Framework("ilacs_2018", dt.date(2018, 1, 1), True, False,
              "children in care and care leavers"),
    Framework("ilacs_2023", dt.date(2023, 1, 1), True, True, "children in care"),
    Framework("ilacs_2026", dt.date(2026, 4, 1), False, True, "children in care"),
)
BY_NAME = {f.name: f for f in FRAMEWORKS}


def framework_for(inspection_date: dt.date | None) -> Framework | None:
    """The framework in force on that date; None without a date or before ILACS (2018)."""
    if inspection_date is None:
        return None
    found = None
    for framework in FRAMEWORKS:
        if inspection_date >= framework.starts:
            found = framework
    return found


def framework_basis(start: dt.date | None, end: dt.date | None,
                    published: dt.date | None) -> tuple[Framework | None, str | None]:
    """The framework and the date it was read from: start, else end, else publication."""
    for basis, value in (("inspection start", start), ("inspection end", end),
                         ("publication", published)):
        if value is not None:
            return framework_for(value), basis
    return None, None
