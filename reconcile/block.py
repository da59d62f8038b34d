"""Stage 3: records -> candidate pairs, as the union of several blocking passes.

Each pass puts records that share a key into one block; a true pair needs to survive only
one pass, so a typo in one name part, a swapped order, a missing given name or Persian script
each leave some pass that still brings the two records together. Name keys come from
`names.blocking_keys` and from the *sound keys* below; both are script-independent. A key shared
by more records than `max_block_size` is skipped in that pass rather than allowed to explode the
pair count (for one-part names, whose blocks pair only their few members with the rest, the
limit is on the pairs a block makes instead).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, product
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile import names
from reconcile.arrays import unique_codes
from reconcile.config import Blocking, Limits
from reconcile.errors import ConfigError
from reconcile.names.initials import initial_letters, is_initial
from reconcile.names.keys import key_forms
from reconcile.names.readings import near_skeletons, one_sound_less, skeletons, sounds, tolerant_skeleton
from reconcile.normalize import unique_map
from reconcile.schema import FAMILY_CORE_KEY, FAMILY_KEY, FATHER_KEY, GIVEN_CORE_KEY, GIVEN_KEY, POSITIONS

PREFIX_SOUNDS = 2  # consonants of the other part that a "part + prefix" key keeps
MIN_TYPO_SOUNDS = 4  # shorter typo forms of a one-part name would meet too many other names
MIN_TYPO_WHOLE_NAME = 8  # sounds a whole name needs before its one-typo variants are selective
MAX_PAIRED_WORDS = 12  # more words than any name has; their pairs would grow with the square
# Peak memory of a whole run per candidate pair, records and all (benchmarks/scale.py, 100,000
# records: 1,151 bytes a pair on 2026-12-06, with a margin): what `check_memory` expects them to cost.
PEAK_BYTES_PER_PAIR = 1300

KeyLists = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class BlockingPass:
    name: str
    keys: KeyLists  # one list of keys per record
    only_incomplete: bool = False  # pair only records lacking a name part, with any record


@lru_cache(maxsize=100_000)  # every pass asks again for the same few thousand name parts
def _keys_of(key: str) -> tuple[str, ...]:
    return tuple(names.blocking_keys(key)) if key else ()


def _prefix_of(key: str) -> list[str]:
    consonants = [k[2:] for k in _keys_of(key) if k.startswith("c:")]
    return ["s:" + c[:PREFIX_SOUNDS] for c in consonants if c]


# Sound classes that typing, OCR and romanization habits confuse (s/z, k/q/kh/ch, b/p/f/v, t/d).
COARSE_CLASSES = str.maketrans(
    {
        "z": "s",
        "š": "s",
        "j": "s",
        "q": "k",
        "x": "k",
        "g": "k",
        "b": "p",
        "f": "p",
        "v": "p",
        "d": "t",
        "n": "m",
        "h": None,
        "ʔ": None,
    }
)


def _coarse_start(key: str) -> list[str]:
    """First sound classes of a part: survives a typo anywhere after them."""
    consonants = [k[2:] for k in _keys_of(key) if k.startswith("c:")]
    return [
        "k:" + c.translate(COARSE_CLASSES)[:PREFIX_SOUNDS] for c in consonants if c.translate(COARSE_CLASSES)
    ]


def _coarse_last(key: str) -> list[str]:
    consonants = [k[2:] for k in _keys_of(key) if k.startswith("c:")]
    return [
        "e:" + c.translate(COARSE_CLASSES)[-PREFIX_SOUNDS:] for c in consonants if c.translate(COARSE_CLASSES)
    ]


def _part_keys(key: str) -> tuple[str, ...]:
    """A name part's skeletons (OCR-tolerant) and sounds (tolerant of short vowels)."""
    return tuple("s:" + s for s in skeletons(key)) + tuple("c:" + s for s in sounds(key))


@lru_cache(maxsize=100_000)
def _word_keys(key: str) -> tuple[str, ...]:
    """Part keys of the whole part, of each word and of each two adjacent words joined."""
    words = key.split()[:MAX_PAIRED_WORDS]
    if len(words) < 2:
        return _part_keys(key)
    pieces = [*words, *(a + b for a, b in zip(words, words[1:], strict=False)), key]
    return tuple(sorted({k for piece in pieces for k in _part_keys(piece)}))


# --- Key lists of the passes ------------------------------------------------------------------


def _combined(*parts: tuple[str, Callable[[str], Sequence[str]]], unordered: bool = False) -> KeyLists:
    """Keys combining one key of each part (every combination); none when a part is empty."""

    def make(records: pd.DataFrame) -> pd.Series:
        lists = [unique_map(records[column], function) for column, function in parts]
        return pd.Series(
            [
                ["|".join(sorted(keys) if unordered else keys) for keys in product(*row)]
                for row in zip(*lists, strict=True)
            ],
            index=records.index,
        )

    return make


def _word_pairs(records: pd.DataFrame) -> pd.Series:
    """Keys for every two words of the whole name, in any order and whichever part holds them.

    Survives surname-first lists that the parser could not recognise (Rahimi Amir Hossein) and
    compounds written joined or apart (Mohammad Reza / Mohammadreza): adjacent words are also
    joined into one. Words are keyed by their sounds, which keep the final ی: the c:/p: keys would
    put every "Mohammad Ali" with every "Ali Mohammadi" and every Mohammad-something. A name with a
    title written into it brings its words without the title too (Zamanvand Farhad meets
    HAJZAMANVAND, Farhad).
    """
    whole = records[GIVEN_KEY] + " " + records[FAMILY_KEY]
    core = records[GIVEN_CORE_KEY] + " " + records[FAMILY_CORE_KEY]
    return unique_map(whole.where(core == whole, whole + " " + core), _pair_keys)


def _pair_keys(whole: str) -> list[str]:
    words = whole.split()[:MAX_PAIRED_WORDS]
    joined = [a + b for a, b in zip(words, words[1:], strict=False)]
    keyed = [sounds(w) for w in (*words, *joined)]
    return sorted(
        {"|".join(sorted((x, y))) for i, a in enumerate(keyed) for b in keyed[i + 1 :] for x in a for y in b}
    )


def _one_part_off_by_a_typo(records: pd.DataFrame) -> pd.Series:
    """Keys for "one part the same, the other within one typo", with the parts in either order.

    A record keys each part as written (in all its readings) with the typo forms of the other part,
    so Akbar/Abkar Bagherzadeh, Baqerzadeh Akbar and اکبر باقرزاده all share a key; the typo may
    be anywhere in the part, where the prefix and suffix keys of the other passes cannot reach.
    """
    exact = {column: unique_map(records[column], skeletons) for column in (GIVEN_KEY, FAMILY_KEY)}
    near = {column: unique_map(records[column], near_skeletons) for column in (GIVEN_KEY, FAMILY_KEY)}
    return pd.Series(
        [
            [f"{x}|{y}" for x in given for y in family_near]
            + [f"{x}|{y}" for x in family for y in given_near]
            for given, family, given_near, family_near in zip(
                exact[GIVEN_KEY], exact[FAMILY_KEY], near[GIVEN_KEY], near[FAMILY_KEY], strict=True
            )
        ],
        index=records.index,
    )


def _whole_name(records: pd.DataFrame) -> pd.Series:
    """Keys of the whole name with its spaces and order ignored (Jalal Pur-Mohammadi, Jalal Poormohammadi).

    Where the parser split the words differently (Reza Allah-Yar / Reza Allahyar; a compound given
    name taken for part of the family name) neither part agrees, but the whole name does; a long
    name also keeps its one-typo forms, which are still specific to it. A name in one part meets
    the whole of a name in two (Poorzekakan / Pur Zekakan, Mevou Doust / Mevu Doost).
    """
    named = ((records[GIVEN_KEY] != "") | (records[FAMILY_KEY] != "")).to_numpy()
    orders = (records[GIVEN_KEY] + records[FAMILY_KEY], records[FAMILY_KEY] + records[GIVEN_KEY])
    keyed = [unique_map(order, _whole_name_keys) for order in orders]
    return pd.Series(
        [sorted(set(a) | set(b)) if ok else [] for a, b, ok in zip(*keyed, named, strict=True)],
        index=records.index,
    )


def _whole_name_keys(whole: str) -> tuple[str, ...]:
    """The whole name's skeleton as written (readings would cost more than they find here)."""
    forms = key_forms(whole.replace(" ", ""))
    written = tolerant_skeleton(forms.without_a)
    typos = one_sound_less(written) if len(written) >= MIN_TYPO_WHOLE_NAME else set()
    return tuple(sorted({written, tolerant_skeleton(forms.maqsura)} | typos))


def _one_part_keys(records: pd.DataFrame) -> pd.Series:
    """Keys for meeting a record that has only one name part (Baqiri / Bagheri Majid).

    The one part may be either part of the other record, or some of its words, where a title or a
    surname was taken for a given name (Hashemi / Hachemi Seyeed Mohammad). Within one typo it
    meets only the other record's family name: the typo forms of every given name would fill the
    blocks.
    """
    incomplete = incomplete_names(records)
    given = unique_map(records[GIVEN_KEY], _word_keys)
    family = unique_map(records[FAMILY_KEY], _word_keys)
    given_typos = unique_map(records[GIVEN_KEY], _long_typo_keys)
    family_typos = unique_map(records[FAMILY_KEY], _long_typo_keys)
    return pd.Series(
        [
            [*g, *f, *ft, *(gt if alone else ())]
            for g, f, gt, ft, alone in zip(given, family, given_typos, family_typos, incomplete, strict=True)
        ],
        index=records.index,
    )


def incomplete_names(records: pd.DataFrame) -> np.ndarray:
    """Per record, whether it lacks a given or a family name, or gives one of them by its initial
    alone (M. Rashidi, Abbas Z.), which no key of a full name shares."""
    initial = unique_map(records[GIVEN_KEY], is_initial).to_numpy(dtype=bool)
    return (
        ((records[GIVEN_KEY] == "") | (records[FAMILY_KEY] == "")).to_numpy()
        | initial
        | family_initials(records)
    )


def family_initials(records: pd.DataFrame) -> np.ndarray:
    """Per record, whether it gives its family name by its initial alone (Abbas Z.)."""
    return unique_map(records[FAMILY_KEY], is_initial).to_numpy(dtype=bool)


def _given_and_family_initial(records: pd.DataFrame) -> pd.Series:
    """Keys of the given name with each letter the family name's initial may be written with: a list
    that keeps a family's privacy (Abbas Z.) meets Abbas Zanjanian and عباس زنجانیان. None where
    no record gives its family name by an initial."""
    if not family_initials(records).any():
        return pd.Series([[] for _ in range(len(records))], index=records.index)
    return _combined((GIVEN_KEY, _keys_of), (FAMILY_KEY, initial_letters))(records)


def _long_typo_keys(key: str) -> tuple[str, ...]:
    return tuple("t:" + s for s in near_skeletons(key) if len(s) >= MIN_TYPO_SOUNDS)


PASSES = (
    BlockingPass("any two words of the name, any order", _word_pairs),
    BlockingPass("family + start of given", _combined((FAMILY_KEY, _keys_of), (GIVEN_KEY, _prefix_of))),
    BlockingPass("given + start of family", _combined((GIVEN_KEY, _keys_of), (FAMILY_KEY, _prefix_of))),
    BlockingPass(
        "coarse start of both parts",
        _combined((GIVEN_KEY, _coarse_start), (FAMILY_KEY, _coarse_start), (FAMILY_KEY, _coarse_last)),
    ),
    # Seyyedkazempour meets Kazempour, and Mirhadi meets Hadi (Mir set apart as a title).
    BlockingPass(
        "family + start of given, without titles written into them",
        _combined((FAMILY_CORE_KEY, _keys_of), (GIVEN_CORE_KEY, _prefix_of)),
    ),
    BlockingPass("family + end of given", _combined((FAMILY_KEY, _keys_of), (GIVEN_KEY, _coarse_last))),
    BlockingPass("one part + the other within one typo, any order", _one_part_off_by_a_typo),
    BlockingPass("whole name, any order and word breaks", _whole_name),
    BlockingPass("given + father", _combined((GIVEN_KEY, _keys_of), (FATHER_KEY, _keys_of))),
    BlockingPass("family + father", _combined((FAMILY_KEY, _keys_of), (FATHER_KEY, _keys_of))),
    # A record with one name part meets records holding that name in either part.
    BlockingPass("one-part names, either part", _one_part_keys, only_incomplete=True),
    BlockingPass("given + initial of family", _given_and_family_initial, only_incomplete=True),
)


@dataclass(frozen=True)
class LargestBlock:
    """The block that makes the most pairs in any pass: what to name when the pairs are too many."""

    pass_name: str
    key: str
    records: int
    pairs: int


@dataclass(frozen=True)
class Candidates:
    pairs: pd.MultiIndex  # record positions (left < right), sorted
    largest: LargestBlock | None  # None when no pass made a pair


def block(records: pd.DataFrame, settings: Blocking) -> pd.MultiIndex:
    """Candidate pairs as a MultiIndex of record positions (left < right), sorted."""
    return candidate_pairs(records, settings).pairs


def candidate_pairs(records: pd.DataFrame, settings: Blocking) -> Candidates:
    """Candidate pairs, with the block that made the most of them."""
    found = [_pass_blocks(records, p, settings) for p in PASSES]
    pairs = [pass_found for pass_found, _ in found]
    for order in ((FAMILY_KEY, GIVEN_KEY), (GIVEN_KEY, FAMILY_KEY)):
        pairs.append(_sorted_neighbourhood(records, order, settings.neighbourhood_window))
    stacked = np.concatenate(pairs) if pairs else np.empty((0, 2), dtype=np.int64)
    # One integer per pair makes the union a fast 1-D unique (sorted by left, then right).
    codes = unique_codes(stacked[:, 0] * len(records) + stacked[:, 1])
    left, right = np.divmod(codes, max(len(records), 1))
    largest = max((block for _, block in found if block), key=lambda block: block.pairs, default=None)
    return Candidates(pd.MultiIndex.from_arrays([left, right], names=list(POSITIONS)), largest)


def pass_pairs(records: pd.DataFrame, blocking_pass: BlockingPass, settings: Blocking) -> np.ndarray:
    """Pairs (left < right positions) of records sharing a key in one pass."""
    return _pass_blocks(records, blocking_pass, settings)[0]


def _pass_blocks(
    records: pd.DataFrame, blocking_pass: BlockingPass, settings: Blocking
) -> tuple[np.ndarray, LargestBlock | None]:
    """Pairs (left < right positions) of records sharing a key in one pass, and its largest block."""
    key_lists = blocking_pass.keys(records).to_numpy()
    counts = np.fromiter(map(len, key_lists), dtype=np.int64, count=len(key_lists))
    flat = np.fromiter(chain.from_iterable(key_lists), dtype=object, count=int(counts.sum()))
    key_ids, key_names = pd.factorize(flat)
    # One row per record and key, sorted by key: each block is then one run of rows.
    rows = unique_codes(key_ids.astype(np.int64) * len(records) + np.repeat(np.arange(len(records)), counts))
    key_ids, positions = np.divmod(rows, max(len(records), 1))
    starts = np.searchsorted(key_ids, key_ids, side="left")
    sizes = np.searchsorted(key_ids, key_ids, side="right") - starts
    if blocking_pass.only_incomplete:
        incomplete = incomplete_names(records)[positions]
        members = np.bincount(key_ids, weights=incomplete)[key_ids]
        # Such a block pairs its few one-part members with everyone in it, not everyone with
        # everyone: allow it as many pairs as a full block of max_block_size would make.
        kept = np.flatnonzero(incomplete & (sizes > 1) & (members * sizes <= settings.max_block_size**2 // 2))
        run_starts, run_lengths = starts[kept], sizes[kept]
    else:
        kept = np.flatnonzero((sizes > 1) & (sizes <= settings.max_block_size))
        # Each row pairs with the rows after it in its block, so every pair comes once per block.
        run_starts, run_lengths = kept + 1, starts[kept] + sizes[kept] - kept - 1
    left_rows, right_rows = _runs(kept, run_starts, run_lengths)
    pairs = np.stack([positions[left_rows], positions[right_rows]], axis=1)
    pairs = np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1)
    if not len(pairs):
        return np.empty((0, 2), dtype=np.int64), None
    made = np.bincount(key_ids[kept], weights=run_lengths)
    biggest = int(np.argmax(made))
    members_of_biggest = int(np.count_nonzero(key_ids == biggest))
    largest = LargestBlock(
        blocking_pass.name, str(key_names[biggest]), members_of_biggest, int(made[biggest])
    )
    return pairs, largest


def check_memory(pairs: int, largest: LargestBlock | None, limits: Limits, settings_file: Path) -> None:
    """Stop before comparing when `pairs` candidate pairs would need more than `limits.memory_mb`,
    naming the blocking key that makes the most of them."""
    needed_mb = pairs * PEAK_BYTES_PER_PAIR / 2**20
    if needed_mb <= limits.memory_mb:
        return
    culprit = (
        f"; the most come from the key '{largest.key}' of the blocking pass '{largest.pass_name}' "
        f"({largest.records:,} records, {largest.pairs:,} pairs): lower blocking.max_block_size to skip "
        "keys that common"
        if largest
        else ""
    )
    raise ConfigError(
        settings_file,
        "limits.memory_mb",
        f"{pairs:,} candidate pairs would need about {needed_mb:,.0f} MB, more than the {limits.memory_mb:,.0f} MB "
        f"allowed{culprit}, or raise limits.memory_mb on a machine with more memory",
    )


def _runs(rows: np.ndarray, run_starts: np.ndarray, run_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(left, right) row pairs: each of `rows` with every row of its run."""
    left = np.repeat(rows, run_lengths)
    offsets = np.arange(len(left)) - np.repeat(np.cumsum(run_lengths) - run_lengths, run_lengths)
    return left, np.repeat(run_starts, run_lengths) + offsets


def _sorted_neighbourhood(records: pd.DataFrame, columns: tuple[str, str], window: int) -> np.ndarray:
    """Pairs of records within `window` places of each other when sorted by name skeletons."""
    values = neighbourhood_sort_keys(records, columns)
    order = np.argsort(values, kind="stable")
    order = order[values[order] != ""]
    steps = [np.stack([order[:-s], order[s:]], axis=1) for s in range(1, window + 1) if len(order) > s]
    if not steps:
        return np.empty((0, 2), dtype=np.int64)
    return np.sort(np.concatenate(steps), axis=1).astype(np.int64)


def neighbourhood_sort_keys(records: pd.DataFrame, columns: tuple[str, str]) -> np.ndarray:
    """Each record's key in a sorted neighbourhood: the skeletons of two name parts ("" for none)."""
    sort_key = records[columns[0]].map(_skeleton) + " " + records[columns[1]].map(_skeleton)
    return sort_key.str.strip().to_numpy(dtype=str)


def _skeleton(key: str) -> str:
    keys = _keys_of(key)
    return keys[0][2:] if keys else ""
