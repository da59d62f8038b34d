"""Word lists and tables for name handling, loaded once from ``reconcile/resources/names/``.

The lists are data, not code, so that a reviewer who knows Persian naming habits can extend them
without touching the algorithms (titles, placeholders, affixes, particles, father's-name phrases).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from functools import cache
from importlib import resources

_PACKAGE = "reconcile.resources"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(_PACKAGE).joinpath("names").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]  # comments say why
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


@cache
def titles() -> dict[str, str]:
    """Honorifics and titles (Seyed, Haj, Mirza, ...) mapped to one canonical spelling."""
    return {_clean(r["variant"]): r["canonical"] for r in _rows("titles.csv")}


@cache
def placeholders() -> frozenset[str]:
    """Texts that stand for "no name" (ناشناس, unknown, N.N., ...), lower-cased, punctuation kept out."""
    return frozenset(_clean(r["text"]) for r in _rows("placeholders.csv"))


@cache
def suffix_affixes() -> frozenset[str]:
    """Family-name endings that lists sometimes write as a separate word (Ali Pour = Alipour)."""
    return frozenset(_clean(r["affix"]) for r in _rows("affixes.csv") if r["position"] == "suffix")


@cache
def prefix_affixes() -> frozenset[str]:
    """Name beginnings that lists sometimes write as a separate word (Abdol Reza = Abdolreza)."""
    return frozenset(_clean(r["affix"]) for r in _rows("affixes.csv") if r["position"] == "prefix")


@cache
def compound_starts() -> frozenset[str]:
    """Words that begin a family name written as two words (نیک نام, Khosh Nevis)."""
    return frozenset(_clean(r["part"]) for r in _rows("compound_parts.csv") if r["position"] == "start")


@cache
def compound_ends() -> frozenset[str]:
    """Words that end a family name written as two words (Karimi Nia, فلاحی مقدم)."""
    return frozenset(_clean(r["part"]) for r in _rows("compound_parts.csv") if r["position"] == "end")


@cache
def particles() -> frozenset[str]:
    """Connecting words (al, bin, de, von) that carry no identity on their own."""
    return frozenset(_clean(r["particle"]) for r in _rows("particles.csv"))


@cache
def father_phrases() -> tuple[str, ...]:
    """Phrases that introduce a father's name ("son of", "fils de", "فرزند"), longest first."""
    phrases = {_clean(r["phrase"]) for r in _rows("father_phrases.csv")}
    return tuple(sorted(phrases, key=len, reverse=True))


@cache
def habit_spellings() -> dict[str, str]:
    """Arabic-habit romanizations (Fatima, Muhsin) mapped to the Persian-habit spelling, raw."""
    return {_clean(r["arabic"]): _clean(r["persian"]) for r in _rows("habit_spellings.csv")}
