"""Entity mentions in a Doc: spaCy's named entities, cleaned of titles and possessives,
with the roles (titles, appositions) the text gives each person."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pipeline.extractors.lines import non_prose
from pipeline.extractors.names import (
    CALENDAR_WORDS, CORPORATE_SUFFIXES, EVENT_NAME_HEADS, ORGANISATION_HEADS, is_common_word, is_digit_brand,
    name_candidates_of,
)
from pipeline.extractors.page_marks import bracketed_credit_names, is_credit, is_heading_phrase, sentence_stop_length, without_leading_marks
from pipeline.extractors.positions import doc_text
from pipeline.nlp import ENTITY_TYPES, EntityIndex, SentenceIndex, token_positions, token_texts

# Words that make up titles; a mention that starts with them has them moved to roles. Royal and
# religious titles (King, Queen, Prince, Sheikh, Pope) are part of how the person is named.
TITLE_WORDS = frozenset(
    "president vice prime minister secretary chief cabinet commerce treasury trade finance "
    "foreign defence defense state deputy chairman chairwoman chair ceo chancellor premier "
    "governor senator sen. rep. representative ambassador envoy spokesperson spokesman "
    "spokeswoman mr. mrs. ms. dr. gov. general gen. admiral judge justice "
    "speaker leader mayor director executive economy agriculture industry energy interior "
    "attorney general".split()
) | frozenset("coo cfo cto cio cmo".split())
# Abbreviated executive titles ("COO and president Mike Siever"): a role, never an organisation.
EXECUTIVE_TITLES = frozenset("ceo coo cfo cto cio cmo".split())
# Military and police ranks written short, with or without a full stop ("Lt Col", "Sgt."):
# alone, or together, they are a role, never a name.
RANK_ABBREVIATIONS = frozenset("lt col capt maj sgt cpl pvt cmdr adm brig gen".split())
_ROLE_HEADS = frozenset(
    "president minister secretary negotiator spokesperson spokesman spokeswoman chairman "
    "chairwoman chair ceo chancellor premier governor senator representative ambassador envoy "
    "partner director executive officer analyst economist adviser advisor leader mayor "
    "founder head chief lawmaker official diplomat manager".split()
)


# Tags of a first token that is not part of a name: "Will Warren continue", "Hosting Cook at",
# "a White House".
_NOT_NAME_START_TAGS = frozenset("MD VB VBD VBG VBP VBZ DT IN RB WRB WDT PRP".split())

# Country abbreviations written in front of an institution's name.
COUNTRY_PREFIXES = frozenset("U.S. US U.K. UK EU E.U. UN".split())


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    sentence_index: int
    roles: list[str] = field(default_factory=list)


def _strip(ent: Span, label: str | None = None) -> tuple[Span | None, list[str]]:
    """The entity span without a leading article, titles or a trailing possessive."""
    doc = ent.doc
    start, end = ent.start, ent.end
    roles = []
    while (end > start and doc[end - 1].tag_ == "POS" or end > start and doc[end - 1].text in ("'s", "'")) \
            and not _possessive_is_part_of_name(doc, end - 1):
        end -= 1
    if start < end and doc[start].lower_ == "the" and end - start > 1:
        start += 1
    if (label or ent.label_) == "PERSON":
        title_end = start
        while title_end < end - 1 and (doc[title_end].lower_ in TITLE_WORDS
                                       or doc[title_end].lower_.rstrip(".") in RANK_ABBREVIATIONS):
            title_end += 1
        if title_end > start:
            roles.append(doc[start:title_end].text)
            start = title_end
    if start >= end:
        return None, roles
    return doc[start:end], roles


def _possessive_is_part_of_name(doc: Doc, i: int) -> bool:
    """"Moody's said", "shares of Sotheby's.": an "'s" that no noun phrase follows is not a
    possessive but the end of the name."""
    if doc[i].lower_ != "'s" or i + 1 >= len(doc):
        return False
    nxt = doc[i + 1]
    return nxt.is_lower and nxt.pos_ in ("VERB", "AUX") or nxt.text in (",", ";", ")", ".")


def _is_title_fragment(span: Span) -> bool:
    """"Commerce" in "Commerce Secretary", "Cabinet" in "Chief Cabinet Secretary"."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if span.label_ in ("ORG", "NORP", "GPE") and span.start >= 2 and doc[span.start - 1].lower_ == "of" \
            and doc[span.start - 2].lower_ in TITLE_WORDS and doc[span.start - 2].is_title \
            and all(t.is_title for t in span) and nxt is not None and nxt.ent_type_ == "PERSON":
        return True  # "Secretary of State Mike Pompeo": "State" completes the title
    return (span.label_ in ("ORG", "NORP") and nxt is not None and nxt.lower_ in TITLE_WORDS
            and all(t.is_title or t.lower_ in TITLE_WORDS for t in span)
            and nxt.ent_type_ in ("", "PERSON", "ORG")
            and any(t.ent_type_ == "PERSON" for t in doc[span.end:span.end + 4])
            and not _names_the_holders_body(span))


def _names_the_holders_body(span: Span) -> bool:
    """"Federal Reserve chairman Paul Volcker", "Brazilian President Jose Sarney": a name of two
    words or more with no title or portfolio word in it, or a nationality, before a title names
    the body or country the holder serves, a mention of its own. A portfolio ("Commerce
    Secretary", "Foreign Trade Minister", "Health Minister") is part of the title."""
    if span.label_ == "NORP":
        return len(span) == 1 and _is_nationality_word(span[0])
    words = [t for t in span if t.is_alpha]
    return len(words) >= 2 and all(t.is_title and t.lower_ not in TITLE_WORDS | _ROLE_HEADS for t in words)


def _left_title(name: Span) -> str | None:
    """Title words written right before a name: "Commerce Secretary Howard Lutnick"."""
    doc = name.doc
    i = name.start - 1
    tokens: list[Token] = []
    while i >= 0 and len(tokens) < 5:
        tok = doc[i]
        if tok.lower_ == "of" and tokens and i > 0 and doc[i - 1].lower_ in TITLE_WORDS and doc[i - 1].is_title:
            tokens.insert(0, tok)  # "Secretary of State"
            i -= 1
            continue
        if tok.is_punct or tok.pos_ in ("DET", "ADP", "PRON", "CCONJ", "VERB", "AUX", "PART", "NUM") \
                or tok.tag_ == "POS" or tok.ent_type_ in ("GPE", "NORP", "PERSON", "DATE") \
                or tok.is_space or tok.ent_iob_ == "B" and tok.ent_type_ not in ("ORG", ""):
            break
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
            break
        tokens.insert(0, tok)
        i -= 1
    if not tokens or tokens[-1].lower_ not in TITLE_WORDS | _ROLE_HEADS:
        return None
    return doc[tokens[0].i:tokens[-1].i + 1].text


def _appositive_roles(name: Span) -> list[str]:
    """", managing partner at The Asia Group" after a name, or "Japan's top negotiator, X"."""
    roles = []
    head = name.root
    for child in head.children:
        if child.dep_ == "appos" and child.i >= name.end and child.pos_ == "NOUN":
            tokens = [t for t in child.subtree if not t.is_punct or t.i < child.right_edge.i]
            if not tokens:
                continue
            while len(tokens) > 1 and tokens[0].dep_ == "det" and tokens[0].head.i == child.i:
                tokens = tokens[1:]  # "a senior analyst at X": the article is not part of the role
            text = name.doc[tokens[0].i:tokens[-1].i + 1].text.strip(" ,")
            if 0 < len(text.split()) <= 8:
                roles.append(text)
    if head.dep_ == "appos" and head.head.i < name.start and head.head.pos_ == "NOUN" \
            and head.head.lower_ in _ROLE_HEADS:
        noun = head.head
        mods = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod") and t.ent_type_ not in ("GPE", "NORP")]
        start = min([t.i for t in mods] + [noun.i])
        roles.append(name.doc[start:noun.i + 1].text)
    return roles


def _with_corporate_suffix(ent: Span) -> tuple[Span, str]:
    """"Carson Pirie Scott" + "and Co" -> one ORG; "Allegis" + "Corp" -> one ORG; "Mitsubishi
    Heavy Industries" + "Co Ltd" -> one ORG; "Standard and" + "Poor's Corp" -> one ORG."""
    doc = ent.doc
    i = ent.end
    if i < len(doc) and doc[i].lower_ in ("and", "&") and i + 1 < len(doc) \
            and doc[i + 1].lower_ in CORPORATE_SUFFIXES and doc[i + 1].text[:1].isupper():
        i += 2
    while i < len(doc) and doc[i].lower_ in CORPORATE_SUFFIXES and doc[i].text[:1].isupper():
        i += 1
    start = ent.start
    if ent[-1].lower_ in CORPORATE_SUFFIXES or i > ent.end:
        # a company named by two words joined with "and" ("Cable and Wireless PLC") when the
        # word before "and" belongs to no other entity
        if start >= 2 and doc[start - 1].lower_ in ("and", "&") and doc[start - 2].is_title \
                and doc[start - 2].tag_ in ("NNP", "NNPS") and doc[start - 2].ent_type_ == "" \
                and not is_common_word(doc[start - 2]) and not (start >= 3 and doc[start - 3].tag_ in ("NNP", "NNPS")):
            start -= 2
    if i == ent.end and start == ent.start and ent[-1].lower_ not in CORPORATE_SUFFIXES:
        if ent.label_ == "LAW" and i + 1 < len(doc) and doc[i].lower_ == "of" \
                and re.fullmatch(r"1[6-9]\d\d|20\d\d", doc[i + 1].text):
            return doc[ent.start:i + 2], "LAW"  # "Tax Reform Act of 1986": the year names the act
        return ent, ent.label_
    return doc[start:i], "ORG"


def _is_trailing_name_word(token: Token) -> bool:
    """A capitalised proper noun outside every entity that is not a title, date or suffix word."""
    word = token.lower_.rstrip(".")
    return token.tag_ in ("NNP", "NNPS") and token.ent_type_ == "" and token.text[:1].isupper() \
        and any(c.islower() for c in token.text) and token.is_alpha and not token.is_sent_start \
        and word not in TITLE_WORDS | _ROLE_HEADS | CALENDAR_WORDS | CORPORATE_SUFFIXES and not is_common_word(token)


# One-word names of a country's national bodies ("U.S. Navy", "US Senate"): with the country
# before them they are the body's full name.
_NATIONAL_BODIES = frozenset("navy army senate congress parliament embassy marines".split())


def _keeps_country_prefix(span: Span) -> bool:
    """"U.S. Capitol Police", "U.S. Navy": an institution of two words or more written with its
    country keeps it. After the country one capitalised word is as often a common noun in wire
    copy ("U.S. Dollar", "U.K. Suggestion") as a name, so the country alone is the mention there,
    unless the word names a national body."""
    return len(span) > 2 or len(span) == 2 and span[1].lower_ in _NATIONAL_BODIES


def _with_place_after_of(ent: Span) -> Span:
    """"Office for the Western District of" + "New York": an organisation the tagger ended on
    "of" goes on with the place or organisation right after it."""
    doc = ent.doc
    if ent.label_ != "ORG" or len(ent) < 3 or ent[-1].lower_ != "of" or ent.end >= len(doc) \
            or ent[-2].lower_ not in ORGANISATION_HEADS | _OFFICE_HEADS | _JURISDICTION_HEADS:
        return ent  # "Brierley Investments Ltd of New Zealand": the place is where the company is
    nxt = doc[ent.end]
    if nxt.ent_iob_ != "B" or nxt.ent_type_ not in ("GPE", "LOC", "ORG"):
        return ent
    end = ent.end + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, ent.start, end, label="ORG")


_OFFICE_HEADS = frozenset("office department bureau division".split())
_JURISDICTION_HEADS = frozenset("district circuit court state republic county".split())


def _with_office_holder(ent: Span) -> Span:
    """"U.S. Attorney's" + "Office for ...": an office named after its holder ("Attorney's
    Office", "Sheriff's Department") starts at the holder's title and its country prefix."""
    doc = ent.doc
    if ent.label_ != "ORG" or ent[0].lower_ not in _OFFICE_HEADS or ent.start < 2 \
            or doc[ent.start - 1].text not in ("'s", "’s") or not doc[ent.start - 2].is_title \
            or doc[ent.start - 2].tag_ not in ("NNP", "NN") or doc[ent.start - 2].ent_type_ != "":
        return ent
    start = ent.start - 2
    if start > 0 and doc[start - 1].text in COUNTRY_PREFIXES:
        start -= 1
    return Span(doc, start, ent.end, label="ORG")


def _with_trailing_name_words(ent: Span) -> Span:
    """"Yerba" + "Buena theater", "Hazel" + "Hen supercomputer", "The Hollywood" + "Reporter":
    the tagger stopped inside a name; the capitalised proper nouns right after an entity that
    modifies them (a compound) and that no entity covers are the rest of its name. A place
    the article also names alone ("Japan" ... "Japan Finance Ministry") is its own name."""
    doc = ent.doc
    if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART") \
            or ent.text in COUNTRY_PREFIXES or ent.text in _COUNTRY_ABBREVIATIONS \
            or ent[-1].dep_ != "compound" or ent.end >= len(doc) or not _is_trailing_name_word(doc[ent.end]):
        return ent
    end = ent.end
    while end < len(doc) and _is_trailing_name_word(doc[end]):
        end += 1
    if end < len(doc) and (doc[end].lower_.rstrip(".") in TITLE_WORDS | _ROLE_HEADS or doc[end].ent_type_ == "PERSON"):
        return ent  # "White House Press Secretary Stephanie Grisham": the words start a title
    if ent.label_ in ("GPE", "LOC") and (
            any(e.text == ent.text and e.start != ent.start for e in EntityIndex.of(doc).ents)
            or any(t.lower_ in ORGANISATION_HEADS for t in doc[ent.end:end])):
        return ent
    return Span(doc, ent.start, end, label=ent.label_)


_ROYAL_TITLES = frozenset("king queen prince princess pope sheikh emir sultan".split())
# Country abbreviations the tagger misses when they stand alone ("outside the U.S, Allegis said").
_COUNTRY_ABBREVIATIONS = frozenset("U.S. U.S U.K. U.K".split())
# The AP abbreviations of U.S. states, written after a town ("Grand Rapids, Mich."): a place.
STATE_ABBREVIATIONS = frozenset(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nebr "
    "Nev N.H N.J N.M N.Y N.C N.D Okla Ore Pa R.I S.C S.D Tenn Tex Vt Va Wash W.Va Wis Wyo".split())
# The two-letter postal codes of U.S. states and D.C., written after a town ("Harrisburg, PA").
POSTAL_STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split())
# "U.K.-based", "U.S.-led": a country abbreviation inside a hyphenated compound is still a mention
_COUNTRY_IN_COMPOUND = re.compile(r"(U\.S\.|U\.K\.|US|UK)-[a-zA-Z]")


def _person_extent(span: Span) -> Span:
    """A person's name with the royal title written before it ("Queen Elizabeth II") and a
    hyphenated final syllable the tokenizer split off ("Moon Jae-in")."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 0 and doc[start - 1].lower_ in _ROYAL_TITLES and doc[start - 1].text[:1].isupper():
        start -= 1
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_lower and doc[end + 1].is_alpha:
        end += 2
    elif end < len(doc) and not doc[end - 1].whitespace_ and re.fullmatch(r"-[a-z]+", doc[end].text):
        end += 1
    return doc[start:end]


_FACILITY_NOUNS = frozenset(
    "hospital airport stadium arena bridge theater theatre museum station hotel "
    "palace prison university college school".split())
# Capitalised last words that make a name a building or place ("Moscone Center", "Yankee
# Stadium"); "Park" and "Hall" are also surnames, "Center" also an institution's name.
_FACILITY_NAME_HEADS = frozenset("center centre stadium airport bridge arena square tower building station park".split())
_FACILITY_HEADS_NOT_PERSON = _FACILITY_NAME_HEADS - {"park"}
_FACILITY_HEADS_NOT_ORG = _FACILITY_NAME_HEADS - {"center", "centre", "park"}
# Endings of nationality adjectives ("Japanese", "Brazilian", "British"); place names do not
# end so. "-i" ("Kuwaiti", "Israeli") does ("Shanghai"): it counts when the article also names
# the country the adjective is made from.
_NATIONALITY_ENDINGS = ("ese", "ian", "ish")


def _is_nationality_word(token: Token) -> bool:
    word = token.lower_
    if word.endswith(_NATIONALITY_ENDINGS):
        return True
    return word.endswith("i") and len(word) > 4 and any(t.lower_ == word[:-1] for t in token.doc)
_LOCATIVE_PREPOSITIONS = frozenset("in near outside inside".split())


# Last words of the name of an event (pipeline.extractors.names)
EVENT_HEADS = EVENT_NAME_HEADS
# Lowercase nouns after a name that make it an event ("the Dreamforce conference").
_EVENT_NOUNS = frozenset("conference festival summit tournament championship expo convention".split())
# Last words of the name of a law ("Securities Exchange Act", "First Amendment").
LAW_HEADS = frozenset("act amendment".split())
# Lowercase nouns in an apposition that make a name a place ("Addison, a village near Ithaca").
_PLACE_APPOSITIONS = frozenset("village town city suburb hamlet district province state county region "
                               "neighbourhood neighborhood capital island".split())


def _retyped_by_name(span: Span, label: str) -> str:
    """Types the name's own words or its apposition show: an event's or a law's last word,
    "X-based" (a place), "Addison, a village" (a place), "on Twitter" (a platform, when no
    person of the article has that surname), "SpaceX" (a company: a person's name has no capital
    inside a long first part)."""
    doc = span.doc
    last = span[-1].lower_
    if label in ("ORG", "FAC", "GPE", "PERSON", "LOC") and len(span) > 1 and span[-1].text[:1].isupper():
        if last in EVENT_HEADS:
            return "EVENT"
        if last in LAW_HEADS:
            return "LAW"
    nxt = doc[span.end] if span.end < len(doc) else None
    if len(span) == 1 and label in ("ORG", "PERSON", "PRODUCT", "FAC") and nxt is not None and nxt.text == "-" \
            and span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "based" and not nxt.whitespace_:
        return "GPE"
    after = doc[span.end:span.end + 4]
    if label in ("ORG", "PERSON") and len(after) == 4 and after[0].text == "," and after[1].lower_ in ("a", "an") \
            and any(t.lower_ in _PLACE_APPOSITIONS for t in after[2:]):
        return "GPE"
    if label == "PERSON" and len(span) == 1:
        word = span[0]
        surnames = {e[-1].text for e in EntityIndex.of(doc).ents if e.label_ == "PERSON" and len(e) > 1}
        if word.dep_ == "pobj" and word.head.lower_ == "on" and word.text not in surnames:
            return "ORG"
        if re.fullmatch(r"[A-Z][a-z]{3,}[A-Z]\w*", word.text) and not word.text.startswith("Mac"):
            return "ORG"
    return label


def _retyped(span: Span, label: str) -> str:
    """Types the tagger gets wrong in ways the context shows: "the Steelers" (a person is not
    written with "the"), "Walter Reed hospital" (a name before a facility noun is the facility),
    "the Dreamforce conference" (a name before an event noun is the event)."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    label = _retyped_by_name(span, label)
    if label in ("ORG", "PERSON", "GPE", "FAC") and nxt is not None and nxt.lower_ in _EVENT_NOUNS \
            and nxt.is_lower and nxt.pos_ == "NOUN":
        return "EVENT"
    if label in ("PERSON", "ORG", "GPE") and nxt is not None and nxt.lower_ in _FACILITY_NOUNS \
            and nxt.is_lower and nxt.pos_ == "NOUN" \
            and not (nxt.i + 1 < len(doc) and doc[nxt.i + 1].ent_type_ == "PERSON"):
        return "FAC"
    if label == "PERSON" and span.start > 0 and doc[span.start - 1].lower_ == "the" \
            and (len(span) == 1 and span[0].tag_ == "NNPS" or span[-1].text.endswith("s")):
        return "ORG"
    last = span[-1].lower_
    if len(span) > 1 and span[-1].text[:1].isupper() and (
            label in ("GPE", "LOC") and last in _FACILITY_NAME_HEADS
            or label == "PERSON" and last in _FACILITY_HEADS_NOT_PERSON
            or label == "ORG" and last in _FACILITY_HEADS_NOT_ORG):
        return "FAC"
    if label == "GPE" and len(span) == 1 and _is_nationality_word(span[0]) \
            and span[0].dep_ in ("amod", "compound") and nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN":
        return "NORP"  # "Kuwaiti oil minister": the adjective of a nation
    if label == "PERSON" and len(span) == 1 and span.root.dep_ == "pobj" \
            and span.root.head.lower_ in _LOCATIVE_PREPOSITIONS \
            and not any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == span[0].text for e in EntityIndex.of(doc).ents):
        return "GPE"  # "Pizza Express in Woking": a person is not a place one is in
    return label


def _split_possessor(span: Span) -> tuple[Span | None, Span]:
    """"Apple's AirPods Pro", "Blue Origin's Blue Moon": a name with a possessive inside is an
    owner and the thing it owns when the article also names the owner on its own; returns
    (owner labelled with its own type, the rest). "Moody's Investors Service" and "Women's
    World Cup" stay whole: "Moody" and "Women" are no entity of their own."""
    doc = span.doc
    for k in range(1, len(span) - 1):
        rest = span[k + 1:]
        if span[k].text in ("'s", "’s") and len(rest) >= 2 and rest[-1].lower_ in ORGANISATION_HEADS | _OFFICE_HEADS \
                and all(t.is_title for t in rest) and all(t.text[:1].isupper() or t.lower_ in _ORG_PARTICLES
                                                          for t in span[:k]):
            # "Banco do Brasil's Foreign Trade Department": a department or agency of the owner
            return Span(doc, span.start, span.start + k, label="ORG"), rest
        if span[k].text not in ("'s", "’s") or span[k].tag_ != "POS" or not span[k + 1].text[:1].isupper() \
                or span[k + 1].lower_.rstrip(".") in CORPORATE_SUFFIXES:
            continue
        owner = span[:k]
        if owner[0].lower_ == "the" and len(owner) > 1:
            owner = owner[1:]
        others = [e for e in EntityIndex.of(doc).ents if e.text == owner.text and e.start != owner.start]
        if not others or not all(t.text[:1].isupper() for t in owner):
            return None, span
        return Span(doc, owner.start, owner.end, label=others[0].label_), span[k + 1:]
    return None, span


def _split_parenthesis(span: Span) -> list[Span]:
    """"Ministry of Trade, Industry and Energy (MOTIE" -> the name and the acronym apart."""
    opening = [t.i for t in span if t.text == "("]
    if not opening:
        return [span]
    doc = span.doc
    cut = opening[0]
    closing = [t.i for t in span if t.text == ")" and t.i > cut]
    if closing and cut > span.start and span.end > closing[0] + 1 \
            and all(t.lower_ in CORPORATE_SUFFIXES for t in doc[closing[0] + 1:span.end]):
        return [span]  # "MIM (Canada) Inc": the country of a company's unit is part of its name
    parts = [doc[span.start:cut]]
    inner = [t for t in doc[cut + 1:span.end] if t.text not in "()"]
    if inner:
        parts.append(doc[inner[0].i:inner[-1].i + 1])
    return [p for p in parts if len(p) and any(t.is_alpha for t in p)]


_SUBJECT_PRONOUNS = frozenset("i we you he she it they".split())


def _split_at_inner_the(span: Span) -> tuple[Span | None, Span]:
    """"told Billboard the Doobies have ...", "told Reuters the G-7 will ...": a lowercase "the"
    between two capitalised words inside a name, where the parse hangs the words before and
    after it on heads outside the name (an object, then the subject of the next clause), joins
    two names; returns (the first, the second). "Alexander the Great" (an apposition inside the
    name) and "Bank of the West" (a preposition before "the") stay whole."""
    for k in range(1, len(span) - 1):
        the = span[k]
        if the.text != "the" or not span[k - 1].text[:1].isupper() or not span[k + 1].text[:1].isupper() \
                or span[k - 1].pos_ not in ("PROPN", "NOUN"):
            continue
        first, second = span[:k], span[k + 1:]
        if not (span.start <= first.root.head.i < span.end) and not (span.start <= second.root.head.i < span.end):
            return first, second
    return None, span


def _opens_a_question(span: Span) -> bool:
    """"Shall we go back?", "Will you come?": a capitalised word opening a sentence right
    before a subject pronoun is the inverted verb of a question, not a name."""
    doc = span.doc
    return len(span) == 1 and span[0].is_sent_start and span.end < len(doc) \
        and doc[span.end].lower_ in _SUBJECT_PRONOUNS and doc[span.end].tag_ == "PRP"


_QUOTES = frozenset({'"', "“", "”"})
_TITLE_FUNCTION_WORDS = frozenset("of the with and in a an on at for to from 's".split())


def _inside_quoted_title(span: Span) -> bool:
    """"Dancing with the Stars", " Dawson's Creek ": a name that is only part of a short quoted
    title-case phrase belongs to the title of a work (a show, film or book), not an entity."""
    doc = span.doc
    words = token_texts(doc)
    # the window spans a title of six words and its punctuation ("Takin' It To the Streets,")
    left = next((i for i in range(span.start - 1, max(span.start - 10, -1), -1) if words[i] in _QUOTES), None)
    right = next((i for i in range(span.end, min(span.end + 10, len(doc))) if words[i] in _QUOTES), None)
    if left is None or right is None or right - left - 1 <= len(span) \
            or sum(1 for t in doc[span.sent.start:left] if t.text in _QUOTES) % 2:
        return False  # the quote before the name closes an earlier quotation
    inner = [t for t in doc[left + 1:right] if not t.is_punct and not t.is_space]
    return 2 <= len(inner) <= 6 and inner[0].is_title and all(
        t.lower_ in _TITLE_FUNCTION_WORDS or t.text[:1].isupper() or t.like_num for t in inner)


def _is_department(span: Span) -> bool:
    """"Head of Fundamental Research at Kotak Securities": the department of a role, not a
    named organisation."""
    doc = span.doc
    if not (span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in _ROLE_HEADS
            and span.end < len(doc) and doc[span.end].lower_ in ("at", ",")):
        return False
    if doc[span.end].lower_ == "at":
        return True
    # after a comma the organisation the department belongs to follows ("Head of Research,
    # Kotak Securities"); "director of Tmall, the retail site" names the organisation itself
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    return after is not None and after.text[:1].isupper() and after.tag_ in ("NNP", "NNPS")


# Latin endings of a species epithet ("pestis", "coli", "sapiens", "aureus", "pneumoniae").
_EPITHET = re.compile(r"[a-z]{2,}(?:is|us|um|ae|i|a|ens|es)")
# Nouns that introduce or follow a species' scientific name ("the bacteria Yersinia pestis").
TAXON_NOUNS = frozenset(
    "bacteria bacterium bacterial virus species genus strain strains fungus parasite microbe "
    "pathogen organism plant insect mosquito".split())


def _is_genus_name(token: Token) -> bool:
    """"the bacteria Yersinia pestis", "Escherichia coli bacterium": a capitalised word followed
    by a lowercase Latin epithet, with a taxon noun ("bacteria", "virus", "species") right
    before or after, is a species' scientific name, not a place, person or organisation."""
    doc = token.doc
    if token.i + 1 >= len(doc) or not token.is_title:
        return False
    epithet = doc[token.i + 1]
    if not (epithet.is_lower and epithet.is_alpha and _EPITHET.fullmatch(epithet.text)):
        return False
    for t in doc[:-1]:  # any use of the same two words beside a taxon noun
        if t.text == token.text and doc[t.i + 1].text == epithet.text:
            near = list(doc[max(t.i - 3, 0):t.i]) + list(doc[t.i + 2:t.i + 4])
            if any(n.lower_ in TAXON_NOUNS for n in near):
                return True
    return False


# Compass adjectives ("the first Southern primary"): a direction, not a nationality or group.
COMPASS_ADJECTIVES = frozenset(
    "north south east west northern southern eastern western northeastern northwestern "
    "southeastern southwestern".split())
# Words naming a kind of business written before its name at a sentence start ("Developer
# Valve called ...", "Retailer Target said"): a description, not part of the name.
BUSINESS_DESCRIPTORS = frozenset(
    "developer publisher retailer carrier automaker carmaker chipmaker insurer lender broker "
    "manufacturer operator investor distributor startup start-up supplier airline "
    "broadcaster streamer miner refiner shipper rival competitor".split())

_ACRONYM = re.compile(r"[A-Z]{2,5}")
# Delivery terms of a commodity trade ("180 dlrs a tonne CIF", "FOB Gulf"): who pays freight and
# insurance, written in capitals, never a name. Only the terms no agency shares its initials with
# ("FCA" is also the Farm Credit Administration, "FAS" the Foreign Agricultural Service).
TRADE_TERMS = frozenset("FOB CIF CFR CNF".split())
_POSSESSIVE_DETERMINERS = frozenset("a an its their his her our your my".split())


def common_noun_acronyms(doc: Doc) -> frozenset[str]:
    """Abbreviations the article uses as common nouns, not names: counted or taken by an
    indefinite article or a possessive ("an IPO", "its EV", "the seventh EV", "two EVs"),
    written in the plural with a lowercase "s" ("EVs"), or defined as the initials of lowercase
    words ("hypersensitivity pneumonitis, or HP", "exchange-traded fund (ETF)"). An
    organisation is not counted, owned or spelled out in lowercase."""
    cached = doc.user_data.get("newsclaims.common_noun_acronyms")
    if cached is not None:
        return cached
    found = set()
    for i, text in enumerate(token_texts(doc)):  # a Token only for the few words that can match
        if len(text) >= 3 and text.endswith("s") and _ACRONYM.fullmatch(text[:-1]):
            found.add(text[:-1])
            continue
        if not _ACRONYM.fullmatch(text):
            continue
        tok = doc[i]
        prev = doc[tok.i - 1] if tok.i > 0 else None
        # the word right before takes the abbreviation as its head ("a rover NASA plans" is no
        # "a NASA")
        if prev is not None and prev.head.i == tok.i and (
                prev.dep_ in ("det", "poss") and prev.lower_ in _POSSESSIVE_DETERMINERS
                or prev.dep_ in ("nummod", "amod") and (prev.ent_type_ == "ORDINAL" or prev.like_num)):
            found.add(text)
        elif prev is not None and prev.dep_ == "amod" and prev.head.i == tok.i and any(
                t.dep_ in ("det", "poss") and t.lower_ in _POSSESSIVE_DETERMINERS for t in tok.lefts):
            found.add(text)  # "its cancelled IPO": the determiner before an adjective
        elif prev is not None and prev.head.i == tok.i and prev.tag_ in ("JJR", "JJS") and prev.lower_ != "most":
            found.add(text)  # "the highest ROI", "a lower APR": an amount compared, a common noun
        elif prev is not None and prev.lower_ == "per" and tok.head.i == prev.i:
            found.add(text)  # "5 dlrs per ADS": a unit
        if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_ \
                and not doc[tok.i + 1].whitespace_ and re.fullmatch(r"[A-Z0-9]{1,2}", doc[tok.i + 2].text):
            found.add(text)  # "USB-C ports", "LTE-A": a technical standard and its variant
        if _spelled_out_in_lowercase(doc, tok) or text in TRADE_TERMS:
            found.add(text)
    doc.user_data["newsclaims.common_noun_acronyms"] = result = frozenset(found)
    return result


def _spelled_out_in_lowercase(doc: Doc, tok: Token) -> bool:
    """"hypersensitivity pneumonitis, or HP", "initial public offering (IPO)": the lowercase
    words right before "(" or ", or" spell the abbreviation's letters."""
    i = tok.i - 1
    if i >= 0 and doc[i].text == "(":
        i -= 1
    elif i >= 1 and doc[i].lower_ == "or" and doc[i - 1].text == ",":
        i -= 2
    else:
        return False
    words = []
    while i >= 0 and len(words) < len(tok.text):
        if doc[i].text not in ("-", "–") and not doc[i].is_alpha:
            break
        if doc[i].is_alpha:
            words.insert(0, doc[i])
        i -= 1
    return len(words) == len(tok.text) and all(w.is_lower for w in words) \
        and "".join(w.text[0] for w in words) == tok.text.lower()


# Title words that name a portfolio or rank part, not the office holder ("Treasury", "State",
# "Deputy"): a name of these words alone can be the department ("the Treasury").
_PORTFOLIO_WORDS = frozenset(
    "vice prime cabinet commerce treasury trade finance foreign defence defense state deputy chief "
    "economy agriculture industry energy interior".split())


def _is_bare_title(span: Span) -> bool:
    """"the Texas State Attorney General", "Deputy Press Director": two or more title words
    ending in the word for the office holder, with no name, are a role, not an entity."""
    words = [t.lower_.rstrip(".") for t in span if t.text != "."]
    return len(words) >= 2 and all(w in TITLE_WORDS | _ROLE_HEADS for w in words) \
        and words[-1] not in _PORTFOLIO_WORDS


def _is_title_part(span: Span) -> bool:
    """"Ann Lee, Research and Advocacy Director": one capitalised word right before a
    capitalised office-holder noun, or coordinated with one that is ("Research and"), is part of
    a title. Only for a word typed a person (a person's name is not written directly before a
    title: "Smith Director") or a coordinated word ("Oxfam Director Ann Lee" keeps Oxfam)."""
    doc = span.doc
    if len(span) != 1 or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    if nxt.is_title and nxt.lower_ in _ROLE_HEADS:
        return "PERSON" in (span.label_, span[0].ent_type_)
    return nxt.lower_ in ("and", "&") and span.end + 2 < len(doc) and doc[span.end + 1].is_title \
        and doc[span.end + 1].is_alpha and doc[span.end + 2].is_title and doc[span.end + 2].lower_ in _ROLE_HEADS


# Verbs that give a thing a nickname ("dubbed the 'Monkey House'", "known as the 'Great Stink'").
_NAMING_VERBS = frozenset("called dubbed nicknamed branded labelled labeled termed".split())
_QUOTE_MARKS = frozenset("\"'“”‘’`")


def _is_quoted_nickname(span: Span) -> bool:
    """"the jail, dubbed the 'Monkey House'", "known as the 'Great Stink'", "what some have
    called the 'Londonisation' of the town": words in quotes after a naming verb and "the" are
    a nickname or a coinage, not the name of an entity ("a startup called 'Zoomly'", without
    "the", keeps its name)."""
    doc = span.doc
    i = span.start
    while i < span.end and doc[i].text in _QUOTE_MARKS:
        i += 1
    if i == span.start and (i == 0 or doc[i - 1].text not in _QUOTE_MARKS):
        return False  # no opening quote
    j = span.start - 1
    while j >= 0 and doc[j].text in _QUOTE_MARKS:
        j -= 1
    if j < 1 or doc[j].lower_ != "the":
        return False
    verb = doc[j - 1]
    return verb.lower_ in _NAMING_VERBS or verb.lower_ == "as" and j >= 2 and doc[j - 2].lower_ == "known"


# Lowercase nouns that a capitalised phrase right before them names: the title of a report, a
# campaign, a status ("its Global Supply and Demand report", "Designated Market status").
LABELLED_NOUNS = frozenset(
    "report reports campaign status survey study programme program initiative scheme strategy".split())
# Endings of nouns and participles made from common words ("Prevention", "Investment", "Recognised").
_DERIVED_WORD_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ness", "ity", "ised", "ized")
# Head nouns of bodies and outlets that publish reports and run campaigns ("Energy Information
# Administration report", "a Fast Company report", "a New York Times survey"): their names stay.
_PUBLISHER_HEADS = frozenset(
    "administration organization organisation authority service alliance coalition union network "
    "company board committee center centre magazine journal times news post weekly daily press "
    "institution society party league review".split())


def _is_label_phrase(span: Span) -> bool:
    """"In its Global Production and Consumption report", "the county's Smoking Prevention campaign":
    two capitalised words or more that modify a lowercase report, campaign or status noun, one
    of them a noun made from a common word ("Production", "Investment") and none the head of
    an organisation's or outlet's name, are the title of that thing, not an organisation. "A
    Goldman Sachs report", "the Energy Information Administration survey" keep their names."""
    doc = span.doc
    if len(span) < 2 or span.end >= len(doc) or doc[span.end].lower_ not in LABELLED_NOUNS \
            or not doc[span.end].is_lower:
        return False
    words = [t for t in span if not t.is_lower]
    if len(words) < 2 or not all(t.is_title and t.is_alpha for t in words) \
            or any(t.is_lower and t.lower_ not in ("and", "of", "for") for t in span):
        return False
    if any(t.lower_ in ORGANISATION_HEADS | _OFFICE_HEADS | CORPORATE_SUFFIXES | _PUBLISHER_HEADS for t in span):
        return False
    return any(t.lower_.endswith(_DERIVED_WORD_ENDINGS) for t in words)


def _opens_a_short_lowercase_line(span: Span) -> bool:
    """"Bugs fixed", "Challenges coming soon", "Updates below": a plural noun opening a line of
    at most four words, the others lowercase, is a heading or a list item that a capital starts,
    not a name, unless the article also capitalises the word inside a sentence ("Panthers win"
    with "the Panthers" elsewhere is the team). A score ("Panthers 5") is not lowercase."""
    word = span[0]
    if len(span) != 1 or word.tag_ not in ("NNS", "NNPS") or not word.text.endswith("s") or not word.is_title:
        return False
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if text[line_start:span.start_char].strip():
        return False
    rest = line[span.end_char - line_start:].split()
    if len(rest) > 3 or not all(w.isalpha() and w.islower() for w in rest):
        return False
    return _capitalised_only_opening_sentences(span.doc, word.text)


def _capitalised_only_opening_sentences(doc: Doc, word: str) -> bool:
    """Whether every place the article writes `word` (as written) opens a sentence: its capital
    comes from its place, not from being a name."""
    return all(doc[i].is_sent_start for i in token_positions(doc, "ORTH", [word]))


def _opens_a_sentence_as_a_plural_noun(span: Span) -> bool:
    """"Shifts in policy, not ...", "Proposals under review included ...": one word the tagger
    reads as a plural common noun (NNS, not NNPS), opening its sentence before a preposition or
    participle that modifies it, has its capital from its place only, unless the article also
    writes it capitalised inside a sentence or writes its singular ("Saudis" with "Saudi Arabia")."""
    word = span[0]
    if len(span) != 1 or word.tag_ != "NNS" or not word.is_title or not word.is_sent_start:
        return False
    nxt = span.doc[word.i + 1] if word.i + 1 < len(span.doc) else None
    if nxt is None or not (nxt.is_lower and nxt.is_alpha and nxt.tag_ in ("IN", "VBG", "VBN")):
        return False  # a postmodifier follows ("Shifts in", "Ideas being"), not a verb ("Kurds fled")
    doc = span.doc
    if token_positions(doc, "ORTH", [word.text[:-1]]):
        return False  # "Saudis cut output" beside "Saudi Arabia": the plural of a name
    return _capitalised_only_opening_sentences(doc, word.text)


def _opens_with_a_capitalised_imperative(span: Span) -> bool:
    """"ATTEND a symposium with ...", "CHEER ON the juniors as ...": a word in capitals that
    opens a sentence written in lowercase and is the root of its sentence, right before a
    lowercase word or particle, is a magazine's lead-in verb, not a name ("NASA said" has "said"
    as its root; a line "NASA" has no lowercase word)."""
    first = span[0]
    if not (first.is_sent_start and first.is_upper and first.is_alpha and len(first) >= 3 and first.dep_ == "ROOT"):
        return False
    nxt = span.doc[first.i + 1] if first.i + 1 < len(span.doc) else None
    return nxt is not None and (nxt.is_lower and nxt.is_alpha or nxt.is_upper and nxt.tag_ in ("IN", "RP")) \
        and any(t.is_lower and t.is_alpha for t in first.sent)


def _is_spurious(span: Span) -> bool:
    """Words the tagger took for names that their use shows are not: all lowercase ("cts",
    "royal court"), a unit right after a number ("30-600 MW", "22 cts"), or a phrase with a
    lowercase verb inside ("Garrett hit Rudolph")."""
    if not any(c.isupper() for c in span.text) and not (len(span) == 1 and is_digit_brand(span.text)):
        return True
    if _opens_a_question(span) or _opens_a_short_lowercase_line(span) or _opens_with_a_capitalised_imperative(span):
        return True
    if _opens_a_sentence_as_a_plural_noun(span):
        return True
    if _is_bare_title(span) or _is_label_phrase(span) or _is_title_part(span) or _is_quoted_nickname(span):
        return True
    if any(t.lower_.rstrip(".") in _WIRE_ABBREVIATIONS for t in span):
        return True
    if len(span) == 1 and span[0].dep_ == "advmod" and not any(True for _ in span[0].children):
        return True  # "Worldwide, the survey showed", "the price of corn Worldwide": an adverb
    if len(span) == 1 and re.fullmatch(r"[A-Z][a-z]{3,}wide", span.text):
        return True  # "Worldwide rig utilization rose", "Nationwide, sales fell": an adverb made with -wide
    if len(span) == 1 and _is_genus_name(span[0]):
        return True
    if len(span) == 1 and (span[0].lower_ in EXECUTIVE_TITLES or span.text in common_noun_acronyms(span.doc)):
        return True  # "COO and president Mike Siever", "an IPO": a role, a common noun
    if all(t.lower_.rstrip(".") in RANK_ABBREVIATIONS or t.text == "." for t in span):
        return True  # "Lt Col Anna Berg" tagged as two names: the ranks are her role
    if _is_draw_section(span.text):
        return True  # "Group A", "Pool 3": a section of a tournament's draw
    if len(span.text) == 1 or span[0].lower_ in CORPORATE_SUFFIXES:
        return True  # "P" of "S and P", "Co Ltd" cut off its company
    if len(span) == 1 and _CREDIT_RATING.fullmatch(span.text) and "rat" in span.sent.text.lower():
        return True  # "rated BB-plus": a credit rating
    words = [t.lower_.rstrip(".") for t in span if t.is_alpha or t.text.endswith(".")]
    if words and all(w in CALENDAR_WORDS for w in words):
        return True  # "Closed on Sun & Mon": days, not a name
    doc = span.doc
    if len(span) == 1 and span.start > 0 and (doc[span.start - 1].like_num or
                                              any(c.isdigit() for c in doc[span.start - 1].text)):
        word = span[0].text
        if len(word) <= 4 and (word.isupper() or word.islower()):
            return True
    return any(t.is_lower and t.pos_ in ("VERB", "AUX") and not (span.label_ == "ORG" and t.lower_ in _ORG_PARTICLES)
               for t in span[1:-1])  # "Banco do Brasil": a particle the tagger took for a verb


_NAME_PARTICLES = frozenset("de del della der di du da das dos van von ter al el bin ibn la le".split())


def _trim_start(span: Span) -> Span:
    """Drop first tokens that do not belong to a name ("Will Warren", "a White House", the
    trade term in "c. and f. Japan")."""
    while len(span) > 1 and (span[0].tag_ in _NOT_NAME_START_TAGS or span[0].lower_ in ("a", "an")
                             or span[0].is_lower and span[0].lower_.rstrip(".") not in _NAME_PARTICLES
                             and not span[0].lower_.startswith("al-") and not _ORDINAL.fullmatch(span[0].text)) \
            and not (span[0].tag_ == "DT" and span[0].text == "The" and span[0].i != span.sent.start) \
            or _is_sentence_initial_gerund(span) or _starts_with_descriptor(span):
        span = span[1:]
    return span


def _starts_with_descriptor(span: Span) -> bool:
    """"Developer Valve called": a business-kind noun opening the sentence before a name."""
    return len(span) > 1 and span[0].is_sent_start and span[0].lower_ in BUSINESS_DESCRIPTORS \
        and span[1].text[:1].isupper()


def _has_first_name_before(span: Span) -> bool:
    """"Anders Nilsson made 35 saves" with only "Nilsson" tagged: a capitalised proper noun
    right before a one-word name, outside every entity and not a title or a word the article
    writes in lowercase, is the first name."""
    doc = span.doc
    if len(span) != 1 or span.start == 0:
        return False
    prev = doc[span.start - 1]
    return prev.tag_ == "NNP" and prev.is_title and prev.is_alpha and len(prev) > 1 and prev.ent_type_ == "" \
        and prev.lower_ not in TITLE_WORDS | _ROLE_HEADS | _ROYAL_TITLES and not is_common_word(prev) \
        and not (prev.i > 0 and doc[prev.i - 1].tag_ in ("NNP", "NNPS"))


# Lowercase nouns written after a place's name that say what kind of place it is ("Zabul
# province"); "North sea" keeps its noun, it is the name.
_PLACE_KIND_NOUNS = frozenset("province region state county district area city prefecture governorate "
                              "town village municipality".split())
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def _trim_end(span: Span, label: str) -> Span:
    """Drop a trailing conjunction ("Sabres and"), from a place a lowercase common noun after
    its name ("Zabul province", "Gulf region") and, from an organisation, a person's title
    written after it ("House of Representatives Speaker")."""
    while len(span) > 1 and (span[-1].tag_ in ("CC", "IN", "DT") and not _is_model_word_after_number(span, len(span) - 1)
                             or span[-1].is_space
                             or span[-1].is_punct and span[-1].text != "."
                             or label in ("GPE", "LOC") and span[-1].is_lower and span[-1].lower_ in _PLACE_KIND_NOUNS
                             and span[-2].text[:1].isupper()):
        span = span[:-1]
    if len(span) > 1 and span[-1].lower_ in EXECUTIVE_TITLES:
        span = span[:-1]  # "Greg Paulsen COO": the title written after the name
    score = _TRAILING_SCORE.search(span.text)
    if score is not None:  # "beat Chile 3-0", "past Ito 6-2, 6-1": the score is no part of the name
        cut = span.doc.char_span(span.start_char, span.start_char + score.start(), alignment_mode="contract")
        if cut is not None and len(cut) and any(t.is_alpha for t in cut):
            span = cut
    capacity = _TRAILING_CAPACITY.search(span.text)
    if capacity is not None and capacity.start() > 0:  # "MacBook 256GB": the model's storage, not its name
        cut = span.doc.char_span(span.start_char, span.start_char + capacity.start(), alignment_mode="contract")
        if cut is not None and len(cut) and any(t.is_alpha for t in cut):
            span = cut
    if len(span) > 1 and _INSTRUMENT_CODE.fullmatch(span[-1].text) and span[-2].text[:1].isupper():
        span = span[:-1]  # "Copper CMCU3 rose", "Sterling GBP= was": a market data code after the name
    if label == "ORG" and len(span) > 2 and span[-1].lower_.rstrip(".") in _TRAILING_TITLES \
            and span[-2].lower_ not in ("the", "of"):
        span = span[:-1]
    return span


# A storage or memory size written after a model's name ("256GB", "1 TB")
_TRAILING_CAPACITY = re.compile(r"\s+\d+(?:\.\d+)?\s?(?:GB|TB|MB)$")
# A model number: digits, or letters ending in digits ("11", "S10", "PS4"); not a year.
_MODEL_NUMBER = re.compile(r"(?:[A-Za-z]{0,3})\d{1,3}")


def _is_model_number(token: Token) -> bool:
    return bool(_MODEL_NUMBER.fullmatch(token.text)) and any(c.isdigit() for c in token.text)


def _is_model_word(token: Token) -> bool:
    """A capitalised word that can finish a model's name ("Pro", "Max", "Plus", "XL"): not a
    title, calendar word, company suffix or a word opening its sentence."""
    word = token.lower_.rstrip(".")
    return token.is_alpha and token.text[:1].isupper() and not token.is_sent_start and len(token.text) <= 8 \
        and word not in TITLE_WORDS | _ROLE_HEADS | CALENDAR_WORDS | CORPORATE_SUFFIXES | ORGANISATION_HEADS


def _is_model_word_after_number(span: Span, k: int) -> bool:
    """"Note 10 Plus": a capitalised word right after a model number is part of the model's
    name, whatever tag the tagger gave it."""
    return k > 0 and _is_model_number(span[k - 1]) and _is_model_word(span[k])


def model_name_extent(doc: Doc, start: int, end: int) -> int:
    """The end of a model's name that starts at token `start` and that the tagger ended at `end`
    after a model number ("iPhone 11" + "Pro Max", "Pixel" + "4 XL"): up to two capitalised
    model words right after the number, written with single spaces, before a lowercase word or
    punctuation. `end` itself when the name does not go on so."""
    i = end
    if i < len(doc) and not _is_model_number(doc[i - 1]) and _is_model_number(doc[i]) and doc[i - 1].whitespace_ \
            and not re.fullmatch(r"(?:19|20)\d\d", doc[i].text):
        i += 1  # "Pixel" + "4 XL"
    if not _is_model_number(doc[i - 1]):
        return end
    j = i
    while j < len(doc) and j - i < 2 and doc[j - 1].whitespace_ == " " and _is_model_word(doc[j]):
        j += 1
    if j == i or j < len(doc) and (doc[j].text[:1].isupper() and doc[j].is_alpha or doc[j].like_num):
        return end  # no model word, a longer capitalised run ("Apollo 11 Commander Neil Armstrong"), a score
    return j


def _is_index_number(doc: Doc, i: int) -> bool:
    """"the S&P 500 index", "the Nikkei 225 Index": a number after a name and before "index" is
    part of the stock index's name."""
    return i + 1 < len(doc) and re.fullmatch(r"\d{2,4}", doc[i].text) is not None and doc[i - 1].whitespace_ == " " \
        and doc[i + 1].lower_ == "index" and not re.fullmatch(r"(?:19|20)\d\d", doc[i].text)


def _with_model_words(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions of models carried on over the model words after their number ("iPhone 11" +
    "Pro Max" -> "iPhone 11 Pro Max", a PRODUCT); a mention the longer name now covers is
    dropped (the tagger's "Pro Max" PERSON)."""
    grown = []
    for m in mentions:
        if m.label in ("GPE", "LOC", "NORP"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        if _is_index_number(doc, span.end):  # "S&P" + "500 index", "STOXX" + "600 index"
            m.end = doc[span.end].idx + len(doc[span.end].text)
            m.text = doc_text(doc)[m.start:m.end]
            grown.append(m)
            continue
        end = model_name_extent(doc, span.start, span.end)
        if end > span.end:
            m.end = doc[end - 1].idx + len(doc[end - 1].text)
            m.text, m.label = doc_text(doc)[m.start:m.end], "PRODUCT"
            grown.append(m)
    return [m for m in mentions if m in grown or not any(g.start <= m.start and m.end <= g.end for g in grown)]


# A game or set score written after a name ("Chile 3-0", "Ito 6-2").
_TRAILING_SCORE = re.compile(r"\s+\d{1,3}\s?[-–]\s?\d{1,3}$")
# A market data code ("GBP=", "CMCU3", ".DJI"): capitals ending in "=" or in a digit after four
# capitals, or after a dot; model names ("A380", "PS4") have fewer capitals.
_INSTRUMENT_CODE = re.compile(r"[A-Z]{2,}=|[A-Z]{4,}\d+|\.[A-Z]{2,}[A-Z0-9]*")
_CREDIT_RATING = re.compile(r"(?:AAA|AA|A|BBB|BB|B|CCC|CC|C|Aaa|Aa|Baa|Ba|Caa|Ca)[123]?")
_TRAILING_TITLES = frozenset(
    "speaker spokesman spokeswoman chairman chairwoman president secretary minister governor "
    "director rt hon".split())
# Wire abbreviations ("180 mln N.Z. Dlrs", "Avg", "Shr") that are never part of a name.
_WIRE_ABBREVIATIONS = frozenset("dlrs dlr cts mln bln pct stg shr shrs revs avg qtr".split())


def _is_sentence_initial_gerund(span: Span) -> bool:
    """"Hosting Cook at Dreamforce": a capitalised -ing word opening the sentence is a verb,
    not a first name; not when the name ends in a corporate suffix ("Irving Bank Corp said",
    "Sterling Drug Inc"): a company's name opens its sentence with its own first word."""
    first = span[0]
    return len(span) > 1 and first.is_sent_start and first.is_title and len(first) >= 6 \
        and first.lower_.endswith("ing") and span[1].is_title and not _ends_in_corporate_suffix(span)


def _ends_in_corporate_suffix(span: Span) -> bool:
    return span[-1].lower_.rstrip(".") in CORPORATE_SUFFIXES


def _split_at_abbreviation(span: Span) -> tuple[Span | None, Span]:
    """"Browns DL Sheldon Richardson": a team and a position abbreviation written before a
    person's name; returns (what came before, the name)."""
    for k in range(1, len(span) - 2):
        tok, name = span[k], span[k + 1:]
        if tok.is_upper and tok.is_alpha and 2 <= len(tok) <= 4 and len(name) <= 3 \
                and all(t.is_title and t.is_alpha for t in name) \
                and name[-1].lower_ not in ORGANISATION_HEADS | CORPORATE_SUFFIXES:
            return span[:k], name
    return None, span


_LIST_SEPARATORS = frozenset({",", ":", ";", "and", "&"})
# Types of the two halves of a name the recognizer cut in two ("Lockheed" ORG + "Martin" PERSON);
# places are left apart ("Paris" + "Texas" may be two items).
_LIST_NAME_TYPES = frozenset({"ORG", "PERSON", "PRODUCT", "FAC"})


def _in_list(doc: Doc, start: int, end: int) -> bool:
    """Whether the tokens [start, end) stand between list separators: "..., Lockheed Martin, ..."."""
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    return before in _LIST_SEPARATORS and after in _LIST_SEPARATORS - {":"} and "," in (before, after)


def _list_items(doc: Doc) -> list[Span]:
    """The recognizer's entities with the items of a list of names set apart: an organisation
    or person span with a comma inside ("Draper, Firefly Aerospace") is two names, and two
    entities written one after the other as one item of a comma list ("..., Lockheed" +
    "Martin, ...") are one name."""
    out: list[Span] = []
    ents = EntityIndex.of(doc).ents  # doc.ents builds every Span again on each access
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if nxt is not None and nxt.start == ent.end and ent.label_ in _LIST_NAME_TYPES \
                and nxt.label_ in _LIST_NAME_TYPES and doc[ent.end - 1].whitespace_ == " " \
                and all(t.text[:1].isupper() for t in (*ent, *nxt)) and _in_list(doc, ent.start, nxt.end):
            out.append(Span(doc, ent.start, nxt.end, label="ORG"))
            i += 2
            continue
        out.extend(_split_at_commas(ent))
        i += 1
    return out


def _split_at_commas(ent: Span) -> list[Span]:
    doc = ent.doc
    commas = [t.i for t in ent if t.text == ","]
    if not commas or ent.label_ not in ("ORG", "PERSON") or any(t.lower_ in ("&", "and") for t in ent) \
            or any(c + 1 >= ent.end or not doc[c + 1].text[:1].isupper()
                   or doc[c + 1].lower_.rstrip(".") in CORPORATE_SUFFIXES for c in commas):
        return [ent]  # "Dow Chemical, Inc.": a suffix after a comma is still the company's name
    bounds = [ent.start, *commas, ent.end]
    parts = [Span(doc, a + (a != ent.start), b, label=ent.label_) for a, b in zip(bounds, bounds[1:])]
    return [p for p in parts if len(p)]


# "CB T.J. Carrie 63 85% 1 tackle": a roster or statistics row, a position abbreviation, the
# player's name and the figures.
_ROSTER_ROW = re.compile(r"^([A-Z]{1,3}) ((?:[A-Z][a-z]+|[A-Z]\.[A-Z]\.)(?: [A-Z][a-z][A-Za-z'-]*){1,2}) \d",
                         re.MULTILINE)


def _roster_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of the person named in each statistics row of a table: the name of two or
    three capitalised words between a position abbreviation and the first figure (the
    recognizer, trained on prose, misses them); a name with a company word is a company row."""
    out = []
    for match in _ROSTER_ROW.finditer(text):
        words = match.group(2).lower().split()
        if match.group(1) in COUNTRY_PREFIXES or any(w.rstrip(".") in CORPORATE_SUFFIXES | ORGANISATION_HEADS
                                                     for w in words):
            continue
        out.append((match.start(2), match.end(2)))
    return out


_ORG_PARTICLES = frozenset("do da de dos das del della di du des".split())


def _with_model_letter(ent: Span) -> Span:
    """"Xbox One" + "X", "Galaxy Note" + "S": a single capital letter written right after a
    product or company name, outside every entity and before a lowercase word or punctuation,
    is the end of the model's name ("Xbox One X and PS4 Pro")."""
    doc = ent.doc
    if ent.label_ not in ("ORG", "PRODUCT") or ent.end + 1 >= len(doc):
        return ent
    letter, after = doc[ent.end], doc[ent.end + 1]
    if not (len(letter.text) == 1 and letter.text.isupper() and letter.text not in "AI" and letter.ent_type_ == ""
            and doc[ent.end - 1].whitespace_ and (after.is_punct or after.is_lower or after.lower_ in ("and", "or"))):
        return ent
    return Span(doc, ent.start, ent.end + 1, label=ent.label_)


def _with_name_before_particle(ent: Span) -> Span:
    """"Banco do" + "Brasil", "Banca d'Italia": an organisation's name the recognizer started
    after a Romance particle goes back over the particle and the capitalised word before it."""
    doc = ent.doc
    i = ent.start
    if ent.label_ not in ("ORG", "GPE") or i < 2 or doc[i - 1].lower_ not in _ORG_PARTICLES \
            or not doc[i - 1].is_lower:
        return ent
    head = doc[i - 2]
    if not (head.is_title and head.is_alpha and head.ent_type_ == "" and head.tag_ in ("NNP", "NNPS")):
        return ent
    return Span(doc, i - 2, ent.end, label="ORG")


# Province codes of Canada, written after a town like the U.S. postal codes ("Toronto, ON").
PROVINCE_CODES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())
_MONTHS = ("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|"
           "September|October|November|December")
# A line of a tour or event schedule: a date, a dash and the places ("June 9 – Tampa, FL @ Amalie
# Arena", "Oct. 3 -- Union Hall, Austin, TX").
_SCHEDULE_LINE = re.compile(rf"^[ \t]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,? )?(?:{_MONTHS})\.? \d{{1,2}}"
                            rf"(?:st|nd|rd|th)?[ \t]*(?:–|—|--|-|:)[ \t]*(.+?)[ \t]*$", re.MULTILINE)
# "," "@" "|" between fields, and a full stop after a word ("Arena. Seattle"; "St. Louis" stays)
_FIELD_SEPARATOR = re.compile(r"\s*(?:,|@|\||(?<=[a-z]{3})\.(?=\s))\s*")
_SCHEDULE_FIELD_WORDS = re.compile(r"(?:[A-Z0-9][\w.'’&!-]*|at|of|the|de|la|on|and|&|–|-)")


def schedule_fields(text: str) -> list[tuple[int, int, int, int, list[tuple[int, int, str]]]]:
    """(start, end) of the places of each schedule line and its names as (start, end, type):
    a state or province code and the town before it are places (GPE), the other fields the
    venue (FAC). A line whose fields are not all names is prose and gives nothing."""
    out = []
    for match in _SCHEDULE_LINE.finditer(text):
        lo, hi = match.start(1), match.end(1)
        rest = text[lo:hi]
        rest_clean = re.sub(r"\s*\([^()]*\)", lambda m: " " * len(m.group(0)), rest)  # "(Formerly X)"
        fields, pos = [], 0
        for sep in list(_FIELD_SEPARATOR.finditer(rest_clean)) + [None]:
            end = sep.start() if sep is not None else len(rest_clean.rstrip())
            piece = rest_clean[pos:end]
            stripped = piece.strip()
            if stripped:
                start = lo + pos + (len(piece) - len(piece.lstrip()))
                fields.append((start, start + len(stripped), stripped))
            pos = sep.end() if sep is not None else pos
        if len(fields) < 2 or not all(all(_SCHEDULE_FIELD_WORDS.fullmatch(w) for w in f[2].split()) for f in fields):
            continue
        codes = [f[2] in POSTAL_STATE_CODES | PROVINCE_CODES or f[2].rstrip(".") in STATE_ABBREVIATIONS
                 for f in fields]
        named = []
        for k, (start, end, field) in enumerate(fields):
            if codes[k] or k + 1 < len(fields) and codes[k + 1]:
                named.append((start, end, "GPE"))
            else:
                named.append((start, end, "FAC"))
        out.append((lo, hi, named))
    return out


def possessed_names(doc: Doc) -> list[Span]:
    """"Japan's Nikkei futures", "Cleveland's Public Auditorium on": capitalised proper nouns
    right after a named owner's "'s" and before a lowercase word, that no entity covers, are a
    name (a facility when their last word says so, else an organisation). Not titles ("Britain's
    Prince Andrew" is a person the recognizer finds), dates, words the article writes in lowercase,
    or words that an "of" continues (their name, if they are one, does not end there)."""
    out = []
    for tok in doc:
        if tok.tag_ != "POS" or tok.i == 0 or doc[tok.i - 1].ent_type_ not in ("GPE", "ORG", "PERSON"):
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].tag_ in ("NNP", "NNPS") and doc[end].is_title and doc[end].is_alpha \
                and doc[end].ent_type_ == "" and not is_common_word(doc[end]) \
                and doc[end].lower_ not in TITLE_WORDS | _ROLE_HEADS | CALENDAR_WORDS | _ROYAL_TITLES:
            end += 1
        if end == tok.i + 1 or end >= len(doc) or not doc[end].is_lower or not doc[end].is_alpha:
            continue
        if doc[end].lower_ == "of":
            continue  # "the Academy's Class of 2020", "the bank's Board of Directors": the words go on past "of"
        label = "FAC" if doc[end - 1].lower_ in _FACILITY_NAME_HEADS | _FACILITY_NOUNS else "ORG"
        out.append(Span(doc, tok.i + 1, end, label=label))
    return out


# What a name never runs across: a wire company tag in angle brackets ("Acme Corp <ACME>") or a
# dash with a space on each side ("Acme Corp - Offering of ...", "Banco Nacional - BN").
_TAG = re.compile(r"<[^<>\n]{0,60}>")
_SPACED_DASH = re.compile(r"\s[-–]+\s")
_BARE_TICKER = re.compile(r"<[A-Z0-9.]{1,10}>")


def _pieces_between_breaks(body: str, m: Mention) -> list[Mention]:
    """The mention cut at a company tag's brackets and at spaced dashes: the recognizer runs a name
    into the ticker after it ("Sears Corp <S") or over a dash into the next words ("Acme Corp -
    Offering"). A bare ticker in its tag ("<ACME>") is no entity; a piece is kept when it is a name:
    it ends in a capitalised word and is not one word the article writes in lowercase ("Offering"
    beside "a share offering")."""
    text = body[m.start:m.end]
    if "<" not in text and ">" not in text and not _SPACED_DASH.search(text):
        return [m]
    lo, hi = body.rfind("\n", 0, m.start) + 1, body.find("\n", m.end)
    hi = len(body) if hi < 0 else hi
    broken = [False] * len(text)
    for tag in _TAG.finditer(body, lo, hi):
        if tag.start() <= m.start and m.end <= tag.end():  # all inside one tag
            if _BARE_TICKER.fullmatch(tag.group()):
                return []
            continue
        for i in range(max(tag.start(), m.start), min(tag.end(), m.end)):
            broken[i - m.start] = True
    for dash in _SPACED_DASH.finditer(text):
        for i in range(dash.start(), dash.end()):
            broken[i] = True
    for i, ch in enumerate(text):  # a bracket of a tag that runs past the line's edge
        broken[i] = broken[i] or ch in "<>"
    out = []
    for piece in re.finditer(r"[^\x00]+", "".join("\x00" if b else ch for ch, b in zip(text, broken))):
        words = piece.group()
        stripped = words.strip(" \t,;:-–")
        if not stripped:
            continue
        start = m.start + piece.start() + words.index(stripped)
        last = stripped.split()[-1]
        if not last[:1].isupper() and not last[:1].isdigit():
            continue  # "Banca di": a longer name cut short
        if " " not in stripped and re.search(rf"(?<![\w-]){re.escape(stripped.lower())}(?![\w-])", body):
            continue
        out.append(Mention(start=start, end=start + len(stripped), text=stripped, label=m.label,
                           sentence_index=m.sentence_index, roles=list(m.roles)))
    return out


_SUFFIX_WORD = r"(?:%s)" % "|".join(re.escape(w.rstrip(".")) + r"\.?" for w in sorted(
    {w.rstrip(".") for w in CORPORATE_SUFFIXES}, key=len, reverse=True))


def _companies_named_over_and(body: str, mentions: list[Mention]) -> list[Mention]:
    """"Hartwell Power and Light Co", "Oskar and Brandt Ltd": one word and corporate suffixes right
    after "and" whose other side is one to three capitalised words is one company named by both
    sides; the recognizer stops at "and" ("Light Co") or makes the first side a person. Not when
    either side is named alone with a suffix of its own in the article ("Exxon Corp ... Exxon and
    Mobil Corp"), when the first side is a place or an acronym, or ends in a suffix itself."""
    out = list(mentions)
    for m in mentions:
        words = m.text.split()
        if len(words) < 2 or not re.fullmatch(r"[A-Z][a-z][\w'-]*", words[0]) \
                or not all(re.fullmatch(_SUFFIX_WORD, w, re.IGNORECASE) and w[:1].isupper() for w in words[1:]):
            continue
        before = re.search(r"((?:[A-Z][\w'-]*\.? ){1,3})(?:and|&) $", body[max(0, m.start - 80):m.start])
        if before is None:
            continue
        first = before.group(1).split()
        start = m.start - len(before.group(0))
        if start > 0 and re.search(r"[A-Z][\w'-]*\.? $", body[:start]) and not re.search(r"[.!?]\s+$", body[:start]):
            continue  # more capitalised words before: where the name starts is unclear
        if first and (first[0] in ("The", "A", "An") or re.search(
                rf"(?<![\w-]){re.escape(first[0].lower())}(?![\w-])", body)):  # "Later Exxon and ..."
            start += len(first[0]) + 1
            first = first[1:]
        if not first or any(re.fullmatch(_SUFFIX_WORD, w, re.IGNORECASE) or w.isupper() for w in first):
            continue
        if any(o.label in ("GPE", "NORP", "LOC") and o.start < m.start and start < o.end for o in out):
            continue
        own = r"\s+" + _SUFFIX_WORD + r"(?![\w])"
        if any(re.search(r"\b" + re.escape(" ".join(first[k:])) + own, body, re.IGNORECASE) for k in range(len(first))) \
                or any(hit.start() != m.start for hit in re.finditer(r"\b" + re.escape(words[0]) + own, body, re.IGNORECASE)):
            continue
        out = [o for o in out if not (o.start < m.end and start < o.end)]
        out.append(Mention(start=start, end=m.end, text=body[start:m.end], label="ORG",
                           sentence_index=m.sentence_index, roles=list(m.roles)))
    return sorted(out, key=lambda x: (x.start, x.end))


# The rest of a thrift's name after "Savings" or "Building": "Freedom Savings and Loan Association".
_LOAN_TAIL = re.compile(r" and Loan(?: (?:Association|Assn\.?|Bank|Co\.?|Corp\.?))?(?![\w-])")


def _thrift_names_over_and(body: str, mentions: list[Mention]) -> list[Mention]:
    """"Freedom Savings and Loan Association": the recognizer stops a savings and loan's name at
    "and" ("Freedom Savings", then "Loan Association"). "and Loan" after a name ending in
    "Savings" or "Building" continues that name (the kind of bank US thrifts are named by)."""
    out = list(mentions)
    for m in mentions:
        if m.text.split()[-1] not in ("Savings", "Building") or len(m.text.split()) < 2:
            continue
        tail = _LOAN_TAIL.match(body, m.end)
        if tail is None:
            continue
        # the mention and the recognizer's "Loan Association" after it give way to the whole name
        out = [o for o in out if o is not m and not (o.start < tail.end() and m.end <= o.start)]
        out.append(Mention(start=m.start, end=tail.end(), text=body[m.start:tail.end()], label="ORG",
                           sentence_index=m.sentence_index, roles=list(m.roles)))
    return sorted(out, key=lambda x: (x.start, x.end))


_SLASH_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")


def _is_named_side(body: str, side: str, lo: int, hi: int) -> bool:
    """Whether one side of a slash is a name by itself: an acronym ("CBS"), or words the
    article writes outside the joined mention [lo, hi) ("Arco" of "Arco Coal Co")."""
    if _SLASH_ACRONYM.fullmatch(side):
        return True
    for hit in re.finditer(rf"(?<![\w-]){re.escape(side)}(?![\w-])", body):
        if hit.end() <= lo or hit.start() >= hi:
            return True
    return False


def _names_joined_by_slash(body: str, mentions: list[Mention]) -> list[Mention]:
    """"New York Times/CBS poll", "the Agip/Arco venture": the recognizer runs two names joined by
    a slash into one. The mention is cut at the slash when both sides start with a capital and
    either side is a name by itself; a name whose slash joins two of its own words
    ("Fairchild Composites/Bonding Center") names neither side elsewhere and stays whole."""
    out = []
    for m in mentions:
        if m.text.count("/") != 1 or " /" in m.text or "/ " in m.text:
            out.append(m)
            continue
        cut = m.text.index("/")
        left, right = m.text[:cut], m.text[cut + 1:]
        if not (left[:1].isupper() and right[:1].isupper()) \
                or not (_is_named_side(body, left, m.start, m.end) or _is_named_side(body, right, m.start, m.end)):
            out.append(m)
            continue
        for a, text in ((m.start, left), (m.start + cut + 1, right)):
            out.append(Mention(start=a, end=a + len(text), text=text, label=m.label,
                               sentence_index=m.sentence_index, roles=list(m.roles)))
    return out


def _without_sentence_initial_modifier(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Spot Illinois rail ...", "Remained Rowntree ...": a sentence's first word is capitalised
    whatever it is, and the recognizer runs a verb, adjective or adverb there ("spot", "prompt")
    or a word the article writes in lowercase into the name after it. The word is cut when the rest
    is a name the article gives alone elsewhere; a word that is part of the name ("West Germany",
    "New York") is a proper noun by the tagger and stays."""
    body = doc_text(doc)
    texts: dict[str, set[int]] = {}
    for m in mentions:
        texts.setdefault(m.text, set()).add(m.start)
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="contract") if _is_initial_word(body, m.start) else None
        if span is not None and len(span) >= 2 \
                and (span[0].pos_ in ("VERB", "ADJ", "ADV") or is_common_word(span[0])) \
                and texts.get(span[1:].text, set()) - {span[1].idx}:
            rest = span[1:]
            m = Mention(start=rest.start_char, end=rest.end_char, text=rest.text, label=m.label,
                        sentence_index=m.sentence_index, roles=list(m.roles))
        out.append(m)
    return out


def _without_page_marks(body: str, mentions: list[Mention]) -> list[Mention]:
    """Web-page marks around names: a trademark sign opening the span is cut ("Victor® Honey"),
    a copyright/photo credit ("© Reuters") and a title-case heading's phrase are dropped, and a
    sentence's full stop after a closing initial is cut ("won Group D."), dropping a draw's section."""
    out = []
    for m in mentions:
        if is_credit(body, m.start) or is_heading_phrase(body, m.start, m.end):
            continue
        cut = without_leading_marks(m.text)
        stop = sentence_stop_length(body, m.start, m.end)
        if cut or stop:
            m = Mention(start=m.start + cut, end=m.end - stop, text=m.text[cut:len(m.text) - stop], label=m.label,
                        sentence_index=m.sentence_index, roles=list(m.roles))
            if _is_draw_section(m.text):
                continue
        out.append(m)
    return out


def _is_draw_section(text: str) -> bool:
    """"Group A", "Pool 3": a section of a tournament's draw, no name."""
    words = text.split()
    return len(words) == 2 and words[0].lower() in ("group", "pool") and bool(re.fullmatch(r"[A-Z]|\d{1,2}", words[1]))


def _split_at_preposition_to(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"the move of Thibaut Courtois to Real Madrid": two names run together over the
    preposition "to" (tagged IN; the infinitive "Committee to Protect Journalists" is TO) are
    two mentions when a proper noun stands on each side and no other word is lowercase."""
    out = []
    for m in mentions:
        if " to " not in m.text or _has_lowercase_word_besides_to(m.text):
            out.append(m)
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="contract")
        cut = next((t.i for t in span[1:-1] if t.lower_ == "to" and t.tag_ == "IN"
                    and doc[t.i - 1].pos_ == "PROPN" and doc[t.i + 1].pos_ == "PROPN"), None) if span is not None else None
        if cut is None:
            out.append(m)
            continue
        for part in (doc[span.start:cut], doc[cut + 1:span.end]):
            out.append(Mention(start=part.start_char, end=part.end_char, text=part.text, label=m.label,
                               sentence_index=m.sentence_index, roles=list(m.roles) if part.start == span.start else []))
    return out


def _with_bracketed_credits(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"[ Daily Planet ]" lines after each quoted review of a round-up page: the bracketed name
    is the outlet credited (an ORG); mentions inside it ("Tom" of "Tom's Guide") give way to it.
    A single word the article also writes in lowercase ("[ Video ]") is no outlet."""
    credits = bracketed_credit_names(doc_text(doc))
    if not credits:
        return mentions
    added = []
    for start, end in credits:
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is None or not len(span) or len(span) == 1 and is_common_word(span[0]):
            continue
        added.append(Mention(start=start, end=end, text=doc_text(doc)[start:end], label="ORG",
                             sentence_index=SentenceIndex.of(doc).index_of(start)))
    kept = [m for m in mentions if not any(a.start <= m.start and m.end <= a.end for a in added)]
    return kept + added


def _has_lowercase_word_besides_to(text: str) -> bool:
    """"Society for the Prevention of Cruelty to Children": a long name whose small words are
    written in lowercase holds its "to" as well; names run together are capitalised words only."""
    return any(w[:1].islower() and w != "to" for w in text.split())


def _is_initial_word(body: str, start: int) -> bool:
    """Whether only spaces, quotes and brackets stand between `start` and the text's start or a
    line or sentence end (read backwards from `start`: no copy of the text before it)."""
    i = start
    while i > 0 and body[i - 1] in " \t\"'(":
        i -= 1
    return i == 0 or body[i - 1] in "\n.!?:;"


_DOTTED_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,4}")


def _is_dotted_abbreviation(span: Span) -> bool:
    """"the U.N.", "N.Z.": a name written as capitals with points is one token with no letters-only
    text, yet a name ("9.30 A.M." stays out: _is_spurious drops capitals after a number). The
    country abbreviations ("U.S.") are found by their own loop below."""
    return len(span) == 1 and _DOTTED_ABBREVIATION.fullmatch(span.text) is not None \
        and span.text not in _COUNTRY_ABBREVIATIONS


def mentions_from_doc(doc: Doc) -> list[Mention]:
    """Named-entity mentions of the contract's types, in text order; none in non-prose lines."""
    sentences = SentenceIndex.of(doc)
    skip = non_prose(doc)
    mentions = []
    consumed = -1
    models = [(c.start, c.end) for c in name_candidates_of(doc) if c.label_ == "PRODUCT"]
    for ent in _list_items(doc):
        if any(s <= ent.start and ent.end <= e for s, e in models):
            continue  # "Max" of "737 Max jet": part of a model's name
        if ent.start < consumed or ent.label_ not in ENTITY_TYPES or _is_title_fragment(ent):
            continue
        if skip.covers(ent.start_char, ent.end_char) or _opens_with_a_capitalised_imperative(ent):
            continue
        ent_span, label = _with_corporate_suffix(_with_office_holder(_with_place_after_of(
            _with_trailing_name_words(_with_model_letter(_with_name_before_particle(ent))))))
        if _has_first_name_before(ent_span) and label in ("PERSON", "ORG"):
            ent_span, label = ent.doc[ent_span.start - 1:ent_span.end], "PERSON"
        if label == "PERSON":
            ent_span = _person_extent(ent_span)
        consumed = ent_span.end
        owner, ent_span = _split_possessor(ent_span)
        if owner is not None:
            mentions.append(Mention(start=owner.start_char, end=owner.end_char, text=owner.text, label=owner.label_,
                                    sentence_index=sentences.index_of(owner.start_char)))
        parts = _split_parenthesis(ent_span)
        for part in parts[1:]:
            if not _is_spurious(part):
                mentions.append(Mention(start=part.start_char, end=part.end_char, text=part.text, label=label,
                                        sentence_index=sentences.index_of(part.start_char)))
        span, roles = _strip(parts[0], label) if parts else (None, [])
        if span is not None:
            span = _trim_end(_trim_start(span), label)
        if span is not None:
            before_the, span = _split_at_inner_the(span)
            if before_the is not None and not _is_spurious(before_the):
                mentions.append(Mention(start=before_the.start_char, end=before_the.end_char, text=before_the.text,
                                        label=label, sentence_index=sentences.index_of(before_the.start_char)))
        if span is None or not (any(t.is_alpha for t in span) or _is_dotted_abbreviation(span)) \
                or _is_spurious(span) or _inside_quoted_title(span):
            continue
        if label == "ORG" and _is_department(span):
            continue
        label = _retyped(span, label)
        if label == "NORP" and len(span) == 1 and span[0].lower_ in COMPASS_ADJECTIVES:
            continue
        if label in ("PERSON", "ORG"):
            before, rest = _split_at_abbreviation(span)
            if rest is not span:
                span, label = rest, "PERSON"
            if before is not None and len(before) == 1 and before[0].tag_ in ("NNPS", "NNP") \
                    and before.text.endswith("s") and not _is_spurious(before):
                mentions.append(Mention(start=before.start_char, end=before.end_char, text=before.text,
                                        label="ORG", sentence_index=sentences.index_of(before.start_char)))
        if label == "PERSON":
            left = _left_title(span if span.start == ent.start else doc[ent.start:ent.end])
            if left and left not in roles:
                roles.append(left)
            roles.extend(r for r in _appositive_roles(span) if r not in roles)
        if label in ("ORG", "FAC", "LAW") and len(span) > 1 and span[0].text in COUNTRY_PREFIXES \
                and not _keeps_country_prefix(span):
            # "U.S. Dollar", "U.K. Government": the country is the mention, the word a common noun
            country = span[:1]
            mentions.append(Mention(start=country.start_char, end=country.end_char, text=country.text,
                                    label="GPE", sentence_index=sentences.index_of(country.start_char)))
            span = span[1:]
            if len(span) == 1 and is_common_word(span[0]):
                continue  # "U.S. Origin", "U.S. Groundnut crop": a word the article writes in lowercase
        elif label in ("ORG", "FAC", "LAW") and len(span) > 1 and span[0].text in COUNTRY_PREFIXES:
            # "U.S. Capitol Police": the country is also a mention of its own; the ORG keeps the
            # name as written (its key in resolve folds the prefix, so "Capitol Police" is the same)
            country = span[:1]
            mentions.append(Mention(start=country.start_char, end=country.end_char, text=country.text,
                                    label="GPE", sentence_index=sentences.index_of(country.start_char)))
        mentions.append(Mention(start=span.start_char, end=span.end_char, text=span.text,
                                label=label, sentence_index=sentences.index_of(span.start_char),
                                roles=roles))
    covered = [(m.start, m.end) for m in mentions]
    for cand in name_candidates_of(doc):
        if _starts_with_descriptor(cand):
            cand = Span(doc, cand.start + 1, cand.end, label=cand.label_)
        if skip.covers(cand.start_char, cand.end_char) or _is_spurious(cand) or _is_department(cand) \
                or cand.label_ != "PRODUCT" and _inside_quoted_title(cand) \
                or any(s < cand.end_char and cand.start_char < e for s, e in covered):
            continue
        roles = []
        if cand.label_ == "PERSON":
            left = _left_title(cand)
            roles = ([left] if left else []) + _appositive_roles(cand)
        mentions.append(Mention(start=cand.start_char, end=cand.end_char, text=cand.text, label=cand.label_,
                                sentence_index=sentences.index_of(cand.start_char), roles=roles))
        if cand.label_ == "ORG" and len(cand) > 2:
            covered.append((cand.start_char, cand.end_char))  # "Tariffs" inside a spelled-out acronym
    # a surname the tagger typed ORG ("the Trump administration") where the article names the
    # person in full is that person
    # "sales to Yamaha" typed a group where the article names "Yamaha Inc": the company
    companies = {" ".join(m.text.strip("<>").split()[:-1]) for m in mentions if len(m.text.split()) > 1 and m.text.strip("<>").split()[-1].lower() in CORPORATE_SUFFIXES}
    for m in mentions:
        if m.label in ("NORP", "GPE") and m.text in companies and not m.text.lower().endswith(_NATIONALITY_ENDINGS):
            m.label = "ORG"
    surnames = {m.text.split()[-1] for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1}
    for m in mentions:
        if m.label in ("ORG", "NORP") and " " not in m.text and m.text in surnames:
            m.label = "PERSON"
    # the token loops below read the token texts (no Token object per token) and build a
    # Token only for the few that can match
    words = token_texts(doc)
    covered = [(m.start, m.end) for m in mentions]
    for i, word in enumerate(words):
        if not word.startswith("U"):  # every country abbreviation and compound starts with U
            continue
        prefix = _COUNTRY_IN_COMPOUND.match(word)
        length = len(word) if word in _COUNTRY_ABBREVIATIONS else len(prefix.group(1)) if prefix else 0
        if not length:
            continue
        token = doc[i]
        if not skip.covers(token.idx, token.idx + length) and not any(s <= token.idx < e for s, e in covered):
            mentions.append(Mention(start=token.idx, end=token.idx + length, text=token.text[:length], label="GPE",
                                    sentence_index=sentences.index_of(token.idx)))
    covered = [(m.start, m.end) for m in mentions]
    for start, end in _roster_names(doc_text(doc)):
        if not any(s < end and start < e for s, e in covered):
            mentions.append(Mention(start=start, end=end, text=doc_text(doc)[start:end], label="PERSON",
                                    sentence_index=sentences.index_of(start)))
    by_start = {m.start: m for m in mentions}
    for i, word in enumerate(words):
        if i < 2 or words[i - 1] != "," or (word.rstrip(".") not in STATE_ABBREVIATIONS
                                           and word not in POSTAL_STATE_CODES):
            continue
        token = doc[i]
        if doc[i - 2].ent_type_ == "GPE" and not skip.covers(token.idx, token.idx + len(token)):
            same = by_start.get(token.idx)
            if same is not None and same.end == token.idx + len(token.text):
                same.label = "GPE"  # "Gladstone, NJ" typed ORG: a state after its town
            elif not any(s <= token.idx < e for s, e in covered):
                mentions.append(Mention(start=token.idx, end=token.idx + len(token.text), text=token.text,
                                        label="GPE", sentence_index=sentences.index_of(token.idx)))
    mentions = [piece for m in mentions for piece in _pieces_between_breaks(doc_text(doc), m)]
    mentions = _companies_named_over_and(doc_text(doc), mentions)
    mentions = _names_joined_by_slash(doc_text(doc), mentions)
    mentions = _thrift_names_over_and(doc_text(doc), mentions)
    mentions = _without_sentence_initial_modifier(doc, mentions)
    for m in mentions:
        # "<Yamaha Inc>": the angle brackets of a wire ticker or company tag are not the name
        while len(m.text) > 1 and m.text[-1] in "<>":
            m.text, m.end = m.text[:-1], m.end - 1
        while len(m.text) > 1 and m.text[0] in "<>-–":  # "pan-European": the hyphen is not the name's
            m.text, m.start = m.text[1:], m.start + 1
    # "non-Communist countries": a name negated by "non-" names no one of that group
    mentions = [m for m in mentions if not doc_text(doc)[max(m.start - 4, 0):m.start].lower() == "non-"]
    covered = [(m.start, m.end) for m in mentions]
    for span in possessed_names(doc):
        if not skip.covers(span.start_char, span.end_char) and not _is_spurious(span) \
                and not any(s < span.end_char and span.start_char < e for s, e in covered):
            mentions.append(Mention(start=span.start_char, end=span.end_char, text=span.text, label=span.label_,
                                    sentence_index=sentences.index_of(span.start_char)))
    mentions = _with_model_words(doc, mentions)
    for lo, hi, named in schedule_fields(doc_text(doc)):
        if skip.covers(lo, hi):
            continue
        # the recognizer runs the fields of a schedule line together ("FL @ Xfinity Center")
        mentions = [m for m in mentions if m.end <= lo or m.start >= hi]
        mentions.extend(Mention(start=a, end=b, text=doc_text(doc)[a:b], label=label, sentence_index=sentences.index_of(a))
                        for a, b, label in named)
    mentions = _without_page_marks(doc_text(doc), mentions)
    mentions = _split_at_preposition_to(doc, mentions)
    mentions = _with_bracketed_credits(doc, mentions)
    unique = {}
    for m in mentions:  # a span found twice (an entity and a prefix of a longer name) is one mention
        unique.setdefault((m.start, m.end), m)
    return sorted(unique.values(), key=lambda m: (m.start, m.end))
