"""The sections of the 'Lists in detail' page that belong to one list only (issue 12 point 6).

dashboard/views/lists.py draws, for the list the user picks, the views every list shares
(profile, monthly trend, teams and workers, disproportionality) and then
`SECTIONS[list_key](ctx)` when this module has a section for that list: children in need
(list 6), early help (list 2), children in care (list 8), care leavers (list 9), adoption
(list 10) and adopters (list 11).

Each section reads its own mart (sql/30_marts/91_list_sections/section_<list>.sql) through one
named query (sql/queries/list_sections/<list>.sql) and only draws it: every count, band, median
and standard is the SQL's (docs/methodology/list-sections.md LS1-LS8). Every figure counts
children (list 11: adopters), never rows, and nothing here names a child. Each chart has a
title and a subtitle with its population, window and reference date, a text alternative that is
its accessible name, its figures as a table under it (dashboard/charts.py `show`), and "How is
this counted?" beside it.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from annexa.services.briefing import plain
from annexa.services.context import Context
from dashboard import charts, db

# Each section's sources, as the pages cite them (no file paths: inspectors cannot open them).
SOURCES = {
    "list_6": "ILACS ¶258 (list 6); the primary need codes of the DfE children in need census",
    "list_2": "ILACS ¶258, ¶261 (list 2)",
    "list_8": "ILACS ¶258 (list 8); DfE, Children looked after in England including adoptions "
              "(long-term placement stability; children starting to be looked after, by age)",
    "list_9": "ILACS ¶258 (list 9); the SSDA903 codes of the template's Codes_used; DfE, "
              "Children looked after in England including adoptions (care leavers aged 17-18 "
              "and 19-21)",
    "list_10": "ILACS ¶258 (list 10); DfE adoption scorecards (A1, A2, A3, A10)",
    "list_11": "ILACS ¶258 (list 11); Adoption: statutory guidance (2013), chapter 3; DfE "
               "adoption scorecards (A12)",
}
NOT_SHOWN_WHEN_NONE = ("not a template code", "before the start", "not known")


# ----------------------------------------------------------------------------------- helpers

def _load(name: str, ctx: Context) -> pd.DataFrame:
    """A section's figures for the sidebar's LA, reference date and edition."""
    return db.named(name, [ctx.la_code, ctx.ref_date, ctx.edition])


def _day(value) -> str:
    return f"{pd.Timestamp(value):%d/%m/%Y}"


def _how(texts: list[str], key: str) -> None:
    """'How is this counted?' beside a chart: the rule, one click away."""
    with st.popover("How is this counted?", icon=":material/help:", key=key):
        st.markdown("\n\n".join(texts))


def _rule(list_key: str, rules: str) -> str:
    """The sources, and the rules' numbers in the tool's methodology (list sections)."""
    return f"Source: {SOURCES[list_key]}. Methodology, list sections: rules {rules}."


def _measure(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One measure's rows, less the data-error and unreadable categories when they hold none."""
    part = frame[frame["measure"] == measure]
    keep = ~part["category"].isin(NOT_SHOWN_WHEN_NONE) | (part["n"] > 0)
    return part[keep].reset_index(drop=True)


def _total(part: pd.DataFrame) -> int:
    return int(part["total"].iloc[0]) if len(part) else 0


def _subtitle(total: int, noun: str, population: str, ref) -> list[str]:
    return [f"{total:,} {noun} · {population}", f"Reference date {_day(ref)}"]


def _with_table(chart: alt.TopLevelMixin, title: str, table: pd.DataFrame) -> alt.TopLevelMixin:
    """The chart with a fuller table of its figures under it (in place of the builder's)."""
    chart.usermeta = {"alternative": {"title": title,
                                      "table": table.astype(str).to_dict("records")}}
    return chart


def _count(n) -> str:
    return f"{int(n):,}"


def _pct(value) -> str:
    return "" if pd.isna(value) else f"{float(value):.1f}%"


def _none(title: str, population: str) -> None:
    st.markdown(f"**{title}**")
    st.info(f"None {population}: nothing to chart. Check that the list was supplied on the "
            "Upload and data quality page.")


def _share_chart(part: pd.DataFrame, title: str, subtitle: list[str], *,
                 extra: dict[str, pd.Series] | None = None, colour: str = charts.BLUE,
                 labels: pd.Series | None = None, noun: str = "children") -> None:
    """Horizontal bars of each category's share of the children, with its count; the table
    under it gives every category's number and share, and any further columns (`extra`)."""
    label = (labels if labels is not None else part["category"]).map(plain)
    frame = pd.DataFrame({"label": label, "value": part["pct"], "n": part["n"],
                          "d": part["total"]})
    chart = charts.share_bars(frame, title, subtitle, colour=colour, value_title=f"% of {noun}")
    table = pd.DataFrame({"Category": label, noun.capitalize(): part["n"].map(_count),
                          f"% of {noun}": part["pct"].map(_pct)})
    for column, values in (extra or {}).items():
        table[column] = values.to_numpy()
    charts.show(_with_table(chart, title, table))


def _band_chart(part: pd.DataFrame, title: str, subtitle: list[str], x_title: str, *,
                extra: dict[str, pd.Series] | None = None, noun: str = "children") -> None:
    """Vertical bars, one per band, count on top ('not known' grey, 'before the start' light
    grey and outside the total); the table gives each band's number and share, and `extra`."""
    frame = pd.DataFrame({"band_no": part["category_no"], "band": part["category"],
                          "n": part["n"], "meets_standard": None, "standard": None})
    chart = charts.distribution(frame, title, subtitle, x_title=x_title,
                                y_title=noun.capitalize())
    table = pd.DataFrame({x_title: part["category"], noun.capitalize(): part["n"].map(_count),
                          f"% of {noun}": part["pct"].map(_pct)})
    for column, values in (extra or {}).items():
        table[column] = values.to_numpy()
    charts.show(_with_table(chart, title, table))


STEP_TEXT = alt.Text(field="text", type="nominal")


def _step_chart(steps: pd.DataFrame, title: str, subtitle: list[str], counted: str,
                noun: str) -> alt.LayerChart:
    """One bar per step: its median calendar days, with 'median 113 days (352 children)'
    written beside it; a step nobody has reached yet has no bar and says so.

    steps: rows of section_adoption or section_adopters (label, median_days, mean_days, the
    `counted` column, reached, not_known, left_out, standard, within_standard).
    """
    frame = pd.DataFrame({
        "step": steps["label"].to_numpy(),
        "days": steps["median_days"].fillna(0).astype(float).to_numpy(),
        "text": [f"median {d:,.0f} days ({int(n):,} {noun})" if pd.notna(d)
                 else f"none yet (0 {noun})"
                 for d, n in zip(steps["median_days"], steps[counted], strict=True)],
    })
    order = frame["step"].tolist()
    top = max(float(frame["days"].max() or 0), 1.0)
    ticks = charts.nice_ticks(top)
    x = alt.X(field="days", type="quantitative", title="Median calendar days",
              scale=alt.Scale(domain=[0, max(top * 1.6, ticks[-1])], nice=False),
              axis=alt.Axis(values=ticks, format=",.0f"))
    y = alt.Y(field="step", type="nominal", sort=order, title=None,
              axis=alt.Axis(labelLimit=charts.LABEL_LIMIT))
    tooltip = [alt.Tooltip(field="step", type="nominal", title="Step"),
               alt.Tooltip(field="text", type="nominal", title="Median")]
    with alt.utils.schemapi.debug_mode(False):
        bars = alt.Chart().mark_bar(color=charts.BLUE).encode(x=x, y=y, tooltip=tooltip)
        text = alt.Chart().mark_text(align="left", dx=4, color="#222222").encode(
            x=x, y=y, text=STEP_TEXT)
        summary = (f"{title}: one bar per step, its median calendar days written beside it: "
                   + "; ".join(f"{s}: {t}" for s, t in zip(frame["step"], frame["text"],
                                                            strict=True)) + ".")
        table = pd.DataFrame({
            "Step": steps["label"].to_numpy(),
            "From": steps["from_step"].to_numpy(),
            "To": steps["to_step"].to_numpy(),
            "Reached by the reference date": steps["reached"].map(_count).to_numpy(),
            f"{noun.capitalize()} counted": steps[counted].map(_count).to_numpy(),
            "Median days": [f"{d:,.1f}" if pd.notna(d) else "" for d in steps["median_days"]],
            "Mean days": [f"{d:,.1f}" if pd.notna(d) else "" for d in steps["mean_days"]],
            "Standard": steps["standard"].fillna("").to_numpy(),
            "Within the standard": [
                "" if pd.isna(w) else f"{int(w):,} of {int(n):,}"
                for w, n in zip(steps["within_standard"], steps[counted], strict=True)],
            "Earlier date blank (not known)": steps["not_known"].map(_count).to_numpy(),
            "Dates out of order (left out)": steps["left_out"].map(_count).to_numpy(),
        })
        return charts.layered(frame, [bars, text], title, subtitle,
                             40 + charts.ROW_PX * len(frame), summary, table)


def _open(title: str, query: str, what: str, ctx: Context) -> pd.DataFrame | None:
    """A section's heading and its mart's rows; None (and says so) when the LA has no
    submission to count from."""
    st.header(title, divider="gray")
    frame = _load(query, ctx)
    if frame.empty:
        st.info(f"No figures for {what}: choose an LA with a loaded submission in the sidebar.")
        return None
    return frame


def _window(frame: pd.DataFrame) -> tuple:
    """The section's reference date and window start (the same on every row of its mart)."""
    return frame["ref_date"].iloc[0], frame["window_from"].iloc[0]


LS8_NOTE = ("A later date before the earlier one (a closure before the start) is a data error: "
            "drawn as 'before the start', outside the total, and listed on the Upload and data "
            "quality page. A blank start date is 'not known'.")


# ---------------------------------------------------------------------------------- sections

def children_in_need(ctx: Context) -> None:
    """List 6: children by primary need, and by the length of their episode (LS2)."""
    frame = _open("Children in need: primary need and length of episode",
                  "list_sections/cin", "children in need", ctx)
    if frame is None:
        return
    ref, start = _window(frame)
    population = f"open at {_day(ref)} or closed {_day(start)}-{_day(ref)}"
    common = (f"**Who**: children with an episode of need open at the reference date "
              f"({_day(ref)}) or closed in the list 6 window ({_day(start)}-{_day(ref)}), each "
              "child once, by their most recent episode in the window (CIN start date, then "
              "the row's place in the sheet). Rows without a child ID are not counted.")
    left, right = st.columns(2)
    with left:
        part = _measure(frame, "primary_need")
        title = "Children in need by primary need"
        if _total(part) == 0:
            _none(title, population)
        else:
            _share_chart(part, title, _subtitle(_total(part), "children", population, ref),
                         extra={"Open at the reference date": part["n_open"].map(_count),
                                "Closed in the window": part["n_closed"].map(_count)})
        _how([common, "**Primary need**: the child's \"Primary Need Code\", matched by its "
              "code (N1-N9 as the children in need census describes them, and the template's "
              "N0 Not stated). A blank is 'not recorded'; a value that is not a template code "
              "is counted as such.", _rule("list_6", "LS1, LS2")], key="ls_cin_need")
    with right:
        part = _measure(frame, "episode_length")
        title = "Children in need by length of episode"
        if _total(part) + int(part["n"].sum()) == 0:
            _none(title, population)
        else:
            _band_chart(part, title, _subtitle(_total(part), "children", population, ref),
                        "Length of episode",
                        extra={"Open at the reference date": part["n_open"].map(_count),
                               "Closed in the window": part["n_closed"].map(_count)})
        _how([common, "**Length of episode**: from the CIN start date to the reference date "
              "for an episode still open, or to its closure date for one closed in the window, "
              "in calendar months: under 3 months, 3-6 months (3 months or more and under 6), "
              "6-12 months, 1-2 years, 2 years or more.", LS8_NOTE,
              _rule("list_6", "LS1, LS2, LS8")], key="ls_cin_length")


def early_help(ctx: Context) -> None:
    """List 2: open or completed, length, organisation; list 2 has no outcome column (LS3)."""
    frame = _open("Early help: assessments open and completed",
                  "list_sections/early_help", "early help", ctx)
    if frame is None:
        return
    ref, start = _window(frame)
    population = f"assessments open at any time {_day(start)}-{_day(ref)}"
    st.caption("List 2 gives each early help assessment's start and completion dates and the "
               "organisation completing it. It has no outcome or reason-for-closure column, so "
               "what follows is what the list does hold.")
    common = (f"**Who**: children with an early help assessment open at any time in the list 2 "
              f"window ({_day(start)}-{_day(ref)}: started by the reference date and not "
              "completed before the window), each child once, by their most recent assessment "
              "in the window (start date, then the row's place in the sheet). The tables also "
              "count the assessments (list 2 may have several a child, ILACS ¶261), each by its "
              "own dates.")
    left, right = st.columns(2)
    with left:
        part = _measure(frame, "status")
        title = "Children by whether their assessment was open or completed"
        if _total(part) == 0:
            _none(title, population)
        else:
            _share_chart(part, title, _subtitle(_total(part), "children", population, ref),
                         extra={"Assessments": part["episodes"].map(_count)})
        _how([common, "**Open or completed**: open at the reference date (no completion date, "
              "or one after it) or completed in the window, each split by whether the "
              "assessment started in the window or before it.", _rule("list_2", "LS1, LS3")],
             key="ls_eh_status")
    with right:
        part = _measure(frame, "assessment_length")
        title = "Children by length of assessment"
        if _total(part) + int(part["n"].sum()) == 0:
            _none(title, population)
        else:
            _band_chart(part, title, _subtitle(_total(part), "children", population, ref),
                        "Length of assessment",
                        extra={"Assessments": part["episodes"].map(_count)})
        _how([common, "**Length**: from the assessment's start to its completion, or to the "
              "reference date while it is open, in calendar months: under 1 month, 1-3 months "
              "(1 month or more and under 3), 3-6 months, 6-12 months, 1 year or more.",
              LS8_NOTE, _rule("list_2", "LS1, LS3, LS8")], key="ls_eh_length")
    part = _measure(frame, "organisation")
    title = "Children by organisation completing the assessment"
    if _total(part) == 0:
        _none(title, population)
    else:
        _share_chart(part, title, _subtitle(_total(part), "children", population, ref),
                     extra={"Assessments": part["episodes"].map(_count)}, colour=charts.GREEN)
    _how([common, "**Organisation**: \"Organisation completing assessment\" as written (free "
          "text), compared after trimming and without regard to case, shown as most often "
          "written: the ten organisations with the most children, then all others together, "
          "then 'not recorded'.", _rule("list_2", "LS1, LS3")], key="ls_eh_organisation")


def children_in_care(ctx: Context) -> None:
    """List 8: time in care, age at entry, long-term stability (LS4)."""
    frame = _open("Children in care: time in care, age at entry and stability",
                  "list_sections/cla", "children in care", ctx)
    if frame is None:
        return
    ref, start = _window(frame)
    common = ("**Who**: each child once, by their most recent row in the list 8 window "
              f"(looked after at the reference date, {_day(ref)}, or ceased "
              f"{_day(start)}-{_day(ref)}), most recent by the date started to be looked "
              "after. Rows without a child ID are not counted.")
    left, right = st.columns(2)
    with left:
        part = _measure(frame, "time_in_care")
        population = f"looked after at {_day(ref)}"
        title = "Children in care by time in care"
        if _total(part) == 0:
            _none(title, population)
        else:
            _band_chart(part, title, _subtitle(_total(part), "children", population, ref),
                        "Time in care")
        _how([common, "**Time in care**: the children looked after at the reference date, by "
              "the time since \"Date Started to be Looked After\" (the start of the current "
              "period of care, not of a first one), in calendar months: under 6 months, 6-12 "
              "months, 1-2 years, 2-5 years, 5 years or more. A blank start date is 'not "
              "known'.", _rule("list_8", "LS1, LS4")], key="ls_cla_time")
    with right:
        part = _measure(frame, "age_at_entry")
        population = f"looked after at {_day(ref)} or ceased {_day(start)}-{_day(ref)}"
        title = "Children in care by age at entry to care"
        if _total(part) == 0:
            _none(title, population)
        else:
            _band_chart(part, title, _subtitle(_total(part), "children", population, ref),
                        "Age at entry",
                        extra={"Of them, started in the window":
                               part["started_in_window"].map(_count)})
        _how([common, "**Age at entry**: the age at last birthday on the day the current "
              "period of care started, from the date of birth, in the DfE's bands for children "
              "starting to be looked after (under 1, 1-4, 5-9, 10-15, 16 and over). The age "
              "column an LA supplies is the age at its extract, not at entry, so a child with "
              "no date of birth (or one after the start) is 'not known'.",
              _rule("list_8", "LS1, LS4")], key="ls_cla_age")
    part = _measure(frame, "stability")
    population = f"looked after at {_day(ref)}, under 16, in care 2½ years or more"
    title = "Long-term placement stability"
    total = _total(part)
    stable = part[part["category"] == "same placement for 2 years or more"]
    cols = st.columns([1, 3])
    with cols[0]:
        value = f"{float(stable['pct'].iloc[0]):.1f}%" if total and len(stable) else "none"
        st.metric("Same placement 2+ years", value,
                  help="Of the children looked after at the reference date, under 16, who had "
                  "been in care for 2½ years or more: those whose latest placement started 2 "
                  "years or more before it (DfE long-term stability, approximated: see How is "
                  "this counted?).")
        st.caption(f"{int(stable['n'].iloc[0]) if len(stable) else 0:,} of {total:,} children"
                   f" · reference date {_day(ref)}")
    with cols[1]:
        if total == 0:
            _none(title, population)
        else:
            _share_chart(part, title, _subtitle(total, "children", population, ref),
                         colour=charts.GREEN)
    _how([common, "**Long-term stability**, the DfE measure (children looked after under 16 "
          "who had been looked after continuously for at least 2½ years, living in the same "
          "placement for at least 2 years), as list 8 allows: the children looked after at the "
          "reference date (the DfE counts on 31 March), under 16 then (age from the date of "
          "birth, else the supplied age), whose current period of care started at least 2 "
          "years 6 months before it; of them, those whose \"Start Date of Most Recent "
          "Placement\" is at least 2 years before it.",
          "**What is approximated**: the DfE reads each child's whole placement history; Annex "
          "A gives only the latest placement's start. A change of placement with the same "
          "carer, and a child placed for adoption with their own foster carers (whose earlier "
          "placement the DfE adds to the adoptive one), count from the latest placement only, "
          "so this figure can be lower than the DfE's, never higher. A child with no age or no "
          "start date is not in the cohort; a blank placement start is 'placement start not "
          "known'.", _rule("list_8", "LS1, LS4")], key="ls_cla_stability")


def care_leavers(ctx: Context) -> None:
    """List 9: accommodation, activity, age group (LS5)."""
    frame = _open("Care leavers: accommodation, activity and age",
                  "list_sections/care_leavers", "care leavers", ctx)
    if frame is None:
        return
    ref = frame["ref_date"].iloc[0]
    population = f"receiving leaving care services at {_day(ref)}"
    common = ("**Who**: the young people on list 9 (those receiving leaving care services at "
              "the point of inspection, ILACS ¶258: the list has no window), each once, by "
              "their last row on the list. Rows without an ID are not counted.")
    blank = ("A blank is 'not recorded' (the template leaves accommodation and activity blank "
             "when the LA is not in touch); a value that is not a template code is counted as "
             "such.")
    part = _measure(frame, "accommodation")
    title = "Care leavers by type of accommodation"
    if _total(part) == 0:
        _none(title, population)
    else:
        _share_chart(part, title, _subtitle(_total(part), "young people", population, ref),
                     extra={"Suitable": part["n_suitable"].map(_count),
                            "Unsuitable": part["n_unsuitable"].map(_count)},
                     noun="young people")
    _how([common, "**Accommodation**: \"Type of Accommodation\", the SSDA903 codes B-Z; the "
          "table also says how many of each were recorded as suitable and unsuitable.", blank,
          _rule("list_9", "LS1, LS5")], key="ls_cl_accommodation")
    left, right = st.columns([3, 2])
    with left:
        part = _measure(frame, "activity")
        title = "Care leavers by activity"
        groups = part["category_group"].map(
            lambda g: "" if pd.isna(g) else f" ({plain(g)})")
        if _total(part) == 0:
            _none(title, population)
        else:
            _share_chart(part, title, _subtitle(_total(part), "young people", population, ref),
                         labels=part["category"] + groups, colour=charts.ORANGE,
                         noun="young people")
        _how([common, "**Activity**: \"Activity Status\": F1-F5 and P1-P5 are in education, "
              "employment or training (EET), G4-G6 are not (NEET), in the template's order, "
              "EET first.", blank, _rule("list_9", "LS1, LS5")], key="ls_cl_activity")
    with right:
        part = _measure(frame, "age_group")
        title = "Care leavers by age group"
        if _total(part) == 0:
            _none(title, population)
        else:
            _band_chart(part, title, _subtitle(_total(part), "young people", population, ref),
                        "Age group", noun="young people")
        _how([common, "**Age group**: age at last birthday on the reference date (from the "
              "date of birth, else the supplied age). The DfE publishes care leavers aged "
              "17-18 and 19-21; under 17 (relevant children of 16), 22-25 (care leavers are "
              "entitled to support up to 25) and 26 or over are added around them.",
              _rule("list_9", "LS1, LS5")], key="ls_cl_age")


def _scorecard_metric(col, row: pd.Series, label: str, help_text: str) -> None:
    children = int(row["children"])
    col.metric(label, f"{row['mean_days']:,.0f} days" if children else "none",
               help=help_text)
    col.caption(f"mean of {children:,} children · threshold {int(row['standard_days'])} days"
                + (f" · median {row['median_days']:,.0f}" if children else ""))


def adoption(ctx: Context) -> None:
    """List 10: the steps' days, and the DfE scorecard A1, A2, A10 and A3 (LS6)."""
    frame = _open("Adoption: timeliness", "list_sections/adoption", "adoption", ctx)
    if frame is None:
        return
    ref, start = _window(frame)
    score = frame[frame["cohort"] == "adopted"].set_index("measure")
    a1, a10, a2 = score.loc["a1"], score.loc["a10"], score.loc["a2"]
    st.markdown(f"**DfE adoption scorecard**, children adopted {_day(start)}-{_day(ref)}")
    cols = st.columns(4)
    _scorecard_metric(cols[0], a1, "A1: entering care to placed",
                      "Mean calendar days from entering care to being placed for adoption, "
                      "children adopted in the window. Scorecard threshold 426 days (14 months).")
    _scorecard_metric(cols[1], a10, "A10: adjusted for FFA",
                      "As A1, counting from entering care to moving in with the adopters: the "
                      "fostering for adoption placement date when earlier than the date placed.")
    _scorecard_metric(cols[2], a2, "A2: placement order to match",
                      "Mean calendar days from the placement order to the match, children "
                      "adopted in the window. Scorecard threshold 121 days (4 months).")
    counted = int(a1["children"])
    cols[3].metric("A3: moved in within 14 months",
                   f"{100 * int(a1['within_standard']) / counted:.1f}%" if counted else "none",
                   help="Of the children adopted in the window, those placed for adoption "
                   "within 426 days (14 months) of entering care.")
    cols[3].caption(f"{int(a1['within_standard']) if counted else 0:,} of {counted:,} children")
    steps = frame[frame["cohort"] == "window"]
    population = (f"adopted or reversed {_day(start)}-{_day(ref)}, or waiting at {_day(ref)}")
    title = "Adoption: median days at each step"
    reached = int(steps["reached"].max()) if len(steps) else 0
    subtitle = [f"Children in the list 10 window · {population}",
                "Each step: the children who had reached it by the reference date",
                f"Reference date {_day(ref)}"]
    if reached == 0:
        _none(title, population)
    else:
        charts.show(_step_chart(steps, title, subtitle, "children", "children"))
    _how([f"**Who**: the children on list 10 in its window ({population}), each once, by "
          "their most recent row in the window (date of the adoption decision, then the row's "
          "place in the sheet). Rows without a child ID are not counted.",
          "**Each step**: the children whose later date is on or before the reference date, "
          "and of them the median and mean calendar days from the earlier date: entered care, "
          "decision for adoption, placement order, match, placed for adoption, adoption order; "
          "across them, entered care to placed (A1) and entered care to moving in with the "
          "adoptive family (A10: the fostering for adoption or concurrent planning placement "
          "date when earlier than the date placed). A step reached with its earlier date blank "
          "is 'not known', and a later date before the earlier one is left out (a data error): "
          "both are counted in the table, neither in the days.",
          "**The scorecard** (above): the DfE's A1, A10 and A2, mean days, for the children "
          "adopted in the window (one year here, three in the scorecard), beside the "
          "scorecard's last thresholds (A1 and A10 426 days, A2 121 days); A3 is the share "
          "placed within 426 days of entering care. A10 uses the child's FFA date: Annex A "
          "does not say whether the FFA carers went on to adopt.",
          _rule("list_10", "LS1, LS6, LS8")], key="ls_adoption_steps")


def adopters(ctx: Context) -> None:
    """List 11: the stages' days from enquiry to placement (LS7)."""
    frame = _open("Adopters: timeliness of approval and matching",
                  "list_sections/adopters", "adopters", ctx)
    if frame is None:
        return
    ref, start = _window(frame)
    population = f"in the adoption process at any time {_day(start)}-{_day(ref)}"
    approval = frame[frame["measure"] == "stage1_to_approval"].iloc[0]
    match = frame[frame["measure"] == "approval_to_match"].iloc[0]
    cols = st.columns(4)
    for col, row, label in ((cols[0], approval, "Stage 1 start to approval"),
                            (cols[1], match, "Approval to match")):
        n = int(row["adopters"])
        col.metric(label, f"{row['median_days']:,.0f} days" if n else "none",
                   help=f"Median calendar days, adopters in the window who had reached "
                   f"{row['to_step']} by the reference date. Standard: {row['standard']}.")
        col.caption(f"median of {n:,} adopters · {int(row['within_standard']):,} "
                    f"{row['standard']}" if n else "no adopter has reached it")
    title = "Adopters: median days at each stage"
    subtitle = [f"Adopters in the list 11 window · {population}",
                "Each stage: the adopters who had reached it by the reference date",
                f"Reference date {_day(ref)}"]
    if int(frame["reached"].max() or 0) == 0:
        _none(title, population)
    else:
        charts.show(_step_chart(frame, title, subtitle, "adopters", "adopters"))
    _how([f"**Who**: the adopters on list 11 in its window ({population}), each adopter ID "
          "once (a couple is two adopters), by their most recent row (date the enquiry was "
          "received, then the row's place in the sheet).",
          "**Each stage**: the adopters whose later date is on or before the reference date, "
          "and of them the median and mean calendar days from the earlier date. Stage 1 "
          "start stands for the registration of interest (list 11 has no column of its own "
          "for it). Standards, from the statutory guidance on adoption (2013), ch. 3: stage 1 "
          "in less than 2 months, stage 2 in less than 4, the two together (stage 1 start to "
          "approval) in less than 6; approval to match in less than 3 months (the DfE "
          "scorecard's A12 counts the families who waited 3 months or more). A pause between "
          "the stages is not recorded in Annex A and is inside the days.",
          "A stage reached with its earlier date blank is 'not known', and a later date "
          "before the earlier one is left out (a data error): both are counted in the table, "
          "neither in the days.", _rule("list_11", "LS1, LS7, LS8")], key="ls_adopters_stages")


SECTIONS: dict[str, Callable[[Context], None]] = {
    "list_2": early_help,
    "list_6": children_in_need,
    "list_8": children_in_care,
    "list_9": care_leavers,
    "list_10": adoption,
    "list_11": adopters,
}
