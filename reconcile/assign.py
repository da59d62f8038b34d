"""One-to-one assignment between an allegation list and a reply.

A reply row answers about one person, and an allegation names one person once: so across an
allegation list and a reply list a record links to at most one record on the other side. The
strongest pair wins; a rival within `near_tie_weight` bits of it is a near tie, and both go to a
human rather than letting the model guess.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from reconcile.schema import LIST_ID, RIGHT, STATUS, WEIGHT, Role, Status
from reconcile.schema import LEFT as LEFT_SUFFIX

NOTE = "assignment_note"


def assign_one_to_one(pairs: pd.DataFrame, roles: Mapping[str, Role], near_tie_weight: float) -> pd.DataFrame:
    """Return `pairs` with statuses adjusted and a note on each pair the assignment changed."""
    out = pairs.copy()
    out[NOTE] = ""
    role_l = out[LIST_ID + LEFT_SUFFIX].map(roles)
    role_r = out[LIST_ID + RIGHT].map(roles)
    across = ((role_l == Role.ALLEGATION) & (role_r == Role.REPLY)) | (
        (role_l == Role.REPLY) & (role_r == Role.ALLEGATION)
    )
    live = across & out[STATUS].isin([Status.MATCH.value, Status.REVIEW.value])
    winners: dict[tuple[int, str], tuple[float, object]] = {}
    for index in out.index[live].to_series().sort_values(key=lambda i: -out.loc[i, WEIGHT], kind="stable"):
        row = out.loc[index]
        sides = ((row["left"], row[LIST_ID + RIGHT]), (row["right"], row[LIST_ID + LEFT_SUFFIX]))
        taken = [winners[s] for s in sides if s in winners]
        if not taken:
            for side in sides:
                winners[side] = (row[WEIGHT], index)
            continue
        best_weight, best_index = max(taken, key=lambda t: t[0])
        if best_weight - row[WEIGHT] <= near_tie_weight:
            out.loc[index, [STATUS, NOTE]] = [Status.REVIEW.value, "near tie with another candidate"]
            if out.loc[best_index, STATUS] == Status.MATCH.value:
                out.loc[best_index, [STATUS, NOTE]] = [Status.REVIEW.value, "near tie with another candidate"]
        else:
            out.loc[index, [STATUS, NOTE]] = [Status.NON_MATCH.value, "a stronger candidate took this record"]
    return out
