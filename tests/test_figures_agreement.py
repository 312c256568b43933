"""scripts/figures_agreement.py: two labellings scored against each other like the extractor."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("figures_agreement", ROOT / "scripts" / "figures_agreement.py")
figures_agreement = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(figures_agreement)


def fig(text, value, unit, optional=False):
    return {"text": text, "value": value, "unit": unit, "kind": "other", "low": None, "high": None,
            "qualifier": None, "measure": None, "optional": optional}


def test_a_labelling_agrees_with_itself():
    labels = {"s1": [fig("5 tonnes", 5, "tonne")], "s2": []}
    res = figures_agreement.agreement(labels, labels)
    assert res["value"]["f1"] == 1.0 and res["value_unit"]["f1"] == 1.0


def test_a_unit_disagreement_lowers_value_unit_but_not_value():
    first = {"s1": [fig("5 tons", 5, "tonne")]}
    second = {"s1": [fig("5 tons", 5, "short_ton")]}
    res = figures_agreement.agreement(first, second)
    assert res["value"]["f1"] == 1.0
    assert res["value_unit"]["f1"] == 0.0


def test_optional_figures_of_the_other_labelling_are_not_counted_as_spurious():
    first = {"s1": [fig("5 tonnes", 5, "tonne")]}
    second = {"s1": [fig("5 tonnes", 5, "tonne"), fig("first", 1, "rank", optional=True)]}
    assert figures_agreement.agreement(first, second)["value"]["f1"] == 1.0


def test_only_sentences_both_labelled_are_compared():
    first = {"s1": [fig("5 tonnes", 5, "tonne")], "s2": [fig("7 km", 7, "kilometre")]}
    second = {"s1": [fig("5 tonnes", 5, "tonne")]}
    assert figures_agreement.agreement(first, second)["n_sentences"] == 1
