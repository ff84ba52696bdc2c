"""Upload and data quality: load an LA's Annex A, see at once what is wrong with it.

For the analytical officer: upload one workbook or one file per list, say which LA and as-at
date, watch it load, then read the data-quality report (counts by problem code, every problem
with its list, sheet, row and column) and the submissions already loaded.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from annexa.security.safe_export import to_csv_bytes
from annexa.services import judgements
from dashboard import charts, context, db
from dashboard import mappings_editor as upload_mappings
from dashboard.markdown_safe import markdown_safe
from ingest.load import NothingUsable, ingest_or_report_duplicate
from ingest.reader import UnreadableFile
from ingest.spec import load_spec

NEW_LA = "__new__"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _submissions():
    return context.only_allowed(db.named("upload/submissions"))


def _load_demo() -> None:
    from annexa.services import demo

    bar = st.progress(0.0, "Generating synthetic workbooks...")

    def before(i: int, _code: str, name: str, size: str) -> None:
        bar.progress(i / len(demo.LAS), f"Generating and loading {name} ({size})...")

    demo.build(db.db_path(), before=before)
    bar.progress(0.95, "Loading Ofsted's published judgements and statistics...")
    # Messages name files and counts only: public data, nothing about a child.
    notes = demo.import_public_data(db.db_path())
    bar.progress(1.0, "Demo data loaded.")
    for note in notes:
        st.caption(note)
    db.after_write()


def _current_by_la(subs: pd.DataFrame) -> pd.DataFrame:
    """Each LA's current submission, by LA code: the rows the query marks is_current (the rule
    is int_current_submissions', docs/methodology/windows.md W4)."""
    return subs[subs.is_current].set_index("la_code", drop=False)


def _region_options(subs: pd.DataFrame) -> list[str]:
    """Ofsted's nine regions, then any other region already in the database (so an LA can join
    the region it was loaded with), never free text: a typo would make a new region."""
    official = [name for name, _ in judgements.REGIONS.values()]
    seen = {x.lower() for x in official} | {c.lower() for c in judgements.REGIONS}
    others = sorted({r.strip() for r in subs.region.dropna() if r.strip()
                     and r.strip().lower() not in seen}, key=str.lower)
    return official + others


def _follow(key: str, wanted, options: list) -> None:
    """Set a widget's value before it is drawn: a pending request (after a load), else the
    sidebar LA's default whenever the sidebar's LA changed, else keep the user's choice."""
    pending = st.session_state.pop(f"_{key}_pending", None)
    la = context.current().la_code
    if pending in options:
        st.session_state[key] = pending
        st.session_state[f"_{key}_for"] = la
    elif st.session_state.get(f"_{key}_for") != la or st.session_state.get(key) not in options:
        st.session_state[key] = wanted if wanted in options else options[0]
        st.session_state[f"_{key}_for"] = la


def _la_text(row) -> str:
    return f"{row.la_name or row.la_code} ({row.la_code})"


def _la_label(row) -> str:
    """The LA for a message or button (Markdown): its name, typed by whoever loaded it first,
    shown as written."""
    return markdown_safe(_la_text(row))


def _existing_la_notice(row, as_at) -> str:
    """What loading into an LA that has data does to its current submission, said first."""
    current_as_at = pd.Timestamp(row.as_at_date).date()
    who = _la_label(row)
    uses = "the one the Briefing, Case selection and Regional overview use"
    if as_at is None:
        return (f"**Load these files into {who}?** They become its current submission ({uses}) "
                f"in place of submission {row.submission_id}, as at {current_as_at:%d/%m/%Y}, "
                "unless their as-at date, found when loading, is earlier than that.")
    if as_at >= current_as_at:
        return (f"**Load these files into {who}?** They become its current submission, as at "
                f"{as_at:%d/%m/%Y} ({uses}), in place of submission {row.submission_id}, as at "
                f"{current_as_at:%d/%m/%Y}.")
    return (f"**Load these files into {who}?** As at {as_at:%d/%m/%Y}, they are kept as an older "
            f"submission; its current submission stays submission {row.submission_id}, as at "
            f"{current_as_at:%d/%m/%Y}.")


def _confirm(row, as_at) -> bool:
    """Say what loading into this loaded LA does; True once the user confirms it."""
    st.warning(_existing_la_notice(row, as_at), icon=":material/warning:")
    b1, b2, _ = st.columns([3, 1, 4])
    go = b1.button(f"Load into {_la_label(row)}", type="primary", key="up_confirm_go")
    if b2.button("Cancel", key="up_confirm_cancel"):
        st.session_state.pop("_up_confirm", None)
        st.rerun()
    return go


def _inferred_message(as_at) -> str:
    return (f"**The as-at date {as_at:%d/%m/%Y} was inferred, not given**: no as-at date was "
            "entered and the workbook has no front sheet with one, so it is the latest event date "
            "in the lists (dates after today are ignored). A mistyped event date can pull it "
            "forward, and every window of the analysis ends on it. **If the lists were extracted "
            "on another date**, set the sidebar's *Reference date* to that date (every window "
            "follows at once), or remove this submission on *Manage data* and load the files "
            "again with *As-at date of the data* filled in.")


def _upload_form(subs) -> None:
    """The upload form; after a load the script reruns with the new submission chosen.

    One form, so nothing reruns while it is filled in (a rerun then can lose a file being
    uploaded). On Load files: a new LA's code or name typed beside a loaded LA is refused,
    naming both; files for a loaded LA are loaded only once the user has read, and confirmed,
    which submission they replace as its current one.
    """
    if not context.can_manage_data():
        st.info("Inspectors read the data-quality reports of their LAs below; an analytical "
                "officer or regional senior inspector of the region loads the data.",
                icon=":material/lock:")
        return
    user = context.user()
    known = _current_by_la(subs)
    options = [*known.index, NEW_LA]
    _follow("up_la", context.current().la_code, options)
    if st.session_state.pop("_up_clear_new", False):
        # After a load: nothing typed for it (least of all its as-at date) carries to the next.
        st.session_state["up_new_code"] = st.session_state["up_new_name"] = ""
        st.session_state["up_region"] = st.session_state["up_as_at"] = None
    with st.form("upload", clear_on_submit=False, border=True):
        files = st.file_uploader(
            "Annex A files", type=["xlsx", "xlsm", "csv"], accept_multiple_files=True,
            # A new key after each load empties the box, so the files just loaded are not
            # sent again by mistake.
            key=f"up_files_{st.session_state.get('_up_files_n', 0)}",
            help="One workbook with sheets List_1 ... List_11 (the Ofsted template, or named "
            "'Contacts', 'Referrals'...), or one .xlsx/.csv per list. Sibling counts, the 2.02 "
            "missing/exploitation list and the LA audits list may be extra sheets or files.",
        )
        c1, c2, c3, c4 = st.columns([2, 1, 2, 2])
        choice = c1.selectbox(
            "Local authority", options, key="up_la",
            format_func=lambda c: "New LA..." if c == NEW_LA else _la_text(known.loc[c]),
            help="The LA the files are from: one already loaded (the sidebar's, unless you "
            "choose another) gets a new submission; for an LA not loaded yet, choose 'New "
            "LA...' and give its code and name.",
        )
        code = c2.text_input("New LA code", placeholder="e.g. 370", key="up_new_code",
                             help="Only with 'New LA...': its DfE code, or your own short "
                             "code.")
        name = c3.text_input("New LA name", placeholder="e.g. Barnsley", key="up_new_name",
                             help="Only with 'New LA...'.")
        if user is not None:
            # A signed-in user loads into their own region only (the LA's region decides who
            # sees it).
            region = c4.text_input("Region", value=user.region, disabled=True)
        else:
            region = c4.selectbox(
                "Region", _region_options(subs), index=None, key="up_region",
                placeholder="Choose the Ofsted region",
                help="Only with 'New LA...' (a loaded LA keeps its region): one of Ofsted's "
                "nine regions, or a region already loaded. The Regional overview and Timelines "
                "group LAs by it.")
        as_at = st.date_input(
            "As-at date of the data", value=None, format="DD/MM/YYYY", key="up_as_at",
            help="Required: the date the lists were extracted (the point of inspection). Every "
            "window of the analysis ends on it, and a date guessed from the lists (their latest "
            "event) can be weeks out, so nothing is loaded without it.",
        )
        st.caption("The as-at date is required: every window of the analysis ends on it. Files "
                   "for an LA already loaded are loaded only once you have confirmed which of "
                   "its submissions they replace.")
        submitted = st.form_submit_button("Load files", type="primary")
    pending = (choice, tuple(f.name for f in files or []), as_at)
    confirmed = False
    if not submitted:
        # The confirmation asked for on the last Load files, for exactly that LA, files and date.
        if st.session_state.get("_up_confirm") != pending:
            st.session_state.pop("_up_confirm", None)
            return
        confirmed = _confirm(known.loc[choice], as_at)
        if not confirmed:
            return
        st.session_state.pop("_up_confirm", None)
    if not files:
        st.error("Choose at least one file to load.")
        return
    before = None
    code, name = code.strip(), name.strip()
    if choice != NEW_LA and (code or name):
        typed = markdown_safe(f"a new LA code {code}" if code else f"a new LA name {name}")
        st.error(f"You typed {typed} but chose {_la_label(known.loc[choice])} under Local "
                 "authority: choose 'New LA...' there to add the new LA, or clear the new-LA "
                 f"fields to add these files to {_la_label(known.loc[choice])}. Nothing was "
                 "loaded.")
        return
    if choice == NEW_LA:
        if not code:
            st.error("Give the new LA a code (for example its DfE code) before loading.")
            return
        clash = next((c for c in known.index if c.lower() == code.lower()), None)
        if clash is not None:
            st.error(f"LA code {markdown_safe(code)} is already loaded, as "
                     f"{_la_label(known.loc[clash])}. To "
                     "add a submission to it, choose it under Local authority; for another LA, "
                     "give another code. Nothing was loaded.")
            return
        la_code, la_name, la_region = code, name or None, region
    else:
        before = known.loc[choice]
        la_code, la_name, la_region = choice, before.la_name, before.region
    if user is not None:
        if refusal := context.load_refusal(la_code):
            st.error(f"{refusal} Nothing was loaded.")
            return
        la_region = before.region if before is not None and before.region else user.region
    if as_at is None:
        # A date inferred from the lists can be weeks out, and every window ends on it
        # (docs/data-quality.md, "Row checks added in issue 11"): the page always asks.
        st.error("Give the **as-at date of the data**, the date the lists were extracted: "
                 "every window of the analysis ends on it. Nothing was loaded.")
        return
    if before is not None and not confirmed:
        st.session_state["_up_confirm"] = pending
        _confirm(before, as_at)
        return
    bar = st.progress(0.0, "Starting...")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, f in enumerate(files):
            # Files go to a private temporary folder that is deleted after the load; the
            # original name is kept only for messages and the submission record.
            p = Path(tmp) / f"upload_{i}{Path(f.name).suffix.lower()}"
            p.write_bytes(f.getvalue())
            paths.append(p)
        try:
            report = ingest_or_report_duplicate(
                paths, la_code, la_name=la_name, region=la_region, as_at=as_at,
                db=db.db_path(), display_names=[f.name for f in files],
                progress=lambda frac, msg: bar.progress(min(frac, 1.0), msg),
            )
        except (UnreadableFile, NothingUsable) as exc:
            bar.empty()
            st.error(f"{exc}\n\nNothing was loaded; the data already loaded is unchanged.")
            return
    db.after_write()
    if report.status == "already_loaded":
        flash = [("info", f"These files were already loaded as submission "
                  f"{report.submission_id} for {la_code} (as at {report.as_at_date:%d/%m/%Y}). "
                  "Nothing was changed.")]
    else:
        inferred = (" (**inferred**: check it below)" if report.as_at_source == "inferred"
                    else "")
        flash = [("success", f"Loaded submission {report.submission_id} for "
                  f"{markdown_safe(la_name or la_code)}, as at "
                  f"{report.as_at_date:%d/%m/%Y}{inferred}"
                  f"{_became_current(before, report.as_at_date)}.")]
    # Rerun so the shared sidebar (drawn before this page) lists the new LA; the messages
    # survive the rerun in session state, and the new submission is the one shown.
    st.session_state["upload_flash"] = flash
    st.session_state["_dq_submission_pending"] = report.submission_id
    st.session_state["_up_la_pending"] = la_code
    st.session_state["_up_clear_new"] = True
    st.session_state["_up_files_n"] = st.session_state.get("_up_files_n", 0) + 1
    context.select_la(la_code)
    st.rerun()


def _became_current(before, as_at) -> str:
    """What the load did to an existing LA's current submission ("" for a new LA)."""
    if before is None:
        return ""
    old = pd.Timestamp(before.as_at_date).date()
    if as_at >= old:  # the same as-at date: the later load is current
        return (f": it is now the current submission of {_la_label(before)}, in place of "
                f"submission {before.submission_id} (as at {old:%d/%m/%Y})")
    return (f": kept as an older submission; the current one stays submission "
            f"{before.submission_id} (as at {old:%d/%m/%Y})")


def _submission_selector(subs: pd.DataFrame) -> int:
    """The submission whose report is shown: by default the sidebar LA's current one, and again
    whenever the sidebar's LA changes; the sidebar LA's submissions are listed first."""
    la = context.current().la_code
    current = _current_by_la(subs)
    ordered = pd.concat([
        subs[subs.la_code == la].sort_values(["as_at_date", "loaded_at", "submission_id"],
                                             ascending=False),
        subs[subs.la_code != la]])
    ids = [int(i) for i in ordered.submission_id]
    is_current = set(current.submission_id.astype(int))
    labels = {int(r.submission_id): f"{r.submission_id}: {r.la_name or r.la_code} as at "
              f"{r.as_at_date:%d/%m/%Y} ({r.files})"
              + (", current" if int(r.submission_id) in is_current else "")
              for r in ordered.itertuples()}
    wanted = int(current.submission_id[la]) if la in current.index else ids[0]
    _follow("dq_submission", wanted, ids)
    chosen = st.selectbox("Submission", ids, format_func=labels.get, key="dq_submission",
                          help="Follows the LA chosen in the sidebar; the analysis uses each "
                          "LA's current submission.")
    if st.session_state.get("_dq_filters_for") != chosen:
        # Filters chosen for another submission's problems would hide, or break, this one's.
        for key in ("dq_codes", "dq_lists", "dq_sev", "dq_text"):
            st.session_state.pop(key, None)
        st.session_state["_dq_filters_for"] = chosen
    return chosen


def _report(submission_id: int) -> None:
    spec = load_spec()
    sub = db.named("upload/submission", [submission_id])
    if sub.empty or not context.may_see(sub.la_code.iloc[0]):
        return
    s = sub.iloc[0]
    as_at = s.as_at_date.date() if hasattr(s.as_at_date, "date") else s.as_at_date
    note = {"inferred": " (inferred from the latest event date)",
            "front sheet": " — from the workbook's front sheet"}.get(s.as_at_source, "")
    st.subheader(f"Data quality: {markdown_safe(s.la_name or s.la_code)}, submission "
                 f"{submission_id}")
    st.caption(f"As at {as_at:%d %B %Y}{note}. Files: {', '.join(s.file_names)}.")
    if s.as_at_source == "inferred":
        st.warning(_inferred_message(as_at), icon=":material/event_busy:")
        if context.can_manage_data():
            st.page_link("views/manage_data.py", label="Manage data: remove this submission",
                         icon=":material/auto_delete:")

    loads = db.named("upload/list_loads", [submission_id])
    issues = db.named("upload/dq_issues", [submission_id, submission_id])
    # A line can stand for several rows (row_count, e.g. one per column of blank cells).
    issues = issues.assign(n=issues.row_count.astype(int))
    per_list = issues[issues.severity != "info"].groupby("list").n.sum()
    rows = []
    for key, ls in spec.lists.items():
        got = loads[loads.list == key]
        rows.append({
            "List": ls.label,
            "Sheet": got.sheets.iloc[0] if not got.empty else "not supplied",
            "Rows read": int(got.rows_read.iloc[0]) if not got.empty else None,
            "Rows loaded": int(got.rows_loaded.iloc[0]) if not got.empty else None,
            "Problems": int(per_list.get(key, 0)),
        })
    errors = int(issues.n[issues.severity == "error"].sum())
    warnings = int(issues.n[issues.severity == "warning"].sum())
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Rows loaded", f"{int(loads.rows_loaded.sum()):,}")
    m2.metric("Lists supplied", f"{loads.list.str.startswith('list_').sum()} of 11")
    m3.metric("Errors", f"{errors:,}", help="Values that could not be used: unparseable dates, "
              "unmapped codes, blank child IDs, missing required columns.")
    m4.metric("Warnings", f"{warnings:,}", help="Values that look inconsistent: duplicates, end "
              "before start, events after the as-at date, age against date of birth, cross-list.")
    table = pd.DataFrame(rows).astype({"Rows read": "Int64", "Rows loaded": "Int64"})
    st.dataframe(table, hide_index=True, width="stretch")

    if issues.empty:
        st.success("No data-quality problems found.")
        return
    issues = issues.drop(columns="n").assign(sample_rows=issues.sample_rows.map(
        lambda r: ", ".join(map(str, r)) if hasattr(r, "__len__") else None))
    groups = db.named("upload/dq_issue_groups", [submission_id])
    codes_ref = db.named("upload/dq_codes")
    titles = dict(zip(codes_ref.code, codes_ref.title, strict=True))

    st.markdown("**Problems to look at**")
    f1, f2, f3, f4 = st.columns([2, 2, 1.4, 2])
    present = [c for c in codes_ref.code if c in set(issues.code)]
    present += sorted(set(issues.code) - set(present))
    codes = f1.multiselect("Problem", present, key="dq_codes",
                           format_func=lambda c: titles.get(c, c))
    lists = f2.multiselect("List", [k for k in spec.lists if k in set(issues.list.dropna())],
                           format_func=lambda k: spec.lists[k].label, key="dq_lists")
    sev = f3.multiselect("Severity", ["error", "warning", "info"], key="dq_sev",
                         format_func=str.capitalize)
    text = f4.text_input("Search messages and values", key="dq_text")
    grouped = _filtered(groups, codes, lists, sev, text, ("title", "example_message"))
    total = f"{int(grouped.n_rows.sum()):,} problems in {len(grouped):,} lines"
    if len(grouped) < len(groups):
        total += f" (of {int(groups.n_rows.sum()):,} in {len(groups):,})"
    st.caption(
        f"{total}. A line is one problem in one column, and one value where the value is the "
        "problem ('next week' is not a date), with the rows it covers; errors first. Cells are "
        "as Excel names them: List_3!G15 is sheet List_3, column G, row 15.")
    report = _grouped_table(grouped, spec)
    st.dataframe(
        report, hide_index=True, width="stretch", height=min(560, 38 + 35 * len(report)),
        column_order=["Severity", "Problem", "List", "Column", "Value", "Rows", "Cells",
                      "What to do", "Message"],
        column_config={
            # Pixel widths, so that on a laptop screen "What to do" starts in view.
            "Severity": st.column_config.TextColumn(width=70),
            "Problem": st.column_config.TextColumn(width=215),
            "List": st.column_config.TextColumn(width=165),
            "Column": st.column_config.TextColumn(
                width=165, help="The column's header as written in the workbook."),
            "Value": st.column_config.TextColumn(
                "Value as written", width=110, help="Blank where the value is each row's own "
                "(a child's ID, a date after the as-at date): the line covers the whole column."),
            "Rows": st.column_config.NumberColumn(format="%d", width=55),
            "Cells": st.column_config.TextColumn(
                width=150, help="The first three cells, as Excel names them, and how many "
                "more."),
            "What to do": st.column_config.TextColumn(width=480),
            "Message": st.column_config.TextColumn(
                width=480, help="The message of the line's first row (the same for every row "
                "when the line is about one value)."),
        },
    )
    st.download_button("Download this report (CSV)", to_csv_bytes(report),
                       file_name=f"data_quality_{s.la_code}_{submission_id}_grouped.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:",
                       help="One row per line above, as filtered.")

    present_ref = codes_ref[codes_ref.code.isin(set(groups.code))]
    by_title = (groups.groupby(["code", "severity"]).n_rows.sum().reset_index(name="count")
                .assign(problem=lambda d: d.code.map(titles).fillna(d.code)
                        # The severity in words as well as by colour (WCAG 1.4.1).
                        + " (" + d.severity + ")")
                .sort_values(["count", "code"], ascending=[False, True]))
    left, right = st.columns([1, 1])
    with left:
        st.markdown("**Problems by kind**")
        chart = alt.Chart(by_title).mark_bar().encode(
            # Counts are whole rows: no 0.2, 0.4... ticks on a small submission's chart.
            x=alt.X("count:Q", title="Rows", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("problem:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("severity:N", title="Severity",
                            scale=alt.Scale(domain=["error", "warning", "info"],
                                            range=["#b2182b", "#ef8a62", "#767676"])),
            tooltip=[alt.Tooltip("problem:N", title="Problem"),
                     alt.Tooltip("code:N", title="Code"),
                     alt.Tooltip("severity:N", title="Severity"),
                     alt.Tooltip("count:Q", title="Rows", format=",d")],
        ).properties(height=40 + 32 * by_title.problem.nunique())
        top = by_title.iloc[0]
        summary = (f"Rows with each kind of problem: bar chart, one bar per kind "
                   f"({len(by_title)}); the most: {top.problem}, {int(top['count']):,} rows.")
        st.altair_chart(charts.readable(chart), width="stretch", alt=summary)
        charts.as_table("Rows with each kind of problem", summary, pd.DataFrame({
            "Problem": by_title.problem, "Code": by_title.code,
            "Rows": [f"{int(n):,}" for n in by_title["count"]]}))
    with right:
        st.markdown("**What the problems mean**")
        st.markdown("\n".join(
            f"- **{markdown_safe(r.title)}** (`{r.code}`): {markdown_safe(r.what_to_do)}"
            for r in present_ref.itertuples()))
        st.caption("Every code, what triggers it and what to do: docs/data-quality.md.")

    with st.expander(f"Every problem, one row each ({len(issues):,})"):
        shown = _filtered(issues, codes, lists, sev, text, ("message",))
        shown = shown.assign(_o=shown.severity.map(SEVERITY_ORDER)).sort_values(
            ["_o", "list", "sheet", "row_number", "code", "column_name"], kind="stable").drop(
            columns="_o")
        st.caption(f"{len(shown):,} of {len(issues):,} problems")
        labels = {k: ls.label.split(":")[0] if ls.number else ls.title
                  for k, ls in spec.lists.items()}
        shown = shown.assign(list=shown.list.map(labels).fillna(shown.list))
        st.dataframe(
            shown, hide_index=True, width="stretch", height=420,
            column_order=["code", "severity", "list", "sheet", "row_number", "header", "value",
                          "row_count", "message"],
            column_config={
                "code": st.column_config.TextColumn("Problem", pinned=True),
                "severity": "Severity", "list": "List", "sheet": "Sheet",
                "row_number": st.column_config.NumberColumn("Row", format="%d"),
                "header": "Column", "value": "Value as written",
                "row_count": st.column_config.NumberColumn(
                    "Rows", format="%d", help="The rows the line stands for: more than one for "
                    "e.g. every blank cell of a column."),
                "message": st.column_config.TextColumn("What to do", width="large"),
            },
        )
        st.download_button("Download every problem (CSV)", to_csv_bytes(shown),
                           file_name=f"data_quality_{s.la_code}_{submission_id}.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:",
                           help="One row per problem line as stored, as filtered.")


def _filtered(frame: pd.DataFrame, codes, lists, sev, text: str,
              messages: tuple[str, ...]) -> pd.DataFrame:
    """The rows of the grouped or the every-problem table that the filters keep."""
    if codes:
        frame = frame[frame.code.isin(codes)]
    if lists:
        frame = frame[frame.list.isin(lists)]
    if sev:
        frame = frame[frame.severity.isin(sev)]
    if text:
        needle = text.lower()
        hit = frame.value.fillna("").str.lower().str.contains(needle, regex=False)
        for column in messages:
            hit |= frame[column].fillna("").str.lower().str.contains(needle, regex=False)
        frame = frame[hit]
    return frame


def _grouped_table(groups: pd.DataFrame, spec) -> pd.DataFrame:
    """dq_issue_groups in the page's words (docs/data-quality.md, "How problems are grouped"):
    list labels, headers as written, no internal column names."""
    labels = {k: ls.label for k, ls in spec.lists.items()}
    return pd.DataFrame({
        "Severity": groups.severity.str.capitalize(),
        "Problem": groups.title,
        "Code": groups.code,
        "List": groups.list.map(labels).fillna(groups.list).fillna(""),
        "Sheet": groups.sheet.fillna(""),
        "Column": groups.header.fillna(""),
        "Value": groups.value.fillna(""),
        "Rows": groups.n_rows.astype(int),
        "Cells": groups.cells.fillna(""),
        "What to do": groups.what_to_do.fillna(""),
        "Message": groups.example_message,
    })


def main() -> None:
    st.title("Upload and data quality")
    st.caption("Load an LA's Annex A. Nothing leaves this machine; files are read and deleted, "
               "only the database keeps the data.")
    subs = _submissions()
    _upload_form(subs)
    for kind, message in st.session_state.pop("upload_flash", []):
        getattr(st, kind)(message)
    if subs.empty:
        st.info("No data loaded yet: upload an LA's Annex A workbook above, or load the demo "
                "data (three fictional LAs) to explore the dashboard.")
        # The demo's fictional LAs belong to no user's scope: a single-user machine only.
        if not context.access_on() and st.button("Load the demo data",
                                                  icon=":material/science:"):
            _load_demo()
            st.rerun()
        return
    st.divider()
    chosen = _submission_selector(subs)
    _report(int(chosen))
    upload_mappings.render(subs.la_code[subs.submission_id == chosen].iloc[0])

    st.divider()
    st.subheader("Submissions loaded")
    st.caption("The latest submission of each LA is the one the analysis uses; older ones stay "
               "for comparison between visits (docs/methodology/windows.md W4).")
    st.dataframe(
        subs, hide_index=True, width="stretch",
        column_config={
            "submission_id": st.column_config.NumberColumn("ID", format="%d"),
            "la_code": "LA", "la_name": "Name", "region": "Region",
            "as_at_date": st.column_config.DateColumn("As at", format="DD/MM/YYYY"),
            "as_at_source": "As-at from", "files": "Files",
            "loaded_at": st.column_config.DatetimeColumn("Loaded", format="DD/MM/YYYY HH:mm"),
            "rows_loaded": st.column_config.NumberColumn("Rows", format="%d"),
            "errors": st.column_config.NumberColumn("Errors", format="%d"),
            "warnings": st.column_config.NumberColumn("Warnings", format="%d"),
        },
    )


main()
