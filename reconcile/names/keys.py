"""Comparable keys of name parts, their skeletons, and blocking keys.

A *key* is what the linkage stage stores per name part: the part cleaned of titles, particles and
placeholders, each word in a canonical spelling of its own script. Latin words are folded
romanizations (``"mohamad hosein"``); Persian-script words stay in normalised Persian script
(``"محمد حسین"``), because their short vowels are unknown and any Latin spelling would be a guess.
Everything that compares keys goes through :func:`key_forms`, which turns either kind into the
shared skeleton alphabet.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from . import _data
from .romanize import ascii_lower, fold_latin, latin_skeletons, loose_latin
from .script import alef_maqsura_variant, has_arabic_script, normalize_persian, persian_skeletons

WITHHELD = "withheld"  # a name withheld is never a name, whatever surrounds the word
_PARENS = re.compile(r"[(\[{][^)\]}]*[)\]}]")
_SPLIT = re.compile(r"[\s\-_.,;:/\\|+&\"()\[\]{}<>!?*#=~^]+")


class KeyForms(NamedTuple):
    """The forms of one key that comparisons use (all without spaces)."""

    fold: str  # folded Latin spelling, damma o/u merged; for Persian script, the skeleton with alef
    with_a: str  # skeleton, medial a / alef kept
    without_a: str  # skeleton, medial a / alef dropped
    maqsura: str  # as without_a, a final Persian ی after a consonant read as a (Mojtaba)
    persian: bool  # True if any word was in Arabic script (short vowels unknown)


def words(text: str) -> list[str]:
    """Split a name into words: on spaces, hyphens and punctuation, never on apostrophes."""
    text = normalize_persian(text)
    text = _PARENS.sub(" ", text)
    return [w for w in _SPLIT.split(text) if any(ch.isalnum() for ch in w)]


# Names share their words: the first word of a given name is asked for thousands of times.
@lru_cache(maxsize=400_000)
def canonical_word(word: str) -> str:
    """Canonical spelling of one word: normalised Persian script, or a folded romanization, a
    name in Arabic habit spelled the Persian way (Muhsin = Mohsen, Qasimi = Ghasemi)."""
    if has_arabic_script(word):
        return normalize_persian(word)
    return " ".join(_persian_habit(fold_latin(w)) for w in ascii_lower(word).split())


@lru_cache(maxsize=1)
def _habit_spellings() -> dict[str, str]:
    return {fold_latin(arabic): fold_latin(persian) for arabic, persian in _data.habit_spellings().items()}


def _persian_habit(folded: str) -> str:
    spellings = _habit_spellings()
    if folded in spellings:
        return spellings[folded]
    stem = folded[:-1]  # a family name of the form name + i: Qasimi, Kazimi, Husaini
    return spellings[stem] + "i" if folded.endswith("i") and stem in spellings else folded


def is_placeholder_text(text: str) -> bool:
    """True if the whole text is a stand-in for a missing name (ناشناس, unknown, N.N., ...)."""
    lowered = [w.lower() for w in words(text)]
    flat = " ".join(lowered)
    if flat in _data.placeholders() or WITHHELD in lowered:
        return True
    # "Name withheld at the family's request", "Unknown person no. 3": a phrase of two or more
    # words that says "no name" heads the text; one word (Unknown Rezaei) may still stand for a part.
    if any(" ".join(lowered[:length]) in _data.placeholders() for length in range(2, len(lowered))):
        return True
    squeezed = flat.replace(" ", "")
    return squeezed in _data.placeholders() or (bool(text.strip()) and not squeezed)


def join_affixes(tokens: list[str]) -> list[str]:
    """Attach affixes written as separate words: "Ali Pour" -> "alipour", "Abdol Reza" -> "abdolreza".

    Lists write the same family name joined, split or hyphenated; comparing joined forms makes the
    three agree. A lone affix (a whole name "Far") is kept as it is. The halves of a compound family
    name are joined the same way: نیک نام = نیک‌نام = نیکنام, Karimi Nia = Kariminia.
    """
    suffixes = _data.suffix_affixes()
    prefixes = _data.prefix_affixes()
    out: list[str] = []
    pending = ""
    for tok in tokens:
        low = tok.lower()
        if out and not pending and (low in suffixes or compound_junction(out[-1], tok)):
            out[-1] = canonical_word(out[-1] + tok)  # joined, a spelling habit may show (Nemat-ollah)
        elif low in prefixes:
            pending += tok
        else:
            out.append(pending + tok)
            pending = ""
    if pending:
        out.append(pending)
    return out


def compound_junction(before: str, after: str) -> bool:
    """Whether two words written apart may be halves of one family name: a known first half before
    the other word (نیک نام, Khosh Nevis) or a known second half after it (Karimi Nia, فلاحی مقدم).
    Words as written or as spelled canonically (keys hold the latter)."""
    return before.lower() in _as_listed_or_spelled(_data.compound_starts()) or after.lower() in (
        _as_listed_or_spelled(_data.compound_ends())
    )


@lru_cache(maxsize=2)
def _as_listed_or_spelled(halves: frozenset[str]) -> frozenset[str]:
    """Words as listed and as spelled canonically (Moghaddam, moqadam)."""
    return halves | {canonical_word(half) for half in halves}


def ends_surname(word: str) -> bool:
    """Whether a word only ends a family name (Zade, Pour, Nia, Rad), so that a title before it is
    the surname's first half instead (Mirza Zade, Haji Pour, Agha-Nia, MOLLA RAD, میرزا پور)."""
    lowered = word.lower()
    endings = _surname_endings()
    return lowered in endings or canonical_word(lowered) in endings


@cache
def _surname_endings() -> frozenset[str]:
    """Suffixes and compound ends, as listed and as spelled canonically; built once, asked per word."""
    return _as_listed_or_spelled(_data.suffix_affixes() | _data.compound_ends())


def title_at(lowered: list[str], position: int) -> str:
    """The canonical title that the lower-cased word at `position` is, or "": not before a word
    that only ends a family name."""
    stem = position + 1 < len(lowered) and ends_surname(lowered[position + 1])
    return "" if stem else _data.titles().get(lowered[position], "")


@lru_cache(maxsize=200_000)
def name_key(part: str) -> str:
    """Canonical comparable key of one name part (given, family or father), any script.

    Titles (Seyed, Haj), particles (al, bin) and placeholders are removed; each remaining word is
    spelled canonically (see :func:`canonical_word`) and affixes are joined to their word.
    Returns "" for an empty or placeholder part, which comparisons treat as missing.
    """
    if not isinstance(part, str) or not part.strip() or is_placeholder_text(part):
        return ""
    particles = _data.particles()
    written = words(part)
    lowered = [word.lower() for word in written]
    tokens: list[str] = []
    for position, word in enumerate(written):
        if title_at(lowered, position) or lowered[position] in particles:
            continue
        tokens.extend(canonical_word(word).split())
    tokens = [
        token
        for position, token in enumerate(tokens)
        if not title_at(tokens, position) and token not in particles
    ] or tokens
    return " ".join(join_affixes(tokens))


@lru_cache(maxsize=400_000)
def key_forms(key: str) -> KeyForms:
    """The comparison forms of a key (see :class:`KeyForms`), cached per distinct key."""
    folds: list[str] = []
    with_a: list[str] = []
    without: list[str] = []
    maqsura: list[str] = []
    persian = False
    for word in key.split():
        if has_arabic_script(word):
            persian = True
            sk_a, sk = persian_skeletons(word)
            folds.append(sk_a)
            maqsura.append(alef_maqsura_variant(word, sk))
        else:
            sk_a, sk = latin_skeletons(word)
            folds.append(loose_latin(word))
            maqsura.append(sk)
        with_a.append(sk_a)
        without.append(sk)
    return KeyForms("".join(folds), "".join(with_a), "".join(without), "".join(maqsura), persian)


_VOWEL_SYMBOLS = re.compile("[aiu]")


def consonant_key(key: str) -> str:
    """Consonants only, trailing h dropped: the coarsest key (Fatemeh, Fatima, فاطمه -> ftm)."""
    forms = key_forms(key)
    return _VOWEL_SYMBOLS.sub("", forms.without_a).rstrip("h")


def blocking_keys(key: str) -> list[str]:
    """A few short keys of one name key that keep spelling variants in the same block.

    The consonant skeleton (``c:``) puts Hossein/Husayn/حسین together; the first four skeleton
    sounds (``p:``) tolerate a differing ending (Rezaei/Rezaeian). Both are script-independent, so
    a Persian-script record blocks with its romanized counterpart.
    """
    if not key:
        return []
    forms = key_forms(key)
    out = []
    cons = consonant_key(key)
    if cons:
        out.append("c:" + cons)
    if forms.without_a:
        out.append("p:" + forms.without_a[:4])
    if "ch" in key and not has_arabic_script(key):
        # "ch" is ش in French (Hachemi) but خ in German (Chosravi): block under both readings.
        out += [k for k in blocking_keys(key.replace("ch", "kh")) if k not in out]
    return out
