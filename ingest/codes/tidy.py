"""Tidying a value before it is read: a number a spreadsheet wrote as '1.0', notes about a code's
history ('(superseded by F4/F5)'), a system's local code ('A.A3 - English'), and punctuation that
only shortens ('Sec 20', 'P.A.C.E', 'L/A', 'F&F', 'N/K', "G'ship", a date).
"""

from __future__ import annotations

import re

from ingest.codes.lists import _CodeList, fold
from ingest.text_repair import repair


def _plain(raw: object) -> str:
    """The value as text, with what carrying it between systems did to it undone
    (ingest/text_repair.py); a whole number a spreadsheet wrote as '1.0' is '1'."""
    text = "" if raw is None else repair(str(raw))[0].strip()
    return re.sub(r"^(\d+)\.0+$", r"\1", text)


# A note in brackets about the code's history says nothing about which code it is: 'F3 -
# (superseded by F4/F5) Young person engaged full time ...'.
_NOTE = re.compile(
    r"\((?:superseded|replaced|formerly|previously|retired|legacy|old code)\b[^)]*\)", re.I)


# A system's own code of a census group letter, a dot and a number before the words ('A.A3 -
# English', 'D.D3 - Somali'): it is no official token, and its letter is no template letter.
_LOCAL_CODE = re.compile(r"^([A-Za-z])\.[A-Za-z]{1,2}[0-9X]{0,3}\s*[-–:]\s*(?=\S)")
# The census's group letters (A White, B Mixed, C Asian, D Black; E, other groups, says nothing
# the words do not).
_CENSUS_GROUP = {"A": "White", "B": "Mixed", "C": "Asian", "D": "Black"}


# Initials written with dots ('P.A.C.E', 'S.G.O.') and 'L/A' for LA.
_DOTTED = re.compile(r"(?<![A-Za-z.])((?:[A-Za-z]\.){1,}[A-Za-z])\.?(?![A-Za-z])")
_L_SLASH_A = re.compile(r"\bL/A\b", re.IGNORECASE)
# A section of an Act written short: two or three digits, so that no code such as S1 is taken.
_SECTION = re.compile(r"\b(?:sec|s)\.\s*(\d{2,3})\b|\bsec\s+(?=\d{2,3}\b)", re.IGNORECASE)
# The Act a section belongs to ('Children Act 1989', 'CA 1989', 'CA89').
_ACT = re.compile(r"\b(?:of\s+(?:the\s+)?)?(?:children\s+act|ca)\s*(?:19|20)?89\b", re.I)
_NOT_KNOWN = re.compile(r"^\s*n\s*/?\s*k\s*$", re.IGNORECASE)
_NOT_APPLICABLE = re.compile(r"^\s*n\s*/\s*a\s*$", re.IGNORECASE)
# Short forms written with '&' or '/': 'F&F' (family and friends), 'P/T', 'F/T', 'w/'.
_F_AND_F = re.compile(r"\bF\s*&\s*F\b", re.IGNORECASE)
_FULL_PART = re.compile(r"\b([FP])\s*/\s*T\b", re.IGNORECASE)
_WITH = re.compile(r"\bw/\s+", re.IGNORECASE)  # 'w/ adopters', never "W/Asian"
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_BACK_HOME = re.compile(r"\b(?:(?:went|gone|moved|returned)\s+)?back\s+(?:home|to\s+(?="
                        r"(?:mum|dad|mother|father|parents?|family)\b))", re.IGNORECASE)
_NOT_CONTRACTED = re.compile(r"n['’]t\b", re.IGNORECASE)
_A_AND_E = re.compile(r"\bA\s*(?:&|and)\s*E\b", re.IGNORECASE)
_PASSED_AWAY = re.compile(r"\bpassed away\b", re.IGNORECASE)
# Hours or days a week, which tell full time from part time in a care leaver's activity: the
# SSDA903 guidance counts 16 hours a week or more as full time.
_HOURS = re.compile(r"\b(\d{1,2}(?:\.\d)?)\s*(?:hrs?|hours?|h)\b\s*(?:a|per|/|p\.?)?\s*"
                    r"(?:week|wk|w)\b", re.IGNORECASE)
_DAYS = re.compile(r"\b([1-5]|one|two|three|four|five)\s*(?:days?|d)\s*(?:a|per|/|p\.?)?\s*"
                   r"(?:week|wk|w)\b", re.IGNORECASE)
_DAY_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_HALF_TIME = re.compile(r"(?:\bhalf|½)[\s-]*time\b|\breduced hours\b", re.IGNORECASE)
FULL_TIME_HOURS = 16


# Words after which a number of hours is a bound: 'under 16 hours', 'at least 20 hours'.
_BELOW = re.compile(r"(?:under|less\s+than|fewer\s+than|up\s+to|<|max(?:imum)?)\s*$", re.I)
_ABOVE = re.compile(r"(?:over|more\s+than|at\s+least|min(?:imum)?|>)\s*$", re.I)
# Where hours say nothing of full or part time: a degree's contact hours, a past job, a range.
_NOT_THE_ACTIVITY = re.compile(r"\b(?:uni|university|degree|higher\s+education|he|neet|"
                               r"previously|formerly|used\s+to|was)\b|\d\s*[-–]\s*\d", re.I)
_WORK = re.compile(r"\b(?:apprentic\w*|employ\w*|work\w*|job|paid)\b", re.IGNORECASE)


def _time_worked(text: str) -> str:
    """'Apprenticeship 12 hrs/wk': part time; '30 hours a week': full time; 'under 16 hours':
    part time; '1 day/wk' at college: part time, '5 days a week': full time (3 or 4 days say
    neither); 'half time': part time. Only when the value does not say full or part time
    itself and has one such measure (two, 'employed 30 hrs plus college 1 day', may be two
    activities); never for a degree's contact hours, a past job, a range of hours, or days at
    college beside an apprenticeship or job (day release)."""
    if re.search(r"\b(?:full|part)[\s-]*time\b", text, re.IGNORECASE) \
            or _NOT_THE_ACTIVITY.search(text):
        return text
    hours, days = list(_HOURS.finditer(text)), list(_DAYS.finditer(text))
    if len(hours) + len(days) > 1:
        return text
    if hours:
        m = hours[0]
        count, before = float(m.group(1)), text[:m.start()]
        if _BELOW.search(before):
            full = False if count <= FULL_TIME_HOURS else None
        elif _ABOVE.search(before):
            full = True if count >= FULL_TIME_HOURS else None
        else:
            full = count >= FULL_TIME_HOURS
        return text if full is None else f"{'full' if full else 'part'} time {text}"
    if days:
        if _WORK.search(text):
            return text  # 'Apprentice, 1 day a week at college': the days are the college's
        count = _DAY_WORDS.get(days[0].group(1).lower()) or int(days[0].group(1))
        return f"part time {text}" if count <= 2 else f"full time {text}" if count == 5 else text
    return _HALF_TIME.sub("part time", text)


# A word shortened with an apostrophe in its middle ('G'ship', 'Ass't').
_CONTRACTION = re.compile(r"\b([A-Za-z]+)['’]([A-Za-z]{3,})\b")


def _tidy(text: str, lst: _CodeList) -> str:
    """Punctuation that only shortens: the Act a section belongs to dropped ('CA 1989'), a
    section written short written out ('Sec 20' -> 'section 20'), dotted initials joined
    ('P.A.C.E' -> 'PACE'), 'L/A' -> 'LA', 'F&F', 'P/T', 'F/T', 'w/' and 'passed away' written
    out, a date dropped, 'N/K' and 'N/A' as the words they stand for, hours or days a week
    as full or part time in a care leaver's activity, and a
    word cut by an apostrophe written out when one word of the list begins and ends so
    ('Special G'ship Order' -> 'Special guardianship Order')."""
    text = _ACT.sub(" ", text)  # 'Section 20 CA 1989': which Act says nothing of the code
    text = _SECTION.sub(r"section \1", text)  # 'Sec 20', 's.20': section 20 of the Act
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _L_SLASH_A.sub("LA", text)
    text = re.sub(r"<\s*(?=\d)", "less than ", text)  # 'Temporary move < 7 days'
    text = _F_AND_F.sub("family and friends", text)
    text = _FULL_PART.sub(lambda m: "full time" if m.group(1).lower() == "f" else "part time",
                          text)
    text = _WITH.sub("with ", text)
    text = _DATE.sub(" ", text).strip()  # 'PPO 12/05/2024': when says nothing of what
    text = _PASSED_AWAY.sub("died", text)
    text = _A_AND_E.sub("A&E", text)
    text = _BACK_HOME.sub("returned home", text)  # 'back home with mum', 'went back to dad's'
    text = _NOT_CONTRACTED.sub(" not", text)  # 'didn't oppose', 'doesn't want'
    if lst.name == "activity":
        text = _time_worked(text)
    if _NOT_KNOWN.match(text) and fold(text).replace(" ", "") not in lst.tokens:
        return "Not known"  # 'N/K', 'NK': never the token N and a stray K
    if _NOT_APPLICABLE.match(text):
        return "not applicable"  # 'N/A': never the token N (No) and a stray A

    def whole(m: re.Match) -> str:
        head, tail = m.group(1).lower(), m.group(2).lower()
        words = {w for w in lst.vocabulary if w.startswith(head) and w.endswith(tail)
                 and len(w) > len(head) + len(tail)}
        return words.pop() if len(words) == 1 else m.group(0)
    return _CONTRACTION.sub(whole, text)
