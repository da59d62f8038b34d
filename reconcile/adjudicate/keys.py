"""What a decision is about: judgements, record content hashes and order-independent pair keys.

A decision names its two records by `(list_id, record_id)`, in sorted order, so that the same
two records give the same key whichever side the model put them on. It also keeps a hash of
each record's verbatim content as the reviewer saw it: when a list is corrected later, the
hash changes and the decision is shown again instead of being applied to a different record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from enum import StrEnum

import numpy as np
import pandas as pd

from reconcile.schema import LEFT, LEFT_KEY, LIST_ID, RAW_PREFIX, RECORD_ID, RIGHT, RIGHT_KEY

HASH = "record_hash"
HASH_L = HASH + LEFT
HASH_R = HASH + RIGHT
KEY_COLUMNS = (*LEFT_KEY, *RIGHT_KEY)
SEPARATOR = "\x1f"  # unit separator: cannot occur in a cell that survived the readers


class Judgement(StrEnum):
    """A reviewer's decision on one pair (as in nomenklatura: positive, negative, unsure)."""

    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"

    @property
    def firm(self) -> bool:
        return self is not Judgement.UNSURE


def record_hash(records: pd.DataFrame) -> pd.Series:
    """SHA-256 of each record's list, id and non-empty verbatim fields (name=value, sorted by name).

    Empty fields are left out, so mapping a new, empty column does not change any hash.
    """
    raw = sorted(c for c in records.columns if c.startswith(RAW_PREFIX))
    texts = []
    for row in records[[LIST_ID, RECORD_ID, *raw]].itertuples(index=False, name=None):
        parts = [f"{LIST_ID}={_text(row[0])}", f"{RECORD_ID}={_text(row[1])}"]
        parts += [f"{name}={_text(value)}" for name, value in zip(raw, row[2:], strict=True) if _text(value)]
        texts.append(hashlib.sha256(SEPARATOR.join(parts).encode("utf-8")).hexdigest())
    return pd.Series(texts, index=records.index, name=HASH, dtype=object)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def record_label(list_id: str, record_id: str) -> str:
    return f"{list_id}:{record_id}"


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with each row's two records (keys, and hashes when present) in sorted key order."""
    out = frame.copy()
    swap = _swapped(out)
    if swap.any():
        couples = list(zip(LEFT_KEY, RIGHT_KEY, strict=True))
        if HASH_L in out and HASH_R in out:
            couples.append((HASH_L, HASH_R))
        for a, b in couples:
            left, right = out.loc[swap, a].to_numpy(), out.loc[swap, b].to_numpy()
            out.loc[swap, a], out.loc[swap, b] = right, left
    return out


def _swapped(frame: pd.DataFrame) -> np.ndarray:
    left = list(zip(frame[LEFT_KEY[0]].astype(str), frame[LEFT_KEY[1]].astype(str), strict=True))
    right = list(zip(frame[RIGHT_KEY[0]].astype(str), frame[RIGHT_KEY[1]].astype(str), strict=True))
    return np.array([r < lt for lt, r in zip(left, right, strict=True)], dtype=bool)


def project_id(lists: Iterable[tuple[str, str]]) -> str:
    """A stable id of a project from its lists' (id, title): workbooks of another project are refused."""
    text = SEPARATOR.join(f"{list_id}={title}" for list_id, title in sorted(lists))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
