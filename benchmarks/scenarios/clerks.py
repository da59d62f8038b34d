"""Synthetic "clerks" scenario: four lists copied out by different hands, for measuring linkage.

A population of invented persons (Persian given and family names drawn with a long tail from the
pools below, father's name, birth year, city, prison, date of death mostly July-December 1988,
affiliation) is written out four times, each copy by a clerk with their own habits:

1. ``annex.csv`` (allegation, cp1252): a UN-style annex with one ``Name`` column, French
   transliteration (ou, dj, ch, tch, gu, intervocalic ss, final é), surname first in capitals for
   about half, OCR slips (rn/m, l/1, e/c), ``Place`` and month-year dates (``août 1988``, ``08/88``).
2. ``reply.csv`` (reply): ``Ref``, ``Full name``, ``Government comment``; most annex persons plus
   many others, English transliteration (Gh/Q, -zadeh/-zade, Mohammad/Mohammed/Muhammad, ...).
3. ``ngo_fa.csv`` (corroborating, UTF-8 with BOM): Persian script, separate given and family name,
   father's name, age, city, affiliation, Jalali dates (``۱۳۶۷/۰۵/۱۰``); Arabic kaf/yeh in some
   rows, ZWNJ, space or nothing inside compounds; about 40 % of all persons.
4. ``ngo_en.xlsx`` (corroborating): a title row above the headers, given/family separate, father,
   age, city, prison, affiliation, ISO or dd/mm/yyyy dates.

Every copy may drop a part of a compound name, write two-word family names joined, hyphenated or
spaced, abbreviate the given name, add or drop a Seyyed/Mir title and make typos. About 1 % of each
list's persons appear twice in it; about 4 % of persons share their full name with another person.
The names are combinations of general pools, never a list of real people. Truth is only in
``truth.csv`` (list_id, record_id, person_id).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
from collections import namedtuple
from dataclasses import dataclass
from pathlib import Path

import jdatetime
from openpyxl import Workbook

ZWNJ = "\u200c"
# Latin=Persian. Inside an entry "-" or " " separates parts as written canonically, "|" joins them
# without a separator; in Persian "|" joins directly and "~" joins with a zero-width non-joiner.
MALE = """Ali=علی, Mohammad=محمد, Hossein=حسین, Hassan=حسن, Reza=رضا, Mehdi=مهدی, Mahmoud=محمود, Ahmad=احمد,
Javad=جواد, Jafar=جعفر, Abbas=عباس, Akbar=اکبر, Asghar=اصغر, Ebrahim=ابراهیم, Esmail=اسماعیل, Majid=مجید,
Hamid=حمید, Saeed=سعید, Masoud=مسعود, Morteza=مرتضی, Mostafa=مصطفی, Mojtaba=مجتبی, Mansour=منصور, Nasser=ناصر,
Bahman=بهمن, Bijan=بیژن, Behrouz=بهروز, Farhad=فرهاد, Farshid=فرشید, Fereydoun=فریدون, Kourosh=کوروش,
Dariush=داریوش, Siamak=سیامک, Siavash=سیاوش, Shahram=شهرام, Shahrokh=شاهرخ, Kazem=کاظم, Karim=کریم, Rahim=رحیم,
Rasoul=رسول, Ghasem=قاسم, Hadi=هادی, Hamzeh=حمزه, Habib=حبیب, Jalal=جلال, Kamal=کمال, Jamal=جمال, Manouchehr=منوچهر,
Nader=نادر, Parviz=پرویز, Rostam=رستم, Sohrab=سهراب, Yousef=یوسف, Younes=یونس, Yaghoub=یعقوب, Zabihollah=ذبیح~الله,
Nasrollah=نصرالله, Asadollah=اسدالله, Habibollah=حبیب~الله, Rouhollah=روح~الله, Ezzatollah=عزت~الله, Heshmat=حشمت,
Iraj=ایرج, Keyvan=کیوان, Kamran=کامران, Mehrdad=مهرداد, Mohsen=محسن, Omid=امید, Peyman=پیمان, Ramin=رامین,
Saman=سامان, Sattar=ستار, Shapour=شاپور, Sirous=سیروس, Vahid=وحید, Hojjat=حجت, Bahram=بهرام, Ardeshir=اردشیر,
Behzad=بهزاد, Changiz=چنگیز, Davoud=داوود, Eskandar=اسکندر, Faramarz=فرامرز, Ghodrat=قدرت, Hashem=هاشم,
Jahangir=جهانگیر, Khalil=خلیل, Khosrow=خسرو, Latif=لطیف, Nosrat=نصرت, Rahman=رحمان, Sadegh=صادق, Safar=صفر,
Sharif=شریف, Taghi=تقی, Naghi=نقی, Vali=ولی, Yadollah=یدالله, Anvar=انور, Amir=امیر, Arash=آرش, Babak=بابک,
Kaveh=کاوه, Houshang=هوشنگ, Jamshid=جمشید, Soleiman=سلیمان, Osman=عثمان, Fattah=فتاح, Salah=صلاح, Aziz=عزیز,
Ayoub=ایوب, Mohammad-Reza=محمد|رضا, Mohammad-Ali=محمد|علی, Mohammad-Hossein=محمد|حسین, Mohammad-Taghi=محمد|تقی,
Mohammad-Mehdi=محمد|مهدی, Mohammad-Javad=محمد|جواد, Ali Akbar=علی~اکبر, Ali Asghar=علی~اصغر, Ali|reza=علی|رضا,
Gholam-Reza=غلام|رضا, Gholam-Hossein=غلام|حسین, Gholam-Ali=غلام|علی, Hossein-Ali=حسین|علی, Amir-Hossein=امیر|حسین,
Abdollah=عبدالله, Abdolreza=عبدالرضا, Abolfazl=ابوالفضل, Abolghasem=ابوالقاسم, Seyyed Hossein=سید حسین,
Seyyed Mohammad=سید محمد, Seyyed Ali=سید علی, Mir-Hossein=میر|حسین, Ahmad-Reza=احمد|رضا, Hamid-Reza=حمید|رضا"""
FEMALE = """Fatemeh=فاطمه, Zahra=زهرا, Maryam=مریم, Masoumeh=معصومه, Marzieh=مرضیه, Zohreh=زهره, Mahin=مهین,
Mehri=مهری, Shahin=شهین, Parvin=پروین, Soudabeh=سودابه, Shahla=شهلا, Mitra=میترا, Azar=آذر, Azam=اعظم, Ashraf=اشرف,
Roghayeh=رقیه, Sakineh=سکینه, Tahereh=طاهره, Monireh=منیره, Nahid=ناهید, Nasrin=نسرین, Forough=فروغ, Farideh=فریده,
Fariba=فریبا, Golnar=گلنار, Homa=هما, Jila=ژیلا, Leila=لیلا, Mahboubeh=محبوبه, Manijeh=منیژه, Mahnaz=مهناز,
Minou=مینو, Mojgan=مژگان, Narges=نرگس, Nayereh=نیره, Parvaneh=پروانه, Roya=رویا, Simin=سیمین, Soheila=سهیلا,
Soraya=ثریا, Tayebeh=طیبه, Vida=ویدا, Zinat=زینت, Akram=اکرم, Batoul=بتول, Effat=عفت, Ozra=عذرا, Shirin=شیرین,
Firouzeh=فیروزه, Fatemeh Zahra=فاطمه~زهرا, Zahra Sadat=زهرا~سادات, Masoumeh Sadat=معصومه~سادات"""
# Stand-alone family names, the most frequent first.
FAMILY = """Hosseini=حسینی, Mohammadi=محمدی, Ahmadi=احمدی, Rezaei=رضایی, Mousavi=موسوی, Karimi=کریمی, Jafari=جعفری,
Rahimi=رحیمی, Hashemi=هاشمی, Ghasemi=قاسمی, Sadeghi=صادقی, Heydari=حیدری, Kazemi=کاظمی, Abbasi=عباسی, Hassani=حسنی,
Akbari=اکبری, Ebrahimi=ابراهیمی, Mahmoudi=محمودی, Moradi=مرادی, Rostami=رستمی, Salehi=صالحی, Shirazi=شیرازی,
Tehrani=تهرانی, Tabrizi=تبریزی, Esfahani=اصفهانی, Ghorbani=قربانی, Bagheri=باقری, Naderi=نادری, Yousefi=یوسفی,
Azizi=عزیزی, Alavi=علوی, Amini=امینی, Asadi=اسدی, Khosravi=خسروی, Kamali=کمالی, Jalali=جلالی, Nouri=نوری,
Sharifi=شریفی, Soltani=سلطانی, Taheri=طاهری, Zamani=زمانی, Feizi=فیضی, Habibi=حبیبی, Hamidi=حمیدی, Javadi=جوادی,
Karami=کرمی, Latifi=لطیفی, Mirzaei=میرزایی, Najafi=نجفی, Rashidi=رشیدی, Safari=صفری, Shahbazi=شهبازی,
Tavakoli=توکلی, Vahidi=وحیدی, Yazdani=یزدانی, Zarei=زارعی, Bahrami=بهرامی, Fallahi=فلاحی, Gholami=غلامی,
Kiani=کیانی, Mansouri=منصوری, Tabatabaei=طباطبایی, Rafiei=رفیعی, Kordi=کردی, Lotfi=لطفی, Pakzad=پاکزاد,
Raeisi=رئیسی, Sabouri=صبوری, Sobhani=سبحانی, Ansari=انصاری, Babaei=بابایی, Darvishi=درویشی, Etemadi=اعتمادی,
Farahani=فراهانی, Gilani=گیلانی, Hejazi=حجازی, Jahani=جهانی, Kashani=کاشانی, Lashkari=لشکری, Moghaddam=مقدم,
Nasiri=نصیری, Omidi=امیدی, Ramezani=رمضانی, Sadri=صدری, Tajik=تاجیک, Vaziri=وزیری, Zandi=زندی, Noroozi=نوروزی,
Sepehri=سپهری, Talebi=طالبی, Keshavarz=کشاورز, Ghaffari=غفاری, Hakimi=حکیمی, Eslami=اسلامی, Mirzaie=میرزائی,
Shojaei=شجاعی, Faraji=فرجی, Mohseni=محسنی, Bayat=بیات, Sohrabi=سهرابی, Parsa=پارسا, Nikpour=نیکپور, Rasouli=رسولی,
Esmaeili=اسماعیلی, Kalantari=کلانتری, Ghanbari=قنبری, Golshani=گلشنی, Dehghan=دهقان, Ghazanfari=غضنفری,
Khalili=خلیلی, Kouhi=کوهی, Sarraf=صراف, Zolfaghari=ذوالفقاری, Hatami=حاتمی"""
ROOTS = """Ahmad=احمد, Hossein=حسین, Hassan=حسن, Ali=علی, Rahim=رحیم, Karim=کریم, Jafar=جعفر, Abbas=عباس,
Ghasem=قاسم, Kazem=کاظم, Taghi=تقی, Naghi=نقی, Mehdi=مهدی, Reza=رضا, Akbar=اکبر, Asghar=اصغر, Bagher=باقر,
Sadegh=صادق, Nasser=ناصر, Mansour=منصور, Shams=شمس, Ghaffar=غفار, Bahram=بهرام, Khosrow=خسرو, Amin=امین,
Sharif=شریف, Javad=جواد, Yousef=یوسف, Ebrahim=ابراهیم, Mirza=میرزا, Agha=آقا, Haji=حاجی, Ghazi=قاضی, Molla=ملا,
Kamal=کمال, Jalal=جلال, Rahman=رحمان, Eskandar=اسکندر, Soltan=سلطان, Nour=نور"""
SUFFIXES = "zadeh=زاده, pour=پور, nia=نیا, rad=راد, far=فر, nejad=نژاد, loo=لو"
SECOND = """Moghaddam=مقدم, Nejad=نژاد, Tabar=تبار, Kia=کیا, Fard=فرد, Khah=خواه, Dastjerdi=دستجردی,
Ardakani=اردکانی, Lahiji=لاهیجی, Sabet=ثابت, Tehrani=تهرانی, Kashani=کاشانی"""
SEYYED_FAMILIES = {"Hosseini", "Mousavi", "Hashemi", "Tabatabaei", "Alavi", "Hejazi", "Sadri"}
# English/French/Persian/weight/prisons (none: "<city> central prison")
CITIES = [
    tuple(c.split("/"))
    for c in """Tehran/Téhéran/تهران/30/Evin;Gohardasht;Ghezel Hesar,
Mashhad/Machhad/مشهد/6/Vakilabad, Tabriz/Tabriz/تبریز/6/, Isfahan/Ispahan/اصفهان/6/, Shiraz/Chiraz/شیراز/5/Adelabad,
Rasht/Racht/رشت/5/Lakan, Ahvaz/Ahvaz/اهواز/4/, Kermanshah/Kermanchah/کرمانشاه/4/Dizelabad, Sanandaj/Sanandadj/سنندج/3/,
Urmia/Ourmia/ارومیه/3/, Hamadan/Hamadan/همدان/3/, Sari/Sari/ساری/3/, Babol/Babol/بابل/2/, Qazvin/Ghazvine/قزوین/2/,
Zanjan/Zandjan/زنجان/2/, Dezful/Dezfoul/دزفول/2/, Khorramabad/Khorramabad/خرم‌آباد/2/, Gorgan/Gorgan/گرگان/2/,
Lahijan/Lahidjan/لاهیجان/1/, Arak/Arak/اراک/2/, Kerman/Kerman/کرمان/1/, Yazd/Yazd/یزد/1/, Qom/Ghom/قم/1/""".replace(
        "\n", " "
    ).split(", ")
]
# weight, English spellings, Persian spellings
AFFILIATIONS = [
    (68, ("PMOI", "MEK", "Mojahedin", "Mojahedin-e Khalq", "PMOI sympathizer"), ("مجاهدین خلق", "سازمان مجاهدین", "منافقین", "هوادار مجاهدین")),
    (10, ("Fadaian", "Fedaian (Minority)", "Fadaiyan-e Khalq"), ("فدائیان خلق", "فدائیان اقلیت")),
    (7, ("Tudeh", "Tudeh Party"), ("حزب توده", "توده")), (5, ("Peykar",), ("پیکار",)), (4, ("Komala",), ("کومله",)),
    (2, ("Rah-e Kargar",), ("راه کارگر",)), (4, ("",), ("",)),
]  # fmt: skip
COMMENTS = [
    (50, "cannot be recognized"), (9, "alive and living in {city}"), (5, "studying at a university"),
    (10, "killed in a clash with security forces"), (5, "died of natural causes"), (8, "released"),
    (5, "never arrested"), (8, "fled abroad"),
]  # fmt: skip
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# (pattern on lower-case text, replacements, probability per record)
ENGLISH = [
    (r"\bgh", ("q",), 0.3), (r"(?<=\w)gh", ("q",), 0.12), (r"mohammad", ("mohammed", "muhammad", "mohamad"), 0.35),
    (r"hossein", ("hosein", "husayn", "hussein", "hosseyn"), 0.3), (r"zadeh\b", ("zade", "zada"), 0.3),
    (r"ou", ("u", "oo"), 0.3), (r"aei\b", ("ai", "aee", "ayi"), 0.4), (r"(?<=[^aeiou])eh\b", ("e", "a"), 0.25),
    (r"([bdfgklmnprstz])\1", (r"\1",), 0.2), (r"\be(?=[bsm])", ("i",), 0.2), (r"\bjafar", ("ja'far",), 0.15),
    (r"ei", ("ey",), 0.12), (r"i\b", ("y",), 0.04), (r"aeil", ("ail", "ayil"), 0.3),
]  # fmt: skip
FRENCH = [
    (r"ch", ("tch",), 0.8), (r"sh", ("ch",), 0.8), (r"(?<!d)j", ("dj",), 0.7), (r"(?<=[aeiou])s(?=[aeiou])", ("ss",), 0.5),
    (r"g(?=[ei])", ("gu",), 0.4), (r"(?<![oa])u", ("ou",), 0.8), (r"(?<=[^aeiou])eh\b", ("é", "e"), 0.5),
    (r"aei\b", ("aï", "ai"), 0.5), (r"mohammad", ("mohamad", "mohammed"), 0.25), (r"\by", ("i",), 0.3),
]  # fmt: skip
OCR = [("m", "rn"), ("rn", "m"), ("l", "1"), ("e", "c"), ("h", "b"), ("i", "l")]


@dataclass(frozen=True)
class Name:
    """One name component in both scripts: parts, canonical separators, may a part be dropped."""

    lat: tuple[str, ...]
    fa: tuple[str, ...]
    lsep: str = ""
    fsep: str = ""
    drop: bool = False

    @property
    def latin(self) -> str:
        return self.lsep.join(self.lat)

    @property
    def persian(self) -> str:
        return self.fsep.join(self.fa)


def _pool(text: str) -> list[Name]:
    out = []
    for entry in text.split(","):
        lat, fa = (s.strip() for s in entry.split("="))
        lsep = next((c for c in "- |" if c in lat), "")
        fsep = next((c for c in "~ |" if c in fa), "")
        lparts, fparts = tuple(re.split(r"[- |]", lat)), tuple(re.split(r"[~ |]", fa))
        sep = {"|": "", "~": ZWNJ}
        out.append(Name(lparts, fparts, sep.get(lsep, lsep), sep.get(fsep, fsep), len(lparts) > 1))
    return out


def _families(rng: random.Random) -> list[Name]:
    """Stand-alone names first (the frequent ones), then root+suffix and two-word names shuffled."""
    head, rest = _pool(FAMILY), []
    for root in _pool(ROOTS):
        for suffix in _pool(SUFFIXES):
            joins = root.fa[0][-1] not in "اآدذرزژو" and suffix.lat[0] in ("zadeh", "nejad")
            rest.append(
                Name((root.lat[0], suffix.lat[0]), (root.fa[0], suffix.fa[0]), "", ZWNJ if joins else "")
            )
    seconds = _pool(SECOND)
    for first in rng.sample(head[:40], 30):
        second = rng.choice([s for s in seconds if s.lat != first.lat])
        rest.append(Name((first.lat[0], second.lat[0]), (first.fa[0], second.fa[0]), " ", " ", True))
    rng.shuffle(rest)
    return head[:12] + rng.sample(head[12:] + rest, len(head) - 12 + len(rest))


# One invented person; city and affiliation are indices into CITIES and AFFILIATIONS.
Person = namedtuple("Person", "pid given family female father birth city prison death affiliation seyyed")


def _zipf(pool: list, offset: int) -> list[float]:
    """Long-tailed weights: the first names of a pool are by far the most frequent."""
    return [1 / (i + offset) for i in range(len(pool))]


def _population(rng: random.Random, n: int) -> list[Person]:
    male, female, families = _pool(MALE), _pool(FEMALE), _families(rng)
    wm, wf, wfam = _zipf(male, 3), _zipf(female, 3), _zipf(families, 5)
    names: dict[tuple[str, str], int] = {}
    shared, budget, people = 0, int(0.04 * n), []
    while len(people) < n:
        is_f = rng.random() < 0.12
        given = rng.choices(female if is_f else male, wf if is_f else wm)[0]
        family = rng.choices(families, wfam)[0]
        key = (given.latin, family.latin)
        if key in names:
            cost = 2 if names[key] == 1 else 1
            if shared + cost > budget:
                continue
            shared += cost
        names[key] = names.get(key, 0) + 1
        city = rng.choices(range(len(CITIES)), [int(c[3]) for c in CITIES])[0]
        prisons = CITIES[city][4].split(";") if CITIES[city][4] else [f"{CITIES[city][0]} central prison"]
        if rng.random() < 0.85:
            death = dt.date(1988, 7, 19) + dt.timedelta(days=int(rng.triangular(0, 160, 15)))
        else:
            death = dt.date(rng.randint(1981, 1987), rng.randint(1, 12), rng.randint(1, 28))
        titled = given.lat[0] in ("Seyyed", "Mir")
        seyyed = not titled and rng.random() < (0.3 if family.lat[0] in SEYYED_FAMILIES else 0.04)
        people.append(
            Person(f"P{len(people) + 1:05d}", given, family, is_f, rng.choices(male[:111], wm[:111])[0],
                   rng.randint(1945, 1968), city, rng.choice(prisons), death,
                   rng.choices(range(len(AFFILIATIONS)), [a[0] for a in AFFILIATIONS])[0], seyyed)
        )  # fmt: skip
    return people


def _style(rng: random.Random, rules: list, scale: float = 1.0) -> list[tuple[str, str]]:
    """The spelling habits one clerk applies to one record."""
    return [(pat, rng.choice(alts)) for pat, alts, p in rules if rng.random() < p * scale]


def _typo(s: str, rng: random.Random) -> str:
    idx = [i for i, c in enumerate(s) if c.isalpha()]
    if len(idx) < 4:
        return s
    i = rng.choice(idx[1:-1])
    op = rng.randrange(3)
    if op == 0:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s[:i] + s[i + 1 :] if op == 1 else s[:i] + s[i] + s[i:]


def _latin(name: Name, style, rng: random.Random, keep: int, p_drop: float = 0.06) -> str:
    parts = list(name.lat)
    if name.drop and rng.random() < p_drop:
        parts = [parts[keep]]
    sep = name.lsep if rng.random() < 0.65 else rng.choice(["", "-", " "])
    s = sep.join(parts).lower()
    for pat, rep in style:
        s = re.sub(pat, rep, s)
    return re.sub(r"(^|[\s-])(\w)", lambda m: m.group(1) + m.group(2).upper(), s)


def _persian(name: Name, rng: random.Random, arabic: bool, keep: int) -> str:
    parts = list(name.fa)
    if name.drop and rng.random() < 0.05:
        parts = [parts[keep]]
    s = (name.fsep if rng.random() < 0.7 else rng.choice(["", ZWNJ, " "])).join(parts)
    if rng.random() < 0.25:
        s = s.replace("ایی", "ائی")
    if rng.random() < 0.1:
        s = s.replace("آ", "ا")
    if rng.random() < 0.03:
        s = _typo(s, rng)
    return s.replace("ک", "ك").replace("ی", "ي") if arabic else s


def _names(p: Person, rules, rng: random.Random, scale: float, titles) -> tuple[str, str]:
    """Given (with title, maybe an initial) and family name in Latin, in one clerk's style."""
    style = _style(rng, rules, scale)
    given, family = _latin(p.given, style, rng, -1), _latin(p.family, style, rng, 0)
    if rng.random() < 0.03:
        given = given[0] + "."
    elif p.seyyed and rng.random() < 0.45:
        given = f"{rng.choice(titles)} {given}"
    if rng.random() < 0.05:
        family = _typo(family, rng) if rng.random() < 0.6 else family
        given = _typo(given, rng) if rng.random() < 0.4 else given
    return given, family


def _annex(p: Person, rng: random.Random) -> dict[str, str]:
    given, family = _names(p, FRENCH, rng, 1.0, ("Seyed", "Sayed", "Mir"))
    r = rng.random()
    name = (
        f"{family.upper()} {given}" if r < 0.45 else f"{family}, {given}" if r < 0.55 else f"{given} {family}"
    )
    if rng.random() < 0.04:
        name += f" (son of {_latin(p.father, _style(rng, FRENCH), rng, -1)})"
    if rng.random() < 0.08:
        src, dst = rng.choice([o for o in OCR if o[0] in name] or [("", "")])
        name = name.replace(src, dst, 1) if src else name
    city, prison = CITIES[p.city][1], p.prison
    prison_fr = f"prison d'{prison}" if prison[0] in "AEIOU" else prison
    place = rng.choice([city, city, prison, f"{prison}, {city}", prison_fr, ""])
    d, r = p.death, rng.random()
    date = (f"{FR_MONTHS[d.month - 1]} {d.year}" if r < 0.4 else f"{d.month:02d}/{d.year % 100}" if r < 0.65
            else f"{d.day:02d}.{d.month:02d}.{d.year}" if r < 0.75 else str(d.year) if r < 0.85 else "")  # fmt: skip
    return {"Name": name, "Place": place, "Date": date}


def _reply(p: Person, rng: random.Random) -> dict[str, str]:
    given, family = _names(p, ENGLISH, rng, 1.3, ("Seyed", "Sayyed", "Seyyed"))
    name = f"{family.upper()}, {given}" if rng.random() < 0.1 else f"{given} {family}"
    comment = rng.choices([c[1] for c in COMMENTS], [c[0] for c in COMMENTS])[0]
    comment = comment.format(city=rng.choice(CITIES[:8])[0])
    if rng.random() < 0.3:
        comment = comment[0].upper() + comment[1:] + "."
    return {"Full name": name, "Government comment": comment}


def _ngo_fa(p: Person, rng: random.Random) -> dict[str, str]:
    arabic = rng.random() < 0.15
    given = _persian(p.given, rng, arabic, -1)
    if p.seyyed and rng.random() < 0.5:
        given = f"{rng.choice(['سید', 'سيد', 'میر'])} {given}"
    j, r = jdatetime.date.fromgregorian(date=p.death), rng.random()
    date = (f"{j.year}/{j.month:02d}/{j.day:02d}" if r < 0.6 else f"{j.year % 100}/{j.month}/{j.day}" if r < 0.8
            else f"{jdatetime.date.j_months_fa[j.month - 1]} {j.year}" if r < 0.88 else "")  # fmt: skip
    age = str(p.death.year - p.birth + rng.choice([0, 0, 0, -1, 1])) if rng.random() < 0.8 else ""
    digits = (lambda s: s.translate(FA_DIGITS)) if rng.random() < 0.7 else str
    return {"نام": given, "نام خانوادگی": _persian(p.family, rng, arabic, 0),
            "نام پدر": _persian(p.father, rng, arabic, -1) if rng.random() < 0.75 else "", "سن": digits(age),
            "شهر": CITIES[p.city][2] if rng.random() < 0.85 else "", "تاریخ": digits(date),
            "اتهام": rng.choice(AFFILIATIONS[p.affiliation][2]) if rng.random() < 0.6 else ""}  # fmt: skip


def _ngo_en(p: Person, rng: random.Random) -> dict[str, str]:
    given, family = _names(p, ENGLISH, rng, 0.6, ("Seyed", "Sayyed", "Mir"))
    d = p.death
    date = rng.choice([d.isoformat(), d.isoformat(), d.strftime("%d/%m/%Y"), d.strftime("%d/%m/%Y"), ""])
    return {"First name": given, "Last name": family,
            "Father's name": _latin(p.father, _style(rng, ENGLISH, 0.6), rng, -1) if rng.random() < 0.6 else "",
            "Age": str(d.year - p.birth) if rng.random() < 0.7 else "", "City": CITIES[p.city][0] if rng.random() < 0.8 else "",
            "Prison": p.prison if rng.random() < 0.6 else "",
            "Affiliation": rng.choice(AFFILIATIONS[p.affiliation][1]) if rng.random() < 0.7 else "",
            "Date of execution": date}  # fmt: skip


def _copy(people: list[Person], write, rng: random.Random, id_col: str, id_fmt: str, order=None):
    """One list: each person once (1 % twice), in the clerk's order, with ids and truth rows."""
    persons = people + rng.sample(people, max(1, len(people) // 100))
    rng.shuffle(persons)
    written = [(write(p, rng), p.pid) for p in persons]
    if order:
        written.sort(key=lambda w: w[0][order])
    rows = [{id_col: id_fmt.format(i), **row} for i, (row, _) in enumerate(written, 1)]
    return rows, [(id_fmt.format(i), pid) for i, (_, pid) in enumerate(written, 1)]


def _csv(path: Path, rows: list[dict], encoding: str) -> None:
    with path.open("w", newline="", encoding=encoding) as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


# id, title, role, path, options, columns (canonical field = header)
LISTS = [
    ("annex_fr", "Annex of alleged executions (French transliteration)", "allegation", "lists/annex.csv",
     {"encoding": "cp1252", "calendar": "gregorian"}, {"record_id": "No", "name": "Name", "place": "Place", "date": "Date"}),
    ("gov_reply", "Government reply", "reply", "lists/reply.csv", {"calendar": "gregorian"},
     {"record_id": "Ref", "name": "Full name", "reply_comment": "Government comment"}),
    ("ngo_fa", "NGO list in Persian script", "corroborating", "lists/ngo_fa.csv", {"calendar": "jalali"},
     {"record_id": "ردیف", "given_name": "نام", "family_name": "نام خانوادگی", "father_name": "نام پدر", "age": "سن",
      "city": "شهر", "date": "تاریخ", "affiliation": "اتهام"}),
    ("ngo_en", "NGO list in English", "corroborating", "lists/ngo_en.xlsx",
     {"sheet": "Victims", "header_row": 2, "calendar": "gregorian"},
     {"record_id": "ID", "given_name": "First name", "family_name": "Last name", "father_name": "Father's name",
      "age": "Age", "city": "City", "prison": "Prison", "affiliation": "Affiliation", "date": "Date of execution"}),
]  # fmt: skip


def _toml(v: str | int) -> str:
    return str(v) if isinstance(v, int) else json.dumps(v, ensure_ascii=False)


def _settings() -> str:
    """The settings file in the README's shape (TOML strings written as JSON ones, which TOML accepts)."""
    out = ['# Synthetic "clerks" benchmark scenario (benchmarks/scenarios/clerks.py); no real person.']
    for list_id, title, role, path, options, columns in LISTS:
        fields = {"id": list_id, "title": title, "role": role, "path": path, **options}
        out += ["", "[[lists]]", *(f"{k} = {_toml(v)}" for k, v in fields.items()), "[lists.columns]"]
        out += [f"{k} = {_toml(v)}" for k, v in columns.items()]
    return "\n".join(out) + "\n"


def build(folder: Path, seed: int = 1) -> Path:
    """Write settings (reconcile.toml), the list files and truth.csv into folder; return the settings path."""
    rng = random.Random(seed)
    folder = Path(folder)
    (folder / "lists").mkdir(parents=True, exist_ok=True)
    people = _population(rng, 3000)
    annexed = rng.sample(people, 1000)
    annex_ids = {p.pid for p in annexed}
    others = [p for p in people if p.pid not in annex_ids]
    replied = rng.sample(annexed, 860) + rng.sample(others, 1300)
    lists = {
        "annex_fr": _copy(annexed, _annex, rng, "No", "{}"),
        "gov_reply": _copy(replied, _reply, rng, "Ref", "GR-{:05d}"),
        "ngo_fa": _copy(rng.sample(people, 1200), _ngo_fa, rng, "ردیف", "{}", order="نام خانوادگی"),
        "ngo_en": _copy(rng.sample(people, 850), _ngo_en, rng, "ID", "N2-{:04d}"),
    }
    _csv(folder / "lists/annex.csv", lists["annex_fr"][0], "cp1252")
    _csv(folder / "lists/reply.csv", lists["gov_reply"][0], "utf-8")
    _csv(folder / "lists/ngo_fa.csv", lists["ngo_fa"][0], "utf-8-sig")
    rows = lists["ngo_en"][0]
    wb = Workbook()
    ws = wb.active
    ws.title = "Victims"
    ws.append(["Victims of the 1988 executions, compiled from families' testimonies (synthetic)"])
    ws.append(list(rows[0]))
    for row in rows:
        ws.append(list(row.values()))
    wb.save(folder / "lists/ngo_en.xlsx")
    with (folder / "truth.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["list_id", "record_id", "person_id"])
        w.writerows((list_id, rid, pid) for list_id, (_, truth) in lists.items() for rid, pid in truth)
    settings = folder / "reconcile.toml"
    settings.write_text(_settings(), encoding="utf-8")
    return settings
