"""The sampler's choice among missing and exploited children (002 ¶150;
docs/methodology/case-selection.md C3), the "include every missing and exploited child that fits"
option, the mandatory-group status, the visit types' size limits, age bands in developmental order
and the export labels (UX review findings 2, 10, 11 and 14)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annexa.rules import sampling as sampling_rule
from annexa.rules.sampling import AT_RISK_GROUPS, MANDATORY_GROUPS, Pool, Settings, choose
from annexa.services import sampling as sampler
from annexa.store import warehouse

FEATURES = ["age band: 1-4", "age band: 10-15", "gender: boy", "gender: girl",
            "ethnicity: White", "journey: child in care", "placement type: out of area"]

# (child_id, features, mandatory groups, missing episodes in 12 months)
candidate = st.tuples(
    st.text("ABCDEFGHJK0123456789-", min_size=1, max_size=6),
    st.sets(st.sampled_from(FEATURES), max_size=4),
    st.sets(st.sampled_from(MANDATORY_GROUPS), max_size=3),
    st.integers(0, 20),
)
pools = st.lists(candidate, max_size=40, unique_by=lambda c: c[0])


def risk_key(row) -> tuple:
    """The order the brief asks for: in both groups, then most missing episodes."""
    groups, episodes = row[2], row[3] if "missing" in row[2] else 0
    return ("missing" in groups and "exploitation" in groups, episodes)


# ------------------------------------------------------------------ choose(): which child

def test_the_child_in_both_groups_is_preferred_to_the_one_missing_most():
    rows = [
        ("A1", {"gender: boy", "age band: 1-4", "ethnicity: White"}, {"missing"}, 1),
        ("B2", set(), {"missing"}, 13),
        ("C3", set(), {"missing", "exploitation"}, 1),
        ("D4", {"gender: girl"}, {"exploitation"}, 0),
    ]
    for seed in range(10):
        picks = choose(Pool.build(rows), 1, seed)
        assert picks[0].child_id == "C3"
        assert picks[0].mandatory == ("missing", "exploitation")


def test_then_the_child_missing_most_even_if_another_adds_more_coverage():
    rows = [
        ("A1", {"gender: boy", "age band: 1-4", "ethnicity: White"}, {"missing"}, 1),
        ("B2", set(), {"missing"}, 13),
        ("C3", {"gender: girl"}, {"missing"}, 4),
        ("D4", {"gender: girl"}, {"exploitation"}, 0),
    ]
    for seed in range(10):
        picks = choose(Pool.build(rows), 2, seed)
        assert [p.child_id for p in picks] == ["B2", "D4"]


def test_flagged_on_the_202_list_counts_as_missing_at_least_once():
    scores = sampling_rule.risk_scores([True, True, True, True], [False] * 4,
                                 [0, 1, 0, 2], [False, False, True, False])
    # 2 episodes > flagged on 2.02 (counts once, then the flag) > once on list 8 > none.
    assert list(np.argsort(-scores, kind="stable")) == [3, 2, 1, 0]
    both = sampling_rule.risk_scores([True, True], [True, False], [0, 30], [False, False])
    assert both[0] > both[1]


def test_equally_at_risk_children_are_then_chosen_by_the_seeded_key():
    rows = [(f"C{i:02d}", {"gender: boy"}, {"missing"}, 2) for i in range(30)]
    firsts = {choose(Pool.build(rows), 1, seed)[0].child_id for seed in range(20)}
    assert len(firsts) > 1  # not always the same child: the seed decides


@given(pools, st.integers(1, 20), st.integers(0, 2**32))
def test_each_groups_child_covers_most_groups_then_is_the_most_at_risk(rows, size, seed):
    pool = Pool.build(rows)
    picks = choose(pool, size, seed)
    by_id = {r[0]: r for r in rows}
    represented: set[str] = set()
    taken: set[str] = set()
    groups = [g for g in MANDATORY_GROUPS if any(g in r[2] for r in rows)]
    for p in picks:
        if not p.mandatory:
            break
        g = next(g for g in groups if g not in represented)
        assert g in p.mandatory
        rivals = [r for r in rows if g in r[2] and r[0] not in taken]

        def groups_left(r):
            return sum(1 for o in groups if o not in represented and o in r[2])

        # Covering the groups still unrepresented comes first (few tracked places must still
        # cover every ¶150 group), then risk.
        best = max(groups_left(r) for r in rivals)
        assert groups_left(by_id[p.child_id]) == best
        top = max(risk_key(r) for r in rivals if groups_left(r) == best)
        assert risk_key(by_id[p.child_id]) == top
        represented.update(p.mandatory)
        taken.add(p.child_id)


# ------------------------------------------------------ choose(): every missing and exploited

@given(pools, st.integers(0, 30), st.integers(0, 2**32))
def test_every_missing_and_exploited_child_that_fits_is_taken_most_at_risk_first(rows, size,
                                                                                 seed):
    pool = Pool.build(rows)
    picks = choose(pool, size, seed, all_at_risk=True)
    ids = [p.child_id for p in picks]
    assert len(ids) == len(set(ids)) == min(size, len(rows))
    at_risk = {r[0] for r in rows if set(r[2]) & set(AT_RISK_GROUPS)}
    by_id = {r[0]: r for r in rows}
    left_out = at_risk - set(ids)
    # The picks after one child per group (those adding no group not yet represented).
    represented: set[str] = set()
    fill = []
    for p in picks:
        if set(p.mandatory) - represented:
            represented |= set(p.mandatory)
        elif p.mandatory:
            fill.append(p.child_id)
    if left_out:
        # Only children of a mandatory group, or the missing/exploited, took the places...
        assert all(p.mandatory for p in picks)
        # ... and none left out is more at risk than one taken to fill the places.
        if fill:
            assert max(risk_key(by_id[c]) for c in left_out) <= \
                min(risk_key(by_id[c]) for c in fill)
    else:
        assert at_risk <= set(ids)
    # The fill is in order of risk.
    assert [risk_key(by_id[c]) for c in fill] == sorted((risk_key(by_id[c]) for c in fill),
                                                        reverse=True)


@given(pools, st.integers(3, 20), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_the_option_keeps_the_rules_and_the_determinism(rows, size, seed, rnd):
    first = choose(Pool.build(rows), size, seed, all_at_risk=True)
    chosen = {p.child_id for p in first}
    for group in MANDATORY_GROUPS:  # at least one of each group, as without the option
        if any(group in r[2] for r in rows):
            assert chosen & {r[0] for r in rows if group in r[2]}
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    again = choose(Pool.build(shuffled), size, seed, all_at_risk=True)
    assert [(p.child_id, p.mandatory) for p in first] == [(p.child_id, p.mandatory)
                                                          for p in again]


def test_the_option_never_takes_a_child_kept_only_for_a_group():
    rows = [("A1", set(), {"missing"}, 3), ("B2", set(), {"missing"}, 2),
            ("C3", {"gender: boy"}, set(), 0)]
    pool = Pool.build(rows)
    only = np.array([False, True, False])
    picks = choose(pool, 3, 0, all_at_risk=True, mandatory_only=only)
    assert [p.child_id for p in picks] == ["A1", "C3"]


# --------------------------------------------------------------------- reports and labels

def test_factors_list_age_bands_youngest_first():
    bands = ["18+", "5-9", "unborn", "10-15", "under 1", "16-17", "1-4"]
    counts = {f"age band: {b}": 1 for b in bands} | {"gender: girl": 1, "gender: boy": 2}
    report = sampler.factor_report(counts, counts)
    ages = list(report.loc[report["factor"] == "age band", "value"])
    assert ages == ["unborn", "under 1", "1-4", "5-9", "10-15", "16-17", "18+"]
    assert list(report["factor"])[:9] == ["age band"] * 7 + ["gender"] * 2
    assert sorted(bands, key=sampling_rule.age_band_rank) == ages


def test_mandatory_status_says_how_many_are_in_and_left_out():
    assert sampling_rule.mandatory_status(10, 10) == "included"
    status = sampling_rule.mandatory_status(10, 5)
    assert status.startswith("5 of 10 in the sample (at least one required, ILACS ¶150)")
    assert "5 left out" in status and "still in its pool" in status


def test_size_limits_of_the_visit_types():
    assert sampling_rule.size_warnings("monitoring", 6, 6) == []
    assert any("7 tracked children" in w and "up to six" in w and "¶134" in w
               for w in sampling_rule.size_warnings("monitoring", 7, 6))
    assert any("¶131" in w for w in sampling_rule.size_warnings("monitoring", 6, 7))
    assert sampling_rule.size_warnings("standard", 40, 6) == []  # 25 is a default, not a cap
    assert any("six to 12" in w for w in sampling_rule.size_warnings("standard", 25, 13))


def test_member_labels_use_the_screens_words():
    m = pd.DataFrame({"gender": ["b) Female", "a) Male", None], "disability": ["a) Yes", "b) No",
                                                                                None],
                      "ethnicity_group": ["g) Other", "a) White", None],
                      "placement_group": ["a) Foster placement", None, "k) Family Centre"],
                      "is_missing": [True, False, None], "child_id": ["a) 1", "X", "Y"]})
    out = sampler.member_labels(m)
    def values(col):
        return [None if pd.isna(v) else v for v in out[col]]

    assert values("gender") == ["girl", "boy", None]
    assert values("disability") == ["disabled", "not disabled", None]
    assert values("ethnicity_group") == ["Other", "White", None]
    assert values("placement_group") == ["Foster placement", None, "Family Centre"]
    assert values("is_missing") == ["yes", "no", None]
    assert list(out["child_id"]) == ["a) 1", "X", "Y"]  # IDs are never touched
    assert sampler.clean_code("h) Children’s Homes") == "Children’s Homes"
    assert sampler.clean_code("a1) Other") == "Other"
    assert sampler.clean_code("Not a code) here") == "Not a code) here"


# ---------------------------------------------------------------------- on a real database

# The demo's medium-sized LA: over a hundred missing or exploited children, some both, some
# from a large sibling group.
LA = "X03"


@pytest.fixture(scope="module")
def con(_demo_db_master):
    c = warehouse.connect_reader(_demo_db_master)  # read only
    yield c
    c.close()


def _at_risk(con, la):
    return con.execute(
        "select child_id, is_missing, at_risk_of_exploitation, "
        "coalesce(missing_episodes_12m, 0) as episodes, missing_202, "
        "coalesce(large_sibling_group, false) as siblings "
        "from sample_candidates(?) where is_missing or at_risk_of_exploitation",
        [la]).df().set_index("child_id")


def test_on_real_data_the_missing_child_chosen_is_among_the_most_at_risk(con):
    df = _at_risk(con, LA)
    assert len(df) > 6, "the synthetic LA should have missing and exploited children"
    p = sampler.propose(con, Settings.for_visit(LA, "monitoring", seed=3))
    tracked = set(p.members.loc[p.members["role"] == "tracked", "child_id"])
    both = df[df["is_missing"] & df["at_risk_of_exploitation"]]
    assert len(both), "the synthetic LA should have children both missing and exploited"
    # The group's child covers most groups (here: also exploited, and from a large sibling
    # group if any such child is), then is missing most often among those.
    chosen = both[both.index.isin(tracked)]
    assert len(chosen)
    rivals = both[both["siblings"]] if both["siblings"].any() else both
    assert chosen["episodes"].max() == rivals["episodes"].max()
    # The status says how many are in when not all are.
    row = p.mandatory.set_index("group").loc["missing"]
    if row["in_sample"] < row["in_data"]:
        assert row["status"].startswith(f"{row['in_sample']} of {row['in_data']} in the sample")
        assert row["left_out"] == row["in_data"] - row["in_sample"]


def test_on_real_data_the_option_fills_the_tracked_places_with_them(con):
    df = _at_risk(con, LA)
    s = Settings.for_visit(LA, "standard", seed=1, all_missing_exploited=True)
    p = sampler.propose(con, s)
    tracked = p.members[p.members["role"] == "tracked"]
    n = min(len(df), s.tracked)
    # Every place goes to a missing or exploited child, except one kept for the sibling group.
    assert tracked["child_id"].isin(df.index).sum() >= n - 1
    if len(df) <= s.tracked - 1:
        assert set(df.index) <= set(tracked["child_id"])
        assert p.mandatory.set_index("group").loc["missing", "status"] == "included"
    assert sampler.propose(con, s).members.equals(p.members)  # still reproducible
    off = sampler.propose(con, Settings.for_visit(LA, "standard", seed=1))
    assert off.members["child_id"].isin(df.index).sum() <= tracked["child_id"].isin(
        df.index).sum()


def test_two_places_still_cover_all_three_groups_when_one_child_stands_for_two():
    """The most at-risk missing child (A) stands for one group; B, missing less often, is also
    from a large sibling group: with two places, B and C cover every ¶150 group, A and C not."""
    pool = Pool.build([("A", ["f1"], {"missing"}, 5),
                       ("B", ["f2"], {"missing", "large sibling group"}, 1),
                       ("C", ["f3"], {"exploitation"})])
    assert {p.child_id for p in choose(pool, 2, 0)} == {"B", "C"}
