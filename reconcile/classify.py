"""Stage 5: feature table -> match weight, probability and status (Fellegi–Sunter with EM).

u-probabilities (how often two different people agree by chance) come from random record
pairs; m-probabilities (how often one person's records agree) are estimated by EM on the
candidate pairs, with u held fixed, as Splink does. The prior is the probability that two
random records match, so a pair is linked only on evidence that beats the odds against it.
Agreement on a name is weighed by how common that name is in the data (term frequency):
two records both called Mohammad Hosseini prove far less than two called Khorramshahi.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile import names
from reconcile.compare import MISSING, Comparison
from reconcile.config import Linkage
from reconcile.schema import PROBABILITY, STATUS, WEIGHT, Status

SMOOTHING = 1.0  # pseudo-count per level, so that a level never seen still has a finite weight
MIN_PROBABILITY = 1e-6


@dataclass(frozen=True)
class Model:
    m: dict[str, np.ndarray]  # per comparison, P(level | same person)
    u: dict[str, np.ndarray]  # per comparison, P(level | different people)
    prior: float  # probability that two random records are the same person
    iterations: int


def random_pairs(n_records: int, count: int, seed: int) -> pd.MultiIndex:
    """Random distinct record pairs (left < right) for estimating u."""
    rng = np.random.default_rng(seed)
    left = rng.integers(0, n_records, size=count)
    right = rng.integers(0, n_records, size=count)
    keep = left != right
    low, high = np.minimum(left, right)[keep], np.maximum(left, right)[keep]
    return pd.MultiIndex.from_arrays([low, high], names=["left", "right"])


def fit(
    features: pd.DataFrame,
    random_features: pd.DataFrame,
    comparisons: tuple[Comparison, ...],
    settings: Linkage,
    n_records: int,
) -> Model:
    """Estimate u from random pairs, then m and the match rate by EM over the candidate pairs."""
    u = {c.name: _level_shares(random_features["level_" + c.name], len(c.levels)) for c in comparisons}
    m = {c.name: _initial_m(len(c.levels)) for c in comparisons}
    levels = {c.name: features["level_" + c.name].to_numpy() for c in comparisons}
    rate = 0.1
    iteration = 0
    for iteration in range(1, settings.em_max_iterations + 1):
        log_odds = np.log(rate / (1 - rate)) + sum(_log_bayes(levels[n], m[n], u[n]) for n in m)
        posterior = 1 / (1 + np.exp(-np.clip(log_odds, -50, 50)))
        new_m = {n: _weighted_level_shares(levels[n], posterior, len(m[n])) for n in m}
        new_rate = float(np.clip(posterior.mean(), MIN_PROBABILITY, 1 - MIN_PROBABILITY))
        change = max(float(np.abs(new_m[n] - m[n]).max()) for n in m)
        m, rate = new_m, new_rate
        if change < settings.em_tolerance:
            break
    total_pairs = n_records * (n_records - 1) / 2
    prior = float(np.clip(rate * len(features) / max(total_pairs, 1), MIN_PROBABILITY, 0.5))
    return Model(m=m, u=u, prior=prior, iterations=iteration)


def score(
    features: pd.DataFrame,
    records: pd.DataFrame,
    model: Model,
    comparisons: tuple[Comparison, ...],
) -> pd.DataFrame:
    """Per-comparison contributions in bits (`bits_*`), total weight and probability."""
    out = pd.DataFrame(index=features.index)
    prior_bits = np.log2(model.prior / (1 - model.prior))
    total = np.full(len(features), prior_bits)
    left = features.index.get_level_values(0)
    for comparison in comparisons:
        level = features["level_" + comparison.name].to_numpy()
        bits = _log_bayes(level, model.m[comparison.name], model.u[comparison.name]) / np.log(2)
        if comparison.tf_column:
            bits = _term_frequency_bits(bits, level, records, comparison, model, left)
        out["bits_" + comparison.name] = bits
        total = total + bits
    out[WEIGHT] = total
    out[PROBABILITY] = 1 / (1 + np.power(2.0, -np.clip(total, -60, 60)))
    return out


def decide(scored: pd.DataFrame, settings: Linkage) -> pd.Series:
    """Status of each pair from the two probability thresholds."""
    probability = scored[PROBABILITY].to_numpy()
    status = np.where(
        probability >= settings.match_threshold,
        Status.MATCH.value,
        np.where(probability >= settings.review_threshold, Status.REVIEW.value, Status.NON_MATCH.value),
    )
    return pd.Series(status, index=scored.index, name=STATUS)


def _term_frequency_bits(
    bits: np.ndarray,
    level: np.ndarray,
    records: pd.DataFrame,
    comparison: Comparison,
    model: Model,
    left: pd.Index,
) -> np.ndarray:
    """At the top level, weigh agreement by how common the agreed name is in these lists."""
    assert comparison.tf_column is not None
    keys = records[comparison.tf_column]
    frequency = names.token_frequencies(keys[keys != ""])
    value_frequency = keys.iloc[left].map(frequency).fillna(0).to_numpy(dtype=float)
    u_top = model.u[comparison.name][0]
    adjusted_u = np.maximum(value_frequency, MIN_PROBABILITY)
    top = (level == 0) & (value_frequency > 0)
    tf_bits = np.log2(model.m[comparison.name][0] / np.maximum(adjusted_u, u_top * 0.01))
    return np.where(top, tf_bits, bits)


def _log_bayes(level: np.ndarray, m: np.ndarray, u: np.ndarray) -> np.ndarray:
    ratio = np.log(m / u)
    return np.where(level == MISSING, 0.0, ratio[np.clip(level, 0, len(m) - 1)])


def _level_shares(levels: pd.Series, count: int) -> np.ndarray:
    observed = levels.to_numpy()
    observed = observed[observed != MISSING]
    counts = np.bincount(observed, minlength=count).astype(float) + SMOOTHING
    return counts / counts.sum()


def _weighted_level_shares(levels: np.ndarray, weight: np.ndarray, count: int) -> np.ndarray:
    present = levels != MISSING
    counts = np.bincount(levels[present], weights=weight[present], minlength=count) + SMOOTHING * 1e-3
    return counts / counts.sum()


def _initial_m(count: int) -> np.ndarray:
    # Start believing that the same person mostly agrees: the top level takes most mass.
    start = np.geomspace(1.0, 0.05, num=count)
    return start / start.sum()
