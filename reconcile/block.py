"""Stage 3: records -> candidate pairs, as the union of several blocking passes.

Each pass puts records that share a key into one block; a true pair needs to survive only
one pass, so a typo in one name part, a swapped order, a missing given name or Persian script
each leave some pass that still brings the two records together. Name keys come from
`names.blocking_keys` and are script-independent. A key shared by more records than
`max_block_size` is skipped in that pass rather than allowed to explode the pair count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

import numpy as np
import pandas as pd

from reconcile import names
from reconcile.config import Blocking

LEFT_POS = "left"
RIGHT_POS = "right"
PREFIX_SOUNDS = 2  # consonants of the other part that a "part + prefix" key keeps

KeyLists = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class BlockingPass:
    name: str
    keys: KeyLists  # one list of keys per record
    only_incomplete: bool = False  # pair only records that lack a given name with any record


def _keys_of(key: str) -> list[str]:
    return names.blocking_keys(key) if key else []


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


def _either_part(records: pd.DataFrame) -> pd.Series:
    given, family = records["given_key"].map(_keys_of), records["family_key"].map(_keys_of)
    return given + family


def _combined(*parts: tuple[str, Callable[[str], list[str]]], unordered: bool = False) -> KeyLists:
    """Keys combining one key of each part (every combination); none when a part is empty."""

    def make(records: pd.DataFrame) -> pd.Series:
        lists = [records[column].map(function) for column, function in parts]
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
    joined into one.
    """
    whole = (records["given_key"] + " " + records["family_key"]).str.split()
    return whole.map(_pair_keys)


def _pair_keys(words: list[str]) -> list[str]:
    joined = [a + b for a, b in zip(words, words[1:], strict=False)]
    keyed = [_keys_of(w) for w in (*words, *joined)]
    return sorted(
        {"|".join(sorted((x, y))) for i, a in enumerate(keyed) for b in keyed[i + 1 :] for x in a for y in b}
    )


PASSES = (
    BlockingPass("any two words of the name, any order", _word_pairs),
    BlockingPass("family + start of given", _combined(("family_key", _keys_of), ("given_key", _prefix_of))),
    BlockingPass("given + start of family", _combined(("given_key", _keys_of), ("family_key", _prefix_of))),
    BlockingPass(
        "coarse start of both parts",
        _combined(("given_key", _coarse_start), ("family_key", _coarse_start), ("family_key", _coarse_last)),
    ),
    BlockingPass("family + end of given", _combined(("family_key", _keys_of), ("given_key", _coarse_last))),
    BlockingPass("given + father", _combined(("given_key", _keys_of), ("father_key", _keys_of))),
    BlockingPass("family + father", _combined(("family_key", _keys_of), ("father_key", _keys_of))),
    # A record with one name part meets records holding that name in either part (Baqiri / Bagheri Majid).
    BlockingPass("one-part names, either part", _either_part, only_incomplete=True),
)


def block(records: pd.DataFrame, settings: Blocking) -> pd.MultiIndex:
    """Candidate pairs as a MultiIndex of record positions (left < right), sorted."""
    found = [pass_pairs(records, p, settings) for p in PASSES]
    for order in (("family_key", "given_key"), ("given_key", "family_key")):
        found.append(_sorted_neighbourhood(records, order, settings.neighbourhood_window))
    stacked = np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)
    # One integer per pair makes the union a fast 1-D unique (sorted by left, then right).
    codes = np.unique(stacked[:, 0] * len(records) + stacked[:, 1])
    left, right = np.divmod(codes, max(len(records), 1))
    return pd.MultiIndex.from_arrays([left, right], names=[LEFT_POS, RIGHT_POS])


def pass_pairs(records: pd.DataFrame, blocking_pass: BlockingPass, settings: Blocking) -> np.ndarray:
    """Pairs (left < right positions) of records sharing a key in one pass."""
    keyed = pd.DataFrame({"pos": np.arange(len(records)), "key": blocking_pass.keys(records).to_numpy()})
    keyed = keyed.explode("key").dropna().drop_duplicates()
    sizes = keyed.groupby("key")["pos"].transform("size")
    keyed = keyed[(sizes > 1) & (sizes <= settings.max_block_size)]
    left = keyed
    if blocking_pass.only_incomplete:
        incomplete = ((records["given_key"] == "") | (records["family_key"] == "")).to_numpy()
        left = keyed[incomplete[keyed["pos"].to_numpy()]]
    joined = left.merge(keyed, on="key", suffixes=("_l", "_r"))
    pairs = joined[["pos_l", "pos_r"]].to_numpy(dtype=np.int64)
    pairs = np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1)
    return pairs if len(pairs) else np.empty((0, 2), dtype=np.int64)


def _sorted_neighbourhood(records: pd.DataFrame, columns: tuple[str, str], window: int) -> np.ndarray:
    """Pairs of records within `window` places of each other when sorted by name skeletons."""
    sort_key = records[columns[0]].map(_skeleton) + " " + records[columns[1]].map(_skeleton)
    values = sort_key.str.strip().to_numpy(dtype=str)
    order = np.argsort(values, kind="stable")
    order = order[values[order] != ""]
    steps = [np.stack([order[:-s], order[s:]], axis=1) for s in range(1, window + 1) if len(order) > s]
    if not steps:
        return np.empty((0, 2), dtype=np.int64)
    return np.sort(np.concatenate(steps), axis=1).astype(np.int64)


def _skeleton(key: str) -> str:
    keys = _keys_of(key)
    return keys[0][2:] if keys else ""
