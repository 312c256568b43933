from pipeline.extractors.lines import NonProse, non_prose_ranges


def lines_of(text):
    return [text[s:e] for s, e in non_prose_ranges(text)]


def test_results_table_rows_are_not_prose():
    text = "Shr 34 cts vs 1.19 dlrs\nNet 807,000 vs 2,858,000\nThe bank said profit fell because of loan losses."
    assert lines_of(text) == ["Shr 34 cts vs 1.19 dlrs", "Net 807,000 vs 2,858,000"]


def test_price_list_and_registration_rows_are_not_prose():
    text = "Maize Mar 48.0, total 48.0 (nil).\nVIP : 60,000\nSales rose 5 pct to 10 mln dlrs in the quarter."
    assert lines_of(text) == ["Maize Mar 48.0, total 48.0 (nil).", "VIP : 60,000"]


def test_capitals_headline_is_not_prose():
    assert lines_of("BANK OF FRANCE SAYS NO MONEY MARKET TENDER\nThe Bank of France said no.") == [
        "BANK OF FRANCE SAYS NO MONEY MARKET TENDER"]


def test_wire_dateline_before_the_text_is_not_prose():
    text = "NEW YORK, March 3 - Texaco Inc said it would appeal."
    assert lines_of(text) == ["NEW YORK, March 3 - "]


def test_credits_list_is_not_prose():
    text = "Director_Oh Kyeong Taek, Writer_Kyeong Min Seon, Composer_Kim Cheol, Art Director_Park, Make-up_Kim Jong"
    assert lines_of(text) == [text]


def test_prose_with_numbers_and_commas_is_prose():
    text = ("Exports rose 12 pct to 3.2 billion dlrs in March, the ministry said.\n"
            "Apple, Google, Microsoft, Amazon and Facebook all reported results, analysts said.")
    assert lines_of(text) == []


def test_overlap_lookup():
    ranges = NonProse([(0, 10), (20, 30)])
    assert ranges.covers(5, 8) and ranges.covers(25, 40) and not ranges.covers(10, 20)


def test_dateline_ranges_give_place_and_date():
    from pipeline.extractors.lines import dateline_ranges
    text = "Headline words\nBOSTON, June 2 - Lanier Corp said it was sold."
    (start, comma, end), = dateline_ranges(text)
    assert text[start:comma] == "BOSTON" and text[comma:end] == ", June 2"


def test_dateline_ranges_ignore_prose():
    from pipeline.extractors.lines import dateline_ranges
    assert dateline_ranges("Shares of Lanier Corp rose - and fell - on Monday.") == []


def test_bibliography_entry_is_not_prose():
    text = "[2] Noise in wards, Hale PT, Curr Med Res. 2014; 12: 33-41.\nNurses said alarms were too loud."
    assert lines_of(text) == ["[2] Noise in wards, Hale PT, Curr Med Res. 2014; 12: 33-41."]


def test_place_name_alone_on_its_line_is_a_dateline():
    text = "Ames, Iowa.\nToledo\nThe Cyclones won again on Saturday."
    assert lines_of(text) == ["Ames, Iowa.", "Toledo"]


def test_numbered_reference_note_is_not_prose():
    text = "Nurses said alarms were too loud.\n[3] National Ward Safety Goal: Noise Control | Hospital Hazard List"
    assert lines_of(text) == ["[3] National Ward Safety Goal: Noise Control | Hospital Hazard List"]


def test_title_case_dateline_of_a_web_story_is_not_prose():
    text = "Ames, Iowa. — Brock Purdy threw for three touchdowns on Saturday.\nToledo, Ohio. — is not at the top."
    assert lines_of(text) == ["Ames, Iowa. — "]


def test_town_and_state_line_with_a_dash_is_a_dateline():
    assert lines_of("Toledo, Ohio. —\nThe Rockets won again.") == ["Toledo, Ohio. —"]


def test_a_line_of_more_than_thirty_words_is_never_a_table_row():
    from pipeline.extractors.lines import _is_table_row
    numbers = " ".join(str(n) for n in range(1, 32))  # 31 numbers: a list, not a row of a table
    assert not _is_table_row(numbers)
    assert _is_table_row(" ".join(str(n) for n in range(1, 30)))


def test_a_capitals_line_with_one_lowercase_letter_is_not_a_headline():
    from pipeline.extractors.lines import _is_caps_line
    assert _is_caps_line("BANK OF FRANCE SAYS NO TENDER")
    assert not _is_caps_line("BANK OF FRANCE SAYS NO TENDEr")
    assert _is_caps_line("ÉTATS-UNIS: PRIX EN HAUSSE")
