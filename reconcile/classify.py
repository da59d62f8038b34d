"""Stage 5: feature table -> match weight and probability (Fellegi–Sunter); status is `reconcile.status`.

Estimation follows Splink's recipe, because EM run freely on name-blocked pairs settles on the
wrong classes ("same given name" rather than "same person"):

- u (how often two different people agree by chance) from random record pairs;
- m of the non-name fields (father, age, places, date) by EM, with u fixed, over the pairs
  whose names agree: inside that block different people still agree on the other fields
  only by chance;
- m of the name parts first from the pairs that the non-name fields alone already identify
  (where the lists hold too few of those, the prior belief from settings stands), then refined
  by EM over all candidate pairs with everything else held;
- the prior: the probability that two random records of lists A and B are the same person,
  by EM on it alone, for each pair of lists (two UN lists overlap far more than a list with
  itself, where a person appears twice only by mistake), re-estimated on the final weights;
- relatives: a third class beside one person and strangers (`reconcile.relatives`), fitted last;
  what the chance of relatives takes off a pair's weight is shown in `bits_relatives`.

Each pair's weight is the prior log-odds plus visible per-field contributions in bits. A name
agreement is weighed by how common that name is (term frequency): two records called Mohammad
Hosseini prove far less than two called Khorramshahi. Where both records carry one whole name,
its weight comes from how many people the lists show carrying it (`namesakes`), shown as the
difference in `bits_namesakes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from reconcile.config import Linkage
from reconcile.levels import (
    NEITHER_GIVEN_LEVEL_LABEL,
    TOP,
    Comparison,
    Patterns,
    by_name,
    distinct_patterns,
    level_shares,
    log_bayes,
)
from reconcile.names.frequency import token_class
from reconcile.namesakes import Namesakes
from reconcile.relatives import fit_relatives, relative_bits
from reconcile.schema import (
    FAMILY_KEY,
    GIVEN_KEY,
    POSITIONS,
    PROBABILITY,
    WEIGHT,
)

MIN_PROBABILITY = 1e-9
PRIOR_BITS = "bits_prior"
NAMESAKE_BITS = "bits_namesakes"
RELATIVE_BITS = "bits_relatives"  # what the chance that the two are relatives, not one person, takes off
NAMESAKES = "namesakes"  # expected other carriers of the name a pair agrees on
NAME_PARTS = ("given", "family")
MAX_BITS_LEFT_OUT_ONCE = 4.0  # a field on one record only weighs at most this against (see its m)


@dataclass(frozen=True)
class Model:
    m: dict[str, np.ndarray]  # per comparison, P(level | same person)
    u: dict[str, np.ndarray]  # per comparison, P(level | different people)
    prior: float  # probability that two random records are the same person, all lists together
    priors: dict[str, float]  # the same for each pair of lists, keyed by list_pair()
    name_m_pairs: int  # pairs that taught the name m-probabilities (0: the prior stood)
    # Relatives (`reconcile.relatives`): per comparison P(level | relatives), and the prior odds of
    # two records being relatives' against strangers'; empty when not modelled.
    s: dict[str, np.ndarray] = field(default_factory=dict)
    relative_odds: float = 0.0


def random_pairs(n_records: int, count: int, seed: int) -> pd.MultiIndex:
    """Record pairs (left < right) for estimating u: every pair when there are at most `count`,
    otherwise `count` drawn at random (a pair may be drawn twice)."""
    if n_records * (n_records - 1) // 2 <= count:
        left, right = np.triu_indices(n_records, k=1)
        return pd.MultiIndex.from_arrays([left, right], names=list(POSITIONS))
    rng = np.random.default_rng(seed)
    left, right = rng.integers(0, n_records, size=(2, count))
    keep = left != right
    return pd.MultiIndex.from_arrays(
        [np.minimum(left, right)[keep], np.maximum(left, right)[keep]], names=list(POSITIONS)
    )


def fit(
    features: pd.DataFrame,
    random_features: pd.DataFrame,
    comparisons: tuple[Comparison, ...],
    settings: Linkage,
    pair_lists: np.ndarray,
    list_sizes: Mapping[str, int],
    labelled_same: np.ndarray | None = None,
) -> Model:
    """Estimate the model; candidate pairs that analysts decided are the same person (True in
    `labelled_same`) then teach m directly, outweighing the unsupervised estimate as they grow."""
    n_records = sum(list_sizes.values())
    levels = {c.name: features["level_" + c.name].to_numpy() for c in comparisons}
    flat = {c.name: np.full(len(c.levels), 1 / len(c.levels)) for c in comparisons}
    u = {
        n: level_shares(random_features["level_" + n].to_numpy(), np.ones(len(random_features)), flat[n], 1.0)
        for n in flat
    }
    absence = {c.name: _AbsenceLevels.of(c) for c in comparisons}
    prior_m = {
        c.name: _left_out_once_by_marginal(
            _agreeing_prior(len(c.levels), settings.m_prior_disagreement), u[c.name], absence[c.name]
        )
        for c in comparisons
    }
    others = [n for n in levels if n not in NAME_PARTS]

    names_agree = _names_agree(features, comparisons)
    m = dict(prior_m)
    m.update(_em_m_only({n: levels[n][names_agree] for n in others}, u, prior_m, settings))

    other_bits = sum(log_bayes(levels[n], m[n], u[n]) for n in others) / np.log(2)
    identified = other_bits >= settings.name_m_evidence_bits
    taught = int(identified.sum())
    if taught >= settings.name_m_min_pairs:
        for n in NAME_PARTS:
            learnt = level_shares(levels[n][identified], np.ones(taught), prior_m[n], settings.em_prior_pairs)
            learnt = _left_out_once_by_marginal(learnt, u[n], absence[n])
            m[n] = _cap_disagreement(learnt, settings.m_prior_disagreement)
    if labelled_same is not None and labelled_same.any():
        for n in m:
            decided = level_shares(
                levels[n][labelled_same], np.ones(int(labelled_same.sum())), m[n], settings.label_prior_pairs
            )
            m[n] = _cap_disagreement(decided, settings.m_prior_disagreement) if n in NAME_PARTS else decided
    groups = _pair_list_groups(pair_lists)
    patterns = distinct_patterns(levels, {c.name: len(c.levels) for c in comparisons}, groups)
    m = _refine_name_m(patterns, list(groups), m, u, prior_m, absence, list_sizes, settings)
    pattern_levels, pattern_group, pairs = patterns
    evidence = np.sum([log_bayes(pattern_levels[n], m[n], u[n]) for n in m], axis=0)
    pattern_groups = _rows_by_list_pair(pattern_group, list(groups))
    priors = _list_pair_priors(evidence, pattern_groups, list_sizes, settings, weights=pairs)
    prior = _match_prior(evidence, n_records * (n_records - 1) / 2, settings, weights=pairs)
    s: dict[str, np.ndarray] = {}
    relative_odds = 0.0
    if settings.relatives:
        s, relative_odds = fit_relatives(
            patterns,
            list(groups),
            m,
            u,
            priors,
            {lists: _possible_pairs(lists, list_sizes) for lists in groups},
            comparisons,
            settings,
        )
    return Model(
        m=m,
        u=u,
        prior=prior,
        priors=priors,
        name_m_pairs=taught if taught >= settings.name_m_min_pairs else 0,
        s=s,
        relative_odds=relative_odds,
    )


def _prior_log_odds(priors: Mapping[str, float], groups: dict[str, np.ndarray], count: int) -> np.ndarray:
    """Each row's prior log-odds of one person, from the prior of its pair of lists."""
    out = np.empty(count)
    for lists, rows in groups.items():
        out[rows] = np.log(priors[lists] / (1 - priors[lists]))
    return out


def _refine_name_m(
    patterns: Patterns,
    list_pairs: list[str],
    m: dict[str, np.ndarray],
    u: dict[str, np.ndarray],
    prior_m: dict[str, np.ndarray],
    absence: dict[str, _AbsenceLevels],
    list_sizes: Mapping[str, int],
    settings: Linkage,
) -> dict[str, np.ndarray]:
    """EM on the name parts' m alone, over every candidate pair, everything else held.

    The pairs that other fields identify are few and include brothers; once u, the other
    fields' m and the priors anchor the classes, the whole candidate set can teach the names.
    EM runs over the distinct combinations of levels and pair of lists (`distinct_patterns`), each
    weighed by its pairs: the same sums, over far fewer rows.
    """
    levels, group, pairs = patterns
    groups = _rows_by_list_pair(group, list_pairs)
    m = dict(m)
    priors: dict[str, float] | None = None
    for _ in range(settings.em_max_iterations):
        evidence = np.sum([log_bayes(levels[n], m[n], u[n]) for n in m], axis=0)
        priors = _list_pair_priors(evidence, groups, list_sizes, settings, start=priors, weights=pairs)
        prior_log_odds = _prior_log_odds(priors, groups, len(evidence))
        posterior = 1 / (1 + np.exp(-np.clip(prior_log_odds + evidence, -50, 50)))
        new = {
            n: _cap_disagreement(
                _left_out_once_by_marginal(
                    level_shares(levels[n], posterior * pairs, prior_m[n], settings.em_prior_pairs),
                    u[n],
                    absence[n],
                ),
                settings.m_prior_disagreement,
            )
            for n in NAME_PARTS
        }
        change = max(float(np.abs(new[n] - m[n]).max()) for n in NAME_PARTS)
        m.update(new)
        if change < settings.em_tolerance:
            break
    return m


def _rows_by_list_pair(group: np.ndarray, list_pairs: list[str]) -> dict[str, np.ndarray]:
    """Row positions of each pair of lists, from each row's position in `list_pairs`."""
    return {lists: np.flatnonzero(group == position) for position, lists in enumerate(list_pairs)}


def _pair_list_groups(pair_lists: np.ndarray) -> dict[str, np.ndarray]:
    """Row positions of the pairs of each pair of lists."""
    return {
        str(lists): rows.to_numpy()
        for lists, rows in pd.Series(np.arange(len(pair_lists))).groupby(pair_lists)
    }


def _list_pair_priors(
    evidence: np.ndarray,
    groups: dict[str, np.ndarray],
    list_sizes: Mapping[str, int],
    settings: Linkage,
    start: Mapping[str, float] | None = None,
    weights: np.ndarray | None = None,
) -> dict[str, float]:
    """Per pair of lists, the prior by `_match_prior`; `weights`: how many pairs each row stands for."""
    return {
        lists: _match_prior(
            evidence[rows],
            _possible_pairs(lists, list_sizes),
            settings,
            start.get(lists) if start else None,
            None if weights is None else weights[rows],
        )
        for lists, rows in groups.items()
    }


def list_pair(left_lists: np.ndarray, right_lists: np.ndarray) -> np.ndarray:
    """A key for the (unordered) pair of lists of each record pair."""
    # Rank the few distinct lists once, then spell each pair of ranks once: there are many pairs.
    codes, names = pd.factorize(np.concatenate([left_lists, right_lists]))
    order = np.argsort(np.asarray(names, dtype=str))
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    ranked = [str(name) for name in np.asarray(names)[order]]
    spelled = np.empty((len(names), len(names)), dtype=object)
    for i, a in enumerate(ranked):
        for j, b in enumerate(ranked):
            spelled[i, j] = f"{a} ~ {b}"
    left, right = rank[codes[: len(left_lists)]], rank[codes[len(left_lists) :]]
    return spelled[np.minimum(left, right), np.maximum(left, right)]


def _possible_pairs(lists: str, list_sizes: Mapping[str, int]) -> float:
    first, second = lists.split(" ~ ")
    if first == second:
        return list_sizes[first] * (list_sizes[first] - 1) / 2
    return list_sizes[first] * list_sizes[second]


def _em_m_only(
    levels: dict[str, np.ndarray], u: dict[str, np.ndarray], prior_m: dict[str, np.ndarray], settings: Linkage
) -> dict[str, np.ndarray]:
    """m of some comparisons by EM with u held fixed (one latent class: same person or not)."""
    m = {n: prior_m[n] for n in levels}
    rate = settings.em_initial_match_rate
    count = len(next(iter(levels.values()), []))
    for _ in range(settings.em_max_iterations):
        if not count:
            break
        log_odds = np.log(rate / (1 - rate)) + sum(log_bayes(levels[n], m[n], u[n]) for n in m)
        posterior = 1 / (1 + np.exp(-np.clip(log_odds, -50, 50)))
        new_m = {n: level_shares(levels[n], posterior, prior_m[n], settings.em_prior_pairs) for n in m}
        rate = float(np.clip(posterior.mean(), 1e-4, 1 - 1e-4))
        change = max(float(np.abs(new_m[n] - m[n]).max()) for n in m)
        m = new_m
        if change < settings.em_tolerance:
            break
    return m


def _match_prior(
    evidence: np.ndarray,
    possible_pairs: float,
    settings: Linkage,
    start: float | None = None,
    weights: np.ndarray | None = None,
) -> float:
    """EM on the prior alone: expected matches among the candidates over all possible pairs.
    `start` (the last estimate, inside an outer EM) saves most iterations; `weights` say how many
    pairs each row of `evidence` stands for (one each without them)."""
    weights = np.ones(len(evidence)) if weights is None else weights
    possible_pairs = max(possible_pairs, 1.0)
    prior = start or float(np.clip(weights.sum() / possible_pairs / 10, MIN_PROBABILITY, 0.5))
    for _ in range(settings.em_max_iterations):
        posterior = 1 / (1 + np.exp(-np.clip(np.log(prior / (1 - prior)) + evidence, -50, 50)))
        new_prior = float(np.clip((posterior * weights).sum() / possible_pairs, MIN_PROBABILITY, 0.5))
        if abs(np.log(new_prior / prior)) < settings.em_tolerance:
            return new_prior
        prior = new_prior
    return prior


def evidence(
    features: pd.DataFrame,
    records: pd.DataFrame,
    model: Model,
    comparisons: tuple[Comparison, ...],
    others: np.ndarray,
    population: float,
    settings: Linkage,
) -> pd.DataFrame:
    """Per-comparison contributions in bits (`bits_*`), names weighed by their frequency;
    `others` is each pair's `pair_namesakes`, `population` the people behind the counts. Where the
    model knows relatives, what the chance of relatives takes off is `bits_relatives`.

    The lists' counts may raise a name's weight at most `namesake_max_bits` above its parts'
    frequencies: the coverage behind them assumes lists sample people independently, and lists
    that each hold a small share of a larger population would make a name seen once look unique.
    Lowering a common name's weight is never capped. A city or an affiliation counts at most as
    rare as `min_value_share`: a one-off spelling is rarer than the place or party it stands for."""
    out = pd.DataFrame(index=features.index)
    shares = name_shares(records)
    for comparison in comparisons:
        level = features["level_" + comparison.name].to_numpy()
        bits = log_bayes(level, model.m[comparison.name], model.u[comparison.name]) / np.log(2)
        if comparison.tf_column:
            keys = records[comparison.tf_column]
            if comparison.tf_of_names:
                value_share = _value_share(keys.map(token_class), features.index, shares)
            else:
                shares_of_values = keys[keys != ""].value_counts(normalize=True)
                value_share = _value_share(
                    keys, features.index, shares_of_values.clip(lower=settings.min_value_share)
                )
            top = (level == TOP) & ~np.isnan(value_share)
            bits = np.where(top, np.log2(model.m[comparison.name][0] / np.where(top, value_share, 1.0)), bits)
            if comparison.tf_of_names:
                # A name spelled two ways is as rare as the name: the chance agreement at a
                # spelling-variant level scales with the name's share as the exact level's does.
                variant = comparison.agree(level) & (level != TOP) & ~np.isnan(value_share)
                exact_u = model.u[comparison.name][0]
                bits = np.where(
                    variant, bits + np.log2(exact_u / np.where(variant, value_share, exact_u)), bits
                )
        out["bits_" + comparison.name] = bits
    # Where both records carry one name, the chance that someone else does, E[other carriers] / N,
    # replaces the product of the parts' frequencies; the difference is shown in its own column.
    # m does not enter: two carriers of one name are as likely as one person's two records to be
    # spelled alike, so spelling cancels out and only the number of carriers counts.
    chance = np.maximum(np.nan_to_num(others, nan=1.0), MIN_PROBABILITY) / max(population, 1.0)
    by_count = np.where(np.isnan(others), np.nan, -np.log2(chance))
    by_parts = out["bits_given"].to_numpy() + out["bits_family"].to_numpy()
    out[NAMESAKE_BITS] = np.minimum(
        np.where(np.isnan(by_count), 0.0, by_count - by_parts), settings.namesake_max_bits
    )
    if model.s:
        out[RELATIVE_BITS] = relative_bits(
            {c.name: features["level_" + c.name].to_numpy() for c in comparisons},
            {c.name: out["bits_" + c.name].to_numpy() for c in comparisons},
            model.m,
            model.s,
            model.relative_odds,
        )
    return out


def with_priors(
    model: Model,
    bits: pd.DataFrame,
    pair_lists: np.ndarray,
    list_sizes: Mapping[str, int],
    settings: Linkage,
) -> Model:
    """The model with its priors re-estimated on the evidence that scores the pairs.

    `fit` learns m and u on the average weight of each level; term frequencies and name counts
    then move each pair's weight, and the priors must be estimated on those same weights, or
    every probability would be off by what the adjustments add on average.
    """
    total = bits.to_numpy(dtype=float).sum(axis=1) * np.log(2)
    groups = _pair_list_groups(pair_lists)
    n_records = sum(list_sizes.values())
    return replace(
        model,
        priors=_list_pair_priors(total, groups, list_sizes, settings),
        prior=_match_prior(total, n_records * (n_records - 1) / 2, settings),
    )


def score(bits: pd.DataFrame, model: Model, pair_lists: np.ndarray) -> pd.DataFrame:
    """Prior odds of each pair's lists beside its evidence, total weight and probability."""
    prior = pd.Series(pair_lists).map(model.priors).fillna(model.prior).to_numpy(dtype=float)
    out = pd.concat(
        [pd.DataFrame({PRIOR_BITS: np.log2(prior / (1 - prior))}, index=bits.index), bits], axis=1
    )
    total = out.to_numpy(dtype=float).sum(axis=1)
    out[WEIGHT] = total
    out[PROBABILITY] = 1 / (1 + np.power(2.0, -np.clip(total, -60, 60)))
    return out


def name_shares(records: pd.DataFrame) -> pd.Series:
    """Share of name parts (given and family pooled) per consonant skeleton.

    Pooling the scripts and the two parts means محمد, Mohammad and Muhammad count as one name,
    and a family name misread as a given name still has its true frequency.
    """
    groups = pd.concat([records[GIVEN_KEY], records[FAMILY_KEY]]).map(token_class)
    return groups[groups != ""].value_counts(normalize=True)


def _value_share(keys: pd.Series, pairs: pd.Index, shares: pd.Series) -> np.ndarray:
    """Per pair, the share of records with this value, for term frequency: a top-level agreement
    on it is worth log2(m / share). The commoner of the two spellings counts, to stay cautious."""
    # Looked up once per record, not once per pair: the pairs are thirty times as many.
    per_record = keys.map(shares).to_numpy(dtype=float)
    return np.fmax(per_record[pairs.get_level_values(0)], per_record[pairs.get_level_values(1)])


def pair_namesakes(
    features: pd.DataFrame, namesakes: Namesakes, comparisons: tuple[Comparison, ...]
) -> np.ndarray:
    """Per pair, the expected number of other people carrying the name both records agree on;
    NaN unless both name parts agree (or the family names agree and neither record has a given
    name) and both records are counted under the same name.

    Two records of one list are the question whether the list names one person twice: their
    own count on that list is what is in doubt, so they get the namesakes expected by chance."""
    left, right = features.index.get_level_values(0), features.index.get_level_values(1)
    given, family = (by_name(comparisons)[part] for part in NAME_PARTS)
    one_word = given.labelled(features["level_given"].to_numpy(), NEITHER_GIVEN_LEVEL_LABEL) & family.agree(
        features["level_family"].to_numpy()
    )
    agree = _names_agree(features, comparisons) | one_word
    name = namesakes.name.to_numpy()
    lists = namesakes.lists.to_numpy()
    others = np.where(
        lists[left] == lists[right],
        namesakes.by_chance.to_numpy(dtype=float)[left],
        namesakes.others.to_numpy(dtype=float)[left],
    )
    return np.where(agree & (name[left] == name[right]), others, np.nan)


def _names_agree(features: pd.DataFrame, comparisons: tuple[Comparison, ...]) -> np.ndarray:
    """True for the pairs whose given and family names both agree (spelled another way at most)."""
    parts = [c for c in comparisons if c.name in NAME_PARTS]
    return np.all([c.agree(features["level_" + c.name].to_numpy()) for c in parts], axis=0)


def _cap_disagreement(m: np.ndarray, cap: float) -> np.ndarray:
    """Keep a name's "different" level at most at the prior share.

    Siblings share family, father, city, prison and date, so the pairs that teach name m
    include brothers: left alone, a different given name would seem common among one
    person's records and would stop telling brothers apart.
    """
    if m[-1] <= cap:
        return m
    agreeing = m[:-1] / m[:-1].sum() * (1 - cap)
    return np.append(agreeing, cap)


@dataclass(frozen=True)
class _AbsenceLevels:
    """Where a comparison's field is left out: by one record only, and by both (masks over levels)."""

    once: np.ndarray
    both: np.ndarray

    @classmethod
    def of(cls, comparison: Comparison) -> _AbsenceLevels:
        once = np.array([level.left_out_once for level in comparison.levels])
        both = np.array([level.of_absence and not level.left_out_once for level in comparison.levels])
        return cls(once, both)


def _left_out_once_by_marginal(m: np.ndarray, u: np.ndarray, absence: _AbsenceLevels) -> np.ndarray:
    """m with "left out by one record only" set from how often a record lacks the field, the other
    levels scaled to fill the remainder.

    Each of one person's two records lacks the field as often as any record does (q, read off the
    strangers' pairs: u(both) + u(once) / 2), so m(both) + m(once) / 2 = q: what the pairs where
    both lack it take beyond chance (lists leave the given name out for the same people), the pairs
    where one lacks it give up. EM cannot learn this level: a surname-only record is a candidate
    of every carrier of its surname, nearly all strangers, and EM over such crowds settles where the
    level is strong evidence against, the true pairs at it scored too low to pull it back, sinking
    further as lists grow (`benchmarks/scale.py`: the middle bands came out half as likely as they
    were); the pairs that other fields identify come from lists rich in fields, which rarely leave
    a name out. Where m(both) exceeds what q allows (EM on few pairs), the level weighs at most
    `MAX_BITS_LEFT_OUT_ONCE` against."""
    if not absence.once.any():
        return m
    once_by_chance = u[absence.once].sum()
    missing_share = u[absence.both].sum() + once_by_chance / 2
    # One of two records lacks it at most this often, and the other levels keep a share.
    most = min(2 * min(missing_share, 1 - missing_share), 1 - MIN_PROBABILITY)
    once = min(
        max(2 * (missing_share - m[absence.both].sum()), once_by_chance * 2.0**-MAX_BITS_LEFT_OUT_ONCE), most
    )
    out = m.copy()
    out[absence.once] = once
    rest = ~absence.once
    out[rest] = m[rest] / m[rest].sum() * (1 - once)
    return out


def _agreeing_prior(count: int, disagreement: float) -> np.ndarray:
    """Prior belief: one person's records mostly agree, less at each weaker level, rarely disagree."""
    agreeing = np.geomspace(1.0, 0.02, num=count - 1)
    return np.append(agreeing / agreeing.sum() * (1 - disagreement), disagreement)
