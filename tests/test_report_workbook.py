"""End to end: the small scenario, plus hostile comments, through `reconcile run` to the workbook.

Counts that do not depend on the linkage (rows per list, rows per claim) are asserted exactly
against the scenario's construction; counts that do (never answered, reply only) are asserted
through their arithmetic and through records that cannot have a counterpart.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reconcile.cli import main
from reconcile.read import read_plain_csv
from tests.small_scenario import Expected, write_small_scenario

HOSTILE = {
    "R901": '=HYPERLINK("http://x","y")',
    "R902": "@SUM(A1)",
    "R903": "-2+3",
    "R904": "+cmd|' /C calc'!A0",
    "R905": "\t=1+1",
}

REPLY_ROWS = "Official reply (synthetic): reply rows"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Expected]:
    folder = tmp_path_factory.mktemp("small")
    expected = write_small_scenario(folder)
    with (folder / "reply.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for n, (ref, comment) in enumerate(HOSTILE.items()):
            writer.writerow([ref, f"Hostile Rowname{'abcde'[n]}", comment])
    with (folder / "reconcile.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[linkage]\nmatch_threshold = 0.99  # a review queue to order in so few records\n")
    assert (
        main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"])
        == 0
    )
    return folder / "out", expected


@pytest.fixture(scope="module")
def book(run: tuple[Path, Expected]):
    workbook = load_workbook(run[0] / "reconciliation.xlsx")
    yield workbook
    workbook.close()


def _rows(book, sheet: str) -> list[dict[str, object]]:
    values = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def _header(book, sheet: str) -> list[object]:
    return [cell.value for cell in book[sheet][1]]


def _summary(book) -> dict[str, dict[str, object]]:
    return {str(row["item"]): row for row in _rows(book, "Summary")}


def _numbers(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]


def test_summary_counts_rows_per_list_and_per_claim(run, book):
    _, expected = run
    summary = _summary(book)
    # A line about one list names it by its title, and its id in the column "list".
    annex = summary["Allegations (synthetic) (allegation list): records"]
    assert (annex["count"], annex["list"]) == (expected.annex_records, "annex")
    assert summary["Official reply (synthetic) (reply list): records"]["count"] == expected.reply_rows + len(
        HOSTILE
    )
    assert summary["reply rows: alive"]["count"] == expected.alive_claims
    reply = summary[REPLY_ROWS]
    assert reply["count"] == expected.reply_rows + len(HOSTILE)
    # "31 = 6 not recognized + 25 commented (6 alive + 12 released + 7 unclassified)"
    not_recognized, commented, *categories = _numbers(str(reply["how it adds up"]))
    assert not_recognized + commented == reply["count"]
    assert sum(categories) == commented


def test_the_summary_gives_the_share_of_reply_rows_no_claim_fits(run, book):
    _, expected = run
    line = _summary(book)["reply rows: unclassified"]
    rows = expected.reply_rows + len(HOSTILE)
    assert str(line["how it adds up"]).endswith(f"; {line['count'] / rows:.1%} of {rows:,} reply rows")


def test_every_claim_sheet_has_as_many_rows_as_its_summary_count(book):
    claim_lines = [row for row in _rows(book, "Summary") if str(row["item"]).startswith("reply rows: ")]
    assert {row["sheet"] for row in claim_lines} == {
        name for name in book.sheetnames if name.startswith("Claim ")
    }
    for row in claim_lines:
        assert book[row["sheet"]].max_row - 1 == row["count"], row["item"]
    total = sum(row["count"] for row in claim_lines)
    assert total == _summary(book)[REPLY_ROWS]["count"]


def test_never_answered_and_reply_only_add_up(run, book):
    _, expected = run
    summary = _summary(book)
    never = summary["Allegations (synthetic): records never answered"]
    records, answered, in_review = _numbers(str(never["how it adds up"]))
    assert records - answered - in_review == never["count"] == len(_rows(book, "Never answered"))
    # Persons 0-3 of the annex have no reply row at all, so nothing can answer them.
    unanswerable = {str(n) for n in range(1, expected.annex_never_answered + 1)}
    assert unanswerable <= {str(row["record_id"]) for row in _rows(book, "Never answered")}
    only = summary["reply rows answering no allegation record"]
    rows, linked, waiting = _numbers(str(only["how it adds up"]))
    assert rows - linked - waiting == only["count"] == len(_rows(book, "Reply only"))
    assert {"R999", *HOSTILE} <= {row["record_id"] for row in _rows(book, "Reply only")}


def test_no_cell_is_a_formula_and_hostile_text_stays_verbatim(run, book):
    out, _ = run
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
    with zipfile.ZipFile(out / "reconciliation.xlsx") as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not re.search(rb"<f[ >/]", package.read(name)), name
    comments = {row["record_id"]: row["reply_comment"] for row in _rows(book, "Claim unclassified")}
    for ref, text in HOSTILE.items():
        assert comments[ref] == text.strip()  # the loader trims surrounding whitespace
    guarded = [row for row in book["Claim unclassified"].iter_rows(min_row=2) if row[0].value == "reply"]
    assert all(cell.quotePrefix for row in guarded for cell in row if str(cell.value or "").startswith("="))


def test_manifest_holds_every_summary_count(run, book):
    out, _ = run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [line["count"] for line in manifest["summary"]] == [row["count"] for row in _rows(book, "Summary")]
    assert manifest["counts"]["claim.alive"] == _summary(book)["reply rows: alive"]["count"]


def test_each_sheet_has_a_csv_copy_with_the_same_rows(run, book):
    out, _ = run
    for name in book.sheetnames:
        stem = "".join(ch if ch.isalnum() else "_" for ch in name.lower())
        with (out / f"sheet_{stem}.csv").open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.reader(handle)) == book[name].max_row, name


def test_layout_for_analysts(run, book):
    out, _ = run
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.max_row == 1 or sheet.auto_filter.ref, (
            sheet.title
        )  # an empty table has nothing to filter
    links = {cell.hyperlink.location for row in book["Summary"].iter_rows() for cell in row if cell.hyperlink}
    assert links and all(link.split("!")[0].strip("'") in book.sheetnames for link in links)
    persian = [
        cell
        for row in book["Corroboration"].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and re.fullmatch(r"[\u0600-\u06ff\u200c ]+", cell.value)
    ]
    persian += [
        cell
        for row in book["Contradictions"].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and re.fullmatch(r"[\u0600-\u06ff\u200c ]+", cell.value)
    ]
    assert persian and all(
        c.alignment.readingOrder == 2 and c.alignment.horizontal == "right" for c in persian
    )
    scales = book["Annex vs reply"].conditional_formatting
    assert any(rule.type == "colorScale" for scale in scales for rule in scale.rules)
    assert len(book["Summary"]._images) == 3
    for chart in ("claims_by_category.png", "list_overlap.png", "match_probability.png"):
        assert (out / chart).read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_workbook(run, tmp_path):
    out, _ = run
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out / "reconciliation.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "reconciliation.pdf").stat().st_size > 10_000


def test_the_review_queue_sheet_lists_the_pairs_in_the_order_of_the_review_workbook(run):
    queue = read_plain_csv(run[0] / "sheet_review_queue.csv")
    keys = (queue["list_id_l"], queue["record_id_l"], queue["list_id_r"], queue["record_id_r"])
    shown = list(zip(*keys, strict=True))
    review = load_workbook(run[0] / "review.xlsx", read_only=True)
    rows = list(review["Review"].iter_rows(values_only=True))
    review.close()
    column = [rows[0].index(name) for name in ("A list", "A id", "B list", "B id")]
    asked = [tuple(str(row[i]) for i in column) for row in rows[1:]]
    assert len(asked) >= 2  # the small scenario has pairs in review to order
    assert shown[: len(asked)] == asked


KEY_COLUMNS = {  # the columns analysts' scripts read from the CSV copies
    "annex_vs_reply": ["list_id", "record_id", "person_id", "reply_list", "reply_record", "status"],
    "contradictions": ["list_id", "record_id", "person_id", "source_list", "source_record"],
    "claim_alive": ["list_id", "record_id", "person_id", "named_by_lists", "independent_sources", "claim"],
    "never_answered": ["list_id", "record_id", "person_id"],
}


def test_each_field_of_a_record_has_a_filterable_column_of_its_own(run, book):
    out, _ = run
    annex = {row["record_id"]: row for row in _rows(book, "Annex vs reply")}
    assert (annex["1"]["place"], annex["1"]["date"]) == ("Teheran", "01.08.1988")
    # The memorial's person 4: father Mahmoud, 24, Mashhad, 14 August 1988, each in its own cell.
    witness = next(row for row in _rows(book, "Contradictions") if row["source_record"] == "m4")
    fields = ("source_father_name", "source_age", "source_city", "source_date")
    assert tuple(witness[c] for c in fields) == ("محمود", "24", "مشهد", "1367/05/14")
    # The packed cell stays, last, for scripts that read it; its Persian values are kept in order
    # between left-to-right marks.
    assert (
        witness["source_details"]
        == "father name: \u200eمحمود\u200e; age: 24; city: \u200eمشهد\u200e; date: 1367/05/14"
    )
    header = _header(book, "Contradictions")
    city = book["Contradictions"].cell(row=2, column=header.index("source_city") + 1)
    assert city.alignment.readingOrder == 2  # Persian alone in its cell reads right to left
    assert book["Contradictions"].auto_filter.ref.startswith("A1")
    for stem, columns in KEY_COLUMNS.items():
        copy = read_plain_csv(out / f"sheet_{stem}.csv")
        assert set(columns) <= set(copy.columns), stem


def test_independent_sources_has_one_meaning_on_every_sheet_stated_on_about(run, book):
    corroboration = {row["person_id"]: row["independent_sources"] for row in _rows(book, "Corroboration")}
    sheets = [name for name in book.sheetnames if "independent_sources" in _header(book, name)]
    assert {"Contradictions", "Claim alive", "Corroboration"} <= set(sheets)
    for name in sheets:
        for row in _rows(book, name):
            assert row["independent_sources"] == corroboration.get(row["person_id"], 0), (name, row)
    # Person 4: named by the annex and the memorial, answered "alive" by reply row R004.
    alive = {row["record_id"]: row for row in _rows(book, "Claim alive")}
    assert alive["R004"]["independent_sources"] == 2
    about = {row["item"]: row["value"] for row in _rows(book, "About")}
    assert about["independent_sources"].startswith("the number of distinct sources among the allegation")
    assert about["sheet Annex vs reply"].startswith("every record of the allegation lists (annex) with")


def test_the_summary_opens_with_the_allegation_persons_by_answer_and_by_sources(book):
    rows = _rows(book, "Summary")
    total = rows[0]
    assert total["item"] == "persons named by an allegation list"
    answered, possibly, never = _numbers(str(total["how it adds up"]))
    assert answered + possibly + never == total["count"]
    headline = {str(row["item"]): row for row in rows[1:] if str(row["item"]).startswith("of these, ")}
    claims = [row for item, row in headline.items() if item.startswith("of these, answered with")]
    assert sum(row["count"] for row in claims) == answered
    # The reply answers every fourth of the annex's persons 4-23 "alive", each in a row of its own.
    assert headline["of these, answered with the claim 'alive'"]["count"] == len(range(4, 24, 4))
    assert headline["of these, answered with the claim 'alive'"]["sheet"] == "Claim alive"
    unsure = headline["of these, possibly answered (uncertain: the run cannot tell)"]
    assert unsure["count"] == possibly
    never_sheet = {row["person_id"] for row in _rows(book, "Never answered")}
    assert headline["of these, never answered"]["count"] == never == len(never_sheet)
    by_sources = [row for item, row in headline.items() if item.startswith("of these, named by")]
    assert sum(row["count"] for row in by_sources) == total["count"]
    for row in by_sources:
        certain, uncertain = _numbers(str(row["how it adds up"]))
        assert certain + uncertain == row["count"] and "uncertain" in str(row["how it adds up"])


def test_by_default_only_corroborating_lists_are_records_of_execution_in_contradictions(book):
    assert {row["source_list"] for row in _rows(book, "Contradictions")} == {"memorial"}
    assert "reply rows contradicted by a corroborating list" in _summary(book)
