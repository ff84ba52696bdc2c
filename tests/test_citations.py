"""Text shown to users cites Ofsted's documents by name ("ILACS ¶258"), never by the seed file
numbers the code comments use ("002 ¶258"), which mean nothing to an inspector."""

import ast
import re
from pathlib import Path

from annexa.store import warehouse

ROOT = Path(__file__).resolve().parents[1]
SEED_NUMBER = re.compile(r"\b00[0-4] (¶|Annex|fn|{)")
SQL_STRING = re.compile(r"'(?:[^']|'')*'")


def _user_strings_in_python(path: Path) -> list[str]:
    """String constants outside docstrings and comments: labels, help, captions, messages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    skip |= {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
             for part in node.values}
    strings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string, "{}" where a value goes
            strings.append("".join(part.value if isinstance(part, ast.Constant) else "{}"
                                   for part in node.values))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in skip):
            strings.append(node.value)
    return strings


def _user_strings_in_sql(path: Path) -> list[str]:
    code = "\n".join(line.split("--", 1)[0]
                     for line in path.read_text(encoding="utf-8").splitlines())
    return SQL_STRING.findall(code)


def test_the_guard_sees_a_seed_number_in_a_label(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('"""Docstrings may cite 002 ¶1."""\n# so may comments: 002 ¶2\n'
                    'label = f"Rule (002 ¶{3})"\nrule = f"002 {grid}"\n', encoding="utf-8")
    view = tmp_path / "view.sql"
    view.write_text("-- header cites 002 ¶4\nselect 'Rule (000 ¶5)' as source -- 003 Annex B\n",
                    encoding="utf-8")
    assert sorted(s for s in _user_strings_in_python(page) if SEED_NUMBER.search(s)) == [
        "002 {}", "Rule (002 ¶{})"]
    assert _user_strings_in_sql(view) == ["'Rule (000 ¶5)'"]


def test_pages_commands_and_views_name_the_documents():
    offenders = []
    # spec_sql.py writes the generated files' header comments, which cite seeds like all comments.
    python = [p for p in sorted((ROOT / "dashboard").rglob("*.py"))
              + sorted((ROOT / "ingest").rglob("*.py")) if p.name != "spec_sql.py"]
    for path in python:
        offenders += [f"{path.relative_to(ROOT)}: {s!r}"
                      for s in _user_strings_in_python(path) if SEED_NUMBER.search(s)]
    for path in warehouse.sql_files():
        offenders += [f"{path.relative_to(ROOT)}: {s}"
                      for s in _user_strings_in_sql(path) if SEED_NUMBER.search(s)]
    assert offenders == []
