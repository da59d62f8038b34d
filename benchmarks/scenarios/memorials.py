"""Benchmark scenario "memorials": victims' memorials against an official reply (synthetic).

Four lists about people executed in Iran's prisons in 1981-1988, most in summer 1988:

- `allegation_victims.xlsx` (allegation): an NGO's list, sheet "Victims" under a title row
  (header_row = 2): No., Surname, First name, Father, Age, Place of execution, Date. Dates as
  ISO text, "Aug-88", "August 1988", "late Mordad 1367", "summer 1988"; titles (Seyyed, Haj,
  Mir) glued to the surname or apart.
- `official_reply.csv` (reply), semicolon-delimited: Ref; Name as "SURNAME, Given"; Response
  in varied wording (unknown person, alive, abroad, released, clash, illness, front, POW).
- `memorial_fa.xlsx` (corroborating, Jalali): a memorial database in Persian script, one full
  name column given name first, father, birth year (۱۳۴۰), city, prison, affiliation, date.
- `family_submissions.csv` (corroborating): names as families typed them, in any order, ALL
  CAPS, given name + initial, nicknames in parentheses, Kurdish (Kak, Mam, î/ê) and Azeri
  spellings; birth year (sometimes Jalali), city.

Noise: romanization habits, Kurdish/Azeri/Baluch variants, compound names split, joined or
hyphenated, dropped middle names, typos, ~1 % duplicate records per list, missing fields,
siblings and namesakes (~3 % of persons share a full name). Every name is invented from the
pools below; `truth.csv` gives list_id,record_id,person_id. Deterministic per seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import random
import re
import zipfile
from dataclasses import dataclass

import jdatetime
from openpyxl import Workbook


def _pool(text: str) -> list[tuple[str, ...]]:
    return [tuple(item.split(":")) for item in text.split("|")]


def _table(text: str) -> dict[str, list[str]]:
    return {k: v.split(",") for k, v in (item.split("=") for item in text.split("|"))}


MALE = _pool(
    "Mohammad:محمد|Ali:علی|Hossein:حسین|Hassan:حسن|Reza:رضا|Mehdi:مهدی|Mahmoud:محمود|Majid:مجید|"
    "Hamid:حمید|Saeed:سعید|Javad:جواد|Ahmad:احمد|Abbas:عباس|Jafar:جعفر|Kazem:کاظم|Mostafa:مصطفی|"
    "Mohammad Ali:محمدعلی|Gholam Hossein:غلامحسین|Seyyed Javad:سید جواد|Mir Hadi:میرهادی|"
    "Ali Akbar:علی‌اکبر|Mohammad Reza:محمدرضا|Gholam Reza:غلامرضا|Ali Asghar:علی‌اصغر|"
    "Morteza:مرتضی|Asghar:اصغر|Akbar:اکبر|Ebrahim:ابراهیم|Esmail:اسماعیل|Ghasem:قاسم|Nader:نادر|"
    "Bijan:بیژن|Farhad:فرهاد|Behrouz:بهروز|Siamak:سیامک|Kourosh:کوروش|Manouchehr:منوچهر|"
    "Parviz:پرویز|Mansour:منصور|Rahim:رحیم|Karim:کریم|Yadollah:یدالله|Abdollah:عبدالله|"
    "Rahmatollah:رحمت‌الله|Mohammad Hossein:محمدحسین|Hossein Ali:حسینعلی|Seyyed Mahmoud:سید محمود|"
    "Khalil:خلیل|Yousef:یوسف|Bahram:بهرام|Kaveh:کاوه|Jalal:جلال|Kamal:کمال|Fouad:فواد|Shirko:شیرکو|"
    "Hiva:هیوا|Azad:آزاد|Salah:صلاح|Rasoul:رسول|Aydin:آیدین|Sohrab:سهراب|Dadshah:دادشاه|"
    "Abdolmalek:عبدالملک|Dost Mohammad:دوست‌محمد|Nazar:نظر|Heydar:حیدر|Jamshid:جمشید|Firouz:فیروز"
)
FEMALE = _pool(
    "Fatemeh:فاطمه|Zahra:زهرا|Maryam:مریم|Masoumeh:معصومه|Zohreh:زهره|Shahla:شهلا|Parvin:پروین|"
    "Soheila:سهیلا|Mahin:مهین|Roya:رویا|Nasrin:نسرین|Azam:اعظم|Fatemeh Sadat:فاطمه سادات|"
    "Robabeh:ربابه|Sakineh:سکینه|Golrokh:گلرخ|Shirin:شیرین|Mitra:میترا|Ashraf:اشرف|Monireh:منیره|"
    "Gelavizh:گلاویژ|Mahnaz:مهناز|Bibi Gol:بی‌بی‌گل|Aynaz:آیناز|Farah:فرح|Akram:اکرم"
)
# Spelling habits per name part: English/French romanizations, then Kurdish and Azeri ones.
VARIANTS = _table(
    "Mohammad=Muhammad,Mohamad,Mohammed,Mohamed|Hossein=Hosein,Hussein,Hosseyn,Husain|"
    "Seyyed=Seyed,Sayyed,Sayed,Seyd|Gholam=Qolam,Golam,Gholaam|Esmail=Ismail,Esmaeil,Esmaiel|"
    "Ebrahim=Ibrahim,Ebrahem|Jafar=Ja'far,Jaafar,Djafar|Ghasem=Qasem,Qassem,Ghassem|"
    "Kazem=Kazim,Kazzem|Mahmoud=Mahmood,Mahmud|Saeed=Said,Saeid,Saied|Mehdi=Mahdi,Mehdy|"
    "Morteza=Murtaza,Mortaza|Mostafa=Mustafa,Moustafa|Asghar=Asgar,Asqar|Reza=Riza,Rezza|"
    "Yousef=Yusuf,Yousof|Fatemeh=Fatima,Fateme,Fatemah|Masoumeh=Masoume,Masuma|Rasoul=Rasul,Rassoul|"
    "Abdollah=Abdullah,Abdolah|Rahmatollah=Rahmatullah,Rahmatolah|Yadollah=Yadullah,Yadolah|"
    "Manouchehr=Manuchehr,Manoutchehr|Kourosh=Kurosh,Cyrus|Hassan=Hasan,Hasson|Ahmad=Ahmed|"
    "Zohreh=Zohre,Zuhra|Robabeh=Robabe,Rubaba|Sakineh=Sakine,Sakina"
)
KURDISH = _table(
    "Mohammad=Mihemed,Hama|Ahmad=Ehmed|Hassan=Hesen|Rahim=Rehîm|Karim=Kerîm|Rasoul=Resûl|Ali=Elî|"
    "Fatemeh=Fatma|Jalal=Celal"
)
AZERI = _table("Mohammad=Mammad,Məmməd|Hossein=Huseyn,Hüseyn|Reza=Rza|Ali=Eli|Ebrahim=Ibrahim|Fatemeh=Fatma")
ROOTS = _pool(
    "Karim:کریم|Sadegh:صادق|Rahim:رحیم|Ahmad:احمد|Mohammad:محمد|Hossein:حسین|Hassan:حسن|Jafar:جعفر|"
    "Abbas:عباس|Ghasem:قاسم|Kazem:کاظم|Nasr:نصر|Bagher:باقر|Taher:طاهر|Rostam:رستم|Bahram:بهرام|"
    "Farhad:فرهاد|Jamshid:جمشید|Amir:امیر|Soltan:سلطان|Heydar:حیدر|Akbar:اکبر|Asgar:عسگر|Nour:نور|"
    "Mokhtar:مختار|Salar:سالار|Ghaffar:غفار|Sattar:ستار|Jabbar:جبار|Khalil:خلیل|Esmail:اسماعیل|"
    "Yousef:یوسف|Tabriz:تبریز|Shiraz:شیراز|Kerman:کرمان|Zanjan:زنجان|Ardabil:اردبیل|Hamadan:همدان|"
    "Golestan:گلستان|Bahman:بهمن|Shahab:شهاب|Nikbakht:نیکبخت|Dehghan:دهقان|Zaman:زمان|Ghorban:قربان|"
    "Hashem:هاشم|Nazar:نظر|Shokr:شکر|Allahverdi:الله‌وردی|Azar:آذر|Sheikh:شیخ|Aghajan:آقاجان"
)
SUFFIXES = _pool("i:ی|zadeh:‌زاده|pour:‌پور|ian:یان|lou:لو|vand:وند|nejad:‌نژاد|ani:انی")
EXTRA_FAMILIES = (
    "Mousavi Khoeini:موسوی خوئینی|Sadeghi Tabrizi:صادقی تبریزی|Haj Agha Mohammadi:حاج آقا محمدی|"
    "Mir Hosseini:میرحسینی|Mousavi:موسوی|Tehrani:تهرانی|Rezaei:رضایی|Hashemi Nasab:هاشمی نسب|"
    "Ghazi Zahedi:قاضی زاهدی|Amini Rad:امینی راد|Mir Bagheri:میرباقری|Haj Seyyed Javadi:حاج سید جوادی"
)
TAGGED_FAMILIES = (  # k Kurdish, a Azeri, b Baluch
    "k:Moradi:مرادی|k:Zebardast:زبردست|k:Ghaderi:قادری|k:Faraji Kurd:فرجی کرد|k:Rashidani:رشیدانی|"
    "k:Hamzani:حمزانی|k:Sheikh Aleslami:شیخ‌الاسلامی|k:Baneyi:بانه‌ای|a:Allahverdilou:الله‌وردیلو|"
    "a:Gharehbaghi:قره‌باغی|a:Aliyari:علی‌یاری|a:Bayatlou:بیاتلو|a:Qarachorlou:قراچورلو|b:Rigi:ریگی|"
    "b:Narouei:نارویی|b:Shahbakhsh:شاه‌بخش|b:Baluchzehi:بلوچ‌زهی|b:Gomshadzehi:گمشادزهی|b:Brahouei:براهویی"
)
CITIES = _pool(  # Latin:Persian:region:prison (Latin):prison (Persian):weight
    "Tehran:تهران::Evin:اوین:30|Karaj:کرج::Gohardasht:گوهردشت:8|Tabriz:تبریز:a:Tabriz prison:زندان تبریز:6|"
    "Mashhad:مشهد::Vakilabad:وکیل‌آباد:5|Shiraz:شیراز::Adelabad:عادل‌آباد:5|Isfahan:اصفهان::Dastgerd:دستگرد:5|"
    "Rasht:رشت::Lakan:لاکان:4|Ahvaz:اهواز::Karun:کارون:4|Kermanshah:کرمانشاه:k:Dizelabad:دیزل‌آباد:4|"
    "Sanandaj:سنندج:k:Sanandaj prison:زندان سنندج:3|Mahabad:مهاباد:k:Mahabad prison:زندان مهاباد:2|"
    "Urmia:ارومیه:a:Urmia prison:زندان ارومیه:3|Zahedan:زاهدان:b:Zahedan prison:زندان زاهدان:2|"
    "Ardabil:اردبیل:a:Ardabil prison:زندان اردبیل:2|Zanjan:زنجان:a:Zanjan prison:زندان زنجان:2|"
    "Hamadan:همدان::Hamadan prison:زندان همدان:2|Qazvin:قزوین::Qazvin prison:زندان قزوین:2|"
    "Babol:بابل::Babol prison:زندان بابل:2|Sari:ساری::Sari prison:زندان ساری:2|"
    "Saqqez:سقز:k:Saqqez prison:زندان سقز:1|Iranshahr:ایرانشهر:b:Iranshahr prison:زندان ایرانشهر:1|"
    "Khoy:خوی:a:Khoy prison:زندان خوی:1|Dezful:دزفول::Dezful prison:زندان دزفول:1"
)
CITY_SPELLINGS = {
    k: v[0]
    for k, v in _table(
        "Isfahan=Esfahan|Urmia=Orumiyeh|Qazvin=Ghazvin|Mashhad=Mashad|Sanandaj=Sine|Kermanshah=Kirmashan|"
        "Saqqez=Saqqiz|Tabriz=Tebriz"
    ).items()
}
AFFILIATIONS = _pool(  # Persian name:weight
    "مجاهدین:9|سازمان مجاهدین خلق:3|فدائیان اکثریت:2|فدائیان اقلیت:1|حزب توده:2|پیکار:1|راه کارگر:1|"
    "کومله:1|حزب دموکرات کردستان:1"
)
RESPONSES = _pool(  # how the reply words its claims:weight
    "Unknown person:34|unknown person.:10|No record of this individual:8|Cannot be identified:5|Alive:8|"
    "alive, living in Tehran:3|Currently abroad:5|Was released in 1987:6|released on bail:3|"
    "Killed in armed clash:5|Died in prison of illness:4|Martyred at the front:4|Prisoner of war in Iraq:4|:3"
)
RULES = _pool(  # romanization habits, as regex:replacement
    "ou:u|ou:oo|ee:i|gh:q|q:gh|kh:x|ei:ey|ey:ei|ss:s|mm:m|eh$:e|eh$:ah|v:w|j:dj|sh:ch|zadeh:zade|"
    "pour:poor|pour:pur|lou:lu|ian:iyan|i$:y|ae:aye|zehi:zai|aa:a|([aeiou])([bdfhklmnrst])([aeiou]):\\1\\2\\2\\3"
)
JALALI_MONTHS = _pool(
    "Farvardin:فروردین|Ordibehesht:اردیبهشت|Khordad:خرداد|Tir:تیر|Mordad:مرداد|Shahrivar:شهریور|"
    "Mehr:مهر|Aban:آبان|Azar:آذر|Dey:دی|Bahman:بهمن|Esfand:اسفند"
)
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass
class Person:
    pid: str
    female: bool
    given: tuple[str, ...]  # Latin, Persian
    family: tuple[str, ...]  # Latin, Persian, region tag
    father: tuple[str, ...]
    city: tuple[str, ...]
    birth: int
    death: dt.date
    title: str  # "", "Seyyed", "Haj", "Mir"
    affiliation: str


def _families(rng: random.Random) -> list[tuple[str, ...]]:
    made: list[tuple[str, ...]] = [
        (r + s, f + t, "a" if s == "lou" else "") for r, f in ROOTS for s, t in SUFFIXES
    ]
    made = rng.sample(made, 260) + [(la, fa, "") for la, fa in _pool(EXTRA_FAMILIES)]
    rng.shuffle(made)
    return made + [(la, fa, tag) for tag, la, fa in _pool(TAGGED_FAMILIES)]


def _people(rng: random.Random, count: int) -> list[Person]:
    families = _families(rng)
    fam_w = [1 / (rank + 10) for rank in range(len(families))]
    male_w, female_w = [1 / (r + 4) for r in range(len(MALE))], [1 / (r + 3) for r in range(len(FEMALE))]
    city_w = [float(c[5]) for c in CITIES]
    people: list[Person] = []
    used: set[object] = set()
    for n in range(count):
        city = rng.choices(CITIES, city_w)[0]
        local = city[2] and rng.random() < 0.6
        pool = [i for i, f in enumerate(families) if f[2] == city[2]] if local else None
        female = rng.random() < 0.12
        for _ in range(30):  # full names unique at first; namesakes are made below
            fam = families[rng.choice(pool) if pool else rng.choices(range(len(families)), fam_w)[0]]
            given = rng.choices(FEMALE, female_w)[0] if female else rng.choices(MALE, male_w)[0]
            if (given, fam) not in used:
                break
        used.add((given, fam))
        summer88 = rng.random() < 0.7
        lo, span = (dt.date(1988, 7, 28), 50) if summer88 else (dt.date(1981, 6, 20), 2350)
        title = rng.choices(["", "Seyyed", "Haj", "Mir"], [88, 7, 3, 2])[0] if not female else ""
        death = lo + dt.timedelta(rng.randrange(span))
        father, birth = rng.choice(MALE[:40]), rng.randint(1935, min(1968, death.year - 17))
        aff = rng.choices(AFFILIATIONS, [float(a[1]) for a in AFFILIATIONS])[0][0]
        people.append(Person(f"P{n:05d}", female, given, fam, father, city, birth, death, title, aff))
    for p in rng.sample(people, count // 110):  # namesakes: ~3 % of persons share a full name
        other = rng.choice(people)
        p.given, p.family, p.female = other.given, other.family, other.female
    for p in rng.sample(people, count // 30):  # siblings: same family, father and city
        other = rng.choice(people)
        if other.given != p.given:
            p.family, p.father, p.city = other.family, other.father, other.city
    return people


def _respell(word: str, rng: random.Random, rate: float, dialect: str = "") -> str:
    if not word or rng.random() > rate:
        return word
    table = {"k": KURDISH, "a": AZERI}.get(dialect, {})
    if word in table and rng.random() < 0.6:
        return rng.choice(table[word])
    if word in VARIANTS and rng.random() < 0.7:
        return rng.choice(VARIANTS[word])
    low = word.lower()
    options = [(a, b) for a, b in RULES if re.search(a, low[1:])]
    if options:
        a, b = rng.choice(options)
        low = low[0] + re.sub(a, b, low[1:], count=1)
    return low[:1].upper() + low[1:]


def _typo(text: str, rng: random.Random) -> str:
    i, kind = rng.randrange(1, max(2, len(text) - 2)), rng.randrange(3)  # swap, drop or double a letter
    if len(text) < 5 or kind == 0:
        return text if len(text) < 5 else text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i + 1 :] if kind == 1 else text[:i] + text[i] + text[i:]


def _given_latin(p: Person, rng: random.Random, rate: float = 0.35, dialect: str = "") -> str:
    parts = p.given[0].split()
    if len(parts) > 1 and parts[0] in ("Seyyed", "Mir") and rng.random() < 0.3:
        parts = parts[1:]  # the title dropped
    elif len(parts) > 1 and rng.random() < 0.2:  # a middle name dropped, never leaving a title
        parts = [rng.choice([w for w in parts if w not in ("Seyyed", "Mir", "Sadat", "Bibi")])]
    parts = [_respell(w, rng, rate, dialect) for w in parts]
    glue = rng.choices([" ", "", "-"], [6, 2, 1])[0]
    return glue.join(w.lower() if glue == "" and i else w for i, w in enumerate(parts))


def _family_latin(p: Person, rng: random.Random, rate: float = 0.35, title: bool = True) -> str:
    parts = p.family[0].split()
    if len(parts) > 1 and rng.random() < 0.15:  # one part of a compound family name dropped
        parts = parts[1:] if parts[0] in ("Mir", "Haj", "Ghazi") or rng.random() < 0.5 else parts[:1]
    parts = [_respell(w, rng, rate) for w in parts]
    glue = rng.choices([" ", "", "-"], [6, 2, 2])[0]
    name = glue.join(w.lower() if glue == "" and i else w for i, w in enumerate(parts))
    if title and p.title and rng.random() < 0.5:
        t = _respell(p.title, rng, rate)
        name = t + name.lower() if rng.random() < 0.4 else f"{t} {name}"
    return name


def _persian(p: Person, rng: random.Random) -> str:
    given, family = p.given[1], p.family[1]
    if " " in given and rng.random() < 0.3:
        given = given.replace(" ", "") if rng.random() < 0.5 else given.replace(" ", "\u200c")
    if " " in family and rng.random() < 0.15:
        family = family.split()[-1]
    if "\u200c" in given + family and rng.random() < 0.4:
        given, family = (s.replace("\u200c", rng.choice(["", " "])) for s in (given, family))
    if p.title == "Seyyed" and not given.startswith("سید") and rng.random() < 0.5:
        given = "سید " + given
    elif p.title == "Haj" and rng.random() < 0.3:
        given = "حاج " + given
    name = f"{given} {family}"
    name = "شهید " + name if rng.random() < 0.05 else name  # "martyr"
    if rng.random() < 0.15:  # keyboard habits: Arabic yeh and kaf
        name = name.replace("ی", "ي").replace("ک", "ك")
    return _typo(name, rng) if rng.random() < 0.04 else name


def _date_latin(d: dt.date, rng: random.Random) -> str:
    j = jdatetime.date.fromgregorian(date=d)
    kind = rng.choices(range(7), [30, 20, 10, 10, 10, 5, 15])[0]
    part = "early" if j.day <= 10 else "mid" if j.day <= 20 else "late"
    return [d.isoformat(), d.strftime("%b-%y"), d.strftime("%d/%m/%Y"), d.strftime("%B %Y"),
            f"{part} {JALALI_MONTHS[j.month - 1][0]} {j.year}",
            f"summer {d.year}" if 6 <= d.month <= 9 else str(d.year), ""][kind]  # fmt: skip


def _date_persian(d: dt.date, rng: random.Random) -> str:
    j = jdatetime.date.fromgregorian(date=d)
    kind = rng.choices(range(6), [35, 25, 10, 10, 5, 15])[0]
    text = [f"{j.year}/{j.month:02d}/{j.day:02d}", f"{JALALI_MONTHS[j.month - 1][1]} {j.year}",
            f"{j.year % 100}/{j.month}/{j.day}", f"{j.year}/{j.month}/{j.day}",
            f"تابستان {j.year % 100}" if 4 <= j.month <= 6 else str(j.year), ""][kind]  # fmt: skip
    return text if kind == 3 else text.translate(FA_DIGITS)


def _allegation(p: Person, rng: random.Random) -> list[object]:
    age = p.death.year - p.birth + rng.choice([-1, 0, 0, 1])
    age_text: object = "" if rng.random() < 0.25 else (f"about {age}" if rng.random() < 0.1 else age)
    place = p.city[3] if rng.random() < 0.6 else p.city[0]
    place = f"{p.city[3]}, {p.city[0]}" if rng.random() < 0.2 else place
    surname, given = _family_latin(p, rng), "" if rng.random() < 0.01 else _given_latin(p, rng)
    surname = _typo(surname, rng) if rng.random() < 0.03 else surname
    father = "" if rng.random() < 0.3 else _respell(p.father[0], rng, 0.3)
    return [surname, given, father, age_text, place, _date_latin(p.death, rng)]


def _reply(p: Person, rng: random.Random) -> list[object]:
    family = _family_latin(p, rng, 0.3, title=rng.random() < 0.3).upper()
    given = _given_latin(p, rng, 0.3)
    name = f"{family}, {given}" if rng.random() < 0.9 else f"{family} {given}"
    name = _typo(name, rng) if rng.random() < 0.03 else name
    return [name, rng.choices(RESPONSES, [float(w) for _, w in RESPONSES])[0][0]]


def _memorial(p: Person, rng: random.Random) -> list[object]:
    jbirth = p.birth - 621 + rng.choice([-1, 0, 0, 0, 1])
    birth = "" if rng.random() < 0.3 else str(jbirth if rng.random() < 0.9 else jbirth % 100)
    birth = birth.translate(FA_DIGITS) if rng.random() < 0.8 else birth
    kept = [p.father[1], p.city[1], p.city[4], p.affiliation]  # each missing now and then
    kept = [
        value if rng.random() < share else ""
        for value, share in zip(kept, (0.75, 0.9, 0.7, 0.8), strict=True)
    ]
    return [_persian(p, rng), kept[0], birth, *kept[1:], _date_persian(p.death, rng)]


def _family(p: Person, rng: random.Random) -> list[object]:
    dialect = p.city[2] if rng.random() < 0.6 else ""
    given = _given_latin(p, rng, 0.5, dialect)
    family = _family_latin(p, rng, 0.4, title=False)
    if dialect == "k" and rng.random() < 0.4:
        family = family.replace("i", "î", 1) if rng.random() < 0.5 else family
        given = rng.choice(["Kak ", "Mam "]) + given if not p.female else given
    style = rng.choices(range(5), [45, 15, 12, 10, 18])[0]
    if style == 1:
        name = f"{given} {family}".upper()
    elif style == 2:
        name = f"{given} {family[0]}."
    elif style == 3:
        nick = rng.choice(["Amir", "Reza", "Hami", "Mamad", "Babak", "Kaka", "Nasser"])
        name = f"{given} ({nick}) {family}"
    else:
        name = f"{family} {given}" if style == 4 else f"{given} {family}"
    name = _typo(name, rng) if rng.random() < 0.05 else name
    birth = "" if rng.random() < 0.3 else str(p.birth if rng.random() < 0.85 else p.birth - 621)
    city = CITY_SPELLINGS.get(p.city[0], p.city[0]) if rng.random() < 0.3 else p.city[0]
    return [name, birth, city if rng.random() < 0.8 else ""]


LISTS = (  # id, title, role, file, settings, columns (field=header, in the file's order), share named
    ("allegation_victims", "NGO list of executed prisoners", "allegation", "allegation_victims.xlsx",
     'sheet = "Victims"\nheader_row = 2', "record_id=No.|family_name=Surname|given_name=First name|"
     "father_name=Father|age=Age|place=Place of execution|date=Date", (1.0, 0.0)),
    ("official_reply", "Official reply to the NGO list", "reply", "official_reply.csv", "",
     "record_id=Ref|name=Name|reply_comment=Response", (0.85, 0.08)),
    ("memorial_fa", "Memorial database (Persian)", "corroborating", "memorial_fa.xlsx", 'calendar = "jalali"',
     "record_id=ردیف|name=نام و نام خانوادگی|father_name=نام پدر|birth_year=سال تولد|city=شهر|"
     "prison=زندان|affiliation=وابستگی سازمانی|date=تاریخ اعدام", (0.6, 0.45)),
    ("family_submissions", "Names sent in by families", "corroborating", "family_submissions.csv", "",
     "record_id=Submission|name=Name of the person|birth_year=Year of birth|city=City", (0.25, 0.15)),
)  # fmt: skip
CLAIMS = """
[claims]  # the reply's own wording, beside the shipped vocabulary
no_record = ["no record of (this|the) (individual|person)"]
abroad = ["currently abroad", "lives abroad"]
"""


def _write(path: pathlib.Path, header: list[str], rows: list[list[object]]) -> None:
    if path.suffix == ".xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Victims" if "Surname" in header else "یادمان")
        if "Surname" in header:  # a title row above the header
            sheet.append(["Political prisoners executed 1981-1988: names reported to the Special Rapporteur"])
        for row in [header, *rows]:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
            for name in old.namelist():  # fixed times inside and out: the same bytes for a seed
                data = re.sub(rb">\d{4}-\d\d-\d\dT[\d:]+Z<", b">1989-01-01T00:00:00Z<", old.read(name))
                new.writestr(zipfile.ZipInfo(name, (1989, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";" if "Response" in header else ",")
        writer.writerows([header, *rows])


def build(folder: pathlib.Path, seed: int = 1) -> pathlib.Path:
    """Write settings (reconcile.toml), the list files and truth.csv into folder; return the settings path."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people = _people(rng, 3000)
    in_allegation = {p.pid: rng.random() < 0.5 for p in people}
    render = {"allegation_victims": _allegation, "official_reply": _reply, "memorial_fa": _memorial}
    settings = ['[project]\ntitle = "Memorials of the executed, 1981-1988 (synthetic benchmark)"\n']
    truth: list[list[object]] = [["list_id", "record_id", "person_id"]]
    for list_id, title, role, file, extra, columns, (named, other) in LISTS:
        chosen = [p for p in people if rng.random() < (named if in_allegation[p.pid] else other)]
        chosen += rng.sample(chosen, len(chosen) // 100)  # ~1 % of records twice
        rows = [(p.pid, render.get(list_id, _family)(p, rng)) for p in chosen]
        if role == "allegation":
            rows.sort(key=lambda row: str(row[1][0]).lower())
        elif role == "corroborating":
            rng.shuffle(rows)
        ids = [f"F-{n:04d}" if list_id == "family_submissions" else n + (100 if role == "reply" else 0)
               for n in range(1, len(rows) + 1)]  # fmt: skip
        truth += [[list_id, rid, pid] for rid, (pid, _) in zip(ids, rows, strict=True)]
        mapping = dict(item.split("=") for item in columns.split("|"))
        table = [[rid, *row] for rid, (_, row) in zip(ids, rows, strict=True)]
        _write(folder / file, list(mapping.values()), table)
        settings.append(f'[[lists]]\nid = "{list_id}"\ntitle = "{title}"\nrole = "{role}"\n'
                        f'path = "{file}"\nsource = "{list_id}"\n{extra}\n[lists.columns]\n'
                        + "".join(f'{k} = "{v}"\n' for k, v in mapping.items()))  # fmt: skip
    _write(folder / "truth.csv", [str(c) for c in truth[0]], truth[1:])
    path = folder / "reconcile.toml"
    path.write_text("\n".join(settings) + CLAIMS, encoding="utf-8")
    return path
