from reconcile.cells import reads_right_to_left


def test_persian_reads_right_to_left_only_where_it_stands_alone():
    assert reads_right_to_left("علی رضایی")
    assert not reads_right_to_left("city: تهران")  # a Latin label keeps the cell left to right
    assert not reads_right_to_left("Ali Rezaei")
