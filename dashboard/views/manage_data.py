"""Manage data: what is loaded, what is past retention, and purging a submission or a whole LA.

For whoever is accountable for the data (the analytical officer, an information governance lead):
the submissions of each LA with their as-at dates and a retention flag, a purge with a
confirmation step (type the LA code, then press the button), and the retention setting. What a
purge deletes and keeps, and the retention rule, are in annexa/services/purge.py and
sql/30_marts/60_retention/submission_retention.sql; this page only draws them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annexa.services import purge
from annexa.store import warehouse
from dashboard import context, db

P = "md_"
SCOPES = {"submission": "One submission", "la": "A whole LA"}


def _retention() -> purge.Retention:
    stored = db.named_scalar("manage_data/retention_setting", [purge.RETENTION_KEY])
    return purge.resolve_retention(stored)


def _visible_submissions(months: int) -> pd.DataFrame:
    """The submissions this page lists and may purge, with their retention flags.

    The one place deciding which LAs the page shows: the signed-in user's (dashboard/context.py;
    every LA when access control is off).
    """
    return context.only_allowed(db.named("manage_data/submissions", [months]))


def _flash() -> None:
    for kind, message in st.session_state.pop(P + "flash", []):
        getattr(st, kind)(message)


def _submissions_table(subs: pd.DataFrame) -> None:
    st.dataframe(
        subs, hide_index=True, width="stretch",
        column_order=["la_code", "la_name", "submission_id", "as_at_date", "loaded_at", "files",
                      "rows_loaded", "is_current", "retention_due", "past_retention"],
        column_config={
            "la_code": "LA", "la_name": "Name",
            "submission_id": st.column_config.NumberColumn("ID", format="%d"),
            "as_at_date": st.column_config.DateColumn("As at", format="DD/MM/YYYY"),
            "loaded_at": st.column_config.DatetimeColumn("Loaded", format="DD/MM/YYYY HH:mm"),
            "files": "Files",
            "rows_loaded": st.column_config.NumberColumn("Rows", format="%d"),
            "is_current": st.column_config.CheckboxColumn(
                "Current", help="The LA's latest submission: the one the analysis uses."),
            "retention_due": st.column_config.DateColumn(
                "Retention ends", format="DD/MM/YYYY",
                help="The as-at date plus the retention period."),
            "past_retention": st.column_config.CheckboxColumn(
                "Past retention", help="Older than the retention period: purge it unless it "
                "is still needed."),
        },
    )


def _label(r) -> str:
    flag = ", past retention" if r.past_retention else ""
    current = ", current" if r.is_current else ""
    return (f"{r.submission_id}: as at {r.as_at_date:%d/%m/%Y}, loaded {r.loaded_at:%d/%m/%Y}, "
            f"{int(r.rows_loaded or 0):,} rows{current}{flag}")


def _purge_form(subs: pd.DataFrame) -> None:
    st.subheader("Purge")
    st.caption("Deletes the data for good and rewrites the database file so no trace of it is "
               "left there. Kept: the LA's inspection cycle events and the public judgements; "
               "when one submission is purged, the LA's saved case samples.")
    las = subs.drop_duplicates("la_code").set_index("la_code").la_name.fillna("")
    codes = list(las.index)
    here = context.current().la_code
    c1, c2 = st.columns([1, 2])
    scope = c1.radio("What to purge", list(SCOPES), format_func=SCOPES.get, key=P + "scope")
    la = c2.selectbox("LA", codes, index=codes.index(here) if here in codes else 0,
                      format_func=lambda c: f"{las[c] or c} ({c})", key=P + "la")
    chosen = subs[subs.la_code == la]
    submission_id = None
    if scope == "submission":
        labels = {int(r.submission_id): _label(r) for r in chosen.itertuples()}
        submission_id = c2.selectbox("Submission", list(labels), format_func=labels.get,
                                     key=P + "submission")
        chosen = chosen[chosen.submission_id == submission_id]
    samples = int(db.named_scalar("manage_data/saved_sample_count", [la]) or 0)

    what = (f"submission {submission_id}" if scope == "submission"
            else f"all {len(chosen)} submission(s)")
    rows = int(chosen.rows_loaded.fillna(0).sum())
    lines = [f"**This deletes {what} of {la}: {rows:,} list rows**, with their data-quality "
             "problems, typed copies and load records."]
    if scope == "la":
        lines.append(f"It also deletes the LA's {samples} saved case sample(s).")
    elif samples:
        lines.append(f"The LA's {samples} saved case sample(s) are kept: they hold child IDs; "
                     "purge the whole LA to delete them.")
    if scope == "submission" and bool(chosen.is_current.any()):
        lines.append("This is the LA's current submission: the analysis will use the next "
                     "latest one." if (subs.la_code == la).sum() > 1 else
                     "This is the LA's only submission: the LA leaves the analysis pages.")
    st.warning("  \n".join(lines), icon=":material/warning:")

    # The key names the target, so a code typed for one target never confirms another.
    typed = st.text_input(f"Type the LA code ({la}) to confirm",
                          key=f"{P}confirm_{scope}_{la}_{submission_id}")
    confirmed = typed.strip() == la
    if st.button(":red[Purge permanently]", icon=":material/delete_forever:",
                 disabled=not confirmed, key=P + "go"):
        if not confirmed:  # the button's state is drawn client-side: check again here
            st.error(f"Type {la} in the box to confirm.")
            return
        _purge(scope, la, submission_id)


def _purge(scope: str, la: str, submission_id: int | None) -> None:
    context.require_la(la)  # the choices were filtered; check the target itself as well
    try:
        with st.spinner("Purging and rewriting the database..."):
            done = purge.purge(submission_id=submission_id if scope == "submission" else None,
                               la_code=la if scope == "la" else None, db=db.db_path())
    except purge.NothingToPurge as exc:
        st.warning(f"Nothing to purge: {exc}.")
        return
    except warehouse.RewriteRefused as exc:
        st.error(f"{exc}. Nothing was deleted.")
        return
    db.after_write()
    db.release_old_versions()
    ids = ", ".join(str(i) for i in done.submission_ids) or "none"
    message = f"Purged {done.la_code}: submission(s) {ids}"
    if done.scope == "la":
        message += f" and {done.saved_samples} saved case sample(s)"
    st.session_state[P + "flash"] = [("success", message + ".")]
    st.rerun()


def _retention_settings(setting: purge.Retention) -> None:
    st.subheader("Retention")
    st.caption("A submission is flagged once its data is older than this many months, counted "
               "from its as-at date. Nothing is deleted automatically.")
    if setting.source == "environment":
        st.info(f"Set to {setting.months} months by ${purge.RETENTION_ENV}, which overrides the "
                "setting stored here.")
    with st.form(P + "retention", border=True):
        months = st.number_input(
            "Flag submissions whose data is older than (months)", 1,
            purge.MAX_RETENTION_MONTHS, setting.months, key=P + "months",
            help=f"Default {purge.DEFAULT_RETENTION_MONTHS} months.")
        saved = st.form_submit_button("Save the retention period")
    if saved:
        purge.set_retention_months(int(months), db=db.db_path())
        db.after_write()
        st.session_state[P + "flash"] = [("success", f"Retention set to {int(months)} months.")]
        st.rerun()


def main() -> None:
    st.title("Manage data")
    if not context.can_manage_data():  # app.py leaves this page out of the navigation too
        st.error("Inspectors cannot purge data: an analytical officer or regional senior "
                 "inspector of the region does.", icon=":material/lock:")
        st.stop()
    st.caption("What is loaded, what is past its retention period, and purging it. Child data "
               "stays on this machine; a purge removes it from the database file.")
    _flash()
    setting = _retention()
    if setting.problem:
        st.warning(setting.problem)
    subs = _visible_submissions(setting.months)
    if subs.empty:
        st.info("No submissions loaded.")
    else:
        past = subs[subs.past_retention]
        if not past.empty:
            st.warning(
                f"**{len(past)} submission(s) past retention**: their data is more than "
                f"{setting.months} months old (from the as-at date). Purge them below unless "
                "they are still needed.", icon=":material/auto_delete:")
        st.subheader("Submissions loaded")
        _submissions_table(subs)
        _purge_form(subs)
    st.divider()
    _retention_settings(setting)


main()
