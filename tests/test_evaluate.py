import pandas as pd

from reconcile.evaluate import ceilings, evaluate, format_report


def test_ceilings_abstain_on_shared_names_that_nothing_else_tells_apart():
    # P1 and P2 share a name; P3's name is unique. Lists: a (name only), b (date), c (father).
    truth = pd.DataFrame(
        [
            ("a", "1", "P1"),
            ("b", "1", "P1"),
            ("c", "1", "P1"),
            ("a", "2", "P2"),
            ("b", "2", "P2"),
            ("a", "3", "P3"),
            ("b", "3", "P3"),
        ],
        columns=["list_id", "record_id", "person_id"],
    )
    people = pd.DataFrame(
        {"person_id": ["P1", "P2", "P3"], "canonical_name": ["Ali Rezaei", "Ali Rezaei", "Reza Karimi"]}
    )
    records = truth[["list_id", "record_id"]].assign(
        raw_date=["", "1988-08-01", "", "", "1988-08-20", "", "1988-08-02"],
        raw_father_name=["", "", "Hasan", "", "", "", ""],
    )
    result = ceilings(truth, people, records)
    # Grouping oracle: the name-only records a/1 and a/2 abstain; b/1 and c/1 carry other fields.
    # True pairs: P1 has 3, P2 1, P3 1; the oracle keeps (b1, c1) and P3's pair.
    assert (result["ceiling"].correct_pairs, result["ceiling"].true_pairs) == (2, 5)
    # Pair by pair, b/1 (a date) and c/1 (a father's name) have no field in common: only P3's pair.
    assert result["resolvable"].correct_pairs == 1


def test_a_list_pair_without_true_pairs_has_no_recall_and_without_links_no_precision():
    truth = pd.DataFrame(
        [("a", "1", "P1"), ("a", "2", "P2"), ("b", "1", "P3"), ("c", "1", "P3")],
        columns=["list_id", "record_id", "person_id"],
    )
    persons = truth.assign(person_id=["X1", "X1", "X2", "X3"])  # a~a linked wrongly, b~c missed
    pairs = pd.DataFrame(columns=["list_id_l", "record_id_l", "list_id_r", "record_id_r", "status"])
    rows = {
        line.split()[0] + line.split()[2]: line.split()
        for line in format_report(evaluate(persons, pairs, truth)).splitlines()[1:3]
    }
    assert rows["aa"][3:5] == ["0.000", "n/a"]  # precision 0, recall of no true pairs
    assert rows["bc"][3:5] == ["n/a", "0.000"]
