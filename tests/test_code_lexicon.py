"""The lexicon: practitioners' words written out in a code list's own, tried last (ingest/codes/
lexicon.py; docs/data-quality.md "Code values", "The lexicon")."""

from __future__ import annotations

import pytest

from ingest import code_readings
from ingest.codes import lexicon, read_code
from ingest.codes.abbreviations import _expand
from ingest.codes.lists import _code_list, _is_yes_no_list
from ingest.codes.words import _GLUE
from ingest.spec import load_spec


@pytest.fixture
def own_lexicon(tmp_path, monkeypatch):
    """A lexicon folder of the test's own, in place of ingest/spec/lexicon."""
    def write(name: str, text: str):
        (tmp_path / name).write_text(text, encoding="utf-8")
        lexicon.forget()
        read_code_cache_clear()
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)
    lexicon.forget()
    yield write
    lexicon.forget()


def read_code_cache_clear() -> None:
    from ingest.codes import read
    read._read_in_list.cache_clear()


PLACEMENT = """
[placement_type]
"hmyoi" = "young offender institution"
"feltham" = "young offender institution"
"own flat" = "independent living"
"""


def test_a_phrase_the_list_never_uses_is_read_in_its_words(own_lexicon):
    assert read_code("list_8", "placement_type", "HMYOI Werrington").code is None  # no file yet
    own_lexicon("placement.toml", PLACEMENT)
    r = read_code("list_8", "placement_type", "HMYOI Werrington")
    assert r.code == "t) R5: Young Offender Institution"
    assert r.status == "variant"
    assert "'hmyoi'" in r.note  # the load report says which words were read how
    assert read_code("list_8", "placement_type", "On remand - Feltham").code == r.code


def test_phrases_are_whole_words_with_any_punctuation_between(own_lexicon):
    own_lexicon("placement.toml", PLACEMENT)
    assert read_code("list_8", "placement_type", "OWN-FLAT").code == "l) P2: Independent living"
    assert read_code("list_8", "placement_type", "Felthamshire house").code is None


def test_a_value_its_own_words_read_is_never_read_by_the_lexicon(own_lexicon):
    own_lexicon("placement.toml", '[placement_type]\n"childrens home" = "independent living"\n')
    # The code's own wording decides; the (here deliberately wrong) entry is not tried.
    assert read_code("list_8", "placement_type", "K2 - Children's home").code \
        == "p) K2: Children’s Homes"


def test_words_the_lexicon_reads_can_reveal_a_conflict(own_lexicon):
    own_lexicon("reasons.toml", '[cla_end_reason]\n"own flat" = "independent living"\n'
                '"no support package" = "no support"\n')
    r = read_code("list_8", "cla_end_reason", "E5 - own flat, no support package")
    assert r.code is None and r.status == "conflict"  # E5 is with support; the words say none


def test_a_column_table_applies_to_that_column_only(own_lexicon):
    own_lexicon("yes_no.toml", '[column.disability]\n"cerebral palsy" = "yes"\n')
    assert read_code("list_6", "disability", "Cerebral palsy").code == "a) Yes"
    assert read_code("list_4", "child_seen", "Cerebral palsy").code is None


def test_two_files_giving_one_phrase_two_meanings_are_refused(own_lexicon):
    own_lexicon("a.toml", '[placement_type]\n"resi" = "childrens home"\n')
    own_lexicon("b.toml", '[placement_type]\n"resi" = "residential school"\n')
    with pytest.raises(ValueError, match="'resi' is already 'childrens home' in a.toml"):
        lexicon.rewrite("placement_type", "placement_type", "Resi")


def test_a_value_is_rewritten_once(own_lexicon):
    own_lexicon("a.toml", '[placement_type]\n"yoi" = "young offender institution"\n'
                '"offender" = "yoi offender"\n')
    # One pass: the words written out are not read as phrases again.
    assert lexicon.rewrite("placement_type", "placement_type", "Offender unit") \
        == ("yoi offender unit", ["offender"])


PLACES = """
[classes]
la = ["Kent", "Telford and Wrekin"]
council_words = ["county council", "cc"]

[cla_end_reason]
"transferred to {la}" = "care taken by another local authority"
"""


def test_a_phrase_naming_a_class_stands_for_each_member(own_lexicon):
    own_lexicon("places.toml", PLACES)
    for raw in ["Transferred to Kent", "transferred to KENT County Council",
                "Transferred to Telford & Wrekin CC - their LAC now"]:
        r = read_code("list_8", "cla_end_reason", raw)
        assert r.code == "d) E3: Care taken by another LA", raw
    # A member is whole words, and the phrase's other words are needed too.
    assert read_code("list_8", "cla_end_reason", "Transferred to Kentish Town").code is None
    assert read_code("list_8", "cla_end_reason", "Moved to Kent").code is None


def test_a_phrase_naming_an_unlisted_class_is_refused(own_lexicon):
    own_lexicon("places.toml", '[cla_end_reason]\n"moved to {country}" = "child moved abroad"\n')
    with pytest.raises(ValueError, match="names the class 'country'"):
        lexicon.rewrite("cla_end_reason", "cla_end_reason", "Moved to Spain")


def test_a_change_to_the_lexicon_makes_every_reading_again(own_lexicon):
    before = code_readings.rules_version()
    own_lexicon("placement.toml", PLACEMENT)
    assert code_readings.rules_version() != before


# ------------------------------------------------------------------ the lexicon as shipped

def _tables():
    return [pytest.param(name, {**table.words, **{p: m for _, m, p in table.patterns}}, id=name)
            for name, table in lexicon._tables().items()]


@pytest.mark.parametrize(("name", "entries"), _tables())
def test_every_entry_is_written_in_its_lists_own_words(name, entries):
    """A table names a code list or a yes/no column, and its entries stand for words that list
    uses, so that the value, rewritten, is scored against the codes' wordings as any other."""
    specs = [c for ls in load_spec().lists.values() for c in ls.columns if c.type == "code"]
    if name.startswith("column."):
        assert name.removeprefix("column.") in {c.name for c in specs
                                                if _is_yes_no_list(c.codes)}
        wrong = {p: m for p, m in entries.items() if m not in ("yes", "no", "unknown")}
        assert not wrong, f"{name}: a yes/no column's entries mean yes, no or unknown: {wrong}"
        return
    assert name in {c.codes for c in specs}
    vocabulary = _code_list(name).vocabulary
    # As the reader weighs them: abbreviations written out ('la': local authority).
    wrong = {p: [w for w in _expand(m).split() if w not in vocabulary and w not in _GLUE]
             for p, m in entries.items()}
    wrong = {p: ws for p, ws in wrong.items() if ws}
    assert not wrong, f"{name}: words that are no word of its codes: {wrong}"
