"""Words that turn a status round or introduce a name: nobody, nothing, `linked to`, and the link word that only
closes a Dutch phrase (`niet aan mobile care gekoppeld`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.reading.ordinary import ordinary_words
from bot.reading.vocabulary import STATUS_SENSES, TYPE_SENSES, Sense
from bot.reading.word_order import FRAMING
from bot.reading.words import Item

if TYPE_CHECKING:
    from bot.reading.interpret import Reading

_FRAMING = FRAMING
# The word a "no assistant" phrase ends with: `zonder assistent gekoppeld` says free once.
ASSISTANT_WORDS = frozenset({"assistant", "assistent", "assistants", "assistenten"})


def nobody(reading: Reading, items: list[Item], index: int) -> None:
    """`die niemand gebruikt`: free; `used by nobody`: the linked said just before is turned round (`parked, no bot
    yet`: a free said before stays free)."""
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    if before and before[-1].sense in STATUS_SENSES and reading.senses and reading.senses[-1] in STATUS_SENSES:
        reading.senses[-1] = Sense.AVAILABLE
    elif not next_is_status(items, index):
        reading.senses.append(Sense.AVAILABLE)


def after_a_name_left_out(reading: Reading, items: list[Item], index: int) -> bool:
    """`die niet aan mobile care gekoppeld zijn`: the link word right after an assistant left out."""
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    after = [item for item in items[index + 1 :] if item.sense not in _FRAMING]
    # "all but the terneuzen pilots, linked 0115s": a filter right after it makes the link word a status of its own
    if after and (after[0].digits or after[0].place or after[0].assistants or after[0].sense in TYPE_SENSES):
        return False
    if index > 0 and items[index - 1].text in _AFFIRMING:  # "wat niet van X is en wel bezet": a status of its own
        return False
    return bool(before and before[-1].assistants and set(before[-1].assistants) <= set(reading.not_assistants))


# Words that say a status is asked for after all ("… en wel bezet", "… but linked").
_AFFIRMING = frozenset({"wel", "but", "maar", "and", "en", "yet", "still", "nog", "just", "only", "alleen"})


# After a link word, a word for any assistant at all: the phrase is the status ("aren't linked to anything").
ANY_ONE = frozenset({"anything", "anyone", "anybody", "something", "someone", "somebody", "iets", "iemand"})


def names_after(items: list[Item], index: int) -> bool:
    """Whether something after `linked to` can be the name: a name, `assistant`, a word not placed, or nothing."""
    rest = [item for item in items[index + 1 :] if item.sense not in _FRAMING]
    if not rest and any(item.text.lower() in ANY_ONE for item in items[index + 1 :]):
        return False  # "not linked to anything": any assistant at all, so the link status itself
    if not rest:
        return True  # "linked to": asked as typed
    first = rest[0]
    return bool(first.assistants) or first.unknown or first.sense in (Sense.ASSISTANT_MARK, Sense.NOTHING, Sense.NOBODY)


def nothing(reading: Reading, items: list[Item], index: int) -> bool:
    """`linked to nothing`, `hangen aan niets`: free; True when it ended a `linked to` (no name follows)."""
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    if before and before[-1].sense is Sense.LINKED and reading.senses and reading.senses[-1] is Sense.LINKED:
        reading.senses[-1] = Sense.AVAILABLE
    elif before and before[-1].sense is Sense.LINKED_TO:
        reading.senses.append(Sense.AVAILABLE)
        return True
    return False


# Verbs of using: beside "other accounts" they say the number is shared, not that an assistant answers it.
USE_WORDS = frozenset({"use", "uses", "using", "used", "gebruiken", "gebruikt", "gebruikte"})


def use_beside_shared(items: list[Item], index: int) -> bool:
    """`used by several accounts`, `die andere accounts ook gebruiken`: a use word right beside a sharing word."""
    if items[index].text not in USE_WORDS:
        return False
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    after = [item for item in items[index + 1 :] if item.sense not in _FRAMING]
    return any(side and side[0].sense is Sense.SHARED for side in (before[::-1], after))


def _said_after(items: list[Item], index: int) -> list[Item]:
    """The items after `index` that are not framing; "geen" is kept ("bezet, geen buiten dienst": a name left out
    after the status word is not what it is linked to)."""
    return [item for item in items[index + 1 :] if item.sense not in _FRAMING or item.sense is Sense.NONE_OF]


def next_is_status(items: list[Item], index: int) -> bool:
    """The next word that is not framing is a status word."""
    rest = _said_after(items, index)
    return bool(rest) and rest[0].sense in STATUS_SENSES


def after_nobody(items: list[Item], index: int) -> bool:
    """`numbers nobody uses`, `nergens aan gekoppeld`: the status word right after "nobody" is said of nobody."""
    before = [item for item in items[:index] if item.sense not in _FRAMING]
    if before and before[-1].sense is Sense.NOTHING:  # "niks vrij" is not "linked": only a link word turns round
        return items[index].sense is Sense.LINKED
    return bool(before) and before[-1].sense is Sense.NOBODY


def next_names_assistant(items: list[Item], index: int, *, or_unknown: bool = False) -> bool:
    """`linked billing desk`: a status word right before an assistant's name introduces the name."""
    rest = _said_after(items, index)
    if not rest:
        return False
    unknown_name = or_unknown and rest[0].unknown and not rest[0].digits and rest[0].text not in ordinary_words()
    return bool(rest[0].assistants) or unknown_name
