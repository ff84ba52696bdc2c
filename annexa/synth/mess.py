"""Realistic mess for synthetic workbooks: valid variants the ingest must accept silently, and
planted problems it must report, each recorded for the manifest.

A planted problem owns its row: one problem per row, and a row with a problem gets no variant.
Problems are placed so that they cannot set off another check: an unparseable or future date never
goes on an end date (which would make a ceased child look in care), nor a future date on either
date of a start/end pair; a child ID is never blanked on lists 6-8, which other lists are checked
against; and children used for a cross-list problem get no other problem. The kinds added with
the row checks of issue 11 (docs/data-quality.md, "Row checks added in issue 11": blank required
cells, Excel errors, identical rows, placement postcodes) are planted last, with their own random
numbers, so the problems and variants planted before them stay as they were.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from dataclasses import dataclass

from annexa.synth.common import add_years, age_on, excel_serial, strip_prefix
from ingest.spec import NUMBERED_LISTS, Column, load_spec

# Planted in turn, so every kind appears; then as many of each kind added in issue 11.
IN_TURN_CODES = ("cross_list", "unparseable_date", "unmapped_code", "blank_child_id",
                 "duplicate_child", "end_before_start", "future_event", "age_mismatch")
ISSUE_11_CODES = ("missing_value", "excel_error", "duplicate_row", "invalid_postcode")
PROBLEM_CODES = IN_TURN_CODES + ISSUE_11_CODES

END_BEFORE_START = {
    "list_2": ("eh_start_date", "eh_end_date"),
    "list_4": ("assessment_start_date", "assessment_auth_date"),
    "list_5": ("s47_start_date", "icpc_date"),
    "list_6": ("cin_start_date", "cin_end_date"),
    "list_7": ("cp_start_date", "cp_end_date"),
    "list_8": ("cla_start_date", "cla_end_date"),
    "list_10": ("adm_decision_date", "adoption_order_date"),
}
# Whether a child is open (in need, on a plan, in care) depends on these being blank or not.
END_DATES = frozenset({"cin_end_date", "cp_end_date", "cla_end_date"})
# The ingest also checks list 11 (enquiry before approval); no problem is planted there, but a
# future date on either column would set that check off too.
PAIR_DATES = frozenset(c for pair in END_BEFORE_START.values() for c in pair) | {
    "enquiry_date", "approval_date"}
BLANK_ID_LISTS = ("list_1", "list_2", "list_3", "list_4", "list_5", "list_9", "list_10")
DUPLICATE_LISTS = tuple(f"list_{n}" for n in range(3, 11))
CHILD_LISTS = tuple(f"list_{n}" for n in range(1, 11))
NEVER_UNMAPPED = frozenset({"case_status"})  # list 6 status drives the cross-list checks
# Excel's error values as openpyxl writes them: true error cells (t="e") in a workbook.
EXCEL_ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!")
BAD_POSTCODES = ("Out of area", "Not known", "12345", "SW1A 1A", "N/K")

BAD_DATES = ("31/02/2025", "next week", "13/13/2025", "12/31/2025", "TBC", "00/00/0000",
             "2025-02-30", "see notes")
BAD_CODES = {
    "gender": ("Femail", "Mael", "#MULTIVALUE"),
    "adopter_gender": ("Femail", "#MULTIVALUE"),
    "ethnicity": ("#MULTIVALUE", "WBR1", "Data not captured in MOSAIC"),
    "legal_status": ("Code 'V2' is not mapped", "Code 'X9' is not mapped", "#MULTIVALUE"),
}
BAD_CODE_DEFAULT = ("#MULTIVALUE", "Code 'Z9' is not mapped", "Data not captured in MOSAIC",
                    "CS Assessment Updated")
ALIAS_LISTS = ("gender", "adopter_gender", "yes_no", "yes_no_unknown", "referral_nfa")


@dataclass
class MessSheet:
    """What the planter needs of a sheet: its list key, columns and rows (None = blank row)."""

    key: str
    columns: tuple[Column, ...]
    rows: list[dict | None]


def fmt(value: object) -> str:
    """A value as the user sees it in the sheet (dates dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def counts_for(messiness: float, total_rows: int) -> tuple[int, int, int]:
    """(problems, cell variants, blank rows): about messiness x rows touched, half of them
    problems, with at least one of each problem and variant kind whenever messiness > 0."""
    if messiness <= 0:
        return 0, 0, 0
    messy = round(messiness * total_rows)
    problems = max(len(IN_TURN_CODES), messy // 2)
    variants = max(len(VARIANT_KINDS), messy - problems)
    return problems, variants, max(1, variants // 6)


class Planter:
    """Plants problems and variants into the sheets' rows, in place, keeping rows apart."""

    def __init__(self, sheets: dict[str, MessSheet], as_at: dt.date, rng: random.Random) -> None:
        self.sheets, self.as_at, self.rng = sheets, as_at, rng
        spec = load_spec()
        self.spec = spec
        self.used: set[int] = set()  # id() of rows that carry a problem or a variant
        self.protected: set[str] = set()  # children in a cross-list or duplicate problem
        self.problems: list[dict] = []
        self.removed_from_6: set[str] = set()  # list 6 rows dropped once planting ends
        self._cross_index: tuple[dict, set, set] | None = None

    # --------------------------------------------------------------------------------- helpers

    def numbered(self, keys) -> list[MessSheet]:
        """The sheets among keys that have rows (lists 1-11 only are planted)."""
        return [self.sheets[k] for k in keys if k in self.sheets and self.sheets[k].rows]

    def pick_sheet(self, sheets: list[MessSheet]) -> MessSheet:
        """Spread problems over lists: weight by the square root of their size."""
        return self.rng.choices(sheets, weights=[math.sqrt(len(s.rows)) for s in sheets])[0]

    def free_row(self, sheet: MessSheet, want, tries: int = 60) -> dict | None:
        """A random unused row of the sheet for which want(row) is true."""
        key = self.spec.lists[sheet.key].child_key
        for _ in range(tries):
            row = self.rng.choice(sheet.rows)
            if row is None or id(row) in self.used or row.get(key) in self.protected:
                continue
            if want(row):
                return row
        return None

    def record(self, code: str, sheet: MessSheet, row: dict, column: str, value: object) -> None:
        self.used.add(id(row))
        self.problems.append({"code": code, "list": sheet.key, "column": column,
                              "value": fmt(value), "_row": row})

    def columns(self, sheet: MessSheet, type_: str) -> list[Column]:
        return [c for c in sheet.columns if c.type == type_]

    # -------------------------------------------------------------------------------- problems

    def plant_problems(self, n: int) -> None:
        """Codes in turn, so every kind appears; a code with no room left is skipped."""
        for i in range(n):
            code = IN_TURN_CODES[i % len(IN_TURN_CODES)]
            for _ in range(4):
                if getattr(self, code)(i // len(PROBLEM_CODES)):
                    break
        if self.removed_from_6:
            list6 = self.sheets["list_6"]
            list6.rows[:] = [r for r in list6.rows
                             if r is None or r["child_id"] not in self.removed_from_6]

    def cross_index(self) -> tuple[dict, set, set]:
        """List 6 rows by child, and the children on lists 7 and 8 (built once)."""
        if self._cross_index is None:
            by_child: dict[str, list[dict]] = {}
            for r in self.sheets["list_6"].rows:
                if r is not None:
                    by_child.setdefault(r["child_id"], []).append(r)
            on7 = {r["child_id"] for r in self.sheets["list_7"].rows if r}
            on8 = {r["child_id"] for r in self.sheets["list_8"].rows if r}
            self._cross_index = by_child, on7, on8
        return self._cross_index

    def cross_list(self, i: int) -> bool:
        """A child on list 7 (or in care, list 8) whose list 6 row is missing."""
        if not all(k in self.sheets for k in ("list_6", "list_7", "list_8")):
            return False
        list6_rows, on7, on8 = self.cross_index()
        if i % 2 == 0:
            sheet = self.sheets["list_7"]
            row = self.free_row(sheet, lambda r: r["child_id"] not in on8)
        else:
            sheet = self.sheets["list_8"]
            row = self.free_row(sheet, lambda r: r["cla_end_date"] is None
                                and r["child_id"] not in on7)
        if row is None:
            return False
        child = row["child_id"]
        gone = list6_rows.get(child, [])
        if not gone or any(id(r) in self.used for r in gone):
            return False
        self.removed_from_6.add(child)
        self.protected.add(child)
        self.record("cross_list", sheet, row, "child_id", child)
        return True

    def unparseable_date(self, _: int) -> bool:
        def cols(s):
            return [c.name for c in self.columns(s, "date")
                    if c.name != "dob" and c.name not in END_DATES]
        return self.replace_cell("unparseable_date", cols,
                                 lambda _sheet, _col: self.rng.choice(BAD_DATES))

    def unmapped_code(self, _: int) -> bool:
        def cols(s):
            return [c.name for c in self.columns(s, "code") if c.name not in NEVER_UNMAPPED]

        def junk(sheet: MessSheet, col: str) -> str:
            codes = next(c.codes for c in sheet.columns if c.name == col)
            return self.rng.choice(BAD_CODES.get(codes, BAD_CODE_DEFAULT))
        return self.replace_cell("unmapped_code", cols, junk)

    def future_event(self, _: int) -> bool:
        def cols(s):
            return [c.name for c in self.columns(s, "date")
                    if c.name != "dob" and c.name not in END_DATES and c.name not in PAIR_DATES]
        return self.replace_cell(
            "future_event", cols,
            lambda _sheet, _col: self.as_at + dt.timedelta(days=self.rng.randint(1, 120)))

    def replace_cell(self, code: str, columns_of, new_value) -> bool:
        """Put new_value(sheet, column) in a non-blank cell of a column columns_of(sheet) names."""
        sheets = [s for s in self.sheets.values() if s.rows and columns_of(s)]
        if not sheets:
            return False
        sheet = self.pick_sheet(sheets)
        names = columns_of(sheet)
        row = self.free_row(sheet, lambda r: any(r.get(n) is not None for n in names))
        if row is None:
            return False
        col = self.rng.choice([n for n in names if row.get(n) is not None])
        row[col] = new_value(sheet, col)
        self.record(code, sheet, row, col, row[col])
        return True

    def blank_child_id(self, _: int) -> bool:
        sheets = self.numbered(BLANK_ID_LISTS)
        if not sheets:
            return False
        sheet = self.pick_sheet(sheets)
        row = self.free_row(sheet, lambda r: r["child_id"] is not None)
        if row is None:
            return False
        row["child_id"] = None
        self.record("blank_child_id", sheet, row, "child_id", None)
        return True

    def duplicate_child(self, _: int) -> bool:
        """A second row for a child already on a one-row-per-child list, a little further down."""
        sheets = self.numbered(DUPLICATE_LISTS)
        if not sheets:
            return False
        sheet = self.pick_sheet(sheets)
        row = self.free_row(sheet, lambda r: r["child_id"] is not None)
        if row is None:
            return False
        copy = dict(row)
        # An earlier episode (list 9, with no event date: another worker), not an exact copy,
        # which would be duplicate_row instead.
        event = self.spec.lists[sheet.key].event_date
        if event and isinstance(copy.get(event), dt.date):
            copy[event] -= dt.timedelta(days=35)
        else:
            copy["worker"] = next(r["worker"] for r in sheet.rows
                                  if r and r.get("worker") and r["worker"] != row.get("worker"))
        at = next(i for i, r in enumerate(sheet.rows) if r is row) + 1 + self.rng.randint(0, 20)
        sheet.rows.insert(min(at, len(sheet.rows)), copy)
        self.used.add(id(row))
        self.protected.add(row["child_id"])
        self.record("duplicate_child", sheet, copy, "child_id", copy["child_id"])
        return True

    # ------------------------------------------------------------ problems added in issue 11

    def plant_issue_11(self, per_kind: int) -> None:
        for code in ISSUE_11_CODES:
            for _ in range(per_kind):
                for _ in range(4):
                    if getattr(self, code)(0):
                        break

    def missing_value(self, _: int) -> bool:
        """A required cell left blank (the child ID has its own code, blank_child_id)."""
        def cols(s):
            key = self.spec.lists[s.key].child_key
            return [c.name for c in s.columns
                    if c.required and c.name != key and c.name not in NEVER_UNMAPPED]
        return self.replace_cell("missing_value", cols, lambda _sheet, _col: None)

    def excel_error(self, _: int) -> bool:
        """An Excel error (#N/A, #REF! ...) in place of a value, anywhere but the child ID and
        the end dates that decide whether a child is open."""
        def cols(s):
            key = self.spec.lists[s.key].child_key
            return [c.name for c in s.columns if c.name != key and c.name not in END_DATES
                    and c.name not in NEVER_UNMAPPED]
        return self.replace_cell("excel_error", cols,
                                 lambda _sheet, _col: self.rng.choice(EXCEL_ERRORS))

    def invalid_postcode(self, _: int) -> bool:
        return self.replace_cell(
            "invalid_postcode",
            lambda s: ["placement_postcode"] if s.key == "list_8" else [],
            lambda _sheet, _col: self.rng.choice(BAD_POSTCODES))

    def duplicate_row(self, _: int) -> bool:
        """An exact copy of a row, a little further down, on any list."""
        sheets = self.numbered(NUMBERED_LISTS)
        if not sheets:
            return False
        sheet = self.pick_sheet(sheets)
        row = self.free_row(sheet, lambda r: True)
        if row is None:
            return False
        copy = dict(row)
        at = next(i for i, r in enumerate(sheet.rows) if r is row) + 1 + self.rng.randint(0, 20)
        sheet.rows.insert(min(at, len(sheet.rows)), copy)
        self.used.add(id(row))
        key = self.spec.lists[sheet.key].child_key
        if row.get(key) is not None:
            self.protected.add(row[key])
        self.record("duplicate_row", sheet, copy, None, None)
        return True

    def end_before_start(self, _: int) -> bool:
        sheets = self.numbered(END_BEFORE_START)
        if not sheets:
            return False
        sheet = self.pick_sheet(sheets)
        start, end = END_BEFORE_START[sheet.key]
        row = self.free_row(sheet, lambda r: isinstance(r[start], dt.date)
                            and isinstance(r[end], dt.date))
        if row is None:
            return False
        row[end] = row[start] - dt.timedelta(days=self.rng.randint(1, 90))
        self.record("end_before_start", sheet, row, end, row[end])
        return True

    def age_mismatch(self, _: int) -> bool:
        """A supplied age two or more years away from the age the date of birth gives."""
        sheets = self.numbered(CHILD_LISTS)
        if not sheets:
            return False
        sheet = self.pick_sheet(sheets)
        row = self.free_row(sheet, lambda r: isinstance(r["dob"], dt.date)
                            and r["dob"] <= self.as_at)
        if row is None:
            return False
        true_age = age_on(row["dob"], self.as_at)
        delta = self.rng.choice((2, 3, 4, 5, 7, 10))
        row["age"] = true_age - delta if true_age - delta >= 0 and self.rng.random() < 0.4 \
            else true_age + delta
        self.record("age_mismatch", sheet, row, "age", row["age"])
        return True

    # -------------------------------------------------------------------------------- variants

    def plant_variants(self, n: int) -> None:
        sheets = list(self.sheets.values())
        kinds = list(VARIANT_KINDS)
        for i in range(n):
            kind = kinds[i % len(kinds)] if i < len(kinds) else self.rng.choice(kinds)
            for _ in range(8):
                sheet = self.pick_sheet(sheets)
                options = VARIANT_KINDS[kind](self, sheet)
                if not options:
                    continue
                row = self.free_row(sheet, lambda r, opts=options: any(
                    f(r) is not None for f in opts.values()))
                if row is None:
                    continue
                col, make = self.rng.choice([(c, f) for c, f in options.items()
                                             if f(row) is not None])
                row[col] = make(row)
                self.used.add(id(row))
                break

    def plant_blank_rows(self, n: int) -> None:
        """Empty rows between data rows, which a reader must skip without losing its place."""
        sheets = [s for s in self.sheets.values() if len(s.rows) > 1]
        for _ in range(n if sheets else 0):
            sheet = self.pick_sheet(sheets)
            sheet.rows.insert(self.rng.randint(1, len(sheet.rows) - 1), None)


# Each variant kind: sheet -> {column: make(row) -> new value, or None when it does not apply}.

def _no_prefix(p: Planter, sheet: MessSheet) -> dict:
    return {c.name: (lambda r, n=c.name: strip_prefix(r.get(n))
                     if isinstance(r.get(n), str) and strip_prefix(r.get(n)) != r.get(n) else None)
            for c in p.columns(sheet, "code")}


def _alias(p: Planter, sheet: MessSheet) -> dict:
    """'F', 'Female', 'Y', 'No' ...: spellings the spec lists as meaning exactly one code."""
    out = {}
    for c in p.columns(sheet, "code"):
        if c.codes not in ALIAS_LISTS:
            continue
        aliases = p.spec.aliases.get(c.codes, {})

        def make(r, n=c.name, aliases=aliases):
            spellings = aliases.get(r.get(n))
            if not isinstance(r.get(n), str) or not spellings:
                return None
            s = p.rng.choice(spellings)
            return s.upper() if len(s) == 1 else s.title()
        out[c.name] = make
    return out


def _token_detail(p: Planter, sheet: MessSheet) -> dict:
    """'WBRI - White British', 'C1 - Interim care order', 'U4 - ...', or a hyphen for a colon."""
    out = {}
    for c in p.columns(sheet, "code"):
        entries = {e["code"]: e for e in p.spec.codes[c.codes]["entries"]}

        def make(r, n=c.name, entries=entries):
            e = entries.get(r.get(n)) if isinstance(r.get(n), str) else None
            if e is None:
                return None
            detail, token = e.get("detail"), e.get("token")
            if token and detail and n == "ethnicity":
                return f"{token} - {detail}"
            if token and detail and detail.startswith(token + " - "):
                return detail
            if ": " in e["code"]:
                return e["code"].replace(": ", " - ", 1)
            return None
        out[c.name] = make
    return out


def _text_date(p: Planter, sheet: MessSheet) -> dict:
    return {c.name: (lambda r, n=c.name: fmt(r.get(n)) if isinstance(r.get(n), dt.date) else None)
            for c in p.columns(sheet, "date")}


def _serial_date(p: Planter, sheet: MessSheet) -> dict:
    return {c.name: (lambda r, n=c.name: excel_serial(r.get(n)) if isinstance(r.get(n), dt.date)
                     else None)
            for c in p.columns(sheet, "date")}


_PLAIN_NUMBER = re.compile(r"[1-9][0-9]*")


def _float_id(p: Planter, sheet: MessSheet) -> dict:
    """1234 written as 1234.0: what a numeric ID becomes after a trip through a float column."""
    key = p.spec.lists[sheet.key].child_key
    return {key: lambda r: float(r.get(key)) if isinstance(r.get(key), str)
            and _PLAIN_NUMBER.fullmatch(r.get(key)) else None}


def _fractional_age(p: Planter, sheet: MessSheet) -> dict:
    """Age as years and a fraction (the samples' 6.138...), never crossing a birthday."""
    if not any(c.name == "age" for c in sheet.columns):
        return {}

    def make(r):
        dob, age = r.get("dob"), r.get("age")
        if not isinstance(dob, dt.date) or not isinstance(age, int) or age < 0:
            return None
        last_birthday = add_years(dob, age)
        return round(age + (p.as_at - last_birthday).days / 366, 4)
    return {"age": make}


def _nbsp_worker(p: Planter, sheet: MessSheet) -> dict:
    if not any(c.name == "worker" for c in sheet.columns):
        return {}
    return {"worker": lambda r: r.get("worker").replace(" ", "\u00a0", 1)
            if isinstance(r.get("worker"), str) and " " in r.get("worker") else None}


VARIANT_KINDS = {
    "no_prefix": _no_prefix, "alias": _alias, "token_detail": _token_detail,
    "text_date": _text_date, "serial_date": _serial_date, "float_id": _float_id,
    "fractional_age": _fractional_age, "nbsp_worker": _nbsp_worker,
}


def plant(sheets: dict[str, MessSheet], as_at: dt.date, messiness: float,
          rng: random.Random) -> list[dict]:
    """Plant problems, then variants, then blank rows; return the problems (rows by reference)."""
    total = sum(len(s.rows) for k, s in sheets.items() if k.startswith("list_"))
    n_problems, n_variants, n_blank = counts_for(messiness, total)
    planter = Planter(sheets, as_at, rng)
    planter.plant_problems(n_problems)
    planter.plant_variants(n_variants)
    planter.plant_blank_rows(n_blank)
    if n_problems:
        planter.rng = random.Random(rng.getrandbits(64))
        planter.plant_issue_11(max(1, n_problems // len(IN_TURN_CODES)))
    return planter.problems
