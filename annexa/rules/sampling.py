"""How a case sample is chosen: the pure rule (no database, no pages).

The candidates, their pools, facts and coverage features come from the SQL mart
`sample_candidates` (sql/30_marts/40_sampling), read by annexa/services/sampling.py; this
module only chooses among them.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
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
THRESHOLD_FEATURES = np.array(
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


def factor_sort_key(feature: str) -> tuple:
    """Factors in the order reasons name them; age bands youngest first, other values A-Z."""
    factor, _, value = feature.partition(": ")
    rank = _FACTOR_ORDER.index(factor) if factor in _FACTOR_ORDER else len(_FACTOR_ORDER)
    return (rank, factor, age_band_rank(value) if factor == "age band" else 0, value)


def mandatory_status(in_data: int, in_sample: int) -> str:
    """'included' only when every child of the group is in; else how many, and that ¶150 asks
    for at least one, and where the others are."""
    if in_data and in_sample >= in_data:
        return "included"
    left = in_data - in_sample
    return (f"{in_sample} of {in_data} in the sample (at least one required, ILACS ¶150); {left} "
            "left out, still in its pool")
