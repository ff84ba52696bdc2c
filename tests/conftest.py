"""Shared fixtures: a private database per test, and tiny workbooks in the Ofsted layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from ingest.spec import load_spec


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """A fresh database path for this test, also set as $ANNEXA_DB for code that reads it."""
    path = tmp_path / "test.duckdb"
    monkeypatch.setenv("ANNEXA_DB", str(path))
    return path


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Streamlit caches are process-wide; a connection cached by one test must not leak."""
    yield
    try:
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
    except Exception:  # streamlit not imported by this test
        pass


def write_template_workbook(
    path: Path,
    lists: dict[str, list[dict]],
    *,
    title_row: bool = True,
    sheet_names: dict[str, str] | None = None,
    headers: dict[str, dict[str, str]] | None = None,
) -> Path:
    """A workbook in the 2019 template layout holding the given rows (canonical column names).

    sheet_names overrides a list's sheet name; headers overrides column headers per list.
    Values are written as given: pass datetime.date for real Excel dates, str for text.
    """
    spec = load_spec()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for key, rows in lists.items():
        ls = spec.lists[key]
        name = (sheet_names or {}).get(key) or (f"List_{ls.number}" if ls.number else ls.title[:30])
        ws = wb.create_sheet(name)
        if title_row:
            ws.append([ls.label])
        cols = [c for c in ls.columns if not c.optional or any(c.name in r for r in rows)]
        override = (headers or {}).get(key, {})
        ws.append([override.get(c.name, c.header) for c in cols])
        for r in rows:
            ws.append([r.get(c.name) for c in cols])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


@pytest.fixture
def make_workbook(tmp_path):
    def make(lists, name="annex_a.xlsx", **kwargs):
        return write_template_workbook(tmp_path / name, lists, **kwargs)

    return make


DEMO_TEST_SIZES = "small,small,medium"


@pytest.fixture(scope="session")
def _demo_db_master(tmp_path_factory) -> Path:
    """The demo database (three fictional LAs, one region), built once per test session.

    Sizes are smaller than `annexa demo`'s (small, medium, large) to keep the suite quick; the
    code path is the same: synthetic workbooks in the official layout, loaded by the ingest.
    """
    from annexa.cli import main

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    assert main(["demo", "--db", str(path), "--sizes", DEMO_TEST_SIZES]) == 0
    return path


@pytest.fixture
def demo_db(_demo_db_master, tmp_path, monkeypatch) -> Path:
    """A private copy of the demo database for one test, also set as $ANNEXA_DB."""
    import shutil

    path = tmp_path / "demo.duckdb"
    shutil.copyfile(_demo_db_master, path)
    monkeypatch.setenv("ANNEXA_DB", str(path))
    return path
