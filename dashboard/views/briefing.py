"""Briefing: the pre-inspection analysis of one LA's Annex A, at a glance (002 ¶65).

For the analytical officer and the lead inspector in the week before fieldwork: headline figures
per list with their windows, then a section per area of work (the children, the front door,
timeliness, child protection, children in care, missing children, care leavers, adoption, data
quality), each chart with how it is counted one click away, and the whole briefing as an Excel
workbook or a printable page. Every figure comes from the SQL marts (briefing_indicators and
sql/30_marts/25_briefing_charts) through dashboard/briefing_data.py: this page only draws them.
LA-level counts only: nothing here names a child.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.context import current

# Progress first, before the chart and export libraries are imported and the marts queried: on a
# fresh server those take seconds, and the page must not sit empty meanwhile (a cold first load
# took 1-2 s before anything showed in the main area).
_ctx = current()
_loading = st.empty()
if _ctx.la_code and _ctx.ref_date is not None:
    _loading.progress(0.0, f"Opening {_ctx.la_name or _ctx.la_code}'s briefing...")

from annexa.security.safe_export import XLSX_MIME  # noqa: E402
from dashboard import briefing_export, charts, national_context  # noqa: E402
from dashboard.briefing_data import (  # noqa: E402
    ADOPTION_FIGURES,
    CLA_FIGURES,
    CP_FIGURES,
    FRONT_DOOR_FIGURES,
    HEADLINE_FIGURES,
    LEAVER_OUTCOMES,
    LIST_KEYS,
    LIST_SHORT_NAMES,
    MISSING_FIGURES,
    TIMELINESS_FIGURES,
    Briefing,
    fmt_basis,
    fmt_value,
    list_label,
    load,
    plain,
)

UPLOAD_PAGE = "views/upload.py"


# ----------------------------------------------------------------------------------- helpers

def rule_text(b: Briefing, indicator: str, category: str | None = None) -> str:
    """An indicator's definition, window, reference date and source, as markdown."""
    row = b.figure(indicator, category) if b.has(indicator, category) else b.describe(indicator)
    return (f"**{row['label']}**: {row['definition']}  \nWindow: {b.window(indicator, category)}."
            f" Reference date {b.ref_date:%d/%m/%Y}.  \nSource: {row['reference']}. Indicator id "
            f"`{indicator}` (in the Excel download).")


def how_counted(texts: list[str], key: str) -> None:
    """'How is this counted?' next to a chart or a group of figures: one click to the rules."""
    with st.popover("How is this counted?", icon=":material/help:", key=key):
        st.markdown("\n\n".join(texts))


def figures(b: Briefing, items: list[tuple[str, str | None] | str], per_row: int = 4) -> None:
    """A grid of metrics, each labelled with what it is made of and its window; the definition
    is in the metric's help (the ? beside its label). Fewer to a row when labels are long, so
    none is cut short."""
    pairs = [(i, None) if isinstance(i, str) else i for i in items]
    longest = max(len(b.figure(i, c)["label"]) for i, c in pairs)
    per_row = min(per_row, 3 if longest > 30 else 4, 2 if longest > 46 else 4)
    for start in range(0, len(pairs), per_row):
        cols = st.columns(per_row)
        for col, (indicator, category) in zip(cols, pairs[start:start + per_row], strict=False):
            row = b.figure(indicator, category)
            col.metric(row["label"], fmt_value(row),
                       help=f"{row['definition']} Source: {row['reference']}.")
            basis = fmt_basis(row)
            col.caption((f"{basis} · " if basis else "") + b.window(indicator, category))


def _subtitle(b: Briefing, indicator: str, total: int | None = None, noun: str = "in all"
              ) -> list[str]:
    """A chart's subtitle lines: how many, the window (short enough for a half-width chart), and
    the reference date. A figure about one window's children and their events over another
    period gets a line for each, so neither is read as the other."""
    window = b.window(indicator)
    if b.has_period(indicator):
        cohort, _, period = window.partition("; ")
        counted = (cohort if total is None else f"{total:,} {cohort}"
                   if noun == "children" and cohort.startswith("children ")
                   else f"{total:,} {noun} · {cohort}")
        lines = [counted,
                 period[:1].upper() + period[1:]]
    else:
        lines = [f"{total:,} {noun} · {window}" if total is not None else window]
    return [*lines, f"Reference date {b.ref_date:%d/%m/%Y}"]


def share_chart(b: Briefing, indicator: str, title: str, *, colour: str = charts.BLUE,
                note: str = "") -> None:
    """A breakdown of one indicator as bars, or what to do when it has no population."""
    data = b.breakdown(indicator)
    if data.empty or data["n"].sum() == 0:
        st.markdown(f"**{title}**")
        st.info(f"None in the window ({b.window(indicator)}): nothing to chart. Check that the "
                "list was supplied on the Upload and data quality page.")
        return
    frame = data.assign(label=data["category"].map(plain))
    chart = charts.share_bars(frame, title, _subtitle(b, indicator, int(frame["d"].iloc[0] or 0)),
                              colour=colour)
    charts.show(chart)
    how_counted([rule_text(b, indicator), note] if note else [rule_text(b, indicator)],
                key=f"how_{indicator}")


def breakdown_table(b: Briefing, indicator: str, title: str) -> None:
    """A smaller breakdown as a table with bars (cheaper to draw than a chart)."""
    data = b.breakdown(indicator)
    st.markdown(f"**{title}**")
    total = int(data["d"].iloc[0] or 0) if not data.empty else 0
    st.caption(f"{total:,} in all · {b.window(indicator)}")
    if total == 0:
        st.info("None in the window.")
        return
    st.dataframe(pd.DataFrame({"Category": data["category"].map(plain),
                               "%": data["value"], "Number": data["n"].astype(int)}),
                 hide_index=True, width="stretch", column_config={
                     # Fixed widths so that a half-width table shows all three columns; a long
                     # category is cut short on screen and shown whole on hover.
                     "Category": st.column_config.TextColumn(width=290),
                     "%": st.column_config.ProgressColumn(format="%.1f%%", min_value=0,
                                                          max_value=100, width=100),
                     "Number": st.column_config.NumberColumn(format="localized", width=62)})
    how_counted([rule_text(b, indicator)], key=f"how_{indicator}")


DATES_NOTE = ("A missing date is 'not known', counted in the figure but not as within the "
              "standard. An end dated before its start is 'before the start': a data error "
              "(listed as 'end before start' on the Upload and data quality page), drawn so "
              "that it is seen, and left out of the figure altogether, so the headline "
              "percentage is the blue bars out of every other bar.")


def distribution_chart(b: Briefing, measure: str, title: str, x_title: str, note: str,
                       y_title: str = "Number", noun: str = "in all") -> None:
    data = b.distribution(measure)
    total = int(data["total"].iloc[0]) if not data.empty else 0
    left_out = int(data["left_out"].iloc[0]) if "left_out" in data and not data.empty else 0
    if total + left_out == 0:
        st.markdown(f"**{title}**")
        st.info(f"None in the window ({b.window(measure)}): nothing to chart.")
        return
    subtitle = _subtitle(b, measure, total, noun)
    if left_out:  # a line of its own: a half-width chart cuts a long line short
        subtitle.insert(-1, f"{left_out:,} more left out: end dated before the start (light "
                        "grey bar)")
    charts.show(charts.distribution(data, title, subtitle, x_title=x_title, y_title=y_title))
    has_left_out_band = bool(data["band"].eq("before the start").any())
    how_counted([note + f"  \nWindow: {b.window(measure)}. Reference date "
                 f"{b.ref_date:%d/%m/%Y}. Measure id `{measure}` (in the Excel download)."
                 + (f"  \n{DATES_NOTE}" if has_left_out_band else
                    "  \nA missing value is 'not known'.")],
                key=f"how_{measure}")


def empty_state() -> None:
    st.title("Briefing")
    st.info("No data loaded: upload an LA's Annex A workbook, or load the demo (three fictional "
            "LAs), on the Upload and data quality page. The briefing then appears here.")
    st.page_link(UPLOAD_PAGE, label="Go to Upload and data quality", icon=":material/upload_file:")


# ---------------------------------------------------------------------------------- sections

def header(b: Briefing) -> None:
    st.title(f"Briefing: {b.title}")
    s = b.submission
    source = {"inferred": "inferred from the latest event date",
              "front sheet": "from the workbook's front sheet"}.get(s.as_at_source, "as given")
    st.caption(f"Reference date **{b.ref_label}**; every window below ends on it. "
               f"{b.edition_label}. Submission {int(s.submission_id)} ({s.files}), as at "
               f"{pd.Timestamp(s.as_at_date):%d/%m/%Y} ({source}), loaded "
               f"{pd.Timestamp(s.loaded_at):%d/%m/%Y %H:%M}. Change the LA, the reference date "
               "or the edition in the sidebar; the link in the address bar reopens this view.")
    c1, c2, _ = st.columns([1, 1, 2])
    stem = briefing_export.file_stem(b)
    c1.download_button("Download briefing (Excel)", lambda: briefing_export.to_xlsx(b),
                       file_name=f"{stem}.xlsx", mime=XLSX_MIME, on_click="ignore",
                       icon=":material/table_view:", key="brief_xlsx",
                       help="A sheet per section, each figure with its window, definition and "
                       "reference.")
    c2.download_button("Download printable page", lambda: briefing_export.to_html(b),
                       file_name=f"{stem}.html", mime="text/html", on_click="ignore",
                       icon=":material/print:", key="brief_html",
                       help="Open it in a browser and print it, or save it as PDF.")


def headline(b: Briefing) -> None:
    st.header("Children on each list", divider="gray")
    st.caption("For each list (numbered as in Annex A), the big figure is the number of "
               "**children** with a row in its window (list 11: adopters), as on the Regional "
               "overview; below it, the list's **rows** in the window, of all rows supplied, and "
               "the window. A child with three contacts is one child and three rows. Windows "
               "follow the framework edition chosen in the sidebar.")
    for start in range(0, len(LIST_KEYS), 6):
        cols = st.columns(6)
        for col, key in zip(cols, LIST_KEYS[start:start + 6], strict=False):
            window = b.list_window(key)["label"]
            number = key.removeprefix("list_")
            label = f"{number} · {LIST_SHORT_NAMES[key]}"
            if not b.has("list_children_in_window", key):  # the list has no rows at all
                col.metric(label, "0", help=f"List {number} has no rows in this submission: "
                           "it was not supplied, or it was empty (see Data quality below).")
                col.caption(f"no rows supplied · {window}")
                continue
            kids = b.figure("list_children_in_window", key)
            rows = b.figure("list_rows_in_window", key)
            who = "adopters" if key == "list_11" else "children"
            col.metric(label, f"{int(kids['n']):,}",
                       help=f"List {number}: {who} (not rows). {kids['definition']} Source: "
                       f"{kids['reference']}.")
            col.caption(f"{who} · {int(rows['n']):,} of {int(rows['d'] or 0):,} rows · {window}")
    figures(b, HEADLINE_FIGURES, per_row=4)
    how_counted([rule_text(b, "list_children_in_window", "list_1"),
                 rule_text(b, "list_rows_in_window", "list_1"),
                 rule_text(b, "children_in_window"), rule_text(b, "children_on_several_lists"),
                 _windows_note(b)], key="how_headline")


def _windows_note(b: Briefing) -> str:
    lines = ["**Each list's window** (whole calendar months back from the reference date, "
             "both ends included; rows outside it are kept and counted in 'of all rows'):"]
    for key in [*LIST_KEYS, "audits"]:
        w = b.list_window(key)
        lines.append(f"- {list_label(key)}: {w['label']}: {w['includes']} ({w['reference']})")
    return "\n".join(lines)


def children_section(b: Briefing) -> None:
    st.header("The children", divider="gray")
    left, right = st.columns(2)
    with left:
        ag = b.age_gender
        if ag.empty:
            st.info(f"No children in any list's window ({b.window('age_gender')}).")
        else:
            others = int(ag.loc[~ag.gender.isin(["a) Male", "b) Female"]), "children"].sum())
            charts.show(charts.pyramid(ag, "Children by age and gender", [
                *_subtitle(b, "age_gender", int(ag.children.sum()), "children on any list"),
                f"Not drawn: {others:,} of another gender, none stated, or not a template code"
                ]))
        how_counted([rule_text(b, "children_by_age_band"), rule_text(b, "children_by_gender"),
                     "Each child's most recently recorded gender and age; the totals by age "
                     "band and by gender equal the two figures above. A blank gender counts as "
                     "'Not stated/recorded', the template's code for it; a gender written but "
                     "not as a template code counts as 'Not a template code'."],
                    key="how_pyramid")
    with right:
        share_chart(b, "children_by_ethnicity_group", "Children by ethnic group")
        breakdown_table(b, "children_by_disability", "Children by disability (lists 4-10)")


def front_door(b: Briefing) -> None:
    st.header("Contacts, referrals, assessments and section 47", divider="gray")
    left, right = st.columns(2)
    with left:
        share_chart(b, "contacts_by_source", "Contacts by source")
    with right:
        share_chart(b, "referrals_by_source", "Referrals by source")
    flow = b.flow
    if flow["children"].sum() == 0:
        st.info("No children at any stage in its window: nothing to follow.")
    else:
        charts.show(charts.flow_chart(flow, "Flow of children between stages", [
            "Each step's cohort: the children at its first stage in that list's window · "
            f"reference date {b.ref_date:%d/%m/%Y}",
            f"Contacts {b.window('flow', 'list_1')}; referrals {b.window('flow', 'list_3')}"]))
    how_counted([
        "**Each step**: the children with a row of the first stage in "
        "its list's window, and of them those with a row of the next stage dated on or after "
        "their first date at the first stage and on or before the reference date. Annex A does "
        "not link one list's row to the next list's, so children are followed by their ID "
        "(ILACS ¶259). Stage dates: contact, referral, assessment start, strategy discussion, "
        "plan start, date started to be looked after. The first two steps are the indicators "
        "below.",
        "**Windows of the cohorts**: " + "; ".join(
            f"{label}: {b.window('flow', key)}" for key, label in
            zip(flow.from_window, flow.from_label, strict=True)),
        rule_text(b, "contact_to_referral"), rule_text(b, "referral_to_assessment")],
        key="how_flow")
    figures(b, FRONT_DOOR_FIGURES)


def timeliness(b: Briefing) -> None:
    st.header("Timeliness", divider="gray")
    figures(b, TIMELINESS_FIGURES, per_row=3)
    left, right = st.columns(2)
    with left:
        distribution_chart(
            b, "assessment_working_days", "Assessments: working days to authorisation",
            "Working days from start to authorisation",
            "**Assessments authorised in the list 4 window**, by working days from the start "
            "to authorisation (Monday to Friday except England's bank holidays). Standard: "
            "within 45 working days (Working Together to Safeguard Children 2018, ch. 1).",
            y_title="Assessments", noun="assessments")
    with right:
        distribution_chart(
            b, "icpc_working_days", "ICPCs: working days from the strategy discussion",
            "Working days from strategy discussion to ICPC",
            "**ICPCs held in the list 5 window**, by working days from the strategy discussion "
            "(Monday to Friday except England's bank holidays). Standard: within 15 working "
            "days (Working Together 2018, ch. 1).", y_title="ICPCs", noun="ICPCs")


def child_protection(b: Briefing) -> None:
    st.header("Child protection plans", divider="gray")
    figures(b, CP_FIGURES)
    left, right = st.columns(2)
    with left:
        share_chart(b, "cp_plans_by_category", "Open plans by category of abuse")
    with right:
        distribution_chart(
            b, "cp_plan_months", "Open plans: how long they have lasted",
            "Whole months since the plan started",
            "**Plans open at the reference date**, by whole months since the start. More than "
            "18 months is the framework's sign of possible delay (ILACS ¶151); more than 2 years "
            "is the DfE measure.", y_title="Plans")


def children_in_care(b: Briefing) -> None:
    st.header("Children in care: placements and stability", divider="gray")
    figures(b, CLA_FIGURES)
    left, right = st.columns(2)
    with left:
        share_chart(b, "cla_by_placement_type", "Children in care by placement type")
    with right:
        distribution_chart(
            b, "placements_12m", "Placement stability: placements in the last 12 months",
            "Placements in the 12 months to the reference date",
            "**Children in care at the reference date** (each child's latest period of care), "
            "by placements in the last 12 months. 3 or more is the DfE placement stability "
            "measure.", y_title="Children")
    left, right = st.columns(2)
    with left:
        breakdown_table(b, "cla_by_legal_status", "Children in care by legal status")
    with right:
        breakdown_table(b, "cla_ceased_by_reason", "Ceased to be looked after, by reason")


def missing(b: Briefing) -> None:
    st.header("Missing children and exploitation", divider="gray")
    cohort = b.window("cla_missing").partition("; ")[0].removeprefix("children in the ")
    st.caption(f"Two periods: the **children** are those in care in the {cohort}; their "
               f"**missing and absent episodes** are counted over the 12 months to "
               f"{b.ref_date:%d/%m/%Y}, as list 8's columns give them. The 2.02 list flags "
               f"children missing in the 12 months ({b.window('missing_202')}).")
    figures(b, MISSING_FIGURES)
    left, _ = st.columns([3, 1])
    with left:
        distribution_chart(
            b, "missing_episodes_12m",
            f"Children in care by missing episodes in the 12 months to {b.ref_date:%d/%m/%Y}",
            "Missing episodes in the 12 months to the reference date",
            "**Children in care in the list 8 window** (each child's latest period of care), "
            "by their missing episodes in the 12 months to the reference date, as list 8 gives "
            "them.",
            y_title="Children", noun="children")


PATHWAY_REVIEWS = "care_leavers_pathway_review_overdue"
# Bar labels short enough for a half-width chart (the full labels were cut short); the chart's
# title says they are care leavers, and "How is this counted?" gives each figure's full name.
LEAVER_BARS = {"care_leavers_in_touch": "In touch",
               "care_leavers_suitable_accommodation": "In suitable accommodation",
               "care_leavers_eet": "In education, employment or training",
               "care_leavers_neet": "Not in education, employment or training",
               PATHWAY_REVIEWS: "Pathway plan review overdue"}
PATHWAY_NOT_SUPPLIED = ("Pathway plan reviews overdue: not in Annex A list 9. The template has "
                        "no pathway plan review date; an LA that adds a \"Latest Pathway Plan "
                        "Review Date\" column gets this figure.")


def care_leavers(b: Briefing) -> None:
    st.header("Care leavers", divider="gray")
    ids = LEAVER_OUTCOMES
    # The 2019 template's list 9 has no pathway plan review date: the bar is drawn only when
    # the LA added that column, never as a permanent "0 of 0".
    has_reviews = bool(b.figure(PATHWAY_REVIEWS)["d"] or 0)
    shown = ids if has_reviews else ids[:-1]
    total = int(b.figure("care_leavers")["n"])
    left, right = st.columns(2)
    with left:
        if total == 0:
            st.info(f"No care leavers at the reference date ({b.ref_date:%d/%m/%Y}): list 9 may "
                    "be missing. Check the Upload and data quality page.")
        else:
            rows = [b.figure(i) for i in shown]
            frame = pd.DataFrame({"label": [LEAVER_BARS.get(i, r["label"])
                                            for i, r in zip(shown, rows, strict=True)],
                                  "value": [r["value"] for r in rows],
                                  "n": [r["n"] for r in rows], "d": [r["d"] for r in rows]})
            note = ("Each bar is a % of its own population; pathway reviews: of those with a "
                    "review date" if has_reviews else "Each bar is a % of all care leavers")
            charts.show(charts.share_bars(
                frame, "Care leaver outcomes",
                [*_subtitle(b, "care_leavers_in_touch", total, "care leavers"), note],
                colour=charts.GREEN, value_title="% of care leavers"))
            if not has_reviews:
                st.caption(PATHWAY_NOT_SUPPLIED)
        how_counted([rule_text(b, i) for i in ids], key="how_leavers")
    with right:
        figures(b, ["care_leavers"], per_row=2)
        breakdown_table(b, "care_leavers_by_eligibility", "Care leavers by eligibility")


def adoption(b: Briefing) -> None:
    st.header("Adoption", divider="gray")
    figures(b, ADOPTION_FIGURES, per_row=5)
    left, right = st.columns(2)
    with left:
        distribution_chart(
            b, "adoption_days_entry_to_placement", "Entering care to placement for adoption",
            "Time from entering care to being placed",
            "**Children placed for adoption in the list 10 window**, by calendar days from "
            "entering care to being placed (DfE adoption scorecard A1).", y_title="Children")
    with right:
        distribution_chart(
            b, "adoption_days_order_to_match", "Placement order to match",
            "Time from placement order to match",
            "**Children matched in the list 10 window**, by calendar days from the placement "
            "order to the match (DfE adoption scorecard A2).", y_title="Children")
    breakdown_table(b, "adoption_by_stage", "Children on the adoption list by stage")


DQ_COLUMNS = {"dq_rows_loaded": "Rows loaded", "dq_errors": "Errors", "dq_warnings": "Warnings",
              "dq_unmapped_codes": "Unmapped codes", "dq_unparseable_dates": "Unreadable dates",
              "dq_blank_child_ids": "Blank IDs", "dq_duplicate_children": "Listed twice",
              "dq_missing_lists": "Missing lists/columns"}
# The sibling counts, the 2.02 list and the audits list: not lists 1-11, so one not supplied is
# said on a line of its own, never counted as a missing list (briefing_indicators' header).
NOT_SUPPLIED = "dq_other_lists_not_supplied"
DQ_LIST_PX = 190


def _data_quality_wide(b: Briefing) -> pd.DataFrame:
    dq = b.indicators[b.indicators.section_no == 8]
    wide = dq.pivot_table(index="category", columns="indicator", values="n", aggfunc="sum",
                          fill_value=0)
    known = [*LIST_KEYS, "missing_exploitation", "siblings", "audits"]
    return wide.reindex([k for k in known if k in wide.index]
                        + sorted(k for k in wide.index if k not in known))


def other_lists_not_supplied(b: Briefing) -> list[str]:
    """The keys of the lists other than 1-11 that the submission did not supply, in list order."""
    wide = _data_quality_wide(b)
    if NOT_SUPPLIED not in wide:
        return []
    return [k for k in wide.index if wide.loc[k, NOT_SUPPLIED] > 0]


def data_quality_table(b: Briefing) -> pd.DataFrame:
    """The data-quality indicators as one row per list supplied (the page's table and the
    tests'), each list by its name; a list other than 1-11 that was not supplied is left out:
    data_quality says so on its own line."""
    wide = _data_quality_wide(b)
    absent = set(other_lists_not_supplied(b))
    wide = wide[[k not in absent or bool(wide.loc[k].get("dq_rows_loaded", 0)) for k in wide.index]]
    table = pd.DataFrame({"List": [list_label(k, short=True) for k in wide.index]})
    for ind, title in DQ_COLUMNS.items():
        table[title] = wide[ind].astype(int).to_numpy() if ind in wide else 0
    return table


def data_quality(b: Briefing) -> None:
    st.header("Data quality", divider="gray")
    table = data_quality_table(b)
    totals = {t: int(table[t].sum()) for t in DQ_COLUMNS.values()}
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Rows loaded", f"{totals['Rows loaded']:,}")
    c2.metric("Errors", f"{totals['Errors']:,}", help=b.describe("dq_errors")["definition"])
    c3.metric("Warnings", f"{totals['Warnings']:,}",
              help=b.describe("dq_warnings")["definition"])
    c4.metric("Lists 1-11 or columns missing", f"{totals['Missing lists/columns']:,}",
              help=b.describe("dq_missing_lists")["definition"])
    absent = other_lists_not_supplied(b)
    if absent:
        one = len(absent) == 1
        st.info(f"**Not supplied:** {'; '.join(list_label(k) for k in absent)}. "
                f"{'It is' if one else 'They are'} not one of lists 1-11, so not counted as "
                "missing above. The figures and the case selection that need such a list say "
                f"so; ask the LA for {'it' if one else 'them'}, add "
                f"{'it' if one else 'them'} to the workbook and load it again.",
                icon=":material/info:")
    st.caption(f"Window: {b.window('dq_errors')}, whatever the reference date.")
    # Names short enough for the column beside eight figures (list_label(short=True)); the
    # column's help gives the lists other than 1-11 in full.
    st.dataframe(table, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3,
                 column_config={
                     "List": st.column_config.TextColumn(
                         "List", width=DQ_LIST_PX, help="Lists 1-11 by their names; "
                         + "; ".join(f"{list_label(k, short=True)}: {list_label(k)}"
                                     for k in ("missing_exploitation", "siblings", "audits"))
                         + "."),
                     **{t: st.column_config.NumberColumn(t, format="localized")
                        for t in DQ_COLUMNS.values()}})
    how_counted([rule_text(b, i, "list_1") if b.has(i, "list_1") else rule_text(b, i)
                 for i in [*DQ_COLUMNS, NOT_SUPPLIED]], key="how_dq")
    st.page_link(UPLOAD_PAGE, label="Every problem, with its sheet, row and column: Upload and "
                 "data quality", icon=":material/fact_check:")


# -------------------------------------------------------------------------------------- page

ctx = _ctx
if not ctx.la_code or ctx.ref_date is None:
    _loading.empty()
    empty_state()
    st.stop()

bar = _loading.progress(0.02, f"Reading {ctx.la_name or ctx.la_code}'s briefing...")
briefing = load(ctx, progress=lambda frac, msg: bar.progress(min(frac, 1.0), msg))
bar.empty()
if briefing is None:
    empty_state()
    st.stop()

header(briefing)
headline(briefing)
national_context.render(briefing.comparisons)
children_section(briefing)
front_door(briefing)
timeliness(briefing)
child_protection(briefing)
children_in_care(briefing)
missing(briefing)
care_leavers(briefing)
adoption(briefing)
data_quality(briefing)

