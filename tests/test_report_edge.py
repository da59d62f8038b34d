"""Report edge cases: rows with no comment, a list of replies only, a run with nothing to explain."""

from __future__ import annotations

import pandas as pd

from reconcile.cli import main
from tests.conftest import settings_text

REPLY = """
[[lists]]
id = "reply"
role = "reply"
path = "reply.csv"
[lists.columns]
record_id = "Ref"
name = "Name"
reply_comment = "Comment"
"""


def _run(folder) -> pd.DataFrame:
    assert (
        main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"])
        == 0
    )
    return pd.read_csv(folder / "out" / "sheet_summary.csv", dtype=str, keep_default_na=False)


def test_rows_without_a_comment_are_not_counted_as_commented_and_a_reply_list_alone_runs(project):
    reply = (
        "Ref,Name,Comment\nR1,Ali Rezaei,Not recognized\nR2,Mehdi Bazargan,\nR3,Zahra Karimi,He is alive\n"
    )
    folder = project({"reconcile.toml": settings_text(REPLY), "reply.csv": reply})
    summary = _run(folder).set_index("item")
    assert summary.loc["reply: reply rows", "how it adds up"] == (
        "1 not recognized + 1 commented (1 alive) + 1 with no comment"
    )


def test_a_single_record_with_nothing_to_compare_still_writes_every_output(project):
    folder = project(
        {"reconcile.toml": settings_text(REPLY), "reply.csv": "Ref,Name,Comment\nR1,Ali Rezaei,\n"}
    )
    summary = _run(folder)
    assert not summary.empty
    persons = pd.read_csv(folder / "out" / "persons.csv", dtype=str)
    assert persons.record_id.tolist() == ["R1"]
