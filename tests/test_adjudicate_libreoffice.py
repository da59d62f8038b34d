"""A review workbook re-saved by LibreOffice still imports, with no decision lost."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from reconcile.adjudicate import current_decisions, import_decisions, read_ledger
from tests.adjudicate_data import PROJECT, export, fill, records

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _resave(source: Path, folder: Path) -> Path:
    folder.mkdir()
    profile = (folder.parent / "lo-profile").as_uri()
    subprocess.run(
        [
            OFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / source.name


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_resaved_by_libreoffice_imports_every_decision(tmp_path):
    filled = fill(
        export(tmp_path / "review.xlsx"),
        {
            ("1", "R1"): ("same", "Ana", "=same father"),
            ("2", "R2"): ("different", "Ana", ""),
            ("R1", "m1"): ("unsure", "Ana", ""),
        },
    )
    resaved = _resave(filled, tmp_path / "libreoffice")
    assert resaved.read_bytes() != filled.read_bytes()
    book = openpyxl.load_workbook(resaved)
    assert book["manifest"].sheet_state in {"hidden", "veryHidden"}
    assert book["Review"].protection.sheet

    alone = tmp_path / "alone"  # the re-saved copy on its own: every decision comes through
    alone.mkdir()
    shutil.copy(resaved, alone / "review.xlsx")
    assert import_decisions(alone, alone / "ledger.csv", PROJECT).added == 3
    ledger = read_ledger(alone / "ledger.csv")
    assert sorted(ledger["decision"]) == ["different", "same", "unsure"]
    assert "=same father" in ledger["note"].tolist()

    both = tmp_path / "both"  # beside the original: the copy adds nothing
    both.mkdir()
    shutil.copy(filled, both / "review.xlsx")
    assert import_decisions(both, both / "ledger.csv", PROJECT).added == 3
    shutil.copy(resaved, both / "review-libreoffice.xlsx")
    assert import_decisions(both, both / "ledger.csv", PROJECT).added == 0
    assert not current_decisions(read_ledger(both / "ledger.csv"), records())["stale"].any()
