"""A small generated scenario for end-to-end tests: 33 synthetic persons on three lists.

Names are combined from general Persian name pools (no real person's record). The annex
spells them the UN/French way, the reply its own way, the memorial in Persian script with
father's name, age, city and a Jalali date. Expectations are derived from the construction.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

GIVEN = [
    ("Djafar", "Jafar", "جعفر"),
    ("Mohammad-Hossein", "Mohammad Hosein", "محمدحسین"),
    ("Parviz", "Parviz", "پرویز"),
    ("Bijan", "Bizhan", "بیژن"),
    ("Gholamreza", "Qolamreza", "غلامرضا"),
    ("Khosrow", "Khosro", "خسرو"),
    ("Fariborz", "Fariborz", "فریبرز"),
    ("Manouchehr", "Manuchehr", "منوچهر"),
    ("Siavash", "Siyavash", "سیاوش"),
    ("Kourosh", "Kurosh", "کوروش"),
    ("Behrouz", "Behruz", "بهروز"),
    ("Hormoz", "Hormoz", "هرمز"),
    ("Shahrokh", "Shahrokh", "شاهرخ"),
    ("Nasser", "Naser", "ناصر"),
    ("Abolfazl", "Abolfazl", "ابوالفضل"),
]
FAMILY = [
    ("KHORRAMCHAHI", "Khorramshahi", "خرمشاهی"),
    ("TABATABAI", "Tabatabaei", "طباطبایی"),
    ("GHARAGOZLOU", "Qaraguzlu", "قراگوزلو"),
    ("DJAVANMARDI", "Javanmardi", "جوانمردی"),
    ("MOUSSAVI-NEJAD", "Musavinejad", "موسوی‌نژاد"),
    ("FOULADVAND", "Fuladvand", "فولادوند"),
    ("SHARIFZADEH", "Sharifzade", "شریف‌زاده"),
    ("EBRAHIMPOUR", "Ebrahimpur", "ابراهیم‌پور"),
    ("ROSTAMKHANI", "Rostamkhani", "رستمخانی"),
    ("BOROUMAND", "Borumand", "برومند"),
]
FATHERS = [("Ali", "علی"), ("Hassan", "حسن"), ("Reza", "رضا"), ("Ahmad", "احمد"), ("Mahmoud", "محمود")]
CITIES = [("Teheran", "تهران"), ("Meched", "مشهد"), ("Tabriz", "تبریز")]
COMMENTS = {
    "alive": "The person is alive and living in Tehran",
    "released": "Released from prison in 1986",
    "not_recognized": "The name cannot be recognized",
    "forged_formula": '=HYPERLINK("http://example.invalid","click")',
}


@dataclass(frozen=True)
class Expected:
    persons: int
    annex_records: int
    reply_rows: int
    annex_never_answered: int
    reply_only: int
    alive_claims: int
    contradicted_replies: int


def write_small_scenario(folder: Path) -> Expected:
    people = [(g, f) for i, g in enumerate(GIVEN) for j, f in enumerate(FAMILY) if (i * 3 + j * 7) % 5 == 0][
        :30
    ]
    annex, reply, memorial, truth = [], [], [], []
    for n, (given, family) in enumerate(people):
        father = FATHERS[n % len(FATHERS)]
        city = CITIES[n % len(CITIES)]
        if n < 24:  # the annex names persons 0-23
            annex.append([str(n + 1), f"{family[0]} {given[0]}", city[0], f"{1 + n % 28:02d}.08.1988"])
            truth.append(["annex", str(n + 1), f"P{n}"])
        if 4 <= n < 28:  # the reply answers 4-27; 0-3 are never answered; 24-27 are on no allegation list
            comment = (
                COMMENTS["alive"]
                if n % 4 == 0
                else COMMENTS["not_recognized"]
                if n % 4 == 1
                else COMMENTS["released"]
            )
            reply.append([f"R{n:03d}", f"{given[1]} {family[1]}", comment])
            truth.append(["reply", f"R{n:03d}", f"P{n}"])
        if n % 2 == 0 or n >= 28:  # the memorial names even persons and 28-29
            jalali_day = n % 28 + 10  # 1367/05/10 is 1 August 1988: the annex gives the same day
            memorial.append(
                [
                    f"m{n}",
                    given[2],
                    family[2],
                    father[1],
                    str(20 + n % 10),
                    city[1],
                    f"1367/05/{jalali_day:02d}",
                ]
            )
            truth.append(["memorial", f"m{n}", f"P{n}"])
    reply.append(["R999", "Ali Ahmadi-Formula", COMMENTS["forged_formula"]])  # a person on no other list
    truth.append(["reply", "R999", "P999"])
    # Namesakes no model can tell apart: two reply rows and one memorial record, name only, all
    # "Nader Sadeghian". The memorial record is the first of the two; these pairs go to review.
    for ref in ("R950", "R951"):
        reply.append([ref, "Nader Sadeghian", COMMENTS["not_recognized"]])
        truth.append(["reply", ref, "P" + ref[1:]])
    memorial.append(["m950", "نادر", "صادقیان", "", "", "", ""])
    truth.append(["memorial", "m950", "P950"])
    _write(folder / "annex.csv", ["No", "Name", "Place", "Date"], annex)
    _write(folder / "reply.csv", ["Ref", "Name", "Comment"], reply)
    _write(folder / "memorial.csv", ["id", "نام", "نام خانوادگی", "نام پدر", "سن", "شهر", "تاریخ"], memorial)
    _write(folder / "truth.csv", ["list_id", "record_id", "person_id"], truth)
    (folder / "reconcile.toml").write_text(SETTINGS, encoding="utf-8")
    alive = sum(1 for n in range(4, 28) if n % 4 == 0)
    contradicted = sum(1 for n in range(4, 28) if n % 2 == 0)
    return Expected(
        persons=len(people) + 3,
        annex_records=len(annex),
        reply_rows=len(reply),
        annex_never_answered=4,
        reply_only=7,  # R024-R027, R999, R950 and R951 answer no allegation record
        alive_claims=alive,
        contradicted_replies=contradicted,
    )


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


SETTINGS = """
[project]
title = "small generated scenario (synthetic)"

[[lists]]
id = "annex"
title = "Allegations (synthetic)"
role = "allegation"
path = "annex.csv"
[lists.columns]
record_id = "No"
name = "Name"
place = "Place"
date = "Date"

[[lists]]
id = "reply"
title = "Official reply (synthetic)"
role = "reply"
path = "reply.csv"
[lists.columns]
record_id = "Ref"
name = "Name"
reply_comment = "Comment"

[[lists]]
id = "memorial"
title = "Memorial list in Persian script (synthetic)"
role = "corroborating"
path = "memorial.csv"
calendar = "jalali"
[lists.columns]
record_id = "id"
given_name = "نام"
family_name = "نام خانوادگی"
father_name = "نام پدر"
age = "سن"
city = "شهر"
date = "تاریخ"
"""
