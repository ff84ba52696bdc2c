"""Import the public ILACS judgements and the LA lookup into ref_ilacs_judgements and ref_la.

Both files are public LA-level data (docs/methodology/privacy.md P5); only LA-level fields are
kept (no inspector names, no links to local files). Every problem is validated and reported in
ref_import_issues, never silently guessed:

- judgements: start and end dates are dd/mm/yyyy, publication dates dd/mm/yy (each strictly its
  own format); grades must be one of the four (002 ¶96-97), so 'nan', 'None' or blank is a
  missing grade; help and protection or children in care judged inadequate requires an
  inadequate overall grade (002 ¶100-101; docs/methodology/national-comparisons.md N5).
- each judgement is read under the framework of its inspection (annexa/rules/ilacs_framework.py):
  before 1 January 2023 the in-care grade is the combined children-in-care-and-care-leavers
  judgement and there is no care leavers grade; from 1 April 2026 there is no overall
  effectiveness grade, and none is ever imputed. A grade the framework does not give is left
  blank and reported.
- lookup: the region is the one the row's region *name* gives (it agrees with the ONS region
  name on every row); the documented errors (a South East row with E12000004, a South West row
  with E12000003, a region code 'NotKnown') and a blank region code are fixed and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from annexa import config
from annexa.rules import ilacs_framework
from annexa.store import warehouse

# One home for the folder (annexa/config.py): --reference-dir, $ANNEXA_REFERENCE_DIR, or
# ../shared/reference beside the repository. Read once, when the command starts.
REFERENCE_DIR = config.reference_dir()
DEFAULT_JUDGEMENTS = REFERENCE_DIR / "ilacs_judgements_2026-06.xlsx"
DEFAULT_LOOKUP = REFERENCE_DIR / "la_lookup.csv"

GRADES = ("outstanding", "good", "requires improvement", "inadequate")
GRADE_SPELLINGS = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement": "requires improvement",
    "requires improvement to be good": "requires improvement",
    "ri": "requires improvement",
    "inadequate": "inadequate",
}
BLANKS = {"", "nan", "none", "null", "n/a", "na", "-"}
# The care leavers judgement was added to the framework in 2023; earlier reports have none.
NOT_JUDGED = {"inspection_pre_dates_judgement"}

# Ofsted region code -> (region name, ONS region code).
REGIONS = {
    "NE": ("North East", "E12000001"),
    "NW": ("North West", "E12000002"),
    "YH": ("Yorkshire and the Humber", "E12000003"),
    "EM": ("East Midlands", "E12000004"),
    "WM": ("West Midlands", "E12000005"),
    "E": ("East of England", "E12000006"),
    "GL": ("London", "E12000007"),
    "SE": ("South East", "E12000008"),
    "SW": ("South West", "E12000009"),
}
REGION_BY_NAME = {name.lower(): code for code, (name, _) in REGIONS.items()}

FOUR_DIGIT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
TWO_DIGIT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")
EXCEL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}( 00:00:00)?")


@dataclass
class Issue:
    source: str
    la_code: str | None
    field: str | None
    value: str | None
    severity: str  # 'error' (row dropped), 'warning', 'fixed', 'info'
    message: str


@dataclass
class ImportResult:
    judgements: int = 0
    las: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


def normalise_grade(value) -> str | None:
    """One of the four grades, or None for a blank; raises ValueError for anything else."""
    text = clean_text(value)
    if text is None:
        return None
    key = re.sub(r"\s+", " ", text.lower())
    if key in GRADE_SPELLINGS:
        return GRADE_SPELLINGS[key]
    raise ValueError(f"{text!r} is not a grade: use one of {', '.join(GRADES)}")


def clean_text(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return None if text.lower() in BLANKS else text


def _raw(value) -> str | None:
    """A cell as written, for the issues report (a truly empty cell is None)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value)


def _parse_date(value: str | None, pattern: re.Pattern, fmt: str) -> dt.date:
    """Strictly one format (plus an unambiguous Excel date cell); ValueError otherwise."""
    if EXCEL_DATE.fullmatch(value):
        return dt.date.fromisoformat(value[:10])
    if not pattern.fullmatch(value):
        raise ValueError
    return dt.datetime.strptime(value, fmt).date()


# ------------------------------------------------------------------------------------- reading

def read_judgements(path: Path) -> pd.DataFrame:
    """Every cell as text (docs/methodology/data.md D7): no type guessing, formulas left as
    written."""
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    return reader.load_sheet(0, dtypes="string").to_pandas()


def read_lookup(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def clean_judgements(raw: pd.DataFrame, source_file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed rows for ref_ilacs_judgements, and every problem found."""
    issues: list[Issue] = []
    rows: list[dict] = []
    seen: set[str] = set()

    def issue(la, fld, value, severity, message):
        issues.append(Issue("judgements", la, fld, _raw(value), severity, message))

    required = {"la_code", "overall_effectiveness_grade", "publication_date"}
    missing = required - set(raw.columns)
    if missing:
        raise ValueError(f"{source_file}: not the ILACS judgements file: no column "
                         f"{', '.join(sorted(missing))}")
    for _, r in raw.iterrows():
        la = clean_text(r.get("la_code"))
        if la is None or not re.fullmatch(r"\d{3}", la):
            issue(la, "la_code", r.get("la_code"), "error",
                  "LA code missing or not three digits: row skipped")
            continue
        if la in seen:
            issue(la, "la_code", la, "error", "LA code appears twice: second row skipped")
            continue
        seen.add(la)
        row = {"la_code": la, "la_name": _title(clean_text(r.get("local_authority"))),
               "region_code": clean_text(r.get("region_code")), "urn": clean_text(r.get("urn")),
               "report_url": clean_text(r.get("inspection_link"))}
        if row["region_code"] not in REGIONS:
            issue(la, "region_code", r.get("region_code"), "warning",
                  "region code missing or unknown: taken from the LA lookup")
            row["region_code"] = None
        kind = clean_text(r.get("inspection_framework"))
        if kind is not None and kind.lower() not in ("standard", "short"):
            issue(la, "inspection_framework", kind, "warning",
                  "inspection type is neither standard nor short: left blank")
            kind = None
        elif kind is None:
            issue(la, "inspection_framework", r.get("inspection_framework"), "warning",
                  "inspection type missing")
        row["inspection_type"] = kind.lower() if kind else None

        for column, target, pattern, fmt, shape in (
            ("inspection_start_date", "inspection_start_date", FOUR_DIGIT_YEAR, "%d/%m/%Y",
             "dd/mm/yyyy"),
            ("inspection_end_date", "inspection_end_date", FOUR_DIGIT_YEAR, "%d/%m/%Y",
             "dd/mm/yyyy"),
            ("publication_date", "publication_date", TWO_DIGIT_YEAR, "%d/%m/%y", "dd/mm/yy"),
        ):
            text = clean_text(r.get(column))
            row[target] = None
            if text is None:
                issue(la, column, r.get(column), "warning", f"{column.replace('_', ' ')} missing")
                continue
            try:
                row[target] = _parse_date(text, pattern, fmt)
            except ValueError:
                issue(la, column, text, "warning",
                      f"{column.replace('_', ' ')} is not a {shape} date: left blank")
        _check_dates(row, issue)
        framework, basis = ilacs_framework.framework_basis(
            row["inspection_start_date"], row["inspection_end_date"], row["publication_date"])
        row["framework"] = framework.name if framework else None
        if basis not in (None, "inspection start"):
            issue(la, "framework", framework.name if framework else None, "info",
                  f"framework read from the {basis} date: the start date is missing")

        for column, target in (("overall_effectiveness_grade", "overall_grade"),
                               ("impact_of_leaders_grade", "leaders_grade"),
                               ("help_and_protection_grade", "help_and_protection_grade"),
                               ("in_care_grade", "in_care_grade"),
                               ("care_leavers_grade", "care_leavers_grade")):
            text = clean_text(r.get(column))
            row[target] = None
            if text is not None and text.lower() in NOT_JUDGED:
                issue(la, column, text, "info", "not judged: the inspection predates the "
                      "separate care leavers judgement")
                if framework and framework.care_leavers_judgement:
                    issue(la, column, text, "warning",
                          f"marked as predating the care leavers judgement, but the inspection "
                          f"falls under {framework.name}, which gives one from "
                          f"{ilacs_framework.BY_NAME['ilacs_2023'].starts:%d/%m/%Y}: check the "
                          "report")
                continue
            try:
                row[target] = normalise_grade(text)
            except ValueError:
                issue(la, column, text, "warning", f"{column.replace('_', ' ')} is not one of "
                      "the four grades: left blank")
                continue
            if framework_omits(framework, target):
                if row[target] is not None:
                    issue(la, column, text, "warning",
                          f"{OMITTED[target]} ({framework.name}): the "
                          f"{column.replace('_', ' ')} in the file contradicts the framework, "
                          "so it is left blank")
                    row[target] = None
                elif target == "overall_grade":
                    # Still a warning: the cycle's pathway is derived from the overall grade.
                    issue(la, column, r.get(column), "warning",
                          f"{OMITTED[target]} ({framework.name}) and none is imputed: the "
                          "LA's pathway is unknown until a judgement is entered")
                else:
                    issue(la, column, r.get(column), "info", f"{OMITTED[target]} "
                          f"({framework.name}): the in-care grade covers care leavers")
                continue
            if row[target] is None:
                issue(la, column, r.get(column), "warning" if target == "overall_grade" else
                      "info", f"{column.replace('_', ' ')} missing"
                      + (": the LA's pathway is unknown until a judgement is entered"
                         if target == "overall_grade" else ""))
        if row["overall_grade"] not in (None, "inadequate") and "inadequate" in (
                row["help_and_protection_grade"], row["in_care_grade"]):
            issue(la, "overall_effectiveness_grade", row["overall_grade"], "warning",
                  "help and protection or children in care is inadequate, so overall "
                  "effectiveness should be inadequate (ILACS ¶100-101)")
        row["source_file"] = source_file
        rows.append(row)
    columns = ["la_code", "la_name", "region_code", "urn", "inspection_type",
               "inspection_start_date", "inspection_end_date", "publication_date",
               "overall_grade", "leaders_grade", "help_and_protection_grade", "in_care_grade",
               "care_leavers_grade", "framework", "report_url", "source_file"]
    return pd.DataFrame(rows, columns=columns), issues


OMITTED = {"overall_grade": "inspections from 1 April 2026 give no overall effectiveness grade",
            "care_leavers_grade": "inspections before 1 January 2023 give no separate care "
                                  "leavers judgement"}


def framework_omits(framework: ilacs_framework.Framework | None, target: str) -> bool:
    """True when the inspection's framework gives no such judgement (never imputed)."""
    if framework is None:
        return False
    return ((target == "overall_grade" and not framework.overall_grade)
            or (target == "care_leavers_grade" and not framework.care_leavers_judgement))


def _check_dates(row: dict, issue) -> None:
    start, end, published = (row["inspection_start_date"], row["inspection_end_date"],
                             row["publication_date"])
    la = row["la_code"]
    if start and end and end < start:
        issue(la, "inspection_end_date", f"{end:%d/%m/%Y}", "warning",
              "inspection ends before it starts")
    if end and published and published < end:
        issue(la, "publication_date", f"{published:%d/%m/%Y}", "warning",
              "report published before the inspection ended")
    for key in ("inspection_start_date", "inspection_end_date", "publication_date"):
        value = row[key]
        if value and not dt.date(2018, 1, 1) <= value <= dt.date.today() + dt.timedelta(days=366):
            issue(la, key, f"{value:%d/%m/%Y}", "warning",
                  "date outside the ILACS years (2018 onwards): check it")


def _title(name: str | None) -> str | None:
    """'bournemouth, christchurch & poole' -> 'Bournemouth, Christchurch & Poole'."""
    if not name:
        return name
    small = {"and", "of", "upon", "on", "the", "with", "under", "in"}
    words = re.split(r"(\s+|-)", name)
    out = []
    for i, w in enumerate(words):
        out.append(w if (i and w.lower() in small) else w[:1].upper() + w[1:])
    return "".join(out)


def clean_lookup(raw: pd.DataFrame, source_file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed rows for ref_la, with the region fixed from its name, and every fix reported."""
    issues: list[Issue] = []
    rows: list[dict] = []
    for _, r in raw.iterrows():
        la = clean_text(r.get("la_code"))
        if la is None:
            issues.append(Issue("lookup", None, "la_code", None, "error",
                                "LA code missing: row skipped"))
            continue
        region_name = clean_text(r.get("region_name")) or clean_text(r.get("rgn22nm"))
        ons_name = clean_text(r.get("rgn22nm"))
        code = REGION_BY_NAME.get((region_name or "").lower())
        if code is None or (ons_name and ons_name.lower() != region_name.lower()):
            issues.append(Issue("lookup", la, "region_name", _raw(region_name), "warning",
                                "region name missing, unknown or contradicting the ONS region "
                                "name: region left blank"))
            code = None
        else:
            ons = REGIONS[code][1]
            given_code, given_ons = clean_text(r.get("region_code")), clean_text(r.get("rgn22cd"))
            if given_code != code:
                issues.append(Issue("lookup", la, "region_code", _raw(r.get("region_code")),
                                    "fixed",
                                    f"region code {given_code or '(blank)'} does not match the "
                                    f"region {region_name}: set to {code}"))
            if given_ons != ons:
                issues.append(Issue("lookup", la, "rgn22cd", _raw(r.get("rgn22cd")), "fixed",
                                    f"ONS region code {given_ons or '(blank)'} does not match "
                                    f"the region {region_name}: set to {ons}"))
        population = clean_text(r.get("ons_population_0-25"))
        rows.append({
            "la_code": la,
            "la_name": clean_text(r.get("local_authority_ons_name")),
            "ons_code": clean_text(r.get("la_code_new")),
            "region_code": code,
            "region_name": REGIONS[code][0] if code else None,
            "rgn22cd": REGIONS[code][1] if code else None,
            "la_type": clean_text(r.get("ons_la_type")),
            "population_0_25": int(population) if population and population.isdigit() else None,
            "stat_neighbours": clean_text(r.get("stat_neighbours")),
            "source_file": source_file,
        })
    frame = pd.DataFrame(rows)
    duplicated = frame.la_code.duplicated(keep="first")
    for la in frame.la_code[duplicated]:
        issues.append(Issue("lookup", la, "la_code", la, "error",
                            "LA code appears twice: second row skipped"))
    return frame[~duplicated], issues


# ------------------------------------------------------------------------------------- writing

def import_reference(db: str | Path | None = None, judgements_file: Path | None = None,
                     lookup_file: Path | None = None) -> ImportResult:
    """Replace ref_ilacs_judgements, ref_la and ref_import_issues from the two files."""
    judgements_file = Path(judgements_file or DEFAULT_JUDGEMENTS)
    lookup_file = Path(lookup_file or DEFAULT_LOOKUP)
    for path, what in ((judgements_file, "judgements workbook"), (lookup_file, "LA lookup")):
        if not path.is_file():
            raise FileNotFoundError(f"{what} not found: {path}")
    judgements, issues = clean_judgements(read_judgements(judgements_file), judgements_file.name)
    lookup, lookup_issues = clean_lookup(read_lookup(lookup_file), lookup_file.name)
    issues += lookup_issues

    # The lookup's corrected region fills a region the judgements file lacks.
    regions = dict(zip(lookup.la_code, lookup.region_code, strict=True))
    for i, row in judgements.iterrows():
        fixed = regions.get(row.la_code)
        if pd.isna(row.region_code) and fixed:
            judgements.at[i, "region_code"] = fixed
            issues.append(Issue("judgements", row.la_code, "region_code", None, "fixed",
                                f"region taken from the LA lookup: {fixed}"))
        elif fixed and row.region_code != fixed:
            issues.append(Issue("judgements", row.la_code, "region_code", row.region_code,
                                "warning", f"region differs from the LA lookup ({fixed})"))
    missing = sorted(set(judgements.la_code) - set(lookup.la_code))
    issues += [Issue("judgements", la, "la_code", la, "warning", "LA code not in the LA lookup")
               for la in missing]
    lookup = lookup.assign(has_judgement=lookup.la_code.isin(judgements.la_code))
    issues += [Issue("lookup", la, "la_code", la, "info",
                     "no ILACS judgement in the judgements file (a former LA?)")
               for la in lookup.la_code[~lookup.has_judgement]]

    with warehouse.write_transaction(db) as con:
        _replace(con, "ref_ilacs_judgements", judgements)
        _replace(con, "ref_la", lookup)
        issue_frame = pd.DataFrame([vars(i) for i in issues],
                                   columns=["source", "la_code", "field", "value", "severity",
                                            "message"])
        _replace(con, "ref_import_issues", issue_frame)
    return ImportResult(judgements=len(judgements), las=len(lookup), issues=issues)


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Empty the table and insert the frame by column name, stamping imported_at."""
    columns = [c for c in frame.columns]
    con.register("_import_frame", frame.astype(object).where(frame.notna(), None))
    try:
        warehouse.run(con, f"delete from {table}")
        names = ", ".join(columns)
        warehouse.run(con, f"insert into {table} ({names}, imported_at) "
                           f"select {names}, current_timestamp from _import_frame")
    finally:
        con.unregister("_import_frame")
