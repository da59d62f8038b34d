"""Similarity of name parts and of full names, vectorized with rapidfuzz.

Part similarity (:func:`part_similarity`) compares two keys on the forms from
:func:`reconcile.names.keys.key_forms`:

* both Latin: the better of the folded spellings (all letters known) and the skeletons (short
  vowels ignored, so Hossein/Husayn agree while Hassan/Hossein keep their long-vowel difference);
* any Persian script: skeletons only, trying medial alef kept and dropped on both sides and keeping
  the best, because a Latin "a" may be alef or an unwritten fatha.

Full-name similarity (:func:`similarity_many`) parses each distinct name once, compares given with
given and family with family, and also tries the surname-first reading where the text leaves the
order open. Parts are combined so that one poor part pulls the score down: a swapped pair such as
Kazem Ghasemi / Ghasem Kazemi stays well below a true spelling variant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from .keys import key_forms, name_key
from .readings import single_readings
from .script import has_arabic_script
from .structure import parse_name_ordered

#: Latin-vs-Latin skeleton agreement counts a little less than agreement of full spellings.
SKELETON_WEIGHT = 0.95
#: The surname-first reading of a name without an explicit order cue is slightly less likely.
SWAP_FACTOR = 0.97
#: One name has a single word: it may be the given or the family name of the other.
SINGLE_FACTOR = 0.8
#: Whole-name comparison (all words joined) catches words split or joined differently.
WHOLE_FACTOR = 0.9
#: ... unless the two names are split into words differently (Ali Reza Soltani / Alireza Soltani,
#: MOTTAL'E SARAB, Modjtaba / Mojtaba Mottale' Sarab, Parviz Pour-Heydarian / Parvizpour Heydarian):
#: then the parts cannot be compared one to one, and the whole name is the comparison that sees them.
RESPLIT_FACTOR = 0.97
#: A name with extra or dropped middle given names, compared on first given name and family.
MIDDLE_FACTOR = 0.9
#: All words of the shorter name occur in the longer (dropped middle names or tribal names).
SUBSET_FACTOR = 0.85
#: Given names reduced to matching initials, compared on the family name.
INITIALS_FACTOR = 0.8
#: Agreement found only by reading one spelling with a scanner's, typist's or another
#: romanization's habits (see :func:`_readings`) counts a little less than a plain one.
READING_WEIGHT = 0.95
#: How well a reading must agree with the other spelling to count at all.
READING_AGREEMENT = 0.95
#: Below this similarity no single reading makes two spellings one name.
READING_FLOOR = 0.6
#: A name and the same name plus the suffix -i are different names (Hossein / Hosseini,
#: Mohammad / Mohammadi, Kazem / Kazemi): at most this similar, below a "similar" spelling.
SUFFIX_I_CAP = 0.78
#: A name and a longer compound that starts with it are different names (Mohammad /
#: Mohammadreza, Ali / Alireza, Hasan / Hasanzadeh): at most this similar.
COMPOUND_CAP = 0.84
#: Skeleton sounds a compound adds to the name it starts with, at the least.
COMPOUND_EXTRA = 3


def _metric(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """String similarity in [0, 1]: mean of Jaro-Winkler (prefix-tolerant) and the edit distance
    that counts two swapped letters as one typo (optimal string alignment)."""
    jw = process.cpdist(a, b, scorer=JaroWinkler.normalized_similarity, workers=-1)
    lev = process.cpdist(a, b, scorer=OSA.normalized_similarity, workers=-1)
    return (np.asarray(jw, dtype=float) + np.asarray(lev, dtype=float)) / 2.0


class _FormTable:
    """The comparison forms (:func:`key_forms`) of distinct keys as arrays: pairs of keys then take
    their forms by index, with no Python loop over the pairs."""

    def __init__(self, keys: Sequence[str]) -> None:
        forms = [key_forms(key) for key in keys]
        self.fold = np.array([f.fold for f in forms], dtype=object)
        self.with_a = np.array([f.with_a for f in forms], dtype=object)
        self.without_a = np.array([f.without_a for f in forms], dtype=object)
        self.maqsura = np.array([f.maqsura for f in forms], dtype=object)
        self.persian = np.array([f.persian for f in forms], dtype=bool)
        # Where a form equals another, a pair of such keys needs it compared only once.
        self.alef_dropped = self.with_a != self.without_a
        self.maqsura_read = self.maqsura != self.without_a


def _forms_similarity(table: _FormTable, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Similarity of the keys at positions `ia` and `ib` of `table`, pair by pair."""
    if not len(ia):
        return np.zeros(0)
    skeleton = _metric(table.with_a[ia], table.with_a[ib])
    dropped = np.flatnonzero(table.alef_dropped[ia] | table.alef_dropped[ib])
    if len(dropped):
        without = _metric(table.without_a[ia[dropped]], table.without_a[ib[dropped]])
        skeleton[dropped] = np.maximum(skeleton[dropped], without)
    maqsura = np.flatnonzero(table.maqsura_read[ia] | table.maqsura_read[ib])
    if len(maqsura):
        skeleton[maqsura] = np.maximum(
            skeleton[maqsura], _metric(table.maqsura[ia[maqsura]], table.maqsura[ib[maqsura]])
        )
    latin = np.flatnonzero(~(table.persian[ia] | table.persian[ib]))
    if len(latin):
        fold = _metric(table.fold[ia[latin]], table.fold[ib[latin]])
        skeleton[latin] = np.maximum(fold, SKELETON_WEIGHT * skeleton[latin])
    # Only a score above the lowest cap can be changed by one: check those pairs alone.
    above = np.flatnonzero(skeleton > SUFFIX_I_CAP)
    caps = [
        _extension_cap(a, b)
        for a, b in zip(table.without_a[ia[above]], table.without_a[ib[above]], strict=True)
    ]
    skeleton[above] = np.minimum(skeleton[above], caps)
    return skeleton


def _reading_similarity(a: list[str], b: list[str]) -> np.ndarray:
    """Per pair of keys, the best agreement when one of them is read with the habits of
    :func:`single_readings` (OCR, German romanization), times `READING_WEIGHT`; 0 where
    neither key has another reading.
    One side at a time: read on both, Jamil and Jami would meet as jamii."""
    typed: list[str] = []
    written: list[str] = []
    owner: list[int] = []
    for i, pair in enumerate(zip(a, b, strict=True)):
        for this, other in (pair, pair[::-1]):
            for reading in _readings(this, has_arabic_script(other)):
                typed.append(reading)
                written.append(other)
                owner.append(i)
    best = np.zeros(len(a))
    if owner:
        distinct: dict[str, int] = {}
        codes = np.array([distinct.setdefault(key, len(distinct)) for key in typed + written], dtype=np.int64)
        found = _forms_similarity(_FormTable(list(distinct)), codes[: len(typed)], codes[len(typed) :])
        # A reading counts only where it explains the whole difference, not where it merely
        # brings two names closer (Ghasemi read the German way is still not Kazemi).
        np.maximum.at(best, np.asarray(owner), np.where(found >= READING_AGREEMENT, found, 0.0))
    return READING_WEIGHT * best


@lru_cache(maxsize=100_000)
def _readings(key: str, against_persian: bool) -> tuple[str, ...]:
    """Other spellings of a Latin key (none for Persian script, whose letters are not misread);
    `against_persian`: also without an Arabic-habit first-syllable u, which Persian script
    leaves unwritten (Latin spellings already meet on o/u: Murtaza = Morteza)."""
    return tuple(reading for reading in single_readings(key, against_persian) if reading != key)


def _extension_cap(a: str, b: str) -> float:
    """Cap for two skeletons where one extends the other into a different name.

    String metrics reward a shared prefix, so Hossein / Hosseini and Mohammad / Mohammadreza
    would otherwise look like spelling variants; in Persian they are distinct names.
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not short or short == long or not long.startswith(short):
        return 1.0
    extra = long[len(short) :]
    if extra == "i":
        return SUFFIX_I_CAP
    return COMPOUND_CAP if len(extra) >= COMPOUND_EXTRA else 1.0


def part_similarity(a: Sequence[str] | np.ndarray, b: Sequence[str] | np.ndarray) -> np.ndarray:
    """Similarity of name-part keys (from :func:`name_key`), element by element, in [0, 1].

    A pair where either key is "" is missing, not different: its value is NaN. Each distinct
    pair of keys is scored once, so long columns of repeated names cost little.
    """
    if len(a) != len(b):
        raise ValueError(f"part_similarity needs equal lengths, got {len(a)} and {len(b)}")
    if not len(a):
        return np.full(0, np.nan)
    values = np.concatenate(
        [np.array([""], dtype=object), np.asarray(a, dtype=object), np.asarray(b, dtype=object)]
    )
    codes, uniques = _factorize_text(values, str.strip)
    keys = uniques  # "" comes first, so code 0 means missing
    return _code_similarity(codes[1 : len(a) + 1], codes[len(a) + 1 :], keys)


def _code_similarity(ka: np.ndarray, kb: np.ndarray, keys: list[str], readings: bool = True) -> np.ndarray:
    """Part similarity on integer codes into ``keys`` (code 0 is ""): each code pair scored once;
    without `readings`, no spelling is read for OCR or another romanization's habits."""
    width = len(keys)
    inverse, unique = pd.factorize(ka.astype(np.int64) * width + kb)
    ua, ub = np.divmod(unique, width)
    scores = np.full(len(unique), np.nan)
    present = (ua != 0) & (ub != 0)
    same = present & (ua == ub)
    scores[same] = 1.0
    todo = np.flatnonzero(present & ~same)
    if len(todo):
        positions, compared = pd.factorize(np.concatenate([ua[todo], ub[todo]]))
        table = _FormTable([keys[i] for i in compared])
        scores[todo] = _forms_similarity(table, positions[: len(todo)], positions[len(todo) :])
        # A reading changes a letter or two: it can lift only a pair already fairly alike.
        liftable = todo[(scores[todo] >= READING_FLOOR) & (scores[todo] < READING_WEIGHT) & readings]
        scores[liftable] = np.maximum(
            scores[liftable],
            _reading_similarity([keys[i] for i in ua[liftable]], [keys[i] for i in ub[liftable]]),
        )
    return np.clip(scores[inverse.reshape(-1)], 0.0, 1.0)


@lru_cache(maxsize=200_000)
def name_slots(full: str) -> tuple:
    """Keys used to compare one full name: given, family, alternative given/family, whole.

    The alternative reading (family name written first) is filled only when the text gives no
    order cue and has at least two words; otherwise it is "".
    """
    parsed, explicit = parse_name_ordered(full)
    if parsed.is_placeholder:
        return "", "", "", "", "", frozenset(), "", ""
    given, family = name_key(parsed.given), name_key(parsed.family)
    alt_given = alt_family = ""
    if not explicit and given and family:
        words = f"{given} {family}".split()
        alt_family, alt_given = words[0], " ".join(words[1:])
    whole = f"{given} {family}".strip()
    sounds = frozenset(key_forms(w).without_a for w in whole.split())
    return (
        given,
        family,
        alt_given,
        alt_family,
        whole,
        sounds,
        _initials(given),
        given.split()[0] if given else "",
    )


def _initials(given: str) -> str:
    """Initials of the given names when they are written only as initials (V. Putin, J.-C.), else ""."""
    tokens = given.split()
    if tokens and all(len(t) == 1 for t in tokens):
        return "".join(tokens)
    return ""


def _combine(g: np.ndarray, f: np.ndarray) -> np.ndarray:
    """Combine given and family similarity so that one poor part pulls the whole score down."""
    return g * f


@dataclass(frozen=True)
class KnownPart:
    """One name part already scored by :func:`part_similarity` for the same pairs of names: the
    keys of both sides and their similarity."""

    keys_a: np.ndarray
    keys_b: np.ndarray
    similarity: np.ndarray


def similarity_many(
    a: Sequence[str] | np.ndarray,
    b: Sequence[str] | np.ndarray,
    known: tuple[KnownPart, KnownPart] | None = None,
) -> np.ndarray:
    """Full-name similarity of ``a[i]`` and ``b[i]`` for every i, any script, in [0, 1].

    Placeholders (ناشناس, unknown, N.N.) and blanks score 0: they are no evidence of identity.
    Each distinct name is parsed once and each distinct pair of part keys is scored once; the
    per-pair work is integer arithmetic in numpy, which is what makes a million pairs cheap.
    `known` given and family similarities are taken wherever the names parse into those same keys.
    """
    if len(a) != len(b):
        raise ValueError(f"similarity_many needs equal lengths, got {len(a)} and {len(b)}")
    if not len(a):
        return np.zeros(0)
    ia, ib, names = _factorize_names(a, b)
    table = _NameTable(names)
    ka, kb = table.codes[ia], table.codes[ib]  # (n, slots) key codes
    part = table.part_similarity

    g, f = (_parsed_part(table, ka[:, slot], kb[:, slot], known[slot] if known else None) for slot in (0, 1))
    candidates = [_combine(g, f)]
    candidates.append(SWAP_FACTOR * _combine(part(ka[:, 2], kb[:, 0]), part(ka[:, 3], kb[:, 1])))
    candidates.append(SWAP_FACTOR * _combine(part(ka[:, 0], kb[:, 2]), part(ka[:, 1], kb[:, 3])))
    # Extra or dropped middle names (Sergey Viktorovich Lavrov / Sergey Lavrov): first given names.
    extra = table.n_given[ia] != table.n_given[ib]
    if extra.any():
        candidates.append(np.where(extra, MIDDLE_FACTOR * _combine(part(ka[:, 5], kb[:, 5]), f), np.nan))
    # Given names written as initials (V. Putin / Vladimir Putin).
    initials = table.only_initials[ia] | table.only_initials[ib]
    initials &= (table.initials[ia] == table.initials[ib]) & (table.n_given[ia] > 0) & (table.n_given[ib] > 0)
    if initials.any():
        candidates.append(np.where(initials, INITIALS_FACTOR * f, np.nan))
    resplit = (table.n_given[ia] != table.n_given[ib]) | (table.n_words[ia] != table.n_words[ib])
    resplit |= table.unbroken[ia] == table.unbroken[ib]
    candidates.append(np.where(resplit, RESPLIT_FACTOR, WHOLE_FACTOR) * part(ka[:, 4], kb[:, 4]))
    has_family_a, has_family_b = ka[:, 1] != 0, kb[:, 1] != 0
    single = has_family_a != has_family_b
    if single.any():
        one = part(np.where(has_family_a, ka[:, 1], ka[:, 0]), np.where(has_family_b, kb[:, 1], kb[:, 0]))
        candidates.append(np.where(single, SINGLE_FACTOR * one, np.nan))
        candidates.append(np.where(single, SINGLE_FACTOR * g, np.nan))
    candidates.append(np.where(~has_family_a & ~has_family_b, g, np.nan))
    has_given_a, has_given_b = ka[:, 0] != 0, kb[:, 0] != 0
    candidates.append(np.where(~has_given_a & ~has_given_b, f, np.nan))
    stacked = np.vstack(candidates)
    best = np.max(np.where(np.isnan(stacked), -1.0, stacked), axis=0)
    # Every word of the shorter name (two or more words) found in the longer one, in any order.
    na, nb = table.n_words[ia], table.n_words[ib]
    maybe = np.flatnonzero((np.minimum(na, nb) >= 2) & (np.maximum(na, nb) >= 3) & (na != nb))
    sounds = table.sounds
    for i in maybe:
        x, y = sounds[ia[i]], sounds[ib[i]]
        if x <= y or y <= x:
            best[i] = max(best[i], SUBSET_FACTOR)
    return np.clip(best, 0.0, 1.0)


def _parsed_part(table: _NameTable, ka: np.ndarray, kb: np.ndarray, known: KnownPart | None) -> np.ndarray:
    """Similarity of a part as parsed, readings included; taken from `known` where it scored the
    same two keys."""
    if known is None:
        return table.part_similarity(ka, kb, readings=True)
    keys = np.asarray(table.keys, dtype=object)
    fresh = np.flatnonzero((keys[ka] != known.keys_a) | (keys[kb] != known.keys_b))
    out = np.array(known.similarity, dtype=float)
    out[fresh] = table.part_similarity(ka[fresh], kb[fresh], readings=True)
    return out


def _factorize_names(
    a: Sequence[str] | np.ndarray, b: Sequence[str] | np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    codes, names = _factorize_text(
        np.concatenate([np.asarray(a, dtype=object), np.asarray(b, dtype=object)]), lambda text: text
    )
    return codes[: len(a)], codes[len(a) :], names


def _factorize_text(values: np.ndarray, clean: Callable[[str], str]) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct cleaned values (non-text counts as ""), each cleaned once.

    pandas.factorize is fast but its object hash table stops at a NUL character, merging "" with
    "\x00…" (hostile input); when its count of distinct values disagrees with Python's, a dict does
    the work instead.
    """
    array = np.asarray(values, dtype=object)
    raw_codes, found = pd.factorize(array, use_na_sentinel=False)
    raw_uniques: list[object] = list(found)
    if len(raw_uniques) != len(set(array.tolist())):
        seen: dict[object, int] = {}
        raw_codes = np.fromiter(
            (seen.setdefault(v, len(seen)) for v in array), dtype=np.int64, count=len(array)
        )
        raw_uniques = list(seen)
    distinct: dict[str, int] = {}
    recode = np.array(
        [distinct.setdefault(clean(v) if isinstance(v, str) else "", len(distinct)) for v in raw_uniques],
        dtype=np.int64,
    )
    return recode[raw_codes], list(distinct)


class _NameTable:
    """Slots of each distinct name as integer codes into one table of distinct part keys."""

    def __init__(self, names: list[str]) -> None:
        keys: dict[str, int] = {"": 0}
        slots = [name_slots(n) for n in names]
        self.codes = np.array(
            [[keys.setdefault(k, len(keys)) for k in (s[0], s[1], s[2], s[3], s[4], s[7])] for s in slots],
            dtype=np.int64,
        ).reshape(len(slots), 6)
        self.keys = list(keys)
        self.n_given = np.array([len(s[0].split()) for s in slots], dtype=np.int64)
        self.n_words = np.array([len(s[5]) for s in slots], dtype=np.int64)
        self.only_initials = np.array([bool(s[6]) for s in slots], dtype=bool)
        self.initials = np.array([s[6] or "".join(t[0] for t in s[0].split()) for s in slots], dtype=object)
        self.sounds = [s[5] for s in slots]
        # The whole name without its word breaks, as a code: equal codes are one name split apart.
        self.unbroken = pd.factorize(np.array([s[4].replace(" ", "") for s in slots], dtype=object))[0]

    def part_similarity(self, ka: np.ndarray, kb: np.ndarray, readings: bool = False) -> np.ndarray:
        """:func:`part_similarity` on this table's key codes; readings (the costly part) only when
        asked, for the parts as parsed: the other readings of a name (swapped, middle names,
        initials) are fallbacks already."""
        return _code_similarity(ka, kb, self.keys, readings)


def similarity(a: str, b: str) -> float:
    """Similarity of two full names in [0, 1], any mix of scripts, symmetric.

    Handles spelling variants (Hossein/Husayn/حسین), surname-first order (REZAEI Mohammad), titles
    and joined or split compounds, without making swapped names equal (Kazem Ghasemi is not
    Ghasem Kazemi). Use :func:`similarity_many` for many pairs.
    """
    return float(max(similarity_many([a], [b])[0], similarity_many([b], [a])[0]))
