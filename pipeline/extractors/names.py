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

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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
_NAME_TAGS = frozenset({"NNP", "NNPS"})


def _is_name_word(token: Token) -> bool:
    return token.tag_ in _NAME_TAGS and token.text[:1].isupper() and any(c.isalpha() for c in token.text) \
        and token.ent_type_ not in ENTITY_TYPES and not token.is_space


def _runs(doc: Doc) -> list[Span]:
    """Maximal runs of capitalised proper nouns that no entity covers, within one sentence."""
    runs, start = [], None
    for token in doc:
        inside = _is_name_word(token) and not (start is not None and token.is_sent_start)
        if inside and start is None:
            start = token.i
        elif not inside:
            if start is not None:
                runs.append(doc[start:token.i])
            start = token.i if _is_name_word(token) else None
    if start is not None:
        runs.append(doc[start:len(doc)])
    return runs


def _organisation(run: Span) -> Span | None:
    """The run when it ends in a company suffix or an organisation head noun and has a name
    before it ("ICICI Securities", not "Securities")."""
    last = run[-1].lower_
    if len(run) < 2 or not (last in CORPORATE_SUFFIXES or last in ORGANISATION_HEADS):
        return None
    if all(t.lower_ in ORGANISATION_HEADS | CORPORATE_SUFFIXES for t in run):
        return None
    return run


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


def candidate_spans(doc: Doc) -> list[Span]:
    """Labelled spans of names the recognizer missed (ORG, PERSON), in text order."""
    out = []
    for run in _runs(doc):
        org = _organisation(run)
        if org is not None:
            out.append(Span(doc, org.start, org.end, label="ORG"))
            continue
        person = _person(run)
        if person is not None:
            out.append(Span(doc, person.start, person.end, label="PERSON"))
    return out


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
