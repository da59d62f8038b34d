"""Property tests: arbitrary text and bytes never raise anything but a clear InputError.

Name similarity on arbitrary Unicode is in test_names_similarity.py; this adds the other parsers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile import names
from reconcile.config import ListSpec
from reconcile.dates import parse_date
from reconcile.errors import InputError
from reconcile.load import canonical_records
from reconcile.places import resolve_place
from reconcile.read import decode
from reconcile.schema import Calendar, Role

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Arbitrary text, with the characters that break parsers over-represented.
hostile_text = st.text(max_size=40) | st.text(
    alphabet="۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789/.-=+@\t\r\n \u200c\u200f\ufeffآیيكک", max_size=20
)


@FAST
@given(hostile_text, st.sampled_from(list(Calendar)))
def test_parse_date_never_raises_and_spans_are_ordered(text, calendar):
    span = parse_date(text, calendar)
    if span is not None:
        assert span.start <= span.end


@FAST
@given(hostile_text)
def test_resolve_place_never_raises(text):
    kind, key = resolve_place(text)
    assert isinstance(kind, str) and isinstance(key, str)


@FAST
@given(hostile_text)
def test_name_normalisation_never_raises(text):
    parsed = names.parse_name(text)
    for part in (parsed.given, parsed.family):
        assert isinstance(names.name_key(part), str)
    assert isinstance(names.normalize_persian(text), str)
    assert isinstance(names.to_latin(text), str)


@FAST
@given(st.lists(hostile_text, max_size=4), st.lists(hostile_text, max_size=4))
def test_similarity_many_is_bounded_and_symmetric(a, b):
    size = min(len(a), len(b))
    a, b = a[:size], b[:size]
    forward, backward = names.similarity_many(a, b), names.similarity_many(b, a)
    assert ((forward >= 0) & (forward <= 1)).all()
    assert (forward == backward).all()


@FAST
@given(st.binary(max_size=300), st.sampled_from([None, "utf-8", "cp1256", "utf-16"]))
def test_decoding_any_bytes_gives_text_or_a_clear_error(data, encoding):
    try:
        assert isinstance(decode(Path("list.csv"), data, encoding), str)
    except InputError as error:
        assert str(error).startswith("list.csv: ")


SPEC = ListSpec(
    id="annex",
    title="annex",
    role=Role.ALLEGATION,
    path=Path("annex.csv"),
    columns={"record_id": "No", "name": "Name", "place": "Place"},
)
cell = st.sampled_from(["", " ", "1", "2", "۱", "Ali Rezai", "علی رضایی", "No", "Name", "#N/A", "Evin"])


@FAST
@given(st.lists(st.tuples(cell, cell, cell), max_size=12))
def test_every_row_is_kept_or_set_aside_once(rows):
    table = pd.DataFrame(rows, columns=["No", "Name", "Place"], dtype=object)
    table.index = pd.RangeIndex(2, 2 + len(rows))
    records, quarantine = canonical_records(SPEC, table)
    assert len(records) + len(quarantine) == len(rows)
    assert quarantine["row"].is_unique
    assert set(records["source_row"]).isdisjoint(quarantine["row"])
    assert records["record_id"].is_unique
