"""Latin romanizations of Persian names: fold spelling habits to one key, and derive skeletons.

The same name is romanized by habits that differ by language and era (English, French, German,
ALA-LC, passport offices): Hossein/Hosein/Hussein/Husayn, Ghasem/Qasem, Khosrow/Xosrow,
Djafar/Jafar/Dschafar, Fatemeh/Fateme, Rezaei/Rezaee/Rezayi/Reza'i. :func:`fold_latin` rewrites each
habit to one canonical spelling while keeping every letter that tells names apart (the vowels of
Hassan and Hossein survive). :func:`latin_skeletons` then maps the folded word onto the skeleton
alphabet shared with Persian script (see :mod:`reconcile.names.script`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from .script import collapse_doubles

_APOSTROPHES = re.compile("['’‘`´ʿʾʻʼ\u02bf\u02be]")
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
# Typewriter and OCR put digits for letters inside words (M0hammad, A1i); digits standing alone stay.
_OCR_LETTERS = {"0": "o", "1": "l", "5": "s", "8": "b"}
_OCR_DIGITS = re.compile(r"(?<=[a-z])[0158]|[0158](?=[a-z])")
# A capital I inside a lower-case word is a misread l (AIi, SoItani, VaIi); capitals stay in CAPS words.
_OCR_CAPITAL_I = re.compile(r"(?<=[A-Za-z])I(?=[a-z])")

# Ordered rewrites of a lower-cased ASCII word; earlier rules win.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"^(mhd|mohd|muhd|mhmd|mohamd)$", "mohammad"),  # the abbreviations of Mohammad
        (r"dsch|dzh|dj|dj", "j"),  # Djafar, Dschafar -> jafar
        (r"tsch|tch", "ch"),  # German/French ch
        (r"sch", "sh"),  # German sh
        (r"zh|jh", "j"),  # Nezhad = Nejad (ژ)
        (r"kh", "x"),  # Khosrow = Xosrow
        (r"gh|g'h", "q"),  # Ghasem = Qasem
        (r"ph", "f"),
        (r"ck", "k"),
        (r"c(?!h)", "k"),
        (r"w", "v"),  # Wahid = Vahid, Dawood = Davood
        (r"ou|oo|uu", "u"),  # Hooshang/Houshang/Hushang
        (r"ov(?![aeiou])", "u"),  # Khosrov(w) -> khosru, Nowruz -> nuruz
        (r"ee|ii", "i"),  # Saeed = Said, Rezaee = Rezai
        (r"ey(?![aeiou])", "ei"),  # Hosseyn = Hossein
        (r"ay(?=[b-df-hj-np-tv-xz])", "ei"),  # the diphthong ی: Husayn = Hoseyn, Zaynab = Zeynab
        (r"ay\b", "ai"),  # Rezay = Rezai
        (r"aei|aee|ayi|aie", "ai"),  # Rezaei = Rezai = Rezayi = Rezaie
        (r"aa", "a"),  # Aazam, Baaqer
        (r"zadah?\b", "zade"),  # Arabic-habit Zada(h) is the Persian suffix زاده
        # -ollah, -ullah, -allah are one الله: Nematollah = Ne'matullah = نعمت‌الله
        (r"(?<=[a-z]{2})[aeiou]ll?ah(?=i?\b)", "allah"),
        (r"eh\b", "e"),  # Fatemeh = Fateme, Zadeh = Zade
        (r"ah\b(?<=[^a]ah)", "ah"),  # keep Abdollah's h
        (r"y(?![aeiou])", "i"),  # Mahdy = Mahdi, Rezayi
        (r"([b-df-hj-np-tv-z])\1", r"\1"),  # Mohammad = Mohamad
    )
)


def ascii_lower(text: str) -> str:
    """Lower-case ASCII rendering of any script except Arabic (handled by :mod:`.script`).

    Latin diacritics are folded (â, ā, é -> a, a, e) and other scripts (Cyrillic, Greek, CJK...)
    are transliterated with anyascii, so foreign-script names at least compare by sound.
    Apostrophes for ʿayn and hamza are removed without splitting the word (Ja'far -> jafar);
    digits and a capital I that OCR put for letters are read back (M0hammad, AIi -> mohammad, ali).
    """
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHES.sub("", text)
    text = anyascii(_OCR_CAPITAL_I.sub("l", text)).lower()
    text = _APOSTROPHES.sub("", text)
    text = _OCR_DIGITS.sub(lambda m: _OCR_LETTERS[m.group(0)], text)
    return _NON_ALNUM.sub(" ", text)


@lru_cache(maxsize=400_000)  # a word comes back in many names and their readings: two calls in three
def fold_latin(word: str) -> str:
    """Canonical folded spelling of one lower-case ASCII word (no spaces)."""
    for pattern, repl in _FOLDS:
        word = pattern.sub(repl, word)
    return word


_VOWELS = frozenset("aeiou")
# French writes ش as "ch" (Hachemi = Hashemi); چ and ش share one symbol so both readings meet.
_SKELETON_DIGRAPHS = {"sh": "š", "ch": "š"}
_SKELETON_LETTERS = {"v": "u", "y": "i", "w": "u"}


@lru_cache(maxsize=400_000)  # the same folded words come back in names and readings: one call in three
def latin_skeletons(folded: str) -> tuple[str, str]:
    """Skeletons of one folded Latin word, with and without medial "a".

    Returns ``(with_a, without_a)``, aligned with :func:`script.persian_skeletons`. Short vowel
    e is dropped (Persian does not write them); i and u are kept as long vowels; a medial a
    is kept in the first form (it may be alef) and dropped in the second (it may be fatha). A
    word-initial vowel becomes the carrier "a" (plus its long vowel if i/u: Iraj -> airj, ایرج),
    a final e is the silent heh of Fatemeh/فاطمه, and a final o is the و of Khosro/خسرو.
    """
    with_a: list[str] = []
    without: list[str] = []
    n = len(folded)
    pos = 0
    while pos < n:
        ch = folded[pos]
        pair = folded[pos : pos + 2]
        if pair in _SKELETON_DIGRAPHS:
            sym = _SKELETON_DIGRAPHS[pair]
            with_a.append(sym)
            without.append(sym)
            pos += 2
            continue
        if ch in _VOWELS:
            if pos == 0:
                short_i = ch == "i" and _short_initial_i(folded)
                sym = "a" if ch in "aeo" or short_i else "a" + ch
                with_a.append(sym)
                without.append(sym)
            elif ch in "iu":
                with_a.append(ch)
                without.append(ch)
            elif pos == n - 1:
                sym = {"a": "a", "e": "h", "o": "u"}[ch]
                with_a.append(sym)
                without.append(sym)
            elif ch == "a":
                with_a.append("a")
            elif ch == "o":  # may be the و of Mona/مونا, or an unwritten damma
                with_a.append("u")
            pos += 1
            continue
        sym = _SKELETON_LETTERS.get(ch, ch)
        with_a.append(sym)
        without.append(sym)
        pos += 1
    return collapse_doubles("".join(with_a)), collapse_doubles("".join(without))


def _short_initial_i(folded: str) -> bool:
    """An initial i before two consonants is the short e of Ismail/Esmail, Isfahani/Esfahani."""
    return len(folded) > 2 and folded[1] not in _VOWELS and folded[2] not in _VOWELS


_LOOSE = (re.compile(r"o"), "u"), (re.compile(r"^i(?=[^aeiou][^aeiou])"), "e")


def loose_latin(folded: str) -> str:
    """Folded spelling with the vowel habits of Arabic-style romanization merged in.

    Damma is o in Persian habit and u in Arabic habit (Mohammad/Muhammad, Morteza/Murtaza), and
    an initial short i/e varies the same way (Ismail/Esmail). Used to compare two Latin spellings;
    kasra e/i is *not* merged, since Hamed and Hamid are different names.
    """
    for pattern, repl in _LOOSE:
        folded = pattern.sub(repl, folded)
    return folded
