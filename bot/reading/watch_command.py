"""Watch commands (`watch …`, `watches`, `unwatch N`): read before the question reader, on every surface."""

from __future__ import annotations

import re

WATCH = re.compile(r"^\s*(?:watch|volg|bewaak)\b(.*)$", re.IGNORECASE | re.DOTALL)
WATCHES = re.compile(r"^\s*(?:watches|watching|list\s+watches|bewakingen)\s*$", re.IGNORECASE)
UNWATCH = re.compile(r"^\s*(?:unwatch|stop\s+watching|stop\s+watch|ontvolg)\b\s*#?(\S*)\s*$", re.IGNORECASE)
BELOW = re.compile(r"\b(?:below|under|fewer\s+than|less\s+than|onder|minder\s+dan|<)\s*(\d{1,6})\s*$", re.IGNORECASE)


def is_watch_command(text: str) -> bool:
    """True for `watch …`, `watches` and `unwatch N`: commands read before the question reader."""
    return bool(WATCH.match(text) or WATCHES.match(text) or UNWATCH.match(text))
