from pipeline.language import identify_language

ENGLISH = ("The harvest was the largest in a decade, the farm ministry said on Monday, and wheat exports "
           "are expected to rise as prices ease and buyers return to the market.")
WIRE_TABLE = ("BROWN-FORMAN INC <BFD> 4TH QTR NET\nShr one dlr vs 73 cts\nNet 12.6 mln vs 15.8 mln\n"
              "Revs 337.3 mln vs 315.2 mln\nNine mths\nShr 3.07 dlrs vs 3.08 dlrs")
JAPANESE = "日本の赤沢亮正経済再生担当相は木曜日、米国への訪問を急きょ取りやめた。5500億ドルの投資パッケージをめぐる協議が遅れる。"
GERMAN = "Der Weizenpreis stieg am Montag deutlich, teilte das Ministerium in Berlin mit und nannte mehrere Gründe dafür."


def test_english_is_accepted_with_high_probability():
    language, probability, accepted = identify_language(ENGLISH, ("en",), 0.001)
    assert (language, accepted) == ("en", True) and probability > 0.9


def test_japanese_and_german_are_not_english():
    assert identify_language(JAPANESE, ("en",), 0.001)[::2] == ("ja", False)
    assert identify_language(GERMAN, ("en",), 0.001)[::2] == ("de", False)


def test_terse_wire_table_stays_english_with_its_low_probability():
    language, probability, accepted = identify_language(WIRE_TABLE, ("en",), 0.001)
    assert (language, accepted) == ("en", True) and probability < 0.9


def test_accepted_languages_are_a_parameter():
    assert identify_language(GERMAN, ("en", "de"), 0.001)[::2] == ("de", True)


def _ranks(texts):
    from pipeline.language import _identifier
    return [_identifier().rank(t) for t in texts]


def test_the_decoded_copy_of_the_model_ranks_exactly_as_the_packaged_one(tmp_path):
    from pipeline.language import decoded_model_path, keep_decoded_model

    texts = [ENGLISH, WIRE_TABLE, JAPANESE, GERMAN, "ok"]
    keep_decoded_model(None)
    packaged = _ranks(texts)
    try:
        keep_decoded_model(tmp_path)
        assert _ranks(texts) == packaged
        assert decoded_model_path(tmp_path).is_file()
    finally:
        keep_decoded_model(None)


def test_the_decoded_copy_is_reused_and_a_damaged_one_written_again(tmp_path, monkeypatch):
    import lzma

    from pipeline.language import _identifier, decoded_model_path, keep_decoded_model

    try:
        keep_decoded_model(tmp_path)
        _identifier()
        path = decoded_model_path(tmp_path)
        written = path.stat().st_mtime_ns
        keep_decoded_model(tmp_path)
        with monkeypatch.context() as m:  # the second load never touches the packaged (compressed) file
            m.setattr(lzma, "open", lambda *a, **k: (_ for _ in ()).throw(AssertionError("decoded again")))
            _identifier()
        assert path.stat().st_mtime_ns == written
        path.write_bytes(b"not a zip file")
        keep_decoded_model(tmp_path)
        assert identify_language(GERMAN, ("en",), 0.001)[::2] == ("de", False)
        assert path.stat().st_size > 1000
    finally:
        keep_decoded_model(None)
