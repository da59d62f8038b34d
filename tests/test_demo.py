"""The synthetic demo scenario: exact counts of the real case, ground truth, byte-stable files."""

from __future__ import annotations

import csv
import random
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reconcile.demo import DemoSummary, generate, persian, pools, spelling
from reconcile.demo.pools import Name, Part
from reconcile.demo.replies import CLAIMS

ARABIC_BLOCK = range(0x0600, 0x0700)


def _rows(path: Path, sheet: str | None = None) -> list[dict[str, str]]:
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        table = book[sheet] if sheet else book.worksheets[0]
        values = [
            ["" if cell is None else str(cell) for cell in row] for row in table.iter_rows(values_only=True)
        ]
        book.close()
        return [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return generate(tmp_path_factory.mktemp("demo"), seed=1988)


@pytest.fixture(scope="module")
def settings(demo: DemoSummary) -> dict:
    return tomllib.loads(demo.settings.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tables(demo: DemoSummary, settings: dict) -> dict[str, list[dict[str, str]]]:
    return {
        entry["id"]: _rows(demo.out_dir / entry["path"], entry.get("sheet")) for entry in settings["lists"]
    }


@pytest.fixture(scope="module")
def truth(demo: DemoSummary) -> list[dict[str, str]]:
    return _rows(demo.truth)


def _column(settings: dict, list_id: str, field: str) -> str:
    return next(entry for entry in settings["lists"] if entry["id"] == list_id)["columns"][field]


def _persons(truth: list[dict[str, str]], list_id: str) -> set[str]:
    return {row["person_id"] for row in truth if row["list_id"] == list_id}


def test_lists_have_the_sizes_of_the_real_case(demo: DemoSummary, tables: dict) -> None:
    sizes = {list_id: len(rows) for list_id, rows in tables.items()}
    assert sizes["un_annex_1989"] == 1084
    assert sizes["gov_reply_1990"] == 3620
    assert sizes["gov_forged_1989"] == 140
    assert sizes["amnesty_1988"] == 300
    assert sizes["memorial_fa"] == 4000
    assert sizes == demo.counts


def test_reply_says_cannot_be_recognized_2109_times(settings: dict, tables: dict) -> None:
    comments = [row[_column(settings, "gov_reply_1990", "reply_comment")] for row in tables["gov_reply_1990"]]
    unrecognized = sum("recogni" in comment.lower() for comment in comments)
    assert unrecognized == 2109
    assert len(comments) - unrecognized == 1511
    assert all(comments)


def test_claims_truth_covers_every_kind(demo: DemoSummary) -> None:
    counts = Counter(row["claim"] for row in _rows(demo.claims) if row["list_id"] == "gov_reply_1990")
    assert counts.pop("unrecognized") == 2109
    assert counts == {claim: count for claim, (count, _) in CLAIMS.items()}


def test_forged_names_are_annex_people(truth: list[dict[str, str]]) -> None:
    forged = _persons(truth, "gov_forged_1989")
    assert len(forged) == 140
    assert forged <= _persons(truth, "un_annex_1989")


def test_some_annex_people_are_never_answered(truth: list[dict[str, str]]) -> None:
    unanswered = _persons(truth, "un_annex_1989") - _persons(truth, "gov_reply_1990")
    assert 100 < len(unanswered) < 400


def test_un_lists_overlap_and_memorial_adds_people(demo: DemoSummary, truth: list[dict[str, str]]) -> None:
    annex, interim = _persons(truth, "un_annex_1989"), _persons(truth, "un_sr_1989_interim")
    report = _persons(truth, "un_sr_1990_report")
    assert annex & interim and interim & report
    un = annex | interim | report
    assert len(_persons(truth, "memorial_fa") - un) > 1000
    assert len(_persons(truth, "amnesty_1988") & un) > 200
    assert demo.persons_on_no_un_list == demo.persons - len(un)


def test_truth_has_one_row_per_record_in_file_order(settings: dict, tables: dict, truth: list) -> None:
    expected = [
        (entry["id"], row[entry["columns"]["record_id"]])
        for entry in sorted(settings["lists"], key=lambda entry: entry["id"])
        for row in tables[entry["id"]]
    ]
    assert [(row["list_id"], row["record_id"]) for row in truth] == expected
    assert len(set(expected)) == len(expected)
    assert list(truth[0]) == ["list_id", "record_id", "person_id"]


def test_people_cover_every_person(demo: DemoSummary, truth: list[dict[str, str]]) -> None:
    people = _rows(demo.people)
    ids = [row["person_id"] for row in people]
    assert ids == sorted(set(ids)) and len(ids) == demo.persons
    assert {row["person_id"] for row in truth} <= set(ids)
    first = people[0]
    assert first["canonical_name"] == f"{first['given_name']} {first['family_name']}"
    assert all(row["execution_date"].startswith("1988-") for row in people)


def test_full_names_repeat_about_as_often_as_among_real_victims(demo: DemoSummary) -> None:
    """Among the Omid memorial's real names 3 % of persons share their full name with another and 80 %
    of family names are carried once; a fixed pool of names made it a third, and linkage too hard."""
    people = _rows(demo.people)
    names = Counter(row["canonical_name"] for row in people)
    families = Counter(row["family_name"] for row in people)
    shared = sum(count for count in names.values() if count > 1) / len(people)
    assert 0.01 < shared < 0.08
    assert names.most_common(1)[0][1] >= 3  # common names still have namesakes
    assert sum(count == 1 for count in families.values()) / len(families) > 0.6


def test_settings_declare_every_list_and_its_columns(demo: DemoSummary, settings: dict, tables: dict) -> None:
    roles = {entry["id"]: entry["role"] for entry in settings["lists"]}
    assert roles["gov_reply_1990"] == "reply" and roles["un_annex_1989"] == "allegation"
    assert next(e for e in settings["lists"] if e["id"] == "gov_forged_1989")["claim"] == "forged"
    for entry in settings["lists"]:
        assert (demo.out_dir / entry["path"]).is_file()
        assert set(entry["columns"].values()) <= set(tables[entry["id"]][0])
        assert "record_id" in entry["columns"]
    memorial = next(entry for entry in settings["lists"] if entry["id"] == "memorial_fa")
    assert memorial["calendar"] == "jalali" and memorial["path"].endswith(".xlsx")


def test_memorial_is_written_in_persian_script(settings: dict, tables: dict) -> None:
    rows = tables["memorial_fa"]
    family = _column(settings, "memorial_fa", "family_name")
    persian_names = [row[family] for row in rows if row[family]]
    assert all(any(ord(ch) in ARABIC_BLOCK for ch in name) for name in persian_names)
    dates = [row[_column(settings, "memorial_fa", "date")] for row in rows]
    assert sum(date.startswith("۱۳۶۷") for date in dates) > 2000
    given = [row[_column(settings, "memorial_fa", "given_name")] for row in rows]
    assert persian.UNKNOWN in given
    assert any("ي" in name for name in persian_names)  # some typed on an Arabic keyboard


def test_same_seed_gives_the_same_bytes(demo: DemoSummary, tmp_path: Path) -> None:
    again = generate(tmp_path, seed=1988)
    for first, second in zip(demo.files, again.files, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_other_seed_and_harsh_noise_give_other_files(demo: DemoSummary, tmp_path: Path) -> None:
    other = generate(tmp_path / "seed", seed=7)
    harsh = generate(tmp_path / "harsh", seed=1988, noise="harsh")
    assert other.counts == harsh.counts == demo.counts
    for _, path, _ in demo.lists:
        relative = path.relative_to(demo.out_dir)
        assert path.read_bytes() != (other.out_dir / relative).read_bytes()
        assert path.read_bytes() != (harsh.out_dir / relative).read_bytes()
    assert "--noise harsh" in harsh.settings.read_text(encoding="utf-8")


def test_harsh_noise_loses_more_given_names(demo: DemoSummary, tmp_path: Path) -> None:
    harsh = generate(tmp_path, seed=1988, noise="harsh")

    def blank_given(summary: DemoSummary) -> int:
        return sum(
            not row["First name"] for row in _rows(summary.out_dir / "demo/gov_reply_1990.synthetic.csv")
        )

    assert blank_given(harsh) > 1.5 * blank_given(demo)


def test_unknown_noise_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="noise"):
        generate(tmp_path, noise="gentle")


# --- the spelling model ---------------------------------------------------------------------------------


def _spellings(code: str, habit: str, draws: int = 200) -> set[str]:
    rng = random.Random(0)
    name = Name((Part("", code),))
    return {spelling.render(name, spelling.HABITS[habit], rng) for _ in range(draws)}


def test_french_habit_writes_u_as_ou_and_sh_as_ch() -> None:
    assert _spellings("mas'ud", "french") <= {"Masoud", "Mas'oud"}
    assert _spellings("shirazi", "french") == {"Chirazi"}
    assert _spellings("jamshid", "french") == {"Djamchid"}


def test_german_and_arabic_habits() -> None:
    assert _spellings("khosravi", "german") & {"Chosrawi", "Chosravi"}
    assert "Husayn" in _spellings("hosein", "arabic")
    assert "Ibrahim" in _spellings("ebrahim", "arabic")


def test_english_habit_varies_vowels_and_doubles_s() -> None:
    found = _spellings("hoseini", "english")
    assert {"Hosseini", "Hoseini"} <= found
    assert {"Rezaei", "Rezai"} <= _spellings("rezayi", "english")


def test_compound_given_names_are_joined_split_or_hyphenated() -> None:
    gholamreza = next(name for name in pools.given_names("m") if name.code == "gholamreza")
    rng = random.Random(1)
    found = {spelling.render(gholamreza, spelling.HABITS["english"], rng) for _ in range(100)}
    assert {"Gholamreza", "Gholam Reza", "Gholam-Reza"} <= found
    abdolkarim = next(name for name in pools.given_names("m") if name.code == "abdolkarim")
    found = {spelling.render(abdolkarim, spelling.HABITS["arabic"], rng) for _ in range(100)}
    assert "Abd al-Karim" in found


def test_surname_first_and_upper_case_in_french_habit() -> None:
    rng = random.Random(3)
    names = {spelling.full_name("Ali", "Rezai", spelling.HABITS["french"], rng) for _ in range(50)}
    assert "REZAI Ali" in names and "Ali REZAI" in names


def test_garble_leaves_text_alone_at_zero_rate_and_changes_it_at_full_rate() -> None:
    rng = random.Random(5)
    assert spelling.garble("Mohammad Hosseini", rng, 0.0, 0.0) == "Mohammad Hosseini"
    assert spelling.garble("Mohammad Hosseini", rng, 1.0, 1.0) != "Mohammad Hosseini"


def test_persian_variants_include_arabic_letters_and_joiners() -> None:
    assert persian.arabic_letters("کریمی") == "كريمي"
    assert persian.arabic_keyboard("پورگیلانی") == "بوركيلاني"
    nematollah = next(name for name in pools.given_names("m") if name.code == "ne'matollah")
    rng = random.Random(2)
    found = {persian.render_fa(nematollah, rng) for _ in range(100)}
    assert {"نعمت\u200cالله", "نعمت الله", "نعمتالله"} <= found
    abdolkarim = next(name for name in pools.given_names("m") if name.code == "abdolkarim")
    assert "عبد الکریم" in {persian.render_fa(abdolkarim, rng) for _ in range(100)}


def test_pools_are_large_and_persian() -> None:
    given = pools.given_names("m") + pools.given_names("f")
    family = pools.family_names()
    assert len(given) >= 140 and len(family) >= 350
    assert all(any(ord(ch) in ARABIC_BLOCK for ch in name.fa) for name in (*given, *family))
    assert not any(ch in name.fa for name in (*given, *family) for ch in "يك")  # Persian yeh and kaf only
    assert any(name.code == "purmohammadi" for name in family)


def test_committed_demo_inputs_regenerate_byte_identically(demo: DemoSummary) -> None:
    """`reconcile demo` with the default seed rewrites exactly the files committed under inputs/."""
    committed = Path(__file__).resolve().parent.parent / "inputs"
    for written in demo.files:
        relative = written.relative_to(demo.out_dir)
        assert (committed / relative).read_bytes() == written.read_bytes(), relative


def test_the_demo_never_replaces_an_analysts_settings_file(tmp_path, capsys):
    """`inputs/` holds the real settings beside the demo's: `reconcile demo` replaced them silently."""
    from reconcile.cli import main

    mine = '[project]\ntitle = "our lists"\n'
    (tmp_path / "reconcile.toml").write_text(mine, encoding="utf-8")
    assert main(["demo", "--out", str(tmp_path)]) == 2
    assert "not the demo's own settings file" in capsys.readouterr().err
    assert (tmp_path / "reconcile.toml").read_text(encoding="utf-8") == mine
    assert not (tmp_path / "demo").exists()
