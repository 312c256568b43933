"""Who said it: each claim's speaker phrase resolved to a named mention of the article.

Rules over the parse, applied to the claims of one Doc in text order; each records how it
resolved the speaker in `speaker_basis`:
- name: the speaker phrase names a person ("Trade Representative Clayton Yeutter") or is
  headed by a named organisation ("Kyodo News"; "officials in Lima" are not Lima), or is the
  first words of an organisation the article names in full ("Galactic" for Galactic Resources
  Ltd) that the tagger missed;
- title: "the president", "the minister", "the 54-year-old": the person who holds that title in
  the article (title + name, or an apposition: "Oil minister Sheikh Ali", "Yeutter, the U.S.
  trade representative"); an age description refers back like a pronoun;
- role_noun: "the company", "the bank", "the paper": the organisation so described in the article
  ("trade paper Automotive News", "Kotak, the brokerage"), else the one whose name has the noun,
  else the organisation last in subject position or speaking;
  "the report", "the study": the author the article gives that text ("a report by X", "X said
  in a statement"); a text named for its author ("a Fisons statement", "a bank statement") is
  that author's, its words kept as written;
- pronoun: he/she -> the most salient preceding person: a speaker outranks a main-clause
  subject, which outranks a subject of a subordinate clause, each losing a step per sentence
  back (so a quotation's "he said" after a paragraph about someone else goes back to the last
  speaker unless that paragraph's main subject is a person of the same gender); never a person
  named inside the quotation itself, never across a gender clash (gender from honorifics,
  gendered role nouns such as "spokeswoman" or "husband", and earlier pronouns); it -> the
  same for organisations, countries and texts ("The report said ... it said": the report's
  words, linked to its author when known); they -> the last plural speaker. A possessive speaker
  ("his office", "her spokesman", "its parent") is linked to the possessor the same way;
- continuation: a quotation without its own attribution continues the previous speaker;
- description: an unnamed but specific speaker ("a senior Foreign Ministry official", "the
  union" in an article that names none), kept as written; a later "he said" or "the official
  said" that refers back to it takes its words as the speaker.
A pronoun without an antecedent is left as written, with basis `unresolved`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extractors.claims import Claim, claims_from_doc
from pipeline.extractors.mentions import Mention, mentions_from_doc
from pipeline.nlp import SentenceIndex, doc_text, token_positions

SPAN_KEY = "speakers"  # doc.spans key of the speaker phrases, each labelled with its basis
if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)

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
    "partnership giant newsletter chamber plant".split())
_COUNTRY_NOUNS = frozenset("government country state nation administration ministry".split())
_MALE = frozenset("mr mr. sir king prince lord he him his".split())
_FEMALE = frozenset("mrs mrs. ms ms. miss madam lady queen princess she her".split())
_PLURAL_HEADS = frozenset("officials sources analysts economists experts traders dealers executives "
                          "people leaders diplomats lawmakers authorities investors bankers "
                          "spokesmen representatives negotiators".split())
# Person nouns that a feature story uses for the person it is about ("said the actor", "the
# star added"): with nobody named in that role, the most salient person of the article.
_TOPIC_PERSON_NOUNS = frozenset(
    "actor actress singer star player athlete quarterback rapper comedian musician artist author "
    "writer dancer host veteran rookie filmmaker novelist poet designer chef entrepreneur "
    "billionaire businessman businesswoman".split())
_PERSON_DESCRIPTION_HEADS = _TOPIC_PERSON_NOUNS | TITLE_NOUNS | frozenset(
    "source aide adviser advisor diplomat lawmaker trader dealer banker expert observer "
    "person man woman resident witness member insider executive".split())
_SENTENCE_WINDOW = 8  # sentences a pronoun may reach back
# Nouns that give the gender of the person they describe ("Lisa Chen, a spokeswoman", "her
# husband, Karl Weber"); nouns used for either sex (chairman, actor) are not listed.
_FEMALE_NOUNS = frozenset(
    "woman wife mother daughter sister girl grandmother aunt niece widow girlfriend bride actress "
    "chairwoman spokeswoman congresswoman councilwoman businesswoman sportswoman policewoman "
    "queen princess duchess countess empress heiress mom mum grandma stepmother fiancee".split())
_MALE_NOUNS = frozenset(
    "man husband father son brother boy grandfather uncle nephew widower boyfriend groom "
    "spokesman congressman councilman businessman sportsman policeman king prince duke emperor "
    "dad grandpa stepfather fiance".split())
_POSSESSIVES = {"his": ("person", "m"), "her": ("person", "f"), "its": ("org", None), "their": ("group", None)}
# Heads of a possessive speaker that speaks for the possessor ("his office", "her lawyer");
# "her supervisor" or "his wife" is someone else, kept as written. After "its" and "their" any
# head speaks for the organisation or group ("its parent company", "their spokesman").
_ON_BEHALF = frozenset(
    "office spokesman spokeswoman spokesperson spokespeople representative representatives lawyer "
    "lawyers attorney attorneys counsel campaign aide aides staff team camp agent publicist "
    "administration government ministry statement".split())
# Words that end a speaker's head noun phrase and start what modifies it ("a doctor on the scene",
# "an official who asked not to be named", "a source familiar with the talks").
_POSTMODIFIER_STARTS = frozenset("of for at in to with from on by near inside close familiar who which that whose "
                                 "based , and".split())
# Endings of nouns for people by what they do ("teacher", "agent", "chemist", "nominee").
_PERSON_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian", "ee", "eer", "eur")
# Nouns of those forms that are things, not people.
_NOT_PERSON_NOUNS = frozenset("letter paper poster order number matter center centre sector factor monitor "
                              "indicator counter computer document element event content percent filter "
                              "chapter quarter winter summer river border cover water power tower".split())
# Determiners of an unnamed speaker that the text may name later ("a group of employees").
_INDEFINITE = frozenset("a an one another".split())
_NAMED_LATER_WINDOW = 2  # sentences after an unnamed speaker in which its name may be given
# Objects of "made the comments": the remarks just reported.
_REMARK_NOUNS = frozenset("comment remark statement observation".split())
# Texts that "say" things for whoever wrote or published them ("a blog post that said ...").
_TEXT_NOUNS = frozenset("post blog tweet statement letter email e-mail memo note message release report filing "
                        "document article notice announcement decree".split())
# Texts a definite phrase refers back to by their author: "according to the report" after "a
# report by the IEA" is the IEA's.
_AUTHORED_NOUNS = frozenset("report study survey poll analysis review statement letter filing memo "
                            "paper forecast".split())
# Verbs by which someone puts out such a text: its subject is who said what the text says.
_PUBLISH_VERBS = frozenset("publish issue release send post write put file circulate distribute conduct "
                           "commission prepare compile".split())
# Verbs whose predicate noun gives the subject a role: "was elected governor", "became chairman".
_ROLE_VERBS = frozenset("be become elect name appoint remain serve".split())
# "it is important to ...", "it was clear that ...": an "it" that stands for no speaker.
_EXPLETIVE_IT = re.compile(r"\s*it\s+(?:is|was|'s|will be|would be|could be|may be|might be|remains|seems|appears)"
                           r"\s+(?:\w+\s+){1,2}(?:to|that|for|whether|if)\b", re.IGNORECASE)
# Weights of salience: who a pronoun most likely refers to, before distance is counted.
_SPEAKER, _MAIN_SUBJECT, _SUBJECT = 3, 2, 1


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
    weight: int = 0  # salience: _SPEAKER, _MAIN_SUBJECT, _SUBJECT or 0 (any other position)

    @property
    def mention(self) -> tuple[int, int]:
        return self.ref or (self.start, self.end)


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _clause_role(span: Span) -> int:
    """_MAIN_SUBJECT for the subject of the sentence's main verb (or of a verb conjoined with
    it), _SUBJECT for the subject of any other clause, 0 otherwise."""
    root = span.root
    while root.dep_ in ("compound", "flat", "appos", "conj") and root.head.i != root.i:
        root = root.head
    if _name_heads_its_verb(root):
        return _MAIN_SUBJECT
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return 0
    verb = root.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return _MAIN_SUBJECT if verb.dep_ == "ROOT" else _SUBJECT


def _name_heads_its_verb(root) -> bool:
    """"Buckley, who had not sung in years, worried about ...": a name the parser made the root of
    its sentence, with the sentence's finite verb hung on it, is that verb's subject."""
    return root.dep_ == "ROOT" and root.pos_ == "PROPN" and any(
        c.i > root.i and c.dep_ in ("amod", "acl", "dep") and c.tag_ in ("VBD", "VBN", "VBZ", "VBP") for c in root.children)


def _is_subject(span: Span) -> bool:
    return _clause_role(span) > 0


def _noun_gender(words) -> str | None:
    genders = {"f" for w in words if w in _FEMALE_NOUNS} | {"m" for w in words if w in _MALE_NOUNS}
    return genders.pop() if len(genders) == 1 else None


def _parse_roles(span: Span) -> list[str]:
    """Role words the parse gives a named person beyond what the mention extractor keeps: the
    noun the name is in apposition to ("The judge, Helen Ward"), an apposition after it, and a
    predicate noun ("Maria Alvarez was elected governor", "Tom Hill became chairman")."""
    doc = span.doc
    head = span.root
    words: list[str] = []
    # "actor James Van Der Beek", "Pittsburgh center Maurkice Pouncey": a common noun before the name
    words += [t.lower_ for t in doc[max(0, span.start - 3):span.start]
              if t.pos_ == "NOUN" and t.dep_ == "compound" and t.head.pos_ == "PROPN" and span.start <= t.head.i <= span.end]
    if head.dep_ == "appos" and head.head.i < span.start and head.head.pos_ == "NOUN":
        words.append(head.head.lower_)
    for child in head.children:
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN":
            words.append(child.lower_)
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in _ROLE_VERBS:
        for child in head.head.children:
            if child.dep_ in ("attr", "oprd", "xcomp") and child.pos_ == "NOUN" and child.i > head.i:
                words += [t.lower_ for t in doc[child.left_edge.i:child.i + 1] if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    return words


def _in_quotation(doc: Doc, start: int) -> bool:
    """Whether a character offset lies inside a pair of quote marks of its paragraph."""
    text = doc.user_data.get("newsclaims.text") or doc.text
    line_start = text.rfind("\n", 0, start) + 1
    return text.count('"', line_start, start) % 2 == 1


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
        self.sent_starts = SentenceIndex.of(doc).starts
        self.para_starts = [0] + [m.end() for m in re.finditer("\n", doc_text(doc))]
        persons = [m for m in mentions if m.label == "PERSON"]
        # a surname or first name joins the longest name of this article that it is part of
        full: dict[str, str] = {}
        for m in sorted(persons, key=lambda m: -len(m.text.split())):
            words = m.text.split()
            key = next((k for k in full.values() if _part_of(words, k.split())), m.text)
            full[m.text] = key
        self.referents: list[Referent] = []
        self.roles: dict[str, set[str]] = {}
        self.weak_gender: dict[str, str] = {}  # from "X said she ...": ranks, never excludes
        self.role_heads: dict[str, set[str]] = {}  # the nouns of those roles: "actor", "witness"
        self.gender: dict[str, str] = {}
        org_names = [m.text.split() for m in mentions if m.label == "ORG"]
        self.org_short_forms: set[str] = set()  # keys of "persons" that are short names of organisations
        self.said_as: dict[str, Referent] = {}  # role noun -> the organisation it last stood for as a speaker
        for m in mentions:
            span = _span(doc, m.start, m.end)
            if span is None:
                continue
            if m.label == "PERSON" and _short_form_of(m.text.split(), org_names) \
                    and not m.roles and _honorific_gender(doc, span) is None:
                # "General Acquisition said ... It said" in an article about General Acquisition Co:
                # the tagger took the short form of the organisation's name for a person
                self.org_short_forms.add(full.get(m.text, m.text))
            if m.label == "PERSON":
                kind, key = "person", full.get(m.text, m.text)
                parsed = _parse_roles(span)
                role_words = [w.lower() for r in m.roles for w in re.findall(r"[\w-]+", r)] + parsed
                self.roles.setdefault(key, set()).update(role_words)
                self.role_heads.setdefault(key, set()).update([_role_head(r) for r in m.roles] + parsed)
                g = _honorific_gender(doc, span) or _noun_gender(role_words)
                if g and key not in self.gender:
                    self.gender[key] = g
            elif m.label in ("ORG", "GPE", "NORP"):
                kind, key = ("org" if m.label == "ORG" else "gpe"), m.text
            else:
                continue
            # a name inside a quotation is in the speaker's voice: mentioned, not a subject
            role = 0 if _in_quotation(doc, m.start) else _clause_role(span)
            self.referents.append(Referent(m.start, m.end, kind, self.sentence_of(m.start), role > 0,
                                           m.text, True, key, weight=role))
        self.mentions = mentions
        self.sents = SentenceIndex.of(doc).sents
        self._add_bare_surnames(persons)

    def _add_bare_surnames(self, persons: list[Mention]) -> None:
        """"Yet Sondland has amended his testimony": a surname the tagger did not mark as a
        person (or marked as something else) still refers to the person the article names in
        full, when only one person of the article has that surname."""
        by_surname: dict[str, set[str]] = {}
        first_mention: dict[str, Referent] = {}
        for r in self.referents:
            if r.kind == "person":
                by_surname.setdefault(r.key.split()[-1], set()).add(r.key)
                first_mention.setdefault(r.key, r)
        covered = [(m.start, m.end) for m in persons]
        for token in (self.doc[i] for i in token_positions(self.doc, "ORTH", by_surname)):
            keys = by_surname.get(token.text)
            # the tagger may take a capitalised surname for a plural noun ("Simmons"); inside a
            # sentence its capital still marks a name
            name_like = token.pos_ == "PROPN" or token.is_title and not token.is_sent_start
            if not name_like or not keys or len(keys) != 1 \
                    or any(s <= token.idx < e for s, e in covered):
                continue
            key = next(iter(keys))
            span = self.doc[token.i:token.i + 1]
            role = 0 if _in_quotation(self.doc, token.idx) else _clause_role(span)
            full = first_mention[key]
            self.referents.append(Referent(token.idx, token.idx + len(token), "person", self.sentence_of(token.idx),
                                           role > 0, full.text, True, key, ref=full.mention, weight=role))
        self.referents.sort(key=lambda r: (r.start, r.end))

    def sentence_of(self, char: int) -> int:
        import bisect
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def named_inside(self, start: int, end: int) -> list[Mention]:
        """Mentions that start inside the phrase ("Carson Pirie Scott" of "... and Co")."""
        return [m for m in self.mentions if start <= m.start < end]


def _short_form_of(words: list[str], names: list[list[str]]) -> bool:
    """Whether a name is the first words of a longer name ("General Acquisition" of "General
    Acquisition Co")."""
    return any(len(name) > len(words) and name[:len(words)] == words for name in names)


def _part_of(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return n < len(long) and (long[:n] == short or long[-n:] == short)


def _head_word(speaker: str) -> tuple[str, str]:
    words = re.findall(r"[\w'-]+", speaker.lower())
    return (words[0] if words else ""), (words[-1] if words else "")


def _nearest(article: _Article, before: int, kinds: tuple[str, ...], extra: list[Referent],
             gender: str | None = None, exclude: tuple[int, int] | None = None) -> Referent | None:
    """The most salient referent of the given kinds before `before`: its weight (speaker, main
    subject, other subject) less one per sentence back; on a tie the nearer, then the later.
    Without any subject or speaker in reach, the last referent named. Referents inside
    `exclude` (the claim's own words) are never taken."""
    pool = [r for r in article.referents + extra if r.kind in kinds and r.end <= before
            and not (exclude and exclude[0] <= r.start < exclude[1])]
    if gender:
        pool = [r for r in pool if article.gender.get(r.key, gender) == gender]
    here = article.sentence_of(before)
    pool = [r for r in pool if here - r.sentence < _SENTENCE_WINDOW]
    if exclude and "person" in kinds:
        # '"I cannot believe Martha would ...," she said': whoever the statement names by a word
        # of their name is talked about, not talking
        named = _name_words(article, exclude)
        pool = [r for r in pool if r.kind != "person" or not r.named or not named & set(r.key.split())]
    if not pool:
        return None

    def clash(r: Referent) -> int:
        return 1 if gender and article.weak_gender.get(r.key, gender) != gender else 0
    salient = [r for r in pool if r.weight > 0]
    if salient:
        return max(salient, key=lambda r: (r.weight - (here - r.sentence) - clash(r), r.sentence, r.start))
    return max(pool, key=lambda r: (r.sentence, r.start))


def _name_words(article: _Article, span: tuple[int, int]) -> set[str]:
    """Capitalised words inside a claim's text, but its first word (capitalised as an opening)."""
    text = doc_text(article.doc)[span[0]:span[1]]
    return set(re.findall(r"(?<=\s)[A-Z][\w'-]+", text)) - {"I", "I'm", "I've", "I'd", "I'll"}


def _own_phrase(noun) -> str:
    """A noun with its determiner and adjectives: "The new company"."""
    return " ".join(t.text for t in noun.lefts if t.dep_ in ("det", "amod")) + " " + noun.text


def _described_org(article: _Article, noun: str, before: int, by_name: bool = True,
                   phrase: str | None = None) -> Referent | None:
    """The organisation the article describes with `noun` ("trade paper Automotive News",
    "Kotak Institutional Equities, the brokerage") or, unless `by_name` is false, whose name has it
    ("Bank of France")."""
    doc = article.doc
    orgs = [r for r in article.referents if r.kind == "org"]
    for r in orgs:
        span = _span(doc, r.start, r.end)
        if span is None:
            continue
        window = doc[max(0, span.start - 3):span.start]
        described = [t for t in window if t.lemma_.lower() == noun or t.lower_ == noun]
        # "trade paper Automotive News", not "a joint company with GTE": nothing but the noun's
        # own phrase between it and the name
        if described and r.start < before \
                and not any(t.pos_ in ("ADP", "VERB", "AUX", "CCONJ") for t in doc[described[-1].i + 1:span.start]) \
                and not (phrase is not None and _adds_modifiers(_own_phrase(described[-1]), phrase)):
            # "The new company, Acme GTE Inc" is no "the company": the speaker lacks "new"
            return r
        for t in doc[span.end:min(len(doc), span.end + 5)]:
            if (t.lower_ == noun or t.lemma_.lower() == noun) and t.dep_ == "appos" and span.start <= t.head.i < span.end:
                return r
    if not by_name:
        return None
    named = [r for r in orgs if noun in r.text.lower().split() and r.start < before]
    return named[-1] if named else None


def _role_head(role: str) -> str:
    """The noun of a role phrase: "chief executive of the company" -> "executive"."""
    words = re.findall(r"[\w-]+", role.lower())
    cut = next((i for i, w in enumerate(words) if w in ("of", "for", "at", "in", "to", "with", "from", "on", "and")),
               len(words))
    return words[cut - 1] if cut else ""


def _noun_head(phrase: str) -> str:
    """The head noun of a speaker phrase, before what follows it: "A doctor on the scene" ->
    "doctor", "a source familiar with the talks" -> "source", "one legal expert" -> "expert"."""
    words = re.findall(r"[\w'-]+|,", phrase.lower())
    cut = next((i for i, w in enumerate(words) if i and w in _POSTMODIFIER_STARTS), len(words))
    return words[cut - 1] if cut else ""


def _org_noun(word: str) -> str | None:
    """The organisation noun a compound ends in: "automaker", "plane-maker" -> "maker",
    "megabank" -> "bank"; None for other words (a short stem such as "steam" is no "team")."""
    last = word.split("-")[-1]
    if last in ORG_NOUNS:
        return last
    return next((n for n in sorted(ORG_NOUNS, key=len, reverse=True)
                 if len(n) >= 4 and last.endswith(n) and len(last) - len(n) >= 3), None)


def _person_noun(word: str) -> bool:
    """Whether a common noun names a person by its form: an agent or occupation suffix
    ("teacher", "agent", "chemist", "nominee"), a gendered noun, or a known person noun; never an
    organisation or a text ("the document", "the letter")."""
    if word in ORG_NOUNS or word in _TEXT_NOUNS or _org_noun(word) or word in _NOT_PERSON_NOUNS:
        return False
    if word in _PERSON_DESCRIPTION_HEADS or word in _FEMALE_NOUNS or word in _MALE_NOUNS:
        return True
    return len(word) > 4 and not word.endswith("ment") and word.endswith(_PERSON_SUFFIXES)


def _previous_main_subject(article: _Article, before: int, gender: str | None) -> Referent | None:
    """The named person who is the active main subject of the sentence right before `before`
    (not of a passive: "Ann Cole was taken to hospital. The doctor said ..." is someone else)."""
    here = article.sentence_of(before)
    found = [r for r in article.referents if r.kind == "person" and r.named and r.weight == _MAIN_SUBJECT
             and r.sentence == here - 1 and article.gender.get(r.key, gender) == gender and not _passive_subject(article, r)]
    return found[-1] if found else None


def _speaks_as_organisation(article: _Article, claim: Claim) -> bool:
    """Whether the grammar around a speaker phrase makes it an organisation or a thing: "In its
    statement, the distributor said ...", "the underwriter said it would ..." (a person is
    he/she, never "it")."""
    if re.match(r"\s*its?\b", claim.text, flags=re.IGNORECASE) and not _EXPLETIVE_IT.match(claim.text):
        return True
    span = _span(article.doc, claim.speaker_start, claim.speaker_end)
    if span is None:
        return False
    verb = span.root.head
    # "its" in a phrase of the same reporting verb: "In its statement, ... said"
    return any(t.lower_ == "its" and t.i < span.start and verb in (t.head.head, t.head.head.head) for t in span.sent)


def _passive_subject(article: _Article, referent: Referent) -> bool:
    span = _span(article.doc, referent.start, referent.end)
    root = span.root if span is not None else None
    while root is not None and root.dep_ in ("compound", "flat", "appos", "conj") and root.head.i != root.i:
        root = root.head
    return root is not None and root.dep_ == "nsubjpass"


def _title_holder(article: _Article, noun: str, before: int) -> Referent | None:
    """The person holding a title ("the president") or described by a role noun ("the actor")."""
    roles = article.roles if noun in TITLE_NOUNS else article.role_heads
    holders = [r for r in article.referents if r.kind == "person" and noun in roles.get(r.key, ())]
    earlier = [r for r in holders if r.start < before]
    if earlier:
        return earlier[-1]
    return holders[0] if holders else None


def _text_author(article: _Article, start: int, end: int) -> Span | None:
    """The subject that published the text a relative "that said" hangs on: "The company
    published a blog post that said ..." -> "The company"."""
    span = _span(article.doc, start, end)
    if span is None or span.root.head.dep_ != "relcl":
        return None
    text = span.root.head.head
    if text.lemma_.lower() not in _TEXT_NOUNS or text.dep_ != "dobj" or text.head.lemma_.lower() not in _PUBLISH_VERBS:
        return None
    subject = next((c for c in text.head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON" and subject.lower_ in ("who", "which", "that"):
        return None
    return article.doc[subject.left_edge.i:subject.i + 1]


_NATIONAL_NOUNS = frozenset("government administration country nation".split())
_STEM = 4  # letters a nationality shares with its country's name: Greek/Greece, Turkish/Turkey


def _nationality(article: _Article, start: int, end: int) -> str | None:
    """The nationality or place word that modifies a speaker phrase's head ("the Greek
    government", "the U.S. administration"), by the tagger's NORP/GPE label."""
    span = _span(article.doc, start, end)
    if span is None:
        return None
    words = [t for t in span if t.i < span.root.i and t.ent_type_ in ("NORP", "GPE") and t.text[:1].isupper()]
    return words[-1].text if words else None


def _country_of(article: _Article, nationality: str, before: int) -> Referent | None:
    """The last country or place named before `before` whose name is the nationality word or
    shares its first letters ("Greece" for "Greek"); None when the article names none."""
    stem = nationality.lower().replace(".", "")[:_STEM]
    places = {(m.start, m.end) for m in article.mentions if m.label == "GPE"}  # not "Greek" itself (NORP)
    found = [r for r in article.referents if r.kind == "gpe" and r.start < before and (r.start, r.end) in places
             and (r.text == nationality or len(stem) >= 2 and r.text.lower().replace(".", "").startswith(stem))]
    return found[-1] if found else None


def _text_speaker(article: _Article, claim: Claim) -> bool:
    """Whether the speaker phrase is a text ("a company statement", "The report, dated May 2"):
    its head noun, by the parse, is a text noun."""
    if claim.speaker_start is None or claim.speaker_end is None:
        return False
    span = _span(article.doc, claim.speaker_start, claim.speaker_end)
    return span is not None and span.root.tag_ == "NN" and span.root.lemma_.lower() in _TEXT_NOUNS | _AUTHORED_NOUNS


def _author_in_phrase(article: _Article, start: int, end: int, speakers: list[Referent]) -> Referent | None:
    """The author a text speaker names before its noun: "A Fisons statement", "Westpac's latest
    review" (a named organisation), or "a bank statement", "a company statement" (an organisation
    noun: the organisation the article so describes, else the last organisation that spoke)."""
    span = _span(article.doc, start, end)
    if span is None:
        return None
    noun = span.root
    named = [r for r in article.referents if r.named and r.kind == "org"]
    for child in noun.lefts:
        if child.i < span.start or child.dep_ not in ("compound", "poss", "nmod"):
            continue
        found = [r for r in named if child.left_edge.idx <= r.start <= child.idx]
        if found:
            return found[-1]
        org_noun = _org_noun(child.lower_) if child.pos_ == "NOUN" else None
        if org_noun is not None:
            # the organisation so described, else for a word any firm answers to the last one that
            # spoke in reach ("Acme said ... a company statement said"); never merely the last named
            here = article.sentence_of(start)
            spoke = [r for r in speakers if r.kind == "org" and r.named and r.end <= start
                     and here - r.sentence < _SENTENCE_WINDOW]
            generic = org_noun in ("company", "firm", "group", "corporation")  # any firm: "a company statement"
            if child.dep_ == "poss":  # "the association's survey": "the association" as a speaker would be
                return _described_org(article, org_noun, start) or _nearest(
                    article, start, ("org",), speakers, exclude=(start, end))
            return _described_org(article, org_noun, start) or (spoke[-1] if spoke and generic else None)
    return None


def _text_author_named(article: _Article, noun: str, before: int, speakers: list[Referent] = ()) -> Referent | None:
    """Who the article says wrote the text a definite "the report" refers back to: the last
    earlier "<noun> by/from X", "X's <noun>" or "X published/released a <noun>" with X a named
    organisation or person, or "X said in a <noun>" with X a speaker resolved to a name, outside
    quotations."""
    doc = article.doc
    named = [r for r in article.referents if r.named and r.kind in ("org", "person")]

    def named_at(token) -> Referent | None:
        return next((r for r in named if r.start <= token.idx < r.end), None)
    found = None
    for t in doc:
        if t.idx >= before:
            break
        if t.lemma_.lower() != noun or t.pos_ != "NOUN" or _in_quotation(doc, t.idx):
            continue
        candidates = [c for c in t.children if c.dep_ == "poss"]
        candidates += [o for p in t.children if p.dep_ == "prep" and p.lower_ in ("by", "from")
                       for o in p.children if o.dep_ == "pobj"]
        if t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in _PUBLISH_VERBS:
            candidates += [c for c in t.head.children if c.dep_ == "nsubj"]
        if t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.pos_ == "VERB":
            # "Acme said in a statement": the speaker of that verb, as resolved
            for subject in (c for c in t.head.head.children if c.dep_ == "nsubj"):
                said = [s for s in speakers if s.named and subject.left_edge.idx <= s.start <= subject.idx]
                if said:
                    found = said[-1]
        for c in candidates:
            ref = named_at(c)
            if ref is None:  # "by the IEA's programme": the head of the phrase, else its possessor
                ref = next((named_at(d) for d in c.subtree if named_at(d) is not None), None)
            if ref is not None:
                found = ref
    return found


def _relative_antecedent(article: _Article, start: int, end: int,
                         speakers: list[Referent]) -> tuple[Referent | None, str]:
    """"Smith, who said ...": the noun the relative clause hangs on. "claims made in a post that
    said ...": a text noun right before the relative pronoun is what said it, wherever the parser
    hung the clause."""
    span = _span(article.doc, start, end)
    if span is None or span.root.head.dep_ != "relcl":
        return None, "unresolved"
    noun = span.root.head.head
    before = article.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.lemma_.lower() in _TEXT_NOUNS:
        noun = before
    for r in article.referents:
        if r.start <= noun.idx < r.end:
            return r, "pronoun"
    phrase = article.doc[noun.left_edge.i:noun.i + 1]
    kind = "group" if noun.tag_ in ("NNS", "NNPS") else "person"
    return Referent(phrase.start_char, phrase.end_char, kind, article.sentence_of(phrase.start_char), True,
                    phrase.text, False, phrase.text), "pronoun"


def _described_subjects(article: _Article, before: int) -> list[Referent]:
    """"The minister arrived in Tokyo. He said ...": persons described by a role noun in subject
    position in the sentences a pronoun may reach, as the holder of that title when the
    article names one, else as the description itself."""
    doc = article.doc
    here = article.sentence_of(before)
    sents = article.sents
    found = []
    for index in range(max(0, here - _SENTENCE_WINDOW + 1), here + 1):
        for t in sents[index]:
            if t.dep_ not in ("nsubj", "nsubjpass") or t.tag_ != "NN" or t.lower_ not in _PERSON_DESCRIPTION_HEADS \
                    or t.idx >= before or _in_quotation(doc, t.idx) \
                    or any(c.dep_ == "poss" for c in t.children):  # "her supervisor": someone else's
                continue
            span = doc[t.left_edge.i:t.i + 1]
            weight = _clause_role(span)
            holder = _title_holder(article, t.lower_, before) if t.lower_ in TITLE_NOUNS \
                else _topic_person(article, t.lower_, t.idx) if t.lower_ in _TOPIC_PERSON_NOUNS else None
            if holder is not None:
                found.append(Referent(span.start_char, span.end_char, "person", index, True, holder.text, True,
                                      holder.key, ref=holder.mention, weight=weight))
            else:
                if _noun_gender([t.lower_]) and span.text not in article.gender:
                    article.gender[span.text] = _noun_gender([t.lower_])
                found.append(Referent(span.start_char, span.end_char, "person", index, True, span.text, False,
                                      span.text, weight=weight))
    return found


def _topic_person(article: _Article, noun: str, before: int) -> Referent | None:
    """"Mary Holt ... the actress was not looking for a change": the named person a feature's
    person noun stands for: the one so described, else, for a noun that gives a gender
    ("actress"), the most salient named person before it not known to be of the other gender."""
    gender = _noun_gender([noun])
    return _title_holder(article, noun, before) or (_nearest(article, before, ("person",), [], gender) if gender else None)


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
    words = speaker.split()
    if words and words[0].lower() == "the" and len(words) > 1 \
            and all(not w[0].isupper() for w in words[1:-1]):
        # "the 14th-ranked Schwartzman", "the veteran Hale": modifiers before a surname
        speaker = words[-1]
    if not re.fullmatch(r"[A-Z][\w'-]+", speaker):
        return None
    people = {r.key: r for r in article.referents if r.kind == "person" and r.key.split()[-1] == speaker
              and len(r.key.split()) > 1}
    if not people:  # the full name tagged as something else: a first name and the same surname
        people = {r.key: r for r in article.referents if r.named and r.start < before
                  and re.fullmatch(rf"[A-Z][a-z]+ {re.escape(speaker)}", r.key)}
    return next(iter(people.values())) if len(people) == 1 else None


def _plural_subject(article: _Article, before: int) -> Referent | None:
    """"Traders were cautious. They said ...": the nearest plural subject of the sentences before."""
    doc = article.doc
    here = article.sentence_of(before)
    sents = article.sents
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


@Language.component("speaker_resolution")
def speaker_resolution(doc: Doc) -> Doc:
    """Pipeline component (after the parser and NER): the Doc's claims with their speakers
    resolved in `doc._.claims`, and each speaker phrase in `doc.spans["speakers"]` labelled with
    its speaker_basis, so the rules can be run and inspected on one Doc alone."""
    claims = resolve_speakers(doc, claims_from_doc(doc), mentions_from_doc(doc))
    doc._.claims = claims
    spans = []
    for claim in claims:
        if claim.speaker_start is None:
            continue
        span = doc.char_span(claim.speaker_start, claim.speaker_end, alignment_mode="expand")
        if span is not None:
            spans.append(Span(doc, span.start, span.end, label=claim.speaker_basis or "unresolved"))
    doc.spans[SPAN_KEY] = spans
    return doc


def resolve_speakers(doc: Doc, claims: list[Claim], mentions: list[Mention]) -> list[Claim]:
    """Fill speaker_basis and speaker_ref_* of each claim (in place; returned for chaining)."""
    article = _Article(doc, mentions)
    speakers: list[Referent] = []  # the resolved speakers so far, as referents
    previous: Claim | None = None
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        written = claim.speaker
        ref, basis = _resolve_one(article, claim, previous, speakers)
        claim.speaker_basis = basis
        if ref is not None and basis == "role_noun" and ref.named and ref.kind == "org" \
                and len((written or "").split()) == 2 and _head_word(written or "")[0] in ("the", "this", "that") \
                and _head_word(written or "")[1] in ORG_NOUNS:
            article.said_as[_head_word(written or "")[1]] = ref
        if ref is not None:
            if ref.named:
                claim.speaker_ref_start, claim.speaker_ref_end = ref.mention
            elif basis in ("pronoun", "continuation", "title", "role_noun") \
                    and _head_word(written or "")[0] not in _POSSESSIVES:
                # "he" or "the expert" for an unnamed speaker ("one legal expert said") stays that
                # speaker: the words that describe them; "the statement" after "a Fisons statement"
                # is as good a name of that text and stays as written
                if not (ref.kind == "text" and _text_speaker(article, claim)):
                    claim.speaker = ref.text
                if ref.ref is not None:  # "a spokesman for Acme": linked to the organisation
                    claim.speaker_ref_start, claim.speaker_ref_end = ref.ref
            if claim.speaker_start is not None and basis not in ("name", "description"):
                _learn_gender(article, written, ref)
            if basis == "name" and ref.kind == "person":
                _learn_gender_from_statement(article, claim, ref)
            position = claim.speaker_start if claim.speaker_start is not None else claim.start
            if basis == "name" and ref.kind != "person" and _head_word(written or "")[0] in _INDEFINITE \
                    and _noun_head(written or "") in _PERSON_DESCRIPTION_HEADS:
                # "a spokesman for Suiker Unie said": an unnamed person speaking for the
                # organisation, whom a later "the spokesman" or "he" refers back to
                position = claim.speaker_start
                speakers.append(Referent(position, claim.speaker_end, "person", article.sentence_of(position), True,
                                         written, False, written, ref=ref.mention, weight=_SPEAKER))
            elif _text_speaker(article, claim):
                # "A Fisons statement said": a later "it said" or "the statement said" is that text
                # again (as last written), said for its author
                position = claim.speaker_start
                speakers.append(Referent(position, claim.speaker_end, "text", article.sentence_of(position), True,
                                         written, False, written, ref=ref.mention if ref.named else ref.ref,
                                         weight=_SPEAKER))
            elif _head_word(written or "")[0] not in _POSSESSIVES:
                # a speaker is the most salient referent of its sentence for later pronouns
                speakers.append(Referent(position, position + 1, ref.kind, article.sentence_of(position), True,
                                         ref.text, ref.named, ref.key, ref.gender, ref.mention if ref.named else ref.ref,
                                         weight=_SPEAKER))
        previous = claim
    return claims


def _learn_gender_from_statement(article: _Article, claim: Claim, ref: Referent) -> None:
    """"Lisa Grant said she would ...": a reported statement whose subject is a he/she right
    after the cue is most often about the speaker; taken only when nothing else gives a gender."""
    if claim.kind != "reported" or ref.key in article.gender:
        return
    first = re.match(r"\s*(he|she)\b", claim.text, flags=re.IGNORECASE)
    if first:  # weak: it only ranks candidates, and any firmer evidence replaces it
        article.weak_gender.setdefault(ref.key, "m" if first.group(1).lower() == "he" else "f")


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
    named = _named_speaker(article, start, end)
    if named is not None:
        return named, "name"
    own = (claim.start, claim.end)  # the speaker is never someone named in their own statement
    words = claim.speaker.split()
    first, head = _head_word(claim.speaker)
    if len(words) == 1 and len(claim.speaker) > 1 and claim.speaker.isupper():
        return _description(article, claim), "description"  # "says WHO", "IT said": an acronym, no pronoun
    if head in ("who", "which", "that") and len(words) == 1:
        author = _text_author(article, start, end)
        if author is not None:  # "The company published a blog post that said ...": the company
            return _resolve_one(article, replace(claim, speaker=author.text, speaker_start=author.start_char,
                                                 speaker_end=author.end_char, speaker_basis=None),
                                previous, speakers)
        return _relative_antecedent(article, start, end, speakers)
    if head in ("he", "she", "him", "her") and len(words) == 1:
        gender = "m" if head in ("he", "him") else "f"
        ref = _nearest(article, start, ("person",), speakers + _described_subjects(article, start), gender, own)
        return (ref, "pronoun") if ref else (None, "unresolved")
    if head == "it" and len(words) == 1:
        # "The report said ... It said": a text kept as written is an "it" too
        as_org = [replace(r, kind="org") for r in article.referents + speakers
                  if r.kind == "person" and r.key in article.org_short_forms]
        ref = _nearest(article, start, ("org", "gpe", "text"), speakers + as_org, exclude=own) or _main_org(article)
        return (ref, "pronoun") if ref else (None, "unresolved")
    if head == "they" and len(words) == 1:
        ref = _plural_antecedent(article, start, speakers)
        return (ref, "pronoun") if ref else (None, "unresolved")
    if re.fullmatch(r"\d+-year-old", head):  # "the 54-year-old": the person of that age, else as "he"
        ref = _of_age(article, head.split("-")[0], start) or _nearest(article, start, ("person",), speakers, exclude=own)
        return (ref, "title") if ref else (None, "unresolved")
    if first in _POSSESSIVES and len(words) <= 4 and (head in _ON_BEHALF or first in ("its", "their")):
        # "his office", "her spokesman", "its parent company": said for the possessor
        kind, gender = _POSSESSIVES[first]
        if kind == "person":
            ref = _nearest(article, start, ("person",), speakers + _described_subjects(article, start), gender, own)
        elif kind == "org":
            ref = _nearest(article, start, ("org", "gpe"), speakers, exclude=own) or _main_org(article)
        else:
            ref = _plural_antecedent(article, start, speakers)
        return (ref, "pronoun") if ref else (None, "unresolved")
    if first in ("the", "this", "that") and len(words) <= 4 and head not in ORG_NOUNS \
            and (org_noun := _org_noun(head)) is not None:
        # "the automaker", "the plane-maker": an organisation noun inside a compound
        ref = _described_org(article, head, start) or _described_org(article, org_noun, start) \
            or _nearest(article, start, ("org",), speakers, exclude=own) or _main_org(article)
        return (ref, "role_noun") if ref else (_description(article, claim), "description")
    if _text_speaker(article, claim) and (author := _author_in_phrase(article, start, end, speakers)) is not None:
        return author, "role_noun"  # "a Fisons statement", "a bank statement": that organisation's
    if first in ("the", "this", "that") and len(words) <= 3 and head in _AUTHORED_NOUNS \
            and (author := _text_author_named(article, head, start, speakers)) is not None:
        return author, "role_noun"  # "according to the report" after "a report by the IEA": the IEA
    if first in ("the", "this", "that") and len(words) <= 4:
        # "the spokesman" after "a company spokesman said": that speaker again
        again = next((s for s in reversed(speakers) if not s.named and s.end <= start
                      and _noun_head(s.text) == head), None)
        if again is not None and _adds_modifiers(claim.speaker, again.text):
            again = None  # "The Iranian spokesman" after "a Foreign Ministry spokesman": as written
        holder = _title_holder(article, head, start) if head not in ORG_NOUNS else None
        if again is not None and holder is not None \
                and min(r.start for r in article.referents if r.key == holder.key) > start:
            # "a union spokesman said ... The spokesman said" with a spokesman named only further
            # on ("A spokesman for the federation, Ann Lee, said"): the unnamed one again, unless
            # the article names that one ("The spokesman, Ann Lee, ...")
            holder = _named_in_apposition(article, head, again.end)
        if head in TITLE_NOUNS or holder is not None:  # "the president", "the actor"
            ref = holder or again
            return (ref, "title") if ref else (_description(article, claim), "description")
        if head in _NATIONAL_NOUNS and (nationality := _nationality(article, start, end)) is not None:
            # "the Greek government": Greece's, not the organisation last named
            ref = _country_of(article, nationality, start)
            return (ref, "role_noun") if ref else (_description(article, claim), "description")
        if head in ORG_NOUNS:
            # "the paper" again is the paper it stood for before, not the organisation last named
            ref = _described_org(article, head, start, phrase=claim.speaker) \
                or (article.said_as.get(head) if len(words) == 2 else None)
            if ref is None:
                kinds = ("org", "gpe") if head in _COUNTRY_NOUNS else ("org",)
                ref = _nearest(article, start, kinds, speakers, exclude=own) \
                    or (_main_org(article) if head != "government" else None)
            return (ref, "role_noun") if ref else (_description(article, claim), "description")
        if again is not None:
            return again, "title"  # not an organisation noun: a person described again
        if head in _TOPIC_PERSON_NOUNS:
            ref = _nearest(article, start, ("person",), speakers, _noun_gender([head]), own)
            return (ref, "title") if ref else (_description(article, claim), "description")
        if _person_noun(head) and (org := _described_org(article, head, start, by_name=False)) is not None:
            return org, "role_noun"  # "distributor Acme Ltd ... The distributor said": a firm, not a person
        if _person_noun(head) and not _speaks_as_organisation(article, claim) \
                and (ref := _previous_main_subject(article, start, _noun_gender([head]))) is not None:
            # "Ann Cole saw the visit as a surprise. The real estate agent said ...": a new
            # description of the person the sentence before is about
            return ref, "title"
    surname = _named_by_surname(article, claim.speaker, start)
    if surname is not None:  # "Ongpin said" where the tagger missed the name the article gives in full
        return surname, "name"
    short = _named_by_short_form(article, claim.speaker)
    if short is not None:  # "Galactic said" in an article about Galactic Resources Ltd
        return short, "name"
    if first in _INDEFINITE:
        later = _named_later(article, claim.speaker, end)
        if later is not None:  # "a group of workers said ... The group, Workers United, ..."
            return later, "title" if later.kind == "person" else "role_noun"
    return _description(article, claim), "description"


def _adds_modifiers(phrase: str, earlier: str) -> bool:
    """Whether a definite description ("The Iranian spokesman") describes its head with words the
    earlier unnamed speaker of that head ("a Foreign Ministry spokesman") does not have: a new
    description, kept as written, not a plain "the spokesman" referring back."""
    words = re.findall(r"[\w'-]+", phrase.lower())
    head = _noun_head(phrase)
    if head not in words:
        return False
    modifiers = words[1:words.index(head)]
    return bool(modifiers) and not set(modifiers) <= set(re.findall(r"[\w'-]+", earlier.lower()))


def _named_later(article: _Article, phrase: str, end: int) -> Referent | None:
    """The name the next sentences give an unnamed speaker: "according to a group of employees.
    The group, Workers United, ..." (the same noun, definite, with the name in apposition), or
    "An AFBF official said ... AFBF president Dean Kleckner made the comments" (the person or
    organisation who made the remarks just reported)."""
    doc = article.doc
    head = _noun_head(phrase)
    here = article.sentence_of(end - 1)
    named = [r for r in article.referents if r.named]
    for index in range(here + 1, min(len(article.sents), here + 1 + _NAMED_LATER_WINDOW)):
        for t in article.sents[index]:
            if _in_quotation(doc, t.idx):
                continue
            if t.dep_ == "appos" and t.head.lower_ == head and t.head.i < t.i \
                    and any(d.dep_ == "det" and d.lower_ == "the" for d in t.head.children):
                found = [r for r in named if t.left_edge.idx <= r.start <= t.idx]
                if found:
                    return found[-1]
            if t.dep_ == "nsubj" and t.head.lemma_.lower() == "make" and index == here + 1 and any(
                    o.dep_ == "dobj" and o.lemma_.lower() in _REMARK_NOUNS for o in t.head.children):
                found = [r for r in named if r.start <= t.idx < r.end]
                if found:
                    return found[-1]
    return None


def _named_in_apposition(article: _Article, head: str, after: int) -> Referent | None:
    """The person the article names in apposition to "the <head>" after `after`, outside
    quotations: "The official, Finance Ministry adviser Ken Ito, told reporters ..."."""
    doc = article.doc
    people = [r for r in article.referents if r.named and r.kind == "person"]
    for t in doc:
        if t.idx < after or t.dep_ != "appos" or t.head.lower_ != head or t.head.i > t.i or _in_quotation(doc, t.idx):
            continue
        if not any(d.dep_ == "det" and d.lower_ == "the" for d in t.head.children):
            continue
        found = [r for r in people if t.left_edge.idx <= r.start <= t.right_edge.idx]
        if found:
            return found[-1]
    return None


_NAME_WORD = r"[A-Z][\w&'.-]*"
_TICKER = r"<[^>]*>?"  # a wire ticker after a company name: "<WSTP.S>"


def _named_by_short_form(article: _Article, phrase: str) -> Referent | None:
    """The organisation of the article whose name a speaker phrase of capitalised words begins
    ("Galactic said" in an article about Galactic Resources Ltd; a wire ticker after it is
    dropped): the tagger missed the short form. Only when one organisation's name begins so."""
    phrase = re.sub(rf"\s*{_TICKER}\s*$", "", phrase.strip())
    if not re.fullmatch(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*", phrase) or phrase.isupper() and len(phrase) <= 3:
        return None  # "IT said": a pronoun in capitals, not a name
    words = phrase.split()
    if words[0].lower() in ("the", "a", "an", "this", "that", "one", "another", "it", "he", "she", "they"):
        return None
    orgs = {}
    for r in article.referents:
        key_words = r.key.split()
        if r.kind == "org" and r.named and len(key_words) > len(words) and key_words[:len(words)] == words:
            orgs.setdefault(r.key, r)
    return next(iter(orgs.values())) if len(orgs) == 1 else None


def _common_noun_in(word: str, phrase: str) -> bool:
    """Whether `word` is written as a common noun in the phrase: in lower case, or capitalised only
    as the first of several words ("Senior employee"), never the one word "Tayer" of a name."""
    words = phrase.split()
    return any(w == word or i == 0 and len(words) > 1 and w.lower() == word for i, w in enumerate(words))


def _description(article: _Article, claim: Claim) -> Referent:
    """An unnamed speaker kept as written: a person (also a common noun of an agent's form:
    "employee", not the capitalised "Tayer" of a name), or a group for plural and other heads."""
    head = _noun_head(claim.speaker or "")
    kind = "group" if head in _PLURAL_HEADS or head.endswith("s") and head[:-1] in _PERSON_DESCRIPTION_HEADS \
        else "person" if head in _PERSON_DESCRIPTION_HEADS or head in _INDEFINITE \
        or _person_noun(head) and _common_noun_in(head, claim.speaker or "") \
        else "text" if head in _TEXT_NOUNS | _AUTHORED_NOUNS else "group"
    start = claim.speaker_start
    if kind == "person" and _noun_gender([head]) and claim.speaker not in article.gender:
        article.gender[claim.speaker] = _noun_gender([head])
    return Referent(start, claim.speaker_end, kind, article.sentence_of(start), True, claim.speaker, False,
                    claim.speaker)


# Heads of a speaker phrase whose words are a named person's own when that person is its
# possessor ("Dunn's lawyer", "Trump's tweet"); others are someone else ("Dunn's father").
_SPEAKS_FOR = _ON_BEHALF | _TEXT_NOUNS | _AUTHORED_NOUNS
# People known by their tie to someone, whose form does not show that they are people.
_RELATION_NOUNS = frozenset("friend relative family neighbor neighbour colleague classmate partner fan supporter "
                            "critic rival opponent".split())


def _someone_else(head: str) -> bool:
    """Whether the head noun of "X's <head>" or "<head> of X" is another person ("father",
    "advisers", "friends", "source"), not one who speaks for X ("lawyer", "office") nor a thing of
    X's ("laboratory", "tweet")."""
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    return not {head, singular} & _SPEAKS_FOR and (
        singular in _RELATION_NOUNS or _person_noun(singular) or _person_noun(head))


def _relative_of(text: str, start: int, mention: Mention) -> bool:
    """Whether a person named in a speaker phrase only says whose the speaker is: a possessor
    ("Mark Dunn's father") or the object of "of" ("friends of Lena Fox")."""
    return re.match(r"'s?\b|'", text[mention.end:mention.end + 2]) is not None \
        or re.search(r"\bof\s+$", text[start:mention.start]) is not None


def _named_speaker(article: _Article, start: int, end: int) -> Referent | None:
    """The named mention a speaker phrase is: a person named in it, else an entity that heads it
    ("Kyodo News"), else a person named in apposition to it ("The judge, Helen Ward, said")."""
    inside = article.named_inside(start, end)
    persons = [m for m in inside if m.label == "PERSON"]
    text = article.doc.user_data.get("newsclaims.text") or article.doc.text
    if persons and all(re.match(r"'s?\b|'", text[m.end:m.end + 2]) for m in persons):
        # "Carlineo's attorney, Sonya Zoghlin, said": the person named in apposition speaks, not
        # the one whose attorney she is
        appositive = _appositive_person(article, start, end)
        if appositive is not None:
            return appositive
    if persons and all(_relative_of(text, start, m) for m in persons) \
            and _someone_else(_noun_head(text[start:end])):
        return None  # "Dunn's father", "friends of Lena Fox": someone else, kept as written
    if not persons:  # "Sondland said" with the surname tagged as a place: the person named in full
        surname = [r for r in article.referents if r.kind == "person" and r.ref is not None and start <= r.start < end]
        if surname:
            return surname[-1]
    head_end = _before_location(text, start, end, inside)
    heads = [m for m in inside if (m.end >= end if head_end == end else m.end == head_end)
             and m.label in ("ORG", "GPE", "NORP", "PERSON")]
    named = persons[-1] if persons else (heads[-1] if heads else None)
    names = persons or [m for m in inside if m.label in ("ORG", "GPE", "NORP")]
    if named is not None and len(names) > 1 and re.match(r"\s*(?:and\b|&)", text[names[0].end:names[1].start]):
        named = names[0]  # "Vindman and Williams", "The EC and Japan": both speak; the first stands for them
    if named is not None:
        ref = next((r for r in article.referents if r.start == named.start and r.end == named.end), None)
        if ref is None:
            ref = Referent(named.start, named.end, "org", article.sentence_of(named.start), True, named.text,
                           True, named.text)
        return ref
    return _appositive_person(article, start, end)


# "officer in Lima", "ambassador to Britain": the place the speaker is in or sent to, not the speaker
_LOCATIVE_TAIL = re.compile(r"\s+in\s+$|\s+to\s+(?:the\s+)?$")
_ORG_NAME_WORDS = frozenset("inc corp co ltd plc ag sa nv llc group".split())


def _before_location(text: str, start: int, end: int, inside: list[Mention]) -> int:
    """Where the head of a speaker phrase ends when the phrase ends in the place it is in: "the
    embassy's officer in Lima" is the officer, not Lima, and "Acme Bank in Lima" is Acme Bank. A
    place is a GPE, or a name of one or two words the tagger typed otherwise that has no word of
    an organisation's name ("officials in the Finance Ministry" speak for it). The phrase end when
    it does not end so."""
    last = max((m for m in inside if m.end >= end), key=lambda m: m.start, default=None)
    if last is None or last.label == "PERSON" or last.start <= start:
        return end
    words = last.text.lower().split()
    if last.label != "GPE" and (len(words) > 2 or any(w.strip(".") in ORG_NOUNS | _ORG_NAME_WORDS for w in words)):
        return end
    tail = _LOCATIVE_TAIL.search(text[start:last.start])
    return start + tail.start() if tail else end


def _appositive_person(article: _Article, start: int, end: int) -> Referent | None:
    """The person named in apposition right after a speaker phrase ("Another diplomat, former
    special envoy Kurt Volker, said")."""
    span = _span(article.doc, start, end)
    if span is None:
        return None
    # "WeWork's parent company, The We Company, announced": an organisation noun's named apposition
    kinds = ("person", "org") if span.root.lower_ in ORG_NOUNS else ("person",)
    for child in span.root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            inside = [r for r in article.referents if r.kind in kinds
                      and child.left_edge.idx <= r.start < child.right_edge.idx + len(child.right_edge)]
            if inside:
                return inside[0]
    return None


def _of_age(article: _Article, age: str, before: int) -> Referent | None:
    """The person whose age the article gives as `age`: "Tom Fields, 54," or "54-year-old Tom Fields"."""
    text = article.doc.user_data.get("newsclaims.text") or article.doc.text
    for r in article.referents:
        if r.kind == "person" and r.start < before and (
                re.match(rf",\s*{age}\s*[,.;]", text[r.end:r.end + 8])
                or re.search(rf"\b{age}-year-old\s+(?:\w+\s+)?$", text[max(0, r.start - 30):r.start])):
            return r
    return None


def _plural_antecedent(article: _Article, start: int, speakers: list[Referent]) -> Referent | None:
    """they/their: the last plural or organisation speaker in reach, else the nearest plural subject."""
    groups = [s for s in speakers if s.kind in ("group", "org") and s.end <= start
              and article.sentence_of(start) - s.sentence <= _SENTENCE_WINDOW]
    return groups[-1] if groups else _plural_subject(article, start)
