"""Benchmark scenario on real names: four lists spelled by simulated clerks, and their ground truth.

``build(folder, seed)`` samples about 1,500 victims (preferring 1987-1989) from the Omid memorial names
of ``../shared/benchmarks/omid_names_1981_1990.csv`` (real people: read at run time, written only into
``folder``, never committed nor copied into the repository) and writes there: ``allegation.csv``, a
UN-style annex (one Latin name column, often ``FAMILY, Given``, re-romanized from the Persian script by
this module's own letter map with French habits: ou, dj, ch, kh, gh/q, é; OCR slips; place, month);
``reply.csv``, the government's reply on ~70 % of the annex's persons (English romanization varied, a
claim per row); ``ngo_fa.csv``, a Persian-script list (given/family split at a guessed boundary, ZWNJ,
space or joined compounds, Arabic yeh/kaf, age, place, Jalali date); ``corroborating.csv``, a Latin list
(light variation, sex, age, city, year); ``truth.csv`` (list_id,record_id,person_id); ``reconcile.toml``.
The spelling model is this module's own, independent of ``reconcile demo``'s.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jdatetime

SOURCE = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "omid_names_1981_1990.csv"
PERSONS = 1500
ZWNJ = "\u200c"
INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
VOWELS = "aeiou"


FA_HEADS = set(str.split("محمد علی امیر غلام ابو عبد میر سید حاج شعبان قربان تاج فتح نور روح فیض ولی حسین حسن اسد عزت نصرت حبیب لطف"))  # fmt: skip
FA_TAILS = set(str.split("رضا حسین حسن علی جواد مهدی تقی نقی باقر صادق کاظم اسماعیل ابراهیم رحیم کریم الله اله محمد قلی رسول هادی اصغر اکبر مراد بخش امین"))  # fmt: skip
EN_HEADS = set(str.split("mohammad mohamad ali amir gholam qolam abol abdol seyyed seyed mir haj sha'ban qorban taj fath nur ruh feiz vali hossein hasan asad ezzat nosrat habib lotf"))  # fmt: skip
EN_HEADS_LONGEST_FIRST = sorted(EN_HEADS, key=lambda h: (-len(h), h))  # sets iterate in no fixed order
FA_TITLES, EN_TITLES = {"سید", "حاج", "شیخ"}, {"seyyed", "seyed", "sayyed", "haj", "hajj", "sheikh"}
FA_SUFFIXES = set(str.split("زاده پور الله اله فرد فر نیا راد آبادی آباد علی رضا حسین قلی بخش مند دوست وند"))
EN_TAILS = set(str.split("reza hossein hosein hasan hassan ali allah ollah mohammad mohamad javad mahdi mehdi taqi naqi qoli gholi baqer bagher sadeq sadegh kazem esma'il esmail ebrahim rahim karim rasul hadi asghar akbar morad bakhsh amin"))  # fmt: skip

# Persian letter -> the Latin spellings the memorial's romanization may give it (for alignment).
FA_LATIN = {
    "ا": ("a", "e", "o", "i", "aa", ""), "آ": ("a", "aa"), "أ": ("a", "o", ""), "إ": ("e", "i"),
    "ب": ("b",), "پ": ("p",), "ت": ("t",), "ث": ("s", "th"), "ج": ("j",), "چ": ("ch",),
    "ح": ("h", ""), "خ": ("kh", "x"), "د": ("d",), "ذ": ("z",), "ر": ("r",), "ز": ("z",), "ژ": ("zh", "j"),
    "س": ("s",), "ش": ("sh",), "ص": ("s",), "ض": ("z", "d"), "ط": ("t",), "ظ": ("z",),
    "ع": ("a", "e", "o", "i", "u", ""), "غ": ("gh", "q", "g"), "ف": ("f",), "ق": ("q", "gh", "g"),
    "ک": ("k",), "ك": ("k",), "گ": ("g",), "ل": ("l",), "م": ("m",), "ن": ("n",),
    "و": ("v", "w", "u", "o", "ou", "oo", "ow", ""), "ه": ("h", "eh", "e", ""), "ة": ("e", "h"),
    "ی": ("i", "y", "ee", "ei", "ey", "e", ""), "ي": ("i", "y", "ee", "ei", "ey", "e", ""),
    "ى": ("a", "i"), "ئ": ("", "e", "y", "i"), "ء": ("",), "ؤ": ("o", ""),
}  # fmt: skip
FRENCH = {"ج": "dj", "ش": "ch", "چ": "tch", "ژ": "j", "خ": "kh", "غ": "gh"}
OCR = [("m", "rn"), ("rn", "m"), ("l", "1"), ("I", "l"), ("O", "0"), ("e", "c"), ("h", "b"), ("d", "cl"),
       ("i", "l"), ("u", "ii"), ("a", "o"), ("S", "5"), ("n", "ri"), ("E", "F")]  # fmt: skip
# English variation: (pattern, replacements, probability at full strength); every match is replaced.
EN_RULES = [
    (r"Moham+[ae]d", ("Mohammad", "Mohammed", "Mohamad", "Muhammad", "Mohamed"), 0.5),
    (r"Hos+e?[iy]n", ("Hossein", "Hosein", "Hussein", "Hosain", "Husain"), 0.5),
    (r"Has+an", ("Hassan", "Hasan"), 0.5),
    (r"zadeh\b", ("zade", "-zadeh", " Zadeh", "zada"), 0.4),
    (r"(?<=[a-z])ou", ("u",), 0.3),
    (r"(?<=[a-z])u(?!u)", ("ou", "oo"), 0.15),
    (r"\bGh", ("Q",), 0.35), (r"\bQ", ("Gh",), 0.35), (r"(?<=[a-z])gh", ("q",), 0.2), (r"(?<=[a-z])q", ("gh",), 0.2),
    (r"ei", ("ey",), 0.3), (r"ey", ("ei",), 0.3),
    (r"([bdfgklmnprstz])\1", (r"\1",), 0.25), (r"(?<=[aeiou])([mnrs])(?=[aeiou])", (r"\1\1",), 0.08),
    (r"'", ("",), 0.6),
    (r"[ou]l+ah\b", ("ollah", "olah", "ullah", "allah"), 0.4),
    (r"(?<=[a-z])i\b", ("ee", "y", "i'"), 0.1), (r"eh\b", ("e",), 0.3), (r"(?<=[a-z])e\b", ("eh",), 0.15),
    (r"\bE(?=[bcdfghjklmnpqrstvz])", ("I",), 0.1), (r"\bAbol", ("Abdol", "Abul", "Abol-"), 0.3),
]  # fmt: skip
FR_MONTHS = str.split("janvier février mars avril mai juin juillet août septembre octobre novembre décembre")
EN_MONTHS = str.split("January February March April May June July August September October November December")
FR_PLACES = {"Tehran": "Téhéran", "Shiraz": "Chiraz", "Mashhad": "Machhad", "Esfahan": "Ispahan", "Karaj": "Karadj",
             "Rasht": "Racht", "Hamedan": "Hamadan", "Orumieh": "Ourmia", "Zanjan": "Zandjan", "Qazvin": "Qazvine",
             "Ahvaz": "Ahwaz", "Sanandaj": "Sanandadj", "Tabriz": "Tabriz", "Kermanshah": "Kermanchah"}  # fmt: skip
FA_PLACES = {"Tehran": "تهران", "Shiraz": "شیراز", "Mashhad": "مشهد", "Karaj": "کرج", "Tabriz": "تبریز",
             "Esfahan": "اصفهان", "Rasht": "رشت", "Ahvaz": "اهواز", "Hamedan": "همدان", "Kerman": "کرمان",
             "Zahedan": "زاهدان", "Babol": "بابل", "Sari": "ساری", "Gorgan": "گرگان", "Sanandaj": "سنندج",
             "Orumieh": "ارومیه", "Qazvin": "قزوین", "Zanjan": "زنجان", "Arak": "اراک", "Semnan": "سمنان",
             "Dezful": "دزفول", "Khorramabad": "خرم آباد", "Kermanshah": "کرمانشاه", "Bandar Abbas": "بندرعباس",
             "Amol": "آمل", "Lahijan": "لاهیجان", "Qom": "قم", "Yazd": "یزد", "Ardebil": "اردبیل"}  # fmt: skip
CLAIMS = [("Cannot be recognized.", 40), ("The particulars are insufficient; cannot be identified.", 8),
          ("Alive.", 8), ("Alive and living in Tehran.", 3), ("Released in 1986.", 5), ("Released.", 4),
          ("Died in a clash with security forces.", 6), ("Killed in the Mersad operation.", 4),
          ("Never arrested.", 6), ("Left the country illegally.", 4), ("Studying abroad.", 2),
          ("Forged name.", 3), ("Died of illness.", 2), ("Executed.", 2), ("Serving a prison sentence.", 3)]  # fmt: skip
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass(frozen=True)
class Person:
    pid: str
    fa: list[str]
    en: list[str]
    year: int
    place: str
    province: str
    age: int | None
    sex: str
    died: dt.date


def _words(text: str, persian: bool) -> list[str]:
    text = re.sub(r"\([^)]*\)", " ", text)  # aliases: the clerks keep one name
    text = text.replace(ZWNJ, " ") if persian else text
    return INVISIBLE.sub("", text).split()


def _persons(rng: random.Random) -> list[Person]:
    if not SOURCE.is_file():
        raise FileNotFoundError(f"the real-names scenario needs {SOURCE}: not found (skip it)")
    with SOURCE.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if _words(r["name_fa"], True) and _words(r["name_en"], False)]
    rows = [r for r in rows if r["year"].isdigit()]
    rows.sort(key=lambda r: (not 1987 <= int(r["year"]) <= 1989, rng.random()))  # 1987-1989 first, shuffled
    people = []
    for n, r in enumerate(rows[:PERSONS], 1):
        year = int(r["year"])
        if year == 1988 and rng.random() < 0.65:  # the summer of the prison massacres
            died = dt.date(1988, 7, 27) + dt.timedelta(days=rng.randrange(66))
        else:
            died = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        age = int(r["age"]) if r["age"].isdigit() and 5 < int(r["age"]) < 100 else None
        fa, en = _words(r["name_fa"], True), _words(r["name_en"], False)
        province = r["province"].split("\\")[-1]
        people.append(Person(f"P{n:04d}", fa, en, year, r["place"], province, age, r["gender"], died))
    return people


def _given_count(words: list[str], heads: set[str], tails: set[str]) -> int:
    """How many leading words a clerk takes for the given name (0 for a one-word name)."""
    low = [w.lower() for w in words]
    if len(low) >= 3 and low[0] in FA_TITLES | EN_TITLES:  # a title goes with the given name
        return 1 + max(1, _given_count(words[1:], heads, tails))
    if len(low) < 2:
        return 0
    if len(low) >= 3 and (low[1] in tails and low[0] in heads or low[1] in {"الله", "اله", "allah", "ollah"}):
        return 2
    return 1


# --- Latin from the Persian script, French habits
def _align(fa: list[str], en: str) -> list[tuple[int, str, str]] | None:
    """Align the Persian letters with the memorial's romanization: (word, letter or '', Latin)."""
    letters = [(w, c, k == 0) for w, word in enumerate(fa) for k, c in enumerate(word) if c in FA_LATIN]
    s = re.sub(r"[^a-z]", "", en.lower())
    n, m, inf = len(letters), len(s), float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            steps = []
            if i < n:
                _, ch, initial = letters[i]  # an ayn rather carries a vowel; a word's first letter is heard
                fits = [p for p in FA_LATIN[ch] if s.startswith(p, j)]
                steps += [
                    (i + 1, j + len(p), (0.1 if ch == "ع" else 0.0) if p else 0.6 if initial else 0.3)
                    for p in fits
                ]
                steps.append((i + 1, j, 2.0))
                if j < m and s[j] not in VOWELS:  # a consonant heard otherwise (Kani for خانی)
                    steps.append((i + 1, j + 1, 1.0))
            if j < m:
                steps.append((i, j + 1, 0.2 if s[j] in VOWELS else 0.1 if j and s[j] == s[j - 1] else 2.0))
            for ni, nj, k in steps:
                if here + k < cost[ni][nj]:
                    cost[ni][nj], back[ni][nj] = here + k, (i, j)
    if cost[n][m] > 2 + 0.2 * m:
        return None
    units, at = [], (n, m)
    while at != (0, 0):
        i, j = back[at[0]][at[1]]  # type: ignore[misc]
        if at[0] > i:
            units.append((letters[i][0], letters[i][1], s[j : at[1]]))
        else:
            units.append((letters[i - 1][0] if i else 0, "", s[j]))
        at = (i, j)
    return units[::-1]


def _french_word(word: str, habit: dict[str, Any]) -> str:
    word = re.sub(r"o+u+|oo+", "ou", word).replace("ee", "i")
    if habit["accent"]:
        word = re.sub(r"e(?=[bdfgjklmnprstvz][aeiou])", "é", word, count=1)
    if habit["trema"]:
        word = re.sub(r"(?<=[ao])i\b", "ï", word)
    return word


def _to_french(fa: list[str], en: list[str], rng: random.Random) -> list[str]:
    habit: dict[str, Any] = {"q": rng.choice(["gh", "gh", "q", "k"]), "ey": rng.choice(["ei", "ey", "eï"]),
             "final_e": rng.choice(["é", "eh", "e"]), "ayn": rng.random() < 0.3, "double": rng.random() < 0.6,
             "accent": rng.random() < 0.5, "trema": rng.random() < 0.4}  # fmt: skip
    units = _align(fa, " ".join(en))
    if units is None:  # the two names differ too much: French habits on the English spelling
        out = []
        for w in en:
            w = w.lower().replace("'", "").replace("ch", "tch").replace("sh", "ch")
            w = re.sub(r"j", "dj", re.sub(r"(?<!o)u", "ou", w))
            out.append(re.sub(r"eh$", habit["final_e"], w))
        return [_french_word(w, habit) for w in out]
    words = [""] * len(fa)
    for k, (at, ch, lat) in enumerate(units):
        final = k + 1 == len(units) or units[k + 1][0] != at
        if ch in FRENCH:
            t = FRENCH[ch]
        elif ch == "ق":
            t = habit["q"]
        elif ch == "و":
            t = {"u": "ou", "oo": "ou", "ow": "o", "w": "v"}.get(lat, lat)
        elif ch in "یي":
            t = {"ee": "i", "ey": habit["ey"], "ei": habit["ey"]}.get(lat, lat)
        elif ch in "هة" and lat in ("e", "eh") and final:
            t = habit["final_e"]
        elif ch == "ع" and habit["ayn"] and len(words[at]) > 1:
            t = "'" + lat
        elif not ch and lat == "u":
            t = "ou"
        elif not ch and lat not in VOWELS and k and units[k - 1][2][-1:] == lat:
            t = lat if habit["double"] else ""
        else:
            t = lat
        words[at] += t
    return [_french_word(w, habit) for w in words if w]


def _ocr(text: str, rng: random.Random) -> str:
    a, b = rng.choice(OCR)
    spots = [m.start() for m in re.finditer(re.escape(a), text)]
    if not spots:
        k = rng.randrange(len(text))
        return text[:k] + text[k + 1 :] if text[k].isalpha() and len(text) > 4 else text
    k = rng.choice(spots)
    return text[:k] + b + text[k + len(a) :]


def _allegation_name(p: Person, rng: random.Random) -> str:
    latin = _to_french(p.fa, p.en, rng)
    g = min(_given_count(p.fa, FA_HEADS, FA_TAILS), len(latin) - 1) if len(latin) == len(p.fa) else 1
    g = 0 if len(latin) == 1 else g
    given, family = latin[:g], latin[g:]
    sep = rng.choice([" ", "", "-"]) if len(given) > 1 else ""
    first = sep.join(x.capitalize() if k == 0 or sep else x for k, x in enumerate(given))
    if first and rng.random() < 0.03:
        first = first[0].upper() + "."
    elif rng.random() < 0.02:
        first = ""
    last, mixed = " ".join(family).upper(), " ".join(x.capitalize() for x in family)
    forms = [f"{last}, {first}", f"{last} {first}", f"{first} {last}", f"{first} {mixed}"]
    name = rng.choices(forms, [45, 30, 15, 10])[0].strip(" ,")
    for _ in range(rng.choice([1, 1, 2]) if rng.random() < 0.07 else 0):
        name = _ocr(name, rng)
    return name


# --- English romanization varied
def _vary_en(p: Person, rng: random.Random, strength: float) -> tuple[str, str]:
    g = _given_count(p.en, EN_HEADS, EN_TAILS)
    given, family = list(p.en[:g]), " ".join(p.en[g:])
    r = rng.random()
    if len(given) == 2:
        if r < 0.2 * strength:
            given = [given[0] + given[1].lower()]
        elif r < 0.28 * strength:
            given = [given[0] + "-" + given[1]]
        elif r < 0.36 * strength:
            given = [rng.choice(given)]  # the clerk kept one part of the compound
    elif len(given) == 1 and r < 0.25 * strength:
        head = next((h for h in EN_HEADS_LONGEST_FIRST if given[0].lower().startswith(h)), "")
        if head and given[0][len(head) :].lower() in EN_TAILS:
            given = [given[0][: len(head)], given[0][len(head) :].capitalize()]
    first = " ".join(given)
    for pattern, choices, prob in EN_RULES:
        if rng.random() < prob * strength:
            choice = rng.choice(choices)
            first, family = (re.sub(pattern, choice, x) for x in (first, family))
    family = re.sub(r"\s+", " ", family).strip(" -")
    if first and family and rng.random() < 0.03:
        first = first[0] + "."
    elif family and rng.random() < 0.015:
        first = ""
    return first, family


def _age(p: Person, rng: random.Random) -> str:
    if p.age is None or rng.random() < 0.1:
        return ""
    return str(p.age + (rng.choice([-2, -1, -1, 1, 1, 2]) if rng.random() < 0.12 else 0))


def _city(p: Person) -> str:
    place = re.sub(r" Province$", "", p.place)
    return "" if place in ("Iran", "Unknown", "") else place


# --- Persian script
def _fa_join(words: list[str], rng: random.Random) -> str:
    if len(words) == 1 and rng.random() < 0.3:  # محمدرضا -> محمد رضا
        head = next((h for h in ("محمد", "علی", "امیر", "غلام") if words[0].startswith(h)), "")
        if head and words[0][len(head) :] in FA_TAILS:
            words = [head, words[0][len(head) :]]
    text = words[0] if words else ""
    for w in words[1:]:  # a compound is spaced, joined by ZWNJ or run together; other words stay apart
        gaps, weights = ([" ", ZWNJ, ""], [4, 3, 3]) if w in FA_SUFFIXES else ([" ", "  "], [19, 1])
        text += rng.choices(gaps, weights)[0] + w
    return text


def _fa_name(p: Person, rng: random.Random) -> tuple[str, str]:
    g = _given_count(p.fa, FA_HEADS, FA_TAILS)
    if g == 2 and rng.random() < 0.15:
        g = 1  # the clerk kept one word as the given name and took the rest for the family name
    elif g == 1 and len(p.fa) >= 3 and rng.random() < 0.1:
        g = 2
    given, family = _fa_join(p.fa[:g], rng), _fa_join(p.fa[g:], rng)
    if rng.random() < 0.12:
        given, family = (x.replace("ی", "ي").replace("ک", "ك") for x in (given, family))
    if rng.random() < 0.3:
        family = family.replace("ئی", "یی") if "ئی" in family else family.replace("ایی", "ائی")
    if family.startswith("آ") and rng.random() < 0.15:
        family = "ا" + family[1:]
    if len(family) > 4 and rng.random() < 0.02:
        k = rng.randrange(1, len(family) - 1)
        family = family[:k] + family[k + 1 :]
    if given and rng.random() < 0.02:
        given = ""
    return given, family


def _jalali_date(p: Person, rng: random.Random) -> str:
    if rng.random() < 0.12:
        return ""
    day = p.died + dt.timedelta(days=rng.randint(-5, 5) if rng.random() < 0.1 else 0)
    j = jdatetime.date.fromgregorian(date=day)
    months = str.split("فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند")
    return rng.choices(
        [f"{j.year}/{j.month:02d}/{j.day:02d}", f"{j.year}/{j.month}/{j.day}".translate(FA_DIGITS),
         f"{months[j.month - 1]} {j.year}".translate(FA_DIGITS), str(j.year), f"{j.year % 100}/{j.month}/{j.day}"],
        [4, 3, 2, 2, 1],
    )[0]  # fmt: skip


def _month_year(p: Person, rng: random.Random) -> str:
    d = p.died
    season = f"été {d.year}" if 6 <= d.month <= 8 else str(d.year)
    fr, en = f"{FR_MONTHS[d.month - 1]} {d.year}", f"{EN_MONTHS[d.month - 1]} {d.year}"
    forms = ["", fr, en, f"{d.month:02d}/{d.year}", season]
    return rng.choices(forms, [15, 40, 25, 13, 7])[0]


# --- the lists
def _write(path: Path, header: list[str], rows: list[list[str]], bom: bool = False) -> None:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])


def _row(list_id: str, p: Person, rng: random.Random) -> list[str]:
    if list_id == "allegation":
        return [_allegation_name(p, rng), FR_PLACES.get(_city(p), _city(p)), _month_year(p, rng)]
    if list_id == "reply":
        claim = rng.choices([c for c, _ in CLAIMS], [w for _, w in CLAIMS])[0]
        return [" ".join(x for x in _vary_en(p, rng, 1.0) if x), claim]
    age = _age(p, rng)
    if list_id == "ngo_fa":
        age = age.translate(FA_DIGITS) if rng.random() < 0.3 else age
        place = FA_PLACES.get(_city(p), _city(p) if rng.random() < 0.5 else "")
        return [*_fa_name(p, rng), age, place, _jalali_date(p, rng)]
    city = p.province if rng.random() < 0.2 else _city(p)
    year = str(p.year + (rng.choice([-1, 1]) if rng.random() < 0.03 else 0)) if rng.random() > 0.08 else ""
    sex = {"male": "M", "female": "F"}.get(p.sex, "") if rng.random() < 0.9 else ""
    return [*_vary_en(p, rng, 0.4), sex, age, city, year]


# list id -> file, title, role, calendar, record id format, {canonical field: column header}
LISTS = {
    "allegation": ("allegation.csv", "Allegation annex (UN style, French transliteration)", "allegation", "gregorian",
                   "{n}", {"record_id": "No", "name": "Nom", "place": "Lieu", "date": "Date"}),
    "reply": ("reply.csv", "Government reply", "reply", "gregorian", "R-{n:04d}",
              {"record_id": "No", "name": "Name", "reply_comment": "Comment"}),
    "ngo_fa": ("ngo_fa.csv", "NGO list in Persian script", "corroborating", "jalali", "{n}",
               {"record_id": "ردیف", "given_name": "نام", "family_name": "نام خانوادگی", "age": "سن", "place": "محل",
                "date": "تاریخ"}),
    "ngo_en": ("corroborating.csv", "NGO list in English", "corroborating", "gregorian", "E{n:04d}",
               {"record_id": "ID", "given_name": "First name", "family_name": "Last name", "sex": "Sex", "age": "Age",
                "city": "City", "date": "Year"}),
}  # fmt: skip


def _settings() -> str:
    text = "# Generated by benchmarks/scenarios/real_names.py; never committed.\n"
    for list_id, (file, title, role, calendar, _, columns) in LISTS.items():
        text += f'\n[[lists]]\nid = "{list_id}"\ntitle = "{title}"\nrole = "{role}"\npath = "{file}"\n'
        text += f'calendar = "{calendar}"\nsource = "{list_id}"\n[lists.columns]\n'
        text += "".join(f'{field} = "{header}"\n' for field, header in columns.items())
    return text


def build(folder: Path, seed: int = 1) -> Path:
    """Write settings (reconcile.toml), list files and truth.csv (list_id,record_id,person_id) into folder; return the settings path."""
    rng = random.Random(seed)
    people = _persons(rng)
    folder.mkdir(parents=True, exist_ok=True)
    annex = rng.sample(people, len(people) // 2)
    lists = {
        "allegation": annex + rng.sample(annex, round(len(annex) * 0.01)),  # a few persons listed twice
        "reply": rng.sample(annex, round(len(annex) * 0.7)),
        "ngo_fa": rng.sample(people, round(len(people) * 0.64)),
        "ngo_en": rng.sample(people, round(len(people) * 0.18)),
    }
    lists["ngo_fa"] += rng.sample(lists["ngo_fa"], round(len(lists["ngo_fa"]) * 0.01))
    truth = []
    for list_id, (file, _, _, _, rid_format, columns) in LISTS.items():
        members = lists[list_id]
        rng.shuffle(members)
        rows = []
        for n, p in enumerate(members, 1):
            truth.append([list_id, rid_format.format(n=n), p.pid])
            rows.append([truth[-1][1], *_row(list_id, p, rng)])
        _write(folder / file, list(columns.values()), rows, bom=list_id == "ngo_fa")
    _write(folder / "truth.csv", ["list_id", "record_id", "person_id"], truth)
    settings = folder / "reconcile.toml"
    settings.write_text(_settings(), encoding="utf-8")
    return settings
