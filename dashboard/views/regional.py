"""Regional overview: every LA loaded in a region side by side, and their latest ILACS judgements.

For the regional senior inspector and the analysts: the briefing's key indicators for every LA of
a region in one sortable table with bars (select a row to open that LA's briefing), one indicator
as a chart, two submissions of the same LA compared, and the latest published ILACS judgements of
every LA in the region (ref_ilacs_judgements, filled by `annexa import-judgements`). Figures come
from the regional_indicators mart (the briefing's own definitions, per LA); this page only draws
them. LA-level counts and public judgements only: nothing here names a child.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annexa.services import judgements
from dashboard import charts, context, db
from dashboard.context import EDITIONS, current

UPLOAD_PAGE = "views/upload.py"
BRIEFING_PAGE = "views/briefing.py"
NO_REGION = "(region not recorded)"
GRADES = ["outstanding", "good", "requires improvement", "inadequate"]
# Light tints of the Okabe-Ito palette behind the grade's words: the words carry the grade, the
# tint only helps scanning (colour is never the only signal).
GRADE_TINTS = {"outstanding": "#cfe5f3", "good": "#cdeee4", "requires improvement": "#fbe8c4",
               "inadequate": "#f6d2bd"}


# ----------------------------------------------------------------------------------- helpers

def la_label(name, code) -> str:
    return f"{name} ({code})" if isinstance(name, str) and name else str(code)


def fmt(value, unit: str) -> str:
    if value is None or pd.isna(value):
        return "-"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "days":
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _fit(rows: int) -> int:
    """A table's height showing every row (a region has at most 33 LAs), without inner scroll."""
    return 35 * (rows + 1) + 3


def empty_state() -> None:
    st.title("Regional overview")
    st.info("No data loaded: upload a workbook or load the demo (three fictional LAs in one "
            "region) on the Upload and data quality page. Every LA loaded then appears here, "
            "side by side with the others of its region.")
    st.page_link(UPLOAD_PAGE, label="Go to Upload and data quality", icon=":material/upload_file:")


def open_briefing(la_code: str) -> None:
    """Open the LA's briefing. The URL's parameters are bound to the sidebar's widgets, which
    st.switch_page may not clear one by one; an empty mapping drops them all, and the widgets
    (which keep their values across pages) write them back, with the new LA, on the next run."""
    context.select_la(la_code)
    st.switch_page(BRIEFING_PAGE, query_params={})


# --------------------------------------------------------------------------------- indicators

def choose_region(current_las: pd.DataFrame) -> str:
    regions = sorted({r if isinstance(r, str) and r else NO_REGION for r in current_las.region})
    ctx = current()
    if st.session_state.get("region") not in regions:
        home = current_las.loc[current_las.la_code == ctx.la_code, "region"]
        home_region = home.iloc[0] if not home.empty and isinstance(home.iloc[0], str) else None
        st.session_state["region"] = home_region if home_region in regions else regions[0]
    # No format_func: a widget bound to the URL writes its label there, which must stay stable.
    return st.selectbox("Region", regions, key="region", bind="query-params",
                        help="The region each LA's submission was loaded with.")


def indicator_frame(region: str, edition: str) -> pd.DataFrame:
    if region == NO_REGION:
        frame = db.named("regional/indicators_no_region", [edition])
    else:
        frame = db.named("regional/indicators_in_region", [region, edition])
    # A region's name can be shared by LAs outside the user's scope: compare only theirs.
    return context.only_allowed(frame)


# An LA whose as-at date is more than this many days older than the newest it is compared with
# is flagged as stale (docs/methodology/national-comparisons.md N6); a setting on the page. The
# rule itself is SQL: sql/queries/regional/stale_las.sql.
STALE_DAYS = 60


def stale_notes(edition: str, la_codes: list[str], days: int) -> dict[str, str]:
    """'stale: N days older than the newest' for each stale LA among those compared."""
    found = db.named("regional/stale_las", [edition, list(la_codes), days])
    return {r.la_code: f"stale: {int(r.days_behind)} days older than the newest"
            for r in found.itertuples() if r.is_stale}


def indicators_table(data: pd.DataFrame, grades: pd.DataFrame, selected_la: str | None,
                     stale: dict[str, str]) -> None:
    """stale: the stale LAs' notes (stale_notes); an LA not in it is not stale."""
    catalogue = data.drop_duplicates("sort_order").sort_values("sort_order")
    # An indicator no LA has a value for (thin submissions) still gets its (empty) column.
    wide = data.pivot_table(index="la_code", columns="sort_order", values="value",
                            aggfunc="first", dropna=False).reindex(
                                columns=catalogue.sort_order)
    las = data.drop_duplicates("la_code").set_index("la_code")
    table = pd.DataFrame({
        "LA": [la_label(las.la_name[c], c) + (" (selected)" if c == selected_la else "")
               for c in wide.index],
        "As at": pd.to_datetime(las.loc[wide.index, "as_at_date"]).dt.date.to_numpy(),
        "Stale": [stale.get(c, "") for c in wide.index],
        "Latest ILACS grade": [grades.get(c, "") for c in wide.index],
    })
    config: dict = {"LA": st.column_config.TextColumn("LA", pinned=True),
                    "As at": st.column_config.DateColumn(format="DD/MM/YYYY"),
                    "Latest ILACS grade": st.column_config.TextColumn(
                        help="Overall effectiveness at the latest published ILACS inspection "
                        "(Ofsted's published judgements); blank when the LA is not in Ofsted's "
                        "list.")}
    for row in catalogue.itertuples():
        title = row.label
        table[title] = wide[row.sort_order].to_numpy()
        help_text = f"{row.definition} Source: {row.reference}. Indicator `{row.indicator}`."
        if row.unit == "percent":
            config[title] = st.column_config.ProgressColumn(
                title, help=help_text, format="%.1f%%", min_value=0, max_value=100)
        elif row.unit == "days":
            config[title] = st.column_config.NumberColumn(title, help=help_text, format="%.1f")
        else:
            config[title] = st.column_config.NumberColumn(title, help=help_text,
                                                          format="localized")
    table = table.sort_values("LA").reset_index(drop=True)
    codes = [c for _, c in sorted(zip([la_label(las.la_name[c], c) for c in wide.index],
                                      wide.index, strict=True))]
    event = st.dataframe(table, hide_index=True, width="stretch", column_config=config,
                         height=_fit(len(table)), on_select="rerun",
                         selection_mode="single-row", key="rg_table")
    st.caption("Click a column header to sort; scroll right for more indicators. Select a row "
               "(the box at its left) to open that LA's briefing. Percentages are drawn as bars "
               "out of 100, with the figure written beside each bar.")
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows:
        st.session_state.pop("rg_table", None)
        open_briefing(codes[rows[0]])


def indicator_chart(data: pd.DataFrame, selected_la: str | None, region: str) -> None:
    catalogue = data.drop_duplicates("sort_order").sort_values("sort_order")
    labels = dict(zip(catalogue.indicator + "|" + catalogue.category.fillna(""), catalogue.label,
                      strict=True))
    keys = list(labels)
    if st.session_state.get("indicator") not in keys:
        st.session_state["indicator"] = keys[0]
    key = st.selectbox("Indicator to chart", keys, key="indicator", bind="query-params",
                       format_func=labels.get)
    indicator, category = key.split("|")
    rows = data[(data.indicator == indicator) & (data.category.fillna("") == category)]
    row = rows.iloc[0]
    frame = pd.DataFrame({
        "la": [la_label(n, c) for n, c in zip(rows.la_name, rows.la_code, strict=True)],
        "la_code": rows.la_code,
        "value": rows.value,
        "text": [fmt(v, row.unit) + (f" ({int(n):,} of {int(d):,})" if row.unit == "percent"
                                     else "")
                 for v, n, d in zip(rows.value, rows.n, rows.d.fillna(0), strict=True)],
    })
    chart = charts.regional_bars(
        frame, row.label, [f"{region} · each LA counted to its own as-at date",
                           row.definition], unit=row.unit, highlight=selected_la)
    charts.show(chart)
    with st.popover("How is this counted?", icon=":material/help:", key="rg_how"):
        st.markdown(f"**{row.label}**: {row.definition}  \nSource: {row.reference}. Indicator "
                    f"`{indicator}`{f' [{category}]' if category else ''}, the same figure as "
                    "on each LA's briefing.  \nEach LA is counted from its current submission "
                    "(the latest as-at date loaded), with windows ending on that submission's "
                    "as-at date, under the framework edition chosen in the sidebar.")


# ------------------------------------------------------------------------------------- rates

# How each kind of comparable measure is counted for an LA (comparable_measures' rules, N1).
KIND_WORDS = {
    "stock": "counted on the LA's as-at date, per 10,000 children aged 0-17",
    "flow": "counted over the list's window and annualised (x 12 / the window's months), per "
            "10,000 children aged 0-17",
    "share": "a percentage, counted as the publication counts it",
}


def rates_frame(region: str, edition: str) -> pd.DataFrame:
    """Each LA's comparable measures (comparable_measures) beside England and its region."""
    if region == NO_REGION:
        frame = db.named("regional/rates_no_region", [edition])
    else:
        frame = db.named("regional/rates_in_region", [edition, region])
    return context.only_allowed(frame)


def _rate_text(value, unit: str) -> str:
    if value is None or pd.isna(value):
        return "-"
    return f"{value:.1f}%" if unit == "percent" else f"{value:,.1f}"


def _published_rows(rates: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(code, label, one row per measure) for England and each published region of the LAs
    compared: the figures every LA's row is read against (N2)."""
    first = rates.drop_duplicates("measure_no").set_index("measure_no")
    england = first[["england_value"]].rename(columns={"england_value": "value"})
    out = [("England", "England (published)", england)]
    for name in sorted(rates.region_name.dropna().unique()):
        rows = rates[rates.region_name == name].drop_duplicates("measure_no")
        out.append((f"region:{name}", f"{name} (published)",
                    rows.set_index("measure_no")[["region_value"]].rename(
                        columns={"region_value": "value"})))
    return out


def rates_section(region: str, edition: str, selected_la: str | None,
                  stale: dict[str, str], names: dict[str, str]) -> None:
    """The key indicators in the published measures' terms, every LA beside England and its
    region (docs/methodology/national-comparisons.md N1-N3, N6, N7). names: LA code -> name."""
    st.header("In rates, beside England and the region", divider="gray")
    rates = rates_frame(region, edition)
    if rates.empty or rates.england_value.isna().all():
        st.info("No published statistics are loaded, so there is nothing to compare with. Run "
                "`annexa reference import` (the README says where the files come from).")
        return
    catalogue = rates.drop_duplicates("measure_no").sort_values("measure_no")
    las = rates.drop_duplicates("la_code").set_index("la_code")
    wide = rates.pivot_table(index="la_code", columns="measure_no", values="la_value",
                             aggfunc="first", dropna=False).reindex(
                                 index=las.index, columns=catalogue.measure_no)
    table = pd.DataFrame({
        "LA": [la_label(names.get(c), c) + (" (selected)" if c == selected_la else "")
               for c in wide.index],
        "Published region": [las.region_name[c] if isinstance(las.region_name[c], str)
                             else "not published" for c in wide.index],
        "Stale": [stale.get(c, "") for c in wide.index],
    })
    config: dict = {"LA": st.column_config.TextColumn("LA", pinned=True)}
    for row in catalogue.itertuples():
        table[row.label] = wide[row.measure_no].to_numpy()
        unit_format = "%.1f%%" if row.unit == "percent" else "%.1f"
        config[row.label] = st.column_config.NumberColumn(
            row.label, format=unit_format,
            help=f"Each LA: {KIND_WORDS[row.kind]}. Published figures: {row.data_period}.")
    table = table.sort_values("LA").reset_index(drop=True)
    published = []
    for _code, label, values in _published_rows(rates):
        line = {"LA": label, "Published region": "", "Stale": ""}
        for row in catalogue.itertuples():
            line[row.label] = values.value.get(row.measure_no)
        published.append(line)
    table = pd.concat([table, pd.DataFrame(published)], ignore_index=True)
    st.dataframe(table, hide_index=True, width="stretch", height=_fit(len(table)),
                 column_config=config, key="rg_rates")
    years = sorted(set(catalogue.data_period))
    populations = sorted({int(y) for y in rates.population_year.dropna()})
    no_population = [la_label(names.get(c), c) for c in wide.index
                     if pd.isna(las.population[c])]
    st.caption(
        "Rates are per 10,000 children aged 0-17"
        + (f" (ONS mid-{', '.join(map(str, populations))} estimates)" if populations else "")
        + ": children in care, in need and on a plan on each LA's as-at date; referrals, plans "
        "started and children starting care over the list's window, annualised (times 12 over "
        "the window's months). Percentages as published. The published rows are England's and "
        f"each region's own figures ({'; '.join(years)}); an LA is read against its own "
        "region's. No colour says higher is better or worse.")
    if no_population:
        st.caption(
            f"{', '.join(no_population)}: not in the published statistics (fictional or "
            "unknown LA codes), so there is no child population to make a rate of: only "
            "percentages are shown for them. The Briefing can compare such an LA as a real LA "
            "(sidebar, *Compare as*).")
    with st.popover("How is this counted?", icon=":material/help:", key="rg_rates_how"):
        st.markdown("\n".join(
            f"- **{r.label}**: {KIND_WORDS[r.kind]}. Published: {r.data_period} "
            f"({r.source_publication})."
            for r in catalogue.itertuples())
            + "\n\nThe same figures as each LA's Briefing, national context "
            "(docs/methodology/national-comparisons.md N1-N3, N7); a measure Annex A cannot "
            "give in the published terms (care leavers' activity and accommodation) is left "
            "out.")
    rate_chart(rates, catalogue, selected_la, region, names)


def rate_chart(rates: pd.DataFrame, catalogue: pd.DataFrame, selected_la: str | None,
               region: str, names: dict[str, str]) -> None:
    labels = dict(zip(catalogue.measure, catalogue.label, strict=True))
    if st.session_state.get("rg_rate") not in labels:
        st.session_state["rg_rate"] = next(iter(labels))
    measure = st.selectbox("Measure to chart", list(labels), key="rg_rate",
                           format_func=labels.get)
    rows = rates[rates.measure == measure]
    row = rows.iloc[0]
    extra = [(code, label, values.value.get(int(row.measure_no)))
             for code, label, values in _published_rows(rates)]
    frame = pd.DataFrame({
        "la": [la_label(names.get(c), c) for c in rows.la_code] + [label for _, label, _ in extra],
        "la_code": list(rows.la_code) + [code for code, _, _ in extra],
        "value": list(rows.la_value) + [v for _, _, v in extra],
    })
    frame["text"] = [_rate_text(v, row.unit) for v in frame.value]
    chart = charts.regional_bars(
        frame, row.label, [f"{region} · each LA on its own as-at date; England and regions "
                           f"{row.data_period}", f"Each LA: {KIND_WORDS[row.kind]}"],
        unit="percent" if row.unit == "percent" else "rate", highlight=selected_la,
        published=frozenset(code for code, _, _ in extra))
    charts.show(chart)


# -------------------------------------------------------------------------------- comparison

def compare_submissions(current_las: pd.DataFrame, edition: str) -> None:
    st.header("Compare two submissions of the same LA", divider="gray")
    names = dict(zip(current_las.la_code, current_las.la_name, strict=True))
    codes = list(names)
    ctx = current()
    if st.session_state.get("rg_cmp_la") not in codes:
        st.session_state["rg_cmp_la"] = ctx.la_code if ctx.la_code in codes else codes[0]
    la = st.selectbox("LA", codes, key="rg_cmp_la", format_func=lambda c: la_label(names[c], c))
    dates = db.named("regional/submission_dates", [la])
    if len(dates) < 2:
        only = pd.Timestamp(dates.as_at_date.iloc[0]) if not dates.empty else None
        st.info(f"{la_label(names[la], la)} has one submission"
                + (f" (as at {only:%d/%m/%Y})" if only is not None else "")
                + ": load an earlier or later Annex A for it on the Upload and data quality "
                "page to compare the two.")
        st.page_link(UPLOAD_PAGE, label="Load another submission", icon=":material/upload_file:")
        return
    # Oldest first, and earlier before later, left to right, as the table's columns read.
    options = [pd.Timestamp(d).date() for d in reversed(dates.as_at_date.tolist())]
    c1, c2 = st.columns(2)
    earlier = c1.selectbox("Earlier submission, as at", options, index=len(options) - 2,
                           key="rg_cmp_earlier", format_func=lambda d: f"{d:%d/%m/%Y}")
    later = c2.selectbox("Later submission, as at", options, index=len(options) - 1,
                         key="rg_cmp_later", format_func=lambda d: f"{d:%d/%m/%Y}")
    if earlier == later:
        st.warning("Choose two different as-at dates.")
        return
    if earlier > later:  # chosen the other way round: compare them in date order
        earlier, later = later, earlier
        st.caption("The earlier date is on the left of the table, whichever box it was chosen "
                   "in.")
    a = db.named("regional/la_indicators_as_at", [la, edition, earlier]).set_index("sort_order")
    b = db.named("regional/la_indicators_as_at", [la, edition, later]).set_index("sort_order")
    table = pd.DataFrame({
        "Indicator": b.label,
        f"Earlier, as at {earlier:%d/%m/%Y}": [fmt(v, u) for v, u in zip(a.value, a.unit,
                                                                          strict=True)],
        f"Later, as at {later:%d/%m/%Y}": [fmt(v, u) for v, u in zip(b.value, b.unit,
                                                                      strict=True)],
        "Change": [_change(x, y, u) for x, y, u in zip(a.value, b.value, b.unit, strict=True)],
        "Definition": b.definition,
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(f"Submissions {int(a.submission_id.iloc[0])} and {int(b.submission_id.iloc[0])}; "
               "each counted to its own as-at date. When two submissions share an as-at date, "
               "the later load replaces the earlier. ▲ up, ▼ down; "
               "percentages change in points.")


def _change(before, after, unit: str) -> str:
    if before is None or after is None or pd.isna(before) or pd.isna(after):
        return "-"
    diff = float(after) - float(before)
    if diff == 0:
        return "= no change"
    arrow = "▲" if diff > 0 else "▼"
    if unit == "percent":
        return f"{arrow} {diff:+.1f} points"
    if unit == "days":
        return f"{arrow} {diff:+,.1f} days"
    return f"{arrow} {int(diff):+,}"


# -------------------------------------------------------------------------------- judgements

def judgements_section(region: str, current_las: pd.DataFrame) -> None:
    st.header("Latest ILACS judgements in the region", divider="gray")
    if not db.named_scalar("shared/ilacs_judgement_count"):
        st.info("No judgements loaded: run `annexa import-judgements`, or import Ofsted's "
                f"published judgements and the LA lookup from `{judgements.REFERENCE_DIR}` "
                "here.")
        if context.can_manage_data() and st.button("Import the published judgements",
                                                   key="rg_import", icon=":material/download:"):
            try:
                with st.spinner("Importing the judgements and the LA lookup..."):
                    result = judgements.import_reference(db.db_path())
            except FileNotFoundError as exc:
                st.error(f"{exc}. Put the files there, or run `annexa import-judgements "
                         "--judgements FILE --lookup FILE`.")
                return
            db.after_write()
            st.session_state["rg_import_result"] = (result.judgements, result.las)
            st.rerun()
        return
    regions = db.named("regional/ofsted_regions")
    names = dict(zip(regions.region_code, regions.region_name, strict=True))
    loaded = current_las[current_las.region.fillna(NO_REGION) == region].la_code.tolist()
    matched = db.named("regional/matching_regions",
                       [region, loaded]).region_code.dropna().tolist()
    if matched:
        code = matched[0]
        st.caption(f"{names.get(code, code)} ({code}): every LA in Ofsted's published list, "
                   "whether or not its Annex A is loaded here.")
    else:
        st.info(f"'{region}' is not one of Ofsted's regions and none of its LAs is in the "
                "published list (the demo LAs are fictional). Choose a region to see its "
                "judgements.")
        code = st.selectbox("Show the judgements of", list(names), index=None,
                            placeholder="Choose a region", key="rg_judgement_region",
                            format_func=lambda c: f"{names[c]} ({c})")
        if code is None:
            return
    frame = db.named("regional/region_judgements", [code])
    if frame.empty:
        st.info(f"No published judgement for any LA in {names.get(code, code)}.")
        return
    counts = frame.overall_grade.fillna("not known").value_counts()
    st.markdown(f"**Overall effectiveness of the {len(frame)} LAs** (latest inspection)")
    cols = st.columns(5)
    for col, grade in zip(cols, [*GRADES, "not known"], strict=True):
        col.metric(grade.capitalize(), int(counts.get(grade, 0)))
    loaded_codes = set(current_las.la_code)
    table = pd.DataFrame({
        "LA": [la_label(n, c) for n, c in zip(frame.la_name, frame.la_code, strict=True)],
        "Overall effectiveness": frame.overall_grade,
        "Inspection type": frame.inspection_type,
        "Fieldwork started": frame.inspection_start_date,
        "Fieldwork ended": frame.inspection_end_date,
        "Published": frame.publication_date,
        "Leaders": frame.leaders_grade,
        "Help and protection": frame.help_and_protection_grade,
        "Children in care": frame.in_care_grade,
        "Care leavers": frame.care_leavers_grade,
        "Annex A loaded": ["yes" if c in loaded_codes else "" for c in frame.la_code],
        "Report": frame.report_url,
    })
    grade_cols = ["Overall effectiveness", "Leaders", "Help and protection", "Children in care",
                  "Care leavers"]
    table[grade_cols] = table[grade_cols].fillna("")
    styled = table.style.map(
        lambda g: f"background-color: {GRADE_TINTS[g]}" if g in GRADE_TINTS else "",
        subset=grade_cols)
    date = st.column_config.DateColumn(format="DD/MM/YYYY")
    st.dataframe(styled, hide_index=True, width="stretch", height=_fit(len(table)),
                 column_config={
        "LA": st.column_config.TextColumn("LA", pinned=True),
        "Fieldwork started": date, "Fieldwork ended": date, "Published": date,
        "Report": st.column_config.LinkColumn("Report", display_text="report"),
        **{c: st.column_config.TextColumn(c) for c in grade_cols}})
    st.caption("Ofsted's latest published ILACS judgements (snapshot June 2026, imported by "
               "`annexa import-judgements`); grades are written out, the tint only helps "
               "scanning. A blank grade was missing or unreadable in the published file: see "
               "the import report on the Timelines page. Care leavers were judged separately "
               "from 2023.")


# -------------------------------------------------------------------------------------- page

ctx = current()
edition = ctx.edition
# The user's LAs only: the regions, the table, the chart and the comparison all follow from it.
las = context.only_allowed(db.named("regional/current_submissions", [edition]))
if las.empty:
    empty_state()
    st.stop()

st.title("Regional overview")
st.caption(f"The briefing's key indicators for every LA loaded, region by region. Each LA is "
           f"counted from its current submission, with windows ending on that submission's "
           f"as-at date; {EDITIONS.get(edition, edition)}.")
if "rg_import_result" in st.session_state:
    n_judgements, n_las = st.session_state.pop("rg_import_result")
    st.success(f"Imported {n_judgements} judgements and {n_las} LAs.")

chosen = choose_region(las)
bar = st.progress(0.0, f"Counting the key indicators for {chosen}...")
data = indicator_frame(chosen, edition)
bar.progress(0.8, "Reading the latest judgements...")
grade_of = db.named("regional/latest_grades")
bar.empty()
grades = dict(zip(grade_of.la_code, grade_of.overall_grade.fillna(""), strict=True))

st.header(f"Key indicators: {chosen} ({data.la_code.nunique()} LAs loaded)", divider="gray")
as_at = pd.to_datetime(data.as_at_date).dt.date
st.caption("As-at dates "
           + (f"{as_at.min():%d/%m/%Y}" if as_at.nunique() == 1
              else f"{as_at.min():%d/%m/%Y} to {as_at.max():%d/%m/%Y}")
           + ". Windows: contacts and referrals as the edition says; timeliness over each "
           "list's window; plans, care and care leavers at the as-at date; adoption over 12 "
           "months. Hover over a column header for its definition.")
stale_days = int(st.number_input(
    "Flag an LA as stale when its as-at date is older than the newest by more than (days)",
    min_value=1, max_value=730, value=STALE_DAYS, key="rg_stale_days",
    help="Its figures describe an earlier time than the others'; the comparison says so."))
compared = list(dict.fromkeys(data.la_code))
notes = stale_notes(edition, compared, stale_days)
if notes:
    names = data.drop_duplicates("la_code").set_index("la_code").la_name
    st.warning("Stale: " + "; ".join(
        f"{la_label(names[c], c)} ({notes[c].removeprefix('stale: ')})"
        for c in compared if c in notes)
        + ". Read their figures as of their own as-at dates.")
indicators_table(data, grades, ctx.la_code, notes)
c1, c2, _ = st.columns([2, 1, 2], vertical_alignment="bottom")
pick = c1.selectbox("Or open a briefing", list(dict.fromkeys(data.la_code)), index=None,
                    placeholder="Choose an LA", key="rg_open",
                    format_func=lambda c: la_label(
                        data.loc[data.la_code == c, "la_name"].iloc[0], c))
if c2.button("Open its briefing", key="rg_open_go", disabled=pick is None,
             icon=":material/summarize:"):
    open_briefing(pick)
indicator_chart(data, ctx.la_code, chosen)
rates_section(chosen, edition, ctx.la_code, notes,
              dict(zip(data.la_code, data.la_name, strict=False)))
compare_submissions(las, edition)
judgements_section(chosen, las)
