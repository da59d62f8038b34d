"""Agreement between reviewers who decided the same pair: Cohen's kappa, pooled over reviewer pairs."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from reconcile.adjudicate import ledger as L
from reconcile.adjudicate.keys import KEY_COLUMNS, Judgement


@dataclass(frozen=True)
class Agreement:
    pairs: int  # pairs decided by two reviewers or more
    comparisons: int  # (pair, two reviewers) combinations counted
    agreed: int
    kappa: float | None

    def summary(self) -> str:
        if not self.pairs:
            return "reviewer agreement: no pair was decided twice"
        kappa = "undefined" if self.kappa is None else f"{self.kappa:.2f}"
        return (
            f"reviewer agreement: {self.agreed} of {self.comparisons} double decisions agree "
            f"on {self.pairs} pair(s); Cohen's kappa {kappa}"
        )


def agreement(ledger: pd.DataFrame) -> Agreement:
    """Each reviewer's latest decision per pair; every two reviewers of a pair make one comparison.

    The earlier of the two (by ledger order) is rater 1, so the table is not symmetric by force.
    Categories are same, different and unsure.
    """
    if ledger.empty:
        return Agreement(0, 0, 0, None)
    frame = ledger.assign(_who=ledger[L.REVIEWER].str.casefold()).sort_values(L.SEQ, kind="stable")
    latest = frame.drop_duplicates([*KEY_COLUMNS, "_who"], keep="last").sort_values(L.SEQ, kind="stable")
    ratings: list[tuple[str, str]] = []
    pairs = 0
    for _, group in latest.groupby(list(KEY_COLUMNS), sort=False):
        if len(group) < 2:
            continue
        pairs += 1
        ratings += [(a, b) for a, b in combinations(group[L.DECISION].tolist(), 2)]
    if not ratings:
        return Agreement(0, 0, 0, None)
    agreed = sum(a == b for a, b in ratings)
    return Agreement(pairs, len(ratings), agreed, _kappa(ratings))


def _kappa(ratings: list[tuple[str, str]]) -> float | None:
    n = len(ratings)
    observed = sum(a == b for a, b in ratings) / n
    categories = [j.value for j in Judgement]
    expected = sum(
        (sum(a == c for a, _ in ratings) / n) * (sum(b == c for _, b in ratings) / n) for c in categories
    )
    if expected >= 1.0:  # both raters used one category only: kappa is 0/0
        return 1.0 if observed == 1.0 else None
    return (observed - expected) / (1.0 - expected)


def cohen_kappa(ledger: pd.DataFrame) -> float | None:
    """Cohen's kappa over the pairs decided by two reviewers or more; None when there are none."""
    return agreement(ledger).kappa
