"""Synthetic children and their journeys, turned into clean Annex A rows.

Every child is made once (ID, gender, ethnicity, date of birth, disability) and every list row for
that child copies those fields, so cross-list checks find nothing unless a problem is planted.
Children are made cohort by cohort, deepest stage first (in care, on a plan, ...), because one
journey feeds several lists: a child who came into care last month also has a contact, a referral,
an assessment and maybe a section 47 enquiry in the window. The shallow cohorts then fill each
list up to its target volume. Dates are built backwards from the event that puts the child on a
list, so every date is on or before the as-at date and every end follows its start.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from annexa.synth.care import FICTIONAL_LAS, CareSteps
from annexa.synth.common import (
    DAY,
    LIST_SHARES,
    Child,
    Codes,
    Picker,
    Team,
    WorkingDays,
    add_years,
    age_on,
    build_teams,
    months_before,
    rand_date,
)
from ingest.spec import NUMBERED_LISTS, load_spec

# Age bands (years at the as-at date) and weights, from the DfE CIN census shape: younger on
# plans, older in need. Children in care and care leavers: synth_care.py.
CP_AGES = {(0, 0): 11, (1, 4): 28, (5, 9): 29, (10, 15): 29, (16, 17): 3}
CIN_AGES = {(0, 0): 6, (1, 4): 17, (5, 9): 24, (10, 15): 37, (16, 17): 16}

# Ethnicity: 71% White, 11% Mixed, 7% Black, 5% Asian, 5% other, 1% unknown
# (docs/methodology/data.md D10).
ETHNICITY = {"WBRI": 60, "WOTH": 8.5, "WIRI": 1, "WROM": 1, "WIRT": 0.5,
             "MWBC": 3.5, "MWBA": 1.8, "MWAS": 2.2, "MOTH": 3.5,
             "BAFR": 3.5, "BCRB": 1.5, "BOTH": 2, "APKN": 1.8, "AIND": 1, "ABAN": 0.7,
             "AOTH": 1.5, "OOTH": 4.3, "CHNE": 0.7, "NOBT": 0.7, "REFU": 0.3}
UASC_ETHNICITY = {"AOTH": 30, "BAFR": 25, "BOTH": 15, "OOTH": 30}

# Sources weighted police, schools, health (ADCS Safeguarding Pressures).
SOURCE = {"1A": 4, "1B": 1, "1C": 1, "1D": 1, "2A": 18, "2B": 3, "3A": 3, "3B": 3, "3C": 1,
          "3D": 3, "3E": 4, "3F": 2, "4": 2, "5A": 3, "5B": 4, "5C": 2, "5D": 3, "6": 28, "7": 3,
          "8": 4, "9": 2, "10": 1}
PRIMARY_NEED = {"N1": 57, "N2": 10, "N3": 3, "N4": 9, "N5": 14, "N6": 2, "N7": 0.5, "N8": 3,
                "N9": 0.5, "N0": 1}
# Neglect the most common initial category (48%, docs/methodology/data.md D10).
ABUSE = {"a": 48, "d": 36, "b": 8, "c": 4, "e": 4}

EH_ORGANISATIONS = ("Early Help Locality 1", "Early Help Locality 2", "Early Help Locality 3",
                    "Family Hub North", "Family Hub South", "Oakridge Primary School",
                    "Millbrook Academy", "Hillcrest High School", "Health Visiting Team East",
                    "Youth Support Service", "Top Town Academy")
AUDIT_THEMES = ("Neglect", "Missing children", "Care leavers", "Child protection planning",
                "Permanence for children in care", "Front door decision-making",
                "Disabled children", "Exploitation")


@dataclass
class Population:
    """The clean rows of every list, plus the extra sheets, for one LA as at one date."""

    rows: dict[str, list[dict]]
    siblings: list[dict]
    missing: list[dict]
    audits: list[dict]
    la_name: str


def list_targets(total_rows: int) -> dict[str, int]:
    return {lk: max(1, round(share * total_rows)) for lk, share in LIST_SHARES.items()}


def build_population(total_rows: int, seed: int, la_code: str, as_at: dt.date,
                     la_name: str | None = None) -> Population:
    return _Builder(total_rows, seed, la_code, as_at, la_name).build()


class _Builder(CareSteps):
    def __init__(self, total_rows: int, seed: int, la_code: str, as_at: dt.date,
                 la_name: str | None = None) -> None:
        self.rng = rng = random.Random(seed)
        self.la_code, self.as_at = la_code, as_at
        self.w3, self.w6, self.w12 = (months_before(as_at, n) for n in (3, 6, 12))
        self.targets = list_targets(total_rows)
        self.codes = codes = Codes()
        self.wd = WorkingDays(add_years(as_at, -6), add_years(as_at, 1))
        self.teams = build_teams(rng, total_rows / 15_000)
        la_index = sum(map(ord, la_code)) % len(FICTIONAL_LAS)
        self.la_name = la_name or FICTIONAL_LAS[la_index]
        self.other_las = [n for n in FICTIONAL_LAS if n != self.la_name]
        self.rows: dict[str, list[dict]] = {lk: [] for lk in NUMBERED_LISTS}
        self._contacts: set[tuple[str, dt.date, str]] = set()
        self.missing: list[dict] = []
        self.audits: list[dict] = []
        self._serial = 0
        self._band_pickers: dict[tuple, Picker] = {}
        self._numbers: set[int] = set()
        self._families = 0
        self._adopters = 0
        self.adoptive_families: list[dict] = []
        # Who is where at the as-at date, for the 2.02 sheet and the audits.
        self.cla_now: list[tuple[Child, int]] = []
        self.cp_now: list[Child] = []
        self.cin_now: list[Child] = []
        self.leavers: list[Child] = []
        self.no_service: list[Child] = []
        self.audit_pools: dict[str, list[str]] = {t: [] for t in AUDIT_THEMES}

        self.pick_ethnicity = Picker.of(codes, "ethnicity", ETHNICITY)
        self.pick_uasc_ethnicity = Picker.of(codes, "ethnicity", UASC_ETHNICITY)
        self.pick_source = Picker.of(codes, "source", SOURCE)
        self.pick_need = Picker.of(codes, "primary_need", PRIMARY_NEED)
        self.pick_abuse = Picker.of(codes, "abuse_category", ABUSE)
        self.init_care_pickers(codes)
        self.yes, self.no = codes("yes_no", "a"), codes("yes_no", "b")
        self.unknown = codes("yes_no_unknown", "c")

    # ----------------------------------------------------------------------------------- build

    def build(self) -> Population:
        t = self.targets
        self.adoption_cohort(t["list_10"])
        self.care_cohort(round(0.8 * t["list_8"]) - len(self.cla_now))
        self.ceased_cohort(t["list_8"] - len(self.rows["list_8"]))
        self.protection_cohort(t["list_7"] - len(self.rows["list_7"]))
        self.shallow_cohorts()
        self.referral_nfa_cohort(t["list_3"] - len(self.rows["list_3"]))
        self.care_leaver_cohort(t["list_9"] - len(self.rows["list_9"]))
        self.adopters(t["list_11"])
        while len(self.rows["list_1"]) < t["list_1"]:
            self.contact_only_child()
        while len(self.rows["list_2"]) < t["list_2"]:
            self.early_help_child()
        self.missing_and_exploitation()
        self.la_audits()
        for lk, rows in self.rows.items():
            rows.sort(key=self._sort_key(lk))
        siblings = [{"child_id": r["child_id"], "sibling_count": r["sibling_count"]}
                    for r in self.rows["list_8"] if r["sibling_count"] is not None]
        return Population(self.rows, siblings, self.missing, self.audits, self.la_name)

    @staticmethod
    def _sort_key(lk: str):
        """LAs export lists in date order (lists 1-5, 10, 11) or child order (lists 6-9)."""
        spec = load_spec().lists[lk]
        event = None if lk in ("list_6", "list_7", "list_8") else spec.event_date
        key = spec.child_key
        if event is None:
            return lambda r: (r[key],)
        return lambda r: (r[event] or dt.date.min, r[key])

    # ---------------------------------------------------------------------------------- people

    def new_id(self) -> str:
        """Mostly 'X01-000123'; some numeric with leading zeros; some plain numbers."""
        self._serial += 1
        r = self.rng.random()
        if r < 0.16:
            low, high = (1, 99_999) if r < 0.08 else (100_000, 999_999)
            n = self.rng.randint(low, high)
            while n in self._numbers:
                n = self.rng.randint(low, high)
            self._numbers.add(n)
            return f"{n:06d}"
        return f"{self.la_code}-{self._serial:06d}"

    def dob_in_band(self, bands: dict[tuple[int, int], float]) -> dt.date:
        key = tuple(bands.items())
        picker = self._band_pickers.get(key)
        if picker is None:
            picker = self._band_pickers[key] = Picker(list(bands), list(bands.values()))
        lo, hi = picker(self.rng)
        first = add_years(self.as_at, -(hi + 1)) + DAY
        return rand_date(self.rng, first, add_years(self.as_at, -lo))

    def child(self, bands=CIN_AGES, *, male: float = 0.515, dob: dt.date | None = None,
              ethnicity: str | None = None, disabled: float = 0.12, unborn: bool = False) -> Child:
        rng, codes = self.rng, self.codes
        if unborn:
            dob = self.as_at + dt.timedelta(days=rng.randint(7, 150))
            gender = codes("gender", "c")
        else:
            dob = dob or self.dob_in_band(bands)
            r = rng.random()
            gender = codes("gender", "a" if r < male else "b" if r < 0.997 else
                           "c" if r < 0.999 else "d")
        r = rng.random()
        disability = codes("yes_no_unknown", "a" if r < disabled else
                           "c" if r > 1 - disabled / 2 else "b")
        return Child(self.new_id(), gender, ethnicity or self.pick_ethnicity(rng), dob, disability)

    def age(self, c: Child) -> int | None:
        return None if c.dob is None else age_on(c.dob, self.as_at)

    def add(self, lk: str, c: Child, **fields) -> dict:
        """One row: the child's own fields, then the list's. Age blank now and then (allowed)."""
        age = self.age(c) if self.rng.random() > 0.01 else None
        row = {"child_id": c.id, "gender": c.gender, "ethnicity": c.ethnicity, "dob": c.dob,
               "age": age, **fields}
        self.rows[lk].append(row)
        return row

    def allocate(self, area: str) -> dict:
        team: Team = self.rng.choice(self.teams[area])
        name, worker = team.allocate(self.rng)
        return {"team": name, "worker": worker}

    def born_before(self, c: Child, d: dt.date) -> None:
        """Move a child's birth before d, so no event of theirs predates it."""
        if c.dob is not None and c.dob > d:
            c.dob = d - dt.timedelta(days=self.rng.randint(30, 1500))

    def days_ago(self, lo: int, hi: int, floor: dt.date | None = None) -> dt.date:
        d = self.as_at - dt.timedelta(days=self.rng.randint(lo, hi))
        return max(d, floor) if floor else d

    def wd_lag(self, on_time: tuple[int, int], late: tuple[int, int], p_late: float) -> int:
        return self.rng.randint(*(late if self.rng.random() < p_late else on_time))

    # ------------------------------------------------------------------------- front door steps

    def contact(self, c: Child, when: dt.date, source: str) -> None:
        # Two contacts for a child on one day from one source would be identical rows, which the
        # ingest reports (duplicate_row, docs/data-quality.md): a clean workbook has none.
        nearby = (when + k * DAY for k in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5))
        when = next((d for d in nearby if self.w6 <= d <= self.as_at
                     and (c.id, d, source) not in self._contacts), when)
        self._contacts.add((c.id, when, source))
        self.add("list_1", c, contact_date=when, contact_source=source)

    def front_door(self, c: Child, referral: dt.date, *, nfa: bool = False) -> None:
        """The contact and referral before a social work response (lists 1 and 3)."""
        rng = self.rng
        source = self.pick_source(rng)
        contact = referral - dt.timedelta(days=rng.choice((0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 5)))
        if contact >= self.w6:
            self.contact(c, contact, source if rng.random() < 0.9 else self.pick_source(rng))
        r = rng.random()
        count = 1 if r < 0.72 else 2 if r < 0.9 else 3 if r < 0.96 else rng.randint(4, 6)
        if count > 1 and rng.random() < 0.4:
            earlier = referral - dt.timedelta(days=rng.randint(20, 330))
            if earlier >= self.w6:
                self.contact(c, earlier, self.pick_source(rng))
        if referral >= self.w6:
            self.add("list_3", c, referral_date=referral, referral_source=source,
                     referral_nfa=self.codes("referral_nfa", "a" if nfa else "b"),
                     referrals_12m=count, **self.allocate("front_door"))

    def assessment(self, c: Child, start: dt.date, auth: dt.date | None,
                   in_need: bool | None, area: str = "assessment") -> None:
        if start < self.w6:
            return
        rng, codes = self.rng, self.codes
        unborn = c.dob is not None and c.dob > self.as_at
        r = rng.random()
        seen = codes("yes_no_unknown", "b" if unborn else "a" if r < 0.94 else
                     "b" if r < 0.97 else "c")
        self.add("list_4", c, disability=c.disability, assessment_start_date=start,
                 child_seen=seen, assessment_auth_date=auth,
                 assessed_in_need=(self.yes if in_need else self.no) if auth else None,
                 **self.allocate(area))

    def authorised(self, start: dt.date) -> dt.date | None:
        """Usually within 45 working days; some late; None while still open at the as-at date."""
        auth = self.wd.add(start, self.wd_lag((8, 45), (46, 85), 0.14))
        return auth if auth <= self.as_at else None

    def s47(self, c: Child, start: dt.date, icpc_needed: bool | None, icpc: dt.date | None,
            plan: bool | None, area: str = "safeguarding") -> None:
        if start < self.w6:
            return
        rng = self.rng
        r = rng.random()
        n_s47 = 1 if r < 0.8 else 2 if r < 0.95 else 3
        n_icpc = (1 if icpc else 0) + (1 if n_s47 > 1 and rng.random() < 0.3 else 0)
        self.add("list_5", c, disability=c.disability, s47_start_date=start,
                 icpc_not_required=None if icpc_needed is None else
                 (self.no if icpc_needed else self.yes),
                 icpc_date=icpc,
                 icpc_resulted_in_plan=None if plan is None else (self.yes if plan else self.no),
                 s47_12m=n_s47, icpc_12m=n_icpc, **self.allocate(area))

    def icpc_after(self, strategy: dt.date) -> dt.date:
        """Usually within 15 working days of the strategy discussion; some late."""
        return self.wd.add(strategy, self.wd_lag((5, 15), (16, 30), 0.14))

    def cin(self, c: Child, start: dt.date, status: str, *, end: dt.date | None = None,
            reason: str | None = None, need: str | None = None, area: str = "cin",
            allocation: dict | None = None) -> None:
        """A list 6 row: the child's latest episode of need (case status by priority)."""
        rng = self.rng
        if end is None:
            seen = self.days_ago(0, 28 if rng.random() < 0.85 else 90, start)
        else:
            seen = max(start, end - dt.timedelta(days=rng.randint(0, 20)))
        self.add("list_6", c, disability=c.disability, cin_start_date=start,
                 primary_need=need or self.pick_need(rng), last_seen_date=seen,
                 cin_end_date=end,
                 cin_closure_reason=self.codes("closure_reason", reason) if reason else None,
                 case_status=self.codes("case_status", status),
                 **(allocation or self.allocate(area)))

    # ----------------------------------------------------------------------- child protection

    def protection_cohort(self, n: int) -> None:
        """Children on a plan at the as-at date, or whose plan ended in the last six months."""
        rng = self.rng
        for _ in range(max(0, n)):
            ended = rng.random() < 0.28
            end = rand_date(rng, self.w6, self.as_at) if ended else None
            if ended:
                start = end - dt.timedelta(days=rng.randint(90, 700))
            else:
                r = rng.random()
                span = ((0, 182) if r < 0.45 else (183, 365) if r < 0.8 else
                        (366, 730) if r < 0.96 else (731, 1100))
                start = self.days_ago(*span)
            c = self.child(CP_AGES)
            while c.dob > start - dt.timedelta(days=7):
                c.dob = self.dob_in_band(CP_AGES)
            c.disability = self.codes("yes_no_unknown", "a" if rng.random() < 0.08 else "b")
            referral = self.cp_journey(c, start, end)
            if end is None:
                self.cin(c, referral, "b", need=self.cp_need(), area="safeguarding")
                self.cp_now.append(c)
            elif rng.random() < 0.58:
                self.cin(c, referral, "c", need=self.cp_need())
                self.cin_now.append(c)
            else:
                closed = rand_date(rng, end, min(self.as_at, end + dt.timedelta(days=60)))
                self.cin(c, referral, "e", end=closed, reason="RC7", need=self.cp_need())
                self.no_service.append(c)

    def cp_need(self) -> str:
        return self.codes("primary_need", "N1" if self.rng.random() < 0.85 else
                          self.rng.choice(("N4", "N5")))

    def cp_journey(self, c: Child, start: dt.date, end: dt.date | None) -> dt.date:
        """Referral, assessment, strategy discussion, ICPC and the plan; returns the referral."""
        rng, codes = self.rng, self.codes
        strategy = self.wd.add(start, -self.wd_lag((5, 15), (16, 30), 0.14))
        referral = max(strategy - dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 3, 7, 14))), c.dob)
        self.front_door(c, referral)
        self.assessment(c, referral, self.authorised(referral), True)
        self.s47(c, strategy, True, start, True)
        horizon = end or self.as_at
        initial = self.pick_abuse(rng)
        latest = initial if rng.random() < 0.85 else self.pick_abuse(rng)
        visit = max(start, horizon - dt.timedelta(
            days=rng.randint(0, 14) if rng.random() < 0.9 else rng.randint(15, 45)))
        age = age_on(c.dob, self.as_at)
        r = rng.random()
        alone = (("b" if r < 0.7 else "c") if age < 4 else
                 "a" if r < 0.85 else "b" if r < 0.95 else "c")
        review, last_review = months_before(start, -3), None
        while review <= horizon:
            last_review, review = review, months_before(review, -6)
        if last_review:
            last_review = max(start, last_review - dt.timedelta(days=rng.randint(0, 10)))
        r = rng.random()
        previous = 0 if r < 0.76 else 1 if r < 0.93 else 2 if r < 0.98 else 3
        self.add("list_7", c, disability=c.disability, cp_start_date=start,
                 cp_initial_category=initial, cp_latest_category=latest, last_visit_date=visit,
                 seen_alone=codes("yes_no_unknown", alone), last_review_date=last_review,
                 cp_end_date=end, epo_6m=self.yes if rng.random() < 0.04 else self.no,
                 previous_cp_plans=previous, **self.allocate("safeguarding"))
        if initial == codes("abuse_category", "a"):
            self.audit_pools["Neglect"].append(c.id)
        self.audit_pools["Child protection planning"].append(c.id)
        return referral

    # ------------------------------------------------------------------- children in need etc.

    def shallow_cohorts(self) -> None:
        """CIN plans, open assessments and closed episodes, sized so lists 4-6 hit their targets."""
        t, rows = self.targets, self.rows
        rest = max(0, t["list_6"] - len(rows["list_6"]))
        n_open = round(0.22 * rest)
        n_closed = round(0.33 * rest)
        n_plan = rest - n_open - n_closed
        need4 = t["list_4"] - len(rows["list_4"]) - n_open - n_closed
        recent = min(1.0, max(0.05, need4 / n_plan)) if n_plan else 0.0
        base = n_open + n_closed + recent * n_plan
        s47_share = min(0.6, max(0.02, (t["list_5"] - len(rows["list_5"])) / base)) if base else 0
        for _ in range(n_plan):
            self.cin_plan_child(self.rng.random() < recent, s47_share)
        for _ in range(n_open):
            self.open_assessment_child(s47_share)
        for _ in range(n_closed):
            self.closed_episode_child(s47_share)

    def assessed_in_window(self, c: Child, in_need: bool, s47_share: float,
                           auth_by: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """Referral and an authorised assessment, both in the window; returns (referral, auth)."""
        rng = self.rng
        self.born_before(c, self.w6)
        auth_by = auth_by or self.as_at
        lag = self.wd_lag((8, 45), (46, 70), 0.14)
        latest_start = self.wd.add(auth_by, -lag)
        start = rand_date(rng, self.w6 + 3 * DAY, max(self.w6 + 3 * DAY, latest_start))
        start = max(start, c.dob)
        auth = min(self.wd.add(start, lag), auth_by)
        referral = max(self.w6, start - dt.timedelta(days=rng.choice((0, 0, 1, 2))), c.dob)
        self.front_door(c, referral)
        self.assessment(c, start, auth, in_need, area="cin" if in_need else "assessment")
        if rng.random() < s47_share:
            strategy = rand_date(rng, start, auth)
            if rng.random() < 0.7:
                self.s47(c, strategy, False, None, None, area="assessment")
            else:
                icpc = min(self.icpc_after(strategy), self.as_at)
                self.s47(c, strategy, True, icpc, False, area="assessment")
        return referral, auth

    def cin_plan_child(self, recent: bool, s47_share: float) -> None:
        rng = self.rng
        c = self.child()
        if recent:
            start, _ = self.assessed_in_window(c, True, s47_share)
        else:
            start = max(c.dob, self.days_ago(183, 1100))
        need = self.pick_need(rng)
        area = "cin"
        if need == self.codes("primary_need", "N2"):
            c.disability = self.codes("yes_no_unknown", "a")
            self.audit_pools["Disabled children"].append(c.id)
        self.cin(c, start, "c", need=need, area=area)
        self.cin_now.append(c)

    def open_assessment_child(self, s47_share: float) -> None:
        """Status d: an assessment still open at the as-at date (some beyond 45 working days)."""
        rng = self.rng
        c = self.child(unborn=rng.random() < 0.06)
        lag = rng.randint(1, 45) if rng.random() < 0.75 else rng.randint(46, 110)
        start = max(self.w6 + DAY, self.wd.add(self.as_at, -lag))
        if c.dob > start and c.dob <= self.as_at:
            c.dob = start - dt.timedelta(days=rng.randint(30, 3000))
        referral = start - dt.timedelta(days=rng.choice((0, 0, 1, 2)))
        self.front_door(c, referral)
        self.assessment(c, start, None, None)
        if rng.random() < s47_share:
            strategy = rand_date(rng, start, self.as_at)
            r = rng.random()
            if r < 0.4:
                self.s47(c, strategy, None, None, None, area="assessment")
            elif r < 0.8:
                self.s47(c, strategy, False, None, None, area="assessment")
            else:  # conference booked, not yet held
                self.s47(c, strategy, True, None, None, area="assessment")
        need = self.codes("primary_need", "N0") if rng.random() < 0.2 else self.pick_need(rng)
        self.cin(c, referral, "d", need=need, area="assessment")
        self.cin_now.append(c)

    def closed_episode_child(self, s47_share: float) -> None:
        """Status e: closed in the window, after assessment (RC8, RC9) or after a short plan."""
        rng = self.rng
        c = self.child()
        r = rng.random()
        reason = "RC8" if r < 0.4 else "RC9" if r < 0.6 else "RC7" if r < 0.9 else \
            "RC5" if r < 0.95 else "RC3"
        if reason == "RC7" and rng.random() < 0.5:
            reason = "RC6" if age_on(c.dob, self.as_at) == 17 else "RC7"
        in_need = reason not in ("RC8", "RC9")
        auth_by = self.as_at - dt.timedelta(days=rng.randint(20, 150)) if in_need else None
        referral, auth = self.assessed_in_window(c, in_need, s47_share, auth_by)
        end = auth if not in_need else rand_date(rng, auth, self.as_at)
        self.cin(c, referral, "e", end=end, reason=reason)
        self.no_service.append(c)
        if reason == "RC9":
            eh_start = min(self.as_at, end + dt.timedelta(days=rng.randint(0, 20)))
            self.early_help_row(c, eh_start)

    def referral_nfa_cohort(self, n: int) -> None:
        for _ in range(max(0, n)):
            c = self.child()
            self.born_before(c, self.w6)
            self.front_door(c, rand_date(self.rng, self.w6, self.as_at), nfa=True)
            self.no_service.append(c)
            self.audit_pools["Front door decision-making"].append(c.id)

    def contact_only_child(self) -> None:
        """One or more contacts and no referral; some go to early help, a few are unborn."""
        rng = self.rng
        c = self.child(unborn=rng.random() < 0.01)
        if rng.random() < 0.005:
            c.dob = None
        r = rng.random()
        n = 1 if r < 0.78 else 2 if r < 0.93 else 3 if r < 0.98 else rng.randint(4, 6)
        born = c.dob if c.dob is not None and c.dob <= self.as_at else None
        first = max(self.w6, born) if born else self.w6
        for _ in range(n):
            self.contact(c, rand_date(rng, first, self.as_at), self.pick_source(rng))
        if born and rng.random() < 0.25:
            self.early_help_row(c, rand_date(rng, first, self.as_at))
        self.no_service.append(c)

    def early_help_child(self) -> None:
        rng = self.rng
        c = self.child()
        self.born_before(c, self.w12)
        if rng.random() < 0.2:  # an intervention open since before the window
            self.early_help_row(c, rand_date(rng, self.w12, self.w6 - DAY), completed=False)
        else:
            if rng.random() < 0.08:
                self.early_help_row(c, rand_date(rng, self.w6, self.w3))
            self.early_help_row(c, rand_date(rng, self.w6, self.as_at))

    def early_help_row(self, c: Child, start: dt.date, completed: bool | None = None) -> None:
        rng = self.rng
        end = start + dt.timedelta(days=rng.randint(7, 70))
        if completed is False or end > self.as_at or (completed is None and rng.random() < 0.45):
            end = None
        self.add("list_2", c, eh_start_date=start, eh_end_date=end,
                 eh_organisation=rng.choice(EH_ORGANISATIONS))

    # ---------------------------------------------------------------------------- extra sheets

    def missing_and_exploitation(self) -> None:
        """2.02: children missing or at risk of sexual exploitation, mostly in care or on plans."""
        rng, codes = self.rng, self.codes
        status = {k: codes("status_202", i) for i, k in
                  enumerate(("leaver", "cla", "cp", "cin", "none"))}
        picked: list[tuple[Child, bool, bool, str]] = []
        for c, missing in self.cla_now:
            teen = age_on(c.dob, self.as_at) >= 11
            cse = teen and rng.random() < (0.3 if missing else 0.03)
            if missing or cse:
                picked.append((c, bool(missing), cse, status["cla"]))
        groups = ((self.cp_now, 0.08, "cp"), (self.cin_now, 0.02, "cin"),
                  (self.leavers, 0.03, "leaver"), (self.no_service, 0.003, "none"))
        for children, share, key in groups:
            for c in children:
                if c.dob is None or not 11 <= age_on(c.dob, self.as_at) <= 18:
                    continue
                if rng.random() < share:
                    r = rng.random()
                    picked.append((c, r < 0.7, r > 0.4, status[key]))
        for c, missing, cse, state in picked:
            self.missing.append({"child_id": c.id, "dob": c.dob,
                                 "missing_12m": self.yes if missing else self.no,
                                 "cse_risk": self.yes if cse else self.no,
                                 "current_status": state})
            self.audit_pools["Missing children" if missing else "Exploitation"].append(c.id)

    def la_audits(self) -> None:
        """A few dozen audits completed in the last six months, by theme (¶266)."""
        rng = self.rng
        total = sum(len(v) for v in self.rows.values())
        n = max(12, round(8 * math.log10(max(total, 10))))
        themes = [t for t in AUDIT_THEMES if self.audit_pools[t]]
        seen: set[str] = set()
        for i in range(n * 3):
            if len(self.audits) >= n or not themes:
                break
            theme = themes[i % len(themes)] if i < len(themes) else rng.choice(themes)
            child_id = rng.choice(self.audit_pools[theme])
            if child_id in seen:
                continue
            seen.add(child_id)
            self.audits.append({"child_id": child_id, "audit_theme": theme,
                                "audit_date": rand_date(rng, self.w6, self.as_at)})
        self.audits.sort(key=lambda r: (r["audit_date"], r["child_id"]))
