"""Benchmark of ``reconcile.names.similarity`` on three labelled pair sets, plus its speed.

Run from the repository root::

    .venv/bin/python benchmarks/names.py

Prints, for each set, ROC AUC and the recall of true pairs at the strictest threshold where no
false pair passes (share of true pairs scoring above every false pair), with a plain Jaro-Winkler
baseline beside it. Sets:

* ``tests/data/name_pairs.csv`` - this project's hand-written corpus of Persian name variants and
  near-miss traps;
* ``../shared/benchmarks/opensanctions_name_bench_person.csv`` - OpenSanctions' public Person
  cases (their tuned matcher logic_v2: AUC 0.838; Jaro-Winkler on lower-cased names: 0.680);
* ``../shared/benchmarks/omid_names_1981_1990.csv`` - real Persian-script names with the English
  romanization the Omid memorial gives them. Same-person pairs are (Persian, English) of one
  record; hard different-person pairs are the Persian name of one record against the English name
  of another that (a) looks most alike under a generic transliterator (anyascii + Jaro-Winkler) or
  (b) has the same Persian family name and a different given name. The file holds real people's
  data: it is read in place and nothing from it is written anywhere.

Shared sets are skipped with a note when ``../shared/benchmarks`` is absent.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import numpy as np
from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from reconcile.names import parse_name, similarity_many
from reconcile.names.script import normalize_persian

ROOT = Path(__file__).resolve().parent.parent

SHARED = ROOT.parent / "shared" / "benchmarks"
CORPUS = ROOT / "tests" / "data" / "name_pairs.csv"
SPEED_PAIRS = 1_000_000


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC by the rank-sum formula (ties count half)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    # average ranks over ties
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2.0 + 1
    ranks[order] = np.repeat(avg, counts)
    pos = labels.astype(bool)
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def recall_at_zero_fp(scores: np.ndarray, labels: np.ndarray) -> float:
    """Share of true pairs scoring strictly above the best-scoring false pair."""
    pos = labels.astype(bool)
    return float((scores[pos] > scores[~pos].max()).mean())


def jaro_winkler(a: list[str], b: list[str]) -> np.ndarray:
    return np.asarray(
        process.cpdist(
            [x.lower() for x in a],
            [y.lower() for y in b],
            scorer=JaroWinkler.normalized_similarity,
            workers=-1,
        )
    )


def report(name: str, a: list[str], b: list[str], labels: np.ndarray) -> np.ndarray:
    ours = similarity_many(a, b)
    base = jaro_winkler(a, b)
    print(
        f"{name}: {len(labels)} pairs ({int(labels.sum())} same person, {int((1 - labels).sum())} different)"
    )
    _line("reconcile.names", ours, labels)
    _line("Jaro-Winkler", base, labels)
    return ours


def _line(label: str, scores: np.ndarray, labels: np.ndarray) -> None:
    auc, recall = roc_auc(scores, labels), recall_at_zero_fp(scores, labels)
    print(f"  {label:<16} AUC {auc:.3f}   recall@0FP {recall:.3f}")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def bench_corpus(verbose: bool) -> None:
    _bench_pair_file(CORPUS, "own corpus (tests/data/name_pairs.csv)", "same", "1", "category", verbose)


def bench_opensanctions(verbose: bool) -> None:
    path = SHARED / "opensanctions_name_bench_person.csv"
    if _bench_pair_file(path, "OpenSanctions Person rows", "is_match", "true", "case_group", verbose):
        print("  (reference: OpenSanctions logic_v2 AUC 0.838; Jaro-Winkler lower-cased AUC 0.680)")


def _bench_pair_file(path: Path, title: str, label: str, true_value: str, group: str, verbose: bool) -> bool:
    """Score a CSV of labelled name pairs (name1, name2, label column); False when the file is absent."""
    if not path.exists():
        print(f"{title}: {path} missing, skipped")
        return False
    rows = read_csv(path)
    labels = np.array([r[label].strip().lower() == true_value for r in rows], dtype=float)
    scores = report(title, [r["name1"] for r in rows], [r["name2"] for r in rows], labels)
    if verbose:
        _show_errors(rows, scores, labels, key=group)
    return True


def omid_pairs() -> tuple[list[str], list[str], np.ndarray] | None:
    """Build (Persian, English) pairs from the memorial file; see the module docstring."""
    path = SHARED / "omid_names_1981_1990.csv"
    if not path.exists():
        return None
    rows = [r for r in read_csv(path) if r["name_fa"].strip() and r["name_en"].strip()]
    fa = [r["name_fa"] for r in rows]
    en = [r["name_en"] for r in rows]
    fa_norm = [" ".join(normalize_persian(x).split()) for x in fa]
    en_low = [" ".join(x.lower().split()) for x in en]
    a, b, labels = list(fa), list(en), [1.0] * len(rows)
    # (a) the most similar-looking other record under a generic transliterator
    translit = [anyascii(x).lower() for x in fa]
    sims = process.cdist(translit, en_low, scorer=JaroWinkler.normalized_similarity, workers=-1)
    same_name = {}
    for i, key in enumerate(fa_norm):
        same_name.setdefault(key, []).append(i)
    for i in range(len(rows)):
        row = sims[i]
        for j in np.argsort(-row)[:10]:
            if fa_norm[j] != fa_norm[i] and en_low[j] != en_low[i]:
                a.append(fa[i])
                b.append(en[j])
                labels.append(0.0)
                break
    # (b) same Persian family name, different given name
    parsed = [parse_name(x) for x in fa_norm]
    by_family: dict[str, list[int]] = {}
    for i, p in enumerate(parsed):
        if p.family and p.given:
            by_family.setdefault(p.family, []).append(i)
    rng = np.random.default_rng(0)
    for members in by_family.values():
        if len(members) < 2:
            continue
        for i in members:
            others = [j for j in members if parsed[j].given != parsed[i].given and en_low[j] != en_low[i]]
            if others:
                j = others[int(rng.integers(len(others)))]
                a.append(fa[i])
                b.append(en[j])
                labels.append(0.0)
    return a, b, np.array(labels)


def bench_omid(verbose: bool) -> None:
    built = omid_pairs()
    if built is None:
        print("omid: ../shared/benchmarks/omid_names_1981_1990.csv missing, skipped")
        return
    a, b, labels = built
    scores = report("Omid memorial, Persian script vs English romanization", a, b, labels)
    translit = [anyascii(x) for x in a]
    base = jaro_winkler(translit, b)
    _line("anyascii + JW", base, labels)
    print("  (reference: ICU fa-fa_Latn/BGN + Jaro-Winkler AUC 0.95; anyascii + Jaro-Winkler 0.92)")
    if verbose:  # aggregate figures only: no rows of real people's names are printed
        pos = labels.astype(bool)
        low, high = (scores[pos] < 0.8).sum(), (scores[~pos] > 0.8).sum()
        print(f"  true pairs below 0.8: {low}, false pairs above 0.8: {high}")


def bench_speed() -> None:
    names = [
        "Mohammad Hossein Rezaei",
        "محمدحسین رضایی",
        "Zahra Ahmadi",
        "Zohreh Ahmadi",
        "Kazem Ghasemi",
        "Ghasem Kazemi",
        "Seyed Ali Hosseini",
        "Ali Hasani",
        "REZAEI Mohammad",
        "Fatemeh Karimi",
    ]
    rng = np.random.default_rng(1)
    pool = [f"{n} {i}" if i % 3 else n for i in range(20_000) for n in [names[i % len(names)]]]
    pool = [
        p.replace(" " + p.split()[-1], f" {p.split()[-1]}{i % 97}") if p[-1].isdigit() else p
        for i, p in enumerate(pool)
    ]
    ia = rng.integers(len(pool), size=SPEED_PAIRS)
    ib = rng.integers(len(pool), size=SPEED_PAIRS)
    a = [pool[i] for i in ia]
    b = [pool[i] for i in ib]
    start = time.perf_counter()
    similarity_many(a, b)
    took = time.perf_counter() - start
    print(
        f"speed: similarity_many over {SPEED_PAIRS:,} pairs ({len(set(pool)):,} distinct names): {took:.1f} s"
    )


def main() -> None:
    verbose = "-v" in sys.argv
    bench_corpus(verbose)
    bench_opensanctions(verbose)
    bench_omid(verbose)
    if "--no-speed" not in sys.argv:
        bench_speed()


def _show_errors(rows: list[dict[str, str]], scores: np.ndarray, labels: np.ndarray, key: str) -> None:
    pos = labels.astype(bool)
    threshold = scores[~pos].max()
    print(f"  worst false pairs (threshold {threshold:.3f}) and true pairs below it:")
    for i in np.argsort(-scores):
        if not pos[i] and scores[i] > np.quantile(scores[pos], 0.2):
            print(
                f"    FALSE {scores[i]:.3f} {rows[i]['name1']} | {rows[i]['name2']} [{rows[i].get(key, '')}]"
            )
    for i in np.argsort(scores):
        if pos[i] and scores[i] < threshold:
            print(
                f"    TRUE  {scores[i]:.3f} {rows[i]['name1']} | {rows[i]['name2']} [{rows[i].get(key, '')}]"
            )


if __name__ == "__main__":
    main()
