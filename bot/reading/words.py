"""From text to tokens, and from tokens to what each run of words names (SPEC §3 steps 3-5)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.reading.names import GENERIC_NAME_WORDS, Names, Place
from bot.reading.ordinary import ordinary_words
from bot.reading.text import fold
from bot.reading.vocabulary import LONGEST_PHRASE, PHRASES, STATUS_SENSES, TYPE_SENSES, Sense

# "what's" is "what is", "aren't" is "are not"; a leading "'s-" ('s-Gravenhage) is a place's article, kept.
_CONTRACTIONS = [
    (re.compile(r"\bw/o\b", re.IGNORECASE), " without "),  # chat shorthand: "free nums w/o the 06s"
    (re.compile(r"\bm\.\s?u\.\s?v\.?(?!\w)", re.IGNORECASE), " muv "),  # "met uitzondering van", abbreviated
    (re.compile(r"(?<!\S)#(?=\s+[A-Za-z])"), " count "),  # "# free in ede": the number of free numbers there
    (re.compile(r"\bw/(?=\s|$)", re.IGNORECASE), " with "),
    (re.compile(r"\b[dD][’']r\b"), "er"),  # Dutch "d'r" is "er" ("niemand d'r aan gekoppeld")
    (re.compile(r"\b([zZmM])[’']n\b"), r"\1ijn"),  # "z'n", "m'n": "zijn", "mijn" ("geen punt zonder z'n 06")
    (re.compile(r"\b([zZ])o[’']n\b"), "zo een"),
    (re.compile(r"(?<=[a-z])n[’']t\b", re.IGNORECASE), " not"),
    (re.compile(r"\b(some|any|every|no)(one|body)[’']s\b", re.IGNORECASE), r"\1\2s"),  # "in someone's hands"
    (re.compile(r"(?<=[a-z])[’']s\b", re.IGNORECASE), " is"),
    (re.compile(r"(?<=[a-z])[’'](re|ve|ll|d|m)\b", re.IGNORECASE), " "),
]
# Single-word Dutch places that are also everyday words ("best", "echt", "goes"): a place only after "in"/"te",
# or when the account has numbers there, so "is dit echt vrij" does not ask about Echt.
EVERYDAY_PLACE_WORDS = frozenset(
    [
        "best",
        "echt",
        "goes",
        "grave",
        "horn",
        "mill",
        "leek",
        "sluis",
        "buren",
        "laren",
        "putten",
        "rijen",
        "doorn",
        "stein",
        "vries",
        "epe",
        "haren",
        "heeze",
        "axel",
        "borger",
        "annen",
        "gieten",
        "roden",
        "veere",
        "urk",
        "haag",
        "bosch",
    ]
)


@dataclass(frozen=True)
class Item:
    """What a run of words (or one digit group) says."""

    words: tuple[str, ...]
    sense: Sense | None = None
    place: Place | None = None
    assistants: tuple[str, ...] = ()
    digits: str | None = None

    @property
    def unknown(self) -> bool:
        """Nothing was found for this word."""
        return self.sense is None and self.place is None and not self.assistants and self.digits is None

    @property
    def text(self) -> str:
        """The words as read."""
        return " ".join(self.words)


# A word with one zero among its letters (`ruurl0`, `r0tterdam`), which the digits' masking would take for an id.
_ZERO_AMONG_LETTERS = re.compile(r"\b[A-Za-z]*[A-Za-z]0[A-Za-z]*\b|\b0[A-Za-z]{3,}\b")


def zero_for_o(text: str, names: Names) -> str:
    """`ruurl0 in gebruik`: a zero typed for the letter o in a name of the data is that name (never in an id)."""

    def as_o(match: re.Match[str]) -> str:
        word = match[0].replace("0", "o")
        return word if fold(word) in names.places or fold(word) in names.fuzzy_targets else match[0]

    return _ZERO_AMONG_LETTERS.sub(as_o, text)


def tokens_of(text: str) -> list[str]:
    """Folded words and digit groups, in order, with contractions expanded and words for a prefix put as it."""
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _NONE_AFTER_A_BREAK.sub(_none_as_not, text)
    return _said_once(fold(_PREFIX_WORDS.sub(_as_prefix, text)).split())


# "ommen, geen gekoppelde", "goor but no taken ones": "no" after a break in the sentence leaves out the status after
# it, as "not" does; at the start ("geen vrije nummers in utrecht?") it asks whether there are any, and is kept.
_NONE_AFTER_A_BREAK = re.compile(
    r"(?:[,;:]|\b(?:but|maar))\s+(?P<none>no|geen)\s+(?:(?:the|de)\s+)?(?P<next>\w+)", re.IGNORECASE
)


def _none_as_not(match: re.Match[str]) -> str:
    """The match with its "no"/"geen" put as "not"/"niet" when a status word follows it, else as typed."""
    if PHRASES.get(fold(match["next"])) not in STATUS_SENSES:
        return match[0]
    start, end = match.span("none")
    negation = "not" if match["none"].lower() == "no" else "niet"
    return match[0][: start - match.start()] + negation + match[0][end - match.start() :]


# Words for the numbers of one prefix in the Netherlands (ACM's numbering plan: 0800 is free to call, 0900 is paid):
# "free-phone" and "toll free" are no status. "free phone numbers", two words, are available numbers.
_PREFIX_WORDS = re.compile(
    r"\b(?P<free>free-?phones?|toll[- ]?free|gratis[- ]nummers?)\b|\b(?P<paid>premium[- ]rate|betaalnummers?)\b",
    re.IGNORECASE,
)


def _as_prefix(match: re.Match[str]) -> str:
    # "gratis nummers" keeps its Dutch noun: it is what tells the reply's language
    noun = "nummers " if "nummer" in match[0].lower() else ""
    return (" 0800 " if match.group("free") else " 0900 ") + noun


def _said_once(tokens: list[str]) -> list[str]:
    """`free-phone 0800s`: the prefix a word stands for, said right before the same prefix, once."""
    return [token for at, token in enumerate(tokens) if not (token.isdigit() and tokens[at + 1 : at + 2] == [token])]


def scan(tokens: list[str], names: Names, data_places: frozenset[str]) -> list[Item]:
    """Read tokens left to right, the longest phrase that names something first."""
    items: list[Item] = []
    longest = max(LONGEST_PHRASE, names.longest)
    i = 0
    while i < len(tokens):
        if tokens[i].isdigit():
            items.append(Item((tokens[i],), digits=tokens[i]))
            i += 1
            continue
        after_mark = bool(items) and items[-1].sense is Sense.PLACE_MARK
        item = _longest_item(tokens, i, longest, names, data_places, after_mark)
        items.append(item)
        i += len(item.words)
    return _but_after_all(items)


# A word for all of them, said earlier in the question (`all free numbers but the mobiles`, `alle vrije behalve`):
# a later "but" leaves out what follows it, as in "everything but".
_ALL_OF_THEM = frozenset(
    {"all", "every", "everything", "anything", "alle", "alles", "allemaal", "elke", "ieder"}
    | {"towns", "cities", "places", "plaatsen", "steden"}  # "linked towns bar urk and lemmer": the towns but those
)
# "all free ones, but only in ede", "everything, but i mean free": a "but" that narrows or goes on, not leaves out.
_BUT = frozenset({("but",), ("bar",)})  # "all free bar ede"
_BUT_GOES_ON = frozenset({"only", "just", "also", "then", "i", "we", "you", "it", "please", "pls", "in", "with"})


def _but_after_all(items: list[Item]) -> list[Item]:
    """`all free numbers but the mobiles`: "but" after a word for all of them is an exclusion, not filler."""
    said_all = False
    out: list[Item] = []
    for at, item in enumerate(items):
        after = items[at + 1].words[0] if at + 1 < len(items) else None
        if said_all and item.words in _BUT and after is not None and after not in _BUT_GOES_ON:
            item = Item(item.words, sense=Sense.EXCLUDE)
        said_all = said_all or (len(item.words) == 1 and item.words[0] in _ALL_OF_THEM)
        out.append(item)
    return out


def _longest_item(
    tokens: list[str], start: int, longest: int, names: Names, data_places: frozenset[str], after_mark: bool
) -> Item:
    for length in range(min(longest, len(tokens) - start), 1, -1):
        run = tokens[start : start + length]
        if any(token.isdigit() for token in run):
            continue
        if (item := _phrase_item(tuple(run), names)) and not _words_before_a_status(item, tokens, start + length):
            return item
    if item := _squeezed_start_of_a_name(tokens, start, longest, names):
        return item
    if item := _a_place_split_in_two(tokens, start, names, data_places):
        return item
    if tokens[start] == "tel" and not (start + 1 < len(tokens) and tokens[start + 1][:1].isdigit()):
        return Item(("tel",), sense=Sense.COUNT)  # "tel ff de landelijke"; "tel 020 …" is a telephone number
    return _word_item(tokens[start], names, data_places, after_mark)


def _a_place_split_in_two(tokens: list[str], start: int, names: Names, data_places: frozenset[str]) -> Item | None:
    """`berg eijk`, `sint jan steen`: a place of the account with one of its words typed as two."""
    for length in (3, 2):
        run = tokens[start : start + length]
        if len(run) < length or any(word in PHRASES or not word.isalpha() for word in run):
            continue
        for cut in range(1, length):  # the two words run together: "jan steen" → "jansteen"
            joined = [*run[: cut - 1], run[cut - 1] + run[cut], *run[cut + 1 :]]
            place = names.places.get(" ".join(joined))
            if place and place.spellings & data_places and " ".join(run) not in names.places:
                return Item(tuple(run), place=place)
    return None


def _squeezed_start_of_a_name(tokens: list[str], start: int, longest: int, names: Names) -> Item | None:
    """`frontoffice den haag`: words run together that start a longer name are that name, not a name and a place."""
    word = tokens[start]
    if word not in names.squeezed or word in PHRASES or word in names.places:
        return None
    parts = names.squeezed[word].split()
    for more in range(min(longest - len(parts), len(tokens) - start - 1), 0, -1):
        after = tokens[start + 1 : start + 1 + more]
        if any(token.isdigit() for token in after):
            continue
        if found := _phrase_item((*parts, *after), names):
            return Item((word, *after), found.sense, found.place, found.assistants)
    return None


def _phrase_item(run: tuple[str, ...], names: Names) -> Item | None:
    phrase = " ".join(run)
    if phrase in names.assistant_names:
        return Item(run, assistants=names.assistant_names[phrase])
    if phrase in names.places:
        return Item(run, place=names.places[phrase])
    if phrase in PHRASES:
        return Item(run, sense=PHRASES[phrase])
    if not _a_request(run) and (in_a_row := names.assistant_run(phrase)) is not None:
        return Item(run, assistants=in_a_row)  # "show me" of Show Me Love is a request, not the name
    if len(set(run)) == len(run) and (found := names.assistant_any_order.get(" ".join(sorted(run)))):
        return Item(run, assistants=found)  # "rotterdam service desk": Service Desk Rotterdam, not a place + a run
    return None


# Words that open a request ("show me", "give us", "geef me"): a part of a name that opens so is the request.
_REQUEST_WORDS = frozenset({"show", "give", "gimme", "geef", "toon", "laat", "list", "tell", "get", "vertel", "find"})


def _a_request(run: tuple[str, ...]) -> bool:
    """`show me`: a part of a name of everyday words that opens with a request word."""
    return run[0] in _REQUEST_WORDS and _everyday(run)


def _everyday(run: tuple[str, ...] | list[str]) -> bool:
    """Every word is an everyday word or a keyword: alone, such a part of a name names nothing."""
    return all(word in ordinary_words() or word in PHRASES for word in run)


def _words_before_a_status(item: Item, tokens: list[str], end: int) -> bool:
    """`nog niet gekoppeld`: a name of everyday words with a negation in it (Nog Niet) right before a status word is
    read as words: read as the name, the listing would be the opposite of what was asked."""
    after = PHRASES.get(tokens[end]) if end < len(tokens) else None
    longer = end + 1 < len(tokens) and " ".join(tokens[end : end + 2]) in PHRASES  # "forget me not, los van de 06"
    negating = any(PHRASES.get(word) in _NEGATING for word in item.words)
    return bool(item.assistants) and after in STATUS_SENSES and not longer and negating and _everyday(item.words)


_NEGATING = (Sense.NEGATION, Sense.NONE_OF, Sense.NOBODY, Sense.NOTHING)


def _word_item(word: str, names: Names, data_places: frozenset[str], after_mark: bool) -> Item:
    run = (word,)
    if word in names.assistant_names and word not in PHRASES:
        return Item(run, assistants=names.assistant_names[word])
    if word in PHRASES:
        return Item(run, sense=PHRASES[word])
    place = names.places.get(word) or names.place_words.get(word)
    if place and not place.spellings & data_places and (dutch := names.places.get(word.replace("y", "ij"))):
        place = dutch if dutch.spellings & data_places else place  # `cuyk`: Cuijk on the account, not old Cuyk
    if place and not after_mark and not place.spellings & data_places and word in names.assistant_words:
        return Item(run, assistants=names.assistant_words[word])  # "geen duiven": Dinteloord Duiven, not Duiven
    if place and (after_mark or word not in EVERYDAY_PLACE_WORDS or place.spellings & data_places):
        return Item(run, place=place)
    if word in names.squeezed and (found := _phrase_item(tuple(names.squeezed[word].split()), names)):
        return Item(run, found.sense, found.place, found.assistants)
    if word in names.assistant_words:
        return Item(run, assistants=names.assistant_words[word])
    return Item(run)


# A name's words with filler between them ("service desk van utrecht") are read whole within this many items.
NAME_GAP_ITEMS = 2


def with_names_across_filler(items: list[Item], names: Names) -> list[Item]:
    """`service desk van utrecht`: the rest of an assistant's name after filler is that name, not a place.

    Across filler and `in`: `service desk in utrecht` is Service Desk Utrecht when no other reading names it whole.
    """
    out: list[Item] = []
    i = 0
    while i < len(items):
        item = items[i]
        whole = _whole_name_across(items, i, names) if item.assistants else None
        if whole is None:
            out.append(item)
            i += 1
            continue
        name, end = whole
        out.append(Item(tuple(w for it in items[i:end] for w in it.words), assistants=(name,)))
        i = end
    return out


def _whole_name_across(items: list[Item], start: int, names: Names) -> tuple[str, int] | None:
    """The one assistant whose name the words from `start` complete across filler, and where they end."""
    first = items[start]
    for name in first.assistants:
        words = fold(name).split()
        rest = [word for word in words if word not in first.words]
        if not rest or len(rest) == len(words):
            continue
        said = [word for word in first.words if word in words]  # ("frontoffice" is run together: not a name word)
        reversed_order = bool(said) and words.index(rest[0]) < words.index(said[0])
        if reversed_order and any(PHRASES.get(word) in (*STATUS_SENSES, *TYPE_SENSES) for word in rest):
            continue  # "the kitchen numbers on mobile": a type said after it filters ("pilots van terneuzen" names)
        at, gap = start + 1, 0
        while at < len(items) and rest and gap <= NAME_GAP_ITEMS:
            item = items[at]
            if item.sense in (Sense.FILLER, Sense.PLACE_MARK):  # "service desk van utrecht", "… in utrecht"
                gap += 1
            elif all(word in rest for word in item.words):
                rest = [word for word in rest if word not in item.words]
                gap = 0
            else:
                break
            at += 1
        if not rest:
            return name, at
    return None


def unknown_beside_part_of_a_name(items: list[Item], names: Names, ordinary: frozenset[str]) -> list[str]:
    """`billing desk` where only Open Desk has "desk": a name the account does not have, not every desk."""
    found: list[str] = []
    for i, item in enumerate(items):
        if not item.assistants or " ".join(item.words) in names.assistant_names:
            continue
        for at in (i - 1, i + 1):
            other = items[at] if 0 <= at < len(items) else None
            if other is None or other.text in GENERIC_NAME_WORDS:  # "the kitchen line": its line, not a name
                continue
            if other.unknown and other.digits is None and other.text not in ordinary:
                found.append(" ".join((other.text, item.text) if at < i else (item.text, other.text)))
    return found
