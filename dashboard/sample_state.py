"""The lead inspector's working case sample, for the Case selection page.

The sample is drawn by annexa/services/sampling.py, edited by hand on the page, and evaluated,
described and
saved by the same rules as a sample from `annexa sample`. This module holds no rule of its own:

- candidates, their pools, facts, coverage features and thresholds: the `sample_candidates` mart,
  read by the sampler (`sampler.load_candidates`), cached per database version and settings;
- coverage of an edited sample (factors, the ten ¶153 thresholds, the ¶150 mandatory groups): the
  sampler's own reports over the same candidate bit masks, for the children now in the sample;
- why a child added by hand is in the sample: the sampler's reason wording (facts, then what the
  child adds to the sample's coverage);
- composition descriptors: the `sample_composition` view (sql/30_marts/30_saved) and the
  `descriptor` macros, run over the working sample in a private in-memory DuckDB, so an unsaved
  sample is described by exactly the SQL that describes a saved one;
- children seen at earlier visits: the `children_seen_before` macro (the visits before the one the
  sample is for, as the `sample_seen_before` view orders them);
- saving: `sampler.save` (through warehouse.write_transaction), then `db.after_write()`.

The working sample lives in `st.session_state`, keyed by LA and visit type, so edits survive
reruns. Nothing here logs or prints a child ID.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from annexa.rules import sampling as sampling_rule
from annexa.security.safe_export import to_csv_bytes, to_xlsx_bytes
from annexa.services import sampling as sampler
from annexa.store import warehouse
from dashboard import db

VISIT_LABELS = {
    "standard": "Standard inspection",
    "short": "Short inspection",
    "focused": "Focused visit",
    "monitoring": "Monitoring visit",
}
ROLE_LABELS = {"tracked": "Tracked", "audited": "LA audited", "sampled": "Sampled"}
ADDED_BY_HAND = "added by the lead inspector"

# Pools as sample_pools names them, with what each means (sample_candidates' header), in plain
# words for inspectors (the project's decision numbers are in the SQL header, not on screen).
POOLS = {
    "sampling window": "a relevant event (contact, referral, assessment, plan, review, visit, "
                       "placement...) in the sampling window (ILACS ¶135)",
    "missing": "missing episodes in the last 12 months (list 8) or flagged missing on the 2.02 "
               "list (ILACS ¶150)",
    "exploitation": "at risk of sexual exploitation on the 2.02 list (ILACS ¶150)",
    "large sibling group": "a child in care with at least as many brothers and sisters as the "
                           "sidebar's large sibling group setting (ILACS ¶150, ¶262)",
    "possible delay": "assessment, ICPC, plan, placement order, review or visit out of "
                      "timescale (ILACS ¶151)",
    "LA audited": "audit completed in the 6 months before the reference date (ILACS ¶130, ¶266)",
}

_SQL_FOR_COMPOSITION = [
    warehouse.SQL_DIR / "05_reference" / "descriptor.sql",
    warehouse.SQL_DIR / "00_base" / "40_samples.sql",
    warehouse.SQL_DIR / "30_marts" / "30_saved" / "sample_composition.sql",
]
_COMPOSITION_COLUMNS = ["child_id", "role", "gender", "age_band", "disability", "ethnicity_group",
                        "current_status", "is_missing", "at_risk_of_exploitation",
                        "large_sibling_group", "possible_delay", "out_of_area"]
MEMBER_COLUMNS = ["role", "pick_order", "child_id", "reason", "seen_before",
                  *sampler.MEMBER_FIELDS, "features", "thresholds"]


# ====================================================================================== state

@dataclass
class WorkingSample:
    """A proposed sample and the lead inspector's edits to it."""

    settings: sampling_rule.Settings
    scope: dict  # la_code, la_name, submission_id, as_at_date, ref_date
    members: pd.DataFrame  # MEMBER_COLUMNS, one row per child and role
    proposal_warnings: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # case IDs added by hand
    removed: list[str] = field(default_factory=list)  # case IDs removed by hand
    saved_visit_id: int | None = None
    changed_since_save: bool = False
    source: str = "proposed"  # 'proposed' | 'saved visit N'

    @property
    def la(self) -> str:
        return self.settings.la

    @property
    def child_ids(self) -> list[str]:
        return list(dict.fromkeys(self.members["child_id"]))

    def role_counts(self) -> dict[str, int]:
        counts = self.members["role"].value_counts()
        return {r: int(counts.get(r, 0)) for r in sampling_rule.ROLES}


def state_key(la: str, visit_type: str) -> str:
    return f"case_selection__sample::{la}::{visit_type}"


def get(la: str, visit_type: str) -> WorkingSample | None:
    return st.session_state.get(state_key(la, visit_type))


def put(ws: WorkingSample) -> None:
    st.session_state[state_key(ws.la, ws.settings.visit_type)] = ws


def working_samples(la: str) -> list[WorkingSample]:
    """Every working sample of this session for the LA (for the child journey page)."""
    prefix = state_key(la, "")
    return [v for k, v in st.session_state.items()
            if isinstance(k, str) and k.startswith(prefix) and isinstance(v, WorkingSample)]


# ================================================================================= candidates

@st.cache_resource(max_entries=6, show_spinner=False)
def _candidates(path: str, version: str, key: str, _settings: sampling_rule.Settings):
    cur = db.connection().cursor()
    try:
        return sampler.load_candidates(cur, _settings)
    finally:
        cur.close()


db.register_version_cache(_candidates)


def _settings_key(s: sampling_rule.Settings) -> str:
    """What the candidates depend on (not sizes, seed or visit type)."""
    return json.dumps([s.la, str(s.ref_date), str(s.as_at), s.edition, s.sampling_months,
                       s.sibling_threshold])


def candidates(settings: sampling_rule.Settings):
    """The sampler's candidates (sample_candidates as Arrow columns and bit masks), cached."""
    path = db.db_path()
    warehouse.ensure_database(path)
    return _candidates(path, warehouse.data_version(path), _settings_key(settings), settings)


def candidate_rows(settings: sampling_rule.Settings, ids: list[str]) -> dict[str, dict]:
    """sample_candidates rows for these case IDs (those that are candidates)."""
    cand = candidates(settings)
    position = {c: i for i, c in enumerate(cand.pool.ids)}
    found = [i for i in ids if i in position]
    return dict(zip(found, cand.rows([position[i] for i in found]), strict=True))


def known_child_ids(settings: sampling_rule.Settings) -> set[str]:
    """Every case ID of the LA at the settings' reference date (the children mart)."""
    ids = db.named(
        "case_selection/known_child_ids",
        [settings.la, settings.ref_date, settings.edition, settings.sampling_months,
         settings.sibling_threshold, settings.as_at])
    return set(ids["child_id"])


# =================================================================================== proposing

def propose(settings: sampling_rule.Settings) -> WorkingSample:
    """A fresh proposal from the sampler (the rules are in annexa/services/sampling.py)."""
    cur = db.connection().cursor()
    try:
        p = sampler.propose(cur, settings)
    finally:
        cur.close()
    return WorkingSample(settings=settings, scope=p.scope, members=p.members[MEMBER_COLUMNS].copy(),
                         proposal_warnings=list(p.warnings))


def from_saved(visit_id: int) -> WorkingSample:
    """A saved visit's sample, to edit further (saving it again stores a new visit)."""
    v = db.named("case_selection/saved_visit", [visit_id]).iloc[0]
    raw = json.loads(v["settings"])
    for k in ("ref_date", "as_at"):
        raw[k] = dt.date.fromisoformat(raw[k]) if raw.get(k) else None
    known = {f.name for f in dataclasses.fields(sampling_rule.Settings)}
    settings = sampling_rule.Settings(**{k: raw[k] for k in known if k in raw})
    members = db.named("case_selection/saved_visit_members", [visit_id])
    members["features"] = members["features"].map(lambda f: list(f) if f is not None else [])
    members["thresholds"] = members["thresholds"].map(
        lambda t: [int(x) for x in t] if t is not None else [])
    ref = v["ref_date"].date() if hasattr(v["ref_date"], "date") else v["ref_date"]
    as_at = v["as_at_date"]
    as_at = as_at.date() if hasattr(as_at, "date") else as_at
    scope = {"la_code": v["la_code"], "la_name": None, "submission_id": v["submission_id"],
             "as_at_date": as_at, "ref_date": ref}
    return WorkingSample(settings=settings, scope=scope, members=members[MEMBER_COLUMNS],
                         saved_visit_id=int(visit_id), source=f"saved visit {visit_id}")


# ===================================================================================== editing

def parse_ids(text: str) -> list[str]:
    """Case IDs typed or pasted: separated by commas, semicolons, spaces or new lines (so
    trimmed of spaces, non-breaking ones included, and of quotes around them)."""
    tokens = (t.strip("'\"‘’“”") for t in re.split(r"[\s,;]+", text or ""))
    return list(dict.fromkeys(t for t in tokens if t))


def match_ids(typed: list[str], known: set[str]) -> dict[str, str | None]:
    """Each typed ID -> the LA's case ID it means, or None.

    Case IDs are text and kept as the LA wrote them, leading zeros included
    (docs/methodology/data.md D1): an exact match comes first; else a match ignoring upper and lower
    case, when only one ID fits ('x02-000051' -> 'X02-000051'). '51' never matches '000051'.
    """
    folded: dict[str, list[str]] = {}
    for k in known:
        folded.setdefault(k.casefold(), []).append(k)
    out = {}
    for t in typed:
        if t in known:
            out[t] = t
        else:
            same = folded.get(t.casefold(), [])
            out[t] = same[0] if len(same) == 1 else None
    return out


def _no_leading_zeros(text: str) -> str:
    return re.sub(r"(?<!\d)0+(?=\d)", "", text)


def suggest_ids(typed: str, known: set[str], n: int = 5) -> list[str]:
    """Case IDs close to an unknown one, for "Did you mean" (as the Child journey page does),
    ignoring upper and lower case: first those that differ only in leading zeros ('X02-51' ->
    'X02-000051'), then those starting with what was typed ('X02-00005' -> 'X02-000050'),
    then the closest by spelling."""
    t = typed.casefold()
    folded: dict[str, str] = {}
    for k in sorted(known):
        folded.setdefault(k.casefold(), k)
    bare = _no_leading_zeros(t)
    out = [k for f, k in folded.items() if f != t and _no_leading_zeros(f) == bare]
    out += [k for f, k in folded.items() if f.startswith(t) and f != t][:n]
    out += [folded[c] for c in difflib.get_close_matches(t, list(folded), n=n, cutoff=0.6)]
    return list(dict.fromkeys(out))[:n]


def add(ws: WorkingSample, ids: list[str], role: str, *,
        suggestions: dict[str, list[str]] | None = None) -> tuple[list[str], list[str]]:
    """Add children as `role`; returns (added IDs, messages about the ones not added).

    IDs are matched as `match_ids` says (trimmed; upper or lower case). For an ID that is not in
    the LA's data, `suggestions` (if given) receives the close case IDs (`suggest_ids`).
    """
    if role not in sampling_rule.ROLES:
        raise ValueError(f"role must be one of {sampling_rule.ROLES}")
    ids = [str(i).strip() for i in ids if str(i).strip()]
    cand_ids = set(candidates(ws.settings).pool.ids)
    known = None
    if any(i not in cand_ids for i in ids):
        known = known_child_ids(ws.settings)
    matched = match_ids(ids, known if known is not None else cand_ids)
    ids = list(dict.fromkeys(matched[i] or i for i in ids))
    rows = candidate_rows(ws.settings, ids)
    in_sample = dict(zip(ws.members["child_id"], ws.members["role"], strict=True))
    problems, added = [], []
    for cid in ids:
        if cid in in_sample:
            problems.append(f"{cid} is already in the sample ({ROLE_LABELS[in_sample[cid]]}).")
            continue
        row = rows.get(cid)
        if row is None:
            if known is not None and cid in known:
                problems.append(f"{cid} is in the LA's lists but in no candidate pool at this "
                                "reference date (no event in the sampling window, not missing, "
                                "not at risk of exploitation, no large sibling group, no sign "
                                "of delay, not audited): open the child's journey to see why.")
            else:
                close = suggest_ids(cid, (known or set()) - set(in_sample))
                if suggestions is not None and close:
                    suggestions[cid] = close
                problems.append(
                    f"No child with case ID '{cid}' in this LA's data. Case IDs are matched as "
                    "the LA wrote them, leading zeros included (upper or lower case does not "
                    "matter)" + (f". Did you mean {', '.join(close)}?" if close else "."))
            continue
        if role == "audited" and not row["audited_in_window"]:
            problems.append(f"{cid} was not audited by the LA in the 6 months before the "
                            "reference date (ILACS ¶266): add the child as tracked instead.")
            continue
        _append(ws, row, role)
        in_sample[cid] = role
        added.append(cid)
    if added:
        ws.added.extend(c for c in added if c not in ws.added)
        ws.removed = [c for c in ws.removed if c not in added]
        ws.changed_since_save = True
    return added, problems


def _append(ws: WorkingSample, row: dict, role: str) -> None:
    """One candidate as a new member, with the sampler's reason wording."""
    cand = candidates(ws.settings)
    pool = cand.pool
    position = {c: i for i, c in enumerate(pool.ids)}
    covered = np.zeros(pool.masks.shape[1], dtype=np.uint64)
    for c in ws.child_ids:
        if c in position:
            covered |= pool.masks[position[c]]
    mask = pool.masks[position[row["child_id"]]]
    of_role = ws.members.loc[ws.members["role"] == role, "pick_order"]
    pick = sampling_rule.Pick(row["child_id"], int(of_role.max()) + 1 if len(of_role) else 1,
                        adds=pool.names(mask & ~covered))
    facts = list(row["facts"] or []) or sampler.latest_activity(row)
    record = {
        "role": role, "pick_order": pick.order, "child_id": row["child_id"],
        "reason": sampling_rule.reason_for(facts, pick, role, [ADDED_BY_HAND]),
        "seen_before": bool(row["seen_before"]),
        **{k: row[k] for k in sampler.MEMBER_FIELDS},
        "features": list(row["features"] or []), "thresholds": list(row["thresholds"] or []),
    }
    new = pd.DataFrame([record], columns=MEMBER_COLUMNS)
    ws.members = new if ws.members.empty else pd.concat([ws.members, new], ignore_index=True)


def remove(ws: WorkingSample, ids: list[str]) -> list[str]:
    """Take children out of the sample (every role they hold); returns the IDs removed."""
    gone = [c for c in dict.fromkeys(ids) if c in set(ws.members["child_id"])]
    if gone:
        ws.members = ws.members[~ws.members["child_id"].isin(gone)].reset_index(drop=True)
        ws.removed.extend(c for c in gone if c not in ws.removed)
        ws.added = [c for c in ws.added if c not in gone]
        ws.changed_since_save = True
    return gone


# ==================================================================================== coverage

@dataclass
class Coverage:
    factors: pd.DataFrame  # factor, value, in_pool, in_sample
    thresholds: pd.DataFrame  # threshold, label, in_pool, in_sample
    mandatory: pd.DataFrame  # group, label, in_data, in_sample, status
    not_candidates: list[str]  # members not among the candidates at these settings
    candidates: int


def coverage(ws: WorkingSample) -> Coverage:
    """The sampler's coverage reports for the children now in the sample."""
    cand = candidates(ws.settings)
    ids = ws.child_ids
    chosen = np.isin(cand.pool.ids, np.asarray(ids, dtype=object))
    in_pool, in_sample = cand.pool.counts(), cand.pool.counts(chosen)
    # Every mandatory group is itself a tracked pool, so its members are all eligible to be
    # tracked: the sampler's `tracked_ok` mask changes nothing in this report.
    eligible = np.ones(len(cand.pool), dtype=bool)
    present = set(cand.pool.ids[chosen])
    mandatory = sampler.mandatory_report(cand, eligible, chosen)
    if ws.added or ws.removed:
        # The sampler says why a proposal lacks a group; after edits by hand the reason is them.
        edited = (mandatory["in_data"] > 0) & (mandatory["in_sample"] == 0)
        mandatory.loc[edited, "status"] = "not included since the sample was edited by hand"
    return Coverage(
        factors=sampler.factor_report(in_pool, in_sample),
        thresholds=sampler.threshold_report(in_pool, in_sample),
        mandatory=mandatory,
        not_candidates=[c for c in ids if c not in present],
        candidates=len(cand.pool),
    )


# What each role's numbers count, in the page's words (singular, plural).
ROLE_NOUNS = {"tracked": ("tracked child", "tracked children"),
              "audited": ("LA audited case", "LA audited cases"),
              "sampled": ("sampled case", "sampled cases")}


def of_the(k: int, n: int, verb: tuple[str, str] = ("is", "are"),
           nouns: tuple[str, str] = ("child", "children")) -> str:
    """'1 of the 25 children was', '3 of the 25 children were', '1 of the 1 child is': the
    noun agrees with the whole, the verb with the part (thousands separated)."""
    return f"{k:,} of the {sampling_rule.counted(n, *nouns)} {verb[0] if k == 1 else verb[1]}"


def seen_note(k: int, n: int) -> str:
    """How many of the sample's n children were seen at an earlier visit, in a sentence."""
    if k == n:
        who = "The only child was" if n == 1 else f"All {n:,} children were"
    else:
        who = of_the(k, n, ("was", "were"))
    return (f"{who} in a sample saved at an earlier visit (marked in the table; Monitoring "
            "handbook ¶37).")


def audits_supplied(ws: WorkingSample) -> bool:
    """Whether the workbook of the sample's submission had an LA audits list (¶266)."""
    return bool(db.scalar(sampler.AUDITS_SUPPLIED_SQL, [ws.scope["submission_id"]]))


def _audited_shortfall(ws: WorkingSample, have: int, asked: int) -> str:
    """Fewer LA audited cases than asked for, and why: no audits list in the workbook (and what
    to do), or no more audits in the window, or the edits (more are in the LA audited pool)."""
    head = sampling_rule.shortfall(have, asked, *ROLE_NOUNS["audited"])
    if not audits_supplied(ws):
        return (f"{head}: {sampler.NO_AUDITS_LIST} (Upload and data quality page). Until "
                "then, set LA audited to 0.")
    cand = candidates(ws.settings)
    pool, where = sampler.audit_window(cand, ws.settings.visit_type)
    in_sample = np.isin(cand.pool.ids, np.asarray(ws.child_ids, dtype=object))
    if not (pool & ~in_sample).any():
        return (f"{head}: the LA's audits list has no more cases audited {where} (ILACS ¶130, "
                "¶266).")
    return f"{head}: more are in the LA audited pool under Candidate pools."


def warnings(ws: WorkingSample, cov: Coverage) -> list[str]:
    """What the lead inspector should know about the sample as it now stands."""
    s = ws.settings
    counts = ws.role_counts()
    # The visit type's limits (docs/methodology/case-selection.md C5), for the sample as it stands,
    # since a child added by hand can take it over a cap, or for the sizes asked for, whichever is
    # larger.
    out = sampling_rule.size_warnings(s.visit_type, max(s.tracked, counts["tracked"]),
                                max(s.audited, counts["audited"]))
    for r in cov.mandatory.itertuples():
        if r.in_data and not r.in_sample:
            out.append(f"No child {r.label} is in the sample, though {r.in_data:,} "
                       f"{'is' if r.in_data == 1 else 'are'} in the data: ILACS ¶150 says they "
                       "must be part of the cohort.")
    for role in sampling_rule.ROLES:
        asked = getattr(s, role)
        if counts[role] >= asked:
            continue
        if role == "audited":
            out.append(_audited_shortfall(ws, counts[role], asked))
        else:
            out.append(sampling_rule.shortfall(counts[role], asked, *ROLE_NOUNS[role]) + ".")
    if cov.not_candidates:
        out.append(f"{of_the(len(cov.not_candidates), len(ws.child_ids))} not among the "
                   "candidates at the current settings, so the coverage does not count them.")
    return out


def left_out(cov: Coverage) -> list[str]:
    """Missing or exploited children the sample leaves out, in words, for a note under the
    mandatory groups (¶150 needs one of each; the others stay in their pools)."""
    out = []
    for r in cov.mandatory.itertuples():
        if r.group in sampling_rule.AT_RISK_GROUPS and r.in_sample and r.left_out:
            of_the = sampling_rule.counted(r.in_data, 'child', 'children')
            out.append(f"{r.left_out:,} of the {of_the} "
                       f"{r.label} {'is' if r.left_out == 1 else 'are'} left out")
    return out


# ============================================================================ sampling window

def sampling_window_start(ref_date: dt.date, months: int) -> dt.date | None:
    """The first day of the sampling window before ref_date, for the pages' labels: the marts'
    own day (the SQL macro sampling_window_start, docs/methodology/case-selection.md C1), so a
    label never disagrees with the window the candidates were counted in."""
    found = db.named_scalar("shared/sampling_window_start", [ref_date, months])
    return None if found is None or pd.isna(found) else pd.Timestamp(found).date()


# ================================================================================= composition

def _composition_input(members: pd.DataFrame) -> tuple:
    rows = members[_COMPOSITION_COLUMNS].astype(object).where(members[_COMPOSITION_COLUMNS].notna(),
                                                             None)
    return tuple(tuple(r) for r in rows.itertuples(index=False))


@st.cache_data(max_entries=64, show_spinner=False)
def _composition(rows: tuple, visit_type: str, ref_date: dt.date) -> pd.DataFrame:
    con = duckdb.connect(":memory:")
    try:
        for path in _SQL_FOR_COMPOSITION:
            warehouse.run(con, Path(path).read_text(encoding="utf-8"))
        con.execute(
            "insert into sample_visits (visit_id, la_code, visit_type, ref_date, edition, "
            "sampling_months, sibling_threshold, tracked_size, audited_size, sampled_size, seed, "
            "exclude_seen, settings, saved_by) values (0, '-', ?, ?, '-', 0, 0, 0, 0, 0, 0, false, "
            "'{}', 'working sample')", [visit_type, ref_date])
        if rows:
            con.executemany(
                f"insert into sample_members (visit_id, pick_order, reason, "
                f"{', '.join(_COMPOSITION_COLUMNS)}) values (0, 0, '', "
                f"{', '.join('?' for _ in _COMPOSITION_COLUMNS)})", list(rows))
        return con.execute(db.named_sql("case_selection/working_composition")).df()
    finally:
        con.close()


def composition(ws: WorkingSample) -> pd.DataFrame:
    """sample_composition for the working sample: role, characteristic, value, k, n, descriptor,
    statement (role 'all' is the whole sample, each child once), as `label_composition` shows
    it."""
    return label_composition(_composition(_composition_input(ws.members),
                                          ws.settings.visit_type, ws.scope["ref_date"]))


_VALUE_WORDS = {"gender": sampler.GENDER_WORDS, "disability": sampler.DISABILITY_WORDS}


def label_composition(comp: pd.DataFrame) -> pd.DataFrame:
    """sample_composition rows with the screen's words for coded values ('b) Female' -> 'girl')
    and age bands youngest first (other values: most common first)."""
    out = comp.copy()
    if out.empty:
        return out
    out["value"] = [_VALUE_WORDS.get(c, {}).get(v, sampler.clean_code(v))
                    for c, v in zip(out["characteristic"], out["value"], strict=True)]
    order = [sampling_rule.age_band_rank(v) if c == "age band" else 0
             for c, v in zip(out["characteristic"], out["value"], strict=True)]
    keys = ["role"] if "role" in out else []
    out = out.assign(_band=order, _k=-out["k"], _v=out["value"].fillna(""))
    return out.sort_values([*keys, "characteristic", "_band", "_k", "_v"], kind="stable") \
        .drop(columns=["_band", "_k", "_v"]).reset_index(drop=True)


# ================================================================================= seen before

def seen_before(ws: WorkingSample, ids=None) -> dict[str, str]:
    """Case ID -> where the child was seen before, for the sample's children (or `ids`, such as
    a candidate pool's) who were in a sample saved at an earlier visit (children_seen_before).

    "Earlier" means earlier than the visit the sample is for, everywhere on the page: an unsaved
    sample is for a visit after every saved one; a saved one (just saved, or copied into the
    editor) counts only the visits before it, as sample_seen_before does, so a sample never
    counts itself, and its pools say what its own table says.
    """
    df = db.named("case_selection/seen_before", [ws.la, ws.saved_visit_id])
    wanted = set(ws.child_ids if ids is None else ids)
    return {r.child_id: _seen_label(list(r.visits), r.last_seen_date)
            for r in df.itertuples() if r.child_id in wanted}


def _seen_label(visits: list, last_seen) -> str:
    last = last_seen.date() if hasattr(last_seen, "date") else last_seen
    word = "visit" if len(visits) == 1 else "visits"
    return f"{word} {', '.join(str(int(v)) for v in visits)} (last {last:%d/%m/%Y})"


# ================================================================================ save, export

def to_proposal(ws: WorkingSample, cov: Coverage) -> sampler.Proposal:
    # Missing values as None, not NaN: a NaN would be stored as the text 'nan' (sampler.save
    # passes the values as they are), and sample_composition would count it as a value.
    members = ws.members.astype(object)
    members = members.where(members.notna(), None)
    return sampler.Proposal(ws.settings, ws.scope, members, cov.factors, cov.thresholds,
                            cov.mandatory, warnings(ws, cov))


def edit_note(ws: WorkingSample) -> str | None:
    if not (ws.added or ws.removed):
        return None
    return (f"Edited on the Case selection page: {len(ws.added)} added, {len(ws.removed)} "
            f"removed (from the {ws.source} sample).")


def save(ws: WorkingSample, cov: Coverage, *, saved_by: str, visit_start: dt.date | None = None,
         visit_end: dt.date | None = None, note: str | None = None) -> int:
    """Store the working sample as a visit through the sampler; returns the visit id."""
    notes = [n for n in (note and note.strip(), edit_note(ws)) if n]
    visit_id = sampler.save(to_proposal(ws, cov), saved_by=saved_by, db=db.db_path(),
                            visit_start=visit_start, visit_end=visit_end,
                            note=" ".join(notes) or None)
    db.after_write()
    ws.saved_visit_id = visit_id
    ws.changed_since_save = False
    return visit_id


def export_frame(ws: WorkingSample, seen: dict[str, str]) -> pd.DataFrame:
    """The sample as the team reads it: one row per child and role, with the screen's words for
    coded values ('girl', 'Foster placement', yes/no), never template codes."""
    m = sampler.member_labels(ws.members)
    return pd.DataFrame({
        "LA": ws.la,
        "Visit type": VISIT_LABELS[ws.settings.visit_type],
        "Role": m["role"].map(ROLE_LABELS),
        "Order": m["pick_order"].astype(int),
        "Case ID": m["child_id"],
        "Why chosen": m["reason"],
        "Seen at an earlier visit": m["child_id"].map(lambda c: seen.get(c, "")),
        "Status": m["current_status"],
        "Journey stage": m["journey_stage"],
        "Age band": m["age_band"],
        "Gender": m["gender"],
        "Disability": m["disability"],
        "Ethnic group": m["ethnicity_group"],
        "Placement": m["placement_group"],
        "Missing": m["is_missing"],
        "At risk of exploitation": m["at_risk_of_exploitation"],
        "Large sibling group": m["large_sibling_group"],
        "Possible delay": m["possible_delay"],
        "Out of area": m["out_of_area"],
        "ILACS ¶153 thresholds": m["thresholds"].map(lambda t: ", ".join(str(int(x)) for x in t)),
        "Coverage features": m["features"].map(lambda f: "; ".join(f)),
    })


def settings_frame(ws: WorkingSample) -> pd.DataFrame:
    s, sc = ws.settings, ws.scope
    rows = {
        "LA": f"{sc.get('la_name') or ''} ({sc['la_code']})".strip(),
        "Visit type": VISIT_LABELS[s.visit_type],
        "Data as at": sc["as_at_date"], "Submission": sc["submission_id"],
        "Reference date": sc["ref_date"], "Framework edition": s.edition,
        "Sampling window (months)": s.sampling_months,
        "Large sibling group: brothers and sisters at least": s.sibling_threshold,
        "Tracked asked for": s.tracked, "Audited asked for": s.audited,
        "Sampled asked for": s.sampled, "Seed": s.seed,
        "Children seen before left out": s.exclude_seen,
        "Every missing and exploited child that fits": s.all_missing_exploited,
        "Saved as visit": ws.saved_visit_id or "not saved",
        "Edits": edit_note(ws) or "none",
        "Added by hand": ", ".join(ws.added), "Removed by hand": ", ".join(ws.removed),
    }
    return pd.DataFrame({"Setting": list(rows), "Value": [str(v) for v in rows.values()]})


def export_xlsx(ws: WorkingSample, cov: Coverage, comp: pd.DataFrame,
                seen: dict[str, str]) -> bytes:
    title = (f"Case sample: {ws.scope.get('la_name') or ws.la} ({ws.la}), "
             f"{VISIT_LABELS[ws.settings.visit_type].lower()}, reference date "
             f"{ws.scope['ref_date']:%d/%m/%Y}")
    sheets = {
        "Sample": export_frame(ws, seen),
        "Mandatory groups": mandatory_frame(cov),
        "Thresholds": cov.thresholds.rename(columns={
            "threshold": "ILACS ¶153 threshold", "label": "Threshold", "in_pool": "Candidates",
            "in_sample": "In the sample"}),
        "Factors": cov.factors.rename(columns={
            "factor": "Factor", "value": "Value", "in_pool": "Candidates",
            "in_sample": "In the sample"}),
        "Composition": label_composition(comp).rename(columns={
            "role": "Group", "characteristic": "Characteristic", "value": "Value",
            "descriptor": "Descriptor", "statement": "Statement"}),
        "Settings": settings_frame(ws),
    }
    if w := warnings(ws, cov):
        sheets["Warnings"] = pd.DataFrame({"Warning": w})
    return to_xlsx_bytes(sheets, title=title)


def mandatory_frame(cov: Coverage) -> pd.DataFrame:
    """The ¶150 mandatory groups as the page shows them."""
    m = cov.mandatory
    return pd.DataFrame({"Group": m["label"], "In the sample": m["in_sample"],
                         "In the data": m["in_data"], "Left out": m["left_out"],
                         "Status": m["status"]})


def export_csv(ws: WorkingSample, seen: dict[str, str]) -> bytes:
    return to_csv_bytes(export_frame(ws, seen))


def file_stem(ws: WorkingSample) -> str:
    suffix = f"_visit{ws.saved_visit_id}" if ws.saved_visit_id and not ws.changed_since_save \
        else ""
    return (f"case_sample_{re.sub(r'[^A-Za-z0-9]+', '', ws.la)}_{ws.settings.visit_type}_"
            f"{ws.scope['ref_date']:%Y-%m-%d}{suffix}")
