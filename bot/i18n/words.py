"""Words the replies build sentences from: a status, a number type, a group, 'or' and 'and' in the reply's language."""

from __future__ import annotations

from bot.i18n.translator import npgettext, pgettext


def either(items: tuple[str, ...] | list[str], conjunction: str = "or") -> str:
    """`a or b` / `a and b` in the reply's language."""
    word = pgettext("conjunction", "or") if conjunction == "or" else pgettext("conjunction", "and")
    return f" {word} ".join(items)


def adjective(word: str) -> str:
    """A status or number type before the word for numbers ('vrije', 'lokale'); unknown words as they are."""
    # Before the word for numbers Dutch inflects it ("vrije lokale nummers"): its own messages, in context.
    adjectives = {
        "available": pgettext("before numbers", "available"),
        "linked": pgettext("before numbers", "linked"),
        "local": pgettext("before numbers", "local"),
        "mobile": pgettext("before numbers", "mobile"),
        "national": pgettext("before numbers", "national"),
    }
    return adjectives.get(word, word)


def counted_adjective(word: str, count: int) -> str:
    """A status or type before a counted noun: '1 vrij lokaal nummer', '7 vrije lokale nummers'."""
    # Dutch inflects an adjective before a plural noun but not before one het-word after a count ("1 vrij nummer"):
    # the forms come from the catalogue's plural rule, one message per word in context "counted".
    adjectives = {
        "available": npgettext("counted", "available", "available", count),
        "linked": npgettext("counted", "linked", "linked", count),
        "local": npgettext("counted", "local", "local", count),
        "mobile": npgettext("counted", "mobile", "mobile", count),
        "national": npgettext("counted", "national", "national", count),
    }
    return adjectives.get(word, word)


def counted_numbers(count: int, shared: bool = False) -> str:
    """The noun after a count: 'number' / 'numbers', 'shared default number' / 'shared default numbers'."""
    if shared:
        return npgettext("counted", "shared default number", "shared default numbers", count)
    return npgettext("counted", "number", "numbers", count)


def type_word(word: str) -> str:
    """A number type on its own ('mobiel'); a type Flireo adds later is shown as Flireo names it."""
    types = {
        "local": pgettext("number type", "local"),
        "mobile": pgettext("number type", "mobile"),
        "national": pgettext("number type", "national"),
        "untyped": pgettext("number type", "untyped"),
    }
    return types.get(word, word)


def group_word(group: str, count: int = 1) -> str:
    """What a count is given for each of: 'assistant'/'assistants', 'plaats'/'plaatsen'."""
    words = {
        "assistant": npgettext("group", "assistant", "assistants", count),
        "place": npgettext("group", "place", "places", count),
        "type": npgettext("group", "type", "types", count),
    }
    return words.get(group, group)


def predicate_word(word: str) -> str:
    """What every number should be, after 'are': 'vrij', 'gekoppeld', 'mobiel'."""
    statuses = {"available": pgettext("status", "available"), "linked": pgettext("status", "linked")}
    return statuses.get(word) or type_word(word)


def order_status_word(status: str) -> str:
    """An order's status as Flireo names it, in words: 'pending' → 'lopend'; one Flireo adds later as it is."""
    statuses = {
        "pending": pgettext("order", "pending"),
        "success": pgettext("order", "success"),
        "failed": pgettext("order", "failed"),
        "unknown": pgettext("order", "unknown"),
    }
    return statuses.get(status, status)
