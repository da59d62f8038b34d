"""Shared helpers: write a small settings file and list files into a temporary folder."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from reconcile.config import Comparison, Linkage, Review


def _defaults(section: str) -> dict:
    text = resources.files("reconcile.resources").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)[section]


def default_linkage() -> Linkage:
    """The linkage settings as shipped in defaults.toml."""
    return Linkage(**_defaults("linkage"))


def default_comparison() -> Comparison:
    """The comparison settings as shipped in defaults.toml."""
    values = _defaults("comparison")
    return Comparison(**{**values, "name_levels": tuple(values["name_levels"])})


def default_review(**changes: object) -> Review:
    """The review settings as shipped in defaults.toml, with `changes`."""
    return Review(**{**_defaults("review"), **changes})


def settings_text(lists: str, extra: str = "") -> str:
    return f'[project]\ntitle = "test"\n{extra}\n{lists}'


ANNEX_LIST = """
[[lists]]
id = "annex"
role = "allegation"
path = "annex.csv"
[lists.columns]
record_id = "No"
name = "Name"
place = "Place"
date = "Date"
"""


@pytest.fixture
def project(tmp_path: Path):
    """Write files into a temporary project folder: project({"name": text-or-bytes, ...}) -> folder."""

    def write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return tmp_path

    return write
