"""Reply comments -> controlled claim categories, with the patterns kept as data.

The default vocabulary ships in `resources/claims.toml`; a settings file's [claims] table
replaces a category's patterns or adds new categories (tried first, being the more specific).
A comment no pattern matches is `unclassified`: shown with its text, never forced into a category.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

import pandas as pd

UNCLASSIFIED = "unclassified"
NOT_RECOGNIZED = "not_recognized"
FORGED = "forged"


@cache
def default_vocabulary() -> dict[str, tuple[str, ...]]:
    text = resources.files("reconcile.resources").joinpath("claims.toml").read_text("utf-8")
    return {category: tuple(patterns) for category, patterns in tomllib.loads(text).items()}


def vocabulary(overrides: Mapping[str, tuple[str, ...]]) -> dict[str, re.Pattern[str]]:
    """Compiled patterns in the order they are tried."""
    defaults = default_vocabulary()
    ordered = {c: p for c, p in overrides.items() if c not in defaults}
    ordered.update({c: overrides.get(c, p) for c, p in defaults.items()})
    return {
        c: re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)
        for c, pats in ordered.items()
        if pats
    }


def classify_comments(comments: pd.Series, overrides: Mapping[str, tuple[str, ...]]) -> pd.Series:
    """Category of each comment; empty comments stay empty (no claim was made)."""
    patterns = vocabulary(overrides)

    def category(comment: str) -> str:
        if not any(ch.isalnum() for ch in comment):  # "", "-", "?": no claim was made
            return ""
        return next((c for c, pattern in patterns.items() if pattern.search(comment)), UNCLASSIFIED)

    unique = pd.Series(comments.unique())
    lookup = dict(zip(unique, unique.map(category), strict=True))
    return comments.map(lookup)
