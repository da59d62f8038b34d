"""Pairwise precision, recall and F1 of a run's persons against a ground truth.

A pair is two records placed in one person (duplicates within one list included). Figures are
given per pair of lists and overall, with what was sent to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from reconcile.schema import LEFT, LIST_ID, PERSON_ID, RECORD_ID, RIGHT, STATUS, Status, raw

TRUE_PERSON = "true_person"
PEOPLE_FILE = "people.synthetic.csv"  # written by `reconcile demo` beside the truth


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def same_person_pairs(
    persons: pd.DataFrame, person_column: str
) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    pairs: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for _, group in persons.groupby(person_column):
        keys = sorted(zip(group[LIST_ID], group[RECORD_ID], strict=True))
        pairs.update(combinations(keys, 2))
    return pairs


def scores(truth: set, predicted: set) -> Scores:
    correct = len(truth & predicted)
    precision = correct / len(predicted) if predicted else 1.0
    recall = correct / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(truth), len(predicted), correct)


def evaluate(persons: pd.DataFrame, pairs: pd.DataFrame, truth: pd.DataFrame) -> dict[str, object]:
    """Overall and per-list-pair scores, review load, and the F1 if every review pair were decided right."""
    truth = truth.rename(columns={PERSON_ID: TRUE_PERSON})
    true_pairs = same_person_pairs(truth, TRUE_PERSON)
    predicted = same_person_pairs(persons, PERSON_ID)
    review = pairs[pairs[STATUS] == Status.REVIEW.value]
    review_pairs = {
        tuple(sorted([(a, b), (c, d)]))
        for a, b, c, d in review[
            [LIST_ID + LEFT, RECORD_ID + LEFT, LIST_ID + RIGHT, RECORD_ID + RIGHT]
        ].itertuples(index=False)
    }
    reviewed_right = predicted | (review_pairs & true_pairs)
    by_lists: dict[tuple[str, str], Scores] = {}
    for lists in sorted({(a[0], b[0]) for a, b in true_pairs | predicted}):
        keep = {p for p in true_pairs if (p[0][0], p[1][0]) == lists}
        got = {p for p in predicted if (p[0][0], p[1][0]) == lists}
        by_lists[lists] = scores(keep, got)
    review_records = {key for pair in review_pairs for key in pair}
    return {
        "overall": scores(true_pairs, predicted),
        "by_lists": by_lists,
        "review_pairs": len(review_pairs),
        "review_pairs_true": len(review_pairs & true_pairs),
        "review_records": len(review_records),
        "records": len(persons),
        "true_pairs_missed_entirely": len(true_pairs - predicted - review_pairs),
        "if_review_decided_right": scores(true_pairs, reviewed_right),
    }


# Fields beyond the name, grouped as the engine compares them: a city and a place compare.
COMPARED_TOGETHER = (
    ("father_name",),
    ("age", "birth_year"),
    ("city", "prison", "place"),
    ("date",),
    ("affiliation",),
)


def ceilings(truth: pd.DataFrame, people: pd.DataFrame, records: pd.DataFrame) -> dict[str, Scores]:
    """The two ceilings of name matching, keyed as `format_report` prints them.

    - "ceiling": group records by their person's true canonical name. Where several persons
      share it, a record that carries no other field (father, age, place, date) cannot be told
      apart by anyone, so the oracle abstains on it (keeps it alone); records with another field
      are taken as resolved.
    - "resolvable": the same, pair by pair and stricter: a pair of a shared name counts only if
      both records carry one and the same other field to compare (a date on one and a father's
      name on the other tell nothing apart).

    What the engine loses against them is lost in name matching; what it gains above them comes
    from the other fields.
    """
    truth = truth.rename(columns={PERSON_ID: TRUE_PERSON})
    canonical = people.set_index(PERSON_ID)["canonical_name"].str.lower()
    table = truth.merge(records, on=[LIST_ID, RECORD_ID], how="left")
    table["canonical"] = table[TRUE_PERSON].map(canonical)
    shared = table.groupby("canonical")[TRUE_PERSON].transform("nunique") > 1
    present = np.column_stack(
        [
            (table[[raw(f) for f in fields if raw(f) in table]].fillna("") != "").any(axis=1).to_numpy()
            for fields in COMPARED_TOGETHER
        ]
    )
    abstain = shared & ~pd.Series(present.any(axis=1), index=table.index)
    table["oracle"] = table["canonical"].where(~abstain, "abstain:" + table[LIST_ID] + ":" + table[RECORD_ID])
    table["oracle"] = table["oracle"].where(~shared | abstain, table["canonical"] + ":" + table[TRUE_PERSON])
    true_pairs = same_person_pairs(truth, TRUE_PERSON)
    position = {key: i for i, key in enumerate(zip(table[LIST_ID], table[RECORD_ID], strict=True))}
    is_shared = shared.to_numpy()
    resolvable = {
        pair
        for pair in true_pairs
        if not is_shared[position[pair[0]]] or (present[position[pair[0]]] & present[position[pair[1]]]).any()
    }
    return {
        "ceiling": scores(true_pairs, same_person_pairs(table, "oracle")),
        "resolvable": scores(true_pairs, resolvable),
    }


def format_report(result: dict[str, object]) -> str:
    overall = result["overall"]
    assert isinstance(overall, Scores)
    lines = [f"{'lists':<44} {'precision':>9} {'recall':>7} {'F1':>6} {'true':>7} {'found':>7}"]
    by_lists = result["by_lists"]
    assert isinstance(by_lists, dict)
    for (a, b), s in by_lists.items():
        # A share of nothing is no figure: no true pairs, no recall; no links, no precision.
        precision = f"{s.precision:9.3f}" if s.predicted_pairs else f"{'n/a':>9}"
        recall = f"{s.recall:7.3f}" if s.true_pairs else f"{'n/a':>7}"
        lines.append(
            f"{a + ' ~ ' + b:<44} {precision} {recall} {s.f1:6.3f} {s.true_pairs:7d} {s.predicted_pairs:7d}"
        )
    lines.append(
        f"{'OVERALL':<44} {overall.precision:9.3f} {overall.recall:7.3f} {overall.f1:6.3f} "
        f"{overall.true_pairs:7d} {overall.predicted_pairs:7d}"
    )
    decided = result["if_review_decided_right"]
    assert isinstance(decided, Scores)
    records = int(result["records"])  # type: ignore[call-overload]
    lines += [
        f"pairs in review: {result['review_pairs']} ({result['review_pairs_true']} of them true pairs); "
        f"records in review: {result['review_records']} of {records} ({result['review_records'] / max(records, 1):.1%})",
        f"true pairs neither matched nor in review: {result['true_pairs_missed_entirely']} "
        f"({int(result['true_pairs_missed_entirely']) / max(overall.true_pairs, 1):.1%})",  # type: ignore[call-overload]
        f"F1 if every review pair were decided correctly: {decided.f1:.3f} "
        f"(precision {decided.precision:.3f}, recall {decided.recall:.3f})",
    ]
    ceiling = result.get("ceiling")
    if isinstance(ceiling, Scores):
        lines.append(
            f"ceiling (oracle on true canonical names, abstaining on shared names without other fields): "
            f"F1 {ceiling.f1:.3f} (precision {ceiling.precision:.3f}, recall {ceiling.recall:.3f})"
        )
    resolvable = result.get("resolvable")
    if isinstance(resolvable, Scores):
        lines.append(
            f"resolvable pairs (unique true name, or a shared name and one other field on both records): "
            f"{resolvable.correct_pairs} of {resolvable.true_pairs} (recall {resolvable.recall:.3f})"
        )
    return "\n".join(lines)
