"""Benchmark scenario "memorial_cards": one memorial list deduplicated on its own (synthetic).

A memorial database collects one card per report: families, former prisoners and social-media posts
each send theirs, so one victim often has two or three cards. Each card is written independently:
the name in Persian script (ZWNJ or space or nothing inside compounds, Arabic yeh and kaf, a title
or "martyr" in front, a typo), an optional Latin transliteration, father's name, birth year
(solar), city, prison, affiliation and date, each missing now and then, and a note saying where the
card came from (carried along as `extra`; the Latin name is mapped as `other_names`). Siblings (same family name, father and city) and namesakes are the hard negatives.

One list, role corroborating: the run has nothing to reconcile but the list with itself, which is
what "One list on its own" asks for. The names and habits come from the "memorials" scenario
(`benchmarks/scenarios/memorials.py`); `truth.csv` gives list_id,record_id,person_id. Deterministic
per seed.
"""

from __future__ import annotations

import pathlib
import random

from benchmarks.scenarios.memorials import (
    FA_DIGITS,
    Person,
    _date_persian,
    _family_latin,
    _given_latin,
    _people,
    _persian,
    _write,
)

PERSONS = 2500
EXTRA_CARDS = (0.18, 0.05)  # share of persons with a second card, and of those with a third
SOURCES = (
    "خانواده",  # family
    "زندانی سابق",  # former prisoner
    "اینستاگرام",  # Instagram
    "تلگرام",  # Telegram
    "family (via email)",
    "twitter thread",
    "",
)
COLUMNS = {
    "record_id": "کد",
    "name": "نام و نام خانوادگی",
    "father_name": "نام پدر",
    "birth_year": "سال تولد",
    "city": "شهر",
    "prison": "زندان",
    "affiliation": "وابستگی",
    "date": "تاریخ اعدام",
}
OTHER_NAME, NOTE = "Name (Latin)", "یادداشت"


def _card(p: Person, rng: random.Random) -> list[object]:
    jbirth = p.birth - 621 + rng.choice([-1, 0, 0, 0, 1])
    birth = "" if rng.random() < 0.4 else str(jbirth).translate(FA_DIGITS if rng.random() < 0.7 else {})
    kept = [
        value if rng.random() < share else ""
        for value, share in zip(
            (p.father[1], p.city[1], p.city[4], p.affiliation), (0.6, 0.85, 0.6, 0.7), strict=True
        )
    ]
    latin = f"{_given_latin(p, rng)} {_family_latin(p, rng)}" if rng.random() < 0.4 else ""
    note = rng.choice(SOURCES)
    note = f"{note} #نه_به_اعدام" if note and rng.random() < 0.2 else note
    date = _date_persian(p.death, rng) if rng.random() < 0.8 else ""
    return [_persian(p, rng), *kept[:1], birth, *kept[1:], date, latin, note]


def build(folder: pathlib.Path, seed: int = 1) -> pathlib.Path:
    """Write settings (reconcile.toml), the list and truth.csv into folder; return the settings path."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people = _people(rng, PERSONS)
    cards = []
    for p in people:
        count = 1 + (rng.random() < EXTRA_CARDS[0]) + (rng.random() < EXTRA_CARDS[1])
        cards += [(p.pid, _card(p, rng)) for _ in range(count)]
    rng.shuffle(cards)  # cards arrive in any order
    ids = [f"C{n:05d}" for n in range(1, len(cards) + 1)]
    header = [COLUMNS[f] for f in ("record_id", "name", "father_name", "birth_year", "city", "prison")]
    header += [COLUMNS["affiliation"], COLUMNS["date"], OTHER_NAME, NOTE]
    _write(
        folder / "memorial_cards.csv", header, [[rid, *row] for rid, (_, row) in zip(ids, cards, strict=True)]
    )
    _write(
        folder / "truth.csv",
        ["list_id", "record_id", "person_id"],
        [["memorial_cards", rid, pid] for rid, (pid, _) in zip(ids, cards, strict=True)],
    )
    path = folder / "reconcile.toml"
    path.write_text(
        '[project]\ntitle = "Memorial cards (synthetic benchmark)"\n\n[[lists]]\nid = "memorial_cards"\n'
        'title = "Memorial database, one card per report"\nrole = "corroborating"\n'
        'path = "memorial_cards.csv"\ncalendar = "jalali"\n[lists.columns]\n'
        + "".join(f'{field} = "{header}"\n' for field, header in COLUMNS.items())
        + f'other_names = ["{OTHER_NAME}"]\nextra = ["{NOTE}"]\n',
        encoding="utf-8",
    )
    return path
