"""Timelines: plan one visit's milestones, see each LA's place in its cycle, and what falls due.

Three tabs: a planner for one visit (milestones table, chart, .ics and Excel downloads); a
regional view (every LA's state, next due date and RAG, with a Gantt chart of its cycle); and the
deadlines in the next N working days. The rules live in annexa/rules/milestones.py and the SQL
macros
la_cycle_status / la_cycle_obligations / la_upcoming_deadlines: this page only draws them.
LA-level public data only: nothing on this page is about a child.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from annexa.rules import milestones
from annexa.rules.workdays import OutsideCalendar, add_working_days
from annexa.security.safe_export import XLSX_MIME, to_xlsx_bytes
from annexa.services import cycles, judgements
from annexa.services.ics import plan_to_ics
from dashboard import charts, context, db
from dashboard.context import current
from dashboard.markdown_safe import markdown_safe

RAG_BADGES = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Not known"}
RAG_METRIC_LABELS = {"red": ":red[●] Red", "amber": ":orange[●] Amber", "green": ":green[●] Green",
                     "grey": ":gray[●] Not known"}
RAG_COLOURS = {"red": "#c0392b", "amber": "#e67e22", "green": "#27ae60", "grey": "#999999"}
DATE = "DD/MM/YYYY"
DAY_DATE = "ddd DD/MM/YYYY"
REGION_ALL = "All regions"
WINDOW_NAMES = {
    "apv": "APV window (25-35 working days)",
    "next_inspection": "Inspection window (3 years ± 6 months)",
    "next_monitoring_visit": "Next monitoring visit (3-4 months)",
}
WINDOW_COLOURS = ["#b2182b", "#92c5de", "#f4a582"]
# Written on each window's bar, so that the colour is not all that tells them apart (WCAG 1.4.1).
WINDOW_SHORT = {"apv": "APV", "next_inspection": "Inspection",
                "next_monitoring_visit": "Monitoring visit"}


def _default_fieldwork(today: dt.date) -> dt.date:
    """The first Monday at least two weeks ahead: a plausible start to plan from."""
    start = today + dt.timedelta(days=14)
    return start + dt.timedelta(days=(7 - start.weekday()) % 7)


def settings_panel() -> milestones.Settings:
    """The settings every figure on the page depends on, shown above the tabs."""
    with st.expander("Settings: how days are counted"):
        unit = st.radio(
            "Unit of the report milestones' bare 'days' (ILACS ¶224, T17-T20)",
            list(milestones.REPORT_UNITS), key="tl_report_unit", horizontal=True,
            format_func=milestones.REPORT_UNITS.get,
            help="The framework's report table does not say whether its days are working or "
            "calendar days. Working days is the default, as for the framework's other "
            "deadlines; choose calendar days if your region counts them that way.")
        year = dt.date.today().year
        c1, c2 = st.columns(2)
        start = c1.date_input("Christmas and New Year period starts (day and month)",
                              dt.date(year, 12, 20), key="tl_blackout_start", format=DATE,
                              help="ILACS ¶14 does not define the period: a setting (R43).")
        end = c2.date_input("Christmas and New Year period ends (day and month)",
                            dt.date(year + 1, 1, 2), key="tl_blackout_end", format=DATE)
    return milestones.Settings(report_unit=unit, blackout_start=(start.month, start.day),
                               blackout_end=(end.month, end.day))


# ----------------------------------------------------------------------------------- planner

def planner(settings: milestones.Settings) -> None:
    st.subheader("Plan one inspection or visit")
    c1, c2, c3 = st.columns([2, 2, 2])
    kind = c1.selectbox("Type of inspection or visit", list(milestones.VISIT_TYPES),
                        key="tl_visit_type", format_func=milestones.VISIT_TYPES.get)
    if kind == "apv":
        anchors = {"received": "LA received its inspection report", "visit": "Date of the visit"}
    else:
        first_day = {"monitoring": "Fieldwork starts (Monday of the visit week)",
                     "focused": "Fieldwork starts (first day on site)"}
        anchors = {"fieldwork": first_day.get(kind, "Fieldwork starts (Monday)"),
                   "notified": "Notified on"}
    anchor = c2.radio("Count from", list(anchors), key=f"tl_anchor_{kind}",
                      format_func=anchors.get)
    day = c3.date_input(anchors[anchor], _default_fieldwork(dt.date.today()), key="tl_date",
                        format=DATE)
    extra = {}
    if kind == "monitoring":
        number = st.number_input("Which monitoring visit is this? (0 = not known)", 0, 12, 0,
                                 key="tl_visit_no",
                                 help="No letter is published after the first (ILACS ¶208).")
        extra["monitoring_visit_no"] = number or None
    if kind == "focused":
        extra["priority_action"] = st.checkbox(
            "An area for priority action was found", key="tl_priority",
            help="Then a draft action plan is due within 20 and the plan within 70 working days "
            "of the letter (ILACS ¶229).")
        extra["focused_visits_so_far"] = st.number_input(
            "Focused visits or JTAIs since the last inspection", 0, 10, 0, key="tl_focused_so_far",
            help="The framework plans at most two between inspections (ILACS ¶21).")
    plan_settings = milestones.with_settings(settings, **extra)
    given = {"fieldwork_start": day} if anchor in ("fieldwork", "visit") else {"notified": day}
    try:
        plan = milestones.plan_visit(kind, settings=plan_settings, **given)
    except (OutsideCalendar, ValueError) as exc:
        st.error(f"{exc} Pick a date from 2000 to 2040.")
        return

    m1, m2, m3 = st.columns(3)
    if kind == "apv":
        m1.metric("Report received", _day(plan.notified) if plan.notified else "not given")
        m2.metric("Action planning visit", _day(plan.fieldwork_start))
        plan_due = next((m.date for m in plan.milestones if m.key == "action_plan"), None)
        m3.metric("Action plan due", _day(plan_due) if plan_due else "give the report date")
    else:
        m1.metric("Notified", _day(plan.notified))
        m2.metric("Fieldwork starts", _day(plan.fieldwork_start))
        m3.metric("Fieldwork ends", _day(plan.fieldwork_end))
    for w in plan.warnings:
        (st.warning if w.severity == "warning" else st.info)(f"{w.message} ({w.paragraph})")
    for c in plan.caveats:
        st.caption(c)

    frame = plan.frame()
    shown = frame.assign(Until=[f"{d:%a %d/%m/%Y}" if pd.notna(d) else "" for d in frame["Until"]])
    st.dataframe(
        shown, hide_index=True, width="stretch",
        column_config={
            "Date": st.column_config.DateColumn("Date", format=DAY_DATE),
            "Until": st.column_config.TextColumn("Until (last day)"),
            "Day": None,
        })
    chart = plan_chart(frame)
    dated = frame.dropna(subset=["Date"]).sort_values("Date", kind="stable")
    st.altair_chart(charts.readable(chart), width="stretch", height=chart.height, alt=(
        f"Milestones by date: {len(dated)} milestones from {dated['Date'].iloc[0]:%d/%m/%Y} "
        f"({dated['Milestone'].iloc[0]}) to {dated['Date'].iloc[-1]:%d/%m/%Y} "
        f"({dated['Milestone'].iloc[-1]}), each marked by who is responsible. Every milestone "
        "is in the table above.") if not dated.empty else None)

    la_name = current().la_name
    stem = f"{kind}_{plan.fieldwork_start:%Y-%m-%d}"
    d1, d2 = st.columns(2)
    d1.download_button(
        "Download for Outlook (.ics)", plan_to_ics(plan, la_name).encode("utf-8"),
        file_name=f"{stem}.ics", mime="text/calendar", on_click="ignore",
        icon=":material/calendar_month:")
    d2.download_button(
        "Download as Excel", to_xlsx_bytes({"Milestones": frame},
                                           title=f"{plan.title}: milestones"),
        file_name=f"{stem}.xlsx", mime=XLSX_MIME, on_click="ignore",
        icon=":material/table_view:")


def _day(d: dt.date | None) -> str:
    return f"{d:%a %d/%m/%Y}" if d else "-"


def plan_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Each milestone on a date axis, coloured by who is responsible; on-site spans as bars."""
    data = frame.assign(
        start=pd.to_datetime(frame["Date"]),
        end=pd.to_datetime(frame["Until"]).fillna(pd.to_datetime(frame["Date"]))
        + pd.Timedelta(hours=20),
        when=[f"{d:%a %d/%m/%Y}" + (f" to {u:%a %d/%m/%Y}" if pd.notna(u) else "")
              for d, u in zip(frame["Date"], frame["Until"], strict=True)],
    )
    order = list(dict.fromkeys(data["Milestone"]))
    y = alt.Y("Milestone:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    colour = alt.Color("Responsible:N", title="Responsible",
                       scale=alt.Scale(domain=list(milestones.PARTIES),
                                       range=["#1d4f91", "#d95f02", "#7570b3"]))
    tooltip = [alt.Tooltip("Milestone:N"), alt.Tooltip("when:N", title="Date"),
               alt.Tooltip("Time:N"), alt.Tooltip("Responsible:N"), alt.Tooltip("Rule:N"),
               alt.Tooltip("Paragraph:N")]
    x = alt.X("start:T", title="Date", axis=alt.Axis(format="%d %b %Y", labelAngle=-30))
    base = alt.Chart(data)
    bars = base.transform_filter("datum.Until != null").mark_bar(height=10).encode(
        x=x, x2="end:T", y=y, color=colour, tooltip=tooltip)
    # Who is responsible by shape as well as colour (WCAG 1.4.1): one legend for both.
    shape = alt.Shape("Responsible:N", title="Responsible",
                      scale=alt.Scale(domain=list(milestones.PARTIES),
                                      range=["circle", "square", "triangle-up"]))
    points = base.mark_point(filled=True, size=90).encode(x=x, y=y, color=colour, shape=shape,
                                                          tooltip=tooltip)
    # The height includes the axis and title, so allow for them on top of ~26 px a row.
    return (bars + points).properties(height=140 + 26 * len(order), title="Milestones by date")


# ------------------------------------------------------------------------------ regional view

def regional_cycles_ready() -> bool:
    """Whether any LA is known to list; says what to load when none is, and that LAs without
    a published judgement show grey when none is imported."""
    if db.named_scalar("timelines/la_directory_count"):
        if not db.named_scalar("shared/ilacs_judgement_count"):
            import_judgements_button(
                "No published judgements loaded: LAs without one are shown grey. Import "
                "Ofsted's ILACS judgements and the LA lookup from "
                f"`{judgements.REFERENCE_DIR}` or run `annexa import-judgements`"
                + (", or record a judgement below." if context.can_manage_data() else "."))
        return True
    import_judgements_button(
        "No LA known yet: load an Annex A, run `annexa import-judgements`, or import the "
        "published judgements here (Ofsted's ILACS judgements and the LA lookup from "
        f"`{judgements.REFERENCE_DIR}`).")
    return False


def import_judgements_button(message: str) -> None:
    st.info(message)
    if context.can_manage_data() and st.button("Import the published judgements",
                                               key="tl_import", icon=":material/download:"):
        try:
            with st.spinner("Importing the judgements and the LA lookup..."):
                result = judgements.import_reference(db.db_path())
        except FileNotFoundError as exc:
            st.error(f"{exc}. Put the files there, or run `annexa import-judgements "
                     "--judgements FILE --lookup FILE`.")
            return
        db.after_write()
        st.session_state["tl_import_result"] = (result.judgements, result.las,
                                                len(result.issues))
        st.rerun()


def region_options() -> tuple[list[str], dict[str, str]]:
    """Ofsted's nine regions by code, then every other region name an LA was loaded with (the
    demo's "Fictional Region"), so that each LA known here can be found under its region
    (int_la_directory.region). Returns the options and each one's label."""
    regions = db.named("timelines/regions")
    names = dict(zip(regions.region_code, regions.region_name, strict=True))
    labels = {code: f"{name} ({code})" for code, name in names.items()}
    loaded = context.only_allowed(db.named("timelines/regions_as_loaded"))
    for region in sorted(set(loaded.region), key=str.lower):
        labels.setdefault(region, f"{region} (as loaded)")
    return [REGION_ALL, *labels], {REGION_ALL: REGION_ALL, **labels}


def region_controls() -> tuple[str | None, dt.date]:
    options, labels = region_options()
    names = {k: v for k, v in labels.items() if k != REGION_ALL}
    la = current().la_code
    # The sidebar LA's region, when it is one of these, on the first visit and whenever the
    # sidebar's LA changes; a region chosen here stays until then.
    if la and ("tl_region" not in st.session_state
               or st.session_state.get("_tl_region_for_la") != la):
        st.session_state["tl_region"] = home_region(la, names) or REGION_ALL
        st.session_state["_tl_region_for_la"] = la
    if st.session_state.get("tl_region") not in options:
        st.session_state["tl_region"] = REGION_ALL
    c1, c2 = st.columns([3, 2])
    region = c1.selectbox("Region", options, key="tl_region", format_func=labels.get)
    as_at = c2.date_input("As at", dt.date.today(), key="tl_as_at", format=DATE,
                          help="Every state and due date is worked out for this date.")
    return (None if region == REGION_ALL else region), as_at


def home_region(la_code: str, names: dict[str, str]) -> str | None:
    """The LA's region among `names`: Ofsted's public lookup first (as access control decides
    it), else the region its latest submission was loaded with (int_la_directory.region)."""
    region = db.named_scalar("timelines/la_region", [la_code])
    return region if region in names else None


def status_frame(as_at: dt.date, region: str | None, unit: str) -> pd.DataFrame:
    # Judgements are public, but a cycle's state and due dates come from the events the team
    # recorded (visits planned, reports received): a user sees the cycles of their LAs only. The
    # Gantt chart, obligations and events below all follow this frame.
    return context.only_allowed(db.named("timelines/cycle_status", [as_at, unit, region, region]))


def regional_view(region: str | None, as_at: dt.date, unit: str) -> None:
    status = status_frame(as_at, region, unit)
    where = (db.named_scalar("timelines/region_name", [region]) or region) if region else "England"
    st.subheader(f"Where each LA stands: {where}, as at {as_at:%d/%m/%Y}")
    if status.empty:
        st.info("No LA in this region is known here: load its Annex A, run `annexa "
                "import-judgements`, or record an event below.")
        record_event_form(status)
        return
    counts = status.rag.value_counts()
    cols = st.columns(4)
    for col, rag in zip(cols, ("red", "amber", "green", "grey"), strict=True):
        col.metric(RAG_METRIC_LABELS[rag], int(counts.get(rag, 0)))
    table = pd.DataFrame({
        "LA": status.la_name.fillna(status.la_code) + " (" + status.la_code + ")",
        # The Ofsted region's code, else the region as the LA was loaded (never blank for an
        # LA that was loaded with one).
        "Region": status.region,
        "Grade": status.overall_grade.fillna(""),
        "Judged (last day of fieldwork)": status.judgement_date,
        "Pathway": status.pathway_label.fillna(""),
        "State": status.state_label,
        "Next due": status.next_due_label.fillna(""),
        "Due date": status.next_due_date,
        "Working days left": status.working_days_remaining,
        "RAG": status.rag.map(RAG_BADGES),
        "Why": status.rag_reason,
        "Flags": status["flags"].map(lambda f: "; ".join(f) if f is not None else ""),
    })
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "Judged (last day of fieldwork)": st.column_config.DateColumn(format=DATE),
        "Due date": st.column_config.DateColumn(format=DATE),
        "Working days left": st.column_config.NumberColumn(format="%d"),
    })
    st.caption("Sorted by next due date. Pathway from the latest overall grade (ILACS ¶13, "
               "¶17-23). Due dates: ILACS ¶13, ¶116, ¶128, ¶224, ¶227; Monitoring handbook ¶10, "
               "¶49. 'Expected' states are worked out from the dates because no events were "
               "entered for that LA's cycle. RAG: red when a hard deadline is overdue; amber "
               "when something is due within 5 working days, a softer target is missed or the "
               "last step was late; grey when there is no grade or nothing recorded to judge "
               "from; else green.")
    chart = cycle_gantt(status, as_at, unit)
    if chart is not None:
        due = status.dropna(subset=["next_due_date"]).sort_values("next_due_date")
        st.altair_chart(charts.readable(chart), width="stretch", height=chart.height, alt=(
            f"Each LA's cycle as at {as_at:%d/%m/%Y}, one row per LA ({len(status)}): its "
            "windows as bars, recorded events as marks and the next due date as a triangle "
            "with its RAG rating written beside it; "
            + ", ".join(f"{int(counts.get(r, 0))} {RAG_BADGES[r].lower()}" for r in RAG_BADGES)
            + (f"; due soonest: {due.la_name.fillna(due.la_code).iloc[0]}, "
               f"{due.next_due_label.iloc[0]} on {due.next_due_date.iloc[0]:%d/%m/%Y}"
               if not due.empty else "")
            + ". Every LA's state and next due date is in the table above."))
    obligations_table(status, as_at, unit)
    events_table(status)
    record_event_form(status)
    import_report()


def import_report() -> None:
    """What the last `annexa import-judgements` found wrong in the public files, and fixed."""
    issues = db.named("timelines/import_issues")
    if issues.empty:
        return
    with st.expander(f"Problems found in the judgements and LA lookup files ({len(issues)})"):
        st.caption("Missing or invalid grades and dates are left blank, never guessed; the "
                   "lookup's region errors are corrected from the region's name.")
        st.dataframe(issues.rename(columns={
            "source": "File", "la_code": "LA", "field": "Field", "value": "Value as written",
            "severity": "Severity", "message": "What was done"}), hide_index=True,
            width="stretch")


def cycle_gantt(status: pd.DataFrame, as_at: dt.date, unit: str) -> alt.LayerChart | None:
    """One row per LA (soonest due at the top): windows as bars, events and due dates as marks."""
    codes = list(status.la_code)
    labels = dict(zip(status.la_code, status.la_name.fillna(status.la_code), strict=True))
    order = [labels[c] for c in codes]
    obligations = db.named("timelines/cycle_obligations", [as_at, unit])
    obligations = obligations[obligations.la_code.isin(codes)]
    events = db.named("timelines/cycle_events", [as_at, as_at])
    events = events[events.la_code.isin(codes)]
    if obligations.empty and events.empty:
        return None
    windows = obligations[obligations.window_start.notna()].assign(
        LA=lambda f: f.la_code.map(labels),
        what=lambda f: f.obligation.map(WINDOW_NAMES),
        dates=lambda f: [f"{a:%d/%m/%Y} to {b:%d/%m/%Y}"
                         for a, b in zip(f.window_start, f.due_date, strict=True)],
        short=lambda f: f.obligation.map(WINDOW_SHORT))
    type_names = db.named("timelines/event_type_labels")
    marks = events.assign(
        LA=lambda f: f.la_code.map(labels),
        what=lambda f: f.event_type.map(dict(zip(type_names.event_type, type_names.label,
                                                 strict=True))),
        dates=lambda f: [f"{d:%d/%m/%Y}" for d in f.event_date])
    due = status[status.next_due_date.notna()].assign(
        LA=lambda f: f.la_code.map(labels),
        what=lambda f: "Next due: " + f.next_due_label,
        dates=lambda f: [f"{d:%d/%m/%Y}" for d in f.next_due_date],
        rag_word=lambda f: f.rag.map(RAG_BADGES).str.lower())
    y = alt.Y("LA:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    tip = [alt.Tooltip("LA:N"), alt.Tooltip("what:N", title="What"),
           alt.Tooltip("dates:N", title="Date")]
    # A date axis above the rows as well as below them: with every LA of England the chart is
    # some 4,000 px tall, and an axis only at the bottom was out of sight for all but the last
    # rows. The two axes share one scale (the layers' axes are independent, their scale is not);
    # the other layers draw no axis of their own.
    x_axis = alt.Axis(format="%b %Y", labelAngle=-30, orient="bottom", grid=True)
    top_axis = alt.Axis(format="%b %Y", labelAngle=30, orient="top", title="Date", grid=False)
    layers = [
        alt.Chart(windows).mark_bar(height=12, opacity=0.45).encode(
            x=alt.X("window_start:T", title="Date", axis=x_axis), x2="due_date:T", y=y,
            color=alt.Color("what:N", title="Window",
                            scale=alt.Scale(domain=list(WINDOW_NAMES.values()),
                                            range=WINDOW_COLOURS),
                            legend=alt.Legend(labelLimit=300)), tooltip=tip),
        alt.Chart(marks).mark_point(size=70, filled=True).encode(
            x=alt.X("event_date:T", title="Date", axis=None), y=y,
            shape=alt.Shape("what:N", title="Event", legend=alt.Legend(labelLimit=300)),
            color=alt.value("#333333"), tooltip=tip),
        alt.Chart(due).mark_point(shape="triangle-down", size=140, filled=True).encode(
            x=alt.X("next_due_date:T", title="Date", axis=None), y=y,
            color=alt.Color("rag:N", title="Next due (RAG)",
                            scale=alt.Scale(domain=list(RAG_COLOURS),
                                            range=list(RAG_COLOURS.values())),
                            # The words written beside the triangles ('grey' is 'not known').
                            legend=alt.Legend(labelExpr="datum.label == 'grey' ? 'not known' "
                                              ": datum.label")),
            tooltip=tip),
        # The window's name on its bar and the RAG rating beside the triangle, in words.
        alt.Chart(windows).mark_text(align="left", dx=3, fontSize=10, color="#0b0c0c").encode(
            x=alt.X("window_start:T", axis=None), y=y, text="short:N", tooltip=tip),
        alt.Chart(due).mark_text(align="left", dx=9, fontSize=10, color="#0b0c0c").encode(
            x=alt.X("next_due_date:T", axis=None), y=y, text="rag_word:N", tooltip=tip),
        alt.Chart(pd.DataFrame({"as_at": [pd.Timestamp(as_at)],
                                "label": [f"As at {as_at:%d/%m/%Y}"]})).mark_rule(
            strokeDash=[4, 3], color="#1d4f91").encode(
            x=alt.X("as_at:T", title="Date", axis=top_axis),
            tooltip=[alt.Tooltip("label:N", title="Date")]),
    ]
    return alt.layer(*layers).resolve_scale(color="independent", x="shared").resolve_axis(
        x="independent").properties(
        height=140 + 26 * len(order),
        title="Each LA's cycle: windows, recorded events and the next due date")


def obligations_table(status: pd.DataFrame, as_at: dt.date, unit: str) -> None:
    """Every open or overdue obligation of these LAs' cycles, soonest first."""
    found = db.named("timelines/open_obligations", [as_at, unit])
    found = found[found.la_code.isin(status.la_code)]
    names = dict(zip(status.la_code, status.la_name.fillna(status.la_code), strict=True))
    with st.expander(f"Open obligations ({len(found)})"):
        if found.empty:
            st.caption("Nothing open or overdue for these LAs on this date.")
            return
        st.dataframe(pd.DataFrame({
            "LA": found["la_code"].map(names) + " (" + found["la_code"] + ")",
            "Obligation": found["label"],
            "Responsible": found["party"],
            "Window opens": found["window_start"],
            "Due date": found["due_date"],
            "Working days left": found["working_days_remaining"],
            "Status": found["status"],
            "Rule": found["rule"],
            "Paragraph": found["paragraph"],
        }), hide_index=True, width="stretch", column_config={
            "Window opens": st.column_config.DateColumn(format=DATE),
            "Due date": st.column_config.DateColumn(format=DATE),
            "Working days left": st.column_config.NumberColumn(format="%d")})


def events_table(status: pd.DataFrame) -> None:
    events = db.named("timelines/recorded_events")
    events = events[events.la_code.isin(status.la_code)]
    with st.expander(f"Recorded events ({len(events)})"):
        if events.empty:
            st.caption("No events recorded for these LAs yet: use the form below or `annexa "
                       "cycle-event --la CODE --type TYPE --date DATE`. Without events a "
                       "cycle's state is only what the dates imply.")
            return
        st.dataframe(events.rename(columns={
            "la_code": "LA", "label": "Event", "event_date": "Date", "seq": "Visit no.",
            "detail": "Detail", "entered_by": "Entered by", "entered_at": "Entered at"}).drop(
            columns=["event_type"]), hide_index=True, width="stretch", column_config={
            "Date": st.column_config.DateColumn(format=DATE),
            "Entered at": st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")})


def record_event_form(status: pd.DataFrame) -> None:
    if not context.can_manage_data():
        return
    types = db.named("timelines/event_types")
    las = context.only_allowed(db.named("timelines/las"))
    if las.empty:
        return
    names = dict(zip(las.la_code, las.la_name, strict=True))
    preferred = [c for c in status.la_code if c in names] or list(names)
    # Saved on the run before this one, which then reran so the tables above include it.
    for level, message in st.session_state.pop("tl_event_flash", []):
        getattr(st, level)(message)
    with st.expander("Record a cycle event"):
        with st.form("tl_event_form", clear_on_submit=False):
            c1, c2, c3 = st.columns([3, 3, 2])
            la = c1.selectbox("LA", preferred, format_func=lambda c: f"{names[c]} ({c})",
                              key="tl_event_la")
            kind = c2.selectbox("Event", list(types.event_type), key="tl_event_type",
                                format_func=dict(zip(types.event_type, types.label,
                                                     strict=True)).get)
            when = c3.date_input("Date", dt.date.today(), key="tl_event_date", format=DATE)
            c4, c5, c6 = st.columns([2, 3, 3])
            seq = c4.number_input("Monitoring visit no. (0 = next)", 0, 20, 0,
                                  key="tl_event_seq")
            detail = c5.text_input("Detail", key="tl_event_detail",
                                   help="Judgements and re-inspection reports: the overall "
                                   "grade. Plan responses: 'reflects', 'does not reflect' or "
                                   "'referred to DfE'.")
            who = c6.text_input("Entered by", key="tl_event_who")
            st.caption("What each date means: " + "; ".join(
                f"{r.label}: {r.date_means}" for r in types.itertuples()) + ".")
            if st.form_submit_button("Save the event"):
                event = cycles.EventInput(la, kind, when, seq or None, detail, who)
                result = cycles.save_events(db.db_path(), [event])
                if result.errors:
                    st.error(" ".join(result.errors))
                else:
                    db.after_write()
                    st.session_state["tl_event_flash"] = [(
                        "success", f"Saved: {markdown_safe(names[la])}, "
                        f"{kind.replace('_', ' ')} on "
                        f"{when:%d/%m/%Y}.")]
                    st.rerun()
        upload = st.file_uploader("Or import events from a CSV (la_code, event_type, "
                                  "event_date, seq, detail, entered_by)", type=["csv"],
                                  key="tl_event_csv")
        if upload is not None and st.button("Import the CSV", key="tl_event_csv_go"):
            try:
                events = cycles.read_events_csv(upload.getvalue())
            except (ValueError, UnicodeDecodeError) as exc:
                st.error(f"{markdown_safe(upload.name)}: {markdown_safe(str(exc))}")
                return
            allowed = [e for e in events if context.may_see(e.la_code)]
            result = cycles.save_events(db.db_path(), allowed)
            db.after_write()
            flash = [("success", f"Recorded {len(result.written)} of {len(events)} events.")]
            if refused := len(events) - len(allowed):
                flash.append(("error", "1 event is for an LA outside your scope: not recorded."
                              if refused == 1 else f"{refused} events are for LAs outside your "
                              "scope: not recorded."))
            st.session_state["tl_event_flash"] = flash + [
                ("error", markdown_safe(e)) for e in result.errors]
            st.rerun()


# ---------------------------------------------------------------------------------- upcoming

def upcoming_view(region: str | None, as_at: dt.date, horizon: int, unit: str) -> None:
    until = add_working_days(as_at, horizon)
    st.subheader(f"Due in the next {horizon} working days: {as_at:%d/%m/%Y} to {until:%d/%m/%Y}")
    frame = context.only_allowed(db.named("timelines/upcoming_deadlines",
                                          [as_at, horizon, unit, region, region]))
    if frame.empty:
        st.info(f"Nothing falls due by {until:%d/%m/%Y}"
                + (f" in region {region}" if region else "")
                + ": widen the number of working days, pick another region or another 'as at' "
                "date, or record the cycle events that start the clocks.")
        return
    st.dataframe(pd.DataFrame({
        "Date": frame["date"],
        "Working days away": frame["working_days_remaining"],
        "LA": frame["la_name"].fillna(frame["la_code"]) + " (" + frame["la_code"] + ")",
        "What": frame["label"] + " (" + frame["what"] + ")",
        "Responsible": frame["party"],
        "Rule": frame["rule"],
        "Paragraph": frame["paragraph"],
    }), hide_index=True, width="stretch", column_config={
        "Date": st.column_config.DateColumn(format=DAY_DATE),
        "Working days away": st.column_config.NumberColumn(format="%d")})


# -------------------------------------------------------------------------------------- page

st.title("Timelines")
st.caption("Inspection and monitoring milestones, counted in working days: Monday to Friday "
           "except England's bank holidays, including one-off and substitute days "
           "(docs/methodology/timelines.md T1). Dates are shown dd/mm/yyyy. Public LA-level "
           "data only.")
page_settings = settings_panel()
if "tl_import_result" in st.session_state:
    n_judgements, n_las, n_issues = st.session_state.pop("tl_import_result")
    st.success(f"Imported {n_judgements} judgements and {n_las} LAs; {n_issues} problems were "
               "found and reported (run `annexa import-judgements` to see them).")
plan_tab, region_tab, upcoming_tab = st.tabs(
    ["Plan a visit", "Regional cycles", "Upcoming deadlines"])
with plan_tab:
    planner(page_settings)
with region_tab:
    if regional_cycles_ready():
        chosen_region, chosen_as_at = region_controls()
        regional_view(chosen_region, chosen_as_at, page_settings.report_unit)
with upcoming_tab:
    if db.named_scalar("shared/ilacs_judgement_count") or db.named_scalar(
            "timelines/event_count"):
        chosen_horizon = st.number_input("Next N working days", 1, 120, 10, key="tl_horizon")
        region_code = st.session_state.get("tl_region", REGION_ALL)
        upcoming_view(None if region_code == REGION_ALL else region_code,
                      st.session_state.get("tl_as_at") or dt.date.today(), int(chosen_horizon),
                      page_settings.report_unit)
        st.caption("Region and 'as at' date: as chosen on the Regional cycles tab.")
    else:
        st.info("Nothing falls due yet: deadlines count from a judgement. Import the published "
                "judgements (`annexa import-judgements`, or the button on the 'Regional "
                "cycles' tab), or record an LA's judgement there or with `annexa cycle-event`.")
