"""Decisions onto the pair table: what each standing decision says, and what the model learns from them.

`same` gives a pair probability 1, `different` probability 0; `decision_note` says what was
decided, by whom, or why a decision is not in force (unsure, stale, conflicting). A pair a
reviewer decided that blocking did not propose this time (records linked by hand, or a candidate
lost after a change of settings) is added to the table. What a decision makes of a pair's status
is decided in `reconcile.status`, with everything else that decides it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.adjudicate import decisions as D
from reconcile.adjudicate.keys import KEY_COLUMNS, Judgement, canonical
from reconcile.levels import MISSING
from reconcile.schema import (
    LEFT_KEY,
    LEFT_POSITION,
    POSITIONS,
    PROBABILITY,
    REASON,
    RIGHT_KEY,
    RIGHT_POSITION,
    STATUS,
    WEIGHT,
    Status,
)

DECISION = "decision"
DECISION_NOTE = "decision_note"
REVIEWED_BY = "reviewed_by"
DECISION_COLUMNS = (DECISION, DECISION_NOTE, REVIEWED_BY)  # what attach_decisions adds to the pairs
LABEL = "is_match"
ADDED_NOTE = "not proposed by blocking: "


def attach_decisions(pairs: pd.DataFrame, decisions: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The pair table with every standing decision beside its pair, and which rows have one.

    Adds `decision` (the judgement in force: empty where none, stale or in conflict),
    `decision_note` and `reviewed_by`, sets the probability of a pair decided `same` or `different`,
    and adds the decided pairs the table lacked. Existing rows keep their order and come first;
    the index is reset. The second value is True on every row a standing decision concerns, in
    force or not.
    """
    # reset_index already copies (or, under copy-on-write, behaves as a copy): one more would
    # hold the pair table, the largest of a run, three times over.
    out = pairs.reset_index(drop=True)
    out[DECISION] = ""
    out[DECISION_NOTE] = ""
    out[REVIEWED_BY] = ""
    decided = np.zeros(len(out), dtype=bool)
    if decisions.empty:
        return out, decided
    rows = _decision_rows(out, decisions)
    found = rows >= 0
    decided[found] = True
    _write(out, np.flatnonzero(found), decisions.iloc[rows[found]])
    unused = np.setdiff1d(np.arange(len(decisions)), rows[found])
    extra = decisions.iloc[unused]
    extra = extra[~extra[D.MISSING_RECORD].to_numpy(dtype=bool)]
    if not extra.empty:
        out = pd.concat([out, _added(out, extra)], ignore_index=True)
        decided = np.concatenate([decided, np.ones(len(extra), dtype=bool)])
    return out, decided


def _keys(pairs: pd.DataFrame) -> list[tuple[str, ...]]:
    return list(canonical(pairs[list(KEY_COLUMNS)]).astype(str).itertuples(index=False, name=None))


def _decision_rows(pairs: pd.DataFrame, decisions: pd.DataFrame) -> np.ndarray:
    """Per pair, the row of its decision, or -1: matched on the two records' positions, which
    `current_decisions` resolved from the keys (a decision whose record is gone matches nothing)."""
    paired = pairs[list(POSITIONS)].to_numpy(dtype=np.int64)
    a, b = decisions[list(POSITIONS)].to_numpy(dtype=np.int64).T
    size = int(max((p.max() for p in (paired, a, b) if p.size), default=0)) + 1
    present = (a >= 0) & (b >= 0)
    decided = np.minimum(a, b)[present] * size + np.maximum(a, b)[present]
    pair_codes = paired[:, 0] * size + paired[:, 1]
    rows = pd.Series(np.flatnonzero(present), index=decided)
    return rows.reindex(pair_codes).fillna(-1).to_numpy(dtype=int)


def _write(out: pd.DataFrame, at: np.ndarray, decided: pd.DataFrame) -> None:
    if not len(at):
        return
    firm = D.effective(decided)
    same = firm & (decided[D.DECISION] == Judgement.SAME.value).to_numpy()
    different = firm & (decided[D.DECISION] == Judgement.DIFFERENT.value).to_numpy()
    probability = out[PROBABILITY].to_numpy(dtype=float)[at]
    probability = np.where(same, 1.0, np.where(different, 0.0, probability))
    index = out.index[at]
    out.loc[index, PROBABILITY] = probability
    # A stale or disputed decision is shown in the note only: `decision` holds what is in force.
    in_force = firm | (
        (decided[D.DECISION] == Judgement.UNSURE.value).to_numpy()
        & ~decided[D.STALE].to_numpy(dtype=bool)
        & ~decided[D.CONFLICT].to_numpy(dtype=bool)
    )
    out.loc[index, DECISION] = np.where(in_force, decided[D.DECISION].to_numpy(), "")
    out.loc[index, DECISION_NOTE] = [_note(row) for row in decided.itertuples(index=False)]
    out.loc[index, REVIEWED_BY] = decided[D.DECIDED_BY].to_numpy()


def _note(row: object) -> str:
    decision, by = getattr(row, D.DECISION), getattr(row, D.DECIDED_BY)
    note = getattr(row, D.NOTE)
    said = f"decided {decision} by {by}" + (f" ({note})" if note else "")
    if getattr(row, D.CONFLICT):
        return f"conflict, reviewers disagree: {getattr(row, D.HISTORY)}; the next decision settles it"
    if getattr(row, D.STALE):
        return f"stale: {said}, but a record changed since; decide again"
    if decision == Judgement.UNSURE.value:
        return f"marked unsure by {by}" + (f" ({note})" if note else "")
    return said


def _added(out: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """Rows for decided pairs missing from the table, in position order like every pair."""
    a, b = extra[LEFT_POSITION].to_numpy(dtype=int), extra[RIGHT_POSITION].to_numpy(dtype=int)
    flip = a > b
    added = pd.DataFrame(index=range(len(extra)), columns=out.columns)
    for column in out.columns:
        if column.startswith("level_"):
            added[column] = MISSING  # no comparison was made
        elif column.startswith("bits_"):
            added[column] = 0.0
        elif out[column].dtype.kind == "f":
            added[column] = np.nan
        else:
            added[column] = ""
    for left, right in zip(LEFT_KEY, RIGHT_KEY, strict=True):
        first, second = extra[left].to_numpy(), extra[right].to_numpy()
        added[left], added[right] = np.where(flip, second, first), np.where(flip, first, second)
    added[LEFT_POSITION], added[RIGHT_POSITION] = np.minimum(a, b), np.maximum(a, b)
    added[WEIGHT] = np.nan
    added[PROBABILITY] = np.nan
    if REASON in added:
        added[REASON] = ""
    _write(added, np.arange(len(added)), extra)
    added[DECISION_NOTE] = ADDED_NOTE + added[DECISION_NOTE]
    kinds = {c: out[c].dtype for c in out.columns if out[c].dtype.kind in "iufb"}
    return added.astype(kinds)


def training_labels(decisions: pd.DataFrame) -> pd.DataFrame:
    """Pairs a human settled, for the supervised model: `left` < `right` positions and `is_match`."""
    use = D.effective(decisions)
    a, b = (
        decisions.loc[use, LEFT_POSITION].to_numpy(dtype=int),
        decisions.loc[use, RIGHT_POSITION].to_numpy(dtype=int),
    )
    frame = pd.DataFrame({LEFT_POSITION: np.minimum(a, b), RIGHT_POSITION: np.maximum(a, b)})
    frame[LABEL] = (decisions.loc[use, D.DECISION] == Judgement.SAME.value).to_numpy()
    return frame


@dataclass(frozen=True)
class QueueMovement:
    """Undecided pairs that entered or left the review queue between two scorings of the same pairs."""

    entered: int
    left: int

    def summary(self) -> str:
        return f"learning from the decisions moved {self.entered} pair(s) into review and {self.left} out"


def queue_movement(before: pd.DataFrame, after: pd.DataFrame, decisions: pd.DataFrame) -> QueueMovement:
    """Compare the model's statuses without and with the decisions, leaving decided pairs out."""
    decided = (
        set(decisions[list(KEY_COLUMNS)].itertuples(index=False, name=None)) if len(decisions) else set()
    )

    def queue(pairs: pd.DataFrame) -> set[tuple[str, ...]]:
        review = pairs[pairs[STATUS] == Status.REVIEW.value]
        return {k for k in _keys(review) if k not in decided}

    was, now = queue(before), queue(after)
    return QueueMovement(entered=len(now - was), left=len(was - now))
