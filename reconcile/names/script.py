"""Persian and Arabic script: normalisation and the sound skeleton used to compare with Latin.

Persian script writes consonants and long vowels (ا آ و ی) but not short vowels, so a Persian name
cannot be turned into one true romanization. Instead of guessing the missing vowels (which is what
makes generic transliterators score barely above chance), we map both scripts onto a shared
*skeleton*: consonant classes plus long vowels, with short vowels left out. Letters that Persian
pronounces alike collapse into one class (ث س ص -> s; ذ ز ض ظ -> z; ت ط -> t; ح ه -> h; غ ق -> q),
which is also what romanizations do (Mehdi/مهدی, Ghasem/Qasem/قاسم).

Skeleton alphabet (one character per sound, so edit distances count sounds):
    a  alef or a word-initial vowel carrier (ا آ ع at word start)
    i  ی (long i, consonant y, or the ey/ei diphthong)      u  و (long u/ou/oo, o in final position, v/w)
    š  sh (ش)     č  ch (چ)     x  kh (خ)     q  gh/q (غ ق)    j  j/zh (ج ژ)
    other consonants as their plain Latin letter.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic-script letters and presentation forms.
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

# Unify the letters that Arabic and Persian keyboards encode differently, and strip what
# carries no identity: tatweel, harakat (short-vowel marks), joiners and direction marks.
_UNIFY = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ۍ": "ی",
        "ې": "ی",
        "ك": "ک",
        "ڪ": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "ھ": "ه",
        "ہ": "ه",
        "ۂ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ۆ": "و",
        "ۇ": "و",
        "ء": "",
        "ـ": "",
        "\u200c": "",
        "\u200d": "",
        "\u200e": "",
        "\u200f": "",
        "\u202a": "",
        "\u202b": "",
        "\u202c": "",
        "\u202d": "",
        "\u202e": "",
        "\u2066": "",
        "\u2067": "",
        "\u2068": "",
        "\u2069": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u0670": "ا",  # superscript (dagger) alef is a real long a: رحمن -> Rahman
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "،": ",",
        "؛": ";",
        "؟": "?",
        "٬": ",",
        "٫": ".",
    }
)
# Invisible characters that only format text (zero-width space, joiner, direction marks and
# controls, soft hyphen, BOM). The zero-width non-joiner stays: Persian writes compound names
# with it (نیک‌نام), and the Persian normalisation reads it.
ZERO_WIDTH_NON_JOINER = "\u200c"


def without_invisible(text: str) -> str:
    """A name as it shows: characters that format text but show nothing are dropped, so that
    Ali\u200bAhmadi is AliAhmadi and a name made of direction marks is empty."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if ch == ZERO_WIDTH_NON_JOINER or unicodedata.category(ch) != "Cf")


_HARAKAT_RE = re.compile("[\u064b-\u065f\u0610-\u061a\u06d6-\u06ed]")

_CONSONANTS = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "s",
    "ج": "j",
    "چ": "š",  # shares ش's symbol: Latin "ch" is چ in English but ش in French
    "ح": "h",
    "خ": "x",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "ژ": "j",
    "س": "s",
    "ش": "š",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "غ": "q",
    "ف": "f",
    "ق": "q",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "u",
    "ی": "i",
}
_VOWEL_CARRIERS = frozenset("اآع")


def has_arabic_script(text: str) -> bool:
    """True when the text contains any Arabic-script letter (Persian, Arabic, Urdu...)."""
    return _ARABIC_RE.search(text) is not None


def normalize_persian(text: str) -> str:
    """Unify Arabic/Persian letter variants so that one name has one spelling.

    Arabic yeh and kaf become Persian ی and ک, teh marbuta and heh-with-hamza become ه, hamza
    carriers become their letter, ZWNJ half-spaces are closed up (پزشک‌فر = پزشکفر, as
    romanizations write it), and diacritics, tatweel and direction marks are dropped. Persian and
    Arabic digits become ASCII digits.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _HARAKAT_RE.sub("", text)
    return text.translate(_UNIFY)


def persian_skeletons(token: str) -> tuple[str, str]:
    """Skeletons of one normalised Persian-script token, with and without medial alef.

    Returns ``(with_alef, without_alef)``. Latin romanizations write both alef (long a) and fatha
    (short a) as "a", so a Latin "a" may or may not correspond to ا; comparing the Persian form
    both with and without medial alef against the matching Latin forms keeps that uncertainty
    instead of guessing. Word-initial ا آ ع are vowel carriers and become "a"; medial ع (ʿayn) is
    silent in Persian and dropped, as romanizations drop it or write an apostrophe.
    """
    with_alef: list[str] = []
    without: list[str] = []
    last = len(token) - 1
    for pos, ch in enumerate(token):
        if ch in _VOWEL_CARRIERS:
            if pos == 0 or ch == "آ":
                with_alef.append("a")
                without.append("a")
            elif ch == "ا":
                with_alef.append("a")
                if pos == last:
                    without.append("a")
            continue
        mapped = _CONSONANTS.get(ch)
        if mapped is None:
            if ch.isalnum():
                with_alef.append(ch)
                without.append(ch)
            continue
        with_alef.append(mapped)
        without.append(mapped)
    return collapse_doubles("".join(with_alef)), collapse_doubles("".join(without))


def alef_maqsura_variant(token: str, without_alef: str) -> str:
    """The no-alef skeleton read with a final ی as alef maqsura (مجتبی Mojtaba, مصطفی Mostafa).

    Persian writes the final long a of some Arabic names with ی; the letter alone cannot say
    whether "i" or "a" is meant, so this reading is offered beside the plain one.
    """
    if len(token) > 2 and token[-1] == "ی" and token[-2] not in "اوی" and without_alef.endswith("i"):
        return without_alef[:-1] + "a"
    return without_alef


def collapse_doubles(text: str) -> str:
    """Remove doubled letters: Persian never writes gemination, romanizations often do."""
    out: list[str] = []
    for ch in text:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


_READABLE = {"š": "sh", "č": "ch", "x": "kh", "q": "gh", "u": "u", "i": "i"}


def to_latin(text: str) -> str:
    """A readable rough Latin rendering of Persian-script text, for display only.

    Short vowels are not guessed, so the result is a skeleton ("مهدی" -> "mhdi"); matching never
    uses it, it uses the skeletons above.
    """
    text = normalize_persian(text)
    words = []
    for word in text.split():
        if has_arabic_script(word):
            skeleton = persian_skeletons(word)[0]
            words.append("".join(_READABLE.get(ch, ch) for ch in skeleton))
        else:
            words.append(word)
    return " ".join(words)
