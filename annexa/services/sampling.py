"""Propose an explainable, reproducible case sample for a visit, and save it.

The candidates, their pools, facts and coverage features come from the SQL mart
`sample_candidates` (sql/30_marts/40_sampling); this module only chooses among them.

How a sample is drawn (002 ¶131-137, ¶150-153, ¶267; docs/methodology/case-selection.md C1-C6):

1. Tracked children come from the pools 'sampling window', 'missing', 'exploitation', 'large
   sibling group' and 'possible delay'. First, for each mandatory group (missing, at risk of
   exploitation, from a large sibling group: ¶150 "must be part of the cohort", "at least one
   child from a large sibling group") that has members and is not yet represented, one member is
   taken: the most at risk (`risk_scores`: missing and at risk of exploitation both, then most
   missing episodes in 12 months, then flagged missing on the 2.02 list), then the one covering
   most of the still-missing groups, then the one adding most uncovered features.
   With `Settings.all_missing_exploited`, every other missing or exploited child follows, most at
   risk first, as far as the tracked size allows.
2. Then, greedily, the child adding most uncovered features: the factors of
   docs/methodology/case-selection.md C4 (age band, gender, disability, ethnicity, journey stage,
   placement type including out of area, kinship and placed with parents on a care order), the
   category of abuse, possible delay (¶151) and the ten thresholds of ¶153. When nothing new can be
   covered, coverage starts again, so later picks spread over the factors a second time.
3. Audited cases (up to six for a monitoring visit, six to twelve for an inspection; ¶131, ¶267)
   come from the LA's audits (since the last monitoring visit for a monitoring visit, else the
   last 6 months; ¶130, ¶266), chosen the same way, continuing the tracked sample's coverage.
4. Sampled cases, if asked for (¶135 "a sample of other cases"; 000 ¶61 "randomly identified"),
   are a seeded random draw from the sampling window, excluding tracked and audited children.

Ties are broken by a key derived from the seed and the child ID (`tie_keys`), never by row order,
so the same data, settings and seed always give the same sample. Children seen at an earlier saved
visit can be left out (000 ¶37); a mandatory group whose members were all seen before still gets
one child, and the reason says so, because ¶150 comes first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from annexa import config

VISIT_TYPES = ("standard", "short", "focused", "monitoring")
EDITIONS = config.EDITIONS
ROLES = ("tracked", "audited", "sampled")


@dataclass(frozen=True)
class Sizes:
    tracked: int
    audited: int
    sampled: int = 0


# docs/methodology/case-selection.md C5. Monitoring: up to 6 tracked (¶134) and up to 6 audited
# (¶131). Standard and short inspections: 6-12 audited cases (¶267); tracked 25 / 15 by default.
# Focused visit: 10 tracked; the framework states no audited number for it, so 6 as for the others.
DEFAULT_SIZES = {
    "standard": Sizes(tracked=25, audited=6),
    "short": Sizes(tracked=15, audited=6),
    "focused": Sizes(tracked=10, audited=6),
    "monitoring": Sizes(tracked=6, audited=6),
}

# The sample's age bands in developmental order (docs/methodology/case-selection.md C4; the age_band
# SQL macro), for every table and list that shows them; 'unknown' last.
AGE_BANDS = ("unborn", "under 1", "1-4", "5-9", "10-15", "16-17", "18+", "unknown")


def age_band_rank(band) -> int:
    """Sort key of an age band: youngest first, anything else after the known bands."""
    return AGE_BANDS.index(band) if band in AGE_BANDS else len(AGE_BANDS)


# The most tracked children and audited cases a visit type allows
# (docs/methodology/case-selection.md C5): a monitoring visit evaluates up to six tracked children
# (002 ¶134) and asks for up to six audits (¶131); an inspection asks for six to 12 audits (¶267).
# Other sizes are defaults, not limits.
TRACKED_CAP = {"monitoring": 6}
AUDITED_RANGE = {"monitoring": (0, 6), "standard": (6, 12), "short": (6, 12)}

MANDATORY_GROUPS = ("missing", "exploitation", "large sibling group")
# The groups that "include every missing and exploited child that fits" fills (¶150).
AT_RISK_GROUPS = ("missing", "exploitation")
MANDATORY_LABELS = {
    "missing": "missing from care, home or education",
    "exploitation": "at risk of sexual exploitation",
    "large sibling group": "from a large sibling group",
}
TRACKED_POOLS = ("sampling window", "missing", "exploitation", "large sibling group",
                 "possible delay")

THRESHOLDS = {  # 002 ¶153
    1: "early help",
    2: "referral and assessment",
    3: "children in need",
    4: "child protection (investigation and plan)",
    5: "continuing help and support for families",
    6: "the decision to accommodate",
    7: "the decision to remove",
    8: "permanence planning",
    9: "matching and placement decisions, including return home",
    10: "leaving care",
}

# The ¶153 thresholds as coverage features, indexed by threshold number (0 unused).
_THRESHOLD_FEATURES = np.array(
    [""] + [f"threshold: {t} {label}" for t, label in THRESHOLDS.items()], dtype=object)

# Factors of 002 ¶150 that Annex A cannot show; the coverage report says so rather than hide them.
FACTORS_NOT_IN_ANNEX_A = (
    "educational achievement and ability",
    "children supported by a third party provider with delegated functions",
)


class SampleError(ValueError):
    """Bad input for a sample (unknown LA, impossible size...): the CLI's exit code 2."""


@dataclass(frozen=True)
class Settings:
    la: str
    visit_type: str
    tracked: int
    audited: int
    sampled: int
    seed: int
    ref_date: dt.date | None = None
    as_at: dt.date | None = None
    edition: str = config.DEFAULT_EDITION
    sampling_months: int = config.DEFAULT_SAMPLING_MONTHS
    sibling_threshold: int = config.DEFAULT_SIBLING_THRESHOLD
    exclude_seen: bool = False
    # Track every missing or exploited child that fits, most at risk first (not just one of each
    # group, which is all ¶150 requires).
    all_missing_exploited: bool = False

    @classmethod
    def for_visit(cls, la: str, visit_type: str, *, size: int | None = None,
                  audited: int | None = None, sampled: int | None = None, seed: int = 0,
                  **kwargs) -> Settings:
        """Settings with the visit type's default sizes for anything not given."""
        if visit_type not in VISIT_TYPES:
            raise SampleError(f"visit type must be one of {', '.join(VISIT_TYPES)}")
        d = DEFAULT_SIZES[visit_type]
        s = cls(la=la, visit_type=visit_type,
                tracked=d.tracked if size is None else size,
                audited=d.audited if audited is None else audited,
                sampled=d.sampled if sampled is None else sampled,
                seed=seed, **kwargs)
        s.validate()
        return s

    def validate(self) -> None:
        if not str(self.la).strip():
            raise SampleError("an LA code is needed")
        if self.visit_type not in VISIT_TYPES:
            raise SampleError(f"visit type must be one of {', '.join(VISIT_TYPES)}")
        if self.edition not in EDITIONS:
            raise SampleError(f"edition must be one of {', '.join(EDITIONS)}")
        for name in ("tracked", "audited", "sampled"):
            if getattr(self, name) < 0:
                raise SampleError(f"the {name} size cannot be negative")
        if self.tracked < 1:
            raise SampleError("the sample needs at least one tracked child (--size 1 or more)")
        if not 1 <= self.sampling_months <= 24:
            raise SampleError("the sampling window must be 1 to 24 months")
        if not 1 <= self.sibling_threshold <= 20:
            raise SampleError("the large-sibling-group threshold must be 1 to 20 brothers and "
                              "sisters")
        if not -(2**63) <= self.seed < 2**63:
            raise SampleError("the seed must fit in 64 bits")

    def warnings(self) -> list[str]:
        """Sizes outside what the framework describes: allowed, but said
        (docs/methodology/case-selection.md C5)."""
        return size_warnings(self.visit_type, self.tracked, self.audited)

    def as_json(self) -> str:
        d = dataclasses.asdict(self)
        for k in ("ref_date", "as_at"):
            d[k] = d[k].isoformat() if d[k] else None
        return json.dumps(d, sort_keys=True)


def size_warnings(visit_type: str, tracked: int, audited: int) -> list[str]:
    """Tracked and audited numbers outside the visit type's limits
    (docs/methodology/case-selection.md C5): for the sizes asked for, or for a sample as it stands
    after edits by hand."""
    out = []
    cap = TRACKED_CAP.get(visit_type)
    if cap is not None and tracked > cap:
        out.append(f"{tracked} tracked children: a monitoring visit evaluates up to six tracked "
                   "children (ILACS ¶134). Remove some, or choose another visit type.")
    low, high = AUDITED_RANGE.get(visit_type, (0, None))
    if visit_type == "monitoring" and audited > high:
        out.append(f"{audited} audited cases: a monitoring visit usually asks for up to six "
                   "(ILACS ¶131).")
    elif high is not None and visit_type != "monitoring" and not low <= audited <= high:
        out.append(f"{audited} audited cases: an inspection usually asks for six to 12 "
                   "(ILACS ¶267).")
    return out


def counted(n: int, one: str, many: str) -> str:
    """A count with its noun, thousands separated: '1 child', '21,712 children'."""
    return f"{n:,} {one if n == 1 else many}"


def shortfall(have: int, asked: int, one: str, many: str) -> str:
    """Fewer than asked for, as the head of a warning: 'No audited cases (6 asked for)', 'Only
    1 tracked child (6 asked for)'."""
    return (f"No {many}" if have == 0 else f"Only {counted(have, one, many)}") + \
        f" ({asked:,} asked for)"


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


# ------------------------------------------------------------------------------------- choosing

_MASK64 = (1 << 64) - 1


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: spreads every input bit over the whole 64-bit output."""
    with np.errstate(over="ignore"):
        x = (x + np.uint64(0x9E3779B97F4A7C15)).astype(np.uint64)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def child_hashes(child_ids: Sequence[str]) -> np.ndarray:
    """A stable 64-bit number per child ID: the first 8 bytes of its MD5, little-endian (the
    same as DuckDB's md5_number_upper(child_id), for anyone drawing the order in SQL)."""
    return np.fromiter(
        (int.from_bytes(hashlib.md5(str(c).encode("utf-8")).digest()[:8], "little")
         for c in child_ids), dtype=np.uint64, count=len(child_ids))


def tie_keys(seed: int, child_ids: Sequence[str] = (), *,
             hashes: np.ndarray | None = None) -> np.ndarray:
    """Each child's place in the seeded order (uint64; lower = earlier).

    A function of the seed and the child ID only (the ID's child_hashes, mixed with the seed by
    splitmix64), so the same on every machine and run and independent of row order. Equal keys
    fall back to ID order.
    """
    h = child_hashes(child_ids) if hashes is None else np.asarray(hashes, dtype=np.uint64)
    salt = _splitmix64(np.array([seed & _MASK64], dtype=np.uint64))[0]
    with np.errstate(over="ignore"):
        return _splitmix64(h ^ salt)


def risk_scores(missing, exploitation, missing_episodes=None, missing_202=None) -> np.ndarray:
    """How much at risk each child is, for choosing among missing and exploited children (002
    ¶150; docs/methodology/case-selection.md C3): higher first. One int64 ordering,
    lexicographically, children both missing and at risk of sexual exploitation, then more missing
    episodes in the last 12 months (list 8; a child flagged missing on the 2.02 list counts at least
    once), then flagged on the 2.02 list. Ties go to coverage, then the seeded key."""
    missing = np.asarray(missing, dtype=bool)
    both = missing & np.asarray(exploitation, dtype=bool)
    n = len(missing)
    episodes = np.zeros(n, dtype=np.int64) if missing_episodes is None else \
        np.clip(np.nan_to_num(np.asarray(missing_episodes, dtype=np.float64)), 0, 2**30)
    flagged = np.zeros(n, dtype=bool) if missing_202 is None else \
        np.asarray(missing_202, dtype=bool)
    # Flagged on 2.02 with no list 8 episode counts as missing once, ahead of a list 8 "once".
    episodes = np.maximum(episodes.astype(np.int64), flagged.astype(np.int64))
    return (both.astype(np.int64) << 40) | (episodes << 1) | flagged.astype(np.int64)


@dataclass
class Pool:
    """Candidates as arrays: ids sorted, features as bit masks over a sorted vocabulary."""

    ids: np.ndarray  # object array of child IDs, sorted and unique
    masks: np.ndarray  # uint64, shape (n, words): bit j of word w = vocabulary[64 w + j]
    vocabulary: list[str]
    groups: dict[str, np.ndarray] = field(default_factory=dict)  # mandatory group -> bool mask
    hashes: np.ndarray | None = None  # child_hashes of ids, when the database gave them
    risk: np.ndarray | None = None  # risk_scores (int64), higher = more at risk; None: all equal
    _keys: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def from_arrays(cls, ids: Sequence[str], rows: np.ndarray, features: np.ndarray,
                    groups: dict[str, np.ndarray] | None = None) -> Pool:
        """From (row index, feature) pairs: `rows[k]` has feature `features[k]`.

        Vectorised, for tens of thousands of candidates; ids must be sorted and unique.
        """
        ids = np.asarray(ids, dtype=object)
        if len(ids) > 1 and not np.all(ids[:-1] < ids[1:]):
            raise ValueError("child IDs must be sorted and unique")
        # Arrow's dictionary encoding, then the (small) dictionary sorted: np.unique on
        # hundreds of thousands of Python strings is ten times slower.
        if not isinstance(features, pa.Array):
            features = pa.array(np.asarray(features, dtype=object), type=pa.string())
        encoded = pc.dictionary_encode(features)
        dictionary = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
        order = np.argsort(dictionary.astype(str), kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        vocabulary = dictionary[order]
        codes = rank[encoded.indices.to_numpy(zero_copy_only=False)] if len(rank) else \
            np.zeros(0, dtype=np.int64)
        words = max(1, (len(vocabulary) + 63) // 64)
        masks = np.zeros((len(ids), words), dtype=np.uint64)
        rows = np.asarray(rows, dtype=np.int64)
        bits = np.left_shift(np.uint64(1), (codes % 64).astype(np.uint64))
        for w in range(words):
            sel = codes // 64 == w
            np.bitwise_or.at(masks[:, w], rows[sel], bits[sel])
        groups = groups or {}
        groups = {g: np.asarray(groups.get(g, np.zeros(len(ids), bool)), dtype=bool)
                  for g in MANDATORY_GROUPS}
        return cls(ids, masks, [str(v) for v in vocabulary], groups)

    @classmethod
    def build(cls, rows: Iterable[tuple]) -> Pool:
        """From (child_id, features, mandatory groups[, missing episodes in 12 months]) rows, in
        any order (small pools, tests)."""
        rows = sorted(((str(r[0]), sorted(set(r[1])), set(r[2]),
                        int(r[3]) if len(r) > 3 and r[3] is not None else 0) for r in rows),
                      key=lambda r: r[0])
        ids = [r[0] for r in rows]
        if len(set(ids)) != len(ids):
            raise ValueError("child IDs must be unique in a pool")
        pairs = [(i, f) for i, r in enumerate(rows) for f in r[1]]
        pool = cls.from_arrays(
            ids, np.array([p[0] for p in pairs], dtype=np.int64),
            np.array([p[1] for p in pairs], dtype=object),
            {g: np.array([g in r[2] for r in rows], dtype=bool) for g in MANDATORY_GROUPS})
        episodes = np.array([r[3] for r in rows], dtype=np.int64)  # of missing children only
        pool.risk = risk_scores(pool.groups["missing"], pool.groups["exploitation"],
                                np.where(pool.groups["missing"], episodes, 0))
        return pool

    def subset(self, keep: np.ndarray) -> Pool:
        keep = np.asarray(keep, dtype=bool)
        sub = Pool(self.ids[keep], self.masks[keep], self.vocabulary,
                   {g: m[keep] for g, m in self.groups.items()},
                   None if self.hashes is None else self.hashes[keep],
                   None if self.risk is None else self.risk[keep])
        sub._keys = {seed: k[keep] for seed, k in self._keys.items()}
        return sub

    def keys(self, seed: int) -> np.ndarray:
        """tie_keys for the pool's children, computed once per seed."""
        if seed not in self._keys:
            self._keys[seed] = tie_keys(seed, self.ids, hashes=self.hashes)
        return self._keys[seed]

    def __len__(self) -> int:
        return len(self.ids)

    def bits(self, features: Iterable[str]) -> np.ndarray:
        """Bit mask of the given features (ignoring any outside the vocabulary)."""
        index = {f: i for i, f in enumerate(self.vocabulary)}
        out = np.zeros(self.masks.shape[1], dtype=np.uint64)
        for f in features:
            if f in index:
                j = index[f]
                out[j // 64] |= np.uint64(1) << np.uint64(j % 64)
        return out

    def names(self, mask: np.ndarray) -> tuple[str, ...]:
        """The vocabulary entries set in a mask."""
        return tuple(f for j, f in enumerate(self.vocabulary)
                     if int(mask[j // 64]) >> (j % 64) & 1)

    def counts(self, among: np.ndarray | None = None) -> dict[str, int]:
        """How many candidates (or how many of those marked in `among`) have each feature."""
        masks = self.masks if among is None else self.masks[np.asarray(among, dtype=bool)]
        return {f: int(((masks[:, j // 64] >> np.uint64(j % 64)) & np.uint64(1)).sum())
                for j, f in enumerate(self.vocabulary)}


@dataclass
class Pick:
    child_id: str
    order: int  # 1 = chosen first
    mandatory: tuple[str, ...] = ()  # the mandatory groups this pick was made for
    adds: tuple[str, ...] = ()  # features this pick brought into the sample
    again: tuple[str, ...] = ()  # features it covers a second time (a later round)


def _gains(pool: Pool, covered: np.ndarray) -> np.ndarray:
    return np.bitwise_count(pool.masks & ~covered).sum(axis=1).astype(np.int64)


def choose(pool: Pool, size: int, seed: int, *, covered: Sequence[str] = (),
           mandatory: bool = True, mandatory_only: np.ndarray | None = None,
           all_at_risk: bool = False) -> list[Pick]:
    """Choose up to `size` children: mandatory groups first, then the greatest coverage gain.

    Deterministic for a given pool, size and seed; the pool's row order does not matter.
    `covered` continues the coverage of an earlier choice (audited after tracked).
    `mandatory_only` marks children that may be taken for a mandatory group but not for coverage
    (children seen before, kept only because their group has no one else).
    A mandatory group's child is the most at risk (`pool.risk`), then the one covering most
    still-unrepresented groups, then the one adding most uncovered features, then the seeded key.
    `all_at_risk`: after one child per group, every other missing or exploited child, most at risk
    first, while places remain (never those in `mandatory_only`).
    """
    n = len(pool)
    size = max(0, min(size, n))
    if size == 0:
        return []
    keys = pool.keys(seed)
    taken = np.zeros(n, dtype=bool)
    ever = pool.bits(covered)  # covered by anyone in the sample so far
    cov = ever.copy()  # covered in this round
    picks: list[Pick] = []

    def take(i: int, made_for: tuple[str, ...]) -> None:
        nonlocal cov, ever
        adds = pool.names(pool.masks[i] & ~ever)
        again = pool.names(pool.masks[i] & ~cov & ever)
        cov = cov | pool.masks[i]
        ever = ever | pool.masks[i]
        taken[i] = True
        picks.append(Pick(str(pool.ids[i]), len(picks) + 1, made_for, adds, again))

    def best(eligible: np.ndarray, *scores: np.ndarray) -> int:
        """Index of the eligible child with the highest scores (in order), then the lowest key.

        Linear passes rather than a sort: this runs once per pick over every candidate.
        """
        idx = np.flatnonzero(eligible)
        for score in scores:
            values = score[idx]
            idx = idx[values == values.max()]
        return int(idx[np.argmin(keys[idx])])  # argmin takes the first: ID order on equal keys

    risk = np.zeros(n, dtype=np.int64) if pool.risk is None else pool.risk
    only = np.zeros(n, dtype=bool) if mandatory_only is None else \
        np.asarray(mandatory_only, dtype=bool)
    if mandatory:
        groups = [g for g in MANDATORY_GROUPS if pool.groups[g].any()]
        represented: set[str] = set()
        for g in groups:
            if g in represented or len(picks) >= size:
                continue
            still_missing = np.sum([pool.groups[o] for o in groups if o not in represented],
                                   axis=0)
            # A child who also stands for another unrepresented group first, so that few
            # tracked places still cover every ¶150 group; then the most at risk.
            i = best(pool.groups[g] & ~taken, still_missing, risk, _gains(pool, cov))
            made_for = tuple(o for o in groups if o not in represented and pool.groups[o][i])
            represented.update(made_for)
            take(i, made_for)
        if all_at_risk:
            at_risk = np.logical_or.reduce([pool.groups[g] for g in AT_RISK_GROUPS]) & ~only
            while len(picks) < size and (at_risk & ~taken).any():
                i = best(at_risk & ~taken, risk, _gains(pool, cov))
                take(i, tuple(g for g in AT_RISK_GROUPS if pool.groups[g][i]))

    barred = taken | only
    size = min(size, len(picks) + int((~barred).sum()))
    while len(picks) < size:
        gains = _gains(pool, cov)
        gains[taken | barred] = -1
        if gains.max() <= 0 and cov.any():
            cov = np.zeros_like(cov)  # everything coverable is covered: start a new round
            continue
        take(best(~(taken | barred), gains), ())
    return picks


def random_draw(ids: Sequence[str], size: int, seed: int, *,
                keys: np.ndarray | None = None) -> list[str]:
    """`size` IDs in seeded order: the 'sampled' cases (000 ¶61 "randomly identified").

    `keys`, when given, are tie_keys(seed, ids) already computed for these ids.
    """
    ids = np.asarray([str(c) for c in ids], dtype=object)
    keys = tie_keys(seed, ids) if keys is None else np.asarray(keys, dtype=np.uint64)
    order = np.lexsort((ids, keys))
    return [str(ids[i]) for i in order[:max(0, size)]]


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


# The order factors are named in a reason: who the child is, then their journey and care.
_FACTOR_ORDER = ("age band", "gender", "disability", "ethnicity", "journey", "placement type",
                 "category of abuse", "possible delay", "threshold")


def _feature_label(feature: str) -> str:
    """'age band: 10-15' -> 'aged 10-15', 'gender: girl' -> 'girl', for reasons."""
    factor, _, value = feature.partition(": ")
    if factor == "age band":
        return value if value in ("unborn", "under 1") else f"aged {value}"
    if factor == "gender" and value == "neither":
        return "neither boy nor girl"
    if factor == "category of abuse":
        return value.lower()
    return "possible delay" if factor == "possible delay" else value


def _describe(features: Sequence[str], limit: int = 8) -> str:
    """Features in plain words, factors in a fixed order, thresholds as one item."""
    def rank(f: str) -> tuple[int, str]:
        factor = f.partition(": ")[0]
        return (_FACTOR_ORDER.index(factor) if factor in _FACTOR_ORDER else 99, f)

    ordered = sorted(features, key=rank)
    words = [_feature_label(f) for f in ordered if not f.startswith("threshold: ")]
    if len(words) > limit:
        words = [*words[:limit], f"{len(words) - limit} more"]
    numbers = sorted(int(f.split()[1]) for f in ordered if f.startswith("threshold: "))
    if numbers:
        label = "threshold" if len(numbers) == 1 else "thresholds"
        words.append(f"{label} {', '.join(map(str, numbers))} (ILACS ¶153)")
    return ", ".join(words)


def reason_for(facts: Sequence[str], pick: Pick, role: str, extra: Sequence[str] = ()) -> str:
    """Why the child was chosen: the facts, then what it adds to the sample's coverage."""
    parts = [*extra, *facts]
    if pick.adds:
        parts.append("adds " + _describe(pick.adds))
    elif pick.again and role == "tracked":
        parts.append("a second child for " + _describe(pick.again, limit=4))
    return "; ".join(dict.fromkeys(parts))


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
        names.append(pa.repeat(pa.scalar(_THRESHOLD_FEATURES[t], pa.string()), len(present)))
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


def _factor_sort_key(feature: str) -> tuple:
    """Factors in the order reasons name them; age bands youngest first, other values A-Z."""
    factor, _, value = feature.partition(": ")
    rank = _FACTOR_ORDER.index(factor) if factor in _FACTOR_ORDER else len(_FACTOR_ORDER)
    return (rank, factor, age_band_rank(value) if factor == "age band" else 0, value)


def factor_report(in_pool: dict[str, int], in_sample: dict[str, int]) -> pd.DataFrame:
    rows = []
    for f in sorted(set(in_pool) | set(in_sample), key=_factor_sort_key):
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


def mandatory_status(in_data: int, in_sample: int) -> str:
    """'included' only when every child of the group is in; else how many, and that ¶150 asks
    for at least one, and where the others are."""
    if in_data and in_sample >= in_data:
        return "included"
    left = in_data - in_sample
    return (f"{in_sample} of {in_data} in the sample (at least one required, ILACS ¶150); {left} "
            "left out, still in its pool")


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
