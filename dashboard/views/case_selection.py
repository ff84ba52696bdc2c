"""Case selection: the children whose cases the team will track, sample and audit at a visit.

For the lead inspector, in the week before fieldwork: choose the visit type and sizes; read the
proposed sample with the reason for each child; add or remove children by case ID or from any
candidate pool; watch the coverage matrix (diversity factors, the ¶150 mandatory groups and the ten
¶153 thresholds) and the composition descriptors follow each edit; save the sample to a visit;
export it to Excel and CSV for the team; see which children were seen at earlier visits.

The rules live in annexa/services/sampling.py and the SQL marts (sample_candidates, sample_pools,
sample_composition, children_seen_before, sample_seen_before); dashboard/sample_state.py keeps the
working sample in session state and asks them. Case IDs only: Annex A has no names.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from annexa.rules import sampling as sampling_rule
from annexa.security.safe_export import CSV_MIME, XLSX_MIME, to_csv_bytes
from dashboard import db, sample_state
from dashboard import table_wrap as wrap
from dashboard.context import current
from dashboard.markdown_safe import markdown_safe as _md
from dashboard.sample_state import POOLS, ROLE_LABELS, VISIT_LABELS

P = "case_selection__"  # prefix of this page's session-state keys
UPLOAD_PAGE = "views/upload.py"
JOURNEY_PAGE = "views/child_journey.py"
ROLE_ORDER = {r: i for i, r in enumerate(sampling_rule.ROLES)}
# The ten thresholds of ¶153 in a few words, for the coverage matrix's column headings.
THRESHOLD_SHORT = {1: "Early help", 2: "Referral", 3: "In need", 4: "Protection",
                   5: "Continuing help", 6: "Accommodate", 7: "Remove", 8: "Permanence",
                   9: "Matching", 10: "Leaving care"}
# Widths (px) of the columns of long text, which wrap (dashboard/table_wrap.py).
WHY_PX, SEEN_PX = 400, 130
THRESHOLD_PX, STATUS_PX, POOL_RULE_PX, STATEMENT_PX = 210, 420, 560, 560
COUNT = "%,d"  # counts with thousands separators: 21,712
# The headings the skip links lead to (their anchors, as in the page's address after a '#').
EDIT_ANCHOR, SAVE_ANCHOR = "edit-the-sample", "save-and-export"


# ==================================================================================== helpers

def _d(value) -> str:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return "-"
    return f"{value:%d/%m/%Y}"


def _height(rows: int, cap: int, row: int | None = None) -> int:
    """A table's height showing every row (35 px each unless `row` says, plus the header) up to
    a cap."""
    return wrap.table_height(rows, cap, row)


def _flash(kind: str, message: str, where: str = "top") -> None:
    """A message for the next run, shown at the top of the page or beside the controls named by
    `where` ("edit", "pool"). Plain text: it may quote what the user typed."""
    st.session_state.setdefault(P + "flash", []).append((kind, message, where))


def _show_flash(where: str = "top") -> None:
    """The messages for this place. Beside the controls that made an edit they take the keyboard
    focus, which the rerun would otherwise drop on the page itself (_focus). The container is
    drawn, empty, when there is none (_message_box)."""
    waiting = st.session_state.get(P + "flash", [])
    mine = [(kind, message) for kind, message, at in waiting if at == where]
    st.session_state[P + "flash"] = [f for f in waiting if f[2] != where]
    box = _message_box(f"{P}flash_{where}")
    for kind, message in mine:
        getattr(box, kind)(_md(message))
    if mine and where != "top":
        _focus(box, f"{P}flash_{where}")


def _message_box(key: str):
    """A container for messages that come and go, drawn on every run even when empty: Streamlit
    knows an element by its place on the page, so a message that appears or goes would shift
    every later widget to a new place, redraw it and drop the keyboard focus that was on it."""
    return st.container(key=key)


def _skip_links(*targets: tuple[str, str]) -> None:
    """Links past the data grids for keyboard users, who pay a tab stop per column and four for
    a grid's toolbar: following one moves the focus on to the heading named (WCAG 2.4.1)."""
    # Plain text, not a caption: a link in a caption is drawn faded (3:1 on white).
    st.markdown("Skip to: " + " · ".join(f"[{label}](#{anchor})" for label, anchor in targets))


def _focus(box, key: str) -> None:
    """Move the keyboard focus to the message in `box`, the container with this key, once it is
    drawn. After a rerun Streamlit leaves the focus nowhere (on the page itself), so a keyboard
    or screen-reader user would have to hunt for the outcome of what they did (WCAG 2.4.3); the
    message is announced as it takes the focus. The script, drawn inside the box so that nothing
    after it moves, names no data."""
    box.html(
        "<script>(() => { let tries = 0; const go = () => {"
        f" const el = document.querySelector('.st-key-{key} [data-testid=\"stAlert\"]');"
        " if (!el) { if (tries++ < 60) setTimeout(go, 50); return; }"
        " el.setAttribute('tabindex', '-1'); el.focus(); el.scrollIntoView({block: 'center'});"
        " }; go(); })();</script>", unsafe_allow_javascript=True)


def _journey_url(ws: sample_state.WorkingSample, child_id: str) -> str:
    """The Child journey page for a child, at the sample's reference date, edition and settings
    (the sidebar there reads them from the link), every value URL-encoded."""
    s = ws.settings
    params = {"la": ws.la, "child": child_id}
    if s.ref_date is not None:
        params["ref"] = s.ref_date.isoformat()
    params |= {"edition": s.edition, "sampling_months": s.sampling_months,
               "sibling_threshold": s.sibling_threshold}
    return "child-journey?" + urlencode(params)


# ============================================================================ visit settings

def _visit_settings(ctx) -> sampling_rule.Settings | None:
    """Visit type, sizes, seed and the seen-before choice, with the sidebar's settings."""
    with st.container(border=True):
        c = st.columns([2.2, 1, 1, 1, 1], vertical_alignment="bottom")
        vt = c[0].selectbox("Visit type", sampling_rule.VISIT_TYPES, key="visit",
                            bind="query-params",
                            format_func=VISIT_LABELS.get,
                            help="Sets the default sizes: a monitoring visit tracks up to six "
                            "children and looks at up to six audits (ILACS ¶131, ¶134); an "
                            "inspection asks for six to 12 audits (ILACS ¶267).")
        d = sampling_rule.DEFAULT_SIZES[vt]
        tracked = c[1].number_input("Tracked", 1, 200, d.tracked, key=f"{P}tracked_{vt}",
                                    help="Children whose journeys the team tracks (ILACS ¶134).")
        audited = c[2].number_input("LA audited", 0, 50, d.audited, key=f"{P}audited_{vt}",
                                    help="Cases the LA audited that the team looks at (ILACS ¶131, "
                                    "¶267): from the LA's audits list.")
        sampled = c[3].number_input("Sampled", 0, 200, d.sampled, key=f"{P}sampled_{vt}",
                                    help="Further cases drawn at random from the sampling window "
                                    "(ILACS ¶135; Monitoring handbook ¶61).")
        seed = c[4].number_input("Seed", 0, 2**31 - 1, 0, key=P + "seed",
                                 help="The same data, settings and seed always give the same "
                                 "sample; the seed is saved with it.")
        t = st.columns(2)
        exclude = t[0].toggle("Leave out children seen before", key=P + "exclude_seen",
                              help="Children in a sample saved at an earlier visit to this "
                              "LA (Monitoring handbook ¶37). A mandatory group whose children "
                              "were all seen before still gets one child (ILACS ¶150 comes "
                              "first).")
        every = t[1].toggle("Include every missing and exploited child that fits",
                            key=P + "all_missing_exploited",
                            help="Off: at least one missing child and one at risk of sexual "
                            "exploitation, as ILACS ¶150 requires, the most at risk first. On: "
                            "as many of them as the tracked number allows, most at risk first "
                            "(missing and exploited both, then most missing episodes), before "
                            "the children who widen the coverage.")
    try:
        return sampling_rule.Settings.for_visit(
            ctx.la_code, vt, size=int(tracked), audited=int(audited), sampled=int(sampled),
            seed=int(seed), ref_date=ctx.ref_date, edition=ctx.edition,
            sampling_months=ctx.sampling_months, sibling_threshold=ctx.sibling_threshold,
            exclude_seen=bool(exclude), all_missing_exploited=bool(every))
    except sampling_rule.SampleError as exc:
        st.error(_md(f"{exc}."))
        return None


def _propose(settings: sampling_rule.Settings) -> sample_state.WorkingSample | None:
    try:
        with st.spinner("Drawing the sample from the candidate pools...", show_time=True):
            ws = sample_state.propose(settings)
    except sampling_rule.SampleError as exc:
        st.error(_md(f"{exc}."))
        return None
    sample_state.put(ws)
    return ws


# ============================================================================ editing actions

def _add_by_id(la: str, vt: str) -> None:
    ws = sample_state.get(la, vt)
    ids = sample_state.parse_ids(st.session_state.get(P + "add_ids", ""))
    if ws is None or not ids:
        _flash("warning", "Type one or more case IDs to add, separated by commas or spaces.",
               "edit")
        return
    suggestions: dict[str, list[str]] = {}
    _apply_add(ws, ids, st.session_state.get(P + "add_role", "tracked"), suggestions, "edit")
    st.session_state[P + "suggestions"] = suggestions
    st.session_state[P + "add_ids"] = ""


def _add_suggested(la: str, vt: str, child_id: str) -> None:
    """A "Did you mean" button: add that case ID with the role chosen beside the box."""
    ws = sample_state.get(la, vt)
    st.session_state.pop(P + "suggestions", None)
    if ws is not None:
        _apply_add(ws, [child_id], st.session_state.get(P + "add_role", "tracked"), where="edit")


def _add_from_pool(la: str, vt: str) -> None:
    ws = sample_state.get(la, vt)
    table = st.session_state.get(P + f"pool_table_{st.session_state.get(P + 'pool_n', 0)}")
    rows = list(table["selection"]["rows"]) if table else []
    shown = st.session_state.get(P + "pool_ids", [])
    ids = [shown[i] for i in rows if i < len(shown)]
    if ws is None or not ids:
        _flash("warning", "Tick one or more children in the pool table first (the box at the "
               "left of each row).", "pool")
        return
    _apply_add(ws, ids, st.session_state.get(P + "pool_role", "tracked"), where="pool")
    st.session_state[P + "pool_n"] = st.session_state.get(P + "pool_n", 0) + 1  # clear the ticks


def _apply_add(ws: sample_state.WorkingSample, ids: list[str], role: str,
               suggestions: dict[str, list[str]] | None = None, where: str = "edit") -> None:
    added, problems = sample_state.add(ws, ids, role, suggestions=suggestions)
    if added:
        _flash("success", f"Added {', '.join(added)} as {ROLE_LABELS[role].lower()}.", where)
    for p in problems:
        _flash("warning", p, where)


def _remove(la: str, vt: str) -> None:
    ws = sample_state.get(la, vt)
    ids = st.session_state.get(P + "remove_ids") or []
    if ws is None or not ids:
        _flash("warning", "Choose one or more children to remove.", "edit")
        return
    gone = sample_state.remove(ws, ids)
    if gone:
        _flash("success", f"Removed {', '.join(gone)} from the sample.", "edit")
    st.session_state[P + "remove_ids"] = []


def _open_saved(visit_id: int, visit_type: str, la_name: str | None) -> None:
    ws = sample_state.from_saved(visit_id)
    ws.scope["la_name"] = la_name
    sample_state.put(ws)
    st.session_state["visit"] = visit_type
    _flash("info", f"Visit {visit_id}'s sample is in the editor. Saving it again stores a new "
           "visit; the saved one stays as it was.")


# ==================================================================================== sections

def _summary(ws: sample_state.WorkingSample, cov: sample_state.Coverage,
             seen: dict[str, str]) -> None:
    s = ws.settings
    counts = ws.role_counts()
    m = st.columns(6)
    m[0].metric("Tracked", f"{counts['tracked']} of {s.tracked}",
                help="Children in the sample as tracked, for the number asked for.")
    m[1].metric("LA audited", f"{counts['audited']} of {s.audited}")
    m[2].metric("Sampled", f"{counts['sampled']} of {s.sampled}")
    mand = cov.mandatory[cov.mandatory["in_data"] > 0]
    m[3].metric("Mandatory groups", f"{int((mand['in_sample'] > 0).sum())} of {len(mand)}",
                help="Groups that ILACS ¶150 says must be part of the sample, counting those with "
                "children in the data: missing, at risk of sexual exploitation, from a large "
                "sibling group. A group counts once at least one of its children is in.")
    m[4].metric("Thresholds", f"{int((cov.thresholds['in_sample'] > 0).sum())} of 10",
                help="The ten decision points of ILACS ¶153 (early help, referral, child in need, "
                "child protection, ... leaving care) touched by at least one child in the "
                "sample.")
    f = cov.factors.dropna(subset=["in_pool"])
    f = f[f["in_pool"] > 0]
    m[5].metric("Diversity covered", f"{int((f['in_sample'] > 0).sum())} of {len(f)}",
                help="Values of the diversity factors (age band, gender, disability, ethnicity, "
                "journey stage, placement type, category of abuse, possible delay) found among "
                "the candidates, and how many of them at least one child in the sample has.")
    for w in sample_state.warnings(ws, cov):
        st.warning(_md(w), icon=":material/warning:")
    if seen:
        st.caption(f":material/history: {sample_state.seen_note(len(seen), len(ws.child_ids))}")


def _sample_table(ws: sample_state.WorkingSample, seen: dict[str, str]) -> None:
    m = ws.members.assign(_o=ws.members["role"].map(ROLE_ORDER)).sort_values(["_o", "pick_order"])
    table = pd.DataFrame({
        "Case ID": m["child_id"],
        "Role": m["role"].map(ROLE_LABELS),
        "Order": m["pick_order"].astype(int),
        "Why chosen": m["reason"],
        "Seen before": m["child_id"].map(lambda c: seen.get(c, "")),
        "Status": m["current_status"],
        "Journey": [_journey_url(ws, c) for c in m["child_id"]],
    })
    # Reasons and seen-before notes wrap: rows tall enough for the longest (table_wrap).
    row = wrap.row_height((table["Why chosen"], WHY_PX), (table["Seen before"], SEEN_PX))
    st.container(key=P + "sample_box").dataframe(
        table, hide_index=True, width="stretch", height=_height(len(table), 1000, row),
        key=P + "sample_table", row_height=row,
        column_config={
            "Case ID": st.column_config.TextColumn("Case ID", pinned=True, width=110),
            "Role": st.column_config.TextColumn(width=90),
            "Order": st.column_config.NumberColumn("#", format="%d", width=40,
                                                   help="Order chosen, within the role."),
            "Why chosen": st.column_config.TextColumn(
                "Why chosen", width=WHY_PX,
                help="What makes the child relevant, then what the child adds to the sample's "
                "coverage. Every reason in full is under 'Why each child was chosen, in full' "
                "below the table."),
            "Seen before": st.column_config.TextColumn(
                "Seen before", width=SEEN_PX,
                help="In a sample saved at an earlier visit to the LA (Monitoring handbook ¶37): "
                "the visits, and the date of the last."),
            "Status": st.column_config.TextColumn(width=70),
            "Journey": st.column_config.LinkColumn("Journey", display_text="Open journey",
                                                   width=100,
                                                   help="The child's events across the lists "
                                                   "(opens in a new tab)."),
        })
    with st.expander("Why each child was chosen, in full"):
        st.markdown("\n".join(
            f"- **{_md(r.child_id)}** ({ROLE_LABELS[r.role].lower()} {int(r.pick_order)}"
            + (f"; seen before: {_md(seen[r.child_id])}" if r.child_id in seen else "")
            + f"): {_md(r.reason)}" for r in m.itertuples()))


def _edit_controls(ws: sample_state.WorkingSample) -> None:
    la, vt = ws.la, ws.settings.visit_type
    st.subheader("Edit the sample", anchor=EDIT_ANCHOR)
    left, right = st.columns(2)
    with left.container(border=True):
        st.markdown("**Add children by case ID**")
        c1, c2 = st.columns([3, 1.3], vertical_alignment="bottom")
        c1.text_input("Case IDs to add", key=P + "add_ids",
                      placeholder="e.g. two IDs separated by a comma",
                      help="As written in the LA's lists, leading zeros included (upper or "
                      "lower case does not matter); several IDs separated by commas, spaces or "
                      "new lines.")
        c2.selectbox("As", sampling_rule.ROLES, key=P + "add_role", format_func=ROLE_LABELS.get)
        st.button("Add to the sample", key=P + "add", icon=":material/person_add:",
                  on_click=_add_by_id, args=(la, vt))
        suggestions = st.session_state.get(P + "suggestions") or {}
        for typed, close in suggestions.items():
            st.markdown(f"Not found: '{_md(typed)}'. Did you mean:")
            row = st.container(horizontal=True)
            for cid in close:
                row.button(_md(cid), key=f"{P}suggest_{typed}_{cid}", on_click=_add_suggested,
                           args=(la, vt, cid), help=f"Add {_md(cid)} to the sample.",
                           width="content")
    with right.container(border=True):
        st.markdown("**Remove children**")
        roles = dict(zip(ws.members["child_id"], ws.members["role"], strict=False))
        st.multiselect("Case IDs to remove", ws.child_ids, key=P + "remove_ids",
                       format_func=lambda c: f"{c} ({ROLE_LABELS[roles[c]].lower()})",
                       placeholder="Choose from the sample")
        st.button("Remove from the sample", key=P + "remove", icon=":material/person_remove:",
                  on_click=_remove, args=(la, vt))
    if ws.added or ws.removed:
        st.caption(_md(f"Edited by hand: added {', '.join(ws.added) or 'none'}; removed "
                       f"{', '.join(ws.removed) or 'none'}."))
    _show_flash("edit")
    _skip_links(("Save and export", SAVE_ANCHOR))


def _coverage(ws: sample_state.WorkingSample, cov: sample_state.Coverage, label: str) -> None:
    st.subheader("Coverage")
    st.caption(f"Children in the sample, and among the {cov.candidates:,} candidates in any pool, "
               f"{label}. Recomputed by the sampler's rules after every edit.")
    gaps = [f"{r.factor} {r.value}" for r in cov.factors.itertuples()
            if pd.notna(r.in_pool) and r.in_pool > 0 and not r.in_sample]
    gaps += [f"threshold {r.threshold} ({r.label})" for r in cov.thresholds.itertuples()
             if r.in_pool > 0 and not r.in_sample]
    if gaps:
        st.markdown(f":material/search_off: **Not covered, though candidates have it:** "
                    f"{_md('; '.join(gaps))}.")
    else:
        st.markdown(":material/check_circle: **Every factor value and threshold found among the "
                    "candidates is covered.**")
    left, right = st.columns(2)
    # Threshold names wrap (the longest, 9, takes two lines); the factors table beside it is as
    # tall, with one-line rows.
    thr_row = wrap.row_height((cov.thresholds["label"], THRESHOLD_PX))
    thr_height = _height(10, 1000, thr_row)
    with left:
        st.markdown("**The ten thresholds of ILACS ¶153**")
        st.dataframe(cov.thresholds, hide_index=True, width="stretch", height=thr_height,
                     row_height=thr_row,
                     column_order=["threshold", "label", "in_sample", "in_pool"],
                     column_config={
                         "threshold": st.column_config.NumberColumn(
                             "#", format="%d", width=40,
                             help="The threshold's number in ILACS ¶153."),
                         "label": st.column_config.TextColumn("Threshold", width=THRESHOLD_PX),
                         "in_sample": st.column_config.NumberColumn("In the sample", format=COUNT,
                                                                    width=95),
                         "in_pool": st.column_config.NumberColumn("Candidates", format=COUNT,
                                                                  width=90),
                     })
    with right:
        st.markdown("**Diversity factors (ILACS ¶150)**")
        st.dataframe(cov.factors, hide_index=True, width="stretch", height=thr_height,
                     column_order=["factor", "value", "in_sample", "in_pool"],
                     column_config={
                         "factor": st.column_config.TextColumn("Factor", width=100),
                         "value": st.column_config.TextColumn("Value", width=150),
                         "in_sample": st.column_config.NumberColumn("In the sample", format=COUNT,
                                                                    width=100),
                         "in_pool": st.column_config.NumberColumn(
                             "Candidates", format=COUNT, width=90,
                             help="Blank: the factor is not in Annex A (ILACS ¶150)."),
                     })
    st.markdown("**Mandatory groups (ILACS ¶150)**")
    mand = cov.mandatory[["label", "in_sample", "in_data", "left_out", "status"]]
    mand_row = wrap.row_height((mand["status"], STATUS_PX))
    st.dataframe(mand, hide_index=True, width="stretch", row_height=mand_row,
                 height=_height(len(mand), 600, mand_row), column_config={
                     "label": st.column_config.TextColumn("Group", width=240),
                     "in_sample": st.column_config.NumberColumn("In the sample", format=COUNT,
                                                                width=100),
                     "in_data": st.column_config.NumberColumn("In the data", format=COUNT,
                                                              width=90),
                     "left_out": st.column_config.NumberColumn(
                         "Left out", format=COUNT, width=80,
                         help="In the data but not in the sample: still listed in their pool "
                         "under Candidate pools."),
                     "status": st.column_config.TextColumn(
                         "Status", width=STATUS_PX,
                         help="'included' when every child of the group is in the sample; else "
                         "how many are, and why."),
                 })
    if left := sample_state.left_out(cov):
        st.info(_md(f"Not every missing or exploited child is in the sample: {'; '.join(left)}. "
                    "ILACS ¶150 needs at least one of each group; the others "
                    "are still listed in the Missing and Exploitation pools below, where they "
                    "can be added. To track as many as fit, most at risk first, turn on "
                    "'Include every missing and exploited child that fits' and propose again."),
                icon=":material/info:")
    st.markdown("**Coverage matrix: who covers what**")
    st.caption("One row per child in the sample; a tick where the child touches one of the ten "
               "thresholds of ILACS ¶153 (the decision points from early help to leaving care; "
               "hover a heading for its full name), is in a mandatory group (ILACS ¶150) or "
               "may have experienced delay (ILACS ¶151). The last row counts the children.")
    st.dataframe(_matrix(ws), hide_index=True, width="stretch",
                 height=_height(len(ws.members) + 1, 1200),
                 column_config={
                     "Case ID": st.column_config.TextColumn("Case ID", pinned=True, width=110),
                     "Role": st.column_config.TextColumn(width=90),
                     **{f"T{t}": st.column_config.TextColumn(
                         THRESHOLD_SHORT[t], width=max(64, 8 * len(THRESHOLD_SHORT[t]) + 16),
                         alignment="center", help=f"ILACS ¶153 threshold {t}: {label}")
                        for t, label in sampling_rule.THRESHOLDS.items()},
                     **{c: st.column_config.TextColumn(width=w, alignment="center")
                        for c, w in (("Missing", 70), ("Exploitation", 90),
                                     ("Sibling group", 100), ("Delay", 55))},
                 })


def _matrix(ws: sample_state.WorkingSample) -> pd.DataFrame:
    m = ws.members.assign(_o=ws.members["role"].map(ROLE_ORDER)).sort_values(["_o", "pick_order"])
    tick = {True: "✓", False: ""}
    rows = []
    for r in m.itertuples():
        thr = {int(x) for x in r.thresholds}
        rows.append({"Case ID": r.child_id, "Role": ROLE_LABELS[r.role],
                     **{f"T{t}": tick[t in thr] for t in sampling_rule.THRESHOLDS},
                     "Missing": tick[bool(r.is_missing)],
                     "Exploitation": tick[bool(r.at_risk_of_exploitation)],
                     "Sibling group": tick[bool(r.large_sibling_group)],
                     "Delay": tick[bool(r.possible_delay)]})
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    total = {"Case ID": "Children", "Role": ""}
    for col in df.columns[2:]:
        total[col] = str(int((df[col] == "✓").sum()))
    return pd.concat([df, pd.DataFrame([total])], ignore_index=True)


def _composition(ws: sample_state.WorkingSample, comp: pd.DataFrame, label: str) -> None:
    st.subheader("What the sample is made of")
    st.caption(f"Ofsted's sample-size words (\"a large majority\", \"a few\"...), always with the "
               f"number of children (k) of the group (n), for the children's characteristics "
               f"{label}. Each child counts once in the whole sample.")
    groups = {"all": "Whole sample", **{r: ROLE_LABELS[r] for r in sampling_rule.ROLES
                                        if (comp["role"] == r).any()}}
    group = st.segmented_control("Group", list(groups), default="all", key=P + "comp_group",
                                 format_func=groups.get) or "all"
    rows = comp[comp["role"] == group]
    if rows.empty:
        st.info("No children in this group.")
        return
    # The most common value of each characteristic, then every value in the table below.
    top = rows.sort_values(["characteristic", "k"], ascending=[True, False]) \
        .drop_duplicates("characteristic")
    bullets = [f"- {_md(s[0].upper() + s[1:])}" for s in top["statement"]]
    half = int(len(bullets) / 2 + 0.5)
    c1, c2 = st.columns(2)
    c1.markdown("\n".join(bullets[:half]))
    c2.markdown("\n".join(bullets[half:]))
    with st.expander("Every value, with its descriptor"):
        row = wrap.row_height((rows["statement"], STATEMENT_PX))
        st.dataframe(rows.drop(columns="role"), hide_index=True, width="stretch",
                     row_height=row, height=_height(len(rows), 700, row),
                     column_config={"characteristic": "Characteristic", "value": "Value",
                                    "k": st.column_config.NumberColumn("k", format=COUNT),
                                    "n": st.column_config.NumberColumn("n", format=COUNT),
                                    "descriptor": "Descriptor",
                                    "statement": st.column_config.TextColumn(
                                        "Statement", width=STATEMENT_PX)})


def _pools(ws: sample_state.WorkingSample, ctx, label: str) -> None:
    st.subheader("Candidate pools")
    st.caption(f"Children who can be chosen, {label}. A child can be in several pools. Tick "
               "children and add them to the sample.")
    s = ws.settings
    with st.spinner("Reading the candidate pools...", show_time=True):
        pools = db.named(
            "case_selection/pools",
            [s.la, s.ref_date, s.edition, s.sampling_months, s.sibling_threshold, s.as_at])
    in_sample = dict(zip(ws.members["child_id"], ws.members["role"], strict=False))
    counts = pools.groupby("pool").size()
    summary = pd.DataFrame([{
        "Pool": p, "Children": int(counts.get(p, 0)),
        "In the sample": int(pools[(pools["pool"] == p)
                                   & pools["child_id"].isin(in_sample)].shape[0]),
        "Who is in it": rule} for p, rule in POOLS.items()])
    row = wrap.row_height((summary["Who is in it"], POOL_RULE_PX))
    st.dataframe(summary, hide_index=True, width="stretch", row_height=row,
                 height=_height(len(summary), 800, row), column_config={
                     "Pool": st.column_config.TextColumn(width=150),
                     "Children": st.column_config.NumberColumn(format=COUNT, width=90),
                     "In the sample": st.column_config.NumberColumn(format=COUNT, width=110),
                     "Who is in it": st.column_config.TextColumn(width=POOL_RULE_PX)})
    if (ws.settings.la, ws.settings.ref_date) != (ctx.la_code, ctx.ref_date) and ctx.ref_date:
        st.caption("The pools follow the sample's own settings, not the sidebar's.")
    pool = st.segmented_control(
        "Pool", list(POOLS), default="missing", key=P + "pool",
        format_func=lambda p: f"{p[0].upper()}{p[1:]} ({int(counts.get(p, 0)):,})") \
        or "missing"
    shown = pools[pools["pool"] == pool].reset_index(drop=True)
    if shown.empty:
        why = ""
        if pool == "large sibling group":
            why = " The LA supplied no sibling counts (ILACS ¶262-263)."
        elif pool == "LA audited" and not sample_state.audits_supplied(ws):
            why = (" The workbook had no audits list (ILACS ¶266): ask the LA for it, add it to "
                   "the workbook as a sheet of its own, and load the workbook again.")
        st.info(f"No child is in the '{pool}' pool at these settings.{why}")
        return
    st.session_state[P + "pool_ids"] = list(shown["child_id"])
    # Seen before: at a visit earlier than the one the sample is for, as in the sample's table.
    seen = sample_state.seen_before(ws, shown["child_id"])
    table = pd.DataFrame({
        "Case ID": shown["child_id"],
        "In the sample": shown["child_id"].map(in_sample).map(ROLE_LABELS).fillna(""),
        "Why in this pool": shown["reason"],
        "Seen before": shown["child_id"].map(lambda c: seen.get(c, "")),
    })
    n = st.session_state.get(P + "pool_n", 0)
    st.container(key=P + "pool_box").dataframe(
                 table, hide_index=True, width="stretch", height=_height(len(table), 420),
                 key=P + f"pool_table_{n}", on_select="rerun", selection_mode="multi-row",
                 column_config={
                     "Case ID": st.column_config.TextColumn(pinned=True),
                     "Why in this pool": st.column_config.TextColumn(width=480),
                     "Seen before": st.column_config.TextColumn(
                         width=170,
                         help="In a sample saved at an earlier visit to the LA (Monitoring "
                         "handbook ¶37): the visits, and the date of the last."),
                 })
    c1, c2, _ = st.columns([1, 1.3, 3], vertical_alignment="bottom")
    c1.selectbox("As", sampling_rule.ROLES, key=P + "pool_role", format_func=ROLE_LABELS.get)
    c2.button("Add ticked children", key=P + "pool_add", icon=":material/playlist_add:",
              on_click=_add_from_pool, args=(ws.la, ws.settings.visit_type))
    _show_flash("pool")


def _save_and_export(ws: sample_state.WorkingSample, cov: sample_state.Coverage,
                     comp: pd.DataFrame, seen: dict[str, str]) -> None:
    st.subheader("Save and export", anchor=SAVE_ANCHOR)
    # Saved a moment ago: the confirmation is drawn above the export instead, below.
    saved_now = st.session_state.pop(P + "saved_message", None)
    status = _message_box(P + "save_status")
    if saved_now or not ws.saved_visit_id:
        pass
    elif not ws.changed_since_save:
        status.success(f"This sample is saved as visit {ws.saved_visit_id}.",
                       icon=":material/check_circle:")
    else:
        status.info(f"Changed since it was saved as visit {ws.saved_visit_id}: save again to "
                    "keep the changes (a new visit is stored).")
    if st.session_state.pop(P + "clear_form", False):
        # A visit was just saved: the next one starts with an empty note and no dates (set
        # before the widgets are drawn; the name stays, as the same inspector usually saves).
        st.session_state[P + "note"] = ""
        st.session_state[P + "visit_start"] = None
        st.session_state[P + "visit_end"] = None
    left, right = st.columns([1.4, 1])
    with left, st.form(P + "save_form", border=True):
        c1, c2, c3 = st.columns([1.6, 1.2, 1.2])
        saved_by = c1.text_input("Saved by", key=P + "saved_by", placeholder="your name",
                                 help="Recorded with the visit.")
        start = c2.date_input("First day on site", value=None, key=P + "visit_start",
                              format="DD/MM/YYYY")
        end = c3.date_input("Last day on site", value=None, key=P + "visit_end",
                            format="DD/MM/YYYY")
        note = st.text_input("Note", key=P + "note", placeholder="optional")
        submitted = st.form_submit_button("Save the sample to a visit", type="primary",
                                          icon=":material/save:")
    if submitted and not saved_by.strip():
        st.error("Not saved: type your name in 'Saved by' first; it is recorded with the visit.")
    elif submitted:
        try:
            with st.spinner("Saving the sample...", show_time=True):
                visit_id = sample_state.save(ws, cov, saved_by=saved_by, visit_start=start,
                                             visit_end=end, note=note)
        except sampling_rule.SampleError as exc:
            st.error(_md(f"Not saved: {exc}."))
        else:
            st.session_state[P + "saved_message"] = (
                f"Saved as visit {visit_id}: "
                f"{sampling_rule.counted(len(ws.child_ids), 'child', 'children')}, by "
                f"{saved_by.strip()}. It is listed under Saved samples below.")
            st.session_state[P + "clear_form"] = True
            st.session_state[P + "show_visit"] = visit_id
            st.rerun()
    with right:
        confirmation = _message_box(P + "saved_confirmation")
        if saved_now:
            # Saved a moment ago: said beside the form, with the focus put on it so a keyboard or
            # screen-reader user hears it, and the next stop is the export just below.
            confirmation.success(_md(saved_now), icon=":material/check_circle:")
            _focus(confirmation, P + "saved_confirmation")
        box = st.container(border=True)
    with box:
        st.markdown("**Export for the team**")
        st.caption("Excel: the sample with reasons, the coverage, the composition and the "
                   "settings. CSV: the sample only. Cells that look like formulas are made safe.")
        stem = sample_state.file_stem(ws)
        st.download_button("Download Excel", sample_state.export_xlsx(ws, cov, comp, seen),
                           file_name=f"{stem}.xlsx", mime=XLSX_MIME, on_click="ignore",
                           icon=":material/table_view:", key=P + "xlsx")
        st.download_button("Download CSV", sample_state.export_csv(ws, seen),
                           file_name=f"{stem}.csv", mime=CSV_MIME, on_click="ignore",
                           icon=":material/download:", key=P + "csv")


def _saved_samples(ctx) -> None:
    st.subheader("Saved samples")
    visits = db.named("case_selection/saved_visits", [ctx.la_code])
    if visits.empty:
        st.info("No sample saved for this LA yet: save the sample above to record the visit, "
                "so a later visit sees which children were seen (Monitoring handbook ¶37).")
        return
    st.caption(f"{len(visits)} saved for {_md(ctx.la_name or ctx.la_code)}. A visit's date is its "
               "first day on site, else its reference date.")
    labels = {r.visit_id: f"Visit {r.visit_id}: {VISIT_LABELS.get(r.visit_type, r.visit_type)} "
              f"of {_d(r.visit_date)}, saved by {r.saved_by} on {r.saved_at:%d/%m/%Y %H:%M}"
              for r in visits.itertuples()}
    just_saved = st.session_state.pop(P + "show_visit", None)
    if just_saved in labels:  # the visit saved a moment ago, at once
        st.session_state[P + "saved_visit"] = just_saved
    vid = st.selectbox("Saved visit", list(labels), format_func=labels.get, key=P + "saved_visit")
    v = visits.set_index("visit_id").loc[vid]
    st.markdown(f"**Visit {vid}** · {VISIT_LABELS.get(v.visit_type, v.visit_type)} · "
                f"reference date {_d(v.ref_date)} · {int(v.tracked)} tracked, {int(v.audited)} "
                f"LA audited, {int(v.sampled)} sampled"
                + (f" · {_md(v.note)}" if isinstance(v.note, str) and v.note else ""))
    members = db.named("case_selection/saved_members", [vid])
    table = pd.DataFrame({"Role": members["role"].map(ROLE_LABELS),
                          "Order": members["pick_order"], "Case ID": members["child_id"],
                          "Seen before": members["seen_before"].fillna(""),
                          "Why chosen": members["reason"], "Status": members["current_status"],
                          "Age band": members["age_band"]})
    row = wrap.row_height((table["Why chosen"], WHY_PX), (table["Seen before"], SEEN_PX + 40))
    st.dataframe(table, hide_index=True, width="stretch", height=_height(len(table), 1000, row),
                 key=P + "saved_table", row_height=row, column_config={
                     "Order": st.column_config.NumberColumn("#", format="%d", width="small"),
                     "Case ID": st.column_config.TextColumn(pinned=True),
                     "Seen before": st.column_config.TextColumn(
                         width=SEEN_PX + 40,
                         help="In a sample saved at a visit before this one (Monitoring "
                         "handbook ¶37): the visit, its date and the child's role there."),
                     "Why chosen": st.column_config.TextColumn(width=WHY_PX)})
    comp = db.named("case_selection/saved_composition", [vid])
    with st.expander("What this saved sample is made of"):
        top = comp.drop_duplicates("characteristic")
        st.markdown("\n".join(f"- {_md(s[0].upper() + s[1:])}" for s in top["statement"]))
    c1, c2, _ = st.columns([1.3, 1.3, 3])
    c1.download_button("Download this visit (CSV)", to_csv_bytes(table.assign(Visit=vid)),
                       file_name=f"case_sample_visit{vid}.csv", mime=CSV_MIME,
                       on_click="ignore", icon=":material/download:", key=P + "saved_csv")
    c2.button("Copy into the editor", key=P + "open_saved", icon=":material/edit:",
              on_click=_open_saved, args=(int(vid), v.visit_type, ctx.la_name),
              help="Edit this sample further; saving it stores a new visit.")


# ======================================================================================== page

def main() -> None:
    st.title("Case selection")
    ctx = current()
    if not ctx.la_code:
        st.info("No data loaded: upload an LA's Annex A workbook or load the demo data, then come "
                "back here to choose the cases to track.", icon=":material/info:")
        st.page_link(UPLOAD_PAGE, label="Go to Upload and data quality",
                     icon=":material/upload_file:")
        return
    settings = _visit_settings(ctx)
    if settings is None:
        return
    vt = settings.visit_type
    ws = sample_state.get(ctx.la_code, vt)
    propose_clicked = st.button(
        "Propose a sample", type="primary", icon=":material/auto_awesome:", key=P + "propose",
        help="Draw a new sample with the settings above and in the sidebar. It replaces the "
        "sample below, with any edits.")
    if ws is None or propose_clicked:
        ws = _propose(settings)
        if ws is None:
            return
        if propose_clicked:
            proposed = sampling_rule.counted(len(ws.child_ids), 'child', 'children')
            _flash("success", f"Proposed {proposed} with seed {settings.seed}.")
    if ws.scope.get("la_name") is None:
        ws.scope["la_name"] = ctx.la_name
    ref, months = ws.scope["ref_date"], ws.settings.sampling_months
    start = sample_state.sampling_window_start(ref, months)
    label = (f"at the reference date {_d(ref)}; sampling window {_d(start)} to {_d(ref)} "
             f"({months} months)")
    st.caption(f"{_md(ctx.la_name or ctx.la_code)} ({_md(ctx.la_code)}): data as at "
               f"{_d(ws.scope['as_at_date'])} (submission {ws.scope['submission_id']}), "
               f"{label}; {ws.settings.edition} windows; large sibling group = "
               f"{ws.settings.sibling_threshold}+ brothers and sisters. Source: "
               f"{ws.source} sample.")
    if ws.settings != settings:
        st.info("The settings have changed since this sample was drawn: press **Propose a "
                "sample** to draw it again with them (your edits will be replaced).",
                icon=":material/sync_problem:")
    _show_flash()

    with st.spinner("Working out the coverage and composition...", show_time=True):
        cov = sample_state.coverage(ws)
        seen = sample_state.seen_before(ws)
        comp = sample_state.composition(ws)

    st.subheader("Proposed sample: "
                 + sampling_rule.counted(len(ws.child_ids), 'child', 'children'))
    _skip_links(("Edit the sample", EDIT_ANCHOR), ("Save and export", SAVE_ANCHOR))
    _summary(ws, cov, seen)
    if ws.members.empty:
        st.info("The sample is empty: add children by case ID or from a pool below, or press "
                "Propose a sample.")
    else:
        _sample_table(ws, seen)
    _edit_controls(ws)
    if not ws.members.empty:
        _coverage(ws, cov, label)
        _composition(ws, comp, label)
    _pools(ws, ctx, label)
    _save_and_export(ws, cov, comp, seen)
    st.divider()
    _saved_samples(ctx)


main()
