"""Bad input: a clear message naming the file, exit code 2, and the database exactly as it was."""

import datetime as dt
import hashlib
import re
import shutil
import zipfile

import openpyxl
import pytest
from conftest import built_once, write_template_workbook

from annexa.cli import main
from ingest.load import ingest


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@pytest.fixture(scope="module")
def _loaded_master(tmp_path_factory):
    return built_once(tmp_path_factory, "bad_input", _load_master)


def _load_master(folder):
    wb = write_template_workbook(folder / "good.xlsx", {"list_1": [
        {"child_id": "A", "gender": "a) Male", "ethnicity": "a) WBRI",
         "contact_date": dt.date(2026, 9, 1), "contact_source": "q) 6: Police"}]})
    path = folder / "master.duckdb"
    ingest([wb], "T01", as_at=dt.date(2026, 10, 30), db=path)
    return path


@pytest.fixture
def loaded_db(_loaded_master, db_path):
    """A database that already holds one submission, to prove a failed load leaves it intact:
    a private copy (at db_path) of one loaded once per test run."""
    shutil.copyfile(_loaded_master, db_path)
    return db_path


def _not_a_workbook(tmp_path):
    p = tmp_path / "notes.xlsx"
    p.write_text("these are my notes, not a workbook")
    return p, "not an Excel workbook"


def _truncated_zip(tmp_path):
    src = tmp_path / "src.xlsx"
    openpyxl.Workbook().save(src)
    p = tmp_path / "truncated.xlsx"
    p.write_bytes(src.read_bytes()[:300])
    return p, "damaged"


def _password_protected(tmp_path):
    # Encrypted .xlsx files are OLE2 compound files, like legacy .xls.
    p = tmp_path / "locked.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    return p, "password-protected"


def _no_lists(tmp_path):
    p = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Budget"
    wb.active.append(["Cost centre", "Amount"])
    wb.active.append(["A1", 100])
    wb.save(p)
    return p, "none of the Annex A lists"


def _empty_file(tmp_path):
    p = tmp_path / "empty.xlsx"
    p.write_bytes(b"")
    return p, "empty"


def _enormous_sheet(tmp_path):
    """A sheet whose declared size is 1,048,576 rows (as an unused-rows blow-up looks)."""
    src = tmp_path / "src.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "List_1"
    wb.active.append(["Child Unique ID"])
    wb.save(src)
    p = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:A1048576"', data)
                if b"<dimension" not in data:
                    data = data.replace(b"<sheetViews>",
                                        b'<dimension ref="A1:A1048576"/><sheetViews>', 1)
            zout.writestr(item, data)
    return p, "1,048,576 rows"


def _csv_that_is_xlsx(tmp_path):
    src = tmp_path / "src.xlsx"
    openpyxl.Workbook().save(src)
    p = tmp_path / "contacts.csv"
    shutil.copy(src, p)
    return p, "Excel file with a .csv name"


@pytest.mark.parametrize(
    "make_bad",
    [_not_a_workbook, _truncated_zip, _password_protected, _no_lists, _empty_file,
     _enormous_sheet, _csv_that_is_xlsx],
)
def test_bad_file_gives_clear_message_exit_2_and_database_unchanged(
        make_bad, loaded_db, tmp_path, capsys):
    bad, expected = make_bad(tmp_path)
    before = _digest(loaded_db)
    rc = main(["ingest", str(bad), "--la", "T01", "--db", str(loaded_db), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2
    assert bad.name in err and expected in err
    assert "not changed" in err
    assert _digest(loaded_db) == before


def test_a_missing_file_is_named_with_exit_2(loaded_db, tmp_path, capsys):
    before = _digest(loaded_db)
    rc = main(["ingest", str(tmp_path / "nowhere.xlsx"), "--la", "T01", "--db", str(loaded_db),
               "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2 and "nowhere.xlsx: file not found" in err and "Traceback" not in err
    assert _digest(loaded_db) == before


def test_one_bad_file_among_good_ones_loads_nothing(loaded_db, make_workbook, tmp_path, capsys):
    good = make_workbook({"list_3": []}, name="list3.xlsx")
    bad, _ = _not_a_workbook(tmp_path)
    before = _digest(loaded_db)
    assert main(["ingest", str(good), str(bad), "--la", "T01", "--db", str(loaded_db),
                 "--quiet"]) == 2
    assert _digest(loaded_db) == before


def test_an_error_inside_the_load_leaves_the_database_as_it_was(loaded_db, make_workbook,
                                                                monkeypatch):
    from ingest import quality

    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated failure half way through a load")

    monkeypatch.setattr(quality, "run_checks", boom)
    wb = make_workbook({"list_1": []}, name="other.xlsx")
    before = _digest(loaded_db)
    with pytest.raises(RuntimeError):
        ingest([wb], "T02", as_at=dt.date(2026, 10, 30), db=loaded_db)
    assert _digest(loaded_db) == before
    leftovers = [p.name for p in loaded_db.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
