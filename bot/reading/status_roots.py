"""Statuses said in words the vocabulary lacks, read by their root (`opgeëist`, `vastgeknoopt`, `up for adoption`,
`sluimerend`): each blind set of issue 21 brought 15-25 new ways of saying free or taken, and a word list only knows
the forms it holds. A word no list knows, in a question that says no status, whose root says resting (asleep,
orphaned, on the bench, braakliggend) or claimed (dibs, opgeëist, vastgehaakt), says that status; the reading is said
back ("read _opgeeist_ as *linked*"), never silently a wider listing of every number there. Roots are kept to words
with no everyday sense beside a number (a review found `dozen`, `dutch`, `work mobiles`, `deployment`, `eisen`,
`knooppunt` read as statuses by shorter roots); `root$` is a whole word."""

from __future__ import annotations

from bot.reading.interpret import Reading, combine
from bot.reading.vocabulary import STATUS_SENSES, Sense
from bot.reading.words import Item

# Roots of resting and working, English and Dutch. A word is read by a root it starts with, once the separable and
# participle prefixes of Dutch (`opge|eist`, `vastge|knoopt`, `ver|weesd`) and English `un` are taken off.
_ROOT_WORDS = {
    Sense.AVAILABLE: """
        adoption bench$ benched$ benches$ shelf shelv drawer$ dusty$ sleeping$ asleep$ slumber parkeerd orphan
        lonely$ lonesome$ idling idle lazy$ vacan unclaim unown unassign unallocat spare leftover surplus$ resting$
        dormant stranded$
        adoptie slaap slapend sluimer eenzaam zwerf zwerv dwaal dwalend slinger luier braak ledig leeg stilstaand
        onbenut ongebruik ongeclaim eigenaarloos thuisloos dakloos verweesd""",
    Sense.LINKED: """
        dibs knotted$ adopted$ booked$
        geeist gehaakt geknoopt bemand operationeel ingeschakel""",
}
_ROOTS = {root: sense for sense, words in _ROOT_WORDS.items() for root in words.split()}
# Prefixes taken off before a root is looked for: Dutch separable verbs and participles, in the order they stack.
# (English forms are roots of their own: `unclaimed`, `unassigned`.)
_PREFIXES = ("vast", "aan", "op", "in", "uit", "rond", "ge")
# Shorter words are too often something else (`la`, `op`); these words start with a root and are no status.
_MIN_WORD_CHARS = 4
_NOT_A_STATUS = frozenset({"parkeerplaats", "leegte", "benchmark", "benchmarks", "sparen", "spaarrekening"})
_SAID_AS = {Sense.AVAILABLE: "free", Sense.LINKED: "linked"}


def status_of_root(word: str) -> Sense | None:
    """The status a word the vocabulary lacks says by its root (`geparkeerd`: free, `opgeeist`: linked), or None."""
    if len(word) < _MIN_WORD_CHARS or word in _NOT_A_STATUS or not word.isalpha():
        return None
    stems = [word]
    for prefix in _PREFIXES:
        stems += [stem[len(prefix) :] for stem in stems if stem.startswith(prefix) and len(stem) > len(prefix) + 2]
    found = {sense for stem in stems for root, sense in _ROOTS.items() if _has_root(stem, root)}
    return found.pop() if len(found) == 1 else None


def _has_root(stem: str, root: str) -> bool:
    """`root$` is a whole word (`werk` of "aan het werk", never `werkt`: "waarom werkt de 020 niet" asks no status)."""
    return stem == root[:-1] if root.endswith("$") else stem.startswith(root)


def statuses_by_root(items: list[Item], reading: Reading) -> tuple[list[Item], Reading, tuple[tuple[str, str], ...]]:
    """When no status was said, the items and reading with each unknown word whose root says one read as it, and
    what was read so (to be said back)."""
    if set(reading.senses) & set(STATUS_SENSES):
        return items, reading, ()
    read: list[Item] = []
    said: list[tuple[str, str]] = []
    for item in items:
        sense = status_of_root(item.words[0]) if item.unknown and len(item.words) == 1 else None
        read.append(item if sense is None else Item(item.words, sense=sense))
        said += [(item.words[0], _SAID_AS[sense])] if sense is not None else []
    return (read, combine(read), tuple(said)) if said else (items, reading, ())
