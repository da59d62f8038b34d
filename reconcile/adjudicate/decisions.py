"""From the ledger's history to one standing decision per pair.

Rules, applied to a pair's decisions in ledger order:

1. Each reviewer has one voice: their latest decision on the pair (a reviewer may change
   their mind; `unsure` by the same reviewer withdraws their earlier `same`/`different`).
2. When the reviewers' latest firm decisions (`same`/`different`) agree, that decision stands;
   another reviewer's `unsure` does not undo it. With no firm decision, the pair is `unsure`.
3. When they disagree, the pair is in *conflict*: it goes back to review with every voice shown.
4. The next firm decision recorded after a conflict opened, by anyone, resolves it and stands
   (earlier voices are kept in the ledger but no longer counted for this pair).
5. A decision is about the records as the reviewer saw them. When either record's content hash
   differs today, only decisions made on today's content count; if there are none, the latest
   ones are shown as *stale* for re-review (never deleted, never applied). A record that no
   longer exists makes its decisions stale too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.adjudicate import ledger as L
from reconcile.adjudicate.keys import HASH_L, HASH_R, KEY_COLUMNS, Judgement, record_hash
from reconcile.schema import LEFT_POSITION, LIST_ID, RECORD_ID, RIGHT_POSITION

DECISION = "decision"
STALE = "stale"
CONFLICT = "conflict"
MISSING_RECORD = "missing_record"
DECIDED_BY = "decided_by"
NOTE = "note"
HISTORY = "history"
COUNT = "decisions"
COLUMNS = (
    *KEY_COLUMNS,
    DECISION,
    STALE,
    CONFLICT,
    MISSING_RECORD,
    DECIDED_BY,
    NOTE,
    HISTORY,
    COUNT,
    LEFT_POSITION,
    RIGHT_POSITION,
)


@dataclass(frozen=True)
class _Entry:
    reviewer: str
    decision: Judgement
    note: str

    def show(self) -> str:
        return f"{self.reviewer}: {self.decision.value}" + (f" ({self.note})" if self.note else "")


def current_decisions(ledger: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """One row per decided pair key (canonical order): the standing decision and its flags.

    `decision` is empty for a conflict; `left`/`right` are the positions in `records` of the
    key's left and right records (not necessarily in position order), -1 where one no longer exists.
    """
    if ledger.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    hashes = dict(
        zip(zip(records[LIST_ID], records[RECORD_ID], strict=True), record_hash(records), strict=True)
    )
    position = {key: i for i, key in enumerate(zip(records[LIST_ID], records[RECORD_ID], strict=True))}
    out = []
    ordered = ledger.sort_values(L.SEQ, kind="stable")
    for key, group in ordered.groupby(list(KEY_COLUMNS), sort=True):
        left_key, right_key = (key[0], key[1]), (key[2], key[3])
        today = (hashes.get(left_key), hashes.get(right_key))
        fresh = (group[HASH_L] == today[0]) & (group[HASH_R] == today[1])
        stale = not fresh.any()
        decision, conflict, voices = _stand(group if stale else group[fresh])
        a, b = position.get(left_key, -1), position.get(right_key, -1)
        missing = a < 0 or b < 0
        firm = [v for v in voices if v.decision.firm] or voices
        out.append(
            [
                *key,
                "" if conflict else decision.value,
                stale,
                conflict,
                missing,
                ", ".join(sorted({v.reviewer for v in firm})),
                "; ".join(v.note for v in firm if v.note),
                "; ".join(v.show() for v in voices),
                len(group),
                a,
                b,
            ]
        )
    frame = pd.DataFrame(out, columns=list(COLUMNS))
    return frame.astype(
        {
            STALE: bool,
            CONFLICT: bool,
            MISSING_RECORD: bool,
            COUNT: int,
            LEFT_POSITION: int,
            RIGHT_POSITION: int,
        }
    )


def _stand(group: pd.DataFrame) -> tuple[Judgement, bool, list[_Entry]]:
    """The standing judgement, whether reviewers conflict, and the voices that count."""
    votes: dict[str, _Entry] = {}
    in_conflict = False
    for reviewer, decision, note in zip(group[L.REVIEWER], group[L.DECISION], group[L.NOTE], strict=True):
        entry = _Entry(reviewer, Judgement(decision), note)
        if in_conflict and entry.decision.firm:
            votes = {}  # rule 4: resolved by this decision
        votes[reviewer.casefold()] = entry
        firm = {v.decision for v in votes.values() if v.decision.firm}
        in_conflict = len(firm) > 1
    voices = list(votes.values())
    firm = {v.decision for v in voices if v.decision.firm}
    if len(firm) > 1:
        return Judgement.UNSURE, True, voices
    return (firm.pop() if firm else Judgement.UNSURE), False, voices


def conflicts(decisions: pd.DataFrame) -> pd.DataFrame:
    """The pairs whose reviewers disagree and no later decision resolved."""
    return decisions[decisions[CONFLICT].to_numpy(dtype=bool)]


def effective(decisions: pd.DataFrame) -> np.ndarray:
    """Which standing decisions override the model: firm, fresh, no conflict, both records present."""
    return (
        decisions[DECISION].isin([Judgement.SAME.value, Judgement.DIFFERENT.value]).to_numpy()
        & ~decisions[STALE].to_numpy(dtype=bool)
        & ~decisions[CONFLICT].to_numpy(dtype=bool)
        & ~decisions[MISSING_RECORD].to_numpy(dtype=bool)
    )
