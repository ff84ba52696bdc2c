"""The case sampler (annexa/services/sampling.py): its properties, on made-up pools (hypothesis)
and on
real databases (the hand-built fixture and a synthetic LA), and saved samples."""

from __future__ import annotations

import datetime as dt
import random

import analysis_fixture as fx
import numpy as np
import pytest
from conftest import built_once
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annexa.rules import sampling as sampling_rule
from annexa.rules.sampling import MANDATORY_GROUPS, Pool, Settings, choose
from annexa.services import sampling as sampler
from annexa.store import warehouse

FEATURES = [f"age band: {b}" for b in ("under 1", "1-4", "5-9", "10-15", "16-17")] + [
    "gender: boy", "gender: girl", "disability: disabled", "ethnicity: White",
    "ethnicity: Black", "journey: child in care", "journey: referral",
    "placement type: out of area", "threshold: 6 the decision to accommodate",
    "possible delay: yes"]

candidate = st.tuples(
    st.text("ABCDEFGHJK0123456789-", min_size=1, max_size=6),
    st.sets(st.sampled_from(FEATURES), max_size=6),
    st.sets(st.sampled_from(MANDATORY_GROUPS), max_size=3),
)
pools = st.lists(candidate, max_size=40, unique_by=lambda c: c[0])


# ------------------------------------------------------------------ choose(): pure properties

@given(pools, st.integers(0, 20), st.integers(-(2**63), 2**63 - 1))
def test_size_is_respected_and_children_are_distinct_members_of_the_pool(rows, size, seed):
    picks = choose(Pool.build(rows), size, seed)
    ids = [p.child_id for p in picks]
    assert len(ids) == min(size, len(rows))
    assert len(set(ids)) == len(ids)
    assert set(ids) <= {r[0] for r in rows}
    assert [p.order for p in picks] == list(range(1, len(picks) + 1))


@given(pools, st.integers(3, 20), st.integers(0, 2**32))
def test_mandatory_groups_are_present_whenever_they_exist(rows, size, seed):
    picks = choose(Pool.build(rows), size, seed)
    chosen = {p.child_id for p in picks}
    for group in MANDATORY_GROUPS:
        members = {r[0] for r in rows if group in r[2]}
        if members:
            assert chosen & members, group


@given(pools, st.integers(0, 20), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_the_same_pool_and_seed_give_the_same_sample_whatever_the_row_order(rows, size, seed,
                                                                             rnd):
    first = choose(Pool.build(rows), size, seed)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    again = choose(Pool.build(shuffled), size, seed)
    assert [(p.child_id, p.adds, p.mandatory) for p in first] == [
        (p.child_id, p.adds, p.mandatory) for p in again]


@given(pools, st.integers(1, 20), st.integers(0, 2**32))
def test_greedy_coverage_takes_every_feature_it_can_before_repeating(rows, size, seed):
    """Until every feature is covered, each pick adds at least one new one (if any child can)."""
    pool = Pool.build(rows)
    picks = choose(pool, size, seed)
    covered: set[str] = set()
    available = set().union(*(set(r[1]) for r in rows)) if rows else set()
    for p in picks:
        if not p.mandatory and covered != available:
            assert p.adds, "a pick that adds nothing while features are uncovered"
        covered |= set(p.adds)
    if len(picks) == len(rows):
        assert covered == available


@given(pools, st.integers(0, 20), st.integers(0, 2**32), st.data())
def test_children_kept_only_for_a_group_are_never_taken_for_coverage(rows, size, seed, data):
    pool = Pool.build(rows)
    only = np.array(data.draw(st.lists(st.booleans(), min_size=len(pool), max_size=len(pool))),
                    dtype=bool)
    picks = choose(pool, size, seed, mandatory_only=only)
    barred = set(pool.ids[only])
    for p in picks:
        assert p.child_id not in barred or p.mandatory
    assert len({p.child_id for p in picks}) == len(picks) <= size


def test_a_different_seed_can_change_the_order_of_equals():
    rows = [(f"C{i:02d}", {"gender: boy"}, set()) for i in range(30)]
    firsts = {choose(Pool.build(rows), 1, seed)[0].child_id for seed in range(20)}
    assert len(firsts) > 1


def test_tie_keys_depend_on_seed_and_id_only():
    ids = ["A1", "B2", "C3"]
    assert list(sampling_rule.tie_keys(7, ids)) == list(sampling_rule.tie_keys(7, ids))
    assert list(sampling_rule.tie_keys(7, ids)[::-1]) == list(sampling_rule.tie_keys(7, ids[::-1]))
    assert list(sampling_rule.tie_keys(7, ids)) != list(sampling_rule.tie_keys(8, ids))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=30, unique=True))
def test_the_databases_child_hashes_equal_pythons(ids):
    """propose() takes the tie-break hashes from DuckDB: a sample drawn with them must be the
    one child_hashes() would give, or a saved seed would not reproduce its sample."""
    import duckdb

    ids = [i.replace("\x00", "") or "x" for i in ids]
    con = duckdb.connect()
    got = [r[0] for r in con.execute(
        "select md5_number_upper(i) from unnest(?::varchar[]) with ordinality as t(i, n) "
        "order by n", [ids]).fetchall()]
    assert got == [int(h) for h in sampling_rule.child_hashes(ids)]


def test_random_draw_is_seeded_and_order_free():
    ids = [f"C{i}" for i in range(50)]
    shuffled = random.Random(1).sample(ids, len(ids))
    assert sampling_rule.random_draw(ids, 5, 3) == sampling_rule.random_draw(shuffled, 5, 3)
    assert sampling_rule.random_draw(ids, 5, 3) != sampling_rule.random_draw(ids, 5, 4)
    assert len(sampling_rule.random_draw(ids, 80, 3)) == 50


# ------------------------------------------------------------------------ settings and sizes

def test_default_sizes_follow_the_visit_type():
    assert Settings.for_visit("X", "standard").tracked == 25
    assert Settings.for_visit("X", "short").tracked == 15
    assert Settings.for_visit("X", "focused").tracked == 10
    monitoring = Settings.for_visit("X", "monitoring")
    assert (monitoring.tracked, monitoring.audited) == (6, 6)


@pytest.mark.parametrize("kwargs", [
    {"visit_type": "weekly"}, {"size": 0}, {"audited": -1}, {"edition": "ilacs-2030"},
    {"sampling_months": 0}, {"sibling_threshold": 0}, {"seed": 2**64}])
def test_bad_settings_are_refused(kwargs):
    args = {"visit_type": "standard", **kwargs}
    with pytest.raises(sampling_rule.SampleError):
        Settings.for_visit("X", args.pop("visit_type"), **args)


def test_sizes_outside_the_framework_are_allowed_with_a_warning():
    s = Settings.for_visit("X", "monitoring", size=8)
    assert any("up to six" in w for w in s.warnings())
    assert any("six to 12" in w for w in Settings.for_visit("X", "standard", audited=2).warnings())


# ---------------------------------------------------------------------- on real databases

@pytest.fixture(scope="module")
def db(_analysis_db_master, tmp_path_factory):
    """The hand-built LA (T01) and a small synthetic LA (S02) in one database, built once per
    test run (tests that write take a copy)."""
    return built_once(tmp_path_factory, "two_las_small",
                      lambda folder: fx.two_las(folder, "small", t01=_analysis_db_master))


@pytest.fixture(scope="module")
def con(db):
    c = warehouse.connect_reader(db)
    yield c
    c.close()


@pytest.fixture(scope="module")
def children_of(con):
    return {la: {r[0] for r in con.execute("select child_id from children(?)", [la]).fetchall()}
            for la in ("T01", "S02")}


def test_the_fixture_sample_includes_every_mandatory_group(con):
    p = sampler.propose(con, Settings.for_visit("T01", "monitoring", seed=1))
    tracked = p.members[p.members["role"] == "tracked"]
    assert {"C11", "C23"} <= set(tracked["child_id"])  # missing + siblings; exploitation
    assert list(p.mandatory["status"]) == ["included"] * 3
    reason = tracked.set_index("child_id").loc["C11", "reason"]
    assert reason.startswith("missing 3 times in 12 months; 3 brothers and sisters (a sibling "
                             "group of 4)")
    audited = p.members[p.members["role"] == "audited"]
    assert set(audited["child_id"]) == {"C05", "C12"} - set(tracked["child_id"])


def test_coverage_report_counts_thresholds_and_factors(con):
    p = sampler.propose(con, Settings.for_visit("T01", "standard", size=30, seed=2))
    assert list(p.thresholds["threshold"]) == list(range(1, 11))
    assert (p.thresholds["in_sample"] <= p.thresholds["in_pool"]).all()
    covered = p.factors.dropna()
    assert (covered["in_sample"] == covered["in_pool"]).all()  # all were taken
    assert "not in Annex A" in set(p.factors["value"])


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(la=st.sampled_from(["T01", "S02"]), visit=st.sampled_from(sampling_rule.VISIT_TYPES),
       size=st.integers(1, 30), audited=st.integers(0, 8), sampled=st.integers(0, 5),
       seed=st.integers(0, 2**40), edition=st.sampled_from(sampling_rule.EDITIONS))
def test_sampler_properties_on_real_data(con, children_of, la, visit, size, audited, sampled,
                                         seed, edition):
    s = Settings.for_visit(la, visit, size=size, audited=audited, sampled=sampled, seed=seed,
                           edition=edition)
    p = sampler.propose(con, s)
    m = p.members
    assert set(m["child_id"]) <= children_of[la]  # only children of that LA
    for role in sampling_rule.ROLES:
        assert (m["role"] == role).sum() <= getattr(s, role)
    assert not m.duplicated("child_id").any()
    assert m["reason"].str.len().min() > 0 if len(m) else True
    if size >= 3:
        for r in p.mandatory.itertuples():
            assert r.in_data == 0 or r.in_sample > 0, r.group
    again = sampler.propose(con, s)  # reproducible
    assert m.equals(again.members)


def test_saved_samples_are_seen_before_and_can_be_excluded(db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    con = warehouse.connect_reader(copy)
    first = sampler.propose(con, Settings.for_visit("S02", "monitoring", seed=5))
    con.close()
    visit_id = sampler.save(first, saved_by="HMI test", db=copy,
                            visit_start=dt.date(2026, 6, 1))
    con = warehouse.connect_reader(copy)
    try:
        saved = con.execute("select child_id, role, reason from sample_members "
                            "where visit_id = ? order by role, pick_order",
                            [visit_id]).fetchall()
        assert len(saved) == len(first.members)
        visit = con.execute("select la_code, visit_type, seed, saved_by, settings "
                            "from sample_visits where visit_id = ?", [visit_id]).fetchall()[0]
        assert visit[:4] == ("S02", "monitoring", 5, "HMI test")
        assert '"seed": 5' in visit[4]
        later = sampler.propose(con, Settings.for_visit("S02", "monitoring", seed=5,
                                                        exclude_seen=True))
        earlier_ids = set(first.members["child_id"])
        overlap = set(later.members["child_id"]) & earlier_ids
        # Only a mandatory group's last unseen... none left: then its child comes back, said so.
        for r in later.members[later.members["child_id"].isin(overlap)].itertuples():
            assert "included although seen at an earlier visit" in r.reason
        marked = sampler.propose(con, Settings.for_visit("S02", "monitoring", seed=5))
        assert marked.members["seen_before"].all()
    finally:
        con.close()


def test_a_sample_survives_a_new_submission(db, tmp_path):
    copy = tmp_path / "copy2.duckdb"
    copy.write_bytes(db.read_bytes())
    con = warehouse.connect_reader(copy)
    p = sampler.propose(con, Settings.for_visit("T01", "monitoring", seed=9))
    con.close()
    visit_id = sampler.save(p, saved_by="HMI", db=copy)
    fx.load(copy, tmp_path, as_at=dt.date(2026, 11, 20))  # a newer submission for T01
    con = warehouse.connect_reader(copy)
    try:
        n = con.execute("select count(*) from sample_members where visit_id = ?",
                        [visit_id]).fetchall()[0][0]
        scope = sampler.scope_of(con, Settings.for_visit("T01", "monitoring"))
        assert n == len(p.members)
        assert scope["as_at_date"] == dt.date(2026, 11, 20)
        older = sampler.scope_of(con, Settings.for_visit("T01", "monitoring",
                                                         as_at=dt.date(2026, 10, 31)))
        assert older["as_at_date"] == fx.AS_AT
    finally:
        con.close()


def test_unknown_la_is_a_clear_error(con):
    with pytest.raises(sampling_rule.SampleError, match="no submission for LA 'ZZZ'"):
        sampler.propose(con, Settings.for_visit("ZZZ", "standard"))



def test_saved_members_store_missing_values_as_null_not_nan_text(db, tmp_path):
    """A missing value saved from pandas must be null, or the composition reads 'nan'."""
    copy = tmp_path / "copy_nan.duckdb"
    copy.write_bytes(db.read_bytes())
    con = warehouse.connect_reader(copy)
    p = sampler.propose(con, Settings.for_visit("T01", "monitoring", seed=3))
    con.close()
    p.members.loc[p.members.index[0], "disability"] = float("nan")
    visit_id = sampler.save(p, saved_by="HMI", db=copy)
    con = warehouse.connect_reader(copy)
    try:
        texts = con.execute(
            "select count(*) from sample_members where visit_id = ? and "
            "(disability = 'nan' or gender = 'nan' or ethnicity_group = 'nan')",
            [visit_id]).fetchall()[0][0]
        nulls = con.execute("select count(*) from sample_members where visit_id = ? and "
                            "disability is null", [visit_id]).fetchall()[0][0]
    finally:
        con.close()
    assert texts == 0 and nulls >= 1
