"""Words typed as they sound: `farmacy` for pharmacy, `nite` for night, `biling` for billing, `vrei` for vrij.

Both sides of a comparison are brought to one spelling of each sound, so a word typed by ear matches the name it
is meant as where letter-by-letter scores put it two or three slips away (`farmacy`/`pharmacy` fuzz.ratio 80,
`nite`/`night` 67). Phonetic libraries (Soundex, Metaphone) encode English only and drop the vowels, which makes
`biling` and `bowling` one code; this keeps the vowels and knows Dutch `ij`/`ei`.
"""

from __future__ import annotations

import re

# Applied in order: a spelling on the left sounds like the one on the right, in English or Dutch names.
_SAME_SOUNDS = (
    (re.compile(r"ph"), "f"),
    (re.compile(r"ght"), "t"),  # night, light: the gh is not heard
    (re.compile(r"ck"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),  # pharmacy, centre
    (re.compile(r"c(?!h)"), "k"),  # care, clinic; "ch" is a sound of its own
    (re.compile(r"ch"), "g"),  # Dutch g and ch sound alike: callantsoch, Callantsoog
    (re.compile(r"qu"), "kw"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ij|ei|y"), "y"),  # Dutch ij typed y or ei: vrij, vry, vrei
    (re.compile(r"dt\b"), "t"),  # Dutch: wordt, stadt
    (re.compile(r"(\w)\1+"), r"\1"),  # billing, support, haag: doubled letters are one sound
    (re.compile(r"(?<=\w[^aeiouy\W])e\b"), ""),  # a silent last e: nite, line, lane
)


def sound_of(text: str) -> str:
    """`text` with each sound written one way (`pharmacy line` and `farmacy lyne` both give `farmasy lin`)."""
    key = text.lower()
    for spelling, sound in _SAME_SOUNDS:
        key = spelling.sub(sound, key)
    return key
