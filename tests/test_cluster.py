import pandas as pd

from reconcile.cluster import (
    APART_NOTE,
    CHAIN_NOTE,
    KEPT_APART_NOTE,
    SETTLED_APART_NOTE,
    cluster,
    implied_by_persons,
    persons_of,
    settled_apart,
)


def _records(*keys: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"list_id": [k[0] for k in keys], "record_id": [k[1] for k in keys]})


def _pairs(rows: list[tuple[int, int, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["left", "right", "status", "match_weight", "decision"])


def _person(persons: pd.DataFrame, list_id: str, record_id: str) -> str:
    return persons.set_index(["list_id", "record_id"]).loc[(list_id, record_id), "person_id"]


def test_an_analysts_different_is_never_joined_through_a_third_record():
    records = _records(("a", "1"), ("b", "1"), ("c", "1"))
    pairs = _pairs(
        [(0, 2, "match", 10.0, ""), (1, 2, "match", 9.0, ""), (0, 1, "non-match", 0.0, "different")]
    )
    persons, refused = cluster(records, pairs)
    assert _person(persons, "a", "1") != _person(persons, "b", "1")
    # The weaker link is refused, and both it and the decision say so.
    assert refused.tolist() == [
        "",
        APART_NOTE.format(first="a:1", second="b:1"),
        KEPT_APART_NOTE.format(link="b:1 - c:1"),
    ]


def test_two_records_of_one_list_are_not_chained_through_another_list_unless_a_human_says_so():
    records = _records(("a", "1"), ("a", "2"), ("b", "1"))
    pairs = _pairs([(0, 2, "match", 10.0, ""), (1, 2, "match", 9.0, "")])
    persons, refused = cluster(records, pairs)
    assert _person(persons, "a", "1") != _person(persons, "a", "2")
    assert refused.tolist() == ["", CHAIN_NOTE]
    # An analyst's link goes first; the model's rival for the same records is then the one refused.
    decided = _pairs([(0, 2, "match", 10.0, ""), (1, 2, "match", float("nan"), "same")])
    persons, refused = cluster(records, decided)
    assert _person(persons, "a", "2") == _person(persons, "b", "1") != _person(persons, "a", "1")
    assert refused.tolist() == [CHAIN_NOTE, ""]
    # Analysts who link both records of list a to one person are followed: they know of a duplicate.
    both = _pairs([(0, 2, "match", float("nan"), "same"), (1, 2, "match", float("nan"), "same")])
    persons, _ = cluster(records, both)
    assert persons.person_id.nunique() == 1


def test_records_of_one_list_join_only_where_each_is_linked_to_each():
    # A card with no age or place is like two namesakes (24, Tehran; 42, Isfahan) of its list: it
    # may join one of them, never both through itself.
    records = _records(("m", "1"), ("m", "2"), ("m", "3"))
    pairs = _pairs([(0, 1, "match", 10.0, ""), (0, 2, "match", 9.0, ""), (1, 2, "review", -2.0, "")])
    persons, refused = cluster(records, pairs)
    assert _person(persons, "m", "1") == _person(persons, "m", "2") != _person(persons, "m", "3")
    assert refused.tolist() == ["", CHAIN_NOTE, ""]
    # Linked each to each, the three cards are one person.
    linked = _pairs([(0, 1, "match", 10.0, ""), (0, 2, "match", 9.0, ""), (1, 2, "match", 8.0, "")])
    persons, refused = cluster(records, linked)
    assert persons.person_id.nunique() == 1 and refused.tolist() == ["", "", ""]


def test_person_ids_depend_on_the_records_not_on_their_order_and_keys_cannot_collide():
    records = _records(("a1", "1"), ("a", "11"))
    persons, _ = cluster(records, _pairs([]))
    assert persons.person_id.nunique() == 2
    again, _ = cluster(records.iloc[::-1].reset_index(drop=True), _pairs([]))
    assert dict(zip(again.record_id, again.person_id, strict=True)) == dict(
        zip(persons.record_id, persons.person_id, strict=True)
    )


def test_a_review_pair_already_joined_by_other_matches_is_reported_as_implied():
    records = _records(("a", "1"), ("b", "1"), ("c", "1"), ("d", "1"))
    pairs = _pairs(
        [
            (0, 1, "match", 10.0, ""),
            (1, 2, "match", 9.0, ""),
            (0, 2, "review", 1.0, ""),  # joined through b
            (0, 3, "review", 1.0, ""),  # d stays apart: still a question for a human
        ]
    )
    persons, _ = cluster(records, pairs)
    keys = pd.DataFrame(
        {
            "list_id_l": [records.list_id[i] for i in pairs.left],
            "record_id_l": [records.record_id[i] for i in pairs.left],
            "list_id_r": [records.list_id[i] for i in pairs.right],
            "record_id_r": [records.record_id[i] for i in pairs.right],
            "status": pairs.status,
        }
    )
    assert implied_by_persons(keys, persons).tolist() == [False, False, True, False]


def _keyed(records: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """`pairs` with both records' keys, as the pair table has them."""
    for side, column in (("_l", "left"), ("_r", "right")):
        pairs["list_id" + side] = records["list_id"].to_numpy()[pairs[column]]
        pairs["record_id" + side] = records["record_id"].to_numpy()[pairs[column]]
    return pairs


def test_a_different_settles_the_other_pairs_between_the_same_two_persons():
    # annex 1 and memorial 1 are linked; an analyst decided annex 1 and reply 1 are different people.
    records = _records(("annex", "1"), ("memorial", "1"), ("reply", "1"), ("reply", "2"))
    pairs = _keyed(
        records,
        _pairs(
            [
                (0, 1, "match", 10.0, ""),
                (0, 2, "non-match", 0.0, "different"),
                (1, 2, "review", 1.0, ""),  # memorial 1 - reply 1: the same two persons
                (1, 3, "review", 1.0, ""),  # memorial 1 - reply 2: another person
            ]
        ),
    )
    persons, settled = persons_of(records, pairs)
    assert settled["status"].tolist() == ["match", "non-match", "non-match", "review"]
    assert settled["assignment_note"].iloc[2] == SETTLED_APART_NOTE.format(first="annex:1", second="reply:1")
    assert settled_apart(settled, persons).empty  # settled once; nothing left to settle


def test_a_pair_an_analyst_marked_unsure_is_asked_again_even_between_persons_kept_apart():
    records = _records(("annex", "1"), ("memorial", "1"), ("reply", "1"))
    pairs = _keyed(
        records,
        _pairs([(0, 1, "match", 10.0, ""), (0, 2, "non-match", 0.0, "different"), (1, 2, "review", 1.0, "")]),
    )
    pairs["decision_note"] = ["", "decided different by Ana", "marked unsure by Ben"]
    _, settled = persons_of(records, pairs)
    assert settled["status"].tolist() == ["match", "non-match", "review"]
