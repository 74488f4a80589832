"""Which route to a person fits the time of day."""
from __future__ import annotations

import re
from datetime import datetime, time
from typing import Optional, Tuple
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def parse_hours(hours: str) -> Optional[Tuple[time, time]]:
    """"08:00-20:00" -> (08:00, 20:00); "" -> None (hours not known)."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", hours or "")
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return time(h1, m1), time(h2, m2)


def live_chat_open(hours: str, now: Optional[datetime] = None) -> Optional[bool]:
    """True/False when the hours are known, None when they are not configured."""
    window = parse_hours(hours)
    if window is None:
        return None
    local = (now or datetime.now(LONDON)).astimezone(LONDON).time()
    start, end = window
    return start <= local < end if start < end else (local >= start or local < end)
