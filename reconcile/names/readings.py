"""More spellings of a name part: the readings a typist, a scanner or another romanization might
have produced (for blocking, and one at a time for comparing), and skeletons that survive one typo.

A name part's skeleton (see `keys`) is read once more with the confusions that the c:/p: blocking
keys do not absorb. Merges apply to the skeletons of both scripts alike, so they stay comparable;
readings are extra spellings of a Latin key, since only romanized and typed or scanned text
carries those habits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .keys import key_forms
from .romanize import fold_latin
from .script import has_arabic_script

MAX_TYPO_SOUNDS = 40  # longer than any name: no typo forms, whose count and size grow with length


# Arabic keyboards have no پ or گ and type ب and ک instead (کاظم بور = Kazempour).
SKELETON_MERGES = str.maketrans({"p": "b", "g": "k"})
# l, I and i look alike to OCR and typewriters (Alavl, SoItani, Klani).
LOOKALIKES = str.maketrans({"l": "i"})
# A final heh or alef is written -eh, -e, -a or -ah (Zadeh, Zade, Zada, زاده; Fatemeh, Fatima).
SILENT_ENDING = re.compile("[ah]+$")
VOWELS = re.compile("[aiu]")
DOUBLES = re.compile(r"(.)\1+")  # Persian never writes gemination; romanizations often do

# Letter shapes OCR confuses in Latin print, on the folded key (where c is already k): rn read
# for m (Gholarn), cl for d (Mohammacl), b for the h of sh/kh/gh/zh (Kasbani, Gbolam), and c for
# e, seen as a k between consonants (Rcza, Hosscni).
OCR_READINGS = (
    (re.compile("rn"), "m"),
    (re.compile("kl"), "d"),
    (re.compile("(?<=[skgz])b"), "h"),
    (re.compile(r"(?<=[b-df-hj-np-tv-z])k(?![aeiouh])"), "e"),
)
# German romanization writes ی as j (Jussef, Hossejn), ز as a single s (Kasemi, Resa) and خ as ch
# (Bachtijari).
GERMAN_J = (re.compile("j"), "y")
GERMAN_S = (re.compile("(?<!s)s(?![sh])"), "z")
GERMAN_CH = (re.compile("ch"), "kh")
# Arabic-habit romanization writes the unwritten damma as u (Husayn, Muhammad), which the
# skeleton keeps as if it were و; without it Husayni meets Hoseini and حسینی.
SHORT_U = (re.compile("(?<=[a-z])u(?=[a-z])"), "")
# An s and an h between vowels may be two letters, س then ح or ه, not ش (Eshaq, Es'hagh = اسحاق):
# read apart, as two words, so that no spelling rule joins them again.
SPLIT_SH = (re.compile("(?<=[aeiou])sh(?=[aeiou])"), "s h")


# Arabic habit writes the damma of a first syllable as u (Muhammad, Husayn, Murtaza, Khusraw),
# where Persian script writes nothing; a u later in the word is more often و (Mahmud, Mansur), so
# only the first is read away, and only to compare: for blocking, SHORT_U drops every one.
FIRST_SYLLABLE_U = (re.compile(r"\b([b-df-hj-np-tv-z]+)u(?=[b-df-hj-np-tv-z])"), r"\1")


# To compare, OCR's l for i is read back too (Hosseln, Ansarl); never beside an i, where it would
# make Jamil Jami. (Blocking merges l and i in its skeletons instead: LOOKALIKES.)
L_FOR_I = (re.compile("(?<!i)l(?!i)"), "i")


def _rewrite(key: str, rules: Iterable[tuple[re.Pattern[str], str]]) -> str:
    """The key with the rules applied, folded again: a rewrite can make a digraph (Mokbtari -> x)."""
    rewritten = key
    for pattern, replacement in rules:
        rewritten = pattern.sub(replacement, rewritten)
    return key if rewritten == key else " ".join(fold_latin(word) for word in rewritten.split())


# Each habit is tried alone and all together: a German list writes Hossejn (j only) but Resaji
# (j and s), and the single s of Hossejn must stay s.
HABITS = (OCR_READINGS, (GERMAN_J,), (GERMAN_S,), (GERMAN_CH,), (SHORT_U,), (SPLIT_SH,))


# Blocking asks for the readings of every word and every two adjacent words of the names: at
# 100,000 records more than 100,000 of them, which a smaller cache would evict and read again.
WORDS_CACHED = 400_000


@lru_cache(maxsize=WORDS_CACHED)
def latin_readings(key: str) -> tuple[str, ...]:
    """The key and its other plausible spellings: each habit alone, and all of them together."""
    if not key or has_arabic_script(key):
        return (key,) if key else ()
    habits = [habit for habit in HABITS if any(pattern.search(key) for pattern, _ in habit)]
    readings = {key, _rewrite(key, [rule for habit in habits for rule in habit])}
    readings.update(_rewrite(key, habit) for habit in habits)
    return tuple(sorted(readings))


@lru_cache(maxsize=100_000)
def single_readings(key: str, first_syllable_u: bool = False) -> tuple[str, ...]:
    """The key and its spellings with one confusion read at a time, and with all of them: to
    compare two names, where Asgbarnejad must become Asgharnejad without its rn becoming m, and
    Hosseln Hossein.
    With `first_syllable_u`, also without the Arabic-habit u of a first syllable."""
    if not key or has_arabic_script(key):
        return (key,) if key else ()
    # The short-u habit is for blocking only: read on Mahmud, it would make Mahmoud Mohammad.
    habits = [*(habit for habit in HABITS if habit != (SHORT_U,)), (L_FOR_I,)]
    if first_syllable_u:
        habits.append((FIRST_SYLLABLE_U,))
    rules = [rule for habit in habits for rule in habit if rule[0].search(key)]
    return tuple(sorted({key, _rewrite(key, rules)} | {_rewrite(key, [rule]) for rule in rules}))


def _merged(skeleton: str) -> str:
    return DOUBLES.sub(r"\1", SILENT_ENDING.sub("", skeleton.translate(SKELETON_MERGES)))


def tolerant_skeleton(skeleton: str) -> str:
    """A skeleton with keyboard merges, silent endings, doubles and OCR look-alikes folded."""
    return _without_lookalikes(_merged(skeleton))


def _without_lookalikes(skeleton: str) -> str:
    return DOUBLES.sub(r"\1", skeleton.translate(LOOKALIKES))


@lru_cache(maxsize=WORDS_CACHED)
def _reading_skeletons(key: str) -> tuple[str, ...]:
    """Merged skeletons of every reading; a Persian final ی is also read as alef (مصطفی = Mostafa)."""
    forms = [key_forms(reading.replace(" ", "")) for reading in latin_readings(key)]
    found = {_merged(form.without_a) for form in forms} | {_merged(form.maqsura) for form in forms}
    return tuple(sorted(found - {""}))


@lru_cache(maxsize=100_000)
def skeletons(key: str) -> tuple[str, ...]:
    """Skeletons of every reading of a name part, with the letters OCR confuses merged."""
    return tuple(sorted({_without_lookalikes(skeleton) for skeleton in _reading_skeletons(key)}))


@lru_cache(maxsize=WORDS_CACHED)
def sounds(key: str) -> tuple[str, ...]:
    """Consonants of each reading's skeleton, and whether it ends in ی (-i).

    Short vowels are not written in Persian and romanized as the writer hears them (Kazem/Kazim,
    Nejad/Nizhad), so only consonants are kept; the final ی is kept as a mark, because it tells a
    family name from the given name it comes from (Mohammadi, Mohammad). l is kept apart from i
    here, or Ali would have no consonant left.
    """
    found = set()
    for skeleton in _reading_skeletons(key):
        consonants = VOWELS.sub("", skeleton)
        if consonants:
            found.add(consonants + ("-i" if skeleton.endswith("i") else ""))
    return tuple(sorted(found))


def one_sound_less(skeleton: str) -> set[str]:
    """The skeleton and every form of it with one sound dropped (just the skeleton, if implausibly long).

    Two skeletons one typo apart (a sound inserted, dropped, replaced, or two swapped) always share
    one of these forms, so they meet in a block without comparing every pair of names.
    """
    forms = {skeleton}
    for i in range(len(skeleton) if len(skeleton) <= MAX_TYPO_SOUNDS else 0):
        # Dropping a sound between two alike leaves a double, which skeletons never hold.
        rest = i + 2 if 0 < i < len(skeleton) - 1 and skeleton[i - 1] == skeleton[i + 1] else i + 1
        forms.add(skeleton[:i] + skeleton[rest:])
    return forms - {""}


@lru_cache(maxsize=100_000)
def near_skeletons(key: str) -> tuple[str, ...]:
    """Forms of the skeletons that survive one typo (see :func:`one_sound_less`)."""
    return tuple(sorted(set().union(*(one_sound_less(skeleton) for skeleton in skeletons(key)))))
