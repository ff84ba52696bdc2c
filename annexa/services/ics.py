"""An iCalendar (RFC 5545) file of a visit's milestones, for Outlook and other calendars.

Written by hand (no dependency): CRLF line ends, lines folded at 75 octets without splitting a
UTF-8 character, text escaped, one VEVENT per milestone. A milestone with a clock time (the 09:30
notification, the 12:00 focused-visit data deadline) is a 30-minute event ending at that time in
Europe/London, with its VTIMEZONE; every other milestone is an all-day event (DTEND is the day
after, as RFC 5545 §3.6.1 requires for dates), spanning its on-site days where it has them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from annexa.rules.milestones import Milestone, Plan

PRODID = "-//Annex A dashboard//Inspection timelines//EN"
CLOCK = re.compile(r"(\d{2}):(\d{2})")

LONDON = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newlines escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets joined by CRLF + space (§3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with the space, which counts
    return "\r\n ".join(parts)


def _event(m: Milestone, uid: str, stamp: str, prefix: str) -> list[str]:
    clock = CLOCK.fullmatch(m.time or "")
    qualifier = f" ({m.time})" if m.time and not clock else ""
    summary = f"{prefix}{m.label}{qualifier}" + (f" by {m.time}" if clock else "")
    description = (f"{m.text}\nResponsible: {m.party}. Counted as {m.counted}.\n"
                   f"Rule {m.rule}, {m.paragraph}.")
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}"]
    if clock:
        end = dt.datetime.combine(m.date, dt.time(int(clock[1]), int(clock[2])))
        start = end - dt.timedelta(minutes=30)
        lines += [f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}"]
    else:
        last = m.end_date or m.date
        lines += [f"DTSTART;VALUE=DATE:{m.date:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
                  "TRANSP:TRANSPARENT"]
    lines += [f"SUMMARY:{escape_text(summary)}", f"DESCRIPTION:{escape_text(description)}",
              f"CATEGORIES:{escape_text(m.party)}", "END:VEVENT"]
    return lines


def plan_to_ics(plan: Plan, la_name: str | None = None, now: dt.datetime | None = None) -> str:
    """The plan's milestones as an .ics calendar (a str with CRLF line ends)."""
    now = now or dt.datetime.now(dt.UTC)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    who = f"{la_name}: " if la_name else ""
    prefix = f"{who}{plan.title} - "
    seed = f"{plan.visit_type}|{plan.notified}|{plan.fieldwork_start}|{la_name or ''}"
    plan_id = hashlib.sha1(seed.encode()).hexdigest()[:12]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(who + plan.title)}"]
    if any(CLOCK.fullmatch(m.time or "") for m in plan.milestones):
        lines += LONDON
    for m in plan.milestones:
        uid = f"{plan_id}-{m.key}-{m.date:%Y%m%d}@annexa.local"
        lines += _event(m, uid, stamp, prefix)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
