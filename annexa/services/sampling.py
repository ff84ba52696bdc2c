"""Propose a case sample for a visit from the database, and save it.

The rule that chooses (pools, coverage, mandatory groups, seeded ties, reasons) is
annexa/rules/sampling.py, which needs no database; this module reads the candidates from the SQL
mart `sample_candidates` (sql/30_marts/40_sampling), applies the rule, builds the reports the page
and the CLI show, and writes saved samples. The rule's names are imported here too, so callers
that propose and save need one module.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from annexa.rules.sampling import (
    FACTORS_NOT_IN_ANNEX_A,
    MANDATORY_LABELS,
    THRESHOLD_FEATURES,
    THRESHOLDS,
    Pick,
    Pool,
    SampleError,
    Settings,
    choose,
    factor_sort_key,
    mandatory_status,
    random_draw,
    reason_for,
    risk_scores,
    shortfall,
)

# The LA's audits list (¶266) is a list of its own, outside lists 1-11, and workbooks often leave
# it out: without it no case can be chosen as LA audited, and the warning says what to do.
AUDITS_SUPPLIED_SQL = ("select count(*) > 0 from list_loads "
                       "where submission_id = ? and list = 'audits'")
NO_AUDITS_LIST = ("the workbook had no audits list (the LA's list of the cases it audited in the "
                  "6 months before the visit, ILACS ¶266), so no case can be chosen as LA "
                  "audited. Ask the LA for its audits list, add it to the workbook as a sheet of "
                  "its own, and load the workbook again")


def audits_supplied(con: duckdb.DuckDBPyConnection, submission_id: int) -> bool:
    """Whether the submission's workbook had an LA audits list (even an empty one)."""
    return bool(con.execute(AUDITS_SUPPLIED_SQL, [submission_id]).fetchone()[0])


# ------------------------------------------------------------------------------------ proposing

@dataclass
class Proposal:
    settings: Settings
    scope: dict  # la_code, la_name, submission_id, as_at_date, ref_date
    members: pd.DataFrame  # one row per chosen child and role, with the reason
    factors: pd.DataFrame  # factor x value: in the pool, in the sample
    thresholds: pd.DataFrame  # ¶153 threshold: in the pool, in the sample
    mandatory: pd.DataFrame  # mandatory group: in the data, in the sample, status
    warnings: list[str]

    @property
    def size(self) -> int:
        return len(self.members)


# The factors' feature columns of sample_candidates (the features list, one column per factor:
# reading these and the threshold bit mask is far cheaper than building lists for every child).
FEATURE_COLUMNS = ("feature_age_band", "feature_gender", "feature_disability",
                   "feature_ethnicity", "feature_journey", "feature_placement_type",
                   "feature_out_of_area", "feature_kinship", "feature_placed_with_parents",
                   "feature_abuse", "feature_delay")

_CANDIDATES_SQL = f"""
select
    child_id, md5_number_upper(child_id) as child_hash, is_missing, at_risk_of_exploitation,
    large_sibling_group, missing_episodes_12m, missing_202,
    sibling_data_supplied, possible_delay, in_sampling_window,
    audited_in_window, audited_since_last_monitoring_visit, last_monitoring_visit, seen_before,
    last_seen_date, last_activity_date, facts, threshold_mask, {", ".join(FEATURE_COLUMNS)},
    gender, age_band, disability, ethnicity_group, current_status, journey_stage,
    placement_group, out_of_area
from sample_candidates(
    $la, ref_date := $ref_date, edition := $edition, sampling_months := $sampling_months,
    sibling_threshold := $sibling_threshold, as_at := $as_at
)
"""

MEMBER_FIELDS = ["gender", "age_band", "disability", "ethnicity_group", "current_status",
                   "journey_stage", "placement_group", "is_missing", "at_risk_of_exploitation",
                   "large_sibling_group", "possible_delay", "out_of_area"]


def _params(s: Settings) -> dict:
    return {"la": s.la, "ref_date": s.ref_date, "edition": s.edition,
            "sampling_months": s.sampling_months, "sibling_threshold": s.sibling_threshold,
            "as_at": s.as_at}


def scope_of(con: duckdb.DuckDBPyConnection, s: Settings) -> dict:
    cur = con.execute(
        "select la_code, la_name, submission_id, as_at_date, ref_date "
        "from int_scope($la, $ref_date, $edition, $as_at)",
        {"la": s.la, "ref_date": s.ref_date, "edition": s.edition, "as_at": s.as_at},
    )
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    if not rows:
        when = f" with an as-at date on or before {s.as_at:%d/%m/%Y}" if s.as_at else ""
        raise SampleError(f"no submission for LA '{s.la}'{when}: load its Annex A first "
                          "(annexa ingest)")
    return dict(zip(names, rows[0], strict=True))


@dataclass
class Candidates:
    """The sample_candidates rows as Arrow columns plus the whole pool as bit masks."""

    table: pa.Table
    pool: Pool  # every candidate, in table order (sorted by child ID)

    def flag(self, name: str) -> np.ndarray:
        col = pc.fill_null(self.table[name], False)
        return np.asarray(col.to_numpy(zero_copy_only=False), dtype=bool)

    def rows(self, idx: Sequence[int]) -> list[dict]:
        """The candidates at these positions, each with its features and thresholds as lists."""
        out = self.table.take(pa.array(list(idx), type=pa.int64())).to_pylist()
        for r in out:
            r["features"] = [r[c] for c in FEATURE_COLUMNS if r[c] is not None]
            r["thresholds"] = [t for t in THRESHOLDS if (r["threshold_mask"] or 0) >> t & 1]
        return out


def load_candidates(con: duckdb.DuckDBPyConnection, s: Settings) -> Candidates:
    # execute(), not con.sql(): a relation plans this big macro query once to build itself and
    # again to run (about 40 ms each); the extra copy DuckDB warns of is a few ms at 30k rows.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Arrow output on a DB-API result", UserWarning)
        table = con.execute(_CANDIDATES_SQL, _params(s)).to_arrow_table()
    # Sorted by child ID here (UTF-8 byte order is code point order): cheaper than in SQL.
    table = table.take(pc.sort_indices(table, sort_keys=[("child_id", "ascending")]))
    # (row, feature) pairs as Arrow strings: Python string objects for 100,000s of pairs
    # would cost more than the rest of the draw.
    rows, names = [], []
    for column in FEATURE_COLUMNS:
        values = table[column].combine_chunks()
        valid = pc.is_valid(values)
        rows.append(np.flatnonzero(valid.to_numpy(zero_copy_only=False)))
        names.append(pc.filter(values, valid).cast(pa.string()))
    thresholds = pc.fill_null(table["threshold_mask"], 0).to_numpy(zero_copy_only=False)
    for t in THRESHOLDS:
        present = np.flatnonzero((thresholds.astype(np.int64) >> t) & 1)
        rows.append(present)
        names.append(pa.repeat(pa.scalar(THRESHOLD_FEATURES[t], pa.string()), len(present)))
    ids = table["child_id"].to_numpy(zero_copy_only=False)
    c = Candidates(table, Pool.from_arrays(ids, np.concatenate(rows),
                                            pa.concat_arrays(names)))
    # The tie-break hashes, computed by DuckDB in parallel (equal to child_hashes()).
    c.pool.hashes = table["child_hash"].to_numpy(zero_copy_only=False).astype(np.uint64)
    c.pool.groups = {"missing": c.flag("is_missing"),
                     "exploitation": c.flag("at_risk_of_exploitation"),
                     "large sibling group": c.flag("large_sibling_group")}
    episodes = pc.fill_null(table["missing_episodes_12m"], 0).to_numpy(zero_copy_only=False)
    c.pool.risk = risk_scores(c.pool.groups["missing"], c.pool.groups["exploitation"],
                              episodes, c.flag("missing_202"))
    return c


def audit_window(cand: Candidates, visit_type: str) -> tuple[np.ndarray, str]:
    """The candidates who can be LA audited cases for this visit type, and where their audits
    fall in words: since the last monitoring visit, for a monitoring visit that follows one,
    else in the 6 months before the reference date (ILACS ¶130-131, ¶266)."""
    last_mv = pc.max(cand.table["last_monitoring_visit"]).as_py() if len(cand.pool) else None
    if visit_type == "monitoring" and last_mv is not None:
        return cand.flag("audited_since_last_monitoring_visit"), "since the last monitoring visit"
    return cand.flag("audited_in_window"), "in the last 6 months"


def latest_activity(row: dict) -> list[str]:
    d = row.get("last_activity_date")
    return [f"recent activity (latest {d:%d/%m/%Y})"] if d else []


def propose(con: duckdb.DuckDBPyConnection, settings: Settings) -> Proposal:
    """Draw a sample for the settings from the database open on `con` (read-only is enough)."""
    settings.validate()
    scope = scope_of(con, settings)
    cand = load_candidates(con, settings)
    n = len(cand.pool)
    seen = cand.flag("seen_before")
    # The tracked pools (TRACKED_POOLS): every candidate except those only in 'LA audited'.
    tracked_ok = (cand.flag("in_sampling_window") | cand.flag("is_missing")
                  | cand.flag("at_risk_of_exploitation") | cand.flag("large_sibling_group")
                  | cand.flag("possible_delay"))

    notes: dict[str, str] = {}
    eligible = tracked_ok & ~seen if settings.exclude_seen else tracked_ok.copy()
    kept_for_group = np.zeros(n, dtype=bool)
    if settings.exclude_seen:
        # ¶150 before 000 ¶37: a mandatory group whose members were all seen keeps one child.
        for g, members in cand.pool.groups.items():
            members = members & tracked_ok
            if members.any() and not (members & eligible).any():
                kept_for_group |= members
                notes[g] = ("included although seen at an earlier visit: every child "
                            f"{MANDATORY_LABELS[g]} was seen before")
        eligible |= kept_for_group
    cand.pool.keys(settings.seed)  # once for every candidate; the subsets below share them
    tracked = choose(cand.pool.subset(eligible), settings.tracked, settings.seed,
                     mandatory_only=kept_for_group[eligible],
                     all_at_risk=settings.all_missing_exploited)
    covered = [f for p in tracked for f in p.adds]

    def position(picks: Sequence[Pick]) -> np.ndarray:  # pool IDs are sorted: binary search
        return np.searchsorted(cand.pool.ids, np.asarray([p.child_id for p in picks],
                                                         dtype=object)).astype(np.int64)

    chosen = np.zeros(n, dtype=bool)
    chosen[position(tracked)] = True

    # Audited cases: since the last monitoring visit for a monitoring visit that follows one.
    audit_pool, where = audit_window(cand, settings.visit_type)
    audit_ok = audit_pool & ~chosen
    if settings.exclude_seen:
        audit_ok &= ~seen
    audited = choose(cand.pool.subset(audit_ok), settings.audited, settings.seed,
                     covered=covered, mandatory=False)
    chosen[position(audited)] = True

    window_ok = cand.flag("in_sampling_window") & ~chosen
    if settings.exclude_seen:
        window_ok &= ~seen
    sampled = [Pick(c, i + 1) for i, c in enumerate(
        random_draw(cand.pool.ids[window_ok], settings.sampled, settings.seed,
                    keys=cand.pool.keys(settings.seed)[window_ok]))]

    picked = [(role, p) for role, ps in (("tracked", tracked), ("audited", audited),
                                         ("sampled", sampled)) for p in ps]
    details = cand.rows(position([p for _, p in picked]).tolist())
    records = []
    for (role, p), row in zip(picked, details, strict=True):
        facts = row["facts"] or []
        extra = [notes[g] for g in p.mandatory if g in notes]
        if role == "sampled":
            extra = [f"random sample of the sampling window (seed {settings.seed})"]
        if not facts:
            facts = latest_activity(row)
        records.append({
            "role": role, "pick_order": p.order, "child_id": p.child_id,
            "reason": reason_for(facts, p, role, extra) or "in the sampling window",
            "seen_before": bool(row["seen_before"]),
            **{k: row[k] for k in MEMBER_FIELDS},
            "features": list(row["features"] or []),
            "thresholds": list(row["thresholds"] or []),
        })
    members = pd.DataFrame(records, columns=["role", "pick_order", "child_id", "reason",
                                             "seen_before", *MEMBER_FIELDS, "features",
                                             "thresholds"])

    in_sample = cand.pool.counts(chosen)
    in_pool = cand.pool.counts()  # every candidate, whichever role it could fill
    mandatory = mandatory_report(cand, tracked_ok, chosen)
    warnings = settings.warnings()
    for r in mandatory.itertuples():
        if r.status.startswith("not included"):
            warnings.append(f"No child {r.label} is in the sample: {r.status} (ILACS ¶150).")
    if len(tracked) < settings.tracked:
        warnings.append(shortfall(len(tracked), settings.tracked, "tracked child",
                                  "tracked children") + ": the pools hold no more.")
    if len(audited) < settings.audited:
        head = shortfall(len(audited), settings.audited, "audited case", "audited cases")
        if not audits_supplied(con, scope["submission_id"]):
            warnings.append(f"{head}: {NO_AUDITS_LIST}.")
        else:
            warnings.append(f"{head}: the LA's audits list has no more {where} (ILACS ¶130, "
                            "¶266).")
    if len(sampled) < settings.sampled:
        warnings.append(shortfall(len(sampled), settings.sampled, "sampled case",
                                  "sampled cases") + ": the sampling window holds no more.")
    return Proposal(settings, scope, members, factor_report(in_pool, in_sample),
                    threshold_report(in_pool, in_sample), mandatory, warnings)


def factor_report(in_pool: dict[str, int], in_sample: dict[str, int]) -> pd.DataFrame:
    rows = []
    for f in sorted(set(in_pool) | set(in_sample), key=factor_sort_key):
        factor, _, value = f.partition(": ")
        if factor != "threshold":
            rows.append({"factor": factor, "value": value, "in_pool": in_pool.get(f, 0),
                         "in_sample": in_sample.get(f, 0)})
    for factor in FACTORS_NOT_IN_ANNEX_A:
        rows.append({"factor": factor, "value": "not in Annex A", "in_pool": None,
                     "in_sample": None})
    return pd.DataFrame(rows, columns=["factor", "value", "in_pool", "in_sample"])


def threshold_report(in_pool: dict[str, int], in_sample: dict[str, int]) -> pd.DataFrame:
    rows = []
    for t, label in THRESHOLDS.items():
        f = f"threshold: {t} {label}"
        rows.append({"threshold": t, "label": label, "in_pool": in_pool.get(f, 0),
                     "in_sample": in_sample.get(f, 0)})
    return pd.DataFrame(rows, columns=["threshold", "label", "in_pool", "in_sample"])


def mandatory_report(cand: Candidates, tracked_ok: np.ndarray,
                      chosen: np.ndarray) -> pd.DataFrame:
    """Per mandatory group (¶150): children in the data, in the sample, left out, and a status
    ('included' only when all are in)."""
    supplied = bool(cand.flag("sibling_data_supplied").any())
    rows = []
    for g, members in cand.pool.groups.items():
        members = members & tracked_ok
        in_data, k = int(members.sum()), int((members & chosen).sum())
        if in_data and k:
            status = mandatory_status(in_data, k)
        elif in_data:
            status = "not included: the sample is too small for every mandatory group"
        elif g == "large sibling group" and not supplied:
            status = "data unavailable: no sibling counts were supplied (ILACS ¶262-263)"
        else:
            status = "none in the data"
        rows.append({"group": g, "label": MANDATORY_LABELS[g], "in_data": in_data,
                     "in_sample": k, "left_out": in_data - k, "status": status})
    return pd.DataFrame(rows, columns=["group", "label", "in_data", "in_sample", "left_out",
                                       "status"])


# -------------------------------------------------------------------------------------- saving

def save(proposal: Proposal, *, saved_by: str, db=None, visit_start: dt.date | None = None,
         visit_end: dt.date | None = None, note: str | None = None) -> int:
    """Store the proposal as a visit sample (sample_visits, sample_members); return its id."""
    from annexa.store import warehouse

    if not saved_by or not saved_by.strip():
        raise SampleError("say who is saving the sample (--saved-by)")
    if visit_start and visit_end and visit_end < visit_start:
        raise SampleError("the visit cannot end before it starts")
    s, sc = proposal.settings, proposal.scope
    with warehouse.write_transaction(db) as con:
        visit_id = warehouse.one(
            con,
            "insert into sample_visits (la_code, visit_type, visit_start, visit_end, ref_date, "
            "submission_id, as_at_date, edition, sampling_months, sibling_threshold, "
            "tracked_size, audited_size, sampled_size, seed, exclude_seen, settings, saved_by, "
            "note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "returning visit_id",
            [sc["la_code"], s.visit_type, visit_start, visit_end, sc["ref_date"],
             sc["submission_id"], sc["as_at_date"], s.edition, s.sampling_months,
             s.sibling_threshold, s.tracked, s.audited, s.sampled, s.seed, s.exclude_seen,
             s.as_json(), saved_by.strip(), note],
        )[0]
        m = proposal.members
        if len(m):
            cols = ["visit_id", "child_id", "role", "pick_order", "reason", *MEMBER_FIELDS,
                    "features", "thresholds"]
            rows = [[visit_id, r["child_id"], r["role"], int(r["pick_order"]), r["reason"],
                     *[_none_if_missing(r[k]) for k in MEMBER_FIELDS], list(r["features"]),
                     list(r["thresholds"])]
                    for r in m.to_dict("records")]
            con.executemany(
                f"insert into sample_members ({', '.join(cols)}) values "
                f"({', '.join('?' for _ in cols)})", rows)
    return int(visit_id)


# ------------------------------------------------------------------------------------- labels

# Template codes as the coverage tables name them ('b) Female' -> 'girl'), for exports, so a file
# reads as the screen does. Codes without a word here lose their letter prefix.
GENDER_WORDS = {"a) Male": "boy", "b) Female": "girl", "c) Not stated/recorded": "not recorded",
                "d) Neither": "neither"}
DISABILITY_WORDS = {"a) Yes": "disabled", "b) No": "not disabled", "c) Unknown": "not known"}
_FLAG_COLUMNS = ("is_missing", "at_risk_of_exploitation", "large_sibling_group",
                 "possible_delay", "out_of_area", "seen_before")


def clean_code(value):
    """A template code without its letter prefix ('a) Foster placement' -> 'Foster
    placement'); other values, and missing ones (as None), unchanged."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    head, sep, rest = text.partition(") ")
    return rest if sep and 1 <= len(head) <= 2 and head[0].isalpha() and head.isalnum() \
        else text


def member_labels(members: pd.DataFrame) -> pd.DataFrame:
    """Sample members with the screen's words for coded values and yes/no for flags (a copy)."""
    m = members.copy()
    if "gender" in m:
        m["gender"] = m["gender"].map(lambda v: GENDER_WORDS.get(v, clean_code(v)))
    if "disability" in m:
        m["disability"] = m["disability"].map(lambda v: DISABILITY_WORDS.get(v, clean_code(v)))
    for col in ("ethnicity_group", "placement_group"):
        if col in m:
            m[col] = m[col].map(clean_code)
    for col in _FLAG_COLUMNS:
        if col in m:
            m[col] = m[col].map(lambda v: None if v is None or (not isinstance(v, bool)
                                                                 and pd.isna(v))
                                else "yes" if bool(v) else "no")
    return m


def _none_if_missing(value):
    """pandas gives NaN/NA for a missing value; stored as-is it would become the text 'nan'."""
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # lists and arrays are never missing values here
        return value
