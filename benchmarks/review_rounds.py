"""How fast review converges: the review workbook decided from the demo's truth, in its own order, in rounds.

    .venv/bin/python benchmarks/review_rounds.py                          # 5 rounds of 250 decisions
    .venv/bin/python benchmarks/review_rounds.py --rounds 24 --per-round 250
    .venv/bin/python benchmarks/review_rounds.py --seed 7 --noise harsh   # a fresh scenario

The project (settings and lists; never the truth) is copied to a temporary folder. Each round runs
the pipeline as `reconcile run` does, opens the review workbook it wrote, fills `decision` for the
first N undecided rows of the Review sheet from the truth (same person or not), saves the filled
copy into the decisions folder as a new workbook, and runs again. After each run it prints one line:
the decisions so far, the rows left in review, the decided pairs that came back to the Review sheet
with no reason stated in `why in review`, and the report's scores (`reconcile.evaluate_report`):
never answered (all allegation lists together) and reply only, precision / recall; contradictions,
lines right / reply rows found; and the records with the right number of sources.

Prints figures only; never part of `make test`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from reconcile.adjudicate import layout
from reconcile.adjudicate.keys import Judgement
from reconcile.adjudicate.workbook import WHY_IN_REVIEW
from reconcile.cli import main as reconcile
from reconcile.config import load_settings
from reconcile.demo import generate
from reconcile.evaluate_report import ReportScores, score_report
from reconcile.read import read_plain_csv
from reconcile.schema import LIST_ID, PERSON_ID, RECORD_ID

REVIEWER = "truth"
REVIEW_FILE = "review.xlsx"
TRUTH = Path("demo_truth") / "truth.synthetic.csv"
CONTRADICTIONS_FOUND = "reply rows contradicted, found"
CONTRADICTION_LINES = "contradiction lines right"
SOURCES_RIGHT = "records with the right number of sources"
TARGETS = {CONTRADICTIONS_FOUND: 0.90, SOURCES_RIGHT: 0.95}  # issue #16: within 1,000 decisions


@dataclass
class Filled:
    """What one round wrote into the review workbook."""

    decided: int
    rows: int  # rows on the Review sheet
    returned: int  # rows of pairs decided in an earlier round, with nothing in `why in review`


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5, help="runs after the first (default 5)")
    parser.add_argument("--per-round", type=int, default=250, help="decisions per round (default 250)")
    parser.add_argument(
        "--seed", type=int, help="generate a scenario with this seed instead of the committed demo"
    )
    parser.add_argument("--noise", choices=["standard", "harsh"], default="standard")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "inputs"
        if args.seed is None:
            source = Path("inputs")
            shutil.copytree(source, project, ignore=shutil.ignore_patterns("demo_truth", "decisions"))
            truth_path = source / TRUTH
        else:
            generate(Path(scratch) / "generated", seed=args.seed, noise=args.noise)
            shutil.copytree(Path(scratch) / "generated", project, ignore=shutil.ignore_patterns("demo_truth"))
            truth_path = Path(scratch) / "generated" / TRUTH
        rounds(project / "reconcile.toml", Path(scratch) / "outputs", truth_path, args.rounds, args.per_round)


def rounds(config: Path, out: Path, truth_path: Path, count: int, per_round: int) -> None:
    settings = load_settings(config)
    decisions = settings.decisions_folder
    decisions.mkdir(parents=True, exist_ok=True)
    truth = read_plain_csv(truth_path, (LIST_ID, RECORD_ID, PERSON_ID))
    person = dict(zip(zip(truth[LIST_ID], truth[RECORD_ID], strict=True), truth[PERSON_ID], strict=True))
    decided: set[tuple[str, str, str, str]] = set()
    reached: dict[str, int] = {}
    print(
        f"{'round':>5} {'decided':>7} {'review':>6} {'back':>4}  {'never answered P/R':>18}  "
        f"{'reply only P/R':>14}  {'contradiction P/R':>17}  {'sources right':>13}  {'run':>5}"
    )
    for number in range(count + 1):
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            code = reconcile(["run", "--config", str(config), "--out", str(out), "--quiet"])
        if code:
            raise SystemExit(f"round {number}: reconcile run ended with code {code}")
        seconds = time.perf_counter() - started
        scores = score_report(out, truth, settings)
        target = decisions / f"round_{number + 1:02d}.xlsx"
        filled = fill(out / REVIEW_FILE, target, person, decided, per_round if number < count else 0)
        print(_line(number, len(decided) - filled.decided, filled, scores, seconds))
        shares = {s.name: s.share for s in scores.shares}
        for name, goal in TARGETS.items():
            if name not in reached and shares[name] >= goal:
                reached[name] = len(decided) - filled.decided
    for name, goal in TARGETS.items():
        where = f"after {reached[name]:,} decisions" if name in reached else "not reached"
        print(f"{name} >= {goal}: {where}")


def fill(
    workbook: Path,
    target: Path,
    person: dict[tuple[str, str], str],
    decided: set[tuple[str, str, str, str]],
    limit: int,
) -> Filled:
    """Decide the first `limit` undecided rows of the Review sheet from the truth; save to `target`.

    A row whose records the truth does not both hold is skipped. Returns how many were decided, and
    how many rows show a pair decided before with no reason in `why in review`.
    """
    book = openpyxl.load_workbook(workbook)
    sheet = book[layout.REVIEW_SHEET]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) for name in (*layout.REQUIRED, WHY_IN_REVIEW)}
    count = returned = rows = 0
    for cells in sheet.iter_rows(min_row=2):
        rows += 1
        key = tuple(str(cells[column[name]].value) for name in layout.KEY_HEADERS)
        if key in decided:
            returned += not cells[column[WHY_IN_REVIEW]].value
            continue
        if cells[column[layout.DECISION]].value or count >= limit:
            continue
        a, b = person.get(key[:2]), person.get(key[2:])
        if a is None or b is None:
            continue
        same = Judgement.SAME if a == b else Judgement.DIFFERENT
        cells[column[layout.DECISION]].value = same.value
        cells[column[layout.REVIEWER]].value = REVIEWER
        decided.add(key)  # type: ignore[arg-type]
        count += 1
    if count:
        book.save(target)
    book.close()
    return Filled(count, rows, returned)


def _line(number: int, before: int, filled: Filled, scores: ReportScores, seconds: float) -> str:
    never = [s for s in scores.lists if s.name.startswith("never answered")]
    listed, right, should = (sum(getattr(s, f) for s in never) for f in ("listed", "right", "should"))
    reply_only = next(s for s in scores.lists if s.name == "reply only")
    shares = {s.name: s.share for s in scores.shares}
    return (
        f"{number:5d} {before:7,} {filled.rows:6,} {filled.returned:4d}  "
        f"{_ratio(right, listed):>8.3f} / {_ratio(right, should):.3f}  "
        f"{reply_only.precision:>6.3f} / {reply_only.recall:.3f}  "
        f"{shares[CONTRADICTION_LINES]:>9.3f} / {shares[CONTRADICTIONS_FOUND]:.3f}  "
        f"{shares[SOURCES_RIGHT]:13.3f}  {seconds:4.0f}s"
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


if __name__ == "__main__":
    main()
