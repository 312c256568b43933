"""The scorer's own text helpers."""
import pytest

from pipeline.evaluate.text import locate_in_order, normalize_name, sentence_at, token_f1
from tests.evaluate_samples import BODY, span


def test_normalize_name_folds_case_article_possessive_and_dots():
    assert normalize_name("U.S.") == normalize_name("US") == "us"
    assert normalize_name("The White House") == "white house"
    assert normalize_name("Japan\u2019s") == normalize_name("japan") == "japan"


def test_locate_in_order_handles_repeats_nesting_and_word_boundaries():
    body = "He said the rate rose 15% from 5%, then 15% again."
    spans = locate_in_order(["said the rate rose 15%", "15%", "5%", "15%", "missing"], body)
    assert spans[0] == (3, 25)  # an enclosing item ...
    assert spans[1] == (22, 25)  # ... and the item nested in it
    assert spans[2] == (31, 33)  # "5%" as a whole word, not inside "15%"
    assert spans[3] == (40, 43)  # the second "15%"
    assert spans[4] is None


def test_token_f1_ignores_case_punctuation_and_quote_style():
    assert token_f1("We\u2019ll see, he said.", "we'll SEE he said") == 1.0
    assert token_f1("a b c d", "a b") == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert token_f1("", "a") == 0.0


def test_sentence_at_marks_span_and_does_not_split_on_abbreviations():
    start, end = span("Thursday")
    sentence = sentence_at(BODY, start, end)
    assert sentence.startswith("Japan\u2019s negotiator") and sentence.endswith("**Thursday**.")
    start, end = span("27.5 percent")
    assert sentence_at(BODY, start, end, mark=False).startswith("Tariffs fell")


def test_scorer_does_not_import_the_extractors_it_grades():
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "pipeline" / "evaluate"
    imported = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
    graded = {"pipeline.ingest", "pipeline.extract", "pipeline.resolve", "pipeline.nlp"}
    assert not {m for m in imported if m in graded or m.startswith("pipeline.extractors")}
