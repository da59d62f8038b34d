"""One person written as one row of one list, in that list's habits and with its gaps."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from reconcile.demo import fields, persian, spelling
from reconcile.demo.noise import NoiseProfile
from reconcile.demo.population import Person
from reconcile.demo.specs import ListSpec

PRISON_AS_PLACE = 0.4  # where a list has one "place" column, the share naming the prison
MAX_MISSING = 0.95


@dataclass
class Record:
    """A row: the person behind it (the truth) and the text the list shows."""

    list_id: str
    person: Person
    values: dict[str, str]
    given_text: str = ""  # the given and family name as written, kept for a reply that copies them
    family_text: str = ""
    claim: str = ""
    record_id: str = ""
    flags: frozenset[str] = field(default_factory=frozenset)


def _present(spec: ListSpec, key: str, rng: random.Random, noise: NoiseProfile) -> bool:
    missing = min(MAX_MISSING, (1.0 - spec.presence.get(key, 1.0)) * noise.missing)
    return rng.random() >= missing


def _other_fields(
    spec: ListSpec, person: Person, rng: random.Random, noise: NoiseProfile, places: str
) -> dict:
    """Every column except the names, in the spec's column order; absent fields are blank."""
    language = "fa" if spec.persian else "en"
    render = {
        "sex": lambda: fields.render_sex(person.sex),
        "age": lambda: fields.render_age(person.age, rng),
        "city": lambda: fields.render_place(person.city, places, rng),
        "prison": lambda: fields.render_place(person.prison, places, rng),
        "place": lambda: fields.render_place(
            person.prison if rng.random() < PRISON_AS_PLACE else person.city, places, rng
        ),
        "date": lambda: fields.render_date(person.execution_date, spec.date_style, rng, noise.date_shift),
        "affiliation": lambda: fields.render_affiliation(person.affiliation, language, rng),
    }
    values = {}
    for _, key in spec.columns:
        if key in render:
            values[key] = render[key]() if _present(spec, key, rng, noise) else ""
        elif key in spec.extras:
            values[key] = spelling.pick(rng, spec.extras[key])
    return values


def latin(
    spec: ListSpec,
    person: Person,
    rng: random.Random,
    noise: NoiseProfile,
    copy: Record | None = None,
) -> Record:
    """A row of a Latin-script list; `copy` is a record whose spelling is retyped as is."""
    habit = spelling.HABITS[spelling.pick(rng, spec.habits)]
    given = spelling.render(person.given, habit, rng)
    family = spelling.render(person.family, habit, rng, family=True)
    if person.title and rng.random() < noise.title_kept:
        honour = spelling.title(person.title, habit, rng)
        given = {"mir": f"{honour} {given}", "sadat": f"{given} {honour}"}.get(
            person.title, f"{honour} {given}"
        )
    given = spelling.garble(given, rng, noise.typo, noise.ocr)
    family = spelling.garble(family, rng, noise.typo, noise.ocr)
    if person.one_word or not _present(spec, "given_name", rng, noise):
        given = ""
    if copy is not None:
        given, family = copy.given_text, copy.family_text
    values: dict[str, str] = {}
    if spec.has("name"):
        values["name"] = spelling.full_name(given, family, habit, rng, noise.surname_first)
    else:
        values["given_name"], values["family_name"] = given, family
    if spec.has("father_name"):
        father = spelling.garble(spelling.render(person.father, habit, rng), rng, noise.typo, noise.ocr)
        values["father_name"] = father if _present(spec, "father_name", rng, noise) else ""
    values.update(_other_fields(spec, person, rng, noise, habit.places))
    return Record(spec.id, person, values, given_text=given, family_text=family)


def persian_row(
    spec: ListSpec, person: Person, rng: random.Random, noise: NoiseProfile, flag: str = ""
) -> Record:
    """A row of a Persian-script list. `flag`: unknown_name, unknown_given or family_only."""
    title = person.title if rng.random() < noise.title_kept else ""
    given = persian.with_title(persian.render_fa(person.given, rng), title)
    family = persian.render_fa(person.family, rng)
    father = persian.render_fa(person.father, rng)
    if flag == "unknown_name":
        given, family = persian.UNKNOWN, ""
    elif flag == "unknown_given":
        given = persian.UNKNOWN
    elif flag == "family_only" or person.one_word or not _present(spec, "given_name", rng, noise):
        given = ""
    values = {"given_name": given, "family_name": family}
    values["father_name"] = father if _present(spec, "father_name", rng, noise) else ""
    values.update(_other_fields(spec, person, rng, noise, "fa"))
    keyboard = rng.random()
    if keyboard < noise.arabic_keyboard + noise.arabic_letters:
        retype = persian.arabic_keyboard if keyboard < noise.arabic_keyboard else persian.arabic_letters
        for key in ("given_name", "family_name", "father_name", "city", "prison"):
            values[key] = retype(values[key])
    return Record(
        spec.id, person, values, given_text=given, family_text=family, flags=frozenset({flag} - {""})
    )
