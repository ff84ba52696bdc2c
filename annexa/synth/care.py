"""Children in care, adoption and care leavers for the synthetic Annex A (lists 8, 9, 10, 11).

A mixin of the population builder in synth_journeys.py: the same random stream, the same child
registry. Sibling groups come into care together and often share a placement; placement type
follows age, the provider follows the type, and out-of-area placements follow the provider.
Adoption runs backwards from the order (or forwards from the decision while the child waits), so
decision, placement order, match, placement and order are always in that order.
"""

from __future__ import annotations

import datetime as dt

from annexa.synth.common import DAY, Child, Codes, Picker, add_years, age_on, rand_date

# Children in care by age (EES CLA 2024); care leavers 17-21 with some up to 25.
CLA_AGES = {(0, 0): 5, (1, 4): 14, (5, 9): 18, (10, 15): 38, (16, 17): 25}
LEAVER_AGES = {(16, 17): 7, (18, 18): 22, (19, 21): 63, (22, 25): 8}
CLA_NEED = {"N1": 65, "N2": 3, "N3": 3, "N4": 7, "N5": 13, "N6": 1, "N7": 0.2, "N8": 2}
PERMANENCE = {"a": 18, "b": 6, "c": 16, "d": 8, "e": 9, "f": 38, "g": 5}

PLACEMENT_BY_AGE = {
    "under5": {"U1": 6, "U3": 8, "U2": 1, "U4": 20, "U5": 3, "U6": 57, "R3": 3, "K2": 1, "T4": 1},
    "5to15": {"U1": 8, "U3": 6, "U4": 38, "U6": 28, "K2": 15, "S1": 2, "K1": 0.5, "R1": 0.5,
              "R5": 0.5, "Z1": 0.5, "T4": 1},
    "16to17": {"U1": 5, "U3": 3, "U4": 22, "U6": 12, "K2": 14, "K3": 38, "R5": 2,
               "S1": 1, "Z1": 1, "T4": 2},
}
PROVIDER_BY_PLACEMENT = {
    "U1": {"PR1": 90, "PR2": 10}, "U2": {"PR1": 90, "PR2": 10}, "U3": {"PR1": 90, "PR2": 10},
    "U4": {"PR1": 55, "PR4": 40, "PR5": 5}, "U5": {"PR1": 60, "PR4": 35, "PR5": 5},
    "U6": {"PR1": 55, "PR4": 40, "PR5": 5}, "K2": {"PR4": 80, "PR1": 15, "PR5": 5},
    "K3": {"PR4": 85, "PR1": 10, "PR5": 5},
    "S1": {"PR4": 70, "PR5": 30}, "K1": {"PR2": 85, "PR3": 15}, "R1": {"PR3": 40, "PR4": 60},
    "R3": {"PR3": 40, "PR4": 60}, "R5": {"PR3": 100}, "Z1": {"PR1": 100}, "T4": {"PR1": 100},
    "P1": {"PR0": 100}, "A3": {"PR1": 60, "PR2": 25, "PR5": 15},
    "A4": {"PR1": 60, "PR2": 25, "PR5": 15}, "A5": {"PR1": 60, "PR2": 25, "PR5": 15},
    "A6": {"PR1": 60, "PR2": 25, "PR5": 15},
}
OUT_OF_AREA_SHARE = {"PR0": 0.05, "PR1": 0.15, "PR2": 0.9, "PR3": 0.5, "PR4": 0.6, "PR5": 0.5}
URN_PLACEMENTS = ("K1", "K2", "K3", "S1", "R1", "R3")

CEASED_REASON = {"E4A": 30, "E4B": 3, "E13": 3, "E41": 6, "E45": 6, "E47": 9, "E3": 4, "E9": 2,
                 "E8": 3}
CEASED_CLOSURE = {"E41": "RC3", "E45": "RC4", "E47": "RC4", "E3": "RC5"}
AGED_OUT_REASON = {"E17": 30, "E5": 35, "E6": 15, "E8": 20}
ACCOMMODATION = {"U": 30, "D": 25, "Z": 10, "B": 12, "E": 6, "T": 4, "C": 2, "X": 2, "S": 1,
                 "W": 1, "V": 1, "K": 2, "Y": 3, "R": 1}
UNSUITABLE_ACCOMMODATION = ("S", "W", "V", "X", "R")
ACTIVITY = {"F1": 6, "P1": 1, "F2": 20, "P2": 3, "F5": 12, "P5": 6, "F4": 3, "P4": 2, "G4": 8,
            "G5": 34, "G6": 5}
IN_TOUCH = {"a": 88, "b": 5, "d": 3, "e": 1.5, "f": 1.5, "c": 0.3}
RD_REASON = {"RD1": 25, "RD2": 20, "RD3": 30, "RD4": 25}

FICTIONAL_LAS = ("Ashcombe", "Brackenmoor", "Caldervale", "Dunholt", "Eastmere", "Fernleigh",
                 "Greywater", "Hartsmoor", "Ivelford", "Kestondale", "Lowbridge", "Marrowby")
# Postcode areas starting with X do not exist in the UK, so no real address is ever written.
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


class CareSteps:
    """Lists 8-11. Needs the builder's rng, codes, dates, pickers, rows and registries."""

    def init_care_pickers(self, codes: Codes) -> None:
        self.pick_cla_need = Picker.of(codes, "category_of_need", CLA_NEED)
        self.pick_permanence = Picker.of(codes, "permanence_plan", PERMANENCE)
        self.pick_placement = {band: Picker(list(t), list(t.values()))
                               for band, t in PLACEMENT_BY_AGE.items()}
        self.pick_provider = {p: Picker(list(t), list(t.values()))
                              for p, t in PROVIDER_BY_PLACEMENT.items()}
        self.pick_ceased = Picker(list(CEASED_REASON), list(CEASED_REASON.values()))
        self.pick_aged_out = Picker(list(AGED_OUT_REASON), list(AGED_OUT_REASON.values()))
        self.pick_accommodation = Picker(list(ACCOMMODATION), list(ACCOMMODATION.values()))
        self.pick_activity = Picker.of(codes, "activity", ACTIVITY)
        self.pick_in_touch = Picker.of(codes, "in_touch", IN_TOUCH)
        self.pick_rd = Picker.of(codes, "adoption_reversal_reason", RD_REASON)

    # ----------------------------------------------------------------------------------- care

    def care_cohort(self, n: int) -> None:
        """Children in care at the as-at date, in sibling groups of one to four."""
        rng = self.rng
        made = 0
        while made < n:
            r = rng.random()
            size = min(n - made, 1 if r < 0.7 else 2 if r < 0.88 else 3 if r < 0.96 else 4)
            self.care_group(size)
            made += size

    def care_group(self, size: int) -> None:
        rng, codes = self.rng, self.codes
        uasc = size == 1 and rng.random() < 0.05
        recent = rng.random() < 0.18
        if uasc:
            lead_dob = self.dob_in_band({(15, 17): 1})
            ethnicity = self.pick_uasc_ethnicity(rng)
        else:
            lead_dob = self.dob_in_band(CLA_AGES)
            ethnicity = self.pick_ethnicity(rng)
        dobs = [lead_dob]
        for _ in range(size - 1):
            d = dobs[-1] + dt.timedelta(days=rng.choice((-1, 1)) * rng.randint(300, 1500))
            dobs.append(min(max(d, add_years(self.as_at, -18) + DAY), self.as_at - 10 * DAY))
        if recent:
            group_start = rand_date(rng, self.w6, self.as_at - DAY)
        else:
            group_start = self.as_at - dt.timedelta(days=183 + int(rng.expovariate(1 / 700)))
        youngest_age = age_on(max(dobs), self.as_at)
        if uasc:  # accommodated under section 20
            legal, legal_start = codes("legal_status", "V2"), group_start
        else:
            legal, legal_start = self.legal_status(group_start, recent, youngest_age)
        need = codes("category_of_need", "N8") if uasc else self.pick_cla_need(rng)
        allocation = self.allocate("safeguarding" if recent and rng.random() < 0.5 else "care")
        together = size > 1 and rng.random() < 0.6
        shared_placement = None
        referral = group_start - dt.timedelta(days=rng.randint(0, 90))
        with_cp = recent and not uasc and rng.random() < 0.25
        extra_siblings = rng.choice((0, 0, 0, 0, 0, 1, 1, 1, 2, 3))
        for dob in dobs:
            c = self.child(male=0.9 if uasc else 0.57, dob=dob, ethnicity=ethnicity,
                           disabled=0.08)
            start = min(max(group_start, c.dob + dt.timedelta(days=rng.randint(0, 30))),
                        self.as_at)
            if together and shared_placement:
                placement = dict(shared_placement)
                if placement["placement_start_date"] < start:  # born after the others came in
                    placement.update(placement_start_date=start, placements_12m=1)
            else:
                placement = self.placement(c, legal, start)
            shared_placement = shared_placement or placement
            cin_start = self.entry_journey(c, start, referral, with_cp) if recent else \
                max(c.dob, start - dt.timedelta(days=rng.randint(0, 365)))
            siblings = None if rng.random() < 0.1 else min(6, size - 1 + extra_siblings)
            self.care_row(c, start, legal, max(legal_start, start), need, allocation,
                          placement, siblings=siblings,
                          uasc=uasc, plan=self.permanence(legal, c))
            self.cin(c, cin_start, "a", need=self.codes("primary_need", need.split()[0]),
                     allocation=allocation)

    def entry_journey(self, c: Child, start: dt.date, referral: dt.date, with_cp: bool) -> dt.date:
        """How a child who came into care in the window got there; returns the CIN start."""
        rng = self.rng
        referral = max(referral, c.dob)
        if with_cp and start - c.dob > dt.timedelta(days=120):
            cp_start = max(c.dob + 14 * DAY, start - dt.timedelta(days=rng.randint(60, 400)))
            return self.cp_journey(c, cp_start, start)
        self.front_door(c, referral)
        self.assessment(c, referral, self.authorised(referral), True)
        if rng.random() < 0.6:
            strategy = max(referral, start - dt.timedelta(days=rng.randint(0, 5)))
            if rng.random() < 0.55:
                self.s47(c, strategy, False, None, None)
            else:
                icpc = self.icpc_after(strategy)
                held = icpc <= self.as_at
                self.s47(c, strategy, True, icpc if held else None, False if held else None)
        return referral

    def legal_status(self, start: dt.date, recent: bool, age: int) -> tuple[str, dt.date]:
        """Section 20, interim or full care orders, police powers; placement orders (E1) only
        come with an adoption decision, so only the adoption cohort has them."""
        rng, codes = self.rng, self.codes
        r = rng.random()
        if recent:
            token = ("V2" if r < 0.45 else "C1" if r < 0.87 else "L2" if r < 0.92 else
                     "L1" if r < 0.96 or age < 12 else "J1")
        else:
            token = ("C2" if r < 0.66 else "V2" if r < 0.9 else "C1" if r < 0.97 else
                     "C2" if r < 0.985 or age < 12 else "J2")
        if token == "C1":
            when = min(self.as_at, start + dt.timedelta(days=rng.randint(0, 40)))
        elif token == "C2":
            when = rand_date(rng, start + dt.timedelta(days=120), self.as_at)
        else:
            when = start
        return codes("legal_status", token), min(when, self.as_at)

    def permanence(self, legal: str, c: Child) -> str | None:
        rng, codes = self.rng, self.codes
        if rng.random() < 0.08:
            return None
        if legal == codes("legal_status", "E1"):
            return codes("permanence_plan", "b")
        if legal == codes("legal_status", "V2") and rng.random() < 0.5:
            return codes("permanence_plan", "a")
        plan = self.pick_permanence(rng)
        if plan in (codes("permanence_plan", "d"),) and age_on(c.dob, self.as_at) < 15:
            plan = codes("permanence_plan", "f")
        return plan

    def placement(self, c: Child, legal: str, start: dt.date, token: str | None = None,
                  placed: dt.date | None = None) -> dict:
        """The most recent placement: type by age, provider by type, in or out of area."""
        rng, codes = self.rng, self.codes
        age = age_on(c.dob, self.as_at)
        in_care_days = (self.as_at - start).days
        if token is None:
            on_order = legal in (codes("legal_status", "C1"), codes("legal_status", "C2"))
            band = "under5" if age < 5 else "5to15" if age < 16 else "16to17"
            token = "P1" if on_order and rng.random() < 0.08 else self.pick_placement[band](rng)
        provider = self.pick_provider[token](rng)
        out = rng.random() < OUT_OF_AREA_SHARE[provider]
        r = rng.random()
        moves = 1 if r < 0.68 else 2 if r < 0.89 else 3 if r < 0.96 else rng.randint(4, 8)
        if in_care_days < 30:
            moves = min(moves, 2 if in_care_days > 1 else 1)
        if placed:
            placement_start = placed
        elif moves == 1:
            placement_start = start if in_care_days <= 365 or rng.random() < 0.4 else \
                rand_date(rng, start, self.as_at - dt.timedelta(days=366))
        else:
            placement_start = rand_date(rng, max(start + DAY, self.as_at - dt.timedelta(days=364)),
                                        self.as_at)
        la = self.la_name
        if out:
            la = rng.choice(self.other_las) if rng.random() < 0.93 else \
                rng.choice(("WAL", "SCO", "CON"))
        postcode = None if la == "CON" else self.postcode(la)
        urn = f"SC{rng.randint(100000, 999999)}" if token in URN_PLACEMENTS or (
            provider == "PR4" and token.startswith("U")) else None
        return {"placements_12m": moves, "placement_start_date": placement_start,
                "placement_type": codes("placement_type", token),
                "placement_provider": codes("placement_provider", provider),
                "placement_postcode": postcode, "placement_urn": urn,
                "placement_location": codes("placement_location", "b" if out else "a"),
                "placement_la": la}

    def postcode(self, la: str) -> str:
        """A well-formed postcode in a made-up X area, one area per fictional LA."""
        rng = self.rng
        area = FICTIONAL_LAS.index(la) if la in FICTIONAL_LAS else len(FICTIONAL_LAS)
        return (f"X{POSTCODE_LETTERS[area]}{rng.randint(1, 29)} {rng.randint(1, 9)}"
                f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}")

    def care_row(self, c: Child, start: dt.date, legal: str, legal_start: dt.date, need: str,
                 allocation: dict, placement: dict, *, siblings: int | None, uasc: bool = False,
                 plan: str | None = None, end: dt.date | None = None,
                 end_reason: str | None = None) -> dict:
        """A list 8 row; visits, reviews and health checks mostly in time, some overdue."""
        rng, codes = self.rng, self.codes
        horizon = end or self.as_at
        in_care = (horizon - start).days
        age = age_on(c.dob, self.as_at)

        def recent(lo_hi: tuple[int, int], overdue: tuple[int, int], p_overdue: float):
            span = overdue if rng.random() < p_overdue else lo_hi
            return max(start, horizon - dt.timedelta(days=rng.randint(*span)))

        new = in_care < 28
        review = None if new and rng.random() < 0.6 else recent((0, 182), (183, 300), 0.07)
        iro = None if new and rng.random() < 0.5 else recent((0, 150), (151, 300), 0.06)
        health = None if new else recent((0, 182 if age < 5 else 365), (366, 500), 0.1)
        dental = None if new or age < 1 or rng.random() < 0.08 else \
            recent((0, 365), (366, 600), 0.12)
        missing = absent = 0
        if rng.random() < (0.18 if age >= 11 else 0.02):
            missing = min(40 if in_care > 60 else 2, 1 + int(rng.expovariate(1 / 3)))
        if rng.random() < 0.06:
            absent = rng.randint(1, 10)
        offered = accepted = None
        if missing:
            r = rng.random()
            offered = codes("yes_no_unknown", "a" if r < 0.85 else "b" if r < 0.95 else "c")
            if offered == codes("yes_no_unknown", "a"):
                r = rng.random()
                accepted = codes("yes_no_unknown", "a" if r < 0.6 else "b" if r < 0.95 else "c")
        if end is None:
            self.cla_now.append((c, missing))
            self.audit_pools["Permanence for children in care"].append(c.id)
        return self.add(
            "list_8", c, uasc=self.yes if uasc else self.no, disability=c.disability,
            cla_start_date=start, category_of_need=need,
            second_period_12m=self.yes if rng.random() < 0.06 else self.no,
            legal_status_start_date=legal_start, legal_status=legal, last_review_date=review,
            last_visit_date=recent((0, 42), (43, 120), 0.1), permanence_plan=plan,
            last_iro_contact_date=iro, last_health_assessment_date=health,
            last_dental_check_date=dental, cla_end_date=end,
            cla_end_reason=codes("cla_end_reason", end_reason) if end_reason else None,
            **placement, missing_episodes_12m=missing, absent_episodes_12m=absent,
            return_interview_offered=offered, return_interview_accepted=accepted,
            **allocation, sibling_count=siblings)

    def ceased_cohort(self, n: int) -> None:
        """Children who left care in the last six months: home, SGO, another LA, or aged 18."""
        rng, codes = self.rng, self.codes
        for _ in range(max(0, n)):
            end = rand_date(rng, self.w6, self.as_at)
            if rng.random() < 0.32:
                self.aged_out(end)
                continue
            reason = self.pick_ceased(rng)
            c = self.child(CLA_AGES, male=0.57, disabled=0.08)
            self.born_before(c, end - 30 * DAY)
            if reason == "E9" and age_on(c.dob, self.as_at) < 14:
                reason = "E4A"
            start = max(c.dob, end - dt.timedelta(days=rng.randint(30, 1500)))
            legal, legal_start = self.legal_status(start, (end - start).days < 120,
                                                   age_on(c.dob, end))
            legal_start = min(legal_start, end)
            allocation = self.allocate("care")
            self.care_row(c, start, legal, legal_start, self.pick_cla_need(rng), allocation,
                          self.placement_before(c, legal, start, end), siblings=self.siblings(),
                          plan=codes("permanence_plan", "a"), end=end, end_reason=reason)
            cin_start = max(c.dob, start - dt.timedelta(days=rng.randint(0, 200)))
            if reason in ("E4A", "E4B", "E13") and rng.random() < 0.55:
                self.cin(c, cin_start, "c")
                self.cin_now.append(c)
            else:
                closed = rand_date(rng, end, min(self.as_at, end + dt.timedelta(days=90))) \
                    if reason not in CEASED_CLOSURE else end
                self.cin(c, cin_start, "e", end=closed, reason=CEASED_CLOSURE.get(reason, "RC7"))
                self.no_service.append(c)

    def placement_before(self, c: Child, legal: str, start: dt.date, end: dt.date) -> dict:
        placement = self.placement(c, legal, start)
        if placement["placement_start_date"] > end:
            placement["placement_start_date"] = rand_date(self.rng, start, end)
        return placement

    def siblings(self) -> int | None:
        r = self.rng.random()
        if r < 0.1:
            return None
        return self.rng.choices(range(7), weights=(25, 30, 20, 12, 7, 4, 2))[0]

    def aged_out(self, end: dt.date) -> None:
        """Left care on their 18th birthday in the window: on list 8 (ceased) and list 9."""
        rng, codes = self.rng, self.codes
        c = self.child(male=0.6, dob=add_years(end, -18), disabled=0.08)
        start = max(add_years(end, -rng.randint(1, 8)), c.dob + DAY)
        legal = codes("legal_status", "C2" if rng.random() < 0.55 else "V2")
        token = rng.choice(("U4", "U4", "U6", "K3", "K3", "K3", "K2"))
        placement = self.placement(c, legal, start, token=token)
        if placement["placement_start_date"] > end:
            placement["placement_start_date"] = rand_date(rng, start, end)
        self.care_row(c, start, legal, rand_date(rng, start, min(end, start + 400 * DAY)),
                      self.pick_cla_need(rng), self.allocate("care"), placement,
                      siblings=self.siblings(), plan=codes("permanence_plan", "d"), end=end,
                      end_reason=self.pick_aged_out(rng))
        self.care_leaver(c)

    # ------------------------------------------------------------------------------- adoption

    def adoption_cohort(self, n: int) -> None:
        """List 10: adopted in 12 months, waiting after a decision, or decision reversed.

        Those adopted in the last six months have also ceased on list 8.
        """
        rng = self.rng
        n_recent = round(0.25 * n)
        n_older = round(0.22 * n)
        n_reversed = max(1 if n >= 5 else 0, round(0.1 * n))
        kinds = (["recent"] * n_recent + ["older"] * n_older + ["reversed"] * n_reversed)
        kinds += ["waiting"] * max(0, n - len(kinds))
        i = 0
        while i < len(kinds):
            kind = kinds[i]
            pair = kind != "reversed" and i + 1 < len(kinds) and kinds[i + 1] == kind \
                and rng.random() < 0.15
            self.adoption_group(kind, 2 if pair else 1)
            i += 2 if pair else 1

    def adoption_group(self, kind: str, size: int) -> None:
        rng, codes = self.rng, self.codes
        d = {}
        if kind in ("recent", "older"):
            lo, hi = (self.w6, self.as_at) if kind == "recent" else (self.w12, self.w6 - DAY)
            d["order"] = rand_date(rng, lo, hi)
            d["placed"] = d["order"] - dt.timedelta(days=rng.randint(100, 330))
            d["matched"] = d["placed"] - dt.timedelta(days=rng.randint(5, 35))
            d["po"] = d["matched"] - dt.timedelta(days=rng.randint(40, 200))
            d["decision"] = d["po"] - dt.timedelta(days=rng.randint(20, 150))
            d["start"] = d["decision"] - dt.timedelta(days=rng.randint(100, 400))
        else:
            d["start"] = self.days_ago(240, 900)
            d["decision"] = min(self.as_at - DAY, d["start"] + dt.timedelta(
                days=rng.randint(120, 400)))
            if kind == "reversed":
                earliest = min(max(d["decision"] + 30 * DAY, self.w12), self.as_at)
                d["reversal"] = rand_date(rng, earliest, self.as_at)
                d["reason"] = self.pick_rd(rng)
            po = d["decision"] + dt.timedelta(days=rng.randint(20, 150))
            no_order = kind == "reversed" and d["reason"] == codes("adoption_reversal_reason",
                                                                   "RD2")
            if po <= d.get("reversal", self.as_at) and not no_order:
                d["po"] = po
                matched = po + dt.timedelta(days=rng.randint(40, 220))
                if kind == "waiting" and matched <= self.as_at:
                    d["matched"] = matched
                    placed = matched + dt.timedelta(days=rng.randint(7, 35))
                    if placed <= self.as_at:
                        d["placed"] = placed
        if rng.random() < 0.1:
            d["ffa"] = min(self.as_at, d["start"] + dt.timedelta(days=rng.randint(0, 40)))
        family = self.adoptive_family(d, size) if "matched" in d else None
        ethnicity = self.pick_ethnicity(rng)
        dob = d["start"] - dt.timedelta(days=rng.randint(0, 900))
        for k in range(size):
            if k:  # an older brother or sister, adopted together
                dob -= dt.timedelta(days=rng.randint(400, 1100))
            c = self.child(dob=dob, ethnicity=ethnicity, disabled=0.05)
            self.add("list_10", c, family_id=family, disability=c.disability,
                     care_start_date=d["start"], adm_decision_date=d["decision"],
                     placement_order_date=d.get("po"), matched_date=d.get("matched"),
                     placed_date=d.get("placed"), adoption_order_date=d.get("order"),
                     reversal_date=d.get("reversal"), reversal_reason=d.get("reason"),
                     ffa_date=d.get("ffa"))
            if kind == "older":
                continue
            self.adopted_child_in_care(c, kind, d)

    def adopted_child_in_care(self, c: Child, kind: str, d: dict) -> None:
        """List 8 and list 6 rows for a list 10 child (in care, or adopted in six months)."""
        rng, codes = self.rng, self.codes
        if "po" in d and kind != "reversed":
            legal, legal_start = codes("legal_status", "E1"), d["po"]
        else:
            legal = codes("legal_status", "C2" if rng.random() < 0.8 else "C1")
            legal_start = rand_date(rng, d["start"], d["decision"])
        if "placed" in d:
            token, placed = rng.choice(("A5", "A6", "A6")), d["placed"]
        elif "ffa" in d and kind == "waiting":
            token, placed = "U5", d["ffa"]
        else:
            token, placed = rng.choice(("U4", "U6")), None
        end = d.get("order")
        placement = self.placement(c, legal, d["start"], token=token, placed=placed)
        plan = codes("permanence_plan", "f" if kind == "reversed" else "b")
        allocation = self.allocate("care")
        self.care_row(c, d["start"], legal, legal_start, self.pick_cla_need(rng), allocation,
                      placement, siblings=self.siblings(), plan=plan, end=end,
                      end_reason=("E11" if rng.random() < 0.7 else "E12") if end else None)
        cin_start = max(c.dob, d["start"] - dt.timedelta(days=rng.randint(0, 120)))
        if end:
            self.cin(c, cin_start, "e", end=end, reason="RC1", need=self.codes(
                "primary_need", "N1"))
            self.no_service.append(c)
        else:
            self.cin(c, cin_start, "a", need=self.codes("primary_need", "N1"),
                     allocation=allocation)

    def adoptive_family(self, d: dict, n_children: int) -> str:
        self._families += 1
        family = f"FAM-{self._families:05d}"
        self.adoptive_families.append({"family_id": family, "children": n_children, **d})
        return family

    def adopters(self, n: int) -> None:
        """List 11: the families of list 10 children, then other prospective adopters."""
        rng = self.rng
        for fam in self.adoptive_families:
            if len(self.rows["list_11"]) >= n:
                return
            approval = fam["matched"] - dt.timedelta(days=rng.randint(30, 240))
            dates = self.adopter_stages_before(approval)
            dates.update(matched_date=fam["matched"], placed_date=fam.get("placed"),
                         adoption_order_date=fam.get("order"),
                         children_placed=fam["children"] if fam.get("placed") else None)
            if max(v for v in dates.values() if isinstance(v, dt.date)) >= self.w12:
                self.adopter_rows(fam["family_id"], dates)
        while len(self.rows["list_11"]) < n:
            self._families += 1
            enquiry = rand_date(rng, self.w12, self.as_at)
            self.adopter_rows(f"FAM-{self._families:05d}", self.adopter_stages_after(enquiry))

    def adopter_stages_before(self, approval: dt.date) -> dict:
        rng = self.rng
        s2_end = approval - dt.timedelta(days=rng.randint(0, 21))
        s2_start = s2_end - dt.timedelta(days=rng.randint(90, 140))
        s1_end = s2_start - dt.timedelta(days=rng.randint(0, 45))
        s1_start = s1_end - dt.timedelta(days=rng.randint(40, 70))
        return {"enquiry_date": s1_start - dt.timedelta(days=rng.randint(7, 60)),
                "stage1_start_date": s1_start, "stage1_end_date": s1_end,
                "stage2_start_date": s2_start, "stage2_end_date": s2_end,
                "application_date": s2_start, "approval_date": approval}

    def adopter_stages_after(self, enquiry: dt.date) -> dict:
        """As far through the two stages as the as-at date allows; some leave the process."""
        rng, codes = self.rng, self.codes
        steps = (("stage1_start_date", 7, 60), ("stage1_end_date", 40, 70),
                 ("stage2_start_date", 0, 45), ("stage2_end_date", 90, 140),
                 ("approval_date", 0, 21))
        dates: dict = {"enquiry_date": enquiry}
        last = enquiry
        for name, lo, hi in steps:
            nxt = last + dt.timedelta(days=rng.randint(lo, hi))
            if nxt > self.as_at:
                break
            dates[name] = last = nxt
        if "stage2_start_date" in dates:
            dates["application_date"] = dates["stage2_start_date"]
        if rng.random() < 0.18 and last < self.as_at:
            dates["left_process_date"] = rand_date(rng, last + DAY, self.as_at)
            dates["left_process_reason"] = codes("left_process_reason", rng.choice("1112233"))
        return dates

    def adopter_rows(self, family: str, dates: dict) -> None:
        rng, codes = self.rng, self.codes
        r = rng.random()
        genders = (("a", "b") if r < 0.55 else ("b", "b") if r < 0.6 else ("a", "a") if r < 0.65
                   else ("b",) if r < 0.93 else ("a",))
        ethnicity = self.pick_ethnicity(rng)
        ffa = codes("yes_no_bare", "Yes" if rng.random() < 0.1 else "No")
        for g in genders:
            self._adopters += 1
            self.rows["list_11"].append({
                "adopter_id": f"AD-{self._adopters:05d}", "family_id": family,
                "gender": codes("adopter_gender", g),
                "ethnicity": ethnicity if rng.random() < 0.8 else self.pick_ethnicity(rng),
                "disability": self.yes if rng.random() < 0.03 else self.no, "ffa": ffa,
                **dates})

    # -------------------------------------------------------------------------- care leavers

    def care_leaver_cohort(self, n: int) -> None:
        for _ in range(max(0, n)):
            self.care_leaver(self.child(LEAVER_AGES, male=0.58, disabled=0.09))

    def care_leaver(self, c: Child) -> None:
        """A list 9 row: in touch, accommodation and its suitability, activity (EET or NEET)."""
        rng, codes = self.rng, self.codes
        age = age_on(c.dob, self.as_at)
        eligibility = ("a" if age < 18 else "b" if rng.random() < 0.92 else "c")
        in_touch = self.pick_in_touch(rng)
        if age < 18 and in_touch == codes("in_touch", "c"):
            in_touch = codes("in_touch", "a")
        accommodation = suitable = activity = None
        if in_touch == codes("in_touch", "a"):
            token = self.pick_accommodation(rng)
            accommodation = codes("accommodation", token)
            bad = token in UNSUITABLE_ACCOMMODATION or rng.random() < 0.05
            suitable = codes("suitability", "b" if bad else "a")
            activity = codes("activity", "F2") if age < 18 and rng.random() < 0.7 else \
                self.pick_activity(rng)
        self.add("list_9", c, disability=c.disability, **self.allocate("leaving_care"),
                 eligibility=codes("eligibility", eligibility), in_touch=in_touch,
                 accommodation=accommodation, accommodation_suitable=suitable,
                 activity=activity)
        self.leavers.append(c)
        self.audit_pools["Care leavers"].append(c.id)
