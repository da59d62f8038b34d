"""Multiple systems estimation over a run's persons: sources, warnings, linkage uncertainty."""

from __future__ import annotations

import dataclasses
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reconcile.config import Estimate, ListSpec
from reconcile.estimate import estimate_population
from reconcile.estimate.overlap import independent_sources
from reconcile.schema import LIST_ID, PAIR_KEY, PERSON_ID, PROBABILITY, RECORD_ID, STATUS, Role, Status

POPULATION = 3000
SEED = 7


def _settings(**changes: object) -> Estimate:
    text = resources.files("reconcile.resources").joinpath("defaults.toml").read_text("utf-8")
    values = tomllib.loads(text)["estimate"]
    return dataclasses.replace(Estimate(**{**values, "sources": tuple(values["sources"])}), **changes)


def _list(list_id: str, role: Role = Role.ALLEGATION, source: str = "") -> ListSpec:
    return ListSpec(list_id, list_id, role, Path(f"{list_id}.csv"), {}, source=source or list_id)


def _persons(members: dict[str, np.ndarray]) -> pd.DataFrame:
    """One record per person per list; person ids are the population's numbers."""
    rows = [
        (list_id, f"{list_id}-{person}", f"P{person}")
        for list_id, people in members.items()
        for person in people
    ]
    return pd.DataFrame(rows, columns=[LIST_ID, RECORD_ID, PERSON_ID])


def _no_pairs() -> pd.DataFrame:
    return pd.DataFrame(columns=[*PAIR_KEY, PROBABILITY, STATUS])


def _links(persons: pd.DataFrame, probability: float) -> pd.DataFrame:
    """A linked pair between each person's first record and every other record of theirs."""
    first = persons.groupby(PERSON_ID).head(1).set_index(PERSON_ID)
    others = persons[~persons.index.isin(persons.groupby(PERSON_ID).head(1).index)]
    anchor = first.loc[others[PERSON_ID]]
    return pd.DataFrame(
        {
            "list_id_l": anchor[LIST_ID].to_numpy(),
            "record_id_l": anchor[RECORD_ID].to_numpy(),
            "list_id_r": others[LIST_ID].to_numpy(),
            "record_id_r": others[RECORD_ID].to_numpy(),
            PROBABILITY: probability,
            STATUS: Status.MATCH.value,
        }
    )


def split_with_review() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Independent lists where a third of the persons on both annex and memorial are split in two,
    each such pair awaiting review at 0.6."""
    members = _independent_lists()
    persons = _persons(members)
    on_both = np.intersect1d(members["annex"], members["memorial"])[::3]
    split = (persons[LIST_ID] == "memorial") & persons[PERSON_ID].isin([f"P{p}" for p in on_both])
    persons.loc[split, PERSON_ID] = persons.loc[split, PERSON_ID] + "-memorial"
    review = pd.DataFrame(
        {
            "list_id_l": "annex",
            "record_id_l": [f"annex-{p}" for p in on_both],
            "list_id_r": "memorial",
            "record_id_r": [f"memorial-{p}" for p in on_both],
            PROBABILITY: 0.6,
            STATUS: Status.REVIEW.value,
        }
    )
    return persons, pd.concat([_links(persons, 0.99), review], ignore_index=True)


def _capture(rng: np.random.Generator, share: float) -> np.ndarray:
    return np.flatnonzero(rng.random(POPULATION) < share)


def _independent_lists() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(SEED)
    return {"annex": _capture(rng, 0.4), "amnesty": _capture(rng, 0.3), "memorial": _capture(rng, 0.5)}


LISTS = [_list("annex"), _list("amnesty", Role.CORROBORATING), _list("memorial", Role.CORROBORATING)]


def test_independent_lists_give_an_interval_around_the_true_total() -> None:
    """Which model wins moves with the draw of the sample; the average over models carries that."""
    result = estimate_population(_persons(_independent_lists()), _no_pairs(), LISTS, _settings(), SEED)
    averaged = result.selection.averaged
    assert averaged.lower < POPULATION < averaged.upper
    assert abs(result.selection.chosen.total - POPULATION) < 0.1 * POPULATION
    assert not any("same persons" in caution for caution in result.cautions)


def test_a_list_that_copies_another_is_named_in_the_cautions() -> None:
    members = _independent_lists()
    rng = np.random.default_rng(SEED)
    copied = rng.choice(members["annex"], size=len(members["annex"]) // 2, replace=False)
    members["memorial"] = np.union1d(members["memorial"], copied)
    result = estimate_population(_persons(members), _no_pairs(), LISTS, _settings(), SEED)
    assert any(caution.startswith("annex and memorial name the same persons") for caution in result.cautions)


def test_two_sources_give_a_reason_instead_of_an_estimate() -> None:
    members = _independent_lists()
    lists = [_list("annex"), _list("amnesty", Role.CORROBORATING), _list("memorial", Role.REPLY)]
    result = estimate_population(_persons(members), _no_pairs(), lists, _settings(), SEED)
    assert result.selection is None
    assert "at least 3 independent sources and 2 take part" in result.unavailable


def test_lists_of_one_origin_are_one_source_and_replies_none() -> None:
    lists = [
        _list("annex", source="un"),
        _list("interim", source="un"),
        _list("reply", Role.REPLY, source="government"),
        _list("memorial", Role.CORROBORATING),
    ]
    assert independent_sources(lists, ()) == ("un", "memorial")
    assert independent_sources(lists, ("memorial",)) == ("memorial",)


def test_review_pairs_counted_as_links_join_split_persons() -> None:
    """A third of the memorial's persons were not linked to their annex record: as links, the
    review pairs join them again and the estimate falls back towards the truth."""
    persons, pairs = split_with_review()
    result = estimate_population(persons, pairs, LISTS, _settings(linkage_draws=20), SEED)
    as_links = result.linkage.review_as_links.chosen
    assert result.linkage.review_pairs == (pairs[STATUS] == Status.REVIEW.value).sum() > 0
    assert as_links.total < result.selection.chosen.total
    assert as_links.observed < result.observed
    assert result.linkage.lower < result.selection.chosen.total


@pytest.mark.parametrize("draws", [0, 1])
def test_too_few_draws_combine_nothing(draws: int) -> None:
    result = estimate_population(
        _persons(_independent_lists()), _no_pairs(), LISTS, _settings(linkage_draws=draws), SEED
    )
    assert result.linkage.combined is None


def test_two_sources_that_never_meet_set_models_aside_and_say_so() -> None:
    """No person is on both the annex and Amnesty: a model letting them depend runs to -infinity."""
    members = _independent_lists()
    members["amnesty"] = np.setdiff1d(members["amnesty"], members["annex"])
    result = estimate_population(_persons(members), _no_pairs(), LISTS, _settings(), SEED)
    assert any(not fit.usable for fit in result.selection.fits)
    assert result.selection.chosen.usable
    assert any("models were set aside" in caution for caution in result.cautions)


def test_small_lists_that_barely_overlap_are_called_unstable() -> None:
    rng = np.random.default_rng(SEED)
    members = {"annex": _capture(rng, 0.03), "amnesty": _capture(rng, 0.01), "memorial": _capture(rng, 0.05)}
    result = estimate_population(_persons(members), _no_pairs(), LISTS, _settings(), SEED)
    assert any(caution.startswith("The interval is wide") for caution in result.cautions)
    assert any(caution.startswith("amnesty names only") for caution in result.cautions)
