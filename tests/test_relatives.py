"""Relatives as a third kind of pair: brothers share all but the given name, and are not one person."""

from dataclasses import replace

import numpy as np

from reconcile.levels import by_name, comparisons, distinct_patterns
from reconcile.relatives import fit_relatives, relative_bits
from tests.conftest import default_comparison, default_linkage

DECLARED = comparisons(default_comparison())
LEVELS = by_name(DECLARED)
NAMES = [c.name for c in DECLARED]


def _level(name: str, label: str) -> int:
    return LEVELS[name].position(label)


def _pairs(kind: str, count: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Level arrays of `count` candidate pairs: one person's records, brothers, or strangers who
    share a family name; the other fields missing."""
    different = {n: len(LEVELS[n].levels) - 1 for n in NAMES}
    levels = {n: np.full(count, -1) for n in NAMES}
    levels["family"][:] = 0
    if kind == "one person":
        levels["given"][:] = 0
        levels["father"][:] = 0
        levels["city"][:] = 0
    elif kind == "brothers":
        levels["given"][:] = different["given"]
        levels["father"][:] = 0
        levels["city"][:] = 0
    else:  # as often alike as chance has it (`_model`'s u), and the family name taken alike by blocking
        levels["given"][:] = rng.choice([0, different["given"]], size=count, p=[0.01, 0.99])
        levels["father"][:] = rng.choice([0, different["father"]], size=count, p=[0.01, 0.99])
        levels["city"][:] = rng.choice([0, different["city"]], size=count, p=[0.03, 0.97])
    return levels


def _patterns(levels, rows):
    """The pairs as `fit_relatives` takes them: distinct patterns, every pair on lists a and b."""
    return distinct_patterns(levels, {name: len(LEVELS[name].levels) for name in NAMES}, {"a ~ b": rows})


def _model():
    """m and u as a two-class fit would have them: one person agrees, strangers mostly not."""
    m, u = {}, {}
    for name in NAMES:
        size = len(LEVELS[name].levels)
        m[name] = np.full(size, 0.02 / (size - 1))
        m[name][0] = 0.98
        u[name] = np.full(size, 0.05 / (size - 1))
        u[name][-1] = 0.95
    return m, u


def test_brothers_are_found_as_relatives_and_only_pairs_with_unlike_given_names_lose_weight():
    rng = np.random.default_rng(1)
    parts = [_pairs("one person", 300, rng), _pairs("brothers", 60, rng), _pairs("strangers", 2000, rng)]
    levels = {n: np.concatenate([p[n] for p in parts]).astype(np.int8) for n in NAMES}
    m, u = _model()
    rows = np.arange(len(levels["given"]))
    s, odds = fit_relatives(
        _patterns(levels, rows),
        ["a ~ b"],
        m,
        u,
        {"a ~ b": 1e-3},
        {"a ~ b": 300_000.0},
        DECLARED,
        default_linkage(),
    )
    assert s["father"][0] > 0.8  # relatives share the father's name
    assert s["given"][-1] > 0.5  # and not the given name
    assert 60 / 300_000 / 3 < odds < 60 / 300_000 * 3
    match_bits = {n: np.log2(m[n] / u[n])[np.clip(levels[n], 0, None)] * (levels[n] >= 0) for n in NAMES}
    weight = np.log2(1e-3) + sum(match_bits.values())
    probability = 1 / (1 + np.exp2(-(weight + relative_bits(levels, match_bits, m, s, odds))))
    two_class = 1 / (1 + np.exp2(-weight))
    assert (probability[:300] > 0.99).all()  # one person stays certain
    assert (two_class[300:360] > 0.2).all() and (probability[300:360] < 0.05).all()  # brothers no longer pass


def test_without_relatives_in_the_lists_the_correction_is_nothing():
    rng = np.random.default_rng(2)
    parts = [_pairs("one person", 300, rng), _pairs("strangers", 2000, rng)]
    levels = {n: np.concatenate([p[n] for p in parts]).astype(np.int8) for n in NAMES}
    m, u = _model()
    rows = np.arange(len(levels["given"]))
    settings = replace(default_linkage(), em_max_iterations=200)
    s, odds = fit_relatives(
        _patterns(levels, rows), ["a ~ b"], m, u, {"a ~ b": 1e-3}, {"a ~ b": 300_000.0}, DECLARED, settings
    )
    match_bits = {n: np.log2(m[n] / u[n])[np.clip(levels[n], 0, None)] * (levels[n] >= 0) for n in NAMES}
    assert odds < 1e-5
    assert relative_bits(levels, match_bits, m, s, odds).min() > -0.5
