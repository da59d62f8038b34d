"""Benchmark scenario "growing": four lists of any size whose names grow as a real population's do.

``build(folder, records_wanted, seed)`` draws a population whose name frequencies follow the curves measured
on real Persian names (`name_curves`: a Pitman-Yor process per sex for given names and one for family
names, so a larger population meets new rare names as well as more bearers of the common ones; the
one-word, title and women's shares of the real file), names them with synthetic forms (`name_forms`:
the demo's pools, then invented ones), and writes four lists of about `records` rows in all, spelled
by the demo's model (`reconcile.demo.records`: romanization habits, typing and OCR slips, Arabic
keyboards, gaps, dates, places) in the demo's layouts, all as CSV (a Persian workbook of 600,000
rows would measure openpyxl, not the linkage):

- ``allegation`` (the UN annex's layout): 55 % of the persons, 1 % listed twice;
- ``reply`` (the government reply's layout): 75 % of the allegation's persons, each with a claim;
  a share of the "cannot be recognized" rows retype the allegation's spelling;
- ``ngo_latin`` (Amnesty's layout): 12 % of the allegation's persons and 3 % of the others;
- ``ngo_fa`` (the Persian memorial's layout, as UTF-8 CSV): 60 % and 45 %, 1 % listed twice.

It writes ``reconcile.toml`` and ``lists/*.csv`` into `folder`, and ``truth/truth.csv``
(list_id,record_id,person_id) apart. Deterministic per (records_wanted, seed, noise). Persons are drawn
one after the other, so a smaller population is the start of a larger one of the same seed; its lists
are not the start of the larger one's (rows are sorted, numbered and spelled anew).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reconcile.demo import lists, pools, records, replies, writers
from reconcile.demo.curves import FAMILY_CURVE, FEMALE_SHARE, GIVEN_CURVES, ONE_WORD_SHARE, Restaurant
from reconcile.demo.forms import family_forms, given_forms
from reconcile.demo.noise import NOISE, NoiseProfile
from reconcile.demo.pools import Name
from reconcile.demo.population import (
    SAME_AFFILIATION_AS_SIBLING,
    SAME_DATE_AS_SIBLING,
    Person,
    _age,
    _date,
    draw_given,
)
from reconcile.demo.records import Record
from reconcile.demo.specs import BY_ID, MAPPED, ListSpec

TITLE_SHARE = {True: 0.2, False: 0.012}  # by whether the family name is a sayyid one; 1.9 % in all
SIBLING = 0.2  # chance that a person drawn into a family with an open household joins it
HOUSEHOLD_MAX = 3
# Who is on which list: P(allegation), then P(list | on the allegation list, not on it).
ON_ALLEGATION = 0.55
ON_LIST = {"reply": (0.75, 0.0), "ngo_latin": (0.12, 0.03), "ngo_fa": (0.6, 0.45)}
DUPLICATES = {"allegation": 0.01, "ngo_fa": 0.01}
UNRECOGNIZED = 0.58  # share of reply rows saying "cannot be recognized" (2,109 of 3,620 in the demo)
SPECS: tuple[ListSpec, ...] = (
    replace(BY_ID["un_annex_1989"], id="allegation", title="Allegation list (synthetic, growing)", source=""),
    replace(BY_ID["gov_reply_1990"], id="reply", title="Government reply (synthetic, growing)", source=""),
    replace(BY_ID["amnesty_1988"], id="ngo_latin", title="NGO list in English (synthetic, growing)", id_format="AI-{n:06d}"),
    replace(BY_ID["memorial_fa"], id="ngo_fa", title="NGO list in Persian (synthetic, growing)", suffix=".csv", sheet=None),
)  # fmt: skip
SETTINGS_FILE = "reconcile.toml"
TRUTH_FILE = Path("truth") / "truth.csv"
LIST_FOLDER = "lists"


@dataclass
class _Household:
    number: int
    father: Name
    city: str
    prison: str
    date: date
    affiliation: str
    given: set[str]  # given names taken: the father's and the siblings'
    size: int = 1


@dataclass(frozen=True)
class Population:
    persons: tuple[Person, ...]


def populate(count: int, seed: int) -> Population:
    """`count` persons, P0000001..., drawn one after the other (a prefix is a smaller population)."""
    rng = random.Random(f"{seed}:growing:population")
    forms = {sex: given_forms(sex, random.Random(f"{seed}:given:{sex}")) for sex in ("m", "f")}
    family_names = family_forms(random.Random(f"{seed}:family"))
    given = {sex: Restaurant(GIVEN_CURVES[sex]) for sex in ("m", "f")}
    fathers, families = Restaurant(GIVEN_CURVES["m"]), Restaurant(FAMILY_CURVE)
    towns = pools.cities()
    open_households: dict[int, _Household] = {}  # family rank -> the household siblings may join
    people: list[Person] = []
    households = 0
    for number in range(1, count + 1):
        sex = "f" if rng.random() < FEMALE_SHARE else "m"
        family_rank = families.draw(rng)
        families.take(family_rank)
        family = family_names.form(family_rank)
        home = open_households.get(family_rank) if rng.random() < SIBLING else None
        if home is None:
            households += 1
            city = rng.choices(towns, weights=[town.weight for town in towns])[0].key
            jails = pools.prisons_of(city)
            father = forms["m"].form(fathers.choose(rng))
            home = _Household(
                number=households,
                father=father,
                city=city,
                prison=rng.choices(jails, weights=[jail.weight for jail in jails])[0].key,
                date=_date(rng),
                affiliation=_affiliation(rng),
                given={father.code},
            )
        else:
            home.size += 1
        name = draw_given(given[sex], forms[sex], home.given, rng)
        if home.size < HOUSEHOLD_MAX:
            open_households[family_rank] = home
        else:
            open_households.pop(family_rank, None)
        age = _age(rng)
        title = ""
        if rng.random() < TITLE_SHARE[family.sayyid]:
            title = "sadat" if sex == "f" else "seyed"
        people.append(
            Person(
                person_id=f"P{number:07d}",
                household=home.number,
                sex=sex,
                given=name,
                family=family,
                father=home.father,
                title=title,
                age=age,
                city=home.city,
                prison=home.prison,
                affiliation=home.affiliation
                if rng.random() < SAME_AFFILIATION_AS_SIBLING
                else _affiliation(rng),
                execution_date=home.date if rng.random() < SAME_DATE_AS_SIBLING else _date(rng),
                one_word=rng.random() < ONE_WORD_SHARE,
            )
        )
    return Population(tuple(people))


def _affiliation(rng: random.Random) -> str:
    items = pools.affiliations()
    return rng.choices(items, weights=[a.weight for a in items])[0].key


def records_per_person() -> float:
    """Expected rows per person over the four lists, duplicates included."""
    on = {"allegation": ON_ALLEGATION}
    for list_id, (inside, outside) in ON_LIST.items():
        on[list_id] = ON_ALLEGATION * inside + (1 - ON_ALLEGATION) * outside
    return sum(share * (1 + DUPLICATES.get(list_id, 0.0)) for list_id, share in on.items())


def _members(people: Sequence[Person], rng: random.Random) -> dict[str, list[Person]]:
    out: dict[str, list[Person]] = {spec.id: [] for spec in SPECS}
    for person in people:
        alleged = rng.random() < ON_ALLEGATION
        if alleged:
            out["allegation"].append(person)
        for list_id, (inside, outside) in ON_LIST.items():
            if rng.random() < (inside if alleged else outside):
                out[list_id].append(person)
    for list_id, share in DUPLICATES.items():
        out[list_id] += rng.sample(out[list_id], round(len(out[list_id]) * share))
    return out


def _claims(rng: random.Random) -> str:
    if rng.random() < UNRECOGNIZED:
        return replies.UNRECOGNIZED
    kinds = list(replies.CLAIMS)
    return rng.choices(kinds, weights=[replies.CLAIMS[kind][0] for kind in kinds])[0]


def rows_of(population: Population, seed: int, noise: NoiseProfile) -> dict[str, list[Record]]:
    """Every list's rows, numbered, in file order; each list draws from its own random stream."""
    members = _members(population.persons, random.Random(f"{seed}:growing:membership"))
    by_list = {spec.id: spec for spec in SPECS}

    out: dict[str, list[Record]] = {}
    for list_id in ("allegation", "ngo_latin"):
        rng = random.Random(f"{seed}:{noise.name}:growing:{list_id}")
        rows = [records.latin(by_list[list_id], person, rng, noise) for person in members[list_id]]
        out[list_id] = lists.number(by_list[list_id], rows, rng)
    rng = random.Random(f"{seed}:{noise.name}:growing:reply")
    alleged = {row.person.person_id: row for row in out["allegation"]}
    reply_rows = []
    for person in members["reply"]:
        claim = _claims(rng)
        copy = (
            alleged[person.person_id]
            if claim == replies.UNRECOGNIZED and rng.random() < lists.COPY_UNRECOGNIZED
            else None
        )
        row = records.latin(by_list["reply"], person, rng, noise, copy=copy)
        row.claim = claim
        row.values["reply_comment"] = replies.comment(claim, rng)
        reply_rows.append(row)
    out["reply"] = lists.number(by_list["reply"], reply_rows, rng)
    rng = random.Random(f"{seed}:{noise.name}:growing:ngo_fa")
    rows = [records.persian_row(by_list["ngo_fa"], person, rng, noise) for person in members["ngo_fa"]]
    out["ngo_fa"] = lists.number(by_list["ngo_fa"], rows, rng)
    return out


def _path(spec: ListSpec) -> str:
    return f"{LIST_FOLDER}/{spec.id}{spec.suffix}"


def settings_text(seed: int, noise: str) -> str:
    """The settings file, in the shape the README documents (one [[lists]] table per list)."""
    lines = [
        f"# Synthetic scenario written by benchmarks/scenarios/growing.py (seed {seed}, noise {noise}). Not real people.",
        "[project]",
        'title = "Growing population benchmark (synthetic)"',
    ]
    for spec in SPECS:
        lines += [
            "",
            "[[lists]]",
            f"id = {writers.toml_string(spec.id)}",
            f"title = {writers.toml_string(spec.title)}",
        ]
        lines += [f"role = {writers.toml_string(spec.role)}", f"path = {writers.toml_string(_path(spec))}"]
        lines += ['encoding = "utf-8"', f"calendar = {writers.toml_string(spec.calendar)}", "[lists.columns]"]
        lines += [f"{key} = {writers.toml_string(header)}" for header, key in spec.columns if key in MAPPED]
    return "\n".join(lines) + "\n"


def persons_for(records_wanted: int) -> int:
    return max(1, round(records_wanted / records_per_person()))


def build(folder: Path, records_wanted: int, seed: int = 1, noise: str = "standard") -> Path:
    """Write the settings, the four lists and the truth into `folder`; return the settings path."""
    population = populate(persons_for(records_wanted), seed)
    return write(folder, population, seed, noise)


def write(folder: Path, population: Population, seed: int, noise: str) -> Path:
    rows = rows_of(population, seed, NOISE[noise])
    truth = []
    for spec in SPECS:
        header = [header for header, _ in spec.columns]
        cells = [[row.values.get(key, "") for _, key in spec.columns] for row in rows[spec.id]]
        writers.write_csv(folder / _path(spec), header, cells)
        truth += [[spec.id, row.record_id, row.person.person_id] for row in rows[spec.id]]
    writers.write_csv(folder / TRUTH_FILE, ("list_id", "record_id", "person_id"), truth)
    settings = folder / SETTINGS_FILE
    settings.write_text(settings_text(seed, noise), encoding="utf-8", newline="\n")
    return settings
