"""What a reading asks (SPEC §3): its kind and filters, the words it did not use, or why it is asked back."""

from __future__ import annotations

from bot.i18n import _
from bot.i18n.words import adjective, either, group_word, type_word
from bot.reading.interpret import Reading, is_prefix
from bot.reading.phones import international_prefix
from bot.reading.question import GroupBy, Kind, Question, Status
from bot.reading.text import digits
from bot.reading.typos import ordinary_words
from bot.reading.vocabulary import GROUP_SENSES, ORDER_STATUS_SENSES, STATUS_SENSES, TYPE_SENSES, Sense
from bot.reading.word_order import MIN_FRAGMENT_DIGITS

# One line each; a longer list is cut, and the reply says how many were left out (the shortcut reads more).
MAX_LOOKUPS = 40
# A question back names at most this many words it could not place.
MAX_NAMED = 5


# A pasted line with a stray code ("webhook 502 at 10.1.2.3") is not a question about numbers containing 502.
MIN_UNKNOWN_AROUND_DIGITS = 2


def _digits_among_unknown_words(reading: Reading, statuses: set[str], types: set[str]) -> bool:
    """Only a digit group and words the reader cannot place: an alert's code, not a fragment to search for."""
    named = reading.places or reading.assistants or reading.not_places or reading.not_assistants
    said = set(reading.senses) - {Sense.FILLER}
    only_digits = not (statuses or types or named or said)
    has_digits = bool(reading.digit_groups or reading.forced_fragments or reading.forced_prefixes or reading.suffixes)
    unknown = set(reading.unknown) - ordinary_words()  # "zit er eentje tussen met 3558": everyday words around it
    return only_digits and has_digits and len(unknown) >= MIN_UNKNOWN_AROUND_DIGITS


def _prefixes_and_fragments(reading: Reading) -> tuple[list[str], list[str]]:
    """`020`, `06`, `085` start a number; other groups, and any after `containing`, are found inside it."""
    prefixes = [*reading.forced_prefixes, *(group for group in reading.digit_groups if is_prefix(group))]
    fragments = [*reading.forced_fragments, *(group for group in reading.digit_groups if not is_prefix(group))]
    return prefixes, fragments


def unused_words(reading: Reading, kind: Kind) -> list[str]:
    """What a question said that its answer does not use, to be named as ignored."""
    unused = [*reading.unknown, *unused_digits(reading)]
    if kind in (Kind.ORDERS, Kind.BUYABLE):  # Flireo filters orders and offers by status, type and digits only
        unused += [place.label for place in reading.places] + reading.assistants
    if kind is Kind.LIST and Sense.BUYABLE in reading.senses:
        unused.append("buy")
    if kind is Kind.BUYABLE:
        unused += reading.short_digits
    return unused


# Between prefixes listed side by side: "020 and 010", "020, 010", "085 of 088".
_LISTING_PREFIXES = frozenset({"and", "or", "en", "of", "&", "+", "/", "plus"})


def other_prefix_also_asked(question: Question, tokens: list[str]) -> Question:
    """`020 and 010 numbers`: a second prefix listed beside the first, which the answer cannot filter by at once, is
    asked as a question of its own (the same filters, that prefix), never dropped as ignored (a narrowed listing)."""
    listed = {
        token for at, token in enumerate(tokens) if at and tokens[at - 1] in _LISTING_PREFIXES | {question.prefix}
    }
    others = [group for group in question.ignored if is_prefix(group) and group in listed and group != question.prefix]
    if question.kind not in (Kind.LIST, Kind.COUNT) or not question.prefix or not others or question.also_asked:
        return question
    also = question.model_copy(update={"prefix": others[0], "ignored": ()}).canonical()
    return question.model_copy(
        update={"also_asked": also, "ignored": tuple(w for w in question.ignored if w != others[0])}
    )


def unused_digits(reading: Reading) -> list[str]:
    """Digit groups the answer does not use: one prefix and one fragment are; a second, or two digits, are not."""
    prefixes, fragments = _prefixes_and_fragments(reading)
    return [*prefixes[1:], *fragments[1:], *reading.suffixes[1:], *reading.short_digits]


def question_of(reading: Reading, lookups: tuple[str, ...], explicit: dict[str, list[str]], region: str) -> Question:
    """The question a reading adds up to: its kind and filters, or why it is asked back."""
    senses = set(reading.senses)
    statuses = {STATUS_SENSES[s] for s in senses if s in STATUS_SENSES}
    if len(statuses) > 1:
        # "free or linked", "vrij en gekoppeld": every number, whichever it is ("how many free and how many
        # linked": the count's breakdown answers both); side by side ("free linked") they are asked back.
        statuses = set()
    types = {TYPE_SENSES[s] for s in senses if s in TYPE_SENSES}
    order_status = next((ORDER_STATUS_SENSES[s] for s in reading.senses if s in ORDER_STATUS_SENSES), None)
    refresh = Sense.REFRESH in senses
    # In the order they were said ("local or mobile"), each once; a type also left out is asked back (_problem).
    number_types = tuple(dict.fromkeys(TYPE_SENSES[s] for s in reading.senses if s in TYPE_SENSES))
    number_type = number_types[0] if len(number_types) == 1 else None
    if Sense.ORDERS in senses or (order_status and not lookups and not _filters(reading, statuses, types)):
        return Question(
            kind=Kind.ORDERS, order_status=order_status, lookups=lookups[:1], number_types=number_types, refresh=refresh
        )
    prefixes, fragments = _prefixes_and_fragments(reading)
    # "free numbers in rotterdam, or should I buy one": the account's numbers are asked about first.
    about_account = bool(statuses or reading.assistants)  # a place alone goes with offers too ("buy local amsterdam")
    if (Sense.BUYABLE in senses and not about_account) or "pattern" in explicit:
        # Flireo matches the pattern in the E.164 number: `085` is looked for as `3185`.
        wanted = [international_prefix(p, region)[1:] for p in prefixes] + fragments + reading.suffixes
        pattern = "".join(wanted[:1]) or (digits(lookups[0]) if lookups else None)
        if len(number_types) > 1:
            kinds = either([f"*{type_word(kind)}*" for kind in number_types])
            problem = _("Flireo offers one number type at a time: ask for {types}.").format(types=kinds)
            return Question(kind=Kind.CLARIFY, problem=problem)
        offered = (number_type or "national",)
        return Question(kind=Kind.BUYABLE, number_types=offered, fragment=pattern, refresh=refresh)
    if lookups:
        return Question(kind=Kind.LOOKUP, lookups=lookups[:MAX_LOOKUPS], refresh=refresh)
    if problem := _problem(reading, statuses, types):
        return Question(kind=Kind.CLARIFY, problem=problem)
    filters = {
        "status": Status(next(iter(statuses))) if statuses else None,
        "number_types": number_types,
        "not_number_types": tuple(dict.fromkeys(reading.not_types)),
        "places": tuple(dict.fromkeys(place.label for place in reading.places)),
        "place_spellings": tuple(sorted({s for place in reading.places for s in place.spellings})),
        "assistants": tuple(dict.fromkeys(reading.assistants)),
        "not_places": tuple(dict.fromkeys(place.label for place in reading.not_places)),
        "not_place_spellings": tuple(sorted({s for place in reading.not_places for s in place.spellings})),
        "not_assistants": tuple(dict.fromkeys(reading.not_assistants)),
        "prefix": prefixes[0] if prefixes else None,
        "not_prefixes": tuple(dict.fromkeys(reading.not_prefixes)),
        "fragment": fragments[0] if fragments else None,
        "suffix": reading.suffixes[0] if reading.suffixes else None,
        "shared": Sense.SHARED in senses,
        "refresh": refresh,
    }
    group_by = next((GroupBy(GROUP_SENSES[s]) for s in reading.senses if s in GROUP_SENSES), None)
    if group_by is GroupBy.PLACE and reading.said_none and filters["status"] is not None:
        # "which towns have no free numbers left": the places with numbers, none of them free (never those with)
        return Question(kind=Kind.COUNT, group_by=group_by, with_none=True, **filters)
    if group_by is not None and reading.said_none:  # "which assistants have no free numbers": not the ones that do
        return Question(
            kind=Kind.CLARIFY,
            problem=_(
                "I can't list the {groups} with none yet: ask for the count per {group} (e.g. `{example}`); "
                "those it does not list have none."
            ).format(
                groups=group_word(group_by, 2),
                group=group_word(group_by),
                example=_("numbers per {group}").format(group=group_word(group_by)),
            ),
        )
    # "numbers per city", "hoeveel per assistent": a count for each, whatever else the words ask.
    kind = Kind.COUNT if group_by else _kind(senses, _filters(reading, statuses, types), reading)
    return Question(kind=kind, group_by=group_by, **filters)


def _filters(reading: Reading, statuses: set[str], types: set[str]) -> bool:
    named = reading.places or reading.assistants or reading.not_places or reading.not_assistants
    digit_filters = (
        reading.digit_groups
        or reading.forced_fragments
        or reading.forced_prefixes
        or reading.suffixes
        or reading.not_prefixes
    )
    return bool(statuses or types or reading.not_types or named or digit_filters) or Sense.SHARED in reading.senses


def _kind(senses: set[Sense], has_filters: bool, reading: Reading) -> Kind:
    if has_filters:
        return Kind.COUNT if senses & {Sense.COUNT, Sense.STATS} else Kind.LIST
    if Sense.HELP in senses:
        return Kind.HELP
    if senses & {Sense.COUNT, Sense.STATS}:
        return Kind.STATS
    if senses & {Sense.LIST, Sense.LOOKUP} or len(senses & set(STATUS_SENSES)) > 1:  # "free or linked": all of them
        return Kind.LIST
    return Kind.STATS if Sense.REFRESH in senses else Kind.HELP


def _problem(reading: Reading, statuses: set[str], types: set[str]) -> str | None:
    """Why the question cannot be answered as read, or None: never a confident answer to a misread question."""
    if reading.statuses_clash and not set(reading.senses) & {Sense.COUNT, Sense.STATS}:
        return _("A number cannot be both *available* and *linked*: ask for one, or `free or linked` for all of them.")
    if both := [kind for kind in dict.fromkeys(reading.not_types) if kind in types]:
        return _("Do you want *{kind}* numbers or not? Ask for them, or say `not {type}`.").format(
            kind=adjective(both[0]), type=type_word(both[0])
        )
    if reading.negated_filter:
        return _(
            "I can't leave out *{kind}* numbers yet: ask for the ones you want, e.g. `local`, `mobile` or `national`."
        ).format(kind=adjective(reading.negated_filter))
    if reading.unknown_left_out:
        word = reading.unknown_left_out[0][:60]
        return _(
            "I don't know *{word}*, so I can't leave it out: name a place, an assistant, a type or a prefix."
        ).format(word=word)
    if reading.regions:
        return _(
            "*{region}* is a province or region, and a number belongs to a town: name the towns, or ask "
            "`numbers per place`."
        ).format(region=reading.regions[0][:60])
    if reading.unknown_place:
        place = " ".join(reading.unknown_place)[:60]
        return _("I don't know a place called *{place}*.").format(place=place)
    if reading.unknown_assistant:
        name = " ".join(reading.unknown_assistant)[:60]
        return _("No assistant on the account is called *{name}*.").format(name=name)
    filtered = _filters(reading, statuses, types)
    said = set(reading.senses) - {Sense.FILLER, Sense.LOOKUP}  # "find" or "wie" alone asks for nothing yet
    if reading.short_digits and not filtered and not said:  # "find 45": two digits name no number
        group = reading.short_digits[0]
        return _("*{digits}* is too short to look up: give at least {least} digits, or the whole number.").format(
            digits=group, least=MIN_FRAGMENT_DIGITS
        )
    if _digits_among_unknown_words(reading, statuses, types):
        groups = (*reading.forced_fragments, *reading.digit_groups, *reading.forced_prefixes, *reading.suffixes)
        group = groups[0]  # "… dat eindigt op 6681, is dat van ons": the digits were read as an ending
        return _(
            "I found no phone number in that. To look for numbers containing *{digits}*, ask `numbers containing "
            "{digits}`."
        ).format(digits=group)
    if reading.unknown and not filtered and not said:  # "wie ben jij", "geen idee wat ik zoek"
        return not_understood(reading.unknown)
    return None


def not_understood(words: list[str]) -> str:
    """'I don't understand *xyz*.': what a question that names nothing readable is told."""
    telling = [word for word in words if word not in ordinary_words()] or words  # "ik", "wil" tell nothing
    named = ", ".join(f"*{word[:30]}*" for word in list(dict.fromkeys(telling))[:MAX_NAMED])
    return _("I don't understand {words}.").format(words=named)


# A greeting alone ("hi", "hallo") asks what the bot can do: it gets help, as `help` and `?` do.
GREETINGS = frozenset(
    {"hi", "hello", "hey", "yo", "hoi", "hallo", "hee", "goedemorgen", "goedemiddag", "goedenavond"}
    | {"thanks", "thx", "ty", "bedankt", "dank", "dankje", "dankjewel"}  # thanked: what it can do next, not "?"
)


def asked_nothing_readable(reading: Reading, tokens: list[str]) -> bool:
    """Words were typed, yet none asks anything (`x`, `pls`): not a request for help, but a question not read."""
    return bool(tokens) and Sense.HELP not in reading.senses and not set(tokens) <= GREETINGS


# "what numbers do we have", "welke nummers hebben we": the numbers asked for, and nothing else said about them.
_NUMBER_NOUNS = frozenset({"numbers", "nummers", "nrs", "nos", "lines", "lijnen", "telefoonnummers", "phone"})
_ASKING_FOR_THEM = frozenset(
    {"what", "which", "welke", "wat", "do", "does", "did", "we", "us", "our", "i", "you", "have", "got", "own", "has"}
    | {"hebben", "heb", "heeft", "hebt", "wij", "we", "ons", "onze", "jullie", "bezitten", "there", "are", "er", "zijn"}
    | {"currently", "momenteel", "nu", "now", "all", "alle", "on", "the", "account", "op", "het", "de", "in", "total"}
)


def asks_for_every_number(tokens: list[str]) -> bool:
    """`what numbers do we have?`, `welke nummers hebben we`: a question for the numbers with no filter: all of them."""
    words = set(tokens)
    return bool(words & _NUMBER_NOUNS) and bool(words & _ASKING_HOW) and words <= _NUMBER_NOUNS | _ASKING_FOR_THEM


# "what can this bot even do", "hoe werkt deze bot eigenlijk", "what do you do": a question word, a verb of doing or
# asking, and the bot itself, with nothing else read, asks for help in whatever words (the phrases in vocabulary.py
# are a few fixed orders of these).
_ASKING_HOW = frozenset({"what", "which", "how", "wat", "welke", "hoe", "whatcha", "wtf", "wth"})
_DOING = frozenset(
    {"can", "could", "do", "does", "use", "ask", "work", "works", "kan", "kun", "kunnen", "doet", "doen", "gebruik"}
    | {"gebruiken", "vragen", "vraag", "werkt", "werken", "for", "type", "typen", "typ", "intypen", "say", "zeggen"}
    | {"understand", "understands", "handle", "handles", "answer", "know", "knows", "talk"}  # "what do you understand"
    | {"snap", "snapt", "begrijp", "begrijpt", "begrijpen", "ken", "kent", "beantwoord", "beantwoordt", "aan"}
)
_THE_BOT = frozenset({"you", "u", "ya", "this", "it", "bot", "thing", "je", "jij", "jou", "deze", "dit", "het", "ie"})
_ASKING_IT = frozenset({"ask", "vragen", "vraag", "type", "typen", "typ", "intypen"})
# Words of a question about the bot that name nothing: "what kinds of questions can i ask", "leg ff uit hoe".
_ABOUT_ASKING = frozenset(
    {"kinds", "kind", "sort", "sorts", "questions", "question", "things", "leg", "uit", "uh", "um", "stellen", "voor"}
)
MAX_ABOUT_THE_BOT_WORDS = 10


def asks_what_the_bot_does(reading: Reading, tokens: list[str]) -> bool:
    """`what can this bot even do`: a question about the bot itself, with no filter and no word it could not place."""
    words = set(tokens)
    about_the_bot = words & _THE_BOT or words & _ASKING_IT  # "what can i ask": what the bot is asked
    if len(tokens) > MAX_ABOUT_THE_BOT_WORDS or not (words & _ASKING_HOW and words & _DOING and about_the_bot):
        return False
    placed = _ASKING_HOW | _DOING | _THE_BOT | _ABOUT_ASKING | ordinary_words()
    unread = (
        reading.unknown_place
        or reading.regions
        or reading.unknown_assistant
        or reading.unknown_left_out
        or reading.negated_filter
    )
    # "wat kun je allemaal": all it can do; "leg uit hoe": "uit" is no place here
    said = set(reading.senses) - {Sense.FILLER, Sense.HELP, Sense.LIST, Sense.PLACE_MARK}
    filtered = _filters(reading, set(), set())
    return not (unread or said or filtered) and all(word in placed for word in reading.unknown)
