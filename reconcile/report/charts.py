"""Three charts for the Summary: reply claims by category, overlap of lists, match probabilities.

Drawn with matplotlib's object API on the Agg canvas (no pyplot state, no display needed).
Each chart is a PNG held in memory; the report writes it to the output folder and embeds it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from reconcile.report.workbook import Chart
from reconcile.schema import LIST_ID, Status

DPI = 100
SIZE = (8.0, 4.5)  # inches
MARK = "#c0392b"  # thresholds and other marked values
TOP_INTERSECTIONS = 15
STATUS_COLOURS = {
    Status.NON_MATCH.value: "#b0b7c3",
    Status.REVIEW.value: "#f0ad4e",
    Status.MATCH.value: "#3a7d44",
}


def _png(figure: Figure, title: str) -> Chart:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    width, height = (int(round(v * DPI)) for v in figure.get_size_inches())
    return Chart(buffer.getvalue(), width, height, title)


def claims_by_category(replies: pd.DataFrame, categories: Sequence[str], claim: str) -> Chart:
    """Horizontal bars, one per claim category, stacked by reply list."""
    counts = pd.crosstab(replies[claim], replies[LIST_ID]).reindex(list(categories), fill_value=0)
    figure = Figure(figsize=SIZE)
    axes = figure.add_subplot()
    left = np.zeros(len(counts))
    positions = np.arange(len(counts))[::-1]
    for list_id in counts.columns:
        axes.barh(positions, counts[list_id], left=left, label=list_id)
        left += counts[list_id].to_numpy()
    for y, total in zip(positions, left, strict=True):
        axes.text(total, y, f" {int(total):,}", va="center", fontsize=8)
    axes.set_yticks(positions, [c.replace("_", " ") for c in counts.index], fontsize=8)
    axes.set_xlabel("reply rows")
    axes.set_title("Reply rows by claim category")
    axes.set_xlim(0, max(left.max(initial=0), 1) * 1.12)  # a list may make no claim at all
    if axes.get_legend_handles_labels()[0]:  # an empty run draws no bars to label
        axes.legend(fontsize=8, loc="lower right")
    figure.tight_layout()
    return _png(figure, "reply rows by claim category")


def list_overlap(membership: pd.DataFrame) -> Chart:
    """UpSet-style: persons per combination of lists (bars) over a matrix of which lists (dots)."""
    lists = list(membership.columns)
    combos = membership.value_counts().head(TOP_INTERSECTIONS)
    figure = Figure(figsize=(SIZE[0], SIZE[1] + 0.3 * max(len(lists) - 4, 0)))
    bars, matrix = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2, 1.2]})
    x = np.arange(len(combos))
    bars.bar(x, combos.to_numpy(), color="#4c72b0")
    for xi, n in zip(x, combos.to_numpy(), strict=True):
        bars.text(xi, n, f"{n:,}", ha="center", va="bottom", fontsize=7)
    bars.set_ylabel("persons")
    bars.set_title(f"Which lists name each person (top {len(combos)} combinations)")
    bars.spines[["top", "right"]].set_visible(False)
    present = np.array([list(combo) for combo in combos.index], dtype=bool).reshape(len(combos), len(lists))
    for xi, row in zip(x, present, strict=True):
        ys = np.flatnonzero(row)
        matrix.scatter(np.full(len(lists), xi), np.arange(len(lists)), color="#dddddd", s=30)
        matrix.scatter(np.full(len(ys), xi), ys, color="#222222", s=30)
        if len(ys) > 1:
            matrix.plot([xi, xi], [ys.min(), ys.max()], color="#222222", linewidth=1.5)
    sizes = membership.sum()
    matrix.set_yticks(np.arange(len(lists)), [f"{name} ({sizes[name]:,})" for name in lists], fontsize=8)
    matrix.set_xticks([])
    matrix.set_ylim(-0.5, len(lists) - 0.5)
    matrix.invert_yaxis()
    matrix.spines[["top", "right", "bottom"]].set_visible(False)
    figure.tight_layout()
    return _png(figure, "overlap of lists")


def probability_histogram(probability: pd.Series, status: pd.Series, match: float, review: float) -> Chart:
    """Pairs per probability bin (log scale), coloured by final status, with both thresholds marked."""
    figure = Figure(figsize=SIZE)
    axes = figure.add_subplot()
    bins = np.linspace(0, 1, 51)
    bottom = np.zeros(len(bins) - 1)
    for name, colour in STATUS_COLOURS.items():  # np.histogram + bar: 10x faster than hist() on 700k pairs
        counts, _ = np.histogram(probability[status == name].to_numpy(), bins=bins)
        if counts.any():
            axes.bar(
                bins[:-1], counts, width=np.diff(bins), bottom=bottom, align="edge", color=colour, label=name
            )
            bottom += counts
    axes.set_yscale("log")
    for value, name in ((review, "review threshold"), (match, "match threshold")):
        marked_line(axes, value, f"{name} {value:g}")
    axes.set_xlabel("match probability")
    axes.set_ylabel("candidate pairs (log scale)")
    axes.set_title("Match probability of every candidate pair, by final status")
    if axes.get_legend_handles_labels()[0]:  # an empty run draws no bars to label
        axes.legend(fontsize=8, loc="upper center")
    figure.tight_layout()
    return _png(figure, "match probability histogram")


def marked_line(axes, value: float, label: str) -> None:
    """A dashed vertical line at `value`, its label written along it."""
    axes.axvline(value, color=MARK, linestyle="--", linewidth=1)
    axes.annotate(
        label,
        (value, 1),
        xycoords=("data", "axes fraction"),
        rotation=90,
        ha="right",
        va="top",
        fontsize=8,
        color=MARK,
    )
