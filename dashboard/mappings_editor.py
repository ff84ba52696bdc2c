"""The Upload page's "This LA's own spellings" expander: an LA's own spellings of coded values.

An LA's systems write some coded values their own way every time ("MASH - Police" for
"q) 6: Police"). Declared here once per list, column and spelling, they are read before every
other rule at each load of the LA and, on Apply, in its loaded submissions (re-read from the raw
tables, no file needed): docs/data-quality.md, "Code values". Checking and storing are
ingest/la_mappings.py's (the same rules as `annexa mappings`); this module only draws.

Who may change them: whoever may load data for the LA (README, "Access control"); an inspector
sees them read-only. Spellings are the LA's local words, not child data.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annexa.store import warehouse
from dashboard import context, db
from dashboard.markdown_safe import markdown_safe
from ingest import la_mappings
from ingest.codes import fold
from ingest.la_mappings import MappingError
from ingest.spec import load_spec

TYPED = -1  # the quick-add choice "type a spelling" (the others index the unread values)
UNREAD = ("unmapped", "conflict", "ambiguous")
_FLASH = "_lam_flash"
_EDITOR_N = "_lam_editor_n"


def _may_edit(la_code: str) -> bool:
    return context.can_manage_data() and context.load_refusal(la_code) is None


def _mappings(la_code: str) -> pd.DataFrame:
    frame = db.named("upload/la_mappings", [la_code])
    return la_mappings.sort_frame(frame)


def _latest_submission(la_code: str) -> int | None:
    found = db.named_scalar("upload/latest_submission", [la_code])
    return None if found is None else int(found)


def _unread(submission_id: int | None, mapped: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The latest submission's values that read as no code, but those a mapping now covers;
    and how many it covers (mapped since the submission was last read)."""
    if submission_id is None:
        return pd.DataFrame(columns=["list", "column_name", "raw", "status", "note"]), 0
    frame = db.named("upload/unread_values", [submission_id])
    keys = {(r.list, r.column_name, fold(r.spelling)) for r in mapped.itertuples()}
    covered = pd.Series([(r.list, r.column_name, fold(r.raw)) in keys
                         for r in frame.itertuples()], index=frame.index, dtype=bool)
    left = frame.loc[~covered].rename(columns={"raw": "spelling"})
    left = la_mappings.sort_frame(left).rename(columns={"spelling": "raw"})
    return left, int(covered.sum())


def _flash(*messages: tuple[str, str]) -> None:
    st.session_state[_FLASH] = list(messages)


def _written() -> None:
    """After a write: every page reads the new version, and the table starts from it."""
    db.after_write()
    st.session_state[_EDITOR_N] = st.session_state.get(_EDITOR_N, 0) + 1
    # The values offered change with the write; a position chosen before would name another.
    st.session_state.pop("lam_pick", None)
    st.rerun()


def _applied_lines(la_code: str, con) -> list[str]:
    ids = la_mappings.apply_mappings(con, la_code)
    return la_mappings.describe_applied(la_code, la_mappings.summary(con, ids))


def _show_problem(exc: MappingError, *, rows: bool) -> None:
    lines = [f"**{markdown_safe(where.capitalize())}**: {markdown_safe(what)}" if where
             else markdown_safe(what) for where, what in exc.problems]
    head = ("Nothing was saved: correct these rows and save again." if rows
            else "Nothing was added.")
    st.error(head + "\n\n" + "\n".join(f"- {line}" for line in lines),
             icon=":material/error:")


# ------------------------------------------------------------------------------------- sections

def _quick_add(la_code: str, mapped: pd.DataFrame, latest: int | None) -> None:
    """Map one value: picked from the latest submission's unread values, or typed."""
    unread, covered = _unread(latest, mapped)
    st.markdown("**Add a spelling**")
    if covered:
        st.caption(f"{covered} value(s) of the latest submission are mapped but not yet read "
                   "with their mapping: click *Apply to this LA's loaded submissions* below.")
    labels = {i: f"{la_mappings.list_label(r.list).split(':')[0]} · "
                 f"{la_mappings.column_label(r.list, r.column_name)}: '{r.raw}' ({r.status})"
              for i, r in enumerate(unread.itertuples())}
    labels[TYPED] = "Type a spelling..."
    pick = st.selectbox(
        "Value to map", [*range(len(unread)), TYPED], format_func=labels.get, key="lam_pick",
        help=(f"Values of submission {latest} that read as no code (unmapped, conflicting or "
              "ambiguous: see the data-quality report), or a spelling you type."
              if latest is not None else "No submission loaded yet: type the spelling."))
    if pick == TYPED:
        c1, c2, c3 = st.columns(3)
        list_key = c1.selectbox("List", la_mappings.coded_lists(), key="lam_list",
                                format_func=la_mappings.list_label)
        column = c2.selectbox("Column", [c.name for c in la_mappings.coded_columns(list_key)],
                              key=f"lam_column_{list_key}",
                              format_func=lambda c: la_mappings.column_label(list_key, c))
        spelling = c3.text_input("Spelling as the LA writes it", key="lam_spelling")
    else:
        row = unread.iloc[pick]
        list_key, column, spelling = row.list, row.column_name, row.raw
        if isinstance(row.note, str) and row.note:
            # How it was read: a conflict or an ambiguous value names its candidates. None is
            # chosen for the user: what the LA meant is theirs to say (docs/data-quality.md).
            st.caption(f"How it was read: {markdown_safe(row.note)}.")
    options = la_mappings.code_options(list_key, column)
    c1, c2 = st.columns([3, 2])
    code = c1.selectbox("Official code it means", options, index=None,
                        key=f"lam_code_{pick}_{list_key}_{column}",
                        placeholder="Choose the code",
                        help="The codes of this column in the Ofsted template.")
    apply_now = c2.checkbox("Also apply to the loaded submissions", value=True,
                            key="lam_apply_now",
                            help="Re-read this LA's loaded submissions with the new spelling "
                            "(typed values and the data-quality report); the files are not "
                            "needed.")
    if not st.button("Add this spelling", key="lam_add", icon=":material/add:"):
        return
    if not _may_edit(la_code):
        st.error("You may not change this LA's spellings.", icon=":material/lock:")
        return
    try:
        m = la_mappings.check(list_key, column, spelling, code)
        with warehouse.write_transaction(db.db_path()) as con:
            la_mappings.add_mappings(con, la_code, [m])
            applied = _applied_lines(la_code, con) if apply_now else None
    except MappingError as exc:
        _show_problem(exc, rows=False)
        return
    said = (f"Added: '{markdown_safe(m.spelling)}' in "
            f"{markdown_safe(la_mappings.column_label(m.list, m.column))} "
            f"({markdown_safe(la_mappings.list_label(m.list))}) means "
            f"{markdown_safe(m.code)}.")
    _flash(("success", said + ("" if applied else " It applies at this LA's next load.")),
           *([("info", "\n\n".join(markdown_safe(x) for x in applied))] if applied else []))
    _written()


def _column_labels() -> dict[str, str]:
    """A coded column's name -> the header it has in the first list that has it."""
    out: dict[str, str] = {}
    for key in la_mappings.coded_lists():
        for c in la_mappings.coded_columns(key):
            out.setdefault(c.name, la_mappings.column_label(key, c.name))
    return {k: v if len(v) <= 60 else v[:57] + "..." for k, v in out.items()}


def _all_codes() -> list[str]:
    spec = load_spec()
    seen: dict[str, None] = {}
    for key in la_mappings.coded_lists():
        for c in la_mappings.coded_columns(key):
            for e in spec.codes[c.codes]["entries"]:
                seen.setdefault(e["code"], None)
    return list(seen)


def _editor(la_code: str, mapped: pd.DataFrame) -> None:
    """Every mapping in one table: edit, add or delete rows, then Save (checked whole)."""
    st.markdown("**This LA's spellings**")
    st.caption("Edit a cell, add a row at the foot or delete rows, then *Save*. Every row is "
               "checked; if any is wrong, nothing is saved and each wrong row is named.")
    columns = _column_labels()
    n = st.session_state.get(_EDITOR_N, 0)
    edited = st.data_editor(
        mapped, key=f"lam_editor_{n}", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "list": st.column_config.SelectboxColumn(
                "List", options=la_mappings.coded_lists(), required=True, width="medium",
                format_func=la_mappings.list_label),
            "column_name": st.column_config.SelectboxColumn(
                "Column", options=list(columns), required=True, width="medium",
                format_func=columns.get),
            "spelling": st.column_config.TextColumn("Spelling as the LA writes it",
                                                    required=True, width="medium"),
            "code": st.column_config.SelectboxColumn(
                "Official code", options=_all_codes(), required=True, width="large"),
        })
    if not st.button("Save", key="lam_save", type="primary", icon=":material/save:"):
        return
    if not _may_edit(la_code):
        st.error("You may not change this LA's spellings.", icon=":material/lock:")
        return
    entries = [(f"row {i}", r.get("list"), r.get("column_name"), r.get("spelling"),
                r.get("code"))
               for i, r in enumerate(edited.to_dict("records"), start=1)
               if any(isinstance(v, str) and v.strip() for v in r.values())]
    try:
        rows = la_mappings.check_all(entries)
        with warehouse.write_transaction(db.db_path()) as con:
            la_mappings.replace_mappings(con, la_code, rows)
    except MappingError as exc:
        _show_problem(exc, rows=True)
        return
    _flash(("success", f"Saved {len(rows)} spelling(s) for this LA. They apply at its next "
                       "load; *Apply to this LA's loaded submissions* re-reads the data loaded "
                       "already."))
    _written()


def _apply(la_code: str, latest: int | None) -> None:
    if not st.button("Apply to this LA's loaded submissions", key="lam_apply",
                     icon=":material/published_with_changes:", disabled=latest is None,
                     help="Re-read the coded values of every loaded submission of this LA with "
                     "the spellings above: typed values, figures and the data-quality report "
                     "follow. The files are not needed."):
        return
    if not _may_edit(la_code):
        st.error("You may not change this LA's data.", icon=":material/lock:")
        return
    with warehouse.write_transaction(db.db_path()) as con:
        lines = _applied_lines(la_code, con)
    _flash(("success", "\n\n".join(markdown_safe(x) for x in lines)))
    _written()


def render(la_code: str | None) -> None:
    """The expander for one LA (nothing for an LA this session may not see)."""
    if not la_code or not context.may_see(la_code):
        return
    flash = st.session_state.pop(_FLASH, [])
    with st.expander("This LA's own spellings", icon=":material/translate:",
                     expanded=bool(flash)):
        st.caption("Values this LA's systems write their own way in a coded column (a local "
                   "contact-source code, a team name used as a source), with the official code "
                   "each means. They are read before every other rule at each load of this LA, "
                   "and in the data already loaded when you apply them. They are the LA's own "
                   "words, not child data: the same as `annexa mappings`.")
        for kind, message in flash:
            getattr(st, kind)(message)
        mapped = _mappings(la_code)
        latest = _latest_submission(la_code)
        if not _may_edit(la_code):
            if mapped.empty:
                st.info("This LA has no spellings of its own.")
            else:
                st.dataframe(pd.DataFrame({
                    "List": mapped.list.map(la_mappings.list_label),
                    "Column": [la_mappings.column_label(k, c)
                               for k, c in zip(mapped.list, mapped.column_name, strict=True)],
                    "Spelling as the LA writes it": mapped.spelling,
                    "Official code": mapped.code,
                }), hide_index=True, width="stretch")
            st.caption(":material/lock: Read-only: an analytical officer or regional senior "
                       "inspector of the LA's region changes them.")
            return
        _quick_add(la_code, mapped, latest)
        st.divider()
        _editor(la_code, mapped)
        _apply(la_code, latest)
