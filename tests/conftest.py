"""Shared fixtures: a private database per test, and tiny workbooks in the Ofsted layout.

Tests build what they need from the synthetic generator and these fixtures. The few that need
Ofsted's published files (the 2019 template, the ILACS judgements, the LA lookup) ask for them
with `reference_file()` or the `needs_reference` marker, and skip, saying why, where the
reference folder (outside the repository: docs/methodology/privacy.md P5) is absent. CI has it
and runs them all.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import openpyxl
import pytest
import shared_builds
from hypothesis import settings

from annexa.services import judgements
from ingest.spec import load_spec

# Where the product reads the published files from (../shared/reference beside the repository
# unless configured otherwise), so the tests look where the product looks.
REFERENCE_DIR = judgements.REFERENCE_DIR
TEMPLATE_2019 = "annex_a_template_2019.xlsx"
PUBLISHED = (judgements.DEFAULT_JUDGEMENTS.name, judgements.DEFAULT_LOOKUP.name)


def _absent_reason(names) -> str | None:
    missing = [n for n in names if not (REFERENCE_DIR / n).is_file()]
    if not missing:
        return None
    return (f"needs Ofsted's published {', '.join(missing)} from the reference folder "
            f"{REFERENCE_DIR}, which is outside the repository and absent here (CI has it)")


def reference_file(name: str) -> Path:
    """A published reference file; the calling test skips, saying why, when it is absent."""
    reason = _absent_reason([name])
    if reason:
        pytest.skip(reason)
    return REFERENCE_DIR / name


def needs_reference(*names: str) -> pytest.MarkDecorator:
    """Mark a test that needs published reference files (default: the judgements and lookup
    that `annexa import-judgements` reads without arguments): skipped, with the reason, where
    they are absent."""
    reason = _absent_reason(names or PUBLISHED)
    return pytest.mark.skipif(reason is not None, reason=reason or "")


HAVE_PUBLISHED = _absent_reason(PUBLISHED) is None


def _waits_for_a_shared_build(item) -> bool:
    """A test outside tests/e2e (which orders its own) with a fixture of a shared build."""
    return ("tests/e2e/" not in str(item.fspath).replace("\\", "/")
            and any(f in shared_builds.FIXTURES for f in getattr(item, "fixturenames", ())))


# After the other plugins' (the -m deselection among them): the builds started are those of
# the tests that will run.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Start the shared builds that the tests to run need (the demo database, ...) in the
    background, and run the tests that need one after those that need none, so that the build
    is done before the first of them asks for it (shared_builds.py)."""
    items.sort(key=_waits_for_a_shared_build)  # stable: the order is kept otherwise
    names = shared_builds.wanted(items)
    if names and not config.getoption("collectonly"):
        shared = shared_folder(config._tmp_path_factory)
        config.stash[_BACKGROUND] = shared_builds.start_in_background(shared, names)


_BACKGROUND = pytest.StashKey()


def pytest_unconfigure(config):
    shared_builds.finish(config.stash.get(_BACKGROUND, None))


T = TypeVar("T")

# No per-example deadline for the property tests: on the shared 2-core machine one example can
# wait for a core for longer than hypothesis's default 200 ms, which fails the test as "flaky"
# for a reason that has nothing to do with what it checks.
settings.register_profile("annexa", deadline=None)
settings.load_profile("annexa")


def write_la_reference(folder: Path, *, bolton_region_code: str = "NW") -> tuple[Path, Path]:
    """A judgements workbook and an LA lookup in the published files' layout, for three real LAs
    (Liverpool 341 and Bolton 350 in the North West, Barnsley 370 in Yorkshire and the Humber):
    what a test that needs a few real LAs imports where the published files are absent.
    bolton_region_code: the lookup's Ofsted region code for Bolton (a test of the ONS region
    fallback gives one the lookup does not know)."""
    import csv

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["urn", "la_code", "region_code", "local_authority", "overall_effectiveness_grade",
               "inspection_framework", "inspection_start_date", "inspection_end_date",
               "publication_date", "impact_of_leaders_grade", "help_and_protection_grade",
               "in_care_grade", "care_leavers_grade"])
    ws.append(["1", "341", "NW", "liverpool", "inadequate", "standard", "13/03/2023",
               "24/03/2023", "25/05/23", "inadequate", "inadequate", "good", "inadequate"])
    ws.append(["2", "350", "NW", "bolton", "good", "short", "11/09/2023", "15/09/2023",
               "27/10/23", "good", "good", "good", "good"])
    ws.append(["3", "370", "YH", "barnsley", "requires improvement", "short", "11/09/2023",
               "15/09/2023", "27/10/23", "good", "good", "good", "good"])
    judgements_file = folder / "judgements.xlsx"
    wb.save(judgements_file)
    lookup_file = folder / "lookup.csv"
    with open(lookup_file, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["la_code", "local_authority_ons_name", "region_code", "region_name",
                         "rgn22cd", "rgn22nm"])
        writer.writerow(["341", "Liverpool", "NW", "North West", "E12000002", "North West"])
        writer.writerow(["350", "Bolton", bolton_region_code, "North West", "E12000002",
                         "North West"])
        writer.writerow(["370", "Barnsley", "YH", "Yorkshire and the Humber", "E12000003",
                         "Yorkshire and the Humber"])
    return judgements_file, lookup_file


@pytest.fixture
def official_template(tmp_path) -> Path:
    """A private copy of Ofsted's 2019 Annex A template (skips where it is absent)."""
    copy = tmp_path / "template.xlsx"
    shutil.copy(reference_file(TEMPLATE_2019), copy)
    return copy


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


def shared_folder(tmp_path_factory) -> Path:
    """The run's temporary folder that every xdist worker sees (each has its own under it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, build: Callable[[Path], T]) -> T:
    """What `build(folder)` returns (a database's path, say), built once per test run and shared
    by the xdist workers.

    Under xdist each worker has its own session, so a session- or module-scoped fixture is built
    once per worker that runs its tests; here the first worker to ask builds it (under a lock, in
    the run's temporary folder, which every worker sees) and the others wait for it and then use
    it. The result is kept with pickle. Tests must not write to what was built: they copy it
    (see `private_copy`). The builds in tests/shared_builds.py are also started in the
    background when the tests are collected.
    """
    return shared_builds.once(shared_folder(tmp_path_factory), name, build)


def private_copy(master: Path, folder: Path, name: str | None = None) -> Path:
    """A copy of a shared database for one test (or module) to change as it likes."""
    path = folder / (name or master.name)
    shutil.copyfile(master, path)
    return path


DEMO_TEST_SIZES = shared_builds.DEMO_TEST_SIZES


@pytest.fixture(scope="session")
def _demo_db_master(tmp_path_factory) -> Path:
    """The demo database (three fictional LAs, one region), built once per test run
    (shared_builds.demo: `annexa demo` with sizes smaller than its own)."""
    return shared_builds.once(shared_folder(tmp_path_factory), "demo")


@pytest.fixture
def demo_db(_demo_db_master, tmp_path, monkeypatch) -> Path:
    """A private copy of the demo database for one test, also set as $ANNEXA_DB."""
    path = private_copy(_demo_db_master, tmp_path)
    monkeypatch.setenv("ANNEXA_DB", str(path))
    return path


@pytest.fixture(scope="session")
def _analysis_db_master(tmp_path_factory) -> Path:
    """The hand-built Annex A of tests/analysis_fixture.py loaded as LA T01, built once per test
    run. Read it (it is a finished database), or take a `private_copy` to change it."""
    import analysis_fixture as fx

    return built_once(tmp_path_factory, "analysis",
                      lambda folder: fx.load(folder / "fixture.duckdb", folder))


@pytest.fixture
def analysis_db(_analysis_db_master, tmp_path) -> Path:
    """A private copy of the hand-built fixture's database (LA T01) for one test."""
    return private_copy(_analysis_db_master, tmp_path)


APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"


@functools.cache
def _url_paths() -> dict[str, str]:
    """Each page file of dashboard/app.py (views/x.py) and the address it is served at."""
    import re

    found = re.findall(r'st\.Page\(VIEWS / "(\w+\.py)"[^)]*?url_path="([^"]+)"',
                       APP.read_text(encoding="utf-8"))
    return {f"views/{name}": url_path for name, url_path in found}


def open_on(at, page: str):
    """Run a fresh AppTest for the first time on `page` (views/x.py), as a link to that page's
    address opens it: without first drawing the default page, which the test did not ask for
    (the Briefing, a second or more on the demo data), and then switching.

    Before its first run AppTest finds a page by its file's name, and st.Page knows a page by
    the hash of its url_path (case_selection.py is served at case-selection): that hash is
    asked for here. After the run, switch_page finds the page among those registered; should
    the run have drawn another page (a Streamlit that names pages otherwise), it runs again on
    the right one, so the page is drawn either way."""
    asked = at_address(at, page)
    at.run()
    found = getattr(at.switch_page(page), "_page_hash", None)  # among the pages registered
    if asked is None or found != asked:
        at.run()
    return at


def at_address(at, page: str) -> str | None:
    """Point a fresh AppTest, before its first run, at the address of `page` (views/x.py), as a
    link to it does, and return the page's hash (None where this Streamlit cannot be asked for
    it: the first run then draws the default page). See `open_on`."""
    at.switch_page(page)  # checks that the file is there
    try:
        from streamlit.util import calc_hash
    except ImportError:
        return None
    at._page_hash = calc_hash(_url_paths()[page])
    return at._page_hash


def _scan_component_manifests_once() -> None:
    """Streamlit's AppTest scans every installed package's metadata for v2 components each time
    an AppTest first runs (about 0.2 s); the packages do not change during a test run, so the
    scan's answer is kept after the first."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # another streamlit: nothing to keep
        return
    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)


_scan_component_manifests_once()


def _share_compiled_scripts() -> None:
    """One compiled copy of each page script per test process, as a server keeps
    (benchmarks/apptest_as_served.py, which the page benchmark uses too)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "apptest_as_served.py"
    spec = importlib.util.spec_from_file_location("apptest_as_served", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.share_compiled_scripts()


_share_compiled_scripts()
