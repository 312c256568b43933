import pandas as pd

from pipeline.sanity import sanity_report
from tests.factories import valid_tables


def test_report_lists_top_entities_and_flags_clusters_with_different_numbers():
    tables = valid_tables()
    claim = tables["claims"].iloc[0].to_dict()
    other = dict(claim, claim_id="src-0123456789abcdef:c:60-79", start=60, end=79, text="exports rose 7% in May",
                 speaker_basis="pronoun")
    tables["claims"] = pd.DataFrame([claim, other])
    report = sanity_report(tables)
    assert "| 1 | `person/ana-silva` | Ana Silva | PERSON | 1 | 1 |" in report
    assert "different numbers: 1." in report
    assert "| person/ana-silva | 2 | 1 | name 1, pronoun 1 |" in report
