"""The command line ends with one line, never a traceback: interrupted, refused by the file system,
given an empty folder name, or a truth file that does not fit the run."""

from __future__ import annotations

import errno
import os

import pytest

from reconcile.cli import main
from tests.small_scenario import write_small_scenario


@pytest.fixture
def scenario(tmp_path):
    write_small_scenario(tmp_path)
    return tmp_path


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    error = capsys.readouterr().err.strip()
    assert error.startswith("reconcile: ") and "\n" not in error and "Traceback" not in error
    return error


def test_ctrl_c_ends_with_one_line_and_the_interrupt_code(scenario, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("reconcile.pipeline.run", interrupted)
    command = ["run", "--config", str(scenario / "reconcile.toml"), "--out", str(scenario / "out"), "--quiet"]
    assert main(command) == 130
    assert "interrupted" in _one_line(capsys)


def test_a_folder_name_the_file_system_refuses_ends_with_one_line(scenario, capsys):
    too_long = scenario / ("خروجی" * 60)  # 600 bytes, over the usual 255
    assert main(["run", "--config", str(scenario / "reconcile.toml"), "--out", str(too_long)]) == 2
    assert os.strerror(errno.ENAMETOOLONG) in _one_line(capsys)


def test_an_empty_output_folder_name_is_refused_not_read_as_the_current_folder(scenario, capsys, monkeypatch):
    monkeypatch.chdir(scenario)
    with pytest.raises(SystemExit):
        main(["run", "--config", "reconcile.toml", "--out", ""])
    assert "empty folder name" in capsys.readouterr().err
    assert not (scenario / "persons.csv").exists()


@pytest.mark.parametrize(
    ("truth", "problem"),
    [
        ("list_id;record_id;person_id\nannex;1;P0\n", "missing list_id, record_id, person_id"),
        ("list_id,record_id,person_id\nnowhere,1,P0\n", "none of its 1 records is a record of the run"),
    ],
)
def test_a_truth_file_that_does_not_fit_the_run_is_refused_saying_why(scenario, capsys, truth, problem):
    out = scenario / "out"
    assert main(["run", "--config", str(scenario / "reconcile.toml"), "--out", str(out), "--quiet"]) == 0
    (scenario / "other_truth.csv").write_text(truth, encoding="utf-8")
    capsys.readouterr()
    code = main(["evaluate", "--truth", str(scenario / "other_truth.csv"), "--out", str(out)])
    assert code == 2 and problem in _one_line(capsys)


def test_evaluate_refuses_settings_other_than_the_runs(scenario, capsys):
    out = scenario / "out"
    assert main(["run", "--config", str(scenario / "reconcile.toml"), "--out", str(out), "--quiet"]) == 0
    other = scenario / "other.toml"
    other.write_text(
        (scenario / "reconcile.toml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    capsys.readouterr()
    code = main(
        ["evaluate", "--truth", str(scenario / "truth.csv"), "--out", str(out), "--config", str(other)]
    )
    assert code == 2 and "is not the settings file run" in _one_line(capsys)


def test_a_closed_output_pipe_ends_quietly_with_the_shells_code(scenario, capsys, monkeypatch):
    def closed(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("reconcile.cli._run", closed)
    assert main(["run", "--config", str(scenario / "reconcile.toml"), "--quiet"]) == 141
    assert capsys.readouterr().err == ""
