"""Unit tests of the web-page mark checks on hand-written text (not from the seeds)."""
from __future__ import annotations

from pipeline.extractors.page_marks import bracketed_credit_names, is_credit, is_heading_phrase, sentence_stop_length, without_leading_marks


def test_trademark_sign_opening_a_span_is_cut():
    assert without_leading_marks("™ Crackers") == 2


def test_span_without_a_sign_is_kept_whole():
    assert without_leading_marks("Acme Crackers") == 0


def test_name_after_a_copyright_sign_is_a_credit():
    body = "The lake froze early this year.\n\n© Lina Park"
    assert is_credit(body, body.index("Lina"))


def test_name_after_a_lowercase_c_in_brackets_is_a_credit():
    body = "Photo (c) Ortega Images"
    assert is_credit(body, body.index("Ortega"))


def test_name_in_a_sentence_is_no_credit():
    body = "The lake froze early, said Lina Park."
    assert not is_credit(body, body.index("Lina"))


def test_full_stop_after_a_closing_capital_that_ends_the_sentence_is_cut():
    body = "Norway finished top of Section F. Two days later they lost."
    end = body.index("F.") + 2
    assert sentence_stop_length(body, body.index("Section"), end) == 1


def test_full_stop_after_a_roman_numeral_before_a_bracket_is_cut():
    body = "a sonnet about Queen Mary II.) Later"
    end = body.index("II.") + 3
    assert sentence_stop_length(body, body.index("Queen"), end) == 1


def test_stop_after_a_capital_before_a_lowercase_word_is_kept():
    body = "Read Section F. of the rules first."
    end = body.index("F.") + 2
    assert sentence_stop_length(body, body.index("Section"), end) == 0


def test_capitalised_function_word_in_a_title_case_line_is_a_heading_phrase():
    body = "Prices fell.\nWhy The Battery Life Is Better Than Ever Before\nThe phone lasts."
    start = body.index("Battery")
    assert is_heading_phrase(body, start, body.index(" Ever"))


def test_name_with_lowercase_function_words_is_no_heading_phrase():
    body = "Prices fell.\nWhy The Bank of Avalon Matters More Than Ever\nThe bank grew."
    start = body.index("Bank")
    assert not is_heading_phrase(body, start, start + len("Bank of Avalon"))


def test_capitalised_function_word_in_a_prose_line_is_no_heading_phrase():
    body = "Analysts said the Alliance For Rural Power was growing quickly across the region."
    start = body.index("Alliance")
    assert not is_heading_phrase(body, start, start + len("Alliance For Rural Power"))


ROUND_UP = ("The console streams well.\n\n[ Daily Planet ]\n\nThe pad feels cheap.\n\n[ Metro Gazette ]\n\n"
            "Games load fast.\n\n[ Daily Planet ]\n")


def test_bracketed_name_lines_of_a_round_up_are_credits():
    names = [ROUND_UP[s:e] for s, e in bracketed_credit_names(ROUND_UP)]
    assert names == ["Daily Planet", "Metro Gazette", "Daily Planet"]


def test_one_bracketed_word_repeated_is_no_credit():
    body = "Watch the clip.\n[Video]\nMore here.\n[Video]\nAnd here.\n[Video]\n"
    assert bracketed_credit_names(body) == []


def test_brackets_inside_a_sentence_are_no_credit_line():
    body = "He said [ Daily Planet ] had it.\n[ Metro Gazette ] ran it.\nThe [ Star ] did too.\n"
    assert bracketed_credit_names(body) == []
