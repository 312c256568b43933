from pipeline.extractors import lines
from pipeline.extractors.lines import NonProse, non_prose_ranges


def lines_of(text):
    return [text[s:e] for s, e in non_prose_ranges(text)]


# Lines for the quick tests in front of the line patterns: references, posts and table rows in
# the forms the patterns take (in other cases, with the characters re.IGNORECASE folds to ASCII
# letters), and prose that holds part of what they look for.
GATED_LINES = [
    "Curr Opin Anaesthesiol. 2015; 28: 685-690.", "Nature 2019;574(7778):505-510", "Nature 2019: 574; 505",
    "Smith J, Lee K et al. (2018) Cell.", "SMITH J, LEE K ET AL. (2018)", "Smith J, Lee K, Et Al", "DOI: 10.1007/978-3-319",
    "do\u0131: 10.1007/978", "D\u0130O DO\u0130: 10.1007/978", "setal fins; the petals: all", "[2] Joint Commission Goal",
    "More at pic.twitter.com/Ab12Cd", "https://t.co/Ab12 via", "\u2014 Jane Doe (@janedoe) November 4, 2019",
    "Write to (@ the desk)", "The bank said profit fell because of loan losses, its chairman said.",
    "Shr 34 cts vs 1.19 dlrs", "Maize Mar 48.0, total 48.0 (nil).", "VIP : 60,000\u20a9", "( $ ) 12 -- 14 ; 15",
    "$ \u20ac \u00a3", "Avg shrs 12,345 vs 11,000 ( ) [ ] nil n/a", " ".join(["word"] * 31) + " 12", "",
]


def _is_table_row_reading_every_word(line):
    """lines._is_table_row as it read every word (before it counted the words first)."""
    words = [w.strip("()[].,;:\u20a9$\u20ac\u00a3\u00a5") for w in line.split()]
    words = [w for w in words if any(c.isalnum() for c in w)]
    if not words or len(words) > 30:
        return False
    numeric = sum(1 for w in words if lines._NUMBER.match(w))
    if numeric == 0:
        return False
    if lines._VS.search(line) and len(words) <= 16:
        return True
    return numeric / len(words) >= 0.4


def test_quick_tests_of_the_line_patterns_give_the_patterns_answers():
    for line in GATED_LINES:
        assert lines._is_reference_line(line) == bool(
            lines._CITATION.search(line) or lines._FOOTNOTE.match(line) or lines._AUTHORS_OR_DOI.search(line)), line
        assert lines._is_embedded_post(line) == bool(lines._EMBEDDED_POST.search(line)), line
        assert lines._is_table_row(line) == _is_table_row_reading_every_word(line), line
    assert sum(lines._is_reference_line(line) for line in GATED_LINES) >= 6
    assert sum(lines._is_embedded_post(line) for line in GATED_LINES) == 3
    assert sum(lines._is_table_row(line) for line in GATED_LINES) >= 3


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


def test_promo_headline_between_paragraphs_is_not_prose():
    text = ("The council voted on Tuesday to close the bridge.\n\n"
            "Woman Rescued From Flooded Creek Thanks Firefighters\n\n"
            "Repairs are expected to take six weeks.")
    assert lines_of(text) == ["Woman Rescued From Flooded Creek Thanks Firefighters"]


def test_title_case_line_without_prose_around_it_stays_prose():
    # a list of product names is not set between two prose paragraphs
    text = "Acme Smart Plug Mini\nAcme Smart Plug Outdoor\nBoth work with Alexa."
    assert lines_of(text) == []


def test_sentence_in_title_case_is_prose():
    text = "The mayor spoke.\n\nGreen Party Wins Seat.\n\nTurnout was high."
    assert lines_of(text) == []


def test_table_header_above_its_rows_is_not_prose():
    text = "Shares fell.\n\nSymbol Company Price Change\nABC ACME CORP. 12.50 -0.40\n"
    assert lines_of(text) == ["Symbol Company Price Change", "ABC ACME CORP. 12.50 -0.40"]


def test_author_list_with_et_al_is_a_reference():
    text = "Sleep is a state of the brain.\nMore information: R. Moreau et al. Sleep in Mammals, Journal of Rest (2017)."
    assert lines_of(text) == ["More information: R. Moreau et al. Sleep in Mammals, Journal of Rest (2017)."]


def test_mailing_address_footer_is_not_prose():
    text = "Ask Ann runs daily.\nWrite to Ask Ann at P.O. Box 1234, Springfield, IL 62704."
    assert lines_of(text) == ["Write to Ask Ann at P.O. Box 1234, Springfield, IL 62704."]


def test_zip_code_alone_marks_an_address():
    assert lines_of("Visit the museum at 12 Elm Street, Dover, DE 19901 on weekdays.") == [
        "Visit the museum at 12 Elm Street, Dover, DE 19901 on weekdays."]


def test_embedded_post_and_its_signature_are_not_prose():
    text = ("The band thanked fans.\n"
            "Tour dates are out now https://t.co/Ab12Cd pic.twitter.com/Xy98\n"
            "— The Band (@theband) May 2, 2020\n"
            "Tickets sold out.")
    assert lines_of(text) == ["Tour dates are out now https://t.co/Ab12Cd pic.twitter.com/Xy98",
                              "— The Band (@theband) May 2, 2020"]
