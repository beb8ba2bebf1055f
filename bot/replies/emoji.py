"""The emoji the replies use: Slack's short codes, and the character Slack shows for each (and the console too)."""

from __future__ import annotations

import re

# Slack renders `:code:` as the emoji; a terminal shows the character itself, so the console and `ask` read the
# same as Slack does (an on-call engineer who learnt 🔗 and 🟢 in Slack sees them in the console too).
CHARACTERS = {
    ":large_green_circle:": "🟢",
    ":white_circle:": "⚪",
    ":link:": "🔗",
    ":warning:": "⚠️",
    ":white_check_mark:": "✅",
    ":hourglass_flowing_sand:": "⏳",
    ":hourglass:": "⌛",
    ":x:": "❌",
    ":grey_question:": "❔",
    ":busts_in_silhouette:": "👥",
    ":new:": "🆕",
    ":heavy_minus_sign:": "➖",
    ":repeat:": "🔁",
    ":pencil2:": "✏️",
    ":eyes:": "👀",
}
# A short code as Slack writes it: letters, digits, `_`, `+` and `-` between colons (not a time like 14:02:11).
SHORT_CODE = re.compile(r":[a-z][a-z0-9_+-]*:")


def as_characters(text: str) -> str:
    """`:link: linked to` → `🔗 linked to`: every short code the replies use, as the character Slack shows."""
    return SHORT_CODE.sub(lambda match: CHARACTERS.get(match.group(0), match.group(0)), text)
