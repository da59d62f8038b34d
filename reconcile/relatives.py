"""Relatives: a third kind of pair beside one person's two records and two strangers.

Brothers and sisters share a family name, often the father's name, and in 1988 often the city,
the prison and the date: everything but the given name. A model of two classes (one person or
strangers) weighs every such agreement as if strangers agreed by chance alone, so two brothers
score nearly as high as one person whose given name was miswritten, and the probabilities of pairs
with unlike given names come out far too high. Here relatives are a class of their own, with their
own level shares s (how relatives' records agree), learnt by EM over the candidate pairs with m and
u held. The odds that a pair is one person become

    πM·m / (πU·u + πR·s)

which is the two-class weight plus a correction of −log2(1 + πR·s / (πU·u)) bits, shown as its
own column. EM starts from "relatives agree on the family and the father's name as one person's
records do, and on everything else as strangers do"; the given name's agreeing levels are capped
for relatives as the disagreeing level is for one person (`m_prior_disagreement`): two relatives
of one given name are as rare as one person's records with two. Whatever else relatives share
(brothers arrested together share city, prison and date), the lists teach. Where the lists hold
no relatives, EM drives their prior to nothing and the correction with it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from reconcile.config import Linkage
from reconcile.levels import MISSING, Comparison, Patterns, level_shares, log_bayes

MIN_PRIOR = 1e-12
KIN = ("family", "father")  # the fields relatives share by birth


def fit_relatives(
    patterns: Patterns,
    list_pairs: list[str],
    m: Mapping[str, np.ndarray],
    u: Mapping[str, np.ndarray],
    match_priors: Mapping[str, float],
    possible_pairs: Mapping[str, float],
    comparisons: tuple[Comparison, ...],
    settings: Linkage,
) -> tuple[dict[str, np.ndarray], float]:
    """Relatives' level shares s per comparison, and the prior odds that two records are of
    relatives rather than strangers.

    `match_priors` are the two-class priors of one person per pair of lists, re-estimated inside
    this EM beside the relatives' (two classes counted brothers as one person's records);
    `patterns` are the candidate pairs' `distinct_patterns`, whose pairs of lists `list_pairs`
    names in order. One prior holds for relatives on every pair of lists: whether two
    people are related does not depend on the lists that name them, where how many people two
    lists share does."""
    given = next(c for c in comparisons if c.name == "given")
    agreeing = given.agree(np.arange(len(given.levels)))
    # What makes relatives: one family and one father, as one person's records have; the rest,
    # starting as strangers', the lists teach (brothers arrested together share city and date).
    start = {name: np.asarray(m[name] if name in KIN else u[name], dtype=float) for name in m}
    start["given"] = _capped(start["given"], agreeing, settings.m_prior_disagreement)
    names = list_pairs
    pattern, group, pairs = patterns
    possible = np.maximum([possible_pairs[lists] for lists in names], 1.0)
    all_possible = max(sum(possible_pairs[lists] for lists in names), 1.0)
    match_evidence = sum(log_bayes(pattern[n], m[n], u[n]) for n in m)
    s = dict(start)
    priors = np.array([match_priors[lists] for lists in names])
    relatives = float(priors.mean()) if len(priors) else MIN_PRIOR
    for _ in range(settings.em_max_iterations):
        relative_evidence = sum(log_bayes(pattern[n], s[n], u[n]) for n in s) + np.log(relatives)
        # Each class's share, from its odds against strangers: strangers, one person, relatives.
        stacked = np.stack([np.zeros(len(pairs)), match_evidence + np.log(priors[group]), relative_evidence])
        expected = np.exp(stacked[1:] - np.logaddexp.reduce(stacked, axis=0)) * pairs
        new_s = {n: level_shares(pattern[n], expected[1], start[n], settings.em_prior_pairs) for n in s}
        new_s["given"] = _capped(new_s["given"], agreeing, settings.m_prior_disagreement)
        new_priors = np.clip(
            np.bincount(group, weights=expected[0], minlength=len(names)) / possible, MIN_PRIOR, 0.5
        )
        new_relatives = float(np.clip(expected[1].sum() / all_possible, MIN_PRIOR, 0.5))
        change = max(
            max(float(np.abs(new_s[n] - s[n]).max()) for n in s),
            float(np.abs(np.log(new_priors / priors)).max(initial=0.0)),
            abs(np.log(new_relatives / relatives)),
        )
        s, priors, relatives = new_s, new_priors, new_relatives
        if change < settings.em_tolerance:
            break
    return s, relatives


def relative_bits(
    levels: Mapping[str, np.ndarray],
    match_bits: Mapping[str, np.ndarray],
    m: Mapping[str, np.ndarray],
    s: Mapping[str, np.ndarray],
    relative_odds: float,
) -> np.ndarray:
    """Per pair, the correction −log2(1 + πR·s / (πU·u)) in bits.

    Relatives' evidence against strangers is each field's evidence for one person with s in place
    of m: `match_bits` already weighs a name by its frequency (log2(m / share)), and the same
    frequency holds for relatives, log2(s / share) = that + log2(s / m)."""
    count = len(next(iter(levels.values())))
    if not s:
        return np.zeros(count)
    total = np.full(count, np.log2(relative_odds))
    for name, bits in match_bits.items():
        level = levels[name]
        shift = np.log2(s[name] / m[name])
        total = total + bits + np.where(level == MISSING, 0.0, shift[np.clip(level, 0, len(shift) - 1)])
    return -np.logaddexp2(0.0, total)


def _capped(shares: np.ndarray, agreeing: np.ndarray, cap: float) -> np.ndarray:
    """The shares with the agreeing levels together at most `cap`, the rest scaled up to match."""
    held = shares[agreeing].sum()
    if held <= cap:
        return shares
    out = shares.copy()
    out[agreeing] = shares[agreeing] / held * cap
    out[~agreeing] = shares[~agreeing] / shares[~agreeing].sum() * (1 - cap)
    return out


def lowered(weight: np.ndarray, correction: np.ndarray) -> np.ndarray:
    """How much the correction lowered each pair's probability from its weight (bits, the
    correction included): large only where relatives are a real alternative to one person."""
    return 1 / (1 + np.exp2(-(weight - correction))) - 1 / (1 + np.exp2(-weight))
