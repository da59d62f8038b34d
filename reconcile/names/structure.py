"""Parse a full name into given name(s), family name, titles and father's name.

Lists write the same person as "Seyed Mohammad-Hossein Rezaei", "REZAEI Mohammad Hossein",
"Rezaei, Mohammad Hossein", "محمدحسین رضایی فرزند علی". Parsing makes those comparable part by
part: titles are set aside (they are honorifics, not identity), the father's name goes to its own
field (it is evidence, but of a different person), and the family name is found from explicit
cues (a comma, an upper-case surname written first) or else taken as the last word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from . import _data
from .keys import canonical_word, compound_junction, ends_surname, is_placeholder_text, title_at, words
from .readings import single_readings
from .script import has_arabic_script, normalize_persian

_PARENS = re.compile(r"[(\[{][^)\]}]*[)\]}]")
_HYPHENATED = re.compile(r"(?<=\w)[-‐‑–](?=\w)")
# Stands for a hyphen inside one name unit while words are grouped (words() does not split on it).
_BOUND = "\u2063"


@dataclass(frozen=True)
class ParsedName:
    """One person's name split into parts.

    Attributes:
        given: given name(s) as cleaned text (titles removed), may be "".
        family: family name, may be "".
        titles: canonical titles found (``"seyed"``, ``"haj"``...), in order of appearance.
        father_name: the name after "son of"/"fils de"/"فرزند", else "".
        is_placeholder: the text stands for no name (ناشناس, unknown, N.N., name withheld, blank).
    """

    given: str
    family: str
    titles: tuple[str, ...] = ()
    father_name: str = ""
    is_placeholder: bool = False


PLACEHOLDER = ParsedName("", "", (), "", True)


def _without_asides(text: str) -> str:
    """The text without its bracketed asides, except one that names the father: "(son of Ebrahim)"
    is kept for the father's name, "(alias Reza)" or "(14)" is dropped."""
    return _PARENS.sub(
        lambda m: m.group(0) if _father_phrase_pattern().search(m.group(0).lower()) else " ", text
    )


def _father_split(text: str) -> tuple[str, str]:
    """Split "<name> son of <father>" into the two names (case-insensitive, any listed phrase)."""
    match = _father_phrase_pattern().search(text.lower())
    if match:
        return text[: match.start()].strip(" ,;("), text[match.end() :].strip(" ,;:)")
    return text, ""


@cache
def _father_phrase_pattern() -> re.Pattern[str]:
    """One pattern for every listed phrase, longest first, compiled once."""
    phrases = sorted(_data.father_phrases(), key=len, reverse=True)
    return re.compile(r"(?:^|[\s,;(])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?:[\s:,]|$)")


def _units(tokens: list[str]) -> list[list[str]]:
    """Group words into name units: a word with its separate affixes and preceding particles.

    An affix in capitals beside a word not in capitals (or the other way round) belongs to the
    other part: POUR ABD Manoutchehr, Manoutchehr POUR ABD (a surname set apart by its capitals).
    A name's beginning that nothing follows is a word of its own (REZACHAHI Gholam).
    """
    suffixes = _data.suffix_affixes()
    prefixes = _data.prefix_affixes()
    particles = _data.particles()
    units: list[list[str]] = []
    pending: list[str] = []
    for position, tok in enumerate(tokens):
        low = tok.lower()
        if (
            (low in suffixes or canonical_word(low) in suffixes)
            and units
            and not pending
            and _same_case(units[-1][-1], tok)
        ):
            units[-1].append(tok)
        elif low in particles or (low in prefixes and _opens_next(tokens, position)):
            pending.append(tok)
        else:
            units.append([*pending, tok])
            pending = []
    if pending:
        if units:
            units[-1].extend(pending)
        else:
            units.append(pending)
    return units


def _opens_next(tokens: list[str], position: int) -> bool:
    """Whether the name's beginning at `position` begins the next word: one follows, in its case."""
    return position + 1 < len(tokens) and _same_case(tokens[position], tokens[position + 1])


def _same_case(before: str, after: str) -> bool:
    return _is_upper_word([before]) == _is_upper_word([after])


def _compound_units(units: list[list[str]]) -> list[list[str]]:
    """Units joined where a family name is written as two words (علی نیک نام, Hossein Falahi
    Moghaddam): a one-field name then splits before its compound, not at its last space. The first
    unit is never joined: a name written given name first keeps its given name (Ali Moghaddam); nor
    are words in capitals and words not, which a surname written first sets apart (NOURI NIK Mohammad)."""
    out = units[:1]
    for unit in units[1:]:
        same_case = _is_upper_word(out[-1]) == _is_upper_word(unit)
        if len(out) > 1 and same_case and compound_junction(out[-1][-1], unit[0]):
            out[-1] = [*out[-1], *unit]
        else:
            out.append(unit)
    return out


# Titles Persian writes joined to a given name (میرمحمود, سیدرضا); Latin lists write them apart.
JOINED_TITLES = {"سیده": "seyedeh", "میر": "mir", "سید": "seyed"}  # longest first: سیده before سید
# Titles Latin lists also run into a given name (Seyedmorteza, Seïedchams, Seyed-Mohammad): only
# Seyyed's, long enough that no given name starts with one by chance (Mir would take Miriam).
JOINED_LATIN_TITLES = ("seyed", "seyedeh")
MIN_NAME_AFTER_TITLE = 3  # letters of a name after a joined title (میرزا is a title of its own)


def _joined_title(token: str) -> tuple[str, str]:
    """The title joined to the front of a given name and the name after it, or ("", token).
    Family names keep theirs (میرحسینی, Seyedi)."""
    for title in JOINED_TITLES:
        if (
            token.startswith(title)
            and len(token) >= len(title) + MIN_NAME_AFTER_TITLE
            and not token.startswith("میرزا")
        ):
            return JOINED_TITLES[title], token[len(title) :]
    spellings = _titles_by_spelling()
    # The longest title first: Seyedehzahra is Seyedeh Zahra, not Seyed Ehzahra.
    for cut in range(len(token) - MIN_NAME_AFTER_TITLE, MIN_MISREAD_TITLE - 1, -1):
        title = spellings.get(canonical_word(token[:cut]), "")
        if title in JOINED_LATIN_TITLES:
            name = token[cut:].lstrip("-")
            # Seïedmortéza -> Mortéza: the name keeps the capital its word had.
            return title, name[:1].upper() + name[1:] if token[:1].isupper() else name
    return "", token


def _without_joined_title(given: str) -> tuple[str, tuple[str, ...]]:
    """A given name without the title joined to its first word, and that title (if any)."""
    first, _, others = given.partition(" ")
    title, name = _joined_title(first)
    if not title:
        return given, ()
    return " ".join(word for word in (name, others) if word), (title,)


# Letters of a title's folded spelling: a shorter one (Mr, Haj, Mir, Said) is too often a name
# that a misreading would turn into a title (Saeed and Sayid both fold to said).
MIN_MISREAD_TITLE = 5


@cache
def _titles_by_spelling() -> dict[str, str]:
    folded = {canonical_word(variant): title for variant, title in _data.titles().items()}
    return {
        spelling: title
        for spelling, title in folded.items()
        if not has_arabic_script(spelling) and len(spelling) >= MIN_MISREAD_TITLE
    }


def _misread_title(token: str) -> str:
    """The title that a first word is, as a scanner or a German list wrote it (Seyecl, Sejjed), or ""."""
    spellings = _titles_by_spelling()
    key = canonical_word(token)
    return next((spellings[r] for r in single_readings(key) if r != key and r in spellings), "")


def _strip_titles(tokens: list[str], given_first: bool = False) -> tuple[list[str], list[str]]:
    """Titles out of the tokens; with `given_first`, also a title misspelled at the head of the
    first (given) name. A title joined to a given name is `_without_joined_title`'s."""
    lowered = [tok.lower() for tok in tokens]
    kept: list[str] = []
    found: list[str] = []
    for position, tok in enumerate(tokens):
        canonical = title_at(lowered, position)
        if canonical:
            found.append(canonical)
        elif given_first and position == 0 and len(tokens) > 1 and (misread := _misread_title(tok)):
            found.append(misread)
        else:
            kept.append(tok)
    if not kept and tokens:  # a name that is only a "title" word (Mir, Sadat) is a name
        return tokens, []
    return kept, found


def _surname_tokens(tokens: list[str]) -> tuple[list[str], list[str]]:
    """A family-name field's words: a title before another word is part of the surname, joined to
    it as Persian writes it (حاج احمدی = حاج‌احمدی = Haj-Ahmadi, Sheikh ol-Eslami); alone or last,
    a title is set aside."""
    lowered = [tok.lower() for tok in tokens]
    joined: list[str] = []
    pending = ""
    for position, tok in enumerate(tokens):
        if title_at(lowered, position) and position + 1 < len(tokens):
            pending += tok
        else:
            joined.append(pending + tok)
            pending = ""
    return _strip_titles(joined)


def _is_upper_word(unit: list[str]) -> bool:
    text = "".join(unit)
    return len(text) > 1 and text.isupper()


# Cached: comparing whole names parses again every name that normalizing parsed in one field.
@lru_cache(maxsize=200_000)
def parse_name_ordered(full: str) -> tuple[ParsedName, bool]:
    """Parse a full name; also say whether the family/given order came from an explicit cue.

    The flag lets the similarity try the other order (surname written first without a cue) only
    where the text leaves the order open.
    """
    if not isinstance(full, str) or not full.strip() or is_placeholder_text(full):
        return PLACEHOLDER, True
    text = _without_asides(normalize_persian(full))
    main, father = _father_split(text)
    father = " ".join(words(father))
    if father and is_placeholder_text(father):
        father = ""
    explicit = False
    if main.count(",") == 1 and all(side.strip() for side in main.split(",")):
        family_text, given_text = main.split(",")
        family_tokens, t1 = _surname_tokens(words(family_text))
        given_tokens, t2 = _strip_titles(words(given_text), given_first=True)
        given, t3 = _without_joined_title(" ".join(given_tokens))
        return ParsedName(given, " ".join(family_tokens), (*t1, *t2, *t3), father), True
    # A hyphen binds its words into one unit: Reza Allah-Yar, Jalal Pur-Mohammadi.
    written = _bound_words(main)
    # A misread title is taken off the first word only when that word is a given name: not a lone
    # family name, not a surname written first in capitals.
    tokens, titles = _strip_titles(written, given_first=len(written) > 1 and not _is_upper_word(written[:1]))
    if not tokens:
        return ParsedName("", "", tuple(titles), father, not father), True
    units = _compound_units(_units(tokens))
    if len(units) == 1:  # lists that give one word give the family name (Sharifi, TAHERI-FAR)
        return ParsedName("", _text(units), tuple(titles), father), False
    upper_lead = 0
    while upper_lead < len(units) and _is_upper_word(units[upper_lead]):
        upper_lead += 1
    if 0 < upper_lead < len(units):
        family_units, given_units = units[:upper_lead], units[upper_lead:]
        explicit = True
    elif upper_lead == 0 and _is_upper_word(units[-1]) and len(units) > 1:
        # Every word in capitals at the end is the surname: Mohammad NOURI NIK.
        upper_tail = 1
        while upper_tail < len(units) - 1 and _is_upper_word(units[-1 - upper_tail]):
            upper_tail += 1
        family_units, given_units = units[-upper_tail:], units[:-upper_tail]
        explicit = True
    else:
        family_units, given_units = units[-1:], units[:-1]
    given, joined = _without_joined_title(_text(given_units))
    return ParsedName(given, _text(family_units), (*titles, *joined), father), explicit


def _bound_words(text: str) -> list[str]:
    """Words of a name, those joined by a hyphen kept together as one (Allah-Yar, Pur-Mohammadi).
    A title hyphenated at the start of the name stays a title (Seyed-Ali); later it is part of a
    surname and is joined to it (Mir-Hosseini = Mirhosseini). A hyphen does not bind a surname in
    capitals to the given name after it (KARIMI-Ali)."""
    titles = _data.titles()
    out: list[str] = []
    for position, word in enumerate(words(_HYPHENATED.sub(_BOUND, text))):
        pieces = word.split(_BOUND)
        while (
            position == 0 and len(pieces) > 1 and pieces[0].lower() in titles and not ends_surname(pieces[1])
        ):
            out.append(pieces.pop(0))
        if len(pieces) > 1 and pieces[0].lower() in titles:  # a surname that starts with one: Mir-Hosseini
            pieces[:2] = [pieces[0] + pieces[1]]
        if len(pieces) > 1 and len({piece.isupper() for piece in pieces}) > 1:
            out.extend(pieces)
        else:
            out.append(_BOUND.join(pieces))
    return out


def _text(units: list[list[str]]) -> str:
    return " ".join(" ".join(u) for u in units).replace(_BOUND, " ")


def parse_name(full: str) -> ParsedName:
    """Parse a full name written in one field, any script and any common order.

    A comma means "Family, Given"; a leading all-capitals word followed by mixed case means
    surname first (REZAEI Mohammad Hossein); otherwise the last word (with separately written
    affixes such as "Pour", "Zadeh") is the family name. A single word is taken as the family name.
    """
    return parse_name_ordered(full)[0]


def parse_names(given: str, family: str) -> ParsedName:
    """Parse a name held in separate given and family columns (titles may sit in either)."""
    given = given if isinstance(given, str) else ""
    family = family if isinstance(family, str) else ""
    if is_placeholder_text(given):
        given = ""
    if is_placeholder_text(family):
        family = ""
    given_text, father = _father_split(_without_asides(normalize_persian(given)))
    family_text, father2 = _father_split(_without_asides(normalize_persian(family)))
    given_tokens, t1 = _strip_titles(words(given_text), given_first=True)
    family_tokens, t2 = _surname_tokens(words(family_text))
    father = " ".join(words(father or father2))
    g, joined = _without_joined_title(" ".join(given_tokens))
    f = " ".join(family_tokens)
    return ParsedName(g, f, (*t1, *joined, *t2), father, not (g or f or father))
