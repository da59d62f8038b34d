"""How fast review converges: the review workbook decided from the demo's truth, in its own order, in rounds.

    .venv/bin/python benchmarks/review_rounds.py                          # 5 rounds of 250 decisions
    .venv/bin/python benchmarks/review_rounds.py --rounds 24 --per-round 250
    .venv/bin/python benchmarks/review_rounds.py --seed 7 --noise harsh   # a fresh scenario
    .venv/bin/python benchmarks/review_rounds.py --groups accept          # accept whole groups

The project (settings and lists; never the truth) is copied to a temporary folder. Each round runs
the pipeline as `reconcile run` does, opens the review workbook it wrote, fills `decision` for the
first N undecided rows of the Review sheet from the truth (same person or not), saves the filled
copy into the decisions folder as a new workbook, and runs again. With `--groups accept`, at the
first row of a group offered for acceptance whose records the truth says are all one person, it
writes `same` in `group_decision` instead, one decision for every row of the group; a group whose
records are not one person is decided row by row. `--groups rows` decides every row on its own (the
workbook as the project writes it), `--groups off` sets `review.offer_groups = false` (no groups).
After each run it prints one line: the decisions so far (a group accepted counts as one), the rows left in review, the decided pairs that came back to the Review sheet
with no reason stated in `why in review`, and the report's scores (`reconcile.evaluate_report`):
never answered (all allegation lists together) and reply only, precision / recall; contradictions,
lines right / reply rows found; the records with the right number of sources; and the allegation
records answered by exactly the right reply rows (what asking the evidence first costs the answers).

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
from reconcile.adjudicate.columns import WHY_IN_REVIEW
from reconcile.adjudicate.keys import Judgement
from reconcile.cli import main as reconcile
from reconcile.config import load_settings
from reconcile.demo import generate
from reconcile.evaluate_report import ReportScores, score_report
from reconcile.read import read_plain_csv
from reconcile.schema import LIST_ID, PERSON_ID, RECORD_ID

REVIEWER = "truth"
ACCEPT, ROWS, OFF = "accept", "rows", "off"
REVIEW_FILE = "review.xlsx"
TRUTH = Path("demo_truth") / "truth.synthetic.csv"
CONTRADICTIONS_FOUND = "reply rows contradicted, found"
CONTRADICTION_LINES = "contradiction lines right"
SOURCES_RIGHT = "records with the right number of sources"
ANSWERED_RIGHT = "allegation records answered by exactly the right reply rows"
TARGETS = {CONTRADICTIONS_FOUND: 0.90, SOURCES_RIGHT: 0.95}  # issue #16: within 1,000 decisions


@dataclass(frozen=True)
class Plan:
    rounds: int
    per_round: int
    accept_groups: bool


@dataclass
class Filled:
    """What one round wrote into the review workbook."""

    decided: int  # decisions made: a group accepted counts as one
    rows: int  # rows on the Review sheet
    returned: int  # rows of pairs decided in an earlier round, with nothing in `why in review`
    groups: int = 0  # groups accepted


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
    parser.add_argument(
        "--groups",
        choices=[ACCEPT, ROWS, OFF],
        default=ROWS,
        help="accept whole groups that are one person, decide every row on its own, or offer no groups",
    )
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
        if args.groups == OFF:
            with (project / "reconcile.toml").open("a", encoding="utf-8") as settings:
                settings.write("\n[review]\noffer_groups = false\n")
        rounds(
            project / "reconcile.toml",
            Path(scratch) / "outputs",
            truth_path,
            Plan(args.rounds, args.per_round, accept_groups=args.groups == ACCEPT),
        )


def rounds(config: Path, out: Path, truth_path: Path, plan: Plan) -> None:
    settings = load_settings(config)
    decisions = settings.decisions_folder
    decisions.mkdir(parents=True, exist_ok=True)
    truth = read_plain_csv(truth_path, (LIST_ID, RECORD_ID, PERSON_ID))
    person = dict(zip(zip(truth[LIST_ID], truth[RECORD_ID], strict=True), truth[PERSON_ID], strict=True))
    decided: set[tuple[str, str, str, str]] = set()
    reached: dict[str, int] = {}
    made = groups = 0  # decisions made (a group accepted counts as one), groups accepted
    print(
        f"{'round':>5} {'decided':>7} {'groups':>6} {'review':>6} {'back':>4}  {'never answered P/R':>18}  "
        f"{'reply only P/R':>14}  {'contradiction P/R':>17}  {'sources right':>13}  {'answers right':>13}  {'run':>5}"
    )
    for number in range(plan.rounds + 1):
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            code = reconcile(["run", "--config", str(config), "--out", str(out), "--quiet"])
        if code:
            raise SystemExit(f"round {number}: reconcile run ended with code {code}")
        seconds = time.perf_counter() - started
        scores = score_report(out, truth, settings)
        target = decisions / f"round_{number + 1:02d}.xlsx"
        limit = plan.per_round if number < plan.rounds else 0
        filled = fill(out / REVIEW_FILE, target, person, decided, limit, plan.accept_groups)
        print(_line(number, (made, groups), filled, scores, seconds))
        shares = {s.name: s.share for s in scores.shares}
        for name, goal in TARGETS.items():
            if name not in reached and shares[name] >= goal:
                reached[name] = made
        made += filled.decided
        groups += filled.groups
    for name, goal in TARGETS.items():
        where = f"after {reached[name]:,} decisions" if name in reached else "not reached"
        print(f"{name} >= {goal}: {where}")


def fill(
    workbook: Path,
    target: Path,
    person: dict[tuple[str, str], str],
    decided: set[tuple[str, str, str, str]],
    limit: int,
    accept_groups: bool = False,
) -> Filled:
    """Make the first `limit` decisions on the undecided rows of the Review sheet from the truth; save
    to `target`.

    With `accept_groups`, a group offered for acceptance (its group_decision cell open) whose records
    are all one person is accepted on its first row: one decision for its rows. A row whose records
    the truth does not both hold is skipped. Returns how many decisions were made, and how many rows
    show a pair decided before with no reason in `why in review`.
    """
    book = openpyxl.load_workbook(workbook)
    sheet = book[layout.REVIEW_SHEET]
    header = [cell.value for cell in sheet[1]]
    column = {
        name: header.index(name)
        for name in (*layout.REQUIRED, *layout.OPTIONAL, layout.GROUP, WHY_IN_REVIEW)
        if name in header
    }
    rows = list(sheet.iter_rows(min_row=2))
    keys = [tuple(str(cells[column[name]].value) for name in layout.KEY_HEADERS) for cells in rows]
    members = _groups(rows, column) if accept_groups else {}
    count = returned = accepted = 0
    earlier = set(decided)
    for i, cells in enumerate(rows):
        key = keys[i]
        if key in decided:  # in an earlier round, or with a group accepted above
            returned += key in earlier and not cells[column[WHY_IN_REVIEW]].value
            continue
        if cells[column[layout.DECISION]].value or count >= limit:
            continue
        group = [keys[j] for j in members.get(i, [])]
        truth = {person.get(k[:2]) for k in group} | {person.get(k[2:]) for k in group}
        if group and len(truth) == 1 and None not in truth and not decided & set(group):
            cells[column[layout.GROUP_DECISION]].value = Judgement.SAME.value
            cells[column[layout.REVIEWER]].value = REVIEWER
            decided.update(group)  # type: ignore[arg-type]
            count += 1
            accepted += 1
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
    return Filled(count, len(rows), returned, accepted)


def _groups(rows: list, column: dict[str, int]) -> dict[int, list[int]]:
    """The first row of each group offered for acceptance (its group_decision cell open), with the
    rows of its group."""
    if layout.GROUP_DECISION not in column:
        return {}
    number = [cells[column[layout.GROUP]].value for cells in rows]
    out: dict[int, list[int]] = {}
    for i, cells in enumerate(rows):
        if not cells[column[layout.GROUP_DECISION]].protection.locked:
            out[i] = [j for j in range(i, len(rows)) if number[j] == number[i]]
    return out


def _line(number: int, before: tuple[int, int], filled: Filled, scores: ReportScores, seconds: float) -> str:
    never = [s for s in scores.lists if s.name.startswith("never answered")]
    listed, right, should = (sum(getattr(s, f) for s in never) for f in ("listed", "right", "should"))
    reply_only = next(s for s in scores.lists if s.name == "reply only")
    shares = {s.name: s.share for s in scores.shares}
    return (
        f"{number:5d} {before[0]:7,} {before[1]:6,} {filled.rows:6,} {filled.returned:4d}  "
        f"{_ratio(right, listed):>8.3f} / {_ratio(right, should):.3f}  "
        f"{reply_only.precision:>6.3f} / {reply_only.recall:.3f}  "
        f"{shares[CONTRADICTION_LINES]:>9.3f} / {shares[CONTRADICTIONS_FOUND]:.3f}  "
        f"{shares[SOURCES_RIGHT]:13.3f}  {shares.get(ANSWERED_RIGHT, float('nan')):13.3f}  {seconds:4.0f}s"
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


if __name__ == "__main__":
    main()
