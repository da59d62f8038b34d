"""The Estimate sheet: how many persons no independent source names, in numbers and sentences,
with a chart of every profiled model's estimate and interval."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from reconcile.estimate import Estimation, estimate_population
from reconcile.estimate.describe import describe
from reconcile.estimate.loglinear import Model
from reconcile.pipeline import RunResult
from reconcile.report.charts import SIZE, _png, marked_line
from reconcile.report.workbook import Chart, Sheet

ESTIMATE = "Estimate"
ESTIMATE_CHART = "estimate_by_model.png"
POINT, STATISTICAL, LINKAGE = "#4c72b0", "#222222", "#f0ad4e"


def estimate_sheet(result: RunResult) -> Sheet:
    """The sheet (with its chart when there is an estimate) for a run's persons and pairs."""
    settings = result.settings
    estimation = estimate_population(
        result.persons, result.pairs, settings.lists, settings.estimate, settings.linkage.seed
    )
    return sheet_of(estimation)


def sheet_of(estimation: Estimation) -> Sheet:
    charts = () if estimation.unavailable else (estimate_chart(estimation),)
    return Sheet(
        ESTIMATE,
        describe(estimation),
        "how many persons no independent source names (multiple systems estimation), every number "
        "with its sentence",
        charts=charts,
    )


def estimate_chart(estimation: Estimation) -> Chart:
    """One line per estimate: the point and its interval; the persons observed as a dashed line."""
    selection, spread = estimation.selection, estimation.linkage
    assert selection is not None and spread is not None
    rows: list[tuple[str, float, float, float, str]] = []
    for fit in selection.fits:
        interval = selection.intervals.get(fit.model)
        if interval is not None:
            rows.append((_compact(fit.model), fit.total, interval.lower, interval.upper, STATISTICAL))
    if selection.averaged is not None:
        averaged = selection.averaged
        rows.append(("average over models", averaged.total, averaged.lower, averaged.upper, STATISTICAL))
    if len(spread.draws):
        rows.append(("drawn linkages", float(spread.draws.mean()), spread.lower, spread.upper, LINKAGE))
    if spread.combined is not None:
        combined = spread.combined
        rows.append(("linkage and sampling", combined.total, combined.lower, combined.upper, LINKAGE))
    figure = Figure(figsize=(SIZE[0], max(SIZE[1], 0.35 * len(rows) + 1.2)))
    axes = figure.add_subplot()
    positions = np.arange(len(rows))[::-1]
    finite_ends = [high for *_, high, _ in rows if math.isfinite(high)]
    right = max([*finite_ends, *(point for _, point, *_ in rows)]) * 1.05
    for y, (_, point, low, high, colour) in zip(positions, rows, strict=True):
        axes.plot([low, min(high, right)], [y, y], color=colour, linewidth=2)
        if not math.isfinite(high):
            axes.annotate("→ no upper end", (right, y), fontsize=7, va="center", ha="right")
        axes.plot([point], [y], "o", color=POINT)
    marked_line(axes, estimation.observed, f"named by some source: {estimation.observed:,}")
    axes.set_yticks(positions, [label for label, *_ in rows], fontsize=8)
    key = ", ".join(f"{_letter(i)} = {source}" for i, source in enumerate(estimation.sources))
    axes.set_xlabel(f"persons in all ({estimation.settings.confidence:.0%} intervals)\n{key}", fontsize=8)
    axes.set_title("Estimated total by model (black) and with linkage (orange)")
    figure.tight_layout()
    return _png(figure, "estimate by model")


def _letter(position: int) -> str:
    return chr(ord("A") + position)


def _compact(model: Model) -> str:
    """Rcapture's notation with letters for sources: [AB][AC] lets A depend on B and on C."""
    if not model.interactions:
        return "independent"
    return "".join(f"[{_letter(i)}{_letter(j)}]" for i, j in model.interactions)
