"""Noise levels: how often typing slips, OCR errors, gaps and Arabic keyboards occur."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class NoiseProfile:
    name: str
    typo: float  # per Latin word: transposed, dropped or doubled letter
    ocr: float  # per Latin word: rn/m, l/I, cl/d ...
    missing: float  # multiplier on each list's share of rows missing a field (given name included)
    surname_first: float  # added to each habit's share of surname-first names
    arabic_letters: float  # share of Persian records typed with Arabic yeh and kaf
    arabic_keyboard: float  # share of Persian records typed on an Arabic layout (no پ چ ژ گ)
    date_shift: float  # share of dates reported a few days off
    title_kept: float  # share of records that keep a person's title (Seyed, Haj, Sadat)


NOISE: Mapping[str, NoiseProfile] = MappingProxyType(
    {
        "standard": NoiseProfile("standard", 0.02, 0.012, 1.0, 0.0, 0.12, 0.02, 0.08, 0.6),
        "harsh": NoiseProfile("harsh", 0.045, 0.03, 2.0, 0.2, 0.3, 0.06, 0.15, 0.75),
    }
)
