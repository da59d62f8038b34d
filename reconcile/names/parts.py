"""A given name written in part: one list keeps a part of a compound given name that another writes
whole ("Reza" / "Gholam Reza", "Hossein" / "Gholamhossein", "Ali" / "Ali Asghar").

Lists drop the first or the last part of compound given names often enough that such a pair is
weak agreement, not the strong disagreement two different names would be. The comparison gives it
a level of its own, whose weight the model learns like any other level's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from reconcile.names import _data
from reconcile.names.keys import key_forms, name_key

MIN_PART_LETTERS = 3  # "Ali" is a part; a one- or two-letter word is an initial or noise


def part_of_other(left: Sequence[str] | np.ndarray, right: Sequence[str] | np.ndarray) -> np.ndarray:
    """Per pair of given-name keys, whether the shorter is a whole word of the longer, or starts or
    ends the longer written as one word ("reza" in "qolamreza") with a part of three or more letters
    left over, the two keys being different. Keys in two scripts (هادی / mirhadi) are compared by
    their script-independent skeletons (hdi / mirhdi)."""
    left, right = np.asarray(left, dtype=object), np.asarray(right, dtype=object)
    pairs = pd.DataFrame({"left": left, "right": right})
    distinct = pairs.drop_duplicates()  # lists repeat their names: test each pair of keys once
    verdict = [_either_part(str(a), str(b)) for a, b in distinct.itertuples(index=False)]
    found = pd.Series(verdict, index=pd.MultiIndex.from_frame(distinct), dtype=bool)
    return found.reindex(pd.MultiIndex.from_frame(pairs)).to_numpy(dtype=bool)


def _either_part(a: str, b: str) -> bool:
    if _part_of(a, b) or _part_of(b, a):
        return True
    forms_a, forms_b = key_forms(a), key_forms(b)
    if not a or not b or forms_a.persian == forms_b.persian:
        return False
    return _part_of(forms_a.without_a, forms_b.without_a) or _part_of(forms_b.without_a, forms_a.without_a)


def _part_of(part: str, whole: str) -> bool:
    if not part or not whole or part == whole or len(part) >= len(whole):
        return False
    words = part.split()
    if any(len(word) < MIN_PART_LETTERS for word in words):
        return False
    whole_words = whole.split()
    if len(words) < len(whole_words) and all(word in whole_words for word in words):
        return True
    joined = whole.replace(" ", "")
    single = part.replace(" ", "")
    # The rest must be a name part too: "Ali" starts "Alireza", not "Alia".
    rest_is_a_word = len(joined) - len(single) >= MIN_PART_LETTERS
    return rest_is_a_word and (joined.startswith(single) or joined.endswith(single))


GLUED_TITLES = ("seyed", "haj", "mir", "mirza", "sheikh")  # titles that lists write into a name
MIN_REST_LETTERS = 5  # what is left must still be a family name, not a suffix (Haji-zadeh)
MIN_GIVEN_REST_LETTERS = 3  # a given name after a glued title may be short (Mirhadi, Seyedali)
JOINS = " -\u200c"  # what may stand between a title and the name: space, hyphen, ZWNJ
MAX_GLUED_TITLES = 3  # Haj Seyyed Mir at most: a cell of thousands of titles is read past a few


@lru_cache(maxsize=1)
def _glued_spellings() -> tuple[str, ...]:
    """Every spelling of the glued titles, longest first (Seyyed before Seyed, Hajji before Haj)."""
    spellings = [variant for variant, canonical in _data.titles().items() if canonical in GLUED_TITLES]
    return tuple(sorted(spellings, key=len, reverse=True))


def without_glued_title(part: str, min_rest: int = MIN_REST_LETTERS) -> str:
    """A name part as written, without the titles glued or written in front of it
    ("SeiyedDehqanian" -> "Dehqanian", "Hadjseyyedjavadi" -> "javadi", "Mirrostamloo" ->
    "rostamloo"): lists write Seyyed, Haj or Mir into the name, run together or apart, where other
    lists leave them out. Read on the text, not on its key, whose spelling rules merge letters
    across the join (seiyed + dehqanian keys as seiyedehqanian, mir + rostamlu as mirostamlu).
    The part itself when no title starts it, or when fewer than `min_rest` letters would be left."""
    rest = part.strip()
    for _ in range(MAX_GLUED_TITLES):
        title = next((t for t in _glued_spellings() if rest[: len(t)].lower() == t), None)
        remainder = rest[len(title) :].lstrip(JOINS) if title else ""
        # What is left must still be a name, not a suffix (Haji-zadeh, Mirza Pour): counted on
        # its key, which spells a suffix short (zade, pur).
        if title is None or sum(ch.isalpha() for ch in name_key(remainder)) < min_rest:
            break
        rest = remainder
    return rest


def key_without_glued_title(part: str, min_rest: int = MIN_REST_LETTERS) -> str:
    """The key (`name_key`) of a name part as written, without the titles glued in front of it."""
    return name_key(without_glued_title(part, min_rest))
