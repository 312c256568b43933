import datetime as dt

from pipeline.furniture import credit_line, split_furniture

PROSE = ("The ministry said exports of wheat and barley rose sharply in the first half of the year as "
         "buyers in Asia returned to the market after a long pause.")
PROSE2 = ("Farmers in the south reported the best yields in a decade, helped by rain at the right time "
          "and by lower prices for fertiliser and diesel than last season.")


def test_date_line_is_boilerplate_and_sets_date():
    f = split_furniture([" date 2024-03-05 Grain prices climb", "Second paragraph here."])
    assert f.published_date == dt.date(2024, 3, 5)
    assert f.body_lines[0] == "Grain prices climb"
    assert any("2024-03-05" in b for b in f.blocks)


def test_bare_date_line_with_weekday_and_abbreviated_month():
    f = split_furniture(["Thursday, Sept. 5, 2024", PROSE])
    assert f.published_date == dt.date(2024, 9, 5)
    assert f.body_lines == [PROSE] and f.blocks == ["Thursday, Sept. 5, 2024"]


def test_sentence_opening_with_a_date_is_not_a_date_line():
    line = "September 5, 2024 was the day the ministry published its export figures for the year."
    f = split_furniture([line, PROSE])
    assert f.published_date is None and f.body_lines == [line, PROSE]


def test_future_date_line_gives_no_date():
    f = split_furniture(["Published: March 3, 2031", PROSE], latest=dt.date(2026, 1, 1))
    assert f.published_date is None


def test_published_line_under_a_byline_gives_the_date():
    f = split_furniture(["By Jo Park", "Published: October 8, 2024 at 6:45 p.m. ET", "Story text here."])
    assert f.published_date == dt.date(2024, 10, 8)
    assert f.body_lines == ["Story text here."]
    assert "Published: October 8, 2024 at 6:45 p.m. ET" in f.blocks


def test_teaser_list_runs_to_the_end_as_one_block():
    lines = ["Para one of the story.", "Para two of the story.", "Related stories", "09:15",
             "Markets", "A teaser about something else entirely.", "Leave a comment"]
    f = split_furniture(lines)
    assert f.body_lines == ["Para one of the story.", "Para two of the story."]
    assert f.blocks[0].startswith("Related stories\n09:15")
    assert f.blocks[-1] == "Leave a comment"


def test_related_box_mid_article_does_not_swallow_the_story():
    lines = [PROSE, PROSE2, "Related", "Rice prices hit a record", "Drought hits maize crop",
             PROSE.replace("wheat", "oats"), PROSE2.replace("south", "north"), PROSE.replace("Asia", "Africa")]
    f = split_furniture(lines)
    assert f.blocks == ["Related\nRice prices hit a record\nDrought hits maize crop"]
    assert f.body_lines == [lines[0], lines[1], lines[5], lines[6], lines[7]]


def test_one_line_teasers_and_prompts_are_furniture():
    lines = [PROSE, "Read more: Rice prices hit a record", "[Related: Drought hits maize crop]",
             "Also on example.com: Oats rally", PROSE2, "Subscribe to the Morning Review newsletter",
             "Like this story? Share it with a friend!", "Loading comments...", "12 comments"]
    f = split_furniture(lines)
    assert f.body_lines == [PROSE, PROSE2]


def test_headline_repeated_at_the_top_is_furniture():
    f = split_furniture(["Grain exports rise", PROSE], title="Grain Exports Rise")
    assert f.blocks == ["Grain exports rise"] and f.body_lines == [PROSE]


def test_wire_dateline_is_boilerplate_and_cites_the_agency():
    f = split_furniture(["OSLO, Feb. 3 (AFP) - Norway's wealth fund posted a record return.", "More text."])
    assert f.body_lines[0] == "Norway's wealth fund posted a record return."
    assert f.blocks == ["OSLO, Feb. 3 (AFP) -"] and f.outlets == ["AFP"]


def test_contributor_line_gives_credit():
    assert credit_line("— Maria Lopez and Tom Baker contributed to this article.") == (["Maria Lopez", "Tom Baker"], [])


def test_contributed_reporting_from_a_place_gives_credit():
    assert credit_line("Keith Bradsher contributed reporting from Hong Kong.") == (["Keith Bradsher"], [])


def test_agency_editing_line_gives_outlet_and_editor():
    names, outlets = credit_line("AFP with additional input and editing by Sara Kim")
    assert names == ["Sara Kim"] and outlets == ["AFP"]


def test_reporting_by_line_gives_all_names():
    names, _ = credit_line("(Reporting by Ana Silva in Brasilia; Editing by Mark Heinrich)")
    assert names == ["Ana Silva", "Mark Heinrich"]


def test_based_on_report_line_cites_outlet():
    assert credit_line("Based On BBC Report") == ([], ["BBC"])


def test_ordinary_sentence_is_not_a_credit_line():
    assert credit_line("The minister said by Friday the plan would be ready.") is None


def test_caption_credit_and_disclaimer_lines_are_furniture():
    lines = [PROSE, "(Image credit: Harbour Photo Agency)", PROSE2,
             "The views and opinions expressed in the article do not necessarily reflect those of Example News."]
    f = split_furniture(lines)
    assert f.body_lines == [PROSE, PROSE2] and len(f.blocks) == 2


def test_agency_initials_alone_under_the_story_are_a_source_note():
    f = split_furniture([PROSE, PROSE2, "IANS"])
    assert f.body_lines == [PROSE, PROSE2] and f.blocks == ["IANS"] and f.outlets == ["IANS"]


def test_agency_initials_closing_the_last_paragraph_are_a_source_note():
    f = split_furniture([PROSE, PROSE2 + " IANS"])
    assert f.body_lines == [PROSE, PROSE2] and f.blocks == ["IANS"] and f.outlets == ["IANS"]


def test_capitals_word_alone_inside_the_page_stays_in_the_body():
    f = split_furniture([PROSE, "STAFF", PROSE2])
    assert f.body_lines == [PROSE, "STAFF", PROSE2]


def test_capitals_word_alone_at_the_top_stays_in_the_body():
    f = split_furniture(["NASA", PROSE, PROSE2, PROSE])
    assert f.body_lines[0] == "NASA"


def test_wire_continuation_marker_is_not_an_agency():
    f = split_furniture([PROSE, "Traders expect more rain in the north next week, the ministry said. MORE"])
    assert f.outlets == [] and "MORE" not in f.blocks
