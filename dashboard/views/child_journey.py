"""Child journey: one case ID, every event across the lists, and where the child stands now.

For the lead inspector and the team preparing a tracked case: type a case ID (or open one from
the Case selection page) to see the child's current status, the flags that put the child in a
candidate pool (missing, exploitation, large sibling group, possible delay...), a timeline of every
dated event on lists 1-10, the 2.02 list and the LA's audits, and the samples that include the
child. The facts come from the marts children, child_events and sample_candidates, and the saved
samples from sample_members; this page only draws them. Case IDs only: Annex A has no names.
"""

from __future__ import annotations

import datetime as dt
import difflib

import altair as alt
import pandas as pd
import streamlit as st

from annexa.security.safe_export import CSV_MIME, to_csv_bytes
from dashboard import charts, db, sample_state
from dashboard.context import current
from dashboard.sample_state import ROLE_LABELS, VISIT_LABELS
from ingest.spec import load_spec

P = "child_journey__"
UPLOAD_PAGE = "views/upload.py"
SAMPLE_PAGE = "views/case_selection.py"
STATUS_LABELS = {
    "CLA": "Child in care",
    "CP": "Child protection plan",
    "CIN": "Child in need",
    "open assessment": "Open assessment",
    "closed": "No open CIN, CP or care case",
}
POOL_LABELS = {
    "sampling window": "Recent activity",
    "missing": "Missing",
    "exploitation": "At risk of exploitation",
    "large sibling group": "Large sibling group",
    "possible delay": "Possible delay",
    "LA audited": "Audited by the LA",
}
# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Each lane also has its
# own row, so colour is never the only cue.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000", "#999999", "#882255", "#44AA99", "#117733"]


def _d(value) -> str:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return "-"
    return f"{value:%d/%m/%Y}"


def _code(value) -> str:
    """'b) Female' -> 'Female' for display; blanks as 'not recorded'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "not recorded"
    text = str(value)
    return text.split(") ", 1)[1] if ") " in text[:4] else text


def _yes(value) -> bool:
    """True for a true flag; False for false, null or NA."""
    return value is not None and not pd.isna(value) and bool(value)


def _mart_args(ctx) -> list:
    """The sidebar's choices, the first parameters of every child_journey/ query."""
    return [ctx.la_code, ctx.ref_date, ctx.edition, ctx.sampling_months, ctx.sibling_threshold]


def _lane_labels() -> dict[int, str]:
    return {ls.number: ls.label for ls in load_spec().lists.values() if ls.number}


def _choose(child_id: str) -> None:
    st.session_state["child"] = child_id


# ==================================================================================== sections

def _not_found(ctx, child_id: str) -> None:
    ids = db.named("child_journey/child_ids", _mart_args(ctx))["child_id"]
    st.warning(f"No child with case ID '{child_id}' in the data of {ctx.la_name or ctx.la_code} "
               f"at the reference date {_d(ctx.ref_date)}. Case IDs are matched exactly as the "
               "LA wrote them, leading zeros included.",
               icon=":material/search_off:")
    close = difflib.get_close_matches(child_id, list(ids), n=5, cutoff=0.6)
    if close:
        st.markdown("Did you mean:")
        cols = st.columns(len(close))
        for c, cid in zip(cols, close, strict=True):
            c.button(cid, key=f"{P}suggest_{cid}", on_click=_choose, args=(cid,))


def _status(child: pd.Series, events: pd.DataFrame) -> None:
    age = "unknown" if pd.isna(child.age) else f"{int(child.age)}"
    shown = events[~events["after_ref"].fillna(False)]
    top, bottom = st.columns(3), st.columns(3)
    top[0].metric("Current status", STATUS_LABELS.get(child.current_status,
                                                      str(child.current_status)),
                  help="At the reference date: in care > CP plan > child in need > open "
                  "assessment > closed (template guidance for list 6).")
    top[1].metric("Journey stage", str(child.journey_stage).capitalize(),
                  help="The current status when the case is open; else care leaver, adoption, "
                  "then the furthest list in its window.")
    top[2].metric("Latest activity", _d(child.last_activity_date),
                  help="The latest event on or before the reference date of a kind that makes "
                  "a case recent for sampling (contact, referral, assessment, section 47, plan "
                  "or placement start, and the like).")
    bottom[0].metric("Age", age if child.age_band in ("unknown", "unborn") else
                     f"{age} ({child.age_band})",
                     help="At last birthday on the reference date, from the date of birth, "
                     "else the age the LA supplied.")
    bottom[1].metric("Gender", _code(child.gender))
    bottom[2].metric("Events", f"{len(shown):,}",
                     help="Dated events on or before the reference date across every list.")


def _flags(child: pd.Series, cand: pd.DataFrame) -> None:
    st.markdown("**Flags**")
    if cand.empty:
        st.caption("In no candidate pool at this reference date: no event in the sampling "
                   "window, not missing, not at risk of exploitation, not from a large sibling "
                   "group, no sign of delay and not audited in the last 6 months.")
    else:
        c = cand.iloc[0]
        rows = [{"Flag": POOL_LABELS.get(p["pool"], p["pool"]), "Why": p["reason"]}
                for p in c.pool_reasons]
        reasons = {p["reason"] for p in c.pool_reasons}
        rows += [{"Flag": "Other facts", "Why": f} for f in c.facts if f not in reasons]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                     column_config={"Why": st.column_config.TextColumn(width="large")})
    details = {
        "Disability": _code(child.disability),
        "Ethnicity": f"{_code(child.ethnicity)} ({_code(child.ethnicity_group)})",
        "Unaccompanied asylum-seeking child": _code(child.uasc),
        "On lists": ", ".join(str(int(x)) for x in child.lists) if child.lists is not None
        and len(child.lists) else "none",
    }
    if _yes(child.in_care):
        details |= {"Placement": _code(child.placement_type),
                    "Legal status": _code(child.legal_status),
                    "Placed out of area": "yes" if _yes(child.out_of_area) else "no"}
    if _yes(child.cp_open):
        details["Category of abuse"] = _code(child.cp_category)
    if _yes(child.care_leaver):
        details["Care leaver"] = "yes"
    st.dataframe(pd.DataFrame({"Detail": list(details), "Value": list(details.values())}),
                 hide_index=True, width="stretch")


def _timeline(events: pd.DataFrame, ref: dt.date, months: int, window_start: dt.date,
              child_id: str) -> None:
    st.subheader("Timeline")
    st.caption(f"Every dated event of case {child_id} across the lists. Reference date "
               f"{_d(ref)} (dashed line); sampling window {_d(window_start)} to {_d(ref)} "
               f"({months} months, shaded). Events after the reference date are hollow.")
    lanes = _lane_labels()
    ev = events.assign(
        lane=[lanes.get(int(n), f"List {int(n)}") if pd.notna(n) else
              ("LA audits" if t == "la_audit" else "Other")
              for n, t in zip(events["list_no"], events["event_type"], strict=True)],
        when=pd.to_datetime(events["event_date"]),
        shown_detail=events["detail"].fillna(""),
        timing=["after the reference date" if d > ref else "in the sampling window"
                if d >= window_start else "before the sampling window"
                for d in pd.to_datetime(events["event_date"]).dt.date],
    )
    order = [lanes[n] for n in sorted(lanes) if lanes[n] in set(ev["lane"])] + \
        [x for x in ("LA audits", "Other") if x in set(ev["lane"])]
    colours = alt.Scale(domain=order, range=PALETTE[:len(order)])
    # Room at both ends for a whole marker, however long the journey (7 days is a few pixels
    # on a journey of eight years, and the first and last events were cut in half).
    span = max(ev["when"].max(), pd.Timestamp(ref)) - min(ev["when"].min(),
                                                           pd.Timestamp(window_start))
    pad = max(pd.Timedelta(days=7), span * 0.03)
    domain = [min(ev["when"].min(), pd.Timestamp(window_start)) - pad,
              max(ev["when"].max(), pd.Timestamp(ref)) + pad]
    x_scale = alt.Scale(domain=[d.isoformat() for d in domain])
    band = alt.Chart(pd.DataFrame({"start": [pd.Timestamp(window_start)],
                                   "end": [pd.Timestamp(ref)]})).mark_rect(
        color="#d9d9d9", opacity=0.6).encode(x=alt.X("start:T", scale=x_scale), x2="end:T")
    rule = alt.Chart(pd.DataFrame({"ref": [pd.Timestamp(ref)]})).mark_rule(
        strokeDash=[6, 4], color="#333333", strokeWidth=1.5).encode(
        x=alt.X("ref:T", scale=x_scale))
    points = alt.Chart(ev).mark_point(size=110, strokeWidth=2).encode(
        x=alt.X("when:T", title=None, scale=x_scale,
                axis=alt.Axis(format="%d/%m/%Y", labelAngle=0, labelOverlap=True)),
        y=alt.Y("lane:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("lane:N", scale=colours, legend=None),
        shape=alt.Shape("lane:N", sort=order, legend=None),
        fill=alt.condition("datum.timing == 'after the reference date'", alt.value("white"),
                           alt.Color("lane:N", scale=colours, legend=None)),
        tooltip=[alt.Tooltip("when:T", title="Date", format="%d/%m/%Y"),
                 alt.Tooltip("event_label:N", title="Event"),
                 alt.Tooltip("lane:N", title="List"),
                 alt.Tooltip("shown_detail:N", title="Detail"),
                 alt.Tooltip("timing:N", title="When")],
    ).interactive(bind_y=False)
    chart = (band + rule + points).properties(
        height=max(140, 50 + 40 * len(order)),
        title=alt.Title(f"Case {child_id}: every dated event, reference date {_d(ref)}",
                        subtitle=f"Shaded: the sampling window {_d(window_start)} to {_d(ref)}. "
                        "Dashed: the reference date. Scroll or drag to zoom and pan."))
    timing = ev["timing"].value_counts()
    # The chart's text alternative; the table under it holds every event.
    st.altair_chart(charts.readable(chart), width="stretch", alt=(
        f"Timeline of case {child_id}: {len(ev):,} dated events from {_d(ev['when'].min())} to "
        f"{_d(ev['when'].max())} on {len(order)} lists ({', '.join(order)}); "
        f"{timing.get('in the sampling window', 0):,} in the sampling window, "
        f"{timing.get('after the reference date', 0):,} after the reference date. Every event "
        "is in the table below."))
    table = pd.DataFrame({
        "Date": ev["when"], "Event": ev["event_label"], "List": ev["lane"],
        "Detail": ev["shown_detail"], "Row in the list": ev["row_number"],
        "Timing": ev["timing"],
        "Sampling event": ev["in_sampling_window"].fillna(False).map({True: "yes",
                                                                     False: ""}),
    })
    st.dataframe(table, hide_index=True, width="stretch", height=min(35 * len(table) + 38, 420),
                 column_config={
                     "Date": st.column_config.DateColumn(format="DD/MM/YYYY", width=90),
                     "Event": st.column_config.TextColumn(width=230),
                     "List": st.column_config.TextColumn(width=190),
                     "Detail": st.column_config.TextColumn(width=140),
                     "Row in the list": st.column_config.NumberColumn(
                         "Row", format="%d", width=55,
                         help="The row in the LA's list, to find it in the workbook."),
                     "Timing": st.column_config.TextColumn(
                         width=160, help="Where the date falls: before the sampling window, in "
                         "it, or after the reference date."),
                     "Sampling event": st.column_config.TextColumn(
                         "Makes recent", width=100,
                         help="yes: an event of a kind that makes a case recent for sampling "
                         "(contact, referral, assessment, section 47, plan or placement start, "
                         "and the like), inside the sampling window. Such an event puts the "
                         "child in the 'Recent activity' pool. Other events in the window (a "
                         "health check, say) do not."),
                 })
    st.download_button("Download the timeline (CSV)", to_csv_bytes(table),
                       file_name=f"journey_{child_id}.csv", mime=CSV_MIME, on_click="ignore",
                       icon=":material/download:", key=P + "csv")


def _samples(ctx, child_id: str) -> None:
    st.subheader("Samples that include this child")
    saved = db.named("child_journey/saved_samples", [ctx.la_code, child_id])
    working = [ws for ws in sample_state.working_samples(ctx.la_code)
               if child_id in set(ws.members["child_id"])]
    for ws in working:
        role = ws.members.loc[ws.members["child_id"] == child_id, "role"].iloc[0]
        state = (f"saved as visit {ws.saved_visit_id}" if ws.saved_visit_id and
                 not ws.changed_since_save else "not saved")
        st.markdown(f"- In your working {VISIT_LABELS[ws.settings.visit_type].lower()} sample "
                    f"({state}) as **{ROLE_LABELS[role].lower()}**.")
    if saved.empty:
        if not working:
            st.info("In no saved sample of this LA.")
            st.page_link(SAMPLE_PAGE, label="Go to Case selection", icon=":material/checklist:")
        return
    st.dataframe(pd.DataFrame({
        "Visit": saved["visit_id"], "Type": saved["visit_type"].map(VISIT_LABELS),
        "Visit date": saved["visit_date"], "Role": saved["role"].map(ROLE_LABELS),
        "Why chosen": saved["reason"], "Saved by": saved["saved_by"],
    }), hide_index=True, width="stretch", column_config={
        "Visit": st.column_config.NumberColumn(format="%d"),
        "Visit date": st.column_config.DateColumn(format="DD/MM/YYYY"),
        "Why chosen": st.column_config.TextColumn(width="large"),
    })


# ======================================================================================== page

def main() -> None:
    st.title("Child journey")
    ctx = current()
    if not ctx.la_code:
        st.info("No data loaded: upload an LA's Annex A workbook or load the demo data, then "
                "look up a child here.", icon=":material/info:")
        st.page_link(UPLOAD_PAGE, label="Go to Upload and data quality",
                     icon=":material/upload_file:")
        return
    ref, months = ctx.ref_date, ctx.sampling_months
    window_start = sample_state.sampling_window_start(ref, months)
    st.caption(f"{ctx.la_name or ctx.la_code} ({ctx.la_code}) at the reference date {_d(ref)}; "
               f"sampling window {_d(window_start)} to {_d(ref)} ({months} months); "
               f"{ctx.edition} windows.")
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    raw = c1.text_input("Case ID", key="child", bind="query-params", placeholder="e.g. 12345",
                        help="The child's ID as the LA wrote it in the lists.")
    picks = list(dict.fromkeys(c for ws in sample_state.working_samples(ctx.la_code)
                               for c in ws.child_ids))
    if picks:
        c2.selectbox("Or a child from your working sample", picks, index=None,
                     key=P + "pick", placeholder="Choose a case ID",
                     on_change=lambda: _choose(st.session_state[P + "pick"] or ""))
    child_id = (raw or "").strip()
    if not child_id:
        st.info("Type a case ID above to see the child's journey, or open one from the Journey "
                "column of the sample on the Case selection page.", icon=":material/search:")
        st.page_link(SAMPLE_PAGE, label="Go to Case selection", icon=":material/checklist:")
        return
    with st.spinner("Reading the child's records...", show_time=True):
        child = db.named("child_journey/child", [*_mart_args(ctx), child_id])
    if child.empty:
        _not_found(ctx, child_id)
        return
    events = db.named("child_journey/events", [*_mart_args(ctx), child_id])
    cand = db.named("child_journey/candidate", [*_mart_args(ctx), child_id])
    c = child.iloc[0]
    st.subheader(f"Case {child_id}")
    _status(c, events)
    _flags(c, cand)
    if events.empty:
        st.info("No dated event for this child in the lists (the child may be known only from "
                "the 2.02 list or the sibling sheet).")
    else:
        _timeline(events, ref, months, window_start, child_id)
    _samples(ctx, child_id)


main()
