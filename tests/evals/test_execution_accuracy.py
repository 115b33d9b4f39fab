"""The execution-accuracy scorer: result sets compared as a business reader would, never loosely."""

from evals.execution import contains_result, same_result


def test_rows_match_in_any_order_unless_the_question_asks_for_one() -> None:
    gold = [["Rock", 835], ["Latin", 386]]
    assert same_result([["Latin", 386], ["Rock", 835]], gold, ordered=False)
    assert not same_result([["Latin", 386], ["Rock", 835]], gold, ordered=True)
    assert same_result([["Rock", 835], ["Latin", 386]], gold, ordered=True)


def test_columns_may_come_in_another_order() -> None:
    assert same_result([[835, "Rock"], [386, "Latin"]], [["Rock", 835], ["Latin", 386]], ordered=True)


def test_numbers_agree_at_cent_precision_and_integers_equal_their_floats() -> None:
    assert same_result([[523.06]], [[523.0600000000003]], ordered=False)
    assert same_result([[82]], [[82.0]], ordered=False)
    assert not same_result([[523.06]], [[523.07]], ordered=False)


def test_duplicates_count_so_a_multiset_is_not_a_set() -> None:
    assert not same_result([["a"], ["a"], ["b"]], [["a"], ["b"], ["b"]], ordered=False)


def test_a_missing_or_extra_row_or_column_is_wrong() -> None:
    gold = [["USA", 91], ["Canada", 56]]
    assert not same_result([["USA", 91]], gold, ordered=False)
    assert not same_result([["USA", 91, 523.06], ["Canada", 56, 303.96]], gold, ordered=False)
    assert not same_result([["USA"], ["Canada"]], gold, ordered=False)


def test_empty_results_agree_only_with_empty_gold() -> None:
    assert same_result([], [], ordered=False)
    assert not same_result([], [[0]], ordered=False)
    assert not same_result([[None]], [], ordered=False)


def test_the_looser_figure_accepts_extra_columns_but_not_other_values() -> None:
    gold = [["Jane Peacock", 833.04], ["Margaret Park", 775.4]]
    with_context = [["Jane Peacock", 21, 833.04], ["Margaret Park", 20, 775.4]]
    assert contains_result(with_context, gold, ordered=False)
    assert not same_result(with_context, gold, ordered=False)
    assert not contains_result([["Jane Peacock", 21, 833.05], ["Margaret Park", 20, 775.4]], gold, ordered=False)
    assert not contains_result([["Jane Peacock", 833.04]], gold, ordered=False)
