"""Unit tests of the claims extractor on hand-written sentences (not from the seeds)."""
from __future__ import annotations

from pipeline.extractors.claims import claims_from_doc


def claims(nlp, text):
    doc = nlp(text)
    found = claims_from_doc(doc)
    for c in found:  # every claim's offsets slice its text out of the body exactly
        assert doc.text[c.start:c.end] == c.text
    return found


def only(nlp, text):
    found = claims(nlp, text)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def test_direct_quote_text_has_no_quote_marks_or_attribution(nlp):
    c = only(nlp, '"We expect grain shipments to recover by the autumn," the agriculture minister said.')
    assert c.text == "We expect grain shipments to recover by the autumn"
    assert (c.kind, c.cue, c.speaker) == ("direct_quote", "say", "the agriculture minister")


def test_quote_after_colon_takes_the_cue_lemma(nlp):
    c = only(nlp, 'The finance minister added: "We will not raise taxes this year."')
    assert (c.kind, c.cue, c.speaker) == ("direct_quote", "add", "The finance minister")
    assert c.text.startswith("We will not raise taxes")


def test_inverted_attribution_with_a_descriptive_speaker(nlp):
    c = only(nlp, '"The election was free and fair," said the head of the observer mission.')
    assert c.speaker == "the head of the observer mission"
    assert c.kind == "direct_quote"


def test_reported_speech_drops_that_and_keeps_speaker_as_written(nlp):
    c = only(nlp, "Central bank governor Maria Lopez stressed that rates would stay high until inflation cools.")
    assert c.text == "rates would stay high until inflation cools"
    assert (c.kind, c.cue, c.speaker) == ("reported", "stress", "Central bank governor Maria Lopez")


def test_told_outlet_is_recorded_as_via(nlp):
    c = only(nlp, "The finance minister told Reuters that the budget deficit would narrow next year.")
    assert (c.cue, c.via, c.speaker) == ("tell", "Reuters", "The finance minister")
    assert c.text == "the budget deficit would narrow next year"


def test_told_reporters_is_not_an_outlet(nlp):
    c = only(nlp, "The prime minister told reporters that the election would be held in May.")
    assert c.via is None


def test_according_to_before_the_statement(nlp):
    c = only(nlp, "According to the electoral commission, turnout reached a record.")
    assert (c.text, c.cue, c.speaker) == ("turnout reached a record", "according to", "the electoral commission")


def test_according_to_after_the_statement(nlp):
    c = only(nlp, "Soybean exports will fall sharply this season, according to the farm ministry.")
    assert c.text == "Soybean exports will fall sharply this season"
    assert (c.kind, c.cue, c.speaker) == ("reported", "according to", "the farm ministry")


def test_continuation_quote_keeps_speaker_and_cue(nlp):
    first, second = claims(nlp, '"We will appeal," the club\'s lawyer said. "The ban is unfair and disproportionate."')
    assert first.text == "We will appeal"
    assert second.text.rstrip(".") == "The ban is unfair and disproportionate"
    assert (second.kind, second.cue, second.speaker) == ("direct_quote", "say", "the club's lawyer")
    assert (first.sentence_index, second.sentence_index) == (0, 1)


def test_scare_quotes_are_not_claims(nlp):
    assert claims(nlp, 'Critics dismissed the "reform" as window dressing.') == []


def test_weak_cue_with_a_non_speaking_subject_is_not_a_claim(nlp):
    assert claims(nlp, "Data suggest that inflation is easing.") == []


def test_trailing_outlet_report_is_via_not_speaker(nlp):
    c = only(nlp, "The coach said the team was ready for the final, the Associated Press reported.")
    assert c.text == "the team was ready for the final"
    assert (c.speaker, c.cue, c.via) == ("The coach", "say", "Associated Press")


def test_quote_inside_reported_clause_shares_speaker_cue_and_via(nlp):
    outer, quote = claims(nlp, 'The minister said in a speech that exports faced "serious headwinds this year," '
                               "Reuters reported.")
    assert outer.kind == "reported" and quote.kind == "direct_quote"
    assert quote.text == "serious headwinds this year"
    assert (quote.speaker, quote.cue, quote.via) == (outer.speaker, outer.cue, outer.via) == \
        ("The minister", "say", "Reuters")


def test_outlet_as_speaker_has_no_via(nlp):
    c = only(nlp, "Kyodo News reported that the talks had stalled.")
    assert (c.speaker, c.cue, c.via) == ("Kyodo News", "report", None)


def test_sentence_index_of_a_later_claim(nlp):
    c = only(nlp, "Wheat prices fell on Monday. Traders said the harvest in Kansas was larger than expected.")
    assert c.sentence_index == 1
    assert c.text == "the harvest in Kansas was larger than expected"


def test_quoted_as_saying_is_the_quoted_persons_statement(nlp):
    c = only(nlp, "The Asahi newspaper quoted him as saying the yen was too strong.")
    assert (c.text, c.speaker, c.cue, c.via) == ("the yen was too strong", "him", "quote", "Asahi")


def test_according_to_between_subject_and_predicate_takes_what_follows(nlp):
    c = only(nlp, "A further 17 manufacturers, according to the report, had plants in Ohio.")
    assert (c.text, c.speaker) == ("had plants in Ohio", "the report")


def test_reported_statement_runs_to_the_end_of_the_quotation_it_opens(nlp):
    found = claims(nlp, 'Lena Berg said that the board "made a mistake. We will fix it."')
    reported = [c for c in found if c.kind == "reported"]
    assert reported[0].text == 'the board "made a mistake. We will fix it.'


def test_table_rows_give_no_claims(nlp):
    assert claims(nlp, "Shr 34 cts vs 1.19 dlrs said\nNet 807,000 vs 2,858,000") == []


def test_indirect_question_is_not_a_statement_but_a_further_that_clause_is(nlp):
    c = only(nlp, "Port officials would not say if they found any faults, but that after the checks they "
                  "were sure all ships were safe.")
    assert c.text == "after the checks they were sure all ships were safe"


def test_called_x_y_states_the_label(nlp):
    c = only(nlp, "The union called the new contract an insult to every nurse.")
    assert (c.text, c.cue, c.speaker) == ("the new contract an insult to every nurse", "call", "The union")


def test_joked_that_is_reported_speech(nlp):
    c = only(nlp, "Later, the coach joked that his team was too tired to lose.")
    assert (c.text, c.cue) == ("his team was too tired to lose", "joke")


def test_statement_goes_on_into_a_conjoined_clause_with_quoted_words(nlp):
    found = claims(nlp, 'Lena Berg said the plant employs 450 people, and she sees "real pride in their work."')
    reported = [c for c in found if c.kind == "reported"]
    assert reported[0].text == 'the plant employs 450 people, and she sees "real pride in their work.'


def test_survey_showing_that_is_a_reported_statement(nlp):
    c = only(nlp, "A survey showing that consumer confidence fell in May was released on Tuesday.")
    assert (c.text, c.speaker, c.cue) == ("consumer confidence fell in May", "A survey", "show")


def test_dateline_is_not_the_speaker(nlp):
    c = only(nlp, "NEW YORK, March 27 - Lone Star Industries Inc said it has arranged new financing.")
    assert c.speaker == "Lone Star Industries Inc"


def test_statement_whose_verb_is_recall_or_report_is_still_a_claim(nlp):
    found = claims(nlp, "Tesla said on Monday it would recall 10,000 cars. The automaker said no injuries "
                        "had been reported.")
    assert [(c.text, c.speaker) for c in found] == [("it would recall 10,000 cars", "Tesla"),
                                                    ("no injuries had been reported", "The automaker")]


def test_second_that_clause_after_and_is_part_of_the_same_claim(nlp):
    c = only(nlp, "Smith said he expected rates to rise this year and that the bank would act in June.")
    assert c.text == "he expected rates to rise this year and that the bank would act in June"
    assert c.speaker == "Smith"


def test_second_that_clause_after_a_comma_and_and_is_part_of_the_same_claim(nlp):
    c = only(nlp, "The firm said its two directors had resigned, and that it appointed a new auditor.")
    assert c.text == "its two directors had resigned, and that it appointed a new auditor"


def test_second_that_clause_after_but_is_a_claim_of_its_own(nlp):
    found = claims(nlp, "Smith said rates would rise, but that the bank would wait.")
    assert [c.text for c in found] == ["rates would rise", "the bank would wait"]
    assert {c.speaker for c in found} == {"Smith"}


def test_quotation_inside_according_to_is_the_sources_words(nlp):
    found = claims(nlp, 'According to the White House, the president went to the hospital for a '
                        '"quick exam and labs" on Saturday.')
    quote = next(c for c in found if c.kind == "direct_quote")
    assert (quote.text, quote.cue, quote.speaker) == ("quick exam and labs", "according to", "the White House")


def test_quotation_opening_the_next_paragraph_continues_the_speaker(nlp):
    text = ('Coach Dan Mills said the team had played poorly.\n'
            '"We didn\'t tackle. We have to be better," he said.\n'
            '"I take responsibility for that, and so do my assistants."')
    last = claims(nlp, text)[-1]
    assert last.text.startswith("I take responsibility") and last.speaker_basis == "continuation"
    assert last.speaker == "he" and last.cue == "say"


def test_quotation_running_over_paragraphs_is_found_in_each(nlp):
    text = ('"We didn\'t tackle and we didn\'t block," Coach Dan Mills said. "I take responsibility for that.\n'
            '"Nobody in that locker room is happy right now."')
    texts = [c.text for c in claims(nlp, text)]
    assert texts[-2:] == ["I take responsibility for that.", "Nobody in that locker room is happy right now."]


def test_quotation_after_an_unrelated_paragraph_is_not_continued(nlp):
    text = ('"We will fight this," said Mayor John Reed.\n'
            'The council voted 5-2 on Monday to approve the project.\n'
            'The vote came after midnight. "Nobody expected it to pass this week."')
    assert [c.text for c in claims(nlp, text)] == ["We will fight this"]


def test_quotation_continues_over_paragraphs_set_off_by_blank_lines(nlp):
    text = ('Coach Dan Mills said the team had played poorly.\n\n'
            '"We didn\'t tackle. We have to be better," he said.\n\n'
            '"I take responsibility for that, and so do my assistants."')
    last = claims(nlp, text)[-1]
    assert last.text.startswith("I take responsibility") and last.speaker_basis == "continuation"


def test_unclosed_quotation_before_a_blank_line_runs_to_its_paragraph_end(nlp):
    text = ('Mayor Ruth Kane said the new bridge "will cut travel times for thousands of commuters.\n\n'
            '"We expect the first cars on it by next spring."')
    texts = [c.text for c in claims(nlp, text)]
    assert "will cut travel times for thousands of commuters." in texts
    assert texts[-1] == "We expect the first cars on it by next spring."


def test_quotation_two_paragraphs_after_the_claim_is_not_continued(nlp):
    text = ('"We will fight this," said Mayor John Reed.\n\n'
            'The council voted 5-2 on Monday to approve the project.\n\n'
            '"Nobody expected it to pass this week."')
    assert [c.text for c in claims(nlp, text)] == ["We will fight this"]


def test_not_to_say_reports_nobody(nlp):
    assert claims(nlp, "Which is not to say that whatever happened on Saturday was routine.") == []


def test_phrasal_cue_keeps_its_particle(nlp):
    c = only(nlp, "Maya Rao, an analyst at Orbit Capital, pointed out that demand had slowed in every region.")
    assert c.cue == "point out"


def test_short_quotation_said_as_an_utterance_is_a_claim(nlp):
    c = only(nlp, '"No, never," she insisted after the hearing.')
    assert (c.text, c.kind, c.cue) == ("No, never", "direct_quote", "insist")


def test_subject_the_parser_took_for_a_modifier_is_the_speaker(nlp):
    c = only(nlp, '"Business has never been this slow," the 54-year-old said.')
    assert c.speaker == "54-year-old"


def test_as_x_noted_frames_the_statement(nlp):
    c = only(nlp, "As Smith noted at the time, the plan had a serious flaw.")
    assert (c.text, c.speaker, c.cue) == ("the plan had a serious flaw", "Smith", "note")


def test_according_to_after_a_reported_statement_is_not_part_of_it(nlp):
    c = only(nlp, "Oil minister Ali Khalifa said OPEC was producing well below its ceiling, according to "
                  "a newspaper interview.")
    assert (c.text, c.speaker) == ("OPEC was producing well below its ceiling", "Oil minister Ali Khalifa")


def test_causal_as_with_an_object_is_not_a_source(nlp):
    assert claims(nlp, "Earnings were not a disappointment, as most of the companies reported better than "
                       "expected results.") == []


def test_statement_reported_by_a_person_after_it_is_that_persons(nlp):
    found = claims(nlp, "Afterward, Sondra Lee said she had warned the board, Tom Morris testified.")
    outer = next(c for c in found if c.cue == "testify")
    assert outer.speaker == "Tom Morris" and outer.text.startswith("Afterward, Sondra Lee said")
    assert any(c.speaker == "Sondra Lee" and c.text == "she had warned the board" for c in found)


def test_inverted_speaker_the_parser_took_for_an_object(nlp):
    found = claims(nlp, "The plan was doomed from the start, said another witness, former adviser Fiona Hall.")
    assert found[0].text == "The plan was doomed from the start"
    assert found[0].speaker.startswith("another witness")


def test_one_word_label_of_a_naming_cue_is_a_claim(nlp):
    found = claims(nlp, 'A career officer described the phone call as "improper."')
    assert [(c.text, c.kind, c.cue) for c in found] == [("improper.", "direct_quote", "describe")]


def test_restrictive_modifier_stays_in_the_speaker_phrase(nlp):
    assert only(nlp, "A source who asked not to be named said the deal was off.").speaker == \
        "A source who asked not to be named"
    assert only(nlp, "John Smith, speaking at a conference, said the deal was off.").speaker == "John Smith"


def test_narration_before_an_attributed_quotation_is_not_reported_speech(nlp):
    found = claims(nlp, 'Mayor Ann Ross has changed her story twice -- "I now do remember it," she said.')
    assert [(c.text, c.kind) for c in found] == [("I now do remember it", "direct_quote")]


def test_clause_inside_a_quotation_is_not_separate_reported_speech(nlp):
    found = claims(nlp, 'One user posted: "I just want to know how they came here?? By train, or did they drive?"')
    assert [c.kind for c in found] == ["direct_quote"]


def test_words_before_a_quoted_fragment_are_part_of_the_statement(nlp):
    found = claims(nlp, 'The company was "dragged into the fight," chief executive Ann Ross said on Tuesday.')
    assert any(c.kind == "reported" and c.text.startswith("The company was") for c in found)


def test_according_to_an_outlet_that_quotes_someone_else_is_not_the_outlets_claim(nlp):
    found = claims(nlp, 'According to AFP, one user on Weibo posted: "I just want to know how they got here."')
    assert [(c.kind, c.speaker) for c in found] == [("direct_quote", "one user on Weibo")]


def test_comparative_correlative_is_one_statement(nlp):
    c = only(nlp, "The agency advises the earlier people seek treatment, the more likely they are to recover.")
    assert c.text == "the earlier people seek treatment, the more likely they are to recover"


def test_short_full_sentence_quotation_continues_the_speaker(nlp):
    last = claims(nlp, '"After that, I do not know," she said. "I really don\'t."')[-1]
    assert (last.text, last.speaker_basis) == ("I really don't.", "continuation")


def test_label_the_parser_hung_on_the_object_is_a_claim(nlp):
    found = claims(nlp, 'Senate leader Paul Gazelka called the plan "a band-aid" on Tuesday.')
    assert [(c.text, c.cue) for c in found] == [("a band-aid", "call")]


def test_question_asked_in_quotation_marks_is_a_claim(nlp):
    c = only(nlp, '"Can I give my place to James?" the singer asked the judges.')
    assert (c.text, c.cue) == ("Can I give my place to James?", "ask")


def test_that_clause_the_parser_hung_on_in_a_statement(nlp):
    c = only(nlp, "Tanaka's ministry said in a statement that it would publish its proposals next week.")
    assert c.text == "it would publish its proposals next week"


def test_according_to_over_a_non_speaking_reporting_verb_stays_the_sources(nlp):
    found = claims(nlp, 'According to spokesperson Ana Ruiz, the visit was cancelled after talks revealed that '
                        '"several points need more work at the technical level."')
    assert {(c.kind, c.cue, c.speaker) for c in found} == {
        ("reported", "according to", "spokesperson Ana Ruiz"), ("direct_quote", "according to", "spokesperson Ana Ruiz")}


def test_study_that_found_is_a_source(nlp):
    c = only(nlp, "A study by the Pew Research Center found that most adults use social media daily.")
    assert (c.text, c.cue) == ("most adults use social media daily", "find")


def test_finding_an_object_states_nothing(nlp):
    assert claims(nlp, "Police found the car abandoned near the river.") == []


def test_people_finding_something_is_not_reported_speech(nlp):
    assert claims(nlp, "We also found that the claim did not come from a credible outlet.") == []


def test_quotation_after_another_person_is_named_is_not_continued(nlp):
    text = '"We will appeal," Mayor Ann Ross said. Council member Tom Baker disagreed. "The ruling was fair."'
    assert [c.text for c in claims(nlp, text)] == ["We will appeal"]


def test_quotation_continues_over_narration_that_names_nobody(nlp):
    text = ('"We will appeal," Mayor Ann Ross said on Monday. The ruling came after a two-week trial.\n'
            '"This is not over, not by a long way."')
    last = claims(nlp, text)[-1]
    assert (last.text, last.speaker_basis) == ("This is not over, not by a long way.", "continuation")


def test_person_named_in_the_attribution_sentence_does_not_stop_the_continuation(nlp):
    text = ('"We lost that game," Cam Hayes said, via Brian Cole of the Daily Star.\n'
            '"I know it got overshadowed, but we did not play well."')
    last = claims(nlp, text)[-1]
    assert last.speaker_basis == "continuation" and last.speaker == "Cam Hayes"


def test_speculated_that_is_a_reporting_verb(nlp):
    c = only(nlp, "Currency dealers speculated that the central bank would cut rates next week.")
    assert (c.cue, c.speaker, c.text) == ("speculate", "Currency dealers", "the central bank would cut rates next week")


def test_participle_after_a_passive_takes_the_agent_as_speaker(nlp):
    c = only(nlp, "The leaked memo was disowned by the minister, hinting that it had been forged.")
    assert (c.cue, c.speaker, c.text) == ("hint", "the minister", "it had been forged")


def test_that_clause_after_at_the_time_is_the_statement(nlp):
    c = only(nlp, "Both pilots claimed at the time that they had followed every procedure.")
    assert (c.speaker, c.text) == ("Both pilots", "they had followed every procedure")


def test_unsourced_passive_with_empty_it_is_no_claim(nlp):
    assert claims(nlp, "It is alleged that the mayor took bribes from two builders.") == []


def test_a_further_act_of_the_speaker_is_cut_from_the_statement(nlp):
    c = only(nlp, "Moody's said the merger favoured bondholders and identified three banks as likely winners.")
    assert c.text == "the merger favoured bondholders"


def test_object_of_the_reporting_verb_taken_as_the_statement_subject(nlp):
    found = claims(nlp, "The agency said another 12 people had been hurt in the fire, but added the cause of the "
                        "blaze remained unclear.")
    assert found[-1].text == "the cause of the blaze remained unclear" and found[-1].cue == "add"


def test_subject_before_a_participle_clause_speaks(nlp):
    c = only(nlp, "Harlow Industries Inc, reporting a loss for the second quarter, said prospects for the year "
                  "remain good.")
    assert (c.speaker, c.text) == ("Harlow Industries Inc", "prospects for the year remain good")


def test_second_reporting_verb_shares_the_first_ones_subject(nlp):
    found = claims(nlp, 'Ahmed said the raids began shortly after the talks opened and indicated that "the talks '
                        'are now in danger."')
    assert [(c.text, c.speaker) for c in found] == [("the raids began shortly after the talks opened", "Ahmed"),
                                                    ("the talks are now in danger.", "Ahmed")]
    assert found[-1].kind == "direct_quote"


def test_trailing_attribution_the_parser_hung_on_the_statement(nlp):
    c = only(nlp, "Northland Bank Corp spent about 2 mln dlrs on its failed bid for Coastal Corp, Northland "
                  "Chairman Joseph Reilly said.")
    assert c.speaker == "Northland Chairman Joseph Reilly"
    assert c.text == "Northland Bank Corp spent about 2 mln dlrs on its failed bid for Coastal Corp"


def test_trailing_attribution_with_a_time_after_the_verb(nlp):
    found = claims(nlp, "A Texas woman admitted that she had forged the ballots, the county prosecutor's office "
                        "announced Tuesday.")
    outer = found[0]
    assert (outer.speaker, outer.cue) == ("the county prosecutor's office", "announce")
    assert outer.text == "A Texas woman admitted that she had forged the ballots"


def test_adverbial_clause_before_a_reporting_verb_is_no_statement(nlp):
    assert claims(nlp, "After the meeting ended, the mayor told reporters.") == []


def test_according_to_after_a_full_clause_attributes_that_clause(nlp):
    c = only(nlp, "Two more plants will close this year, according to the union, so it is likely that output "
                  "will fall.")
    assert (c.cue, c.speaker, c.text) == ("according to", "the union", "Two more plants will close this year")


def test_called_x_a_y_parsed_as_an_apposition_is_still_a_naming(nlp):
    c = only(nlp, "Analysts at Nomura had called the court's decision on the merger a landmark ruling.")
    assert (c.cue, c.text) == ("call", "the court's decision on the merger a landmark ruling")


def test_introduced_as_with_a_quoted_label(nlp):
    c = only(nlp, 'The host introduced her guest as "the most honest man in this town."')
    assert (c.kind, c.cue, c.speaker) == ("direct_quote", "introduce", "The host")


def test_quotation_of_what_someone_remembers(nlp):
    c = only(nlp, 'Jones remembered the coach shouting at the team and "throwing his clipboard across the room '
                  'every single week."')
    assert (c.kind, c.cue) == ("direct_quote", "remember")


def test_speaker_phrase_never_holds_the_quoted_words(nlp):
    c = only(nlp, '"While we have not yet found it, we found the next best thing: water in vapor form," lead '
                  'researcher Lucas Perez said.')
    assert c.speaker == "lead researcher Lucas Perez"


def test_speaker_between_the_quotation_and_a_verb_without_subject(nlp):
    c = only(nlp, '"Our quarterly results reflected broad growth across our business, yet sales were below our '
                  'expectations," chairman, CEO and president Craig Menear said in the earnings release.')
    assert c.speaker == "chairman, CEO and president Craig Menear"


def test_hyphenated_title_split_by_the_parser_stays_with_the_name(nlp):
    c = only(nlp, '"Rainfall is rare on the plains," said study co-author Anna Berg, a geologist at the institute.')
    assert c.speaker == "co-author Anna Berg"


def test_description_of_the_source_belongs_to_the_according_to_phrase(nlp):
    c = only(nlp, "According to the study, published in a medical journal last week, the patient had suffered "
                  "months of fatigue.")
    assert (c.speaker, c.text) == ("the study", "the patient had suffered months of fatigue")


def test_object_of_a_verb_of_causing_speaks_its_infinitive(nlp):
    c = only(nlp, "The video prompted several viewers to argue that the footage had been staged.")
    assert (c.speaker, c.cue) == ("several viewers", "argue")


def test_continued_after_a_quotation_is_a_reporting_verb(nlp):
    c = only(nlp, '"We are largely on track with these investments," Menear continued.')
    assert (c.cue, c.speaker) == ("continue", "Menear")


def test_verb_inside_a_quotation_attributes_no_other_quotation(nlp):
    found = claims(nlp, 'The plan originated in directives from the council to "show absolutely no mercy" in the '
                        '"struggle against crime, fraud and corruption".')
    assert all(c.cue != "show" for c in found)


def test_that_said_is_a_concession_not_a_claim(nlp):
    c = only(nlp, "That said, the agency says that the northern route remains the main entry point.")
    assert (c.speaker, c.text) == ("the agency", "the northern route remains the main entry point")


def test_addressee_of_a_passive_tell_is_not_the_speaker(nlp):
    c = only(nlp, "In a memo sent on Monday, employees were told that layoffs would begin this week.")
    assert (c.speaker, c.text) == (None, "layoffs would begin this week")


def test_passive_tell_with_a_doer_takes_the_doer(nlp):
    c = only(nlp, "The director was told by the minister that the budget would be cut.")
    assert c.speaker == "the minister"


def test_person_outranks_an_organisation_among_split_subjects(nlp):
    c = only(nlp, 'In a letter, CPUC President Marybel Batjer said that "a lack of service is not a mere '
                  'inconvenience."')
    assert "Marybel Batjer" in c.speaker


def test_declining_to_say_when_states_nothing(nlp):
    assert claims(nlp, "He declined to say when his company's lander would be ready.") == []
    assert claims(nlp, "The minister would not say why the talks had failed.") == []


def test_time_spent_explaining_is_not_the_speaker(nlp):
    c = only(nlp, "Andrew spent a minute explaining how he could not have been at the party.")
    assert (c.speaker, c.cue) == ("Andrew", "explain")


def test_quotation_before_a_verb_with_its_own_object_is_not_its_words(nlp):
    assert claims(nlp, 'The crew would rely on "fault detection, isolation and recovery" to maintain a minimum '
                       'level of performance.') == []


def test_quotation_before_tell_and_its_addressee_is_the_speakers(nlp):
    c = only(nlp, '"We will win this," he told reporters.')
    assert (c.kind, c.cue, c.speaker) == ("direct_quote", "tell", "he")


def test_introduced_without_a_label_attributes_no_quotation(nlp):
    assert claims(nlp, 'The state\'s "Meth. We\'re on it." campaign has drawn mockery since introduced on Monday.') == []


def test_attribution_set_off_inside_the_sentence_attributes_the_whole_sentence(nlp):
    c = only(nlp, "A major part of the reason that more money is needed, Senator Ray Collins said, is the flow of "
                  "drugs across the border.")
    assert c.speaker == "Senator Ray Collins" and c.text.endswith("is the flow of drugs across the border")
    assert c.text.startswith("A major part of the reason")


def test_comments_after_a_quotation_is_a_reporting_verb(nlp):
    c = only(nlp, '"We\'re truly excited about the tour," comments Johnston in a statement.')
    assert (c.cue, c.speaker) == ("comment", "Johnston")


def test_adverbial_clause_before_a_parenthetical_said_is_no_statement(nlp):
    assert claims(nlp, "When the plan failed, the mayor said, nobody was surprised.") == []


def test_per_a_named_source_is_an_according_to_attribution(nlp):
    c = only(nlp, "Per the ministry, exports rose 5 percent in May.")
    assert (c.cue, c.speaker, c.text) == ("according to", "the ministry", "exports rose 5 percent in May")


def test_per_as_a_rate_is_no_attribution(nlp):
    assert claims(nlp, "Sales rose 4 percent per share last year.") == []


def test_pronoun_attribution_inside_the_sentence(nlp):
    c = only(nlp, "The larger landers, he said, could deliver tools needed by astronauts.")
    assert c.speaker == "he" and c.text.startswith("The larger landers") and c.text.endswith("astronauts")


def test_impersonal_it_is_important_to_remember_is_no_claim(nlp):
    assert claims(nlp, "But it's important to remember that we're fueling our bodies to watch football.") == []
    assert claims(nlp, "It is fair to say that the plan has failed.") == []


def test_infinitive_cue_with_a_person_subject_still_reports(nlp):
    c = only(nlp, "He wanted to stress that the plan had worked.")
    assert (c.cue, c.speaker) == ("stress", "He")


def test_writers_gloss_on_a_name_ending_the_statement_is_left_out(nlp):
    c = only(nlp, "Lee joked that he was not Maria Sanchez, the singer who had opened the evening with two songs.")
    assert c.text == "he was not Maria Sanchez"


def test_apposition_inside_the_statement_stays(nlp):
    c = only(nlp, "The minister said the talks with Peter Hall, the envoy, had gone well.")
    assert c.text == "the talks with Peter Hall, the envoy, had gone well"


def test_according_to_after_a_bare_subject_and_auxiliary_takes_what_follows(nlp):
    c = only(nlp, "He had, according to a reporter of the Daily Courier, eaten a wild rabbit before he fell ill.")
    assert c.text == "eaten a wild rabbit before he fell ill"


def test_continue_reports_only_next_to_a_quotation(nlp):
    assert claims(nlp, "But it is not merely that the government will not take a step back; they continue to "
                       "escalate the crisis.") == []


def test_as_previously_reported_names_no_source(nlp):
    assert claims(nlp, "As previously reported, bank commitments to the package will also be reduced by 250 mln "
                       "dlrs.") == []


def test_asked_why_is_a_question_not_a_statement(nlp):
    assert claims(nlp, "Baker declined to comment when he was asked why the U.S. agreed to stabilize the dollar.") == []


def test_conjoined_verbs_with_their_own_auxiliary_stay_in_the_statement(nlp):
    c = only(nlp, "Japanese officials said they have lived up to the pact and have asked chip-makers to slash output.")
    assert c.text.endswith("have asked chip-makers to slash output")


def test_conjoined_verb_of_showing_stays_in_the_statement(nlp):
    c = only(nlp, "Analysts said belly stocks exceeded the average expectation and actually showed a lighter decline.")
    assert c.text.endswith("actually showed a lighter decline")


def test_gloss_on_an_organisation_stays_in_the_statement(nlp):
    c = only(nlp, "The bank board said it closed First Federal of Maryland, a savings association that had 115.2 mln "
                  "dlrs in assets.")
    assert c.text.endswith("115.2 mln dlrs in assets")


def test_reporting_verb_conjoined_after_a_that_clause_takes_the_main_subject(nlp):
    found = claims(nlp, "Governor Ann Lee repeated the bank's earlier view that prices remain too high and said "
                        "only lower rates would help.")
    said = next(c for c in found if c.cue == "say")
    assert said.text == "only lower rates would help"
    assert said.speaker == "Governor Ann Lee"


def test_that_clause_of_a_stated_view_is_the_statement(nlp):
    c = only(nlp, "The minister restated his position that the tax stays in place.")
    assert (c.text, c.cue, c.speaker) == ("the tax stays in place", "restate", "The minister")


def test_a_plain_object_of_a_reporting_verb_is_no_statement(nlp):
    assert claims(nlp, "The minister restated the figures for the first quarter.") == []


def test_reaffirm_is_a_reporting_verb(nlp):
    c = only(nlp, "The company, which employs 300 people, reaffirmed it expects a profit in the second half.")
    assert (c.text, c.cue, c.speaker) == ("it expects a profit in the second half", "reaffirm", "The company")


def test_participle_statement_of_a_verbless_sentence_is_its_roots(nlp):
    # the parser makes "alliance" the root and hangs "formed ... and sent" on it
    c = only(nlp, "The alliance, Farmers First, formed in March and sent a petition to parliament stating "
                  "that prices were too low.")
    assert (c.text, c.cue, c.speaker) == ("prices were too low", "state", "The alliance")


def test_words_addressed_in_a_message_sent_by_someone_are_the_senders(nlp):
    c = only(nlp, "In a staff memo sent by director Laura Kim, employees were told that the office would close.")
    assert (c.text, c.cue, c.speaker) == ("the office would close", "tell", "director Laura Kim")


def test_words_addressed_in_a_message_with_no_sender_have_no_speaker(nlp):
    c = only(nlp, "In a memo sent on Friday, staff were told that the office would close.")
    assert (c.text, c.speaker) == ("the office would close", None)


def test_statement_before_its_attribution_with_two_clauses_is_one_claim(nlp):
    c = only(nlp, "One patient died, but the other three showed some improvement, she said.")
    assert c.text == "One patient died, but the other three showed some improvement"


def test_calling_a_pronoun_something_quoted_keeps_only_the_quotation(nlp):
    c = only(nlp, 'Analysts called it the "end of an era," as the plane was retired.')
    assert (c.text, c.kind, c.cue) == ("end of an era", "direct_quote", "call")


def test_calling_a_pronoun_something_unquoted_is_no_claim(nlp):
    assert claims(nlp, "The union called it an insult to every nurse.") == []


def test_quotation_right_after_an_inner_said_is_the_inner_speakers(nlp):
    found = claims(nlp, 'Police said Tom Hale called the office on Monday. The clerk who took the call recalled that '
                        'he said, "I will burn the place down," the police said.')
    quote = next(c for c in found if c.kind == "direct_quote")
    assert (quote.text, quote.speaker) == ("I will burn the place down", "he")


def test_quotation_after_a_colon_is_the_speakers_who_introduces_it(nlp):
    c = only(nlp, 'The minister said: "We will act."')
    assert c.speaker == "The minister"


def test_words_a_text_reads_are_a_quotation_of_that_text(nlp):
    c = only(nlp, '"A start-up based in Delhi, the shop was launched to clean the air," the description on the '
                  'website reads.')
    assert (c.kind, c.cue, c.speaker) == ("direct_quote", "read", "the description on the website")


def test_a_person_reading_aloud_is_no_source(nlp):
    assert claims(nlp, '"Tomorrow never comes," he read from the book.') == []


def test_read_reports_nothing_without_a_quotation(nlp):
    assert all(c.cue != "read" for c in claims(nlp, "The report reads that sales fell."))


def test_estimate_of_an_object_at_an_amount_is_a_claim(nlp):
    c = only(nlp, "The ministry estimated the wheat harvest at 12 mln tonnes, down from 14 mln last year.")
    assert (c.text, c.cue, c.speaker) == ("the wheat harvest at 12 mln tonnes, down from 14 mln last year",
                                          "estimate", "The ministry")


def test_estimate_at_a_place_is_no_claim(nlp):
    assert claims(nlp, "The firm estimated the damage at its plant.") == []


def test_via_an_outlet_after_the_speaker_is_the_claims_via(nlp):
    found = claims(nlp, 'Richardson, via USA Today, said that the fight "was his fault."')
    assert found and {c.via for c in found} == {"USA Today"}


def test_via_a_reporter_of_an_outlet_is_that_outlet_also_for_the_continued_quotation(nlp):
    found = claims(nlp, '"The most important thing is we won," Heyward said, via Brian Batko of the Pittsburgh '
                        'Post-Gazette. "I know it was close."')
    assert [c.via for c in found] == ["Pittsburgh Post-Gazette", "Pittsburgh Post-Gazette"]


def test_via_a_person_alone_is_no_outlet(nlp):
    found = claims(nlp, '"We won," Heyward said, via his agent Tom Cole.')
    assert found and all(c.via is None for c in found)


def test_as_reported_by_an_outlet_is_the_claims_via(nlp):
    c = only(nlp, '"The ban is unlawful," said one legal expert, as reported by the Independent newspaper.')
    assert (c.text, c.via) == ("The ban is unlawful", "Independent")


def test_as_reported_by_a_person_is_no_via(nlp):
    c = only(nlp, '"The ban is unlawful," said one legal expert, as reported by his colleague.')
    assert c.via is None


def test_conditional_statement_before_its_attribution_is_a_claim(nlp):
    c = only(nlp, "If the tests are positive and a decision to build is made then construction would take about "
                  "12 months, the company said.")
    assert c.text == ("If the tests are positive and a decision to build is made then construction would take "
                      "about 12 months")
    assert c.speaker == "the company"


def test_circumstance_of_the_saying_alone_is_no_claim(nlp):
    assert claims(nlp, "When asked about the plan, he said.") == []


def test_charged_that_reports_what_was_charged(nlp):
    c = only(nlp, "The trade commission charged that importers had no fair hearing before the panel.")
    assert (c.text, c.cue, c.speaker) == ("importers had no fair hearing before the panel", "charge",
                                          "The trade commission")


def test_charged_a_fee_is_no_statement(nlp):
    assert claims(nlp, "The bank charged its customers a monthly fee of five dollars.") == []


def test_quoted_title_is_no_statement(nlp):
    found = claims(nlp, 'After playing "Rolling On The River," the singer told the crowd, '
                        '"maybe we should go on the road again."')
    assert [c.text for c in found] == ["maybe we should go on the road again."]


def test_quoted_titles_after_according_to_are_no_statements(nlp):
    text = ('According to the promoter, fans can expect hits such as "Rolling On The River," '
            '"Lights Of The City" and others.')
    texts = [c.text for c in claims(nlp, text)]
    assert "Rolling On The River" not in texts and "Lights Of The City" not in texts


def test_capitalised_words_of_a_sentence_are_still_a_quote(nlp):
    c = only(nlp, '"WE WILL NOT GIVE UP," the coach said.')
    assert c.kind == "direct_quote"


def test_pronoun_and_verb_of_saying_alone_state_nothing(nlp):
    assert [c.text for c in claims(nlp, "He said, she said")] == []


def test_verb_hung_on_its_subject_as_a_relative_clause_still_reports(nlp):
    c = only(nlp, "Orvane's parent company, The Halvik Company, announced on Oct. 2 that it was withdrawing "
                  "its S-1 filing for an initial public offering, shortly after Ruiz stepped down as CEO.")
    assert c.text == "it was withdrawing its S-1 filing for an initial public offering" and c.cue == "announce"
    assert "Halvik" in c.speaker


def test_a_participle_whose_clause_is_all_speaker_gives_no_claim_and_no_error(nlp):
    # the parser hangs the subject's relative clause on "reported": nothing is left to be the
    # statement once the speaker's words are set aside (this raised IndexError and cost the
    # article all its rows)
    for text in ("The highest wheat yields reported in the 40 years that the ministry has kept such "
                 "figures came in 1990 when growers harvested five tonnes per hectare.",
                 "The largest rice harvest reported in the 30 years that the bureau has kept such records "
                 "was in 1978 when farmers planted 9 mln acres."):
        assert claims(nlp, text) == []


def test_the_kept_subtrees_are_the_tokens_subtrees(nlp):
    from pipeline.extractors.claims import _Tree

    doc = nlp("The minister, who arrived late, said on Monday that prices, according to the bank, would rise "
              "and that wages would not.")
    tree = _Tree.of(doc)
    for token in doc:
        assert list(tree.subtree(token)) == [t.i for t in token.subtree]
        assert tree.members(token) == {t.i for t in token.subtree}
        assert tree.deps[token.i] == token.dep and tree.lower[token.i] == token.lower


def test_cue_positions_are_the_tokens_is_cue_accepts(nlp):
    from pipeline.extractors.claims import _cue_positions, _is_cue

    text = ('SAID the minister: "We will add capacity." She told reporters the plan, which critics '
            'have called a failure, was working. He has said so. The statement says little; the say '
            'of the board, warned analysts, is final.\n\nREPORTED BY JANE SMITH. Nobody replied.')
    doc = nlp(text)
    expected = [t.i for t in doc if _is_cue(t)]
    assert len(expected) >= 5
    assert _cue_positions(doc) == expected
    assert _cue_positions(nlp("")) == []


def test_continue_with_an_infinitive_does_not_report_a_quotation(nlp):
    text = ('The minister said the army would continue to use "every lawful means to defend the '
            'borders of the country."')
    quote = next(c for c in claims(nlp, text) if c.kind == "direct_quote")
    assert (quote.speaker, quote.cue) == ("The minister", "say")


def test_firm_named_with_and_is_the_whole_speaker_phrase(nlp):
    found = claims(nlp, "Procter and Gamble said it would close the plant.")
    assert [(c.speaker, c.text) for c in found] == [("Procter and Gamble", "it would close the plant")]


def test_name_the_parser_took_for_a_second_subject_ends_the_speaker_phrase(nlp):
    found = claims(nlp, "Rainfall in the north doubled last month, the state news agency WAM reported.")
    assert [c.speaker for c in found] == ["the state news agency WAM"]


def test_comma_adjunct_after_an_embedded_clause_is_said_by_the_main_subject(nlp):
    text = ("She declined to say what price Orvane hoped to get for the unit, beyond noting that a "
            "rival had paid 300 mln dlrs for a similar plant.")
    found = claims(nlp, text)
    assert [(c.speaker, c.cue) for c in found] == [("She", "note")]


def test_reporting_verb_in_a_relative_clause_is_its_own_claim_inside_the_outer_one(nlp):
    text = ("Halvik Ltd said its board still advises holders not to sell their shares to Orvane, a "
            "Panama company which it said had links to a rival bidder.")
    found = sorted((c.text, c.speaker) for c in claims(nlp, text))
    assert found == [("had links to a rival bidder", "it"),
                     ("its board still advises holders not to sell their shares to Orvane, a Panama company "
                      "which it said had links to a rival bidder", "Halvik Ltd")]


def test_relative_pronoun_before_the_reporting_verb_is_left_out_of_the_statement(nlp):
    found = claims(nlp, "Orvane Group rejected the new offer from Halvik, which it said it considers far too low.")
    assert [(c.text, c.speaker) for c in found] == [("it considers far too low", "it")]


def test_organisation_reporting_another_party_s_claim_makes_two_claims(nlp):
    text = "The Orvane Food Safety Board said the importers claimed the new tariff was unfair to small firms."
    found = sorted((c.speaker, c.text) for c in claims(nlp, text))
    assert found == [("The Orvane Food Safety Board", "the importers claimed the new tariff was unfair to small firms"),
                     ("the importers", "the new tariff was unfair to small firms")]


def test_news_outlet_leading_a_statement_still_relays_it(nlp):
    found = claims(nlp, "Tehran radio said the minister told parliament the talks had failed.")
    assert [(c.speaker, c.via) for c in found] == [("the minister", "Tehran radio")]


def test_quotation_goes_on_from_its_speaker_not_from_the_next_sentences_cue(nlp):
    found = claims(nlp, '"We were shocked by the result," Paul Novak said. "Nobody saw it coming." '
                        "Mary Lund added that the vote would be challenged in court.")
    second = next(c for c in found if c.text.startswith("Nobody"))
    assert (second.speaker, second.speaker_basis) == ("Paul Novak", "continuation")


def test_next_sentences_cue_with_a_quotation_of_its_own_does_not_take_the_one_before(nlp):
    found = claims(nlp, '"Prices will fall," Nora Quist said. "It is only a matter of time." '
                        'When her students asked for details, she would answer, "Wait and see what happens."')
    second = next(c for c in found if c.text.startswith("It is only"))
    assert second.speaker == "Nora Quist"


def test_surname_parsed_as_an_adverb_after_says_is_the_speaker(nlp):
    text = ('"Google offers us a wider market," says Chris Early, senior vice president at Ubisoft.\n\n'
            '"Streaming is somewhat binary," says Early.')
    found = claims(nlp, text)
    assert found[-1].text == "Streaming is somewhat binary" and found[-1].speaker == "Early"


def test_surname_parsed_as_an_adverb_before_says_is_the_speaker(nlp):
    text = ('"Google offers us a wider market," says Chris Early, senior vice president at Ubisoft.\n\n'
            "Early says there is a chance of exclusive games.")
    assert claims(nlp, text)[-1].speaker == "Early"


def test_adverb_that_is_no_surname_of_the_article_is_no_speaker(nlp):
    text = ('"Google offers us a wider market," says Chris Stone, senior vice president at Ubisoft.\n\n'
            "Early, he says, there were doubts about the market.")
    assert all(c.speaker != "Early" for c in claims(nlp, text))


def test_where_clause_after_a_relative_cue_describes_the_noun_and_is_no_claim(nlp):
    found = claims(nlp, "His view of faith was best shown by the short story he wrote where God cheats at chess.")
    assert not any(c.text.startswith("God cheats") for c in found)


def test_name_set_off_after_an_according_to_source_is_part_of_the_source(nlp):
    found = claims(nlp, 'According to his aunt, Jane Starner, "He was brilliant from the start."')
    assert [(c.text, c.speaker) for c in found] == [
        ("He was brilliant from the start.", "his aunt, Jane Starner")]


def test_name_that_is_the_subject_after_according_to_stays_in_the_statement(nlp):
    c = only(nlp, "According to a witness, John Smith, 45, was arrested at the scene.")
    assert (c.text, c.speaker) == ("John Smith, 45, was arrested at the scene", "a witness")
