"""Answers with their certainty: a record goes to "Never answered" (and a reply row to "Reply
only") only when no reply row could be it; namesakes the fields cannot tell apart, a one-word name,
and likely but unlinked candidates make it "possibly answered", with the candidates written out."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reconcile.cli import main
from reconcile.read import read_plain_csv

ANNEX = [  # No, Name
    ("1", "Mohammad AHMADI"),
    ("2", "Mohammad AHMADI"),
    ("3", "NIKBAKHT"),  # one word: any Nikbakht of the reply may be this person
    ("4", "Zartosht ARDESHIRZADEH"),  # nobody of this name replies
    ("5", "Fereydoun KHOSROWSHAHI"),
    ("6", "Touraj FAROKHZAD"),
]
REPLY = [  # No., Name, Comment
    ("R1", "Mohammad Ahmadi", "Cannot be recognized"),
    ("R2", "Bahram Nikbakht", "Released in 1987"),
    ("R6", "Parvin Nikbakht", "Alive"),
    ("R3", "Fereydoon Khosrowshahi", "Alive"),
    ("R4", "Touraj Farrokhzad", "Alive"),
    ("R5", "Shirin Mehrabanpour", "Studying abroad"),  # answers nobody on the annex
]
# Fillers give the model enough pairs to learn from; none shares a name with the rows above.
FILLER_GIVEN = ["Parviz", "Bijan", "Kourosh", "Siavash", "Behrouz", "Nasser", "Hormoz", "Shahrokh"]
FILLER_FAMILY = ["TABATABAI", "GHARAGOZLOU", "FOULADVAND", "BOROUMAND", "ROSTAMKHANI", "SHARIFZADEH"]


def _write(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("answers")
    fillers = [(g, f) for g in FILLER_GIVEN for f in FILLER_FAMILY]
    annex = ANNEX + [(str(100 + n), f"{g} {f}") for n, (g, f) in enumerate(fillers)]
    reply = REPLY + [(f"R{100 + n}", f"{g} {f.title()}", "Alive") for n, (g, f) in enumerate(fillers)]
    _write(folder / "annex.csv", ["No", "Name"], annex)
    _write(folder / "reply.csv", ["No.", "Name", "Comment"], reply)
    (folder / "reconcile.toml").write_text(
        '[[lists]]\nid = "annex"\nrole = "allegation"\npath = "annex.csv"\n'
        '[lists.columns]\nrecord_id = "No"\nname = "Name"\n'
        '[[lists]]\nid = "reply"\nrole = "reply"\npath = "reply.csv"\n'
        '[lists.columns]\nrecord_id = "No."\nname = "Name"\nreply_comment = "Comment"\n',
        encoding="utf-8",
    )
    assert (
        main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"])
        == 0
    )
    return folder / "out"


def _answers(out: Path) -> dict[str, str]:
    table = read_plain_csv(out / "sheet_annex_vs_reply.csv")
    return dict(zip(table["record_id"], table["answer"], strict=False))


def test_namesakes_and_one_word_names_are_possibly_answered_not_never(out):
    answers = _answers(out)
    assert answers["1"] == answers["2"] == "possibly answered"
    assert answers["3"] == "possibly answered"
    never = set(read_plain_csv(out / "sheet_never_answered.csv")["record_id"])
    assert never == {"4"}


def test_spelling_variants_are_answered(out):
    answers = _answers(out)
    assert answers["5"] == answers["6"] == "answered"


def test_possibly_answered_names_its_candidates_and_counts_namesakes(out):
    unsure = read_plain_csv(out / "sheet_possibly_answered.csv").set_index("record_id")
    assert "reply:R1 Mohammad Ahmadi" in unsure.loc["1", "candidates"]
    assert unsure.loc["1", "same_name_on_list"] == "2"  # two Mohammad Ahmadi on the annex...
    assert unsure.loc["1", "same_name_other_side"] == "1"  # ... one in the reply
    assert unsure.loc["3", "same_name_other_side"] == "2"  # NIKBAKHT: Bahram or Parvin Nikbakht


def test_reply_only_holds_only_rows_that_could_answer_no_one(out):
    only = set(read_plain_csv(out / "sheet_reply_only.csv")["record_id"])
    assert only == {"R5"}
    unsure = set(read_plain_csv(out / "sheet_possibly_answering.csv")["record_id"])
    assert {"R1", "R2", "R6"} <= unsure


def test_summary_adds_up(out):
    summary = read_plain_csv(out / "sheet_summary.csv").set_index("item")
    line = summary.loc["annex: records never answered"]
    assert line["count"] == "1"
    assert line["how it adds up"].startswith(f"{len(ANNEX) + 48} records − ")


def test_the_report_is_scored_against_a_truth(out):
    import pandas as pd

    from reconcile.config import load_settings
    from reconcile.evaluate_report import score_report

    same = [("1", "R1"), ("3", "R2"), ("5", "R3"), ("6", "R4")]
    same += [(str(100 + n), f"R{100 + n}") for n in range(48)]
    rows = [("annex", a, f"T{a}") for a, _ in same] + [("reply", r, f"T{a}") for a, r in same]
    rows += [("annex", "2", "T2"), ("annex", "4", "T4"), ("reply", "R5", "TR5"), ("reply", "R6", "TR6")]
    truth = pd.DataFrame(rows, columns=["list_id", "record_id", "person_id"])
    scores = score_report(out, truth, load_settings(out.parent / "reconcile.toml"))
    lists = {s.name: s for s in scores.lists}
    never = lists["never answered (annex)"]
    assert (never.listed, never.right, never.should) == (1, 1, 2)  # record 4 listed; record 2 is possibly
    only = lists["reply only"]
    assert (only.listed, only.right, only.should) == (1, 1, 2)  # R5 listed; R6 is a Nikbakht
    assert only.precision == 1.0 and only.recall == 0.5


def _allegation_answers(view: dict[str, list], keys: dict[str, list], pairs: dict[str, list]):
    """`answers.answer_certainty` of the allegation records, on a run given as its columns: the
    record view (list, id, name, role, person), the name keys and the pair table."""
    import pandas as pd

    from reconcile.config import Report
    from reconcile.report.answers import answer_certainty
    from reconcile.schema import Role

    settings = Report(
        candidate_from=0.001,
        possibly_answered_from=0.01,
        candidates_shown=3,
        allegations_record_execution=False,
    )
    frames = (pd.DataFrame(keys), pd.DataFrame(view), pd.DataFrame(pairs))
    return answer_certainty(*frames, Role.ALLEGATION, Role.REPLY, settings)


def test_a_record_is_possibly_answered_through_a_record_the_reply_answers():
    # The annex record is in review with a memorial record; the reply answers that memorial record.
    table = _allegation_answers(
        {
            "list_id": ["annex", "memorial", "reply"],
            "record_id": ["1", "M1", "R1"],
            "name": ["Fararigis KAYHANI", "KAYHANI Farangis", "Farrangis Kayhanni"],
            "role": ["allegation", "corroborating", "reply"],
            "person_id": ["P1", "P2", "P2"],
        },
        {  # keys written apart so that no namesake count answers for it
            "given_key": ["fararigis", "farangis", "farangis"],
            "family_key": ["keihani", "keihani", "kaihani"],
            "full_key": ["fararigis keihani", "farangis keihani", "farangis kaihani"],
        },
        {
            "left": [0, 1, 0],
            "right": [1, 2, 2],
            "match_probability": [0.4, 0.999, 0.0005],
            "status": ["review", "match", "non-match"],
        },
    )
    assert table.loc[0, "answer"] == "possibly answered"
    assert table.loc[0, "candidates"] == "reply:R1 Farrangis Kayhanni (p 0.400)"


def test_a_candidate_in_persian_script_keeps_its_direction_in_the_cell():
    import pandas as pd

    from reconcile.config import Report
    from reconcile.report.answers import answer_certainty
    from reconcile.schema import Role

    view = pd.DataFrame(
        {
            "list_id": ["annex", "reply"],
            "record_id": ["1", "R1"],
            "name": ["Parvin AHMADI MOGHADDAM", "پروین احمدی مقدم"],
            "role": ["allegation", "reply"],
            "person_id": ["P1", "P2"],
        }
    )
    records = pd.DataFrame(
        {"given_key": ["parvin", "x"], "family_key": ["ahmadi moqadam", "y"], "full_key": ["a", "b"]}
    )
    pairs = pd.DataFrame({"left": [0], "right": [1], "match_probability": [0.3], "status": ["review"]})
    settings = Report(
        candidate_from=0.001,
        possibly_answered_from=0.01,
        candidates_shown=3,
        allegations_record_execution=False,
    )
    table = answer_certainty(records, view, pairs, Role.ALLEGATION, Role.REPLY, settings)
    assert table.loc[0, "candidates"] == "reply:R1 \u200eپروین احمدی مقدم\u200e (p 0.300)"
    # The workbook writes the marks as they are (a direction control would be shown as text).
    from reconcile.report.xlsx import escape

    assert escape(table["candidates"]).tolist() == table["candidates"].tolist()


def _certainty_of_a_list_naming_one_person_twice(pairs: dict[str, list]) -> str:
    """Annex records 1 and 2 name one person; the reply row R1 is linked to record 1. The answer of
    record 2 given `pairs` (positions: 0 and 1 the annex records, 2 the reply row)."""
    table = _allegation_answers(
        {
            "list_id": ["annex", "annex", "reply"],
            "record_id": ["1", "2", "R1"],
            "name": ["Hamze BEMGERNIA", "Hamze Bemger Nia", "Bemger Nia, Hamze"],
            "role": ["allegation", "allegation", "reply"],
            "person_id": ["P1", "P2", "P1"],
        },
        {  # keys written apart so that no namesake count answers for it
            "given_key": ["hamze", "hamzeh", "hamze"],
            "family_key": ["bemgernia", "bemger nia", "bemger nia"],
            "full_key": ["hamze bemgernia", "hamzeh bemger nia", "hamze bemger nia"],
        },
        pairs,
    )
    return str(table.loc[1, "answer"])


@pytest.mark.parametrize(
    ("pairs", "answer"),
    [
        # Record 2's pair with R1 awaits review: R1 is the open question, though record 1 holds it.
        (
            {
                "left": [0, 1],
                "right": [2, 2],
                "match_probability": [0.99, 0.97],
                "status": ["match", "review"],
            },
            "possibly answered",
        ),
        # Record 2 may be record 1 written twice, and record 1 is answered.
        (
            {
                "left": [0, 0, 1],
                "right": [2, 1, 2],
                "match_probability": [0.99, 0.55, 0.0005],
                "status": ["match", "review", "non-match"],
            },
            "possibly answered",
        ),
        # A namesake's weak pair with a reply row another record holds answers nothing.
        (
            {
                "left": [0, 1],
                "right": [2, 2],
                "match_probability": [0.99, 0.05],
                "status": ["match", "non-match"],
            },
            "never answered",
        ),
    ],
)
def test_a_reply_row_held_by_another_record_of_the_list_is_a_candidate_only_while_open(pairs, answer):
    assert _certainty_of_a_list_naming_one_person_twice(pairs) == answer
