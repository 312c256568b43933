"""Who said it: each claim's speaker phrase resolved to a named mention of the article.

Rules over the parse, applied to the claims of one Doc in text order; each records how it
resolved the speaker in `speaker_basis`:
- name: the speaker phrase names a person ("Trade Representative Clayton Yeutter") or is
  headed by a named organisation ("Kyodo News");
- title: "the president", "the minister", "the 54-year-old": the person who holds that title in
  the article (title + name, or an apposition: "Oil minister Sheikh Ali", "Yeutter, the U.S.
  trade representative"); an age description refers back like a pronoun;
- role_noun: "the company", "the bank", "the paper": the organisation so described in the article
  ("trade paper Automotive News", "Kotak, the brokerage"), else the one whose name has the noun,
  else the organisation last in subject position or speaking;
- pronoun: he/she -> the nearest preceding person in subject position or speaking (gender from
  honorifics and earlier pronouns, never across a gender clash), not merely the last person
  named; it -> the same for organisations and countries; they -> the last plural speaker;
- continuation: a quotation without its own attribution continues the previous speaker;
- description: an unnamed but specific speaker ("a senior Foreign Ministry official"), kept as
  written; a later "he said" that refers back to it takes its words as the speaker.
A pronoun or role noun without an antecedent is left as written, with basis `unresolved`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.extractors.claims import Claim
from pipeline.extractors.mentions import Mention

BASES = ["name", "title", "role_noun", "pronoun", "continuation", "description", "unresolved"]

# Heads of definite descriptions that stand for a person holding an office or a role.
TITLE_NOUNS = frozenset(
    "president minister secretary chancellor premier governor senator chairman chairwoman chair "
    "ceo executive director mayor ambassador envoy king queen prince princess commissioner "
    "representative negotiator coach manager leader founder treasurer economist analyst "
    "spokesman spokeswoman spokesperson official officer judge lawyer attorney".split())
# Heads of definite descriptions that stand for an organisation (or, for a few, a country).
ORG_NOUNS = frozenset(
    "bank company club firm group ministry government agency airline carrier lender insurer team "
    "party union council committee commission department regulator fund exchange association "
    "administration authority organisation organization board court league federation business "
    "manufacturer maker producer retailer operator utility institute university paper newspaper "
    "daily weekly magazine brokerage broker bureau office corporation concern unit subsidiary "
    "trust cooperative co-operative network channel station network cartel alliance "
    "partnership".split())
_COUNTRY_NOUNS = frozenset("government country state nation administration ministry".split())
_MALE = frozenset("mr mr. sir king prince lord he him his".split())
_FEMALE = frozenset("mrs mrs. ms ms. miss madam lady queen princess she her".split())
_PLURAL_HEADS = frozenset("officials sources analysts economists experts traders dealers executives "
                          "people leaders diplomats lawmakers authorities investors bankers "
                          "spokesmen representatives negotiators".split())
_PERSON_DESCRIPTION_HEADS = TITLE_NOUNS | frozenset(
    "source aide adviser advisor diplomat lawmaker trader dealer banker expert observer "
    "person man woman resident witness member insider executive".split())
_SENTENCE_WINDOW = 8  # sentences a pronoun may reach back


@dataclass
class Referent:
    """Something a later speaker phrase can refer to: a named mention or an unnamed speaker."""
    start: int  # character offsets of the mention or speaker phrase
    end: int
    kind: str  # person | org | group
    sentence: int
    subject: bool  # in subject position, or the speaker of a claim
    text: str
    named: bool
    key: str  # identity within the article: the longest name form for named persons
    gender: str | None = None
    ref: tuple[int, int] | None = None  # the named mention it stands for, when not at start/end

    @property
    def mention(self) -> tuple[int, int]:
        return self.ref or (self.start, self.end)


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _is_subject(span: Span) -> bool:
    root = span.root
    while root.dep_ in ("compound", "flat", "appos", "conj") and root.head is not root:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _honorific_gender(doc: Doc, span: Span) -> str | None:
    """Gender from an honorific or royal title written with the name ("Mrs. Thatcher", "Prince
    Andrew"); roles from appositions are not read (they may name someone else)."""
    words = [doc[span.start - 1].lower_] if span.start > 0 else []
    words.append(span[0].lower_)
    if any(w in _MALE for w in words):
        return "m"
    if any(w in _FEMALE for w in words):
        return "f"
    return None


class _Article:
    """Named referents of one Doc and the lookups the rules need."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.sent_starts = [s.start_char for s in doc.sents]
        self.para_starts = [0] + [m.end() for m in re.finditer("\n", doc.text)]
        persons = [m for m in mentions if m.label == "PERSON"]
        # a surname or first name joins the longest name of this article that it is part of
        full: dict[str, str] = {}
        for m in sorted(persons, key=lambda m: -len(m.text.split())):
            words = m.text.split()
            key = next((k for k in full.values() if _part_of(words, k.split())), m.text)
            full[m.text] = key
        self.referents: list[Referent] = []
        self.roles: dict[str, set[str]] = {}
        self.gender: dict[str, str] = {}
        for m in mentions:
            span = _span(doc, m.start, m.end)
            if span is None:
                continue
            if m.label == "PERSON":
                kind, key = "person", full.get(m.text, m.text)
                self.roles.setdefault(key, set()).update(w.lower() for r in m.roles for w in re.findall(r"[\w-]+", r))
                g = _honorific_gender(doc, span)
                if g and key not in self.gender:
                    self.gender[key] = g
            elif m.label in ("ORG", "GPE", "NORP"):
                kind, key = ("org" if m.label == "ORG" else "gpe"), m.text
            else:
                continue
            self.referents.append(Referent(m.start, m.end, kind, self.sentence_of(m.start), _is_subject(span),
                                           m.text, True, key))
        self.mentions = mentions

    def sentence_of(self, char: int) -> int:
        import bisect
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def named_inside(self, start: int, end: int) -> list[Mention]:
        """Mentions that start inside the phrase ("Carson Pirie Scott" of "... and Co")."""
        return [m for m in self.mentions if start <= m.start < end]


def _part_of(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return n < len(long) and (long[:n] == short or long[-n:] == short)


def _head_word(speaker: str) -> tuple[str, str]:
    words = re.findall(r"[\w'-]+", speaker.lower())
    return (words[0] if words else ""), (words[-1] if words else "")


def _nearest(article: _Article, before: int, kinds: tuple[str, ...], extra: list[Referent],
             gender: str | None = None, subject_only: bool = True) -> Referent | None:
    """The referent of the given kinds nearest before `before`, sentence by sentence back: in
    each sentence a subject or a speaker is taken, the last one in the sentence first."""
    pool = [r for r in article.referents + extra if r.kind in kinds and r.end <= before]
    if gender:
        pool = [r for r in pool if article.gender.get(r.key, gender) == gender]
    if not pool:
        return None
    here = article.sentence_of(before)
    for sentence in range(here, max(-1, here - _SENTENCE_WINDOW), -1):
        in_sentence = [r for r in pool if r.sentence == sentence and (r.subject or not subject_only)]
        if in_sentence:
            return max(in_sentence, key=lambda r: (r.subject, r.start))
    if subject_only:
        return _nearest(article, before, kinds, extra, gender, subject_only=False)
    return None


def _described_org(article: _Article, noun: str, before: int) -> Referent | None:
    """The organisation the article describes with `noun` ("trade paper Automotive News",
    "Kotak Institutional Equities, the brokerage") or whose name has it ("Bank of France")."""
    doc = article.doc
    orgs = [r for r in article.referents if r.kind == "org"]
    for r in orgs:
        span = _span(doc, r.start, r.end)
        if span is None:
            continue
        window = doc[max(0, span.start - 3):span.start]
        if any(t.lemma_.lower() == noun or t.lower_ == noun for t in window) and r.start < before:
            return r
        for t in doc[span.end:min(len(doc), span.end + 5)]:
            if (t.lower_ == noun or t.lemma_.lower() == noun) and t.dep_ == "appos" and span.start <= t.head.i < span.end:
                return r
    named = [r for r in orgs if noun in r.text.lower().split() and r.start < before]
    return named[-1] if named else None


def _title_holder(article: _Article, noun: str, before: int) -> Referent | None:
    holders = [r for r in article.referents if r.kind == "person" and noun in article.roles.get(r.key, ())]
    earlier = [r for r in holders if r.start < before]
    if earlier:
        return earlier[-1]
    return holders[0] if holders else None


def _relative_antecedent(article: _Article, start: int, end: int,
                         speakers: list[Referent]) -> tuple[Referent | None, str]:
    """"Smith, who said ...": the noun the relative clause hangs on."""
    span = _span(article.doc, start, end)
    if span is None or span.root.head.dep_ != "relcl":
        return None, "unresolved"
    noun = span.root.head.head
    for r in article.referents:
        if r.start <= noun.idx < r.end:
            return r, "pronoun"
    phrase = article.doc[noun.left_edge.i:noun.i + 1]
    kind = "group" if noun.tag_ in ("NNS", "NNPS") else "person"
    return Referent(phrase.start_char, phrase.end_char, kind, article.sentence_of(phrase.start_char), True,
                    phrase.text, False, phrase.text), "pronoun"


def _described_subject(article: _Article, before: int) -> Referent | None:
    """"The minister arrived in Tokyo. He said ...": the nearest person described by a role noun
    in subject position, the holder of that title when the article names one."""
    doc = article.doc
    here = article.sentence_of(before)
    sents = list(doc.sents)
    for index in range(here, max(-1, here - 3), -1):
        subjects = [t for t in sents[index] if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NN"
                    and t.lower_ in _PERSON_DESCRIPTION_HEADS and t.idx < before]
        if subjects:
            head = subjects[-1]
            holder = _title_holder(article, head.lower_, before) if head.lower_ in TITLE_NOUNS else None
            if holder is not None:
                return holder
            span = doc[head.left_edge.i:head.i + 1]
            return Referent(span.start_char, span.end_char, "person", index, True, span.text, False, span.text)
    return None


def _main_org(article: _Article) -> Referent | None:
    """The organisation the article is about: the most mentioned one, the first on a tie."""
    orgs = [r for r in article.referents if r.kind == "org"]
    if not orgs:
        return None
    counts: dict[str, int] = {}
    for r in orgs:
        counts[r.key] = counts.get(r.key, 0) + 1
    return max(orgs, key=lambda r: (counts[r.key], -r.start))


def _named_by_surname(article: _Article, speaker: str, before: int) -> Referent | None:
    """The person of the article whose full name ends with the speaker's one capitalised word."""
    if not re.fullmatch(r"[A-Z][\w'-]+", speaker):
        return None
    people = {r.key: r for r in article.referents if r.kind == "person" and r.key.split()[-1] == speaker
              and len(r.key.split()) > 1}
    return next(iter(people.values())) if len(people) == 1 else None


def _plural_subject(article: _Article, before: int) -> Referent | None:
    """"Traders were cautious. They said ...": the nearest plural subject of the sentences before."""
    doc = article.doc
    here = article.sentence_of(before)
    sents = list(doc.sents)
    for index in range(here, max(-1, here - 3), -1):
        sent = sents[index]
        subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS")
                    and t.idx < before and t.lower_ not in ("they", "we")]
        if subjects:
            head = subjects[-1]
            span = doc[head.left_edge.i:head.i + 1]
            if len(span) > 6:
                span = doc[head.i:head.i + 1]
            return Referent(span.start_char, span.end_char, "group", index, True, span.text, False, span.text)
    return None


def resolve_speakers(doc: Doc, claims: list[Claim], mentions: list[Mention]) -> list[Claim]:
    """Fill speaker_basis and speaker_ref_* of each claim (in place; returned for chaining)."""
    article = _Article(doc, mentions)
    speakers: list[Referent] = []  # the resolved speakers so far, as referents
    previous: Claim | None = None
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        ref, basis = _resolve_one(article, claim, previous, speakers)
        claim.speaker_basis = basis
        if ref is not None:
            if ref.named:
                claim.speaker_ref_start, claim.speaker_ref_end = ref.mention
            elif basis == "pronoun":
                claim.speaker = ref.text  # an unnamed speaker stays that speaker
            if claim.speaker_start is not None and basis not in ("name", "description"):
                _learn_gender(article, claim.speaker, ref)
            position = claim.speaker_start if claim.speaker_start is not None else claim.start
            speakers.append(Referent(position, position + 1, ref.kind, article.sentence_of(position), True,
                                     ref.text, ref.named, ref.key, ref.gender, ref.mention if ref.named else None))
            # a speaker also counts as a subject of its own sentence for later pronouns
        previous = claim
    return claims


def _learn_gender(article: _Article, speaker: str | None, ref: Referent) -> None:
    first, _ = _head_word(speaker or "")
    if ref.kind == "person" and first in ("he", "she", "him", "her") and ref.key not in article.gender:
        article.gender[ref.key] = "m" if first in ("he", "him") else "f"


def _resolve_one(article: _Article, claim: Claim, previous: Claim | None,
                 speakers: list[Referent]) -> tuple[Referent | None, str | None]:
    if claim.speaker_basis == "continuation" and previous is not None:
        last = speakers[-1] if speakers and previous.speaker_basis not in (None, "unresolved") else None
        return last, "continuation"
    if claim.speaker_start is None or not claim.speaker:
        return None, None
    start, end = claim.speaker_start, claim.speaker_end
    inside = article.named_inside(start, end)
    persons = [m for m in inside if m.label == "PERSON"]
    heads = [m for m in inside if m.end >= end and m.label in ("ORG", "GPE", "NORP", "PERSON")]
    named = persons[-1] if persons else (heads[-1] if heads else None)
    if named is not None:
        ref = next((r for r in article.referents if r.start == named.start and r.end == named.end), None)
        if ref is None:
            ref = Referent(named.start, named.end, "org", article.sentence_of(named.start), True, named.text,
                           True, named.text)
        return ref, "name"
    first, head = _head_word(claim.speaker)
    if head in ("who", "which", "that") and len(claim.speaker.split()) == 1:
        return _relative_antecedent(article, start, end, speakers)
    if head in ("he", "she", "him", "her") and len(claim.speaker.split()) == 1:
        gender = "m" if head in ("he", "him") else "f"
        ref = _nearest(article, start, ("person",), speakers, gender) or _described_subject(article, start)
        return (ref, "pronoun") if ref else (None, "unresolved")
    if head == "it" and len(claim.speaker.split()) == 1:
        ref = _nearest(article, start, ("org", "gpe"), speakers) or _main_org(article)
        return (ref, "pronoun") if ref else (None, "unresolved")
    if head == "they" and len(claim.speaker.split()) == 1:
        groups = [s for s in speakers if s.kind in ("group", "org") and s.end <= start
                  and article.sentence_of(start) - s.sentence <= _SENTENCE_WINDOW]
        if groups:
            return groups[-1], "pronoun"
        ref = _plural_subject(article, start)
        return (ref, "pronoun") if ref else (None, "unresolved")
    if first in ("the", "this", "that") and len(claim.speaker.split()) <= 4:
        if head in TITLE_NOUNS or re.fullmatch(r"\d+-year-old", head):
            ref = _title_holder(article, head, start) if head in TITLE_NOUNS else None
            if ref is None and re.fullmatch(r"\d+-year-old", head):
                ref = _nearest(article, start, ("person",), speakers)
            if ref is None:  # "the spokesman" after "a company spokesman said": that speaker again
                ref = next((s for s in reversed(speakers) if not s.named and s.kind == "person"
                            and _head_word(s.text)[1] == head), None)
            return (ref, "title") if ref else (None, "unresolved")
        if head in ORG_NOUNS:
            ref = _described_org(article, head, start)
            if ref is None:
                kinds = ("org", "gpe") if head in _COUNTRY_NOUNS else ("org",)
                ref = _nearest(article, start, kinds, speakers) or (_main_org(article) if head != "government" else None)
            return (ref, "role_noun") if ref else (None, "unresolved")
    if first in ("his", "her", "its", "their"):
        return None, "unresolved"
    surname = _named_by_surname(article, claim.speaker, start)
    if surname is not None:  # "Ongpin said" where the tagger missed the name the article gives in full
        return surname, "name"
    kind = "group" if head in _PLURAL_HEADS or head.endswith("s") and head[:-1] in _PERSON_DESCRIPTION_HEADS \
        else "person" if head in _PERSON_DESCRIPTION_HEADS else "group"
    return Referent(start, end, kind, article.sentence_of(start), True, claim.speaker, False,
                    claim.speaker), "description"
