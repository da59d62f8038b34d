"""Persian-aware name normalisation, parsing, similarity and blocking keys (pure functions).

Typical use by the linkage stage::

    parsed = parse_name("Seyed Mohammad-Hossein REZAEI")
    given_key, family_key = name_key(parsed.given), name_key(parsed.family)
    part_similarity([given_key], ["محمدحسین"])       # per-part scores, NaN when missing
    similarity("Mohammad Hossein Rezaei", "محمدحسین رضایی")
    blocking_keys(family_key)                       # script-independent block keys
"""

from .frequency import token_frequencies
from .initials import initials_agree
from .keys import blocking_keys, name_key
from .script import normalize_persian, to_latin, without_invisible
from .similarity import KnownPart, part_similarity, similarity, similarity_many
from .structure import ParsedName, parse_name, parse_names

__all__ = [
    "KnownPart",
    "ParsedName",
    "blocking_keys",
    "initials_agree",
    "name_key",
    "normalize_persian",
    "parse_name",
    "parse_names",
    "part_similarity",
    "similarity",
    "similarity_many",
    "to_latin",
    "token_frequencies",
    "without_invisible",
]
