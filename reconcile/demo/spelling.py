"""Romanization habits (rules in `data/habits.toml`) and typing noise, over the phonemic code.

A habit is how one kind of source wrote Persian names in Latin letters in the 1980s: the
English-language press (Hossein Rezaei), BGN/PCGN-like transliteration (Hoseyn Reza'i), the
French-speaking UN secretariat (Hosseïn REZAI, ou for u, dj for j, ch for sh, Gholam-Reza),
German (sch, dsch, ch for kh), Arabic-style (Husayn, Ja'far, Abd al-Karim) and the Iranian
government's own English (Masood, Rezaie). Each rule maps a run of code tokens to weighted
spellings; anchors `^` and `$` restrict a rule to the start or end of a word. Nothing here
knows which spellings a matcher will meet: variants come only from these rules and the noise.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from reconcile.demo.pools import Name

Variants = tuple[tuple[str, float], ...]

DIGRAPHS = ("kh", "gh", "sh", "ch", "zh", "ei", "ow")
VOWELS = frozenset("aeiou")


def pick(rng: random.Random, variants: Variants) -> str:
    """A weighted choice that draws exactly one random number (keeps streams stable)."""
    total = sum(weight for _, weight in variants)
    point = rng.random() * total
    for value, weight in variants:
        point -= weight
        if point < 0:
            return value
    return variants[-1][0]


def tokens(code: str) -> tuple[str, ...]:
    """Split phonemic code into sounds: digraphs first, then single letters."""
    out: list[str] = []
    i = 0
    while i < len(code):
        step = 2 if code[i : i + 2] in DIGRAPHS else 1
        out.append(code[i : i + step])
        i += step
    return tuple(out)


@dataclass(frozen=True)
class Habit:
    """One source's way of writing Persian names in Latin letters."""

    name: str
    rules: Mapping[str, Variants]  # token run (optionally ^...$ anchored) -> spellings
    parts: Mapping[str, Variants]  # whole name parts written their own way (ollah, abdol)
    titles: Mapping[str, Variants]  # seyed, mir, haj, sadat
    compound: Variants  # joiner of given-name parts: Mohammadreza / Mohammad Reza / Mohammad-Reza
    family_join: Variants  # Pourmohammadi / Pour Mohammadi / Hossein-Zadeh
    double_s: float  # intervocalic s written ss (Hassan, Hosseini)
    degeminate: float  # a doubled consonant written once (Mohamad)
    surname_first: float  # "REZAI Mohammad"
    upper_surname: float
    comma: float  # of surname-first names, share written "Rezaei, Mohammad"
    places: str  # spelling column of places.csv

    def compiled(self) -> tuple[tuple[tuple[str, ...], bool, bool, Variants], ...]:
        """Rules as token runs, longest and anchored first, so `ayi$` beats `i`."""
        out = []
        for key, variants in self.rules.items():
            start, end = key.startswith("^"), key.endswith("$")
            out.append((tokens(key.strip("^$")), start, end, variants))
        return tuple(sorted(out, key=lambda rule: (-len(rule[0]), not (rule[1] or rule[2]))))


def _variants(pairs: list[list]) -> Variants:
    return tuple((str(value), float(weight)) for value, weight in pairs)


def _load_habits() -> Mapping[str, Habit]:
    """Habits from `data/habits.toml`: the rules are data, this module only applies them."""
    text = resources.files("reconcile.demo").joinpath("data", "habits.toml").read_text(encoding="utf-8")
    habits = {}
    for name, table in tomllib.loads(text).items():
        habits[name] = Habit(
            name=name,
            rules={key: _variants(value) for key, value in table["rules"].items()},
            parts={key: _variants(value) for key, value in table["parts"].items()},
            titles={key: _variants(value) for key, value in table["titles"].items()},
            compound=_variants(table["compound"]),
            family_join=_variants(table["family_join"]),
            double_s=table["double_s"],
            degeminate=table["degeminate"],
            surname_first=table["surname_first"],
            upper_surname=table["upper_surname"],
            comma=table["comma"],
            places=table["places"],
        )
    return MappingProxyType(habits)


HABITS = _load_habits()
_COMPILED = {name: habit.compiled() for name, habit in HABITS.items()}


def romanize(code: str, habit: Habit, rng: random.Random) -> str:
    """Write one word of phonemic code the way `habit` would."""
    sounds = tokens(code)
    out: list[str] = []
    i = 0
    while i < len(sounds):
        for run, start, end, variants in _COMPILED[habit.name]:
            stop = i + len(run)
            if sounds[i:stop] == run and (not start or i == 0) and (not end or stop == len(sounds)):
                out.append(pick(rng, variants))
                i = stop
                break
        else:
            sound = sounds[i]
            before = sounds[i - 1] if i else ""
            after = sounds[i + 1] if i + 1 < len(sounds) else ""
            if sound == after and sound not in VOWELS and rng.random() < habit.degeminate:
                sound = ""
            elif (
                sound == "s"
                and before[-1:] in VOWELS
                and after[:1] in VOWELS
                and rng.random() < habit.double_s
            ):
                sound = "ss"
            out.append(sound)
            i += 1
    return "".join(out)


def capitalize(text: str) -> str:
    """Title-case words and hyphen segments, keeping the Arabic article lower (Abd al-Karim)."""
    words = []
    for word in text.split(" "):
        segments = [seg if seg in ("al", "ul") else seg[:1].upper() + seg[1:] for seg in word.split("-")]
        words.append("-".join(segments))
    return " ".join(words)


def render(name: Name, habit: Habit, rng: random.Random, *, family: bool = False) -> str:
    """A given or family name in `habit`, compound parts joined the habit's way."""
    joins = habit.family_join if family else habit.compound
    text = ""
    for part in name.parts:
        piece = (
            pick(rng, habit.parts[part.code]) if part.code in habit.parts else romanize(part.code, habit, rng)
        )
        if text and part.code != "ollah" and not text.endswith(("-", " ")):
            text += pick(rng, joins)
        text += piece
    return capitalize(text)


def title(key: str, habit: Habit, rng: random.Random) -> str:
    return pick(rng, habit.titles[key]) if key else ""


def full_name(
    given: str, family: str, habit: Habit, rng: random.Random, surname_first_boost: float = 0.0
) -> str:
    """One string in the habit's order: "Mohammad Rezaei", "REZAI Mohammad", "Rezaei, Mohammad"."""
    if rng.random() < habit.upper_surname:
        family = family.upper()
    if not given:
        return family
    if rng.random() < min(1.0, habit.surname_first + surname_first_boost):
        separator = ", " if rng.random() < habit.comma else " "
        return f"{family}{separator}{given}"
    return f"{given} {family}"


# Typewriter slips and OCR confusions of Latin text, applied at low per-word rates.
OCR_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("m", "rn"),
    ("rn", "m"),
    ("l", "I"),
    ("I", "l"),
    ("i", "l"),
    ("h", "b"),
    ("e", "c"),
    ("d", "cl"),
    ("u", "ii"),
    ("o", "0"),
)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # transposed letters
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == 1:  # dropped letter
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]  # doubled letter


def _ocr(word: str, rng: random.Random) -> str:
    found = [(old, new) for old, new in OCR_CONFUSIONS if old in word[1:]]
    if not found:
        return word
    old, new = found[rng.randrange(len(found))]
    at = word.index(old, 1)
    return word[:at] + new + word[at + len(old) :]


def garble(text: str, rng: random.Random, typo_rate: float, ocr_rate: float) -> str:
    """Typewriter and OCR errors, each word independently (two draws per word, always)."""
    words = []
    for word in text.split(" "):
        slip, scan = rng.random(), rng.random()
        if slip < typo_rate:
            word = _typo(word, rng)
        if scan < ocr_rate:
            word = _ocr(word, rng)
        words.append(word)
    return " ".join(words)
