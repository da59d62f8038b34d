"""Five synthetic records on three lists and three pairs awaiting review, built by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from reconcile.adjudicate import project_id, write_review_workbook

PROJECT = project_id([("annex", "UN annex"), ("reply", "Reply"), ("memorial", "Memorial")])
RAW = ("name", "father_name", "age", "city", "prison", "date", "place", "reply_comment")


def records() -> pd.DataFrame:
    rows = [
        ("annex", "1", "KHORRAMCHAHI Djafar", "", "", "Teheran", "Evin", "01.08.1988"),
        ("annex", "2", "FOULADVAND Djafar", "", "", "Meched", "", "02.08.1988"),
        ("reply", "R1", "Jafar Khorramshahi", "Ali", "24", "", "", ""),
        ("reply", "R2", '=HYPERLINK("http://example.invalid","x")', "", "", "", "", ""),
        ("memorial", "m1", "جعفر خرمشاهی", "علی", "۲۴", "تهران", "", "1367/05/10"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "list_id",
            "record_id",
            "raw_name",
            "raw_father_name",
            "raw_age",
            "raw_city",
            "raw_prison",
            "raw_date",
        ],
    )
    frame["source_row"] = range(2, 7)
    frame["raw_place"] = ""
    frame["raw_reply_comment"] = ""
    frame["name_as_written"] = frame["raw_name"]
    frame["full_key"] = [
        "jafar xoramchahi",
        "jafar fuladvand",
        "jafar xoramshahi",
        "hyperlink",
        "jafar xoramshahi",
    ]
    return frame


def pairs() -> pd.DataFrame:
    """Candidate pairs: three in review, one match, one non-match (left sorts before right by position)."""
    recs = records()
    spec = [  # left, right, probability, status
        (0, 2, 0.55, "review"),
        (1, 3, 0.30, "review"),
        (2, 4, 0.70, "review"),
        (0, 4, 0.97, "match"),
        (1, 2, 0.01, "non-match"),
    ]
    frame = pd.DataFrame(
        {
            "list_id_l": [recs.at[a, "list_id"] for a, *_ in spec],
            "record_id_l": [recs.at[a, "record_id"] for a, *_ in spec],
            "list_id_r": [recs.at[b, "list_id"] for _, b, *_ in spec],
            "record_id_r": [recs.at[b, "record_id"] for _, b, *_ in spec],
            "left": [a for a, *_ in spec],
            "right": [b for _, b, *_ in spec],
            "bits_given": [3.0, 3.0, 3.0, 5.0, -2.0],
            "match_weight": [0.3, -1.2, 1.2, 5.0, -6.6],
            "match_probability": [p for *_, p, _ in spec],
            "sim_given": [1.0, 1.0, 1.0, 1.0, 0.2],
            "sim_family": [0.9, 0.5, 1.0, 1.0, 0.1],
            "sim_father": [np.nan, np.nan, 1.0, np.nan, np.nan],
            "sim_whole": [0.9, 0.6, 1.0, 1.0, 0.2],
            "level_given": [0, 0, 0, 0, 2],
            "status": [s for *_, s in spec],
            "assignment_note": ["", "", "near tie", "", ""],
            "reason": [
                "family name spelled Khorramchahi / Khorramshahi",
                "given name agrees",
                "same father",
                "",
                "",
            ],
        }
    )
    return frame


def review_pairs(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = pairs() if frame is None else frame
    return frame[frame["status"] == "review"]


def export(path: Path, recs: pd.DataFrame | None = None, frame: pd.DataFrame | None = None, **kw) -> Path:
    recs = records() if recs is None else recs
    return write_review_workbook(
        path,
        review_pairs(frame),
        recs,
        kw.pop("run_id", "run-1"),
        kw.pop("blind", False),
        project_id=PROJECT,
        **kw,
    )


def fill(path: Path, decisions: dict[tuple[str, str], tuple[str, str, str]], out: Path | None = None) -> Path:
    """Fill decisions as an analyst would: {(A id, B id): (decision, reviewer, note)}."""
    book = openpyxl.load_workbook(path)
    sheet = book["Review"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    for row in range(2, sheet.max_row + 1):
        key = (sheet.cell(row, col["A id"]).value, sheet.cell(row, col["B id"]).value)
        if key in decisions:
            for name, value in zip(("decision", "reviewer", "note"), decisions[key], strict=True):
                sheet.cell(row, col[name]).value = value
    target = out or path
    book.save(target)
    return target
