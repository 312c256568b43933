"""Names the entity recognizer missed, found from the form of proper-noun runs.

The small spaCy model misses names it has not seen in a helpful context: a company right after
a wire dateline ("NEW YORK, March 3 - Allegis Corp said"), an institution after a role
("Head of Research at ICICI Securities"), a person after a lowercase position noun ("Pittsburgh
center Maurkice Pouncey"). A run of capitalised proper nouns outside every entity is a name
when its form says which kind:

- it ends in a company suffix or an organisation head noun ("Corp", "Securities", "Bank") -> ORG;
- it is two or three capitalised words written right after a lowercase noun that modifies it
  (the position or job of the person: "center", "analyst", "rusher") -> PERSON.

`name_candidates` stores them on the Doc as doc.spans["name_candidates"] (label = type), so the
mention extractor and its tests read the same answer.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.extractors.positions import doc_text, token_positions, token_texts, word_positions
from schemas.tables import ENTITY_TYPES

SPAN_KEY = "name_candidates"

# Words that end a company's name ("Allegis Corp", "Carson Pirie Scott and Co").
CORPORATE_SUFFIXES = frozenset(
    "co co. cos cos. corp corp. corporation inc inc. incorporated ltd ltd. limited plc llc lp "
    "ag sa nv bv spa gmbh".split())
# Capitalised head nouns that end the name of an organisation ("ICICI Securities",
# "Kotak Mahindra Bank", "Pacific Enterprises Group").
ORGANISATION_HEADS = frozenset(
    "securities bank bancorp bancshares group holdings capital partners associates airlines "
    "airways industries systems technologies communications insurance motors petroleum "
    "resources investments trust exchange agency ministry university council commission "
    "institute association foundation federation laboratories electronics pharmaceuticals "
    "enterprises financial brokerage newspaper".split())
# Last words of the name of an event ("Dubai Air Show", "ATP Finals", "Davis Cup Final",
# "Cannes Film Festival"); "Conference" also ends the names of leagues, "Games" of companies.
EVENT_NAME_HEADS = frozenset("show final finals championship championships cup festival tournament olympics "
                             "expo marathon summit".split())
_NAME_TAGS = frozenset({"NNP", "NNPS"})
# Capitalised words of dates, never names.
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb "
    "mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun".split())
_PLURAL_TAGS = frozenset({"NNPS", "NNS"})


def _is_name_word(token: Token) -> bool:
    return (token.tag_ in _NAME_TAGS or token.tag_ in _PLURAL_TAGS and token.is_title) and token.text[:1].isupper() \
        and token.lower_.rstrip(".") not in CALENDAR_WORDS and any(c.isalpha() for c in token.text) \
        and token.ent_type_ not in ENTITY_TYPES and token.ent_type_ != "WORK_OF_ART" and not token.is_space


def _runs(doc: Doc) -> list[Span]:
    """Maximal runs of capitalised proper nouns that no entity covers, within one sentence."""
    runs, start, last = [], None, -1
    # only proper and plural nouns can be name words (_is_name_word): the rest of the tokens,
    # found from the Doc's tag array, only end a run
    for i in token_positions(doc, "TAG", _NAME_TAGS | _PLURAL_TAGS):
        if start is not None and i != last + 1:
            runs.append(doc[start:last + 1])
            start = None
        token = doc[i]
        word = _is_name_word(token)
        inside = word and not (start is not None and token.is_sent_start)
        if inside and start is None:
            start = i
        elif not inside:
            if start is not None:
                runs.append(doc[start:i])
            start = i if word else None
        last = i
    if start is not None:
        runs.append(doc[start:last + 1])
    return runs


def _event(run: Span) -> Span | None:
    """"the ATP Finals", "the Kent County Show": two words or more ending in an event's head word."""
    if len(run) < 2 or run[-1].lower_ not in EVENT_NAME_HEADS or not all(t.text[:1].isupper() for t in run) \
            or all(t.lower_ in EVENT_NAME_HEADS for t in run):
        return None
    doc = run.doc
    if run.start > 0 and (not doc[run.start - 1].whitespace_ or doc[run.start - 1].ent_type_):
        return None  # "India–Japan" + "Annual Summit": the name starts before the run
    return run


def _organisation(run: Span) -> Span | None:
    """The run when it ends in a company suffix or an organisation head noun and has a name
    before it ("ICICI Securities", not "Securities")."""
    last = run[-1].lower_
    if len(run) < 2 or not (last in CORPORATE_SUFFIXES or last in ORGANISATION_HEADS):
        return None
    if all(t.lower_ in ORGANISATION_HEADS | CORPORATE_SUFFIXES for t in run):
        return None
    return run


# Lowercase nouns that introduce the name of a publication ("in the journal Nature Astronomy").
_PUBLICATION_NOUNS = frozenset("journal magazine newspaper website periodical tabloid".split())


def _publication(run: Span) -> Span | None:
    """One to four capitalised words right after "journal", "magazine", "newspaper": its name."""
    doc = run.doc
    if not 1 <= len(run) <= 4 or run.start == 0:
        return None
    before = doc[run.start - 1]
    if not (before.is_lower and before.lower_ in _PUBLICATION_NOUNS):
        return None
    return run


def _named_day(run: Span) -> Span | None:
    """"Singles Day", "Election Day": two or three capitalised words ending in "Day"."""
    if not 2 <= len(run) <= 3 or run[-1].text != "Day" or run[0].is_sent_start \
            or not all(t.is_title and t.is_alpha for t in run) or run.root.dep_ in ("nsubj", "nsubjpass"):
        return None  # "Jim Day said": a person who acts
    return run


def _publications_tagged_as_works(doc: Doc) -> list[Span]:
    """"the journal Nature Astronomy" tagged as a work of art: a publication, an organisation. Up
    to eight words: "the journal Proceedings of the National Academy of Sciences"."""
    if not word_positions(doc, lambda w: w.lower() in _PUBLICATION_NOUNS):
        return []  # (no publication noun, no need to build the entity Spans)
    return [ent for ent in doc.ents if ent.label_ == "WORK_OF_ART" and ent.start > 0 and len(ent) <= 8
            and doc[ent.start - 1].lower_ in _PUBLICATION_NOUNS and doc[ent.start - 1].is_lower
            and all(t.text[:1].isupper() or t.lower_ in ("of", "the", "and") for t in ent)]


def _person(run: Span) -> Span | None:
    """Two or three capitalised words right after a lowercase noun that modifies them, the
    person's position: "center Maurkice Pouncey", "analyst Jane Doe"."""
    doc = run.doc
    if not 2 <= len(run) <= 3 or run.start == 0 or run[0].is_sent_start:
        return None
    if not all(t.is_title and t.is_alpha and len(t) > 1 and t.lower_ not in ORGANISATION_HEADS for t in run):
        return None
    before = doc[run.start - 1]
    if not (before.is_lower and before.tag_ == "NN" and before.head.i in range(run.start, run.end)
            and before.dep_ in ("compound", "nmod", "amod")):
        return None
    return run


def _lowercase_words(doc: Doc) -> frozenset[str]:
    """Words the article writes in lowercase: a capitalised one of them is a common word."""
    cached = doc.user_data.get("newsclaims.lowercase_words")
    if cached is None:
        words = token_texts(doc)
        lower = doc.to_array("IS_LOWER").tolist() if len(doc) else []
        cached = doc.user_data["newsclaims.lowercase_words"] = frozenset(w for w, low in zip(words, lower) if low)
    return cached


def is_common_word(token: Token) -> bool:
    """Whether the token's article also writes it in lowercase."""
    return token.lower_ in _lowercase_words(token.doc)


# Prepositions that take people ("saves by X", "met with X"); "for", "of", "on" take the names
# of programmes, works and outlets as often ("Deferred Action for Childhood Arrivals").
_PERSON_PREPOSITIONS = frozenset("by with from against to past over".split())


def _acting_name(run: Span) -> Span | None:
    """Two or three capitalised words that act as a subject or object ("Zach Parise scored
    twice", "a save by Tuukka Rask"): a person's name when none of them is a word the article
    also writes in lowercase."""
    root = run.root
    if not 2 <= len(run) <= 3 or root.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj") \
            or root.dep_ == "pobj" and root.head.lower_ not in _PERSON_PREPOSITIONS:
        return None
    if not all(t.is_title and t.is_alpha and len(t) > 1 and t.lower_ not in ORGANISATION_HEADS
               and not is_common_word(t) for t in run):
        return None
    return run


def _team(run: Span) -> Span | None:
    """A capitalised plural the article never writes in lowercase, after "the" or before a score:
    a team or group named by its nickname ("the Devils", "Sabres 1")."""
    if len(run) != 1:
        return None
    tok, doc = run[0], run.doc
    if not (tok.is_title and tok.is_alpha and tok.lower_.endswith("s") and len(tok) > 3) \
            or tok.lower_ in ORGANISATION_HEADS or is_common_word(tok):
        return None
    before = doc[tok.i - 1] if tok.i > 0 else None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if before is not None and before.lower_ == "the" or after is not None and after.like_num:
        return run
    return None


def _one_word_object_of(run: Span, preposition: str) -> Span | None:
    """One capitalised word governed by `preposition`, inside its sentence, that the article
    never writes in lowercase."""
    if len(run) != 1:
        return None
    tok = run[0]
    if tok.dep_ != "pobj" or tok.head.lower_ != preposition or not _capitalised_word(tok) or not tok.is_alpha \
            or tok.is_sent_start or is_common_word(tok) or tok.lower_ in ORGANISATION_HEADS:
        return None
    return run


def _capitalised_word(tok: Token) -> bool:
    """"Twitter", and a name with an inner capital ("WeChat", "YouTube"); not "IPO"."""
    return tok.text[:1].isupper() and any(c.islower() for c in tok.text)


def _told_object(run: Span) -> Span | None:
    """"Dempsey told Gizmodo by email": one capitalised word the article never writes in
    lowercase, told something, is the outlet (or person) that heard it."""
    if len(run) != 1:
        return None
    tok = run[0]
    if tok.dep_ not in ("dobj", "dative") or tok.head.lemma_ != "tell" or not _capitalised_word(tok) \
            or not tok.is_alpha or tok.is_sent_start or is_common_word(tok) or tok.lower_ in ORGANISATION_HEADS:
        return None
    return run


def _place_after_in(run: Span) -> Span | None:
    """"lunch with him in Kyiv": a name governed by "in" is a place."""
    return _one_word_object_of(run, "in")


def _platform_after_on(run: Span) -> Span | None:
    """"a letter posted on Twitter", "streaming on Netflix": a name governed by "on" is the
    platform or outlet something appears on; "on Day 1" is a numbered step."""
    doc = run.doc
    if run.end < len(doc) and doc[run.end].like_num:
        return None
    return _one_word_object_of(run, "on")


# "iPhone", "iOS", "iPad", "eBay": the product-naming pattern of a lowercase "i" or "e" before a
# capital, which the recognizer, trained on title case, misses.
_PREFIXED_PRODUCT = re.compile(r"[ie][A-Z](?:[a-z]+|[A-Z]+)(?:[A-Z][a-z]+)*s?")


def _prefixed_products(doc: Doc) -> list[Span]:
    """"iOS", "iPhone 11": the name and a model number written right after it."""
    out = []
    for i, word in enumerate(token_texts(doc)):
        if word[:1] not in ("i", "e") or not _PREFIXED_PRODUCT.fullmatch(word):
            continue
        t = doc[i]
        if t.ent_type_ == "" and not (t.i > 0 and doc[t.i - 1].like_num):
            end = t.i + 1
            if end < len(doc) and re.fullmatch(r"\d{1,4}", doc[end].text) and doc[end].ent_type_ in ("", "CARDINAL"):
                end += 1
            out.append(doc[t.i:end])
    return out


# "A380", "A350-900", "A330neo", "TNG50", "CBR600F4": capital letters then two to four digits
# (then lowercase letters or a capital and a digit, then a hyphenated variant number): the form
# of a model designation. "G7", "M3" (one digit) and "FY2020" (a year) are not.
_MODEL_CODE = re.compile(r"(?<![\w.\-/])[A-Z]{1,4}(\d{2,4})(?:[a-z]+|[A-Z]\d?)?(?:-\d{1,4})?(?![\w\-/])")


def _model_codes(doc: Doc) -> list[Span]:
    """Model designations ("the Airbus A380", "a Honda CBR600F4") outside every entity."""
    out = []
    for match in _MODEL_CODE.finditer(doc_text(doc)):
        if re.fullmatch(r"(?:19|20)\d\d", match.group(1)):
            continue
        span = doc.char_span(match.start(), match.end())
        if span is None or any(t.ent_type_ not in ("", "CARDINAL", "PRODUCT") for t in span) \
                or span.start > 0 and doc[span.start - 1].like_num:
            continue
        out.append(span)
    return out


_ORDINAL_WORD = re.compile(r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|"
                           r"Twelfth|Thirteenth|Fourteenth|Fifteenth|Sixteenth|Seventeenth|Eighteenth|"
                           r"Nineteenth|Twentieth|Twenty-\w+|\d{1,2}(?:st|nd|rd|th))")


_AMENDMENT_WORDS = frozenset({"Amendment", "Amendments"})


def _numbered_amendments(doc: Doc) -> list[Span]:
    """"the First Amendment", "the 14th Amendment": a numbered amendment of a constitution."""
    out = []
    for t in (doc[i] for i in word_positions(doc, _AMENDMENT_WORDS.__contains__) if i >= 1):
        if t.text in ("Amendment", "Amendments") and (t.ent_type_ not in ENTITY_TYPES or t.ent_type_ == "LAW") \
                and _ORDINAL_WORD.fullmatch(doc[t.i - 1].text):
            out.append(doc[t.i - 1:t.i + 1])
    return out


def _named_days(doc: Doc) -> list[Span]:
    """"Black Friday", "Cyber Monday", "Singles Day": a date the recognizer found that is written
    as a name (every word capitalised, one of them no calendar word and the first not opening
    the sentence) is a named day, an event."""
    out = []
    for ent in doc.ents:
        if ent.label_ == "DATE" and len(ent) == 1 and ent[0].lower_ in CALENDAR_WORDS and ent.start > 0:
            before = doc[ent.start - 1]  # "Cyber" + "Monday"
            if before.tag_ == "NNP" and before.is_title and before.is_alpha and before.ent_type_ == "" \
                    and not before.is_sent_start and before.lower_ not in CALENDAR_WORDS | _PERIOD_WORDS \
                    and not is_common_word(before) \
                    and not (ent.start > 1 and doc[ent.start - 2].is_title and doc[ent.start - 2].tag_ == "NNP"):
                # (after a name of two words the day is the date it happened: "told the Argus
                # Leader Monday")
                out.append(doc[ent.start - 1:ent.end])
            continue
        if ent.label_ != "DATE" or len(ent) > 4 or ent[0].is_sent_start:
            continue
        words = [t for t in ent if not (t.lower_ == "the" and t.i == ent.start)]
        if words and all(t.is_title and t.is_alpha for t in words) \
                and any(t.lower_ not in CALENDAR_WORDS | _PERIOD_WORDS for t in words):
            out.append(doc[words[0].i:ent.end])
    return out


# Words of dates that are no names ("Fiscal Year", "First Quarter", "Day", "Week").
_PERIOD_WORDS = frozenset("day days week weeks month months year years quarter half fiscal first second third "
                          "fourth last next this early late mid end beginning today tomorrow yesterday "
                          "tonight weekend".split())


# Words of dates that the recognizer also finds in surnames ("Timothy Weeks", "Doris Day").
_DATE_SURNAME_WORDS = frozenset("day days week weeks month months year years".split())
# how a single word of them is written when Token.is_title holds (str.istitle)
_TITLED_DATE_SURNAME_WORDS = frozenset(w.title() for w in _DATE_SURNAME_WORDS)


def _surnames_taken_for_dates(doc: Doc) -> list[Span]:
    """"Australian Timothy Weeks", "King and Weeks were abducted": a capitalised date word
    inside a sentence, right after a capitalised first name outside every entity, is that
    person's surname; written alone later, the same surname is the same person."""
    out, surnames = [], set()
    if not word_positions(doc, _TITLED_DATE_SURNAME_WORDS.__contains__):
        return out  # (no capitalised date word, no need to build the entity Spans)
    for ent in doc.ents:
        if ent.label_ != "DATE" or len(ent) != 1 or ent[0].is_sent_start or not ent[0].is_title \
                or ent[0].lower_ not in _DATE_SURNAME_WORDS or ent.start == 0:
            continue
        first = doc[ent.start - 1]
        if first.tag_ == "NNP" and first.is_title and first.is_alpha and len(first) > 1 and first.ent_type_ == "" \
                and not first.is_sent_start and not is_common_word(first) and first.lower_ not in CALENDAR_WORDS:
            out.append(doc[ent.start - 1:ent.end])
            surnames.add(ent.text)
    for ent in doc.ents:
        if ent.label_ == "DATE" and len(ent) == 1 and ent.text in surnames and not ent[0].is_sent_start \
                and not any(s.start <= ent.start < s.end for s in out):
            out.append(ent)
    return out


# Abbreviated executive titles and "chairman": "T-Mobile CEO John Legere", "Rolls-Royce
# chairman Ian Davis": the capitalised words before the title are the company.
_COMPANY_TITLES = frozenset("ceo coo cfo cto chairman chairwoman founder".split())


def _companies_before_titles(doc: Doc) -> list[Span]:
    out = []
    for t in (doc[i] for i in word_positions(doc, lambda w: w.lower() in _COMPANY_TITLES) if 1 <= i < len(doc) - 1):
        if t.lower_ not in _COMPANY_TITLES or doc[t.i + 1].ent_type_ != "PERSON" or doc[t.i + 1].ent_iob_ != "B":
            continue
        start = t.i
        while start > 0 and doc[start - 1].ent_type_ == "" and (
                doc[start - 1].tag_ in ("NNP", "NNPS") and doc[start - 1].text[:1].isupper()
                or doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and start > 1
                and not doc[start - 2].whitespace_):
            start -= 1
        if start < t.i and doc[start].text != "-" and not any(
                w.lower_ in CALENDAR_WORDS or is_common_word(w) for w in doc[start:t.i] if w.text != "-"):
            out.append(doc[start:t.i])
    return out


# "737 Max jet", "787-9 Dreamliner jets": a three-digit model number, a capitalised singular
# name and the lowercase noun it names.
_NUMBERED_MODEL = re.compile(r"(?<![\w.,$£€¥/-])(\d{3}(?:-\d{1,2})?) ([A-Z][a-z]{2,}) (?=[a-z])")


def numbered_models(doc: Doc) -> list[Span]:
    """Models named by a number and a name ("the popular 737 Max jet", "five 787 Dreamliner
    sales"): the number is no year, the name no plural ("450 Dreamers"), no group or place
    ("500 Japanese businessmen"), and a lowercase noun follows that the name modifies."""
    out = []
    for match in _NUMBERED_MODEL.finditer(doc_text(doc)):
        if re.fullmatch(r"(?:19|20)\d\d", match.group(1)) or match.group(2).endswith("s"):
            continue
        span = doc.char_span(match.start(), match.end(2))
        if span is None or span.end >= len(doc) or span[-1].ent_type_ in ("NORP", "GPE", "LOC", "DATE") \
                or doc[span.end].pos_ != "NOUN" or span[-1].lower_ in CALENDAR_WORDS \
                or span.start > 0 and doc[span.start - 1].like_num and doc[span.start - 1].text.isdigit() \
                or span.start > 0 and doc[span.start - 1].text[:1].isupper() and doc[span.start - 1].is_alpha:
            continue  # "the LC 500 Convertible": the number is inside a longer name
        out.append(span)
    return out


# Capitalised nouns that number things which are no products: "Chapter 11 bankruptcy", "Game 7
# of", "Phase 3 trials", "Category 5 hurricane", "Route 66 diner".
NUMBERED_THING_WORDS = frozenset(
    "chapter section article clause paragraph title part item rule amendment act scene volume page "
    "level phase stage step grade tier class category type round game match week day year season episode "
    "series number no route highway interstate road flight gate terminal platform room floor suite unit "
    "zone district ward precinct region area lot block pier dock lane runway exit covid".split())


# Currency abbreviations written before an amount ("Rs 300", "USD 40", "RM 12"): no model names.
CURRENCY_ABBREVIATIONS = frozenset(
    "rs re inr usd eur gbp jpy cny rmb chf cad aud nzd hkd sgd krw php zar brl mxn rub sek nok dkk pln "
    "rm rp dh sr ngn kes egp aed sar".split())


def named_models(doc: Doc) -> list[Span]:
    """"the Ascom Myco 2 which", "the gorgeous LC 500 grand tourer": one to three capitalised
    words outside every entity, then a model number (no year, no amount) and a lowercase word:
    a model's name. Numbered things that are no products ("Chapter 11 bankruptcy", "Phase 3
    trials") and dates are not."""
    out = []
    n = len(doc)
    for tok in (doc[i] for i in _short_numbers(doc, 1)):
        if not re.fullmatch(r"\d{1,4}", tok.text) or re.fullmatch(r"(?:19|20)\d\d", tok.text) \
                or tok.ent_type_ not in ("", "CARDINAL", "PRODUCT") or tok.i == 0 or tok.i + 1 >= n:
            continue
        nxt = doc[tok.i + 1]
        if not (nxt.is_lower and nxt.is_alpha) or not tok.whitespace_ or tok.dep_ == "nummod" and tok.head.i > tok.i:
            continue  # "Blakely 15 points": a count of the noun after it
        start = tok.i
        while start > 0 and tok.i - start < 3 and doc[start - 1].whitespace_ == " " and _model_name_word(doc[start - 1]):
            start -= 1
        if start == tok.i or doc[start].is_sent_start or start > 0 and (
                doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha or not doc[start - 1].whitespace_):
            continue  # no name, a name opening the sentence, a longer capitalised run, "Wi-Fi 6"
        words = [t.lower_.rstrip(".") for t in doc[start:tok.i]]
        if words[-1] in NUMBERED_THING_WORDS | CURRENCY_ABBREVIATIONS or any(w in CALENDAR_WORDS | _PERIOD_WORDS for w in words):
            continue
        out.append(doc[start:tok.i + 1])
    return out


def _model_name_word(tok: Token) -> bool:
    """A word of a model's name: capitalised, or a capital inside ("iPad"), outside every entity."""
    return tok.ent_type_ == "" and tok.is_alpha and any(c.isupper() for c in tok.text) and not tok.is_sent_start \
        and tok.tag_ in ("NNP", "NNPS", "NN") \
        and tok.lower_ not in CORPORATE_SUFFIXES | ORGANISATION_HEADS


def _short_numbers(doc: Doc, min_digits: int) -> list[int]:
    """Positions of the tokens of `min_digits` to four decimal digits: the words
    re.fullmatch(r"\\d{min_digits,4}") takes (str.isdecimal is Unicode category Nd, as \\d is)."""
    return word_positions(doc, lambda word: min_digits <= len(word) <= 4 and word.isdecimal())


# Initials joined by "&" ("S&P", "P&G"): a company's name, never a common word.
_AMPERSAND_NAME = re.compile(r"[A-Z]{1,3}&[A-Z]{1,3}")


def numbered_indexes(doc: Doc) -> list[Span]:
    """"the S&P 500 index", "the STOXX 600 Index": one or two words with capitals, a number of
    two to four digits and "index" name a stock index (the number is part of its name). After
    initials joined by "&" the number names the index without the word ("the S&P 500 is up")."""
    out = []
    for tok in (doc[i] for i in _short_numbers(doc, 2) if 1 <= i < len(doc) - 1):
        if not re.fullmatch(r"\d{2,4}", tok.text) or re.fullmatch(r"(?:19|20)\d\d", tok.text) \
                or doc[tok.i + 1].lower_ != "index" and not _AMPERSAND_NAME.fullmatch(doc[tok.i - 1].text) \
                or not doc[tok.i - 1].whitespace_:
            continue
        start = tok.i
        while start > 0 and tok.i - start < 2 and doc[start - 1].whitespace_ == " " \
                and any(c.isupper() for c in doc[start - 1].text) and not doc[start - 1].is_punct \
                and doc[start - 1].ent_type_ in ("", "ORG") and doc[start - 1].lower_ != "the":
            start -= 1
        if start < tok.i:
            out.append(doc[start:tok.i + 1])
    return out


# A wire company tag: the company's name in angle brackets ("said <Allied Foods Corp>").
_COMPANY_TAG = re.compile(r"<([A-Z][A-Za-z0-9.&'\- ]{1,60})>")


def tagged_companies(doc: Doc) -> list[Span]:
    """The names in wire company tags ("<Dupont>", "<Allied Foods Corp>"); a bare ticker of
    capitals ("<SRD>") is no name of its own."""
    out = []
    for match in _COMPANY_TAG.finditer(doc_text(doc)):
        name = match.group(1).strip()
        if name.isupper() and " " not in name:
            continue
        span = doc.char_span(match.start(1), match.start(1) + len(name), alignment_mode="contract")
        if span is not None and len(span):
            out.append(span)
    return out


_EXPANSION_SKIP = frozenset("of and the for on in & de du des la le at to".split())


def acronym_expansions(doc: Doc) -> list[Span]:
    """"the GATT (General Agreement on Tariffs and Trade)": capitalised words in parentheses right
    after an acronym whose initials (small words skipped) spell it name the organisation."""
    out = []
    for tok in (doc[i - 1] for i in word_positions(doc, "(".__eq__) if 1 <= i < len(doc) - 2):
        text = tok.text.replace(".", "")
        if not (2 <= len(text) <= 6 and text.isalpha() and text.isupper()) or doc[tok.i + 1].text != "(":
            continue
        end = tok.i + 2
        while end < len(doc) and end - tok.i < 14 and doc[end].text != ")" and not doc[end].is_space:
            end += 1
        if end >= len(doc) or doc[end].text != ")" or end == tok.i + 2:
            continue
        inner = doc[tok.i + 2:end]
        words = [t for t in inner if t.lower_ not in _EXPANSION_SKIP]
        if words and all(t.text[:1].isupper() for t in words) and inner[0].text[:1].isupper() \
                and "".join(t.text[0] for t in words).upper() == text:
            out.append(inner)
    return out


# A line of a shopping list or deals roundup: a name of capitalised words and model numbers,
# "for" and a price, nothing else ("Acme Smart Plug 2 for $25", "Zenbook Pro for £899").
_NAME_WORD = r"(?:[A-Z0-9][\w.'’&+/-]*|[a-z][A-Z][\w-]*)"
_PRICED_LINE = re.compile(rf"^[ \t]*({_NAME_WORD}(?: {_NAME_WORD}){{1,6}}) for [$£€][\d,.]*\d(?:[ \t]*\([^()\n]*\))?[ \t]*$",
                          re.MULTILINE)


def priced_names(doc: Doc) -> list[Span]:
    """The product named on each line that is only a name and its price ("Acme Smart Plug 2 for
    $25"): the recognizer, trained on prose, cuts such names up or types them as people."""
    out = []
    for match in _PRICED_LINE.finditer(doc_text(doc)):
        span = doc.char_span(match.start(1), match.end(1))
        while span is not None and len(span) > 1 and span[0].tag_ in ("VB", "VBP"):
            span = span[1:]  # "Get Pokemon Shield for $40": the call to buy is no part of the name
        if span is not None and len(span) > 1 and any(c.islower() for c in span.text):  # not a shouted line
            out.append(span)
    return out


# "my6sense", "9to5Toys", "web3labs": a word with digits between two runs of letters; a measure
# ("256GB", "12in"), a version ("mp3", "Win10") or a formula ("H2O") has letters on one side or one letter
_DIGIT_INSIDE_WORD = re.compile(r"[A-Za-z0-9]*[A-Za-z]{2}\d+[A-Za-z]{2}[A-Za-z0-9]*")


def is_digit_brand(text: str) -> bool:
    # (all capitals with digits is a code: "US10YT", a bond's market symbol)
    return bool(_DIGIT_INSIDE_WORD.fullmatch(text)) and any(c.isdigit() for c in text) and any(c.islower() for c in text)


def digit_brands(doc: Doc) -> list[Span]:
    """Brand names written as one word with a digit inside ("my6sense", "9to5Toys"): the
    recognizer skips them (or reads a number), lowercase or odd as they look, and no common
    word is written so."""
    return [doc[t.i:t.i + 1] for t in (doc[i] for i in word_positions(doc, lambda w: not w.isalpha() and is_digit_brand(w)))
            if t.ent_type_ in ("", "CARDINAL") and is_digit_brand(t.text)]


_LIKENESS_SUFFIXES = frozenset("like style esque".split())


def likened_names(doc: Doc) -> list[Span]:
    """"a Twitter-like site", "a Kafka-esque process": a capitalised word (not opening its
    sentence) made an adjective with "-like" still names the thing it is likened to."""
    out = []
    for t in (doc[i - 1] for i in word_positions(doc, "-".__eq__) if 1 <= i < len(doc) - 1):
        dash, suffix = doc[t.i + 1], doc[t.i + 2]
        if dash.text == "-" and not t.whitespace_ and not dash.whitespace_ and suffix.lower_ in _LIKENESS_SUFFIXES \
                and t.is_title and t.is_alpha and len(t) > 1 and not t.is_sent_start and t.ent_type_ == "":
            out.append(doc[t.i:t.i + 1])
    return out


_TEAM_NAME = r"[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,2}"
# A line that opens with a result: "Jets 2, Predators 1: ...", "Red Wings 3, Blues 2 (OT)".
_RESULT = re.compile(rf"^[ \t]*({_TEAM_NAME}) \d{{1,3}}, ({_TEAM_NAME}) \d{{1,3}}(?=[ \t]*(?:[:;,.(]|$))", re.MULTILINE)


def result_teams(doc: Doc) -> list[Span]:
    """"Jets 2, Predators 1: Laine scored": the two names of a result that opens a line (a
    name, its score, a comma, a name, its score) are the teams that played, whatever word
    their nickname is ("Lightning", "Heat")."""
    out = []
    text = doc_text(doc)
    if "," not in text:
        return out
    for match in _RESULT.finditer(text):
        for group in (1, 2):
            span = doc.char_span(match.start(group), match.end(group))
            if span is not None:
                out.append(span)
    return out


# Endings of nationality adjectives ("Brazilian", "Japanese", "Turkish").
_NATIONALITY_ADJECTIVE_ENDINGS = ("ian", "ese", "ish")


def nationality_adjectives(doc: Doc) -> list[Span]:
    """"Brazilian February output rose": a capitalised adjective with a nationality's ending
    that modifies a noun, outside every entity of the contract's types, is the nationality (the
    recognizer misses it most at a sentence start, or runs it into a work's title)."""
    out = []
    for i in word_positions(doc, lambda w: len(w) > 4 and w.endswith(_NATIONALITY_ADJECTIVE_ENDINGS)):
        tok = doc[i]
        if tok.is_title and tok.is_alpha and tok.text.endswith(_NATIONALITY_ADJECTIVE_ENDINGS) and tok.tag_ == "JJ" \
                and tok.dep_ in ("amod", "compound") and tok.head.tag_ in ("NN", "NNS", "NNP") \
                and tok.ent_type_ not in ENTITY_TYPES:
            out.append(doc[i:i + 1])
    return out


_STREET_HEADS = frozenset("Street Avenue Road Boulevard Lane".split())


def street_names(doc: Doc) -> list[Span]:
    """"On Wall Street, the Dow fell", "shops on Fifth Avenue": capitalised proper nouns that
    no entity covers before a capitalised street word name a street (a place), also at a
    sentence start. Not when a name goes on after it ("Wall Street Journal" is a paper)."""
    out = []
    for i in word_positions(doc, _STREET_HEADS.__contains__):
        if i == 0 or doc[i].text not in _STREET_HEADS or doc[i].ent_type_ in ENTITY_TYPES:
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.is_title and nxt.tag_ in _NAME_TAGS:
            continue
        start = i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha and doc[start - 1].tag_ in _NAME_TAGS \
                and doc[start - 1].ent_type_ not in ENTITY_TYPES and doc[start - 1].lower_ not in CALENDAR_WORDS \
                and not doc[start].is_sent_start:
            start -= 1
        if start < i:
            out.append(doc[start:i + 1])
    return out


def candidate_spans(doc: Doc) -> list[Span]:
    """Labelled spans of names the recognizer missed (ORG, PERSON, GPE, PRODUCT), in text order."""
    out = [Span(doc, s.start, s.end, label="PRODUCT") for s in _prefixed_products(doc)]
    out += [Span(doc, s.start, s.end, label="PRODUCT") for s in _model_codes(doc)]
    out += [Span(doc, s.start, s.end, label="PRODUCT") for s in numbered_models(doc)]
    out += [Span(doc, s.start, s.end, label="PRODUCT") for s in priced_names(doc)]
    out += [Span(doc, s.start, s.end, label="PRODUCT") for s in named_models(doc)]
    out += [Span(doc, s.start, s.end, label="ORG") for s in numbered_indexes(doc)]
    out += [Span(doc, s.start, s.end, label="ORG") for s in tagged_companies(doc)]
    out += [Span(doc, s.start, s.end, label="ORG") for s in acronym_expansions(doc)]
    out += [Span(doc, s.start, s.end, label="LAW") for s in _numbered_amendments(doc)]
    out += [Span(doc, s.start, s.end, label="EVENT") for s in _named_days(doc)]
    out += [Span(doc, s.start, s.end, label="PERSON") for s in _surnames_taken_for_dates(doc)]
    out += [Span(doc, s.start, s.end, label="ORG") for s in _companies_before_titles(doc)]
    out += [Span(doc, s.start, s.end, label="ORG") for s in _publications_tagged_as_works(doc)]
    out += [Span(doc, s.start, s.end, label="ORG") for s in digit_brands(doc)]
    out += [Span(doc, s.start, s.end, label="ORG") for s in likened_names(doc)]
    out += [Span(doc, s.start, s.end, label="LOC") for s in street_names(doc)]
    out += [Span(doc, s.start, s.end, label="ORG") for s in result_teams(doc)]
    out += [Span(doc, s.start, s.end, label="NORP") for s in nationality_adjectives(doc)]
    for run in _runs(doc):
        for rule, label in ((_organisation, "ORG"), (_event, "EVENT"), (_publication, "ORG"), (_named_day, "EVENT"), (_person, "PERSON"), (_acting_name, "PERSON"),
                            (_team, "ORG"), (_place_after_in, "GPE"), (_platform_after_on, "ORG"),
                            (_told_object, "ORG")):
            found = rule(run)
            if found is not None:
                out.append(Span(doc, found.start, found.end, label=label))
                break
    return sorted(out, key=lambda span: span.start)


def name_candidates_of(doc: Doc) -> list[Span]:
    """doc.spans["name_candidates"], computed when the component did not run."""
    if SPAN_KEY not in doc.spans:
        doc.spans[SPAN_KEY] = candidate_spans(doc)
    return list(doc.spans[SPAN_KEY])


@Language.component("name_candidates")
def name_candidates(doc: Doc) -> Doc:
    """Pipeline component, after the entity recognizer: doc.spans["name_candidates"]."""
    doc.spans[SPAN_KEY] = candidate_spans(doc)
    return doc
