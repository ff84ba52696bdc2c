"""Load the published statistics of the reference folder's `dfe/` files into the warehouse.

`annexa reference import` (issue 12, point 1). Python finds and reads each file exactly as
published (EES and ONS CSV through DuckDB's reader, every cell as text; Ofsted's `.ods` through
fastexcel) and checks its shape; SQL turns the staged text into the tidy tables of
sql/00_base/32_ref_published.sql. The catalogue of files and measures is
annexa/services/reference_sources.py; the rules are docs/methodology/national-comparisons.md
RD1-RD9.

- A missing or malformed file is reported by name with what to do, and every other file still
  loads; its family keeps the rows of the last import that could read it.
- A suppression symbol or a blank is a null value with its reason, never zero.
- Rates per 10,000 that the publication does not give (children in need, referrals, CP plans) are
  computed from its count and the ONS 0-17 estimate for the mid-year before the 31 March, as DfE
  computes the rates it does publish.
- Ofsted's official outcomes are read under the framework of each inspection
  (annexa/rules/ilacs_framework.py) with the grade rules of annexa/services/judgements.py.
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
from annexa.services import judgements
from annexa.services import reference_sources as catalogue
from annexa.store import warehouse

DFE = "dfe"
# Columns of the EES files that are not measures (c3's factors are every other column).
_NOT_FACTORS = {"time_period", "time_identifier", "geographic_level", "country_code",
                "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
                "la_name", "category", "la_code"}
_DIMENSIONS = ("time_period", "geographic_level", "country_code", "country_name", "region_code",
               "region_name", "old_la_code", "new_la_code", "la_name")


@dataclass
class Problem:
    family: str
    source_file: str | None
    severity: str  # 'error' (file not read), 'warning', 'info'
    message: str


@dataclass
class FileResult:
    family: str
    label: str
    path: Path | None = None
    status: str = "missing"  # loaded | missing | malformed | kept (set when written)
    message: str | None = None
    rows: int = 0

    @property
    def name(self) -> str | None:
        return self.path.name if self.path else None


@dataclass
class ReferenceResult:
    folder: Path
    files: list[FileResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def loaded(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "loaded"]

    @property
    def not_loaded(self) -> list[FileResult]:
        return [f for f in self.files if f.status != "loaded"]


class MalformedFile(ValueError):
    """A file that is not the publication it is named after: its message says what to do."""


def dfe_folder(reference_dir: str | Path | None = None) -> Path:
    return config.reference_dir(reference_dir) / DFE


# ------------------------------------------------------------------------------------ reading

def _find(folder: Path, source: catalogue.Source, result: ReferenceResult) -> Path | None:
    """The file for a source; of several (last year's and this year's), the last by name."""
    found = sorted(p for p in folder.glob(source.pattern) if p.is_file())
    if len(found) > 1:
        result.problems.append(Problem(
            source.family, found[-1].name, "warning",
            f"{len(found)} files match {source.pattern}: {found[-1].name} is read, "
            f"{', '.join(p.name for p in found[:-1])} ignored; remove the files you no longer "
            "want"))
    return found[-1] if found else None


def _read_csv(mem: duckdb.DuckDBPyConnection, path: Path, table: str) -> dict[str, str]:
    """The CSV as a text table; returns its columns by lower-case name."""
    try:
        warehouse.run(mem, f'create or replace temp table "{table}" as select * from '
                           "read_csv(?, all_varchar = true, header = true)", [str(path)])
    except duckdb.Error as exc:
        raise MalformedFile(f"{path.name} could not be read as a CSV file "
                            f"({type(exc).__name__})") from None
    columns = [r[0] for r in mem.execute(f'describe "{table}"').fetchall()]
    return {c.strip().lower(): c for c in columns}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _download_hint(source: catalogue.Source) -> str:
    return (f"download the file again as published ({source.publication}) and put it in the "
            "reference folder's dfe/ folder, then run `annexa reference import`")


def _stage_ees(mem, source: catalogue.Source, path: Path, result: ReferenceResult) -> int:
    columns = _read_csv(mem, path, "raw")
    missing = [c for c in (*catalogue.EES_REQUIRED, *source.breakdown) if c not in columns]
    if missing:
        raise MalformedFile(f"{path.name} has no column {', '.join(missing)}: it is not the "
                            f"EES file for {source.label}")
    measures = catalogue.measures_of(source.family)
    if source.family == "assessment_factors":
        measures = _factor_measures(columns)
    readable = []
    for m in measures:
        if m.column.lower() in columns:
            readable.append(m)
        else:
            result.problems.append(Problem(source.family, path.name, "warning",
                                           f"no column {m.column}: measure {m.measure} not "
                                           "loaded (has the publication renamed it?)"))
    if not readable:
        raise MalformedFile(f"{path.name} has none of the measure columns expected for "
                            f"{source.label}")
    dims = ", ".join(f"{_q(columns[d])} as {d}" if d in columns else f"null as {d}"
                     for d in _DIMENSIONS)
    staged = 0
    for m in readable:
        where = " and ".join(f"trim({_q(columns[b])}) = ?" for b in source.breakdown) or "true"
        params = [m.measure, source.family, m.value_format, path.name, *m.breakdown]
        warehouse.run(mem, f"insert into stage_long select ?, ?, ?, ?, {dims}, "
                           f"{_q(columns[m.column.lower()])} from raw where {where}", params)
        n = mem.execute("select count(*) from stage_long where measure = ?",
                        [m.measure]).fetchall()[0][0]
        if not n:
            result.problems.append(Problem(
                source.family, path.name, "warning",
                f"no rows for measure {m.measure} ({' / '.join(m.breakdown)}): has the "
                "publication renamed the breakdown?"))
        staged += n
    if source.family == "assessment_factors":
        rows = [(m.measure, m.family, m.unit, m.period, m.counts, m.column, "published",
                 m.geography) for m in readable]
        mem.executemany("insert into stage_measures values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return staged


def _factor_measures(columns: dict[str, str]) -> list[catalogue.Measure]:
    out = []
    for key, column in columns.items():
        if key in _NOT_FACTORS:
            continue
        if column == catalogue.ASSESSMENT_FACTOR_TOTAL:
            name, words = ("assessment_episodes_with_factors",
                           "assessment episodes completed in the year with at least one factor "
                           "recorded")
        else:
            name = "assessment_factor_" + re.sub(r"[^a-z0-9]+", "_", key).strip("_")
            words = (f"assessment episodes completed in the year with the factor "
                     f"'{column}' identified at the end of assessment")
        out.append(catalogue.Measure(name, "assessment_factors", column, "count", "year to",
                                     words))
    return out


def _stage_census(mem, source: catalogue.Source, path: Path, result: ReferenceResult) -> int:
    columns = list(_read_csv(mem, path, "raw").values())
    lower = [c.lower() for c in columns]
    if (len(columns) != 5 or "ethnic group" not in lower[3] or lower[4] != "observation"
            or not lower[0].endswith("code")):
        raise MalformedFile(f"{path.name} is not the ONS Census 2021 TS021 CSV as downloaded "
                            "(expected 5 columns: area code, area, ethnic group code, ethnic "
                            "group, Observation)")
    level = {"census_ethnicity_la": "la", "census_ethnicity_region": "region",
             "census_ethnicity_england": "england"}[source.family]
    code, name, group_code, group, obs = (_q(c) for c in columns)
    # England only (the national file also has Wales); 'Does not apply' (-8) is no ethnic group.
    dropped = mem.execute(
        f"select count(*) filter (where {group_code} = '-8' and try_cast({obs} as double) <> 0) "
        f"from raw").fetchall()[0][0]
    if dropped:
        result.problems.append(Problem(source.family, path.name, "warning",
                                       f"{dropped} 'Does not apply' rows are not zero; left out"))
    warehouse.run(mem, f"""
        insert into stage_census
        select ?, trim({code}), trim({name}), try_cast({group_code} as integer), trim({group}),
               {obs}, ?
        from raw
        where trim({code}) like 'E%' and trim({group_code}) <> '-8'""", [level, path.name])
    return mem.execute("select count(*) from stage_census where source_file = ?",
                       [path.name]).fetchall()[0][0]


def _stage_neighbours(mem, source: catalogue.Source, path: Path, result: ReferenceResult) -> int:
    columns = _read_csv(mem, path, "raw")
    wanted = ["old_la_code", *(f"sn_{i}" for i in range(1, 11))]
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise MalformedFile(f"{path.name} has no column {', '.join(missing)}: it is not DfE's "
                            "statistical neighbour model in its wide form")
    model = re.search(r"(\d{4})", path.name)
    codes = ", ".join(_q(columns[f"sn_{i}"]) for i in range(1, 11))
    closeness = ", ".join(_q(columns[f"sn_{i}p"]) if f"sn_{i}p" in columns else "null"
                          for i in range(1, 11))
    optional = ", ".join(_q(columns[c]) if c in columns else "null"
                         for c in ("la_name", "region_name"))
    warehouse.run(mem, f"""
        insert into stage_neighbours
        select ?, trim({_q(columns['old_la_code'])}), {optional}, r,
               trim([{codes}][r]), trim([{closeness}][r]), ?
        from raw cross join range(1, 11) as t (r)""",
                  [model.group(1) if model else None, path.name])
    return mem.execute("select count(*) from stage_neighbours").fetchall()[0][0]


# --------------------------------------------------------------------------- Ofsted's outcomes

_ODS_COLUMNS = (  # (key, words the header contains), first match wins: care leavers first
    ("ons_code", "local authority area code"),
    ("la_name", "local authority name"),
    ("la_status", "local authority status"),
    ("ofsted_region", "region"),
    ("inspection_date", "inspection date"),
    ("publication_date", "publication date"),
    ("inspection_type", "inspection type"),
    ("overall_grade", "overall effectiveness"),
    ("leaders_grade", "impact of leaders"),
    ("help_and_protection_grade", "help and protection"),
    ("care_leavers_grade", "progress of care leavers"),
    ("in_care_grade", "children in care"),
)
_ODS_REQUIRED = ("ons_code", "inspection_date", "overall_grade", "leaders_grade",
                 "help_and_protection_grade", "in_care_grade")
_GRADES = ("overall_grade", "leaders_grade", "help_and_protection_grade", "in_care_grade",
           "care_leavers_grade")
_MONTHS = "January February March April May June July August September October November December"
_WORD_DATE = re.compile(r"(\d{1,2}) (" + "|".join(_MONTHS.split()) + r") (\d{4})", re.I)


def _word_date(text: str) -> dt.date | None:
    m = _WORD_DATE.search(text or "")
    if not m:
        return None
    month = [x.lower() for x in _MONTHS.split()].index(m.group(2).lower()) + 1
    return dt.date(int(m.group(3)), month, int(m.group(1)))


def _cell_date(value) -> dt.date | None:
    """An ODS date cell read as text ('2023-07-10T00:00:00'), or dd/mm/yyyy; ValueError else."""
    text = judgements.clean_text(value)
    if text is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ]00:00:00(\.0+)?)?", text):
        return dt.date.fromisoformat(text[:10])
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    raise ValueError(text)


def _sheet(reader, words: str):
    names = [n for n in reader.sheet_names if n.lower().replace(" ", "_").startswith(words)]
    return names[0] if names else None


def _ods_table(reader, sheet: str, path: Path) -> pd.DataFrame:
    """A sheet's table below its title rows, with our column keys."""
    grid = reader.load_sheet(sheet, header_row=None, dtypes="string").to_pandas()
    header = None
    for i in range(min(len(grid), 15)):
        cells = [str(v).strip().lower() for v in grid.iloc[i] if isinstance(v, str)]
        if "local authority area code" in cells:
            header = i
            break
    if header is None:
        raise MalformedFile(f"{path.name}, sheet {sheet}: no header row with 'Local authority "
                            "area code'")
    names = {}
    for position, cell in enumerate(grid.iloc[header]):
        text = str(cell).strip().lower() if isinstance(cell, str) else ""
        for key, words in _ODS_COLUMNS:
            if words in text and key not in names.values():
                names[position] = key
                break
    missing = [k for k in _ODS_REQUIRED if k not in names.values()]
    if missing:
        raise MalformedFile(f"{path.name}, sheet {sheet}: no column for "
                            f"{', '.join(m.replace('_', ' ') for m in missing)}")
    body = grid.iloc[header + 1:, list(names)].set_axis(list(names.values()), axis=1)
    # Notes below the table have no LA code.
    return body[body.ons_code.map(judgements.clean_text).notna()].reset_index(drop=True)


def _stage_outcomes(mem, source: catalogue.Source, path: Path, result: ReferenceResult) -> int:
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:  # noqa: BLE001 - any reader failure means the same to the user
        raise MalformedFile(f"{path.name} could not be read as a spreadsheet "
                            f"({type(exc).__name__})") from None
    history_sheet = _sheet(reader, "ilacs_inspection_history")
    latest_sheet = _sheet(reader, "inspections_as_at")
    if history_sheet is None and latest_sheet is None:
        raise MalformedFile(f"{path.name} has neither an 'ILACS_inspection_history' nor an "
                            "'Inspections_as_at_31_March' sheet: it is not Ofsted's LA "
                            "inspection outcomes")
    cover = {}
    if _sheet(reader, "cover"):
        grid = reader.load_sheet(_sheet(reader, "cover"), header_row=None,
                                 dtypes="string").to_pandas()
        for row in grid.itertuples(index=False):
            if len(row) > 1 and isinstance(row[0], str):
                cover[row[0].strip().rstrip(":").lower()] = row[1]
    period = str(cover.get("period covered") or "")
    as_at = _word_date(period.split("with")[0]) or _word_date(path.stem.replace("_", " "))
    published_by = _word_date(period.split("published by")[-1]) if "published by" in period \
        else None
    try:
        stats_published = _cell_date(cover.get("published on"))
    except ValueError:
        stats_published = None
    latest = _ods_table(reader, latest_sheet, path) if latest_sheet else None
    history = _ods_table(reader, history_sheet, path) if history_sheet else latest
    if history_sheet is None:
        result.problems.append(Problem(source.family, path.name, "warning",
                                       "no ILACS_inspection_history sheet: only each LA's "
                                       "latest inspection is loaded"))
    rows, issue = [], (lambda msg, sev="warning": result.problems.append(
        Problem(source.family, path.name, sev, msg)))
    latest_keys = set()
    for frame, is_latest in ((latest, True), (history, False)):
        if frame is None:
            continue
        for r in frame.to_dict("records"):
            # The latest sheet repeats history rows: its problems are reported once, there.
            row = _outcome_row(r, (lambda *_a, **_k: None) if is_latest else issue)
            if row is None:
                continue
            if is_latest:
                latest_keys.add((row["ons_code"], row["inspection_date"]))
            else:
                rows.append(row)
    if latest is not None:
        known = {(r["ons_code"], r["inspection_date"]) for r in rows}
        for key in sorted(latest_keys - known, key=str):
            issue(f"LA {key[0]}: its inspection of {key[1]} is in '{latest_sheet}' but not in "
                  "the history sheet")
    for row in rows:
        row.update(latest_at_snapshot=(row["ons_code"], row["inspection_date"]) in latest_keys
                   if latest is not None else None,
                   snapshot_as_at=as_at, reports_published_by=published_by,
                   source_file=path.name, source_publication=source.publication,
                   publication_date_of_statistics=stats_published)
    if not rows:
        raise MalformedFile(f"{path.name}: no inspection rows found")
    frame = pd.DataFrame(rows)
    mem.register("_outcomes", frame.astype(object).where(frame.notna(), None))
    warehouse.run(mem, "create or replace temp table stage_outcomes as select * from _outcomes")
    mem.unregister("_outcomes")
    return len(rows)


def _outcome_row(r: dict, issue) -> dict | None:
    ons = judgements.clean_text(r.get("ons_code"))
    row = {"ons_code": ons, "la_name": judgements.clean_text(r.get("la_name")),
           "la_status": judgements.clean_text(r.get("la_status")),
           "ofsted_region": judgements.clean_text(r.get("ofsted_region"))}
    for key in ("inspection_date", "publication_date"):
        try:
            row[key] = _cell_date(r.get(key))
        except ValueError as exc:
            issue(f"LA {ons}: {key.replace('_', ' ')} '{exc}' is not a date: left blank")
            row[key] = None
    if row["inspection_date"] is None:
        issue(f"LA {ons}: a row without an inspection date is skipped")
        return None
    kind = (judgements.clean_text(r.get("inspection_type")) or "").lower()
    row["inspection_type"] = ("standard" if "standard" in kind else "short" if "short" in kind
                              else kind or None)
    framework = ilacs_framework.framework_for(row["inspection_date"])
    row["framework"] = framework.name if framework else None
    for key in _GRADES:
        try:
            row[key] = judgements.normalise_grade(r.get(key))
        except ValueError:
            issue(f"LA {ons}, {row['inspection_date']}: {key.replace('_', ' ')} "
                  f"'{r.get(key)}' is not one of the four grades: left blank")
            row[key] = None
        if row[key] is not None and judgements.framework_omits(framework, key):
            issue(f"LA {ons}, {row['inspection_date']}: {judgements.OMITTED[key]} "
                  f"({framework.name}): the {key.replace('_', ' ')} is left blank")
            row[key] = None
    return row


# ------------------------------------------------------------------------------------ staging

_STAGE_SQL = """
create temp table stage_long (
    measure varchar, family varchar, value_format varchar, source_file varchar,
    time_period varchar, geographic_level varchar, country_code varchar, country_name varchar,
    region_code varchar, region_name varchar, old_la_code varchar, new_la_code varchar,
    la_name varchar, raw_value varchar);
create temp table stage_measures (
    measure varchar, family varchar, unit varchar, period_kind varchar, counts varchar,
    source_column varchar, derivation varchar, geography varchar);
create temp table stage_census (
    geography_level varchar, area_code varchar, area_name varchar, ethnic_group_code integer,
    ethnic_group varchar, raw_value varchar, source_file varchar);
create temp table stage_neighbours (
    model varchar, la_code varchar, la_name varchar, region_name varchar,
    neighbour_rank integer, neighbour_la_code varchar, closeness varchar, source_file varchar);
"""

_STAGERS = {"ees": _stage_ees, "census": _stage_census, "neighbours": _stage_neighbours,
            "ofsted_outcomes": _stage_outcomes}

# The tidy shape: one statement for every EES file. A value is a number, or null with the
# symbol's meaning; a years:months time becomes months.
_TIDY_SQL = """
create or replace temp table tidy as
with typed as (
    select
        s.*,
        nullif(trim(s.raw_value), '') as cell,
        try_cast(trim(s.time_period) as integer) as year,
        case lower(trim(s.geographic_level))
            when 'national' then 'england'
            when 'regional' then
                case when trim(s.region_code) like 'E13%' then 'sub_region' else 'region' end
            when 'local authority' then 'la'
        end as level
    from stage_long as s
),

valued as (
    select
        *,
        case
            when value_format = 'years:months' and regexp_full_match(cell, '\\d+:\\d{1,2}')
                then cast(split_part(cell, ':', 1) as integer) * 12
                    + cast(split_part(cell, ':', 2) as integer)
            when value_format = 'number'
                and regexp_full_match(replace(cell, ',', ''), '-?\\d+(\\.\\d+)?')
                then cast(replace(cell, ',', '') as double)
        end as value
    from typed
    where year is not null and length(trim(time_period)) = 4 and level is not null
)

select
    v.measure,
    v.family,
    v.year as time_period,
    v.level as geography_level,
    case v.level
        when 'england' then coalesce(nullif(trim(v.country_code), ''), 'E92000001')
        when 'la' then coalesce(nullif(trim(v.new_la_code), ''), nullif(trim(v.old_la_code), ''))
        else nullif(trim(v.region_code), '')
    end as area_code,
    case v.level
        when 'england' then coalesce(nullif(trim(v.country_name), ''), 'England')
        when 'la' then trim(v.la_name)
        else trim(v.region_name)
    end as area_name,
    case when v.level = 'la' then nullif(trim(v.old_la_code), '') end as la_code,
    case when v.level = 'la' then nullif(trim(v.new_la_code), '') end as new_la_code,
    case when v.level = 'la' then trim(v.la_name) end as la_name,
    -- Inner and Outer London (E13) are parts of the London region (E12000007).
    case
        when v.level = 'england' then null
        when trim(v.region_code) like 'E13%' then 'E12000007'
        else nullif(trim(v.region_code), '')
    end as region_code,
    case
        when v.level = 'england' then null
        when trim(v.region_code) like 'E13%' then 'London'
        else nullif(trim(v.region_name), '')
    end as region_name,
    v.value,
    case when v.value is null then coalesce(v.cell, '') end as suppression_symbol,
    case
        when v.value is not null then null
        when v.cell is null then ?
        else coalesce(sym.meaning, 'unreadable value')
    end as suppression,
    v.source_file
from valued as v
left join suppression_symbols as sym on sym.symbol = lower(v.cell)
"""


def _stage_all(folder: Path, result: ReferenceResult) -> duckdb.DuckDBPyConnection:
    mem = duckdb.connect()
    for statement in _STAGE_SQL.split(";"):
        if statement.strip():
            warehouse.run(mem, statement)
    mem.executemany("insert into stage_measures values (?, ?, ?, ?, ?, ?, ?, ?)", [
        (m.measure, m.family, m.unit, m.period, m.counts,
         " / ".join((m.column, *m.breakdown)), "published", m.geography)
        for m in catalogue.MEASURES if m.family != "population"] + [
        (c.measure, _family_of(c.numerator), c.unit, c.period, c.counts,
         f"{c.numerator} / population_0_17 (ONS mid-year before) x 10,000", "computed",
         "England, regions, LAs") for c in catalogue.COMPUTED])
    warehouse.run(mem, "create temp table suppression_symbols (symbol varchar, meaning varchar)")
    mem.executemany("insert into suppression_symbols values (?, ?)",
                    list(catalogue.SUPPRESSION.items()))
    for source in catalogue.SOURCES:
        file = FileResult(source.family, source.label)
        result.files.append(file)
        file.path = _find(folder, source, result)
        if file.path is None:
            file.status = "missing"
            file.message = (f"no file {source.pattern} in {folder}: "
                            f"{_download_hint(source)}")
            result.problems.append(Problem(source.family, None, "error", file.message))
            continue
        warehouse.run(mem, "begin transaction")
        try:
            file.rows = _STAGERS[source.kind](mem, source, file.path, result)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            warehouse.run(mem, "rollback")
            reason = (str(exc) if isinstance(exc, MalformedFile) else
                      f"{file.name} could not be read ({type(exc).__name__}: "
                      f"{str(exc).splitlines()[0][:200] if str(exc) else 'no detail'})")
            file.status, file.message = "malformed", f"{reason}; {_download_hint(source)}"
            result.problems.append(Problem(source.family, file.name, "error", file.message))
            continue
        warehouse.run(mem, "commit")
        file.status = "loaded"
    warehouse.run(mem, _TIDY_SQL, [catalogue.BLANK_REASON])
    _report_values(mem, result)
    return mem


def _family_of(measure: str) -> str:
    return next(m.family for m in catalogue.MEASURES if m.measure == measure)


def _report_values(mem, result: ReferenceResult) -> None:
    """Rows dropped (no year or geography) and cells neither a number nor a known symbol."""
    for family, file, n, examples in mem.execute("""
            select family, any_value(source_file), count(*),
                   string_agg(distinct trim(geographic_level) || ' ' || trim(time_period), ', ')
            from stage_long
            where try_cast(trim(time_period) as integer) is null
               or length(trim(time_period)) <> 4
               or lower(trim(geographic_level))
                  not in ('national', 'regional', 'local authority')
            group by family""").fetchall():
        result.problems.append(Problem(family, file, "info",
                                       f"{n} values of other years or geographies not loaded "
                                       f"({examples[:200]})"))
    for family, file, n, examples in mem.execute("""
            select family, any_value(source_file), count(*),
                   string_agg(distinct suppression_symbol, ', ')
            from tidy where suppression = 'unreadable value'
            group by family""").fetchall():
        result.problems.append(Problem(family, file, "warning",
                                       f"{n} values are neither a number nor a known "
                                       f"suppression symbol ({examples[:200]}): loaded as "
                                       "missing values"))
    for family, file, n in mem.execute("""
            select family, any_value(source_file), count(*) - count(distinct (
                measure, geography_level, area_code, time_period))
            from tidy group by family having count(*) > count(distinct (
                measure, geography_level, area_code, time_period))""").fetchall():
        result.problems.append(Problem(family, file, "warning",
                                       f"{n} rows repeat a measure, area and year already "
                                       "given: the first is kept"))


# ------------------------------------------------------------------------------------ writing

def import_reference_data(db: str | Path | None = None,
                          reference_dir: str | Path | None = None) -> ReferenceResult:
    """Read every dfe/ file and replace the families read; raises FileNotFoundError when the
    folder itself is missing (nothing is written then)."""
    folder = dfe_folder(reference_dir)
    if not folder.is_dir():
        raise FileNotFoundError(
            f"no published statistics folder at {folder}: put the downloaded files there "
            f"(its README lists them), or give --reference-dir DIR or ${config.REFERENCE_ENV} "
            "for a reference folder holding dfe/")
    result = ReferenceResult(folder)
    mem = _stage_all(folder, result)
    try:
        staged = {name: mem.sql(f"select * from {name}").to_arrow_table()
                  for name in ("tidy", "stage_measures", "stage_census", "stage_neighbours")}
        staged["stage_outcomes"] = (mem.sql("select * from stage_outcomes").to_arrow_table()
                                    if _has_table(mem, "stage_outcomes") else None)
    finally:
        mem.close()
    with warehouse.write_transaction(db) as con:
        for name, table in staged.items():
            if table is not None:
                con.register(f"_{name}", table)
        try:
            _write(con, result)
        finally:
            for name, table in staged.items():
                if table is not None:
                    con.unregister(f"_{name}")
    return result


def _has_table(con, name: str) -> bool:
    return bool(con.execute("select count(*) from duckdb_tables() where table_name = ?",
                            [name]).fetchall()[0][0])


def _write(con: duckdb.DuckDBPyConnection, result: ReferenceResult) -> None:
    loaded = {f.family for f in result.loaded}
    sources = [(s.family, s.publication, s.published.get(_last_year(con, s.family)))
               for s in catalogue.SOURCES]
    con.execute("create temp table _sources (family varchar, publication varchar, "
                "published date)")
    con.executemany("insert into _sources values (?, ?, ?)", sources)
    con.execute("create temp table _loaded (family varchar)")
    warehouse.insert_rows(con, "_loaded", ["family"], [(f,) for f in loaded])
    con.execute("create temp table _computed (measure varchar, numerator varchar)")
    con.executemany("insert into _computed values (?, ?)",
                    [(c.measure, c.numerator) for c in catalogue.COMPUTED])
    _write_published(con)
    _write_population(con)
    _write_measures(con)
    _compute_rates(con)
    if "statistical_neighbours" in loaded:
        _write_neighbours(con, result)
    _write_census(con, result)
    if "ofsted_outcomes" in loaded:
        _write_outcomes(con, result)
    _write_files(con, result)
    warehouse.run(con, "delete from ref_reference_issues")
    if result.problems:
        warehouse.insert_rows(con, "ref_reference_issues",
                              ["family", "source_file", "severity", "message", "imported_at"],
                              [(p.family, p.source_file, p.severity, p.message,
                                dt.datetime.now()) for p in result.problems])
    for table in ("_sources", "_loaded", "_computed"):
        warehouse.run(con, f"drop table {table}")


def _last_year(con, family: str) -> int | None:
    """The family's latest data year in this import's staged rows (for its publication date)."""
    if family.startswith("census"):
        return 2021
    return con.execute("select max(time_period) from _tidy where family = ?",
                       [family]).fetchall()[0][0]


_PERIOD = """
    case m.period_kind when 'at' then 'at 31 March ' else 'year to 31 March ' end
        || t.time_period"""


def _write_published(con) -> None:
    warehouse.run(con, """
        delete from ref_published
        where family in (select family from _loaded) or derivation = 'computed'""")
    warehouse.run(con, f"""
        insert into ref_published
        select
            t.measure, t.family, t.time_period, make_date(t.time_period, 3, 31), {_PERIOD},
            t.geography_level, t.area_code, t.area_name, t.la_code, t.new_la_code, t.la_name,
            t.region_code, t.region_name, t.value, t.suppression_symbol, t.suppression,
            'published', t.source_file, s.publication, s.published, current_timestamp
        from _tidy as t
        join _stage_measures as m using (measure)
        join _sources as s on s.family = t.family
        where t.family <> 'population'
        qualify row_number() over (
            partition by t.measure, t.geography_level, t.area_code, t.time_period
            order by t.source_file) = 1""")


def _write_population(con) -> None:
    if not con.execute("select count(*) from _loaded where family = 'population'"
                       ).fetchall()[0][0]:
        return
    warehouse.run(con, "delete from ref_population")
    warehouse.run(con, """
        insert into ref_population
        select
            t.time_period, make_date(t.time_period, 6, 30), t.geography_level, t.area_code,
            t.area_name, t.la_code, t.new_la_code, t.la_name, t.region_code, t.region_name,
            t.value, t.suppression_symbol, t.suppression, t.source_file, s.publication,
            s.published, current_timestamp
        from _tidy as t
        join _sources as s on s.family = t.family
        where t.family = 'population'
        qualify row_number() over (
            partition by t.geography_level, t.area_code, t.time_period
            order by t.source_file) = 1""")


def _write_measures(con) -> None:
    # Catalogue rows are rewritten every time; c3's (named from its columns) only when read.
    warehouse.run(con, """
        delete from ref_published_measures
        where family <> 'assessment_factors'
           or family in (select family from _loaded)""")
    warehouse.run(con, """
        insert or replace into ref_published_measures
        select measure, family, unit, period_kind, counts, source_column, derivation, geography
        from _stage_measures""")


def _compute_rates(con) -> None:
    """Rates per 10,000 the publication lacks: its count over ONS children aged 0-17 at 30 June
    of the year before the 31 March (DfE's convention for the rates it publishes; a test checks
    it reproduces the published rate of children looked after)."""
    warehouse.run(con, """
        insert into ref_published
        select
            c.measure, p.family, p.time_period, p.period_end, p.period, p.geography_level,
            p.area_code, p.area_name, p.la_code, p.new_la_code, p.la_name, p.region_code,
            p.region_name,
            case when p.value is not null and pop.population_0_17 > 0
                 then p.value / pop.population_0_17 * 10000 end,
            case when p.value is null then p.suppression_symbol
                 when pop.population_0_17 is null then pop.suppression_symbol end,
            case when p.value is null then p.suppression
                 when pop.population_0_17 is null or pop.population_0_17 <= 0
                 then 'no ONS population estimate for mid-' || (p.time_period - 1) end,
            'computed',
            p.source_file || ' + ' || coalesce(pop.source_file, 'no population file'),
            'computed from ' || p.source_publication || ' and ' || coalesce(
                pop.source_publication, 'the ONS mid-year estimates'),
            p.publication_date, current_timestamp
        from ref_published as p
        join _computed as c on c.numerator = p.measure
        left join ref_population as pop
            on pop.year = p.time_period - 1
            and pop.geography_level = p.geography_level
            and (case when p.geography_level = 'la' then pop.la_code = p.la_code
                      else pop.area_code = p.area_code end)
        where p.derivation = 'published'""")


def _write_neighbours(con, result: ReferenceResult) -> None:
    warehouse.run(con, "delete from ref_stat_neighbours")
    warehouse.run(con, """
        insert into ref_stat_neighbours
        select model, la_code, trim(la_name), trim(region_name), neighbour_rank,
               neighbour_la_code, closeness, source_file, s.publication, current_timestamp
        from _stage_neighbours
        join _sources as s on s.family = 'statistical_neighbours'
        where regexp_full_match(la_code, '\\d{3}')
          and regexp_full_match(neighbour_la_code, '\\d{3}')""")
    for message, in con.execute("""
            select 'LA ' || la_code || ': neighbour ' || neighbour_rank || ' is '
                   || coalesce('''' || neighbour_la_code || '''', 'blank')
                   || ', not a 3-digit LA code: left out'
            from _stage_neighbours
            where not coalesce(regexp_full_match(la_code, '\\d{3}')
                               and regexp_full_match(neighbour_la_code, '\\d{3}'), false)
            union all
            select 'LA ' || la_code || ' is its own neighbour' from ref_stat_neighbours
            where la_code = neighbour_la_code
            union all
            select 'LA ' || la_code || ' has ' || count(distinct neighbour_la_code)
                   || ' distinct neighbours, not 10'
            from ref_stat_neighbours group by la_code
            having count(distinct neighbour_la_code) <> 10
            union all
            select 'neighbour ' || n.neighbour_la_code || ' (of LA ' || min(n.la_code)
                   || ') is not an LA of the published statistics'
            from ref_stat_neighbours as n
            where not exists (select 1 from ref_published as p
                              where p.la_code = n.neighbour_la_code)
              and exists (select 1 from ref_published)
            group by n.neighbour_la_code""").fetchall():
        result.problems.append(Problem("statistical_neighbours", None, "warning", message))


def _write_census(con, result: ReferenceResult) -> None:
    levels = {"census_ethnicity_la": "la", "census_ethnicity_region": "region",
              "census_ethnicity_england": "england"}
    for family, level in levels.items():
        if not con.execute("select count(*) from _loaded where family = ?",
                           [family]).fetchall()[0][0]:
            continue
        warehouse.run(con, "delete from ref_census_ethnicity where geography_level = ?", [level])
        # Whom the counts are of: TS021 counts all usual residents. Checked against the ONS
        # 0-17 estimate for mid-2021 so a child-age table dropped in later is labelled as such.
        warehouse.run(con, """
            insert into ref_census_ethnicity
            with areas as (
                select area_code, sum(try_cast(raw_value as double)) as people
                from _stage_census
                where geography_level = ?
                group by area_code
            ),

            basis as (
                select case
                    when sum(pop.population_0_17) is null then 'not checked: no 0-17 estimate'
                    when sum(a.people) > 1.5 * sum(pop.population_0_17)
                        then 'all usual residents (all ages)'
                    else 'children aged 0-17'
                end as population_basis
                from areas as a
                join ref_population as pop
                    on pop.year = 2021 and pop.geography_level = ? and pop.area_code = a.area_code
            )
            select c.geography_level, c.area_code, c.area_name, m.la_code,
                   c.ethnic_group_code, c.ethnic_group,
                   trim(split_part(c.ethnic_group, ':', 1)),
                   try_cast(c.raw_value as double), b.population_basis, c.source_file,
                   s.publication, s.published, current_timestamp
            from _stage_census as c
            cross join basis as b
            join _sources as s on s.family = ?
            left join ref_la_codes as m
                on c.geography_level = 'la' and m.ons_code = c.area_code
            where c.geography_level = ?""", [level, level, family, level])
    basis = dict(con.execute("""
        select population_basis, string_agg(distinct geography_level, ', ')
        from ref_census_ethnicity group by 1""").fetchall())
    for words, levels in basis.items():
        if words != "children aged 0-17":
            result.problems.append(Problem(
                "census_ethnicity_la", None, "warning",
                f"the Census 2021 ethnic group counts ({levels}) are {words}, not children: "
                "setting a cohort of children against them compares it with the whole "
                "population; for children, download Census 2021 ethnic group by age"))
    for area, name in con.execute("""
            select area_code, area_name from ref_census_ethnicity
            where geography_level = 'la' and la_code is null
            group by all order by 1""").fetchall():
        result.problems.append(Problem("census_ethnicity_la", None, "info",
                                       f"{name} ({area}) has no 3-digit LA code in the "
                                       "published statistics or the LA lookup"))


def _write_outcomes(con, result: ReferenceResult) -> None:
    warehouse.run(con, "delete from ref_ofsted_outcomes")
    warehouse.run(con, """
        insert into ref_ofsted_outcomes
        select m.la_code, o.ons_code, o.la_name, o.la_status, o.ofsted_region,
               o.inspection_type, o.inspection_date, o.publication_date, o.overall_grade,
               o.leaders_grade, o.help_and_protection_grade, o.in_care_grade,
               o.care_leavers_grade, o.framework, o.latest_at_snapshot, o.snapshot_as_at,
               o.reports_published_by, o.source_file, o.source_publication,
               o.publication_date_of_statistics, current_timestamp
        from _stage_outcomes as o
        left join ref_la_codes as m on m.ons_code = o.ons_code""")
    for ons, name in con.execute("select distinct ons_code, la_name from ref_ofsted_outcomes "
                                 "where la_code is null order by 1").fetchall():
        result.problems.append(Problem("ofsted_outcomes", None, "warning",
                                       f"{name} ({ons}): no 3-digit LA code for this ONS code "
                                       "in the published statistics or the LA lookup"))


def _write_files(con, result: ReferenceResult) -> None:
    now = dt.datetime.now()
    for f in result.files:
        before = con.execute("select loaded_at from ref_reference_files where family = ?",
                             [f.family]).fetchall()
        kept = f.status != "loaded" and _rows_of(con, f.family) > 0
        status = "kept" if kept else f.status
        message = f.message
        if kept:
            when = before[0][0] if before and before[0][0] else None
            message = (f"{f.message}. The rows imported"
                       f"{f' on {when:%d/%m/%Y %H:%M}' if when else ''} are kept")
            f.status = "kept"
        first, last, period, period_end = _years(con, f.family)
        source = catalogue.BY_FAMILY[f.family]
        published = source.published.get(last) if last is not None else None
        if f.family == "ofsted_outcomes":
            published = con.execute("select max(publication_date_of_statistics) from "
                                    "ref_ofsted_outcomes").fetchall()[0][0]
        modified = (dt.datetime.fromtimestamp(f.path.stat().st_mtime) if f.path else None)
        loaded_at = now if f.status == "loaded" else (before[0][0] if before else None)
        warehouse.run(con, """
            insert or replace into ref_reference_files values
            (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                      [f.family, f.label, f.name, status, message, _rows_of(con, f.family),
                       first, last, period, period_end, source.publication, published,
                       modified, loaded_at, now])
        if f.status == "loaded" and last is not None and published is None \
                and source.published:
            result.problems.append(Problem(
                f.family, f.name, "info",
                f"publication date of the {last} data not recorded: add it to "
                "annexa/services/reference_sources.py, or read it on the publication page"))


def _rows_of(con, family: str) -> int:
    table, where = _table_of(family)
    return con.execute(f"select count(*) from {table} where {where}", [family]
                       if "?" in where else []).fetchall()[0][0]


def _table_of(family: str) -> tuple[str, str]:
    if family == "population":
        return "ref_population", "true"
    if family == "statistical_neighbours":
        return "ref_stat_neighbours", "true"
    if family == "ofsted_outcomes":
        return "ref_ofsted_outcomes", "true"
    if family.startswith("census_ethnicity_"):
        level = family.removeprefix("census_ethnicity_")
        return "ref_census_ethnicity", f"geography_level = '{level}'"
    return "ref_published", "family = ? and derivation = 'published'"


def _years(con, family: str) -> tuple[int | None, int | None, str | None, dt.date | None]:
    """First and last data year of a family as loaded, its latest period in words and end."""
    if family == "population":
        first, last = con.execute("select min(year), max(year) from ref_population"
                                  ).fetchall()[0]
        if last is None:
            return None, None, None, None
        return first, last, f"mid-{last} (30 June {last})", dt.date(last, 6, 30)
    if family.startswith("census_ethnicity_"):
        if not _rows_of(con, family):
            return None, None, None, None
        return 2021, 2021, "Census day, 21 March 2021", dt.date(2021, 3, 21)
    if family == "statistical_neighbours":
        model = con.execute("select max(model) from ref_stat_neighbours").fetchall()[0][0]
        year = int(model) if model and model.isdigit() else None
        return year, year, (f"{model} model" if model else None), None
    if family == "ofsted_outcomes":
        first, last, as_at, by = con.execute("""
            select min(year(inspection_date)), max(year(inspection_date)),
                   max(snapshot_as_at), max(reports_published_by)
            from ref_ofsted_outcomes""").fetchall()[0]
        if as_at is None:
            return first, last, None, None
        words = f"inspections as at {as_at:%d %B %Y}"
        words += f", reports published by {by:%d %B %Y}" if by else ""
        return first, last, words, as_at
    first, last = con.execute("select min(time_period), max(time_period) from ref_published "
                              "where family = ? and derivation = 'published'",
                              [family]).fetchall()[0]
    if last is None:
        return None, None, None, None
    return first, last, f"year ending 31 March {last}", dt.date(last, 3, 31)


# ------------------------------------------------------------------------------------ reading back

def _dicts(con, sql: str, params=None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def status(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """ref_reference_files with each family's measures counted, in catalogue order."""
    rows = _dicts(con, """
        select f.*, (select count(distinct measure) from ref_published as p
                     where p.family = f.family) as measures
        from ref_reference_files as f""")
    order = {s.family: i for i, s in enumerate(catalogue.SOURCES)}
    return sorted(rows, key=lambda r: order.get(r["family"], len(order)))


def measures(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Each measure: unit, period, years, rows, and LAs with a value in its latest year."""
    return _dicts(con, """
        with latest as (
            select measure, max(time_period) as last_year from ref_published group by measure
        )
        select m.family, m.measure, m.unit, m.period_kind, m.derivation,
               min(p.time_period) as first_year, max(p.time_period) as last_year,
               count(p.measure) as rows, count(p.value) as with_value,
               count(distinct p.la_code) filter (
                   where p.geography_level = 'la' and p.time_period = l.last_year
                   and p.value is not null) as las_latest
        from ref_published_measures as m
        left join ref_published as p using (measure)
        left join latest as l using (measure)
        group by all
        order by m.family, m.measure""")


def comparison_line(con: duckdb.DuckDBPyConnection, limit: int = 15) -> str | None:
    """Where the scraped ILACS judgements and Ofsted's official outcomes disagree, in words
    (ref_judgement_comparison); None when neither is loaded."""
    counts = dict(con.execute("select comparison, count(*) from ref_judgement_comparison "
                              "group by 1").fetchall())
    if not counts:
        return None
    if "official outcomes not loaded" in counts:
        return ("ILACS judgements: Ofsted's official outcomes are not loaded, so the scraped "
                "judgements are not checked against them (run `annexa reference import`).")
    if "scraped file not loaded" in counts:
        return ("ILACS judgements: Ofsted's official outcomes are loaded but not the scraped "
                "judgements file: run `annexa import-judgements` to compare them.")
    as_at = con.execute("select max(snapshot_as_at) from ref_ofsted_outcomes").fetchall()[0][0]
    disagreeing = _dicts(con, """
        select la_code, la_name, comparison,
               string_agg(field || ' ' || coalesce(scraped_value, '(none)') || ' / '
                          || coalesce(official_value, '(none)'), '; ' order by field)
                   as fields
        from ref_judgement_disagreements
        group by all
        order by la_name""")
    words = {"agree": "agree", "disagree": "disagree on the same inspection",
             "after official snapshot": "were inspected or published after the official "
                                        "snapshot (not comparable)",
             "official has a later inspection": "miss a later inspection the official table has",
             "inspection missing from official": "have an inspection the official table lacks",
             "only scraped": "are only in the scraped file",
             "only official": "are only in the official table"}
    parts = [f"{counts[k]} {v}" for k, v in words.items() if counts.get(k)]
    when = f" as at {as_at:%d %B %Y}" if as_at else ""
    lines = [f"ILACS judgements, the scraped file against Ofsted's official outcomes{when}, "
             f"by LA: {', '.join(parts)}."]
    for d in disagreeing[:limit]:
        lines.append(f"  {d['la_code']} {d['la_name']} ({d['comparison']}): {d['fields']} "
                     "(scraped / official)")
    if len(disagreeing) > limit:
        lines.append(f"  ... and {len(disagreeing) - limit} more")
    if disagreeing:
        lines.append("  Each difference is in view ref_judgement_disagreements.")
    return "\n".join(lines)
