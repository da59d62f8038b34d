"""The Estimate sheet and `reconcile estimate`: every number with its sentence."""

from __future__ import annotations

import math

import numpy as np

from reconcile.cli import main
from reconcile.config import load_settings
from reconcile.estimate import estimate_population
from reconcile.estimate.cautions import persons
from reconcile.estimate.describe import HEADLINE, LOWER, UPPER, WORDS
from reconcile.estimate.overlap import PERSONS
from reconcile.pipeline import run
from reconcile.report.estimate_sheet import ESTIMATE, estimate_sheet, sheet_of
from reconcile.report.summary import _estimate_line
from reconcile.schema import Role
from tests.small_scenario import write_small_scenario
from tests.test_estimate import (
    LISTS,
    SEED,
    _independent_lists,
    _links,
    _list,
    _no_pairs,
    _persons,
    _settings,
    split_with_review,
)

PNG_SIGNATURE = b"\x89PNG"


def _estimation(lists=LISTS):  # type: ignore[no-untyped-def]
    return estimate_population(_persons(_independent_lists()), _no_pairs(), lists, _settings(), SEED)


def test_every_number_of_the_sheet_is_written_in_its_sentence() -> None:
    sheet = sheet_of(_estimation())
    assert sheet.name == ESTIMATE
    table = sheet.table
    for column in (PERSONS, LOWER, UPPER):
        numbered = table[table[column].notna()]
        assert len(numbered)
        for value, words in zip(numbered[column], numbered[WORDS], strict=True):
            assert persons(value) in words or f"{value:.0f} independent" in words, words
    parts = set(table["part"])
    assert {"sources", "overlap", "estimate", "linkage", "models", "assumption"} <= parts
    assert sheet.charts and sheet.charts[0].png.startswith(PNG_SIGNATURE)


def test_without_three_sources_the_sheet_says_why_and_draws_nothing() -> None:
    lists = [_list("annex"), _list("amnesty", Role.CORROBORATING), _list("memorial", Role.REPLY)]
    sheet = sheet_of(_estimation(lists))
    estimate_rows = sheet.table[sheet.table["part"] == "estimate"]
    assert len(estimate_rows) == 1 and estimate_rows[WORDS].iloc[0].startswith("No estimate")
    assert not sheet.charts
    assert math.isnan(estimate_rows[PERSONS].iloc[0])


def test_the_command_reads_the_run_from_its_output_folder(tmp_path, capsys) -> None:
    write_small_scenario(tmp_path)
    out = tmp_path / "out"
    assert main(["run", "--config", str(tmp_path / "reconcile.toml"), "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["estimate", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "No estimate: it needs at least 3 independent sources and 2 take part" in printed
    assert "memorial names" in printed and "annex names" in printed


def test_the_drawn_linkages_vary_but_are_the_same_for_the_same_seed() -> None:
    members = _persons(_independent_lists())
    pairs = _links(members, probability=0.9)
    first, second = (estimate_population(members, pairs, LISTS, _settings(), SEED) for _ in range(2))
    assert len(first.linkage.draws) == _settings().linkage_draws
    assert np.array_equal(first.linkage.draws, second.linkage.draws)
    assert first.linkage.draws.std() > 0
    # A tenth of the links missed in each draw splits persons: the draws lie above the linked total.
    assert first.linkage.lower > first.selection.chosen.total


def test_the_sheet_is_built_from_a_run(tmp_path) -> None:
    write_small_scenario(tmp_path)
    result = run(load_settings(tmp_path / "reconcile.toml"))
    sheet = estimate_sheet(result)
    assert sheet.name == ESTIMATE
    assert "2 take part (annex, memorial)" in " ".join(sheet.table[WORDS])


def test_with_pairs_awaiting_review_the_estimate_to_quote_allows_for_the_links() -> None:
    people, pairs = split_with_review()
    estimation = estimate_population(people, pairs, LISTS, _settings(linkage_draws=20), SEED)
    table = sheet_of(estimation).table
    first = table[table["part"].isin([HEADLINE, "estimate"])].iloc[0]
    combined = estimation.linkage.combined
    assert first["part"] == HEADLINE and first[PERSONS] == combined.total
    assert "pairs still awaiting review" in first[WORDS] and persons(combined.lower) in first[WORDS]
    (line,) = _estimate_line(table)
    assert line.count == round(combined.total) and line.sheet == ESTIMATE
    # Without pairs awaiting review the chosen model comes first, as before.
    alone = sheet_of(_estimation()).table
    assert HEADLINE not in set(alone["part"])
    assert _estimate_line(alone)[0].item.endswith("(chosen model (lowest AIC))")
