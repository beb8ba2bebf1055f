"""A question corrected while it is typed (`free in valkenswaard? nope, i mean the taken ones`, `vrij in
vollenhove? nee wacht, juist de bezette`): what is said after the correction replaces what it corrects, and the
rest of the question stands. Read whole, both statuses clash, or both places are listed (a widened listing)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.reading.clauses import FILTER_FIELDS, MAX_SPLIT_CHARS, filter_kinds
from bot.reading.question import Kind, Question

# Words that take back what was just said, in English and Dutch.
_TAKEN_BACK = re.compile(
    r"[,.;:?!]?\s*\b(?:nope|no wait|wait no|wait|i mean|i meant|scratch that|correction|oops|sorry i mean|sorry|"
    r"forget it|forget that|oh no|oh wait|actually no|hmm no|nah|nvm(?=\s*[,.:!])|never mind(?=\s*[,.:!])|"
    r"nee wacht|wacht even|wacht|ik bedoel|bedoel ik|ik bedoelde|correctie|oeps|nee toch niet|nee toch|o nee|"
    r"oh nee|laat maar(?=\s*[,.:!])|sorry ik bedoel|nee)\b[,.:!]?",
    re.IGNORECASE,
)
_READ = (Kind.LIST, Kind.COUNT)


def on_second_thoughts(text: str, read_clause: Callable[[str], Question]) -> Question | None:
    """The question as corrected midway: the first part's filters with those said after the correction, or None."""
    if len(text) > MAX_SPLIT_CHARS or not (said := list(_TAKEN_BACK.finditer(text))):
        return None
    # "scratch that, dedemsvaart i meant", "o nee sorry, in grou bedoel ik": what is left after the first marker
    left, right = text[: said[0].start()], _TAKEN_BACK.sub(" ", text[said[0].end() :])
    if not left.strip() or not right.strip():
        return None
    first, second = read_clause(left), read_clause(right)
    kinds = filter_kinds(second)
    if first.kind not in _READ or second.kind not in _READ or not kinds or first.ignored or second.ignored:
        return None
    update = {field: getattr(second, field) for kind in kinds for field in FILTER_FIELDS[kind]}
    kind = Kind.COUNT if Kind.COUNT in (first.kind, second.kind) else Kind.LIST
    corrections = (*first.corrections, *second.corrections)
    return first.model_copy(update={**update, "kind": kind, "corrections": corrections})
