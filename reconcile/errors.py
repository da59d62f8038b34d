"""Errors meant for people: each names where the problem is and what would be valid."""

from __future__ import annotations

from pathlib import Path


class ReconcileError(Exception):
    """Base of every error the CLI turns into one clear line and a non-zero exit."""


class ConfigError(ReconcileError):
    """The settings file is wrong: names the file and the key."""

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        self.path = Path(path)
        self.key = key
        self.problem = problem
        super().__init__(f"{self.path}: setting '{key}': {problem}")


class InputError(ReconcileError):
    """An input list cannot be read as declared: names the file and, where known, sheet, row and column."""

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.row = row
        self.column = column
        self.problem = problem
        where = [str(self.path)]
        if sheet is not None:
            where.append(f"sheet '{sheet}'")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(", ".join(where) + f": {problem}")


class OutputLockedError(ReconcileError):
    """Another run is writing into the same output folder."""
