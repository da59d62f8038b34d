"""How common each name token is in the data at hand.

A shared "Mohammad" says little about identity, a shared "Khorramshahi" says a lot. Frequencies
are counted per *sound class* (the consonant skeleton of each word), so محمد, Mohammad and
Muhammad add up to one count, as they should for weighting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .keys import consonant_key


@lru_cache(maxsize=400_000)  # asked once per record and name part by several stages
def token_class(token: str) -> str:
    """The sound class a token is counted under: its consonant skeleton (Muhammad = محمد = mhmd).

    Coarse on purpose: a weight needs the commonness of a name across all its spellings, and the
    rare merge of two names with the same consonants (Mahmoud, Mohammad) only makes both look
    common, which errs on the safe side.
    """
    return consonant_key(token) or token


def token_frequencies(keys: Iterable[str]) -> dict[str, float]:
    """Relative frequency of each name token in ``keys`` (name keys from :func:`name_key`).

    Each key is split into words; every distinct word maps to the share of all words that fall in
    its sound class. Empty keys are skipped. Values are in (0, 1]; unseen tokens are absent (use
    ``dict.get(token, floor)`` with a floor of your choice).
    """
    words = [w for key in keys if isinstance(key, str) for w in key.split()]
    if not words:
        return {}
    classes = Counter(token_class(w) for w in words)
    total = len(words)
    return {w: classes[token_class(w)] / total for w in set(words)}
