"""The growing-population benchmark scenario: same seed, same bytes; the truth names exactly the rows written."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmarks package lives beside the project, not in it

from benchmarks.scenarios import growing, name_curves  # noqa: E402
from reconcile.config import load_settings  # noqa: E402

PERSONS = 500


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, growing.Population]:
    population = growing.populate(PERSONS, seed=3)
    folder = tmp_path_factory.mktemp("growing")
    growing.write(folder, population, seed=3, noise="standard")
    return folder, population


def test_same_seed_writes_the_same_bytes(written: tuple[Path, growing.Population], tmp_path: Path) -> None:
    folder, _ = written
    growing.write(tmp_path, growing.populate(PERSONS, seed=3), seed=3, noise="standard")
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert all((folder / name).read_bytes() == (tmp_path / name).read_bytes() for name in files)


def test_another_seed_draws_other_names() -> None:
    first = [p.canonical_name for p in growing.populate(PERSONS, seed=3).persons]
    assert first != [p.canonical_name for p in growing.populate(PERSONS, seed=4).persons]


def test_a_smaller_population_is_the_start_of_a_larger_one() -> None:
    small, large = growing.populate(200, seed=3), growing.populate(PERSONS, seed=3)
    assert small.persons == large.persons[:200]


def test_truth_names_every_row_of_every_list_once(written: tuple[Path, growing.Population]) -> None:
    folder, population = written
    truth = _read(folder / growing.TRUTH_FILE)
    settings = load_settings(folder / growing.SETTINGS_FILE)
    assert [spec.id for spec in settings.lists] == ["allegation", "reply", "ngo_latin", "ngo_fa"]
    for spec in settings.lists:
        rows = _read(folder / spec.path)
        ids = [row[spec.columns["record_id"]] for row in rows]
        assert len(ids) == len(set(ids)) > 0
        assert ids == [t["record_id"] for t in truth if t["list_id"] == spec.id]
    persons = {person.person_id for person in population.persons}
    assert {t["person_id"] for t in truth} <= persons


def test_reply_answers_only_alleged_persons(written: tuple[Path, growing.Population]) -> None:
    truth = _read(written[0] / growing.TRUTH_FILE)
    alleged = {t["person_id"] for t in truth if t["list_id"] == "allegation"}
    assert {t["person_id"] for t in truth if t["list_id"] == "reply"} <= alleged


def test_namesakes_and_name_variety_grow_with_the_population() -> None:
    names = name_curves.person_names(growing.populate(4000, seed=3).persons)
    small, large = name_curves.measure(names, [500, 4000])
    assert large.family_names > small.family_names * 4  # new family names keep coming
    assert large.shared_full_name > small.shared_full_name


def test_persons_known_by_one_word_have_no_given_name_on_the_persian_list(
    written: tuple[Path, growing.Population],
) -> None:
    folder, population = written
    truth = _read(folder / growing.TRUTH_FILE)
    person_of = {(t["list_id"], t["record_id"]): t["person_id"] for t in truth}
    rows = _read(folder / "lists" / "ngo_fa.csv")
    known_by_one_word = {person.person_id for person in population.persons if person.one_word}
    one_word = [row for row in rows if person_of["ngo_fa", row["ردیف"]] in known_by_one_word]
    assert one_word and all(row["نام"] == "" and row["نام خانوادگی"] for row in one_word)
