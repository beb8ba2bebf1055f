"""Two clauses that are asked in turn (`overview first, then free mobiles`), or that make one question after all
(`free mobile numbers, linked ones too`, `hoeveel in totaal en hoeveel vrij`), read apart by the clause reader."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.reading.clauses import (
    FILTER_FIELDS,
    MAX_SPLIT_CHARS,
    MAX_SPLIT_POINTS,
    filter_kinds,
    read_whole,
    split_points,
    with_the_firsts_other_filters,
)
from bot.reading.question import Kind, Question

# Words that put two questions in turn ("overview first, then free mobiles", "eerst X, daarna Y"). Not "dan" alone:
# it is also "than" ("meer dan 3"); after a comma it is "then" ("eerst het overzicht, dan de vrije").
_BREAK = re.compile(r"[;,?!]\s*|\s[—–-]\s")
_IN_TURN = re.compile(
    r"\b(?:and then|then|after that|afterwards|next|en daarna|daarna|en dan|vervolgens|nadien|daarop|daarnaast)\b"
    r"|,\s*dan\b",
    re.IGNORECASE,
)

# "… and then only the free ones", "… en dan alleen de bezette": what follows narrows what came before.
_ONLY_NEXT = re.compile(r"[\s,;:.]*(?:only|just|alleen|enkel|slechts|uitsluitend)\b", re.IGNORECASE)


def in_sequence(text: str, read_clause: Callable[[str], Question]) -> tuple[Question, Question] | None:
    """The two questions `text` asks in turn, each read alone (`X first then Y`, `X aub en daarna Y`), or None."""
    if len(text) > MAX_SPLIT_CHARS:
        return None
    for found in list(_IN_TURN.finditer(text))[:MAX_SPLIT_POINTS]:
        left, right = text[: found.start()], text[found.end() :]
        if not right.strip(" ,;.?!") and (breaks := list(_BREAK.finditer(left))):
            # "how many 088 are unassigned; heeg after that": the clause before the marker is the second question
            left, right = left[: breaks[-1].start()], left[breaks[-1].end() :]
        if not left.strip(" ,;.") or not right.strip(" ,;.?") or _ONLY_NEXT.match(right):
            continue  # "0228 en dan alleen de bezette": the second narrows the first, one question
        first, second = read_clause(left), read_clause(right)
        if first.kind is Kind.HELP and _answerable(second) and not first.ignored:
            return first, second  # "help and then free in groenlo": the help first, the listing said under it
        if second.kind is Kind.HELP and _answerable(first) and not second.ignored:
            return first, second  # "free in ede then help": the listing, the help said asked (never dropped)
        if _answerable(first) and _answerable(second):  # "… en daarna die in utrecht": the first's other filters
            return first, with_the_firsts_other_filters(first, second) or second
    return None


def with_a_bare_refresh(first: Question, second: Question) -> Question | None:
    """`reload then list ede`, `free in ede, then refresh`: one side only asks to read the account again; the other
    is the question, answered from a fresh read. None when both ask something."""
    for refresh, asked in ((first, second), (second, first)):
        if refresh.refresh and refresh.kind is Kind.STATS and not refresh.has_filters() and not asked.refresh:
            return asked.model_copy(update={"refresh": True})
    return None


def _answerable(question: Question) -> bool:
    """A question read in full on its own: neither asked back nor help, no word ignored."""
    return question.kind not in (Kind.CLARIFY, Kind.HELP) and not question.ignored


def clause_pairs(text: str, read_clause: Callable[[str], Question]) -> Iterator[tuple[Question, Question]]:
    """Each way of reading `text` as two clauses, each read alone (a short question only)."""
    if len(text) > MAX_SPLIT_CHARS:
        return
    for at, end, _strong in split_points(text):
        left, right = text[:at], text[end:]
        if left.strip() and right.strip():
            yield read_clause(left), read_clause(right)


def both_statuses(text: str, read_clause: Callable[[str], Question]) -> Question | None:
    """`free mobile numbers, linked ones too`: the second part a bare status, the other one: the first part's numbers
    whatever their status (as `free or linked` asks), or None."""
    for first, second in clause_pairs(text, read_clause):
        if (
            read_whole(first)
            and first.status is not None
            and read_whole(second)
            and filter_kinds(second) == {"status"}
            and second.status != first.status
        ):
            return first.model_copy(update={"status": None})
    return None


# Words that point a second count back at the first one's numbers ("and how many of those are mobile"), or a total
# counted first ("how many in total, and how many in X").
_OF_THOSE = re.compile(
    r"\b(?:of those|of these|of them|of which|thereof|within that|among them|amongst them|daarvan|ervan|waarvan|"
    r"van die|van deze|binnen dat aantal|daarbinnen|daaronder|onder die)\b|"
    r"\b(?:in total|overall|altogether|in all|in totaal|totaal|al met al)\b.*\b(?:and|en)\b",
    re.IGNORECASE,
)


def _of_those(first: Question, second: Question) -> Question:
    """`… and how many of them are 0800`: the first question's numbers narrowed by what the second says."""
    kinds = filter_kinds(second)
    update = {field: getattr(second, field) for kind in kinds for field in FILTER_FIELDS[kind]}
    return first.model_copy(update={**update, "kind": second.kind})


def a_count_and_its_part(text: str, read_clause: Callable[[str], Question]) -> Question | None:
    """`hoeveel nummers in totaal en hoeveel vrij`: a count, then a count of one status of the same numbers: the
    first count, whose breakdown answers both (read whole, only the free ones were counted); `how many free, and how
    many of those mobile`: the count, with the part of those numbers asked beside it; or None."""
    pointing_back = _OF_THOSE.search(text) is not None
    for first, second in clause_pairs(text, read_clause):
        counts = first.kind is second.kind is Kind.COUNT and read_whole(first) and read_whole(second)
        if counts and pointing_back and filter_kinds(second):
            # "hoeveel vrij totaal, en hoeveel daarvan mobiel": the count, and the part of those numbers said with it
            return first.model_copy(update={"also_asked": _of_those(first, second).canonical()})
        if filter_kinds(second) != {"status"}:
            continue
        if first.kind is Kind.STATS and second.kind in (Kind.COUNT, Kind.LIST):
            return first  # "hoeveel nummers in totaal en hoeveel vrij", "total and free": the overview says both
        if counts and "status" not in filter_kinds(first):  # its breakdown says both; the part is said beside it
            return first.model_copy(update={"also_asked": _of_those(first, second).canonical()})
    return None
