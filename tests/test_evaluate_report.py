"""errors.md: what a developer reads to find the dev-set errors."""
import pandas as pd

from tests.evaluate_samples import SID, make_tables, run, span


def test_report_names_wrong_attributes_with_gold_and_predicted_values():
    tables, articles = make_tables()
    tables["figures"].loc[1, "change"] = None  # 27.5 percent should be change "from"
    tables["claims"].loc[0, ["speaker", "speaker_entity_id"]] = ["Ryosei Akazawa", "person/ryosei-akazawa"]
    tables["sources"].loc[0, "date_basis"] = "inferred"
    metrics, report = run(tables, articles)
    assert metrics["figures"]["change_accuracy"] == round(2 / 3, 4)
    assert '- wrong change: "27.5 percent" gold "from", predicted null' in report
    assert '- wrong speaker: gold "Yoshimasa Hayashi", predicted "Ryosei Akazawa" [person/ryosei-akazawa]' in report
    assert '- date_basis: expected "explicit", got "inferred"' in report


def test_report_shows_a_spurious_row_in_its_sentence_and_intervals_in_the_summary():
    tables, articles = make_tables()
    start, end = span("Tariffs")
    extra = {"mention_id": "m9", "entity_id": "org/tariffs", "source_id": SID, "start": start, "end": end,
             "text": "Tariffs", "sentence_index": 1}
    tables["mentions"] = pd.concat([tables["mentions"], pd.DataFrame([extra])], ignore_index=True)
    _, report = run(tables, articles)
    assert '- spurious: `org/tariffs` "Tariffs"' in report
    assert "> **Tariffs** fell to 15 percent from 27.5 percent" in report
    assert "| entities | 0.8000 [0.8000, 0.8000] | 1.0000 [1.0000, 1.0000] |" in report
