"""Endless sequences of synthetic name forms, most common first, for a population of any size.

Each sequence starts with the demo's pools (`reconcile.demo.pools`, in their frequency order) and
then keeps inventing new forms, because a growing population keeps meeting names it has not met:
given names as compounds of known parts (Gholam + Abbas, Ali + Morad) or new words; family names
as a root and a suffix (Kamali + nia, Hosein + zade, Bahar + lu, Pur + Sadeq), the root a known name
part, a family stem or a new word. New words are built from syllables in both scripts at once
(consonant, vowel, optional closing consonant), so every form has the Persian script and the
phonemic code the demo's spelling model writes from. Nothing here comes from real lists.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from reconcile.demo import pools
from reconcile.demo.pools import NON_JOINING, ZWNJ, Name, Part
from reconcile.demo.spelling import tokens

# Consonants opening a syllable (Persian, code, weight), and the fewer that close one.
CONSONANTS = (
    ("ب", "b", 5), ("پ", "p", 2), ("ت", "t", 3), ("ج", "j", 3), ("چ", "ch", 1), ("خ", "kh", 2), ("د", "d", 4),
    ("ر", "r", 5), ("ز", "z", 3), ("س", "s", 4), ("ش", "sh", 4), ("ف", "f", 3), ("ق", "q", 2), ("ک", "k", 4),
    ("گ", "g", 2), ("ل", "l", 3), ("م", "m", 5), ("ن", "n", 4), ("و", "v", 3), ("ه", "h", 3), ("ی", "y", 1),
)  # fmt: skip
CODAS = (("ر", "r", 6), ("ن", "n", 6), ("م", "m", 3), ("ل", "l", 3), ("ز", "z", 2), ("د", "d", 3), ("ش", "sh", 2), ("ب", "b", 1), ("ک", "k", 1), ("ت", "t", 1), ("س", "s", 2))  # fmt: skip
MIN_WORD = 4  # letters of code: shorter new words would be too many namesakes of each other
# Vowels: (letter written inside a word, letter written at its end, code, weight). Short a, e, o
# are not written inside a word; at the end e is written ه, o is written و and a is long.
VOWELS = (("", "ا", "a", 4), ("ا", "ا", "a", 3), ("", "ه", "e", 2), ("", "و", "o", 1), ("ی", "ی", "i", 2), ("و", "و", "u", 2))  # fmt: skip
CLOSED_SYLLABLE = 0.55
SYLLABLES = ((1, 0.2), (2, 0.65), (3, 0.15))
# Family-name suffixes: (Persian, code, how it attaches); "adj" is the adjectival -i (Karimi).
SUFFIXES = (
    ("ی", "i", "adj", 10), ("زاده", "zade", "separate", 4), ("پور", "pur", "separate", 3),
    ("نیا", "nia", "separate", 2), ("راد", "rad", "separate", 1), ("فر", "far", "separate", 1),
    ("نژاد", "nezhad", "separate", 1), ("دوست", "dust", "separate", 1), ("مهر", "mehr", "separate", 1),
    ("یان", "iyan", "glued", 2), ("لو", "lu", "glued", 1), ("وند", "vand", "glued", 1),
    ("پور", "pur", "prefix", 1), ("", "", "bare", 3),
)  # fmt: skip
# Where a new form comes from once a pool is used up.
GIVEN_TAIL_COMPOUND = {"m": 0.1, "f": 0.0}  # a compound of known parts, else a new word
GIVEN_HEADS = frozenset({"mohammad", "ali", "gholam", "amir", "hosein", "abol"})  # Mohammad + Sadeq
FAMILY_TAIL_ROOT_KNOWN = 0.35  # root is a known name part or family stem, else a new word


def _pick(rng: random.Random, table: tuple, weight_at: int) -> tuple:
    return rng.choices(table, weights=[row[weight_at] for row in table])[0]


def new_word(rng: random.Random) -> Part | None:
    """A new word in both scripts, or None when its code would read as other sounds (s+h as sh)."""
    count = rng.choices([n for n, _ in SYLLABLES], weights=[w for _, w in SYLLABLES])[0]
    fa, code, sounds = "", "", []
    for at in range(count):
        last = at == count - 1
        letter, code_c, _ = _pick(rng, CONSONANTS, 2)
        inside, final, vowel, _ = _pick(rng, VOWELS, 3)
        closed = rng.random() < CLOSED_SYLLABLE or (last and vowel == "a" and not inside and count > 1)
        fa += letter + (inside if closed or not last else final)
        code += code_c + vowel
        sounds += [code_c, vowel]
        if closed:
            letter, code_c, _ = _pick(rng, CODAS, 2)
            fa += letter
            code += code_c
            sounds.append(code_c)
    if list(tokens(code)) != sounds or len(code) < MIN_WORD:
        return None
    return Part(fa, code)


def _joined(first: Part, second: Part) -> tuple[tuple[Part, ...], tuple[str, ...]]:
    return (first, second), ("" if first.fa[-1] in NON_JOINING else ZWNJ,)


@dataclass
class Forms:
    """One sequence of distinct name forms; `form(k)` is the k-th, made on first request."""

    pool: tuple[Name, ...]
    invent: Iterator[Name]
    made: list[Name] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def form(self, rank: int) -> Name:
        while len(self.made) <= rank:
            name = self.pool[len(self.made)] if len(self.made) < len(self.pool) else next(self.invent)
            if name.code not in self.seen:
                self.seen.add(name.code)
                self.made.append(name)
        return self.made[rank]


def _invent_given(sex: str, rng: random.Random) -> Iterator[Name]:
    pool = pools.given_names(sex)
    known = {part for name in pools.given_names("m") for part in name.parts}
    heads = sorted((part for part in known if part.code in GIVEN_HEADS), key=lambda part: part.code)
    singles = [n.parts[0] for n in pool if len(n.parts) == 1]
    while True:
        if rng.random() < GIVEN_TAIL_COMPOUND[sex]:
            head, tail = heads[rng.randrange(len(heads))], singles[rng.randrange(len(singles))]
            if head.code != tail.code:
                parts, joiners = _joined(head, tail)
                yield Name(parts, joiners, sex=sex)
        elif (word := new_word(rng)) is not None:
            yield Name((word,), sex=sex)


def _root(rng: random.Random, known: list[Part]) -> Part | None:
    return known[rng.randrange(len(known))] if rng.random() < FAMILY_TAIL_ROOT_KNOWN else new_word(rng)


def _family(root: Part, suffix: tuple[str, str, str, int]) -> Name | None:
    fa, code, attach, _ = suffix
    if attach == "bare":
        return Name((root,))
    if attach == "adj":
        if root.code[-1] in "iue":
            return None
        if root.code.endswith("a"):
            return Name((Part(root.fa + "یی", root.code + "yi"),))
        return Name((Part(root.fa + fa, root.code + code),))
    if attach == "glued":
        return Name((Part(root.fa + fa, root.code + code),))
    parts, joiners = _joined(Part(fa, code), root) if attach == "prefix" else _joined(root, Part(fa, code))
    return Name(parts, joiners)


def _invent_family(rng: random.Random) -> Iterator[Name]:
    known = sorted(
        {
            part
            for sex in ("m", "f")
            for name in pools.given_names(sex)
            for part in name.parts
            if len(part.code) > 2
        }
        | {name.parts[0] for name in pools.family_names() if len(name.parts) == 1},
        key=lambda part: part.code,
    )
    while True:
        root = _root(rng, known)
        if root is None:
            continue
        name = _family(root, _pick(rng, SUFFIXES, 3))
        if name is not None:
            yield name


def given_forms(sex: str, rng: random.Random) -> Forms:
    """Given names of one sex; `rng` is the forms' own stream, used only to invent."""
    return Forms(pools.given_names(sex), _invent_given(sex, rng))


def family_forms(rng: random.Random) -> Forms:
    return Forms(pools.family_names(), _invent_family(rng))
