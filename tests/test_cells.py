from reconcile.cells import kept_in_order, reads_right_to_left


def test_persian_reads_right_to_left_only_where_it_stands_alone():
    assert reads_right_to_left("علی رضایی")
    assert not reads_right_to_left("city: تهران")  # a Latin label keeps the cell left to right
    assert not reads_right_to_left("Ali Rezaei")


def test_persian_inside_english_text_is_kept_in_order_between_left_to_right_marks():
    assert kept_in_order("تهران") == "\u200eتهران\u200e"
    assert kept_in_order("Tehran") == "Tehran"
