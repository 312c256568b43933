import pytest

from pipeline.config import ConfigError, load_params, params_from_dict


def test_defaults_fill_missing_sections():
    params = params_from_dict({"extract": {"workers": 3}})
    assert params.extract.workers == 3
    assert params.ingest.min_body_words == 20


def test_unknown_key_is_rejected_with_its_name():
    with pytest.raises(ConfigError, match="extract.*wrokers"):
        params_from_dict({"extract": {"wrokers": 2}})


def test_bad_backend_is_rejected():
    with pytest.raises(ConfigError, match="backend"):
        params_from_dict({"extract": {"backend": "spark"}})


def test_value_of_wrong_type_is_rejected():
    with pytest.raises(ConfigError, match="batch_size"):
        params_from_dict({"extract": {"batch_size": "many"}})


def test_missing_file_gives_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_params(tmp_path / "nope.yaml")


def test_repository_params_load():
    params = load_params("params.yaml")
    assert params.extract.model


def test_ingest_lists_and_field_names_are_read_from_params():
    params = params_from_dict({"ingest": {"formats": ["txt", "jsonl"], "languages": "de",
                                          "jsonl_fields": {"text": "body"}}})
    assert params.ingest.formats == ("txt", "jsonl") and params.ingest.languages == ("de",)
    assert params.ingest.jsonl_fields["text"] == "body" and params.ingest.jsonl_fields["title"] == "title"


def test_unknown_input_format_or_jsonl_field_is_rejected():
    with pytest.raises(ConfigError, match="formats"):
        params_from_dict({"ingest": {"formats": ["pdf"]}})
    with pytest.raises(ConfigError, match="jsonl_fields.*headline"):
        params_from_dict({"ingest": {"jsonl_fields": {"headline": "h"}}})


def test_parse_chunk_size_must_stay_below_spacys_limit():
    with pytest.raises(ConfigError, match="parse_chunk_chars"):
        params_from_dict({"extract": {"parse_chunk_chars": 2_000_000}})
    with pytest.raises(ConfigError, match="max_body_chars"):
        params_from_dict({"extract": {"parse_chunk_chars": 100_000, "max_body_chars": 50_000}})


def test_shares_must_be_fractions():
    with pytest.raises(ConfigError, match="max_quarantined_share"):
        params_from_dict({"validate": {"max_quarantined_share": 5}})
