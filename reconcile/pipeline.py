"""The sequence of stages, nothing else:
load → normalize → block → compare → classify → status → cluster → report."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from reconcile.adjudicate import (
    LABEL,
    QueueMovement,
    current_decisions,
    empty_ledger,
    queue_movement,
    training_labels,
)
from reconcile.aliases import compare_records, name_variants, record_pairs
from reconcile.block import candidate_pairs, check_memory
from reconcile.classify import (
    NAMESAKES,
    RELATIVE_BITS,
    Model,
    evidence,
    fit,
    list_pair,
    pair_namesakes,
    random_pairs,
    score,
    with_priors,
)
from reconcile.cluster import persons_of
from reconcile.compare import compare
from reconcile.config import Linkage, Settings
from reconcile.exclusive import exclusive_probabilities
from reconcile.explain import explain
from reconcile.levels import Comparison, comparisons
from reconcile.load import Loaded, load
from reconcile.namesakes import Namesakes, estimate_namesakes
from reconcile.normalize import normalize
from reconcile.progress import Stages
from reconcile.relatives import lowered
from reconcile.schema import (
    INITIALS,
    LEFT,
    LEFT_POSITION,
    LIST_ID,
    PROBABILITY,
    RECORD_ID,
    RIGHT,
    RIGHT_POSITION,
    SIM_GIVEN,
    SIMILARITIES,
    WEIGHT,
)
from reconcile.status import decide_status


@dataclass
class RunResult:
    settings: Settings
    inputs: pd.DataFrame
    records: pd.DataFrame
    quarantine: pd.DataFrame
    warnings: pd.DataFrame
    pairs: pd.DataFrame
    persons: pd.DataFrame
    model: Model
    decisions: pd.DataFrame  # the standing human decision of every decided pair (stale, conflict flags)
    movement: QueueMovement  # undecided pairs the decisions moved into or out of review
    timings: dict[str, float] = field(default_factory=dict)


def run(
    settings: Settings,
    stages: Stages | None = None,
    ledger: pd.DataFrame | None = None,
    loaded: Loaded | None = None,
) -> RunResult:
    """Link every declared list (read here unless `loaded`), with the analysts' decisions from
    `ledger`; pure apart from reading inputs."""
    stages = stages or Stages(quiet=True)
    if loaded is None:
        with stages.stage("load"):
            loaded = load(settings)
    with stages.stage("normalize"):
        normalized = normalize(loaded.records, settings)
        records = normalized.records
        decided = current_decisions(ledger if ledger is not None else empty_ledger(), records)
    with stages.stage("block"):
        variants = name_variants(records)  # a record with other names is found by each of them
        blocked = candidate_pairs(variants.table, settings.blocking)
        candidates = record_pairs(blocked.pairs, variants)
        stages.say(f"{len(candidates):,} candidate pairs from {len(records):,} records")
        check_memory(len(candidates), blocked.largest, settings.limits, settings.source)
    with stages.stage("compare"):
        comparison_list = comparisons(settings.comparison)
        features, named_left, named_right = compare_records(
            candidates, variants, partial(compare, settings=settings.comparison)
        )
        sample = random_pairs(len(records), settings.linkage.u_sample_pairs, settings.linkage.seed)
        random_features = compare(records, sample, settings.comparison)
    with stages.stage("classify"):
        namesakes = estimate_namesakes(records, settings.linkage)
        classify = partial(
            _classify, records, features, random_features, comparison_list, namesakes, settings, decided
        )
        labels = training_labels(decided)
        model, pairs = classify(labels)
        movement = QueueMovement(entered=0, left=0)
        if len(labels):
            movement = queue_movement(classify(labels.iloc[:0])[1], pairs, decided)
    with stages.stage("cluster"):
        persons, pairs = persons_of(records, pairs)
    with stages.stage("explain"):
        # Reasons are read for links and reviews; a non-match far below review needs none. Pairs a
        # human added beyond the candidates (after them in the table) have no features to explain.
        worth = np.zeros(len(pairs), dtype=bool)
        worth[: len(features)] = (
            pairs[PROBABILITY].iloc[: len(features)] >= settings.linkage.explain_from_probability
        ).to_numpy()
        explained = worth[: len(features)]
        pairs["reason"] = ""
        pairs.loc[worth, "reason"] = explain(
            features[explained],
            variants.table.iloc[named_left[explained]],  # under the names compared
            variants.table.iloc[named_right[explained]],
            pairs.loc[worth, NAMESAKES].to_numpy(dtype=float),
            comparison_list,
            lowered(pairs.loc[worth, WEIGHT].to_numpy(), pairs.loc[worth, RELATIVE_BITS].to_numpy())
            if RELATIVE_BITS in pairs
            else None,
        ).to_numpy()
    return RunResult(
        settings=settings,
        inputs=loaded.inputs,
        records=records,
        quarantine=loaded.quarantine,
        warnings=normalized.warnings,
        pairs=pairs,
        persons=persons,
        model=model,
        decisions=decided,
        movement=movement,
        timings=stages.seconds,
    )


def _classify(
    records: pd.DataFrame,
    features: pd.DataFrame,
    random_features: pd.DataFrame,
    comparison_list: tuple[Comparison, ...],
    namesakes: Namesakes,
    settings: Settings,
    decided: pd.DataFrame,
    labels: pd.DataFrame,
) -> tuple[Model, pd.DataFrame]:
    """Fit the model (learning from the analysts' settled pairs in `labels`), score every pair and
    decide its status (`decide_status`, with the analysts' standing decisions `decided`)."""
    sizes = _list_sizes(records)
    model, pairs = _scored(records, features, random_features, comparison_list, namesakes, settings, labels)
    within_list = (pairs[LIST_ID + LEFT] == pairs[LIST_ID + RIGHT]).to_numpy()
    # Written into the table's own column: a new column would split the table's blocks, and the
    # copy that statuses make would then merge them again, holding the table twice more.
    pairs.loc[:, PROBABILITY] = exclusive_probabilities(
        pairs,
        sizes,
        settings.linkage.em_max_iterations,
        settings.linkage.em_tolerance,
        _one_entry(pairs, within_list, decided, settings.linkage),
    )
    roles = {spec.id: spec.role for spec in settings.lists}
    return model, decide_status(pairs, decided, roles, settings.linkage)


def _scored(
    records: pd.DataFrame,
    features: pd.DataFrame,
    random_features: pd.DataFrame,
    comparison_list: tuple[Comparison, ...],
    namesakes: Namesakes,
    settings: Settings,
    labels: pd.DataFrame,
) -> tuple[Model, pd.DataFrame]:
    """The fitted model and the pair table with every pair's weight and probability. A function
    of its own so that the evidence behind the scores is freed before statuses copy the table."""
    sizes = _list_sizes(records)
    lists = records[LIST_ID].to_numpy()
    positions = features.index
    pair_lists = list_pair(lists[positions.get_level_values(0)], lists[positions.get_level_values(1)])
    settled_same = labels[labels[LABEL]]
    labelled = positions.isin(
        pd.MultiIndex.from_arrays([settled_same[LEFT_POSITION], settled_same[RIGHT_POSITION]])
    )
    model = fit(features, random_features, comparison_list, settings.linkage, pair_lists, sizes, labelled)
    others = pair_namesakes(features, namesakes, comparison_list)
    bits = evidence(features, records, model, comparison_list, others, namesakes.population, settings.linkage)
    model = with_priors(model, bits, pair_lists, sizes, settings.linkage)
    scored = score(bits, model, pair_lists)
    del bits  # the scores hold a copy: freed before the pair table is built, the run's peak
    return model, pair_table(records, features, scored, others)


def _list_sizes(records: pd.DataFrame) -> dict[str, int]:
    return {str(list_id): int(count) for list_id, count in records[LIST_ID].value_counts().items()}


def _one_entry(
    pairs: pd.DataFrame, within_list: np.ndarray, decided: pd.DataFrame, settings: Linkage
) -> np.ndarray:
    """Pairs within one list that name one person listed twice: those an analyst decided same, and
    those likely enough, with the same given name (siblings share the rest), not decided different."""
    settled = training_labels(decided)
    keys = pd.MultiIndex.from_arrays([pairs[LEFT_POSITION], pairs[RIGHT_POSITION]])

    def judged(same: bool) -> np.ndarray:
        chosen = settled[settled[LABEL] == same]
        return keys.isin(pd.MultiIndex.from_arrays([chosen[LEFT_POSITION], chosen[RIGHT_POSITION]]))

    likely = (pairs[PROBABILITY].to_numpy() >= settings.duplicate_probability) & (
        pairs[SIM_GIVEN].to_numpy() >= settings.min_given_similarity_within_list
    )
    return within_list & ((likely & ~judged(same=False)) | judged(same=True))


def pair_table(
    records: pd.DataFrame, features: pd.DataFrame, scored: pd.DataFrame, namesakes: np.ndarray
) -> pd.DataFrame:
    """Both records' keys beside the scores, one row per candidate pair, and last the `namesakes`
    of each pair (`pair_namesakes`)."""
    left = features.index.get_level_values(0).to_numpy()
    right = features.index.get_level_values(1).to_numpy()
    levels = features.filter(regex="^level_").columns
    # Built from arrays in one go: each column is copied once, into blocks already consolidated,
    # so that the copy statuses make of this table (the largest of a run) needs no more memory.
    return pd.DataFrame(
        {
            LIST_ID + LEFT: records[LIST_ID].to_numpy()[left],
            RECORD_ID + LEFT: records[RECORD_ID].to_numpy()[left],
            LIST_ID + RIGHT: records[LIST_ID].to_numpy()[right],
            RECORD_ID + RIGHT: records[RECORD_ID].to_numpy()[right],
            LEFT_POSITION: left,
            RIGHT_POSITION: right,
            **{column: scored[column].to_numpy() for column in scored},
            **{column: features[column].to_numpy() for column in (*SIMILARITIES, INITIALS, *levels)},
            NAMESAKES: namesakes,
        }
    )
