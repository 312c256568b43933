"""Attributed statements in a Doc: direct quotes and reported speech.

Three patterns, each read off the dependency parse:
- a quotation attached to a reporting verb ("...," X said / X said: "..." / stating, "...");
- reported speech: a reporting verb with a clausal complement (X said that ... / ..., X said);
- "according to X, ..." attributions.
A statement nested inside another claim is not a second claim; a claim whose own reporting
clause is in turn reported ("X said ..., CNBC reported") records the outer outlet as `via`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from pipeline.extractors.lines import TITLE_SMALL_WORDS, non_prose
from pipeline.nlp import EntityIndex, SentenceIndex, doc_memo, doc_text, token_positions

# Lemmas of verbs that introduce speech or writing.
CUE_LEMMAS = frozenset(
    "say tell add state stress emphasize emphasise insist claim note warn explain announce argue "
    "report confirm deny declare acknowledge admit predict reveal write caution maintain "
    "tout describe call assert allege contend reiterate remark reply respond complain concede "
    "suggest urge vow pledge promise testify observe point indicate recall estimate joke quip boast "
    "lament tweet show find assure advise post ask slam hail dismiss denounce decry blast praise "
    "speculate hint share introduce remember continue comment reaffirm restate read charge".split()
)
# Cues that report only with a that-clause: "charged that X" states X, "charged him a fee" does not.
_THAT_ONLY_CUES = frozenset(["charge"])
# Cues that often have non-speaking subjects ("data suggest"): kept only for agent speakers.
_WEAK_CUES = frozenset("suggest indicate point estimate reveal note promise pledge call show find hint share "
                       "remember".split())
# Heads of noun phrases that can speak, besides named entities and pronouns.
_AGENT_NOUNS = frozenset(
    "official officials source sources spokesperson spokesman spokeswoman minister secretary "
    "president chairman chairwoman chair chief executive ceo director analyst analysts economist "
    "economists expert experts report reports media outlet outlets newspaper paper agency "
    "government administration ministry department office team negotiator negotiators diplomat "
    "diplomats lawmaker lawmakers leader leaders representative representatives aide aides "
    "adviser advisers advisor statement spokespeople people person officer trader traders "
    "investor investors company companies bank banks firm group union party partner partners "
    "governor mayor senator ambassador envoy premier ministers commission committee "
    "council court judge regulator regulators authorities authority survey surveys poll polls study "
    "studies".split()
)
# Verbs that attach a short quoted label to something ("described the funds as "...").
_NAMING_CUES = frozenset("describe call tout term dub label brand slam hail dismiss denounce decry blast praise "
                         "introduce".split())
# Verbs that report words only next to a quotation ('"...," Menear continued'), never a clause.
_QUOTE_ONLY_CUES = frozenset(["continue", "read"])
# Texts whose words "read" ('"...," the sign reads'): only they report by reading, never a reader.
_READING_TEXTS = frozenset("description sign statement post caption message letter note label tweet notice "
                           "text headline banner slogan inscription plaque placard card email memo "
                           "announcement advert advertisement ad website page".split())
# Verbs that report words only through the label they give: 'introduced him as "..."'.
_LABEL_ONLY_CUES = frozenset(["introduce"])
# Heads of subjects that are news outlets: "..., the paper reported" passes on someone's words.
_DOCUMENT_NOUNS = frozenset("report study survey poll analysis review investigation audit research inquiry "
                            "probe paper census".split())
_PERSON_NOUNS = frozenset("spokesman spokeswoman spokesperson official minister secretary president chairman "
                          "analyst economist source aide adviser advisor diplomat lawyer director executive".split())
_OUTLET_NOUNS = frozenset("newspaper paper daily weekly magazine agency network channel station outlet outlets "
                          "media broadcaster radio television tv website site report reports".split())
_PERSON_PRONOUNS = frozenset("he she they i we it".split())
_QUOTE_CHARS = '"'
# Verbs of saying that name whom the words are addressed to: their object is no statement.
_ADDRESSEE_CUES = frozenset("tell ask assure advise warn urge remind inform brief".split())
# Speech acts that are no verbs of saying: "... and called on X to", "and identified X as".
_ACT_VERBS = frozenset("identify urge demand appeal name accuse ask call say add tell indicate state announce warn "
                       "stress insist".split())
_TIME_NOUNS = frozenset("second minute hour day week month year time while moment evening morning night".split())
# Nouns of the occasion of a statement ("as Smith noted in a statement", "at the time").
# Nouns for what someone holds or states, whose that-clause is the statement when they are the
# object of a reporting verb ("reaffirmed its view that ...", "repeated earlier statements that").
_CONTENT_NOUNS = frozenset("statement view position assertion belief argument assurance warning stance "
                           "contention conviction".split())
# Messages in which words are addressed to someone ("in an email sent by the chairman").
_MESSAGE_NOUNS = frozenset("email e-mail letter memo message note statement post tweet text call video".split())
_FRAME_NOUNS = frozenset("time statement interview report letter speech conference briefing hearing "
                         "post tweet filing memo".split())


@dataclass
class Claim:
    start: int
    end: int
    text: str
    kind: str  # direct_quote | reported
    cue: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    via: str | None
    sentence_index: int
    # filled by pipeline.extractors.speakers: how the speaker was resolved, and the span of the
    # named mention it refers to (None when it names no entity)
    speaker_basis: str | None = None
    speaker_ref_start: int | None = None
    speaker_ref_end: int | None = None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of double quotes, paragraph by paragraph.

    A quotation that goes on into the next paragraph has no closing mark at the end of the
    first one, and the next paragraph opens with a quote mark (the newswriting convention):
    such a last, unpaired mark quotes to the end of its paragraph."""
    spans = []
    offset = 0
    paras = text.split("\n")
    for n, para in enumerate(paras):
        marks = [m.start() for m in re.finditer(_QUOTE_CHARS, para)]
        for open_, close in zip(marks[0::2], marks[1::2]):
            if close - open_ > 1:
                spans.append((offset + open_ + 1, offset + close))
        following = next((p for p in paras[n + 1:] if p.strip()), "")  # paragraphs may be set off by blank lines
        if len(marks) % 2 and following.lstrip().startswith('"'):
            end = len(para.rstrip())
            if end - marks[-1] > 1:
                spans.append((offset + marks[-1] + 1, offset + end))
        offset += len(para) + 1
    return spans


def paragraph_breaks(text: str, start: int, end: int) -> int:
    """Paragraph breaks between two offsets: a run of line breaks (with blank lines between
    paragraphs, as web pages and wire copy are often laid out) is one break."""
    return len(re.findall(r"\n(?:[ \t]*\n)*", text[start:end]))


def _is_cue(token: Token) -> bool:
    return token.lemma_.lower() in CUE_LEMMAS and token.pos_ in ("VERB", "AUX")


def _cue_positions(doc: Doc) -> list[int]:
    """Positions of the tokens _is_cue accepts, in order: the verbs are found from the Doc's POS
    array and their lemmas read from its LEMMA array, each distinct lemma looked up once (a
    Token per verb, and its `lemma_`, cost more than the test)."""
    verbs = token_positions(doc, "POS", ("VERB", "AUX"))
    if not verbs:
        return []
    lemmas = doc.to_array("LEMMA")[verbs].tolist()
    strings, is_cue = doc.vocab.strings, {}
    positions = []
    for i, lemma in zip(verbs, lemmas):
        cue = is_cue.get(lemma)
        if cue is None:
            cue = is_cue[lemma] = strings[lemma].lower() in CUE_LEMMAS
        if cue:
            positions.append(i)
    return positions


def _cues(doc: Doc) -> list[Token]:
    """The tokens _is_cue accepts, in order; their positions are kept once per Doc (two rules
    walk them)."""
    return [doc[i] for i in doc_memo(doc, "newsclaims.cues", _cue_positions)]


_CONJ, _APPOS, _PREP, _ACCORDING = (get_string_id(s) for s in ("conj", "appos", "prep", "according"))


class _Tree:
    """The dependency labels, lowercase forms and subtrees of a Doc's tokens as token positions.

    The rules for reported speech ask for the same clause's subtree several times per reporting
    verb, and `Token.subtree` builds a Token for every word on each walk: each subtree is walked
    once per Doc here (in `Token.subtree` order). Holds no reference to the Doc."""

    def __init__(self, doc: Doc):
        self.deps = doc.to_array("DEP").tolist() if len(doc) else []
        self.lower = doc.to_array("LOWER").tolist() if len(doc) else []
        self._subtrees: dict[int, tuple[int, ...]] = {}
        self._members: dict[int, frozenset[int]] = {}

    @classmethod
    def of(cls, doc: Doc) -> "_Tree":
        return doc_memo(doc, "newsclaims.subtrees", cls)

    def subtree(self, token: Token) -> tuple[int, ...]:
        """`[t.i for t in token.subtree]`."""
        positions = self._subtrees.get(token.i)
        if positions is None:
            positions = self._subtrees[token.i] = tuple(t.i for t in token.subtree)
        return positions

    def members(self, token: Token) -> frozenset[int]:
        """`{t.i for t in token.subtree}`."""
        members = self._members.get(token.i)
        if members is None:
            members = self._members[token.i] = frozenset(self.subtree(token))
        return members


def _subject(verb: Token) -> Token | None:
    """The verb's subject, climbing through conjunctions and participle clauses."""
    if (host := _adjunct_host(verb)) is not None:
        return _subject(host)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        if verb.head.ent_type_ not in ("DATE", "TIME") and verb.head.lemma_.lower() not in _TIME_NOUNS:
            return verb.head  # "a survey showing that ...": the noun the participle describes
        if verb.head.head is not verb.head:  # "spent a minute explaining how ...": whoever spent it
            return _subject(verb.head.head)
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and verb.head.pos_ in ("NOUN", "PROPN") \
            and verb.head.i < verb.i and not any(c.dep_ in ("agent", "auxpass") for c in verb.children) \
            and any(c.dep_ == "ccomp" and _has_that(c) for c in verb.children):
        # "X's parent, Acme Corp, announced on Monday that ...": a main verb the parser hung on
        # its subject as if it were a reduced relative clause; a that-clause shows it speaks
        return verb.head
    skip = non_prose(verb.doc)
    seen = 0
    first = verb
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None  # "As previously reported, ...": the frame names no source
    while verb is not None and seen < 4:
        agent = _passive_agent(verb)
        if agent is not None:  # "was denied by Andrew, hinting that ...": the doer is the agent
            return agent
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and seen and _quoted(first, subjects[0]) and verb.dep_ == "ccomp":
            # 'said, "We are relieved," adding that ...': the subject of the quoted words
            # is not who added; the verb that reports the quotation has that
            verb = verb.head
            seen += 1
            continue
        if subjects:  # not the dateline the parser took for a second subject
            subjects = [c for c in subjects if not skip.covers(c.idx, c.idx + len(c))] or subjects
            # 'said study co-author Anna Berg': of two subjects the parser split a name phrase
            # into, the one that names someone
            return next((c for c in subjects if c.ent_type_ == "PERSON"),
                        next((c for c in subjects if c.ent_type_ in ("ORG", "GPE", "NORP")), subjects[0]))
        if seen == 0 and (described := _unparsed_subject(verb) or _inverted_subject(verb)
                          or _participle_subject(verb) or _surname_modifier(verb)) is not None:
            return described
        controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None) \
            if verb.dep_ == "xcomp" and verb.head is not verb else None
        if controller is not None and controller.pos_ in ("NOUN", "PROPN", "PRON") \
                and controller.ent_type_ not in ("DATE", "TIME") and controller.lemma_.lower() not in _TIME_NOUNS:
            return controller  # "prompted some users to argue that ...": the object argues
        if seen == 0 and verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and _is_cue(verb.head.head) \
                and _is_cue(verb):
            # "said the attacks began on Monday and indicated that ...": the second reporting verb
            # shares the first one's subject, not the subject of the statement it was hung on
            verb = verb.head.head
            seen += 1
            continue
        if seen == 0 and verb.dep_ == "conj" and _is_cue(verb) and (governor := _clause_governor(verb)) is not None:
            # "repeated its view that prices remain high and said ...": the reporting verb is
            # conjoined with the verb that governs the that-clause, not with the clause's verb
            verb = governor
            seen += 1
            continue
        if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN") \
                and not _quoted(first, verb.head):
            # "The group, X, formed last week and sent a letter stating ...": with no verb of its
            # own the sentence's root is its subject, and the verb the parser hung on it says
            # what the subject did
            return verb.head
        if verb.dep_ in ("conj", "advcl", "xcomp", "acl", "pcomp", "pobj", "prep") and verb.head is not verb:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def _adjunct_host(verb: Token) -> Token | None:
    """"He declined to say what sum Acme hoped to get, beyond noting that ...": a subjectless
    -ing adjunct set off by a comma after an embedded clause is said by the subject of the clause
    that embeds it (the parser hangs the adjunct on the nearest verb, here "hoped")."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or verb.head.dep_ != "prep" \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    prep = verb.head
    host = prep.head
    if prep.i == 0 or verb.doc[prep.i - 1].text != "," or host.i > prep.i or host.dep_ not in ("ccomp", "xcomp"):
        return None
    top = host
    while top.dep_ in ("ccomp", "xcomp") and top.head is not top:
        top = top.head
    return top if top.pos_ in ("VERB", "AUX") else None


def _clause_governor(verb: Token) -> Token | None:
    """The verb that governs the that-clause a conjoined reporting verb was hung on, when both
    verbs are in the same form and the clause's verb is not (so "said" goes with "repeated",
    not with the "remain" of the statement)."""
    clause = verb.head
    if clause.dep_ not in ("ccomp", "acl") or not _has_that(clause) or clause.tag_ == verb.tag_:
        return None
    governor = clause.head
    while governor.pos_ not in ("VERB", "AUX") and governor.head is not governor:
        governor = governor.head
    return governor if governor.pos_ in ("VERB", "AUX") and governor.tag_ == verb.tag_ else None


def _quoted(cue: Token, token: Token) -> bool:
    """Whether `token` is inside a quotation that `cue` is outside of."""
    key = "newsclaims.quote_spans"
    spans = cue.doc.user_data.get(key)
    if spans is None:
        spans = cue.doc.user_data[key] = quote_spans(doc_text(cue.doc))
    return any(s <= token.idx < e for s, e in spans) and not any(s <= cue.idx < e for s, e in spans)


def _passive_agent(verb: Token) -> Token | None:
    """The object of the "by" phrase of a passive verb: its doer, when it is one that can speak
    (not "reduced by 250 mln dlrs")."""
    if not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    agent = next((o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"), None)
    if agent is None or agent.like_num or any(c.dep_ == "nummod" for c in agent.children) \
            or agent.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE", "TIME"):
        return None
    return agent


def _participle_subject(verb: Token) -> Token | None:
    """"AM International Inc, reporting a loss for the quarter, said ...": the parser made the
    subject that of the participle clause set off by commas before the verb."""
    for child in verb.children:
        if child.i < verb.i and child.dep_ in ("ccomp", "advcl") and child.tag_ == "VBG" \
                and verb.doc[verb.i - 1].text == ",":
            subject = next((c for c in child.children if c.dep_ == "nsubj" and c.i < child.i), None)
            if subject is not None:
                return subject
    return None


def _addressed_passive(cue: Token) -> bool:
    """"Employees were told that ...": the subject of a passive verb of telling is whom the words
    were addressed to, not who said them."""
    return cue.lemma_.lower() in _ADDRESSEE_CUES and any(c.dep_ == "auxpass" for c in cue.children) \
        and _passive_agent(cue) is None


def _unsourced_passive(cue: Token) -> bool:
    """"it is alleged (that) he ...", "it was reported that ...": a passive with the empty "it"
    and no doer names nobody; it is no attributed statement."""
    return any(c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in cue.children) \
        and any(c.dep_ == "auxpass" for c in cue.children) and _passive_agent(cue) is None


def _is_label(doc: Doc, cue: Token, q_start: int) -> bool:
    """Whether a quotation after a naming cue is the label it gives ('described the call as
    "improper"', 'called the plan "a betrayal"'), not a scare-quoted object ('dismissed the "reform"')."""
    before = doc_text(doc)[max(cue.idx, q_start - 12):q_start - 1]
    if re.search(r"\bas(?: an?| the)?\s*$", before):
        return True
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    return cue.lemma_.lower() in ("call", "dub", "term", "label", "brand") and obj is not None \
        and obj.idx + len(obj) < q_start


def _inverted_subject(verb: Token) -> Token | None:
    """"..., said another witness": after a statement and a comma, the noun the parser took for
    the object of the reporting verb is its subject."""
    if verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    if not any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None:
        return None
    after = obj.right_edge.i + 1  # the speaker phrase ends the sentence: ", said X." / ", said X, ..."
    if after < len(verb.doc) and not verb.doc[after].is_punct or any(t.pos_ in ("VERB", "AUX") for t in obj.subtree):
        return None  # "said an amount less than that was involved" states, it does not name a speaker
    return obj


def _unparsed_subject(verb: Token) -> Token | None:
    """"..., the 54-year-old said": a subject the parser hung on the verb as a modifier; the
    word right before the verb, with a determiner of the verb before it."""
    if verb.i < 2:
        return None
    before = verb.doc[verb.i - 1]
    if before.head.i != verb.i or before.dep_ not in ("amod", "nmod", "npadvmod", "dep", "compound") \
            or before.pos_ not in ("ADJ", "NOUN", "PROPN"):
        return None
    det = verb.doc[before.left_edge.i - 1] if before.left_edge.i > 0 else None
    return before if det is not None and det.dep_ == "det" and det.head.i == verb.i else None


def _person_surnames(doc: Doc) -> frozenset[str]:
    """Last words of the names the tagger marked as persons ("Early" of "Chris Early")."""
    return frozenset(e[-1].text for e in EntityIndex.of(doc).ents if e.label_ == "PERSON" and len(e) > 1)


def _surname_modifier(verb: Token) -> Token | None:
    """'"...," says Early.' / 'Early says ...': a surname that is also an ordinary word, which the
    parser took for an adverb of the reporting verb right next to it, when the article names a
    person with that surname in full."""
    doc = verb.doc
    for i in (verb.i + 1, verb.i - 1):
        if not 0 <= i < len(doc):
            continue
        word = doc[i]
        if word.head.i == verb.i and word.dep_ in ("advmod", "npadvmod", "dep") and word.is_title \
                and not word.ent_type_ and word.text in doc_memo(doc, "newsclaims.person_surnames", _person_surnames):
            return word
    return None


def _speaker_span(subject: Token) -> Span:
    """The subject phrase without appositions, relative clauses and trailing punctuation; a
    subject inside a wire dateline ("NEW YORK, March 27 - Lone Star Industries Inc said") is
    the apposition after it."""
    doc = subject.doc
    skip = non_prose(doc)
    if skip.covers(subject.idx, subject.idx + len(subject)):
        after = [c for c in subject.subtree if c.dep_ in ("appos", "conj", "npadvmod") and c.head.i <= c.i
                 and not skip.covers(c.idx, c.idx + len(c)) and c.pos_ in ("PROPN", "NOUN", "PRON")]
        if after:
            return _speaker_span(after[0])
    drop = set()
    together = _named_together(subject)
    for child in subject.children:
        if together and child.dep_ in ("cc", "conj"):
            continue  # "Vindman and Williams told lawmakers": both speak, one speaker phrase
        if child.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj") and child.i > subject.i:
            restrictive = child.dep_ in ("appos", "relcl") or (child.dep_ == "acl" and child.tag_ == "VBN")
            if restrictive and not doc[child.left_edge.i - 1].is_punct:
                # "spokesperson Yoshimasa Hayashi" is one name phrase; "the tweet shown above" and
                # "a source who asked not to be named" restrict the noun, set off by no comma
                continue
            drop.update(t.i for t in child.subtree)
    tokens = [t for t in subject.subtree if t.i not in drop]
    # keep the contiguous run around the head
    start, end = subject.i, subject.i
    idx = {t.i for t in tokens}
    while start - 1 in idx:
        start -= 1
    while end + 1 in idx:
        end += 1
    span = doc[start:end + 1]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) > 1 and (skip.covers(span[0].idx, span[0].idx + len(span[0])) or span[0].is_punct):
        span = span[1:]  # the dateline the parser hung on the subject
    if span.start >= 2 and doc[span.start - 1].text == "-" and not doc[span.start - 1].whitespace_ \
            and not doc[span.start - 2].whitespace_ and doc[span.start - 2].is_alpha:
        span = doc[span.start - 2:span.end]  # "co-author Anna Berg": a hyphenated word split between phrases
    if span.end < len(doc) and doc[span.end].dep_ == "nsubj" and doc[span.end].head == subject.head \
            and subject.dep_ == "nsubj" and doc[span.end].pos_ == "PROPN" and doc[span.end].is_alpha \
            and doc[span.end].left_edge.i == span.end:
        # "the official news agency WAM reported": the name the parser took for a second subject
        # is the head of the same phrase
        span = doc[span.start:doc[span.end].i + 1]
    return span


def _named_together(subject: Token) -> bool:
    """Whether a subject is a coordination of names ("Vindman and Williams", "both Ann Lee and
    Bob Ray", "Mines and Energy Minister Subroto" as the parser splits it): the words of all of
    them are the speaker phrase."""
    conjuncts = [c for c in subject.children if c.dep_ == "conj" and c.i > subject.i]
    return subject.pos_ == "PROPN" and bool(conjuncts) \
        and any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in subject.children) \
        and all(c.pos_ == "PROPN" for c in conjuncts)


def _is_agent(speaker: Span) -> bool:
    head = speaker.root
    if head.lower_ in _PERSON_PRONOUNS or head.pos_ == "PRON":
        return True
    if any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in speaker) or head.pos_ == "PROPN":
        return True  # a named subject ("Dixons indicated that ...") speaks
    return head.lemma_.lower() in _AGENT_NOUNS or head.lower_ in _AGENT_NOUNS


def _via(verb: Token) -> str | None:
    """The outlet a statement was told to ("told Reuters", "said in an interview with CNBC") or
    came through ("Smith, via USA Today, said", "Smith said, via Jane Roe of the Daily Planet")."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for prep in [c for h in [verb] + subjects for c in h.children if c.dep_ == "prep" and c.lower_ == "via"]:
        ents = EntityIndex.of(verb.doc)
        orgs = [e for e in (ents.at(t.i) for t in prep.subtree) if e is not None and e.label_ == "ORG"]
        if orgs:
            return outlet_name(orgs[-1].text)
        obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
        if obj is not None and obj.pos_ == "PROPN" and obj.ent_type_ not in ("PERSON", "GPE", "NORP"):
            return _entity_text(obj)
    for clause in verb.children:  # "said one expert, as reported by the Independent newspaper"
        if clause.dep_ == "advcl" and clause.lemma_.lower() in ("report", "quote", "tell") \
                and any(m.dep_ == "mark" and m.lower_ == "as" for m in clause.children):
            doers = [o for a in clause.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
            ents = EntityIndex.of(verb.doc)
            orgs = [e for d in doers for e in (ents.at(t.i) for t in d.subtree) if e is not None and e.label_ == "ORG"]
            if orgs:
                return outlet_name(orgs[-1].text)
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.ent_type_ == "ORG":
            return _entity_text(child)
        if child.dep_ == "prep" and child.lower_ in ("to", "with"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "ORG":
                    return _entity_text(obj)
    return None


def _entity_text(token: Token) -> str:
    ent = EntityIndex.of(token.doc).at(token.i)
    return outlet_name(ent.text) if ent is not None else token.text


def outlet_name(text: str) -> str:
    """An outlet's name without a leading article: "the Associated Press" -> "Associated Press"."""
    return re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)


def _outlet_of(speaker: Span) -> str:
    """The outlet named in the subject of "..., <outlet> reported": its ORG entity if it has one."""
    orgs = [e for e in EntityIndex.of(speaker.doc).within(speaker.start, speaker.end) if e.label_ == "ORG"]
    return outlet_name(orgs[-1].text if orgs else speaker.text)


def _speaks(speaker: Span, cue: Token) -> bool:
    """Whether the subject can be the source of the statement.

    A verb of saying selects a speaker, so any nominal subject of "say", "tell", "insist" ...
    is one ("the lawyer said", "the head of the mission said"). Cues that are as often used
    with non-speaking subjects ("data suggest", "figures indicate") need an agent-like subject.
    """
    if cue.lemma_.lower() == "find":  # "a study found that"; people find things, documents report them
        return speaker.root.lemma_.lower() in _DOCUMENT_NOUNS
    if cue.lemma_.lower() == "read":  # '"Open daily," the sign reads': a text, not someone reading it aloud
        return speaker.root.lemma_.lower() in _READING_TEXTS
    return cue.lemma_.lower() not in _WEAK_CUES or _is_agent(speaker)


def _trailing_reporter(cue: Token) -> Token | None:
    """The outer reporting verb of "X said ..., CNBC reported" when the parser hung it under "said".

    Such a verb follows the statement after a comma, ends its clause (nothing but punctuation
    to its right) and has its own subject; the statement is then X's, reported via CNBC.
    """
    doc = cue.doc
    for child in cue.children:
        if child.dep_ != "ccomp" or child.i < cue.i or not _is_cue(child):
            continue
        subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.left_edge.i == 0 or doc[subj.left_edge.i - 1].text != ",":
            continue
        if all(r.is_punct for r in child.rights):
            return child
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, quote marks, leading "that" and trailing , ; : -."""
    while start < end and text[start] in ' \n"':
        start += 1
    m = re.match(r"that\s+", text[start:end])
    if m:
        start += m.end()
        while start < end and text[start] in ' \n"':  # 'indicated that "the regime is ..."'
            start += 1
    while True:
        while end > start and text[end - 1] in ' \n",;:-–—':
            end -= 1
        m = re.search(r"[\s,]+(?:and|but|or|while|as)$", text[start:end])
        if not m:
            return start, end
        end = start + m.start()


def _clause_span(clause: Token, exclude: set[int], cue: Token | None = None) -> tuple[int, int] | None:
    """Characters of a statement clause (None when the speaker's words take all of it: a parse
    that hangs the subject's own relative clause on the cue). "said on Monday it would ...": an adjunct the parser
    hung on the clause but that stands between the cue and the clause's subject modifies the
    saying, not the statement, and is left out."""
    exclude = set(exclude)
    doc = clause.doc
    tree = _Tree.of(doc)
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")), None)
    extra: tuple[int, ...] = ()
    if subject is None and cue is not None and cue.i < clause.i and cue.lemma_.lower() not in _ADDRESSEE_CUES:
        # "added the exact circumstances remained unclear": the parser took the statement's
        # subject for the object of the reporting verb
        obj = next((c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < clause.i
                    and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is not None:
            extra = tree.subtree(obj)
    words = tree.subtree(clause)
    if cue is not None and cue.dep_ == "relcl":
        # "a rule which they said discourages ...", "a bid which it said it considers low": the
        # relative pronoun before the reporting verb is no word of the statement
        exclude.update(i for i in words if i < cue.i and doc[i].tag_ in ("WDT", "WP"))
    last = max(words)
    for i in words:
        if tree.deps[i] != _APPOS:
            continue
        t = doc[i]
        if t.head.pos_ == "PROPN" and t.head.ent_type_ == "PERSON" \
                and max(tree.subtree(t)) == last and any(c.dep_ == "relcl" for c in t.children) \
                and doc[t.left_edge.i - 1].text == ",":
            # 'joked that he's not Alicia Keys, the singer who surprised the audience ...': the
            # writer's gloss on a name that ends the statement
            exclude.update(tree.subtree(t))
            exclude.add(t.left_edge.i - 1)
    for conj in clause.children:
        if conj.dep_ == "conj" and conj.i > clause.i and cue is not None and _speech_act(conj, cue):
            # "said the order favoured banks and identified SBI as ...": what the speaker did next
            # is no part of the statement
            exclude.update(tree.subtree(conj))
            exclude.update(c.i for c in clause.children if c.dep_ in ("cc", "punct") and c.i < conj.i
                           and not any(t.dep_ == "conj" and c.i < t.i < conj.i for t in clause.children))
    if cue is not None and subject is not None and cue.i < subject.i:
        for child in clause.children:
            if cue.i < child.i < subject.left_edge.i and child.dep_ in ("prep", "npadvmod", "advmod", "punct") \
                    and not any(m.dep_ == "mark" for m in clause.children if m.i < child.i):
                exclude.update(tree.subtree(child))
    kept = [i for i in words if i not in exclude] + [i for i in extra if i not in exclude]
    if not kept:
        return None
    first, end = doc[min(kept)], doc[max(kept)]
    return first.idx, end.idx + len(end.text)


def _speech_act(conj: Token, cue: Token) -> bool:
    """Whether a verb conjoined to a statement without a subject of its own is a further act of
    the speaker's (a verb of saying or naming in the reporting verb's own tense) rather than part
    of what was said ("said prices rose and fell")."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in conj.children) or conj.tag_ != cue.tag_:
        return False  # "have lived up to the pact and have asked ...": the auxiliary makes it part of the statement
    return conj.lemma_.lower() in _ACT_VERBS


def _close_quotation(text: str, start: int, end: int) -> int:
    """A reported statement that opens a quotation runs to its closing mark, across the
    sentence breaks inside it (said that Rudolph "can't ... . Just leave it at that.")."""
    if text.count('"', start, end) % 2 == 0:
        return end
    close = text.find('"', end)
    line_end = text.find("\n", end)
    if close == -1 or (line_end != -1 and line_end < close):
        return end
    return close


def _quoted_as(cue: Token) -> tuple[Token, Token] | None:
    """(quote verb, person) of "The newspaper quoted him as saying ...": the words are his."""
    prep = cue.head
    if cue.dep_ not in ("pcomp", "advcl", "xcomp") or prep.lower_ != "as":
        return None
    verb = prep.head
    if verb.lemma_.lower() != "quote":
        return None
    person = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return (verb, person) if person is not None else None


def _speaker_of(cue: Token) -> tuple[Token | None, str, str | None]:
    """(subject token, cue lemma, via) of a reporting verb, seeing through "quoted X as saying"."""
    if _addressed_passive(cue):
        return _sender(cue), cue_name(cue), None
    quoted = _quoted_as(cue)
    if quoted is not None:
        verb, person = quoted
        outlet = _subject(verb)
        return person, "quote", (_outlet_of(_speaker_span(outlet)) if outlet is not None else None)
    return _subject(cue), cue_name(cue), None


def _sender(cue: Token) -> Token | None:
    """"In an email sent by X, employees were told that ...": who sent the message the words
    were addressed in (the doer of its participle), else nobody the sentence names."""
    for prep in cue.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "through", "via"):
            continue
        for message in prep.children:
            if message.dep_ != "pobj" or message.lemma_.lower() not in _MESSAGE_NOUNS:
                continue
            for verb in message.children:
                if verb.dep_ == "acl" and verb.tag_ == "VBN":
                    doer = next((o for a in verb.children if a.dep_ == "agent" for o in a.children
                                 if o.dep_ == "pobj"), None)
                    if doer is not None and doer.pos_ in ("PROPN", "NOUN"):
                        return doer
    return None


def cue_name(cue: Token) -> str:
    """The cue's lemma with its particle: "pointed out that" -> "point out"."""
    particle = next((c for c in cue.children if c.dep_ == "prt" and c.i > cue.i), None)
    return cue.lemma_.lower() + (" " + particle.lower_ if particle is not None else "")


def _idiom(cue: Token) -> bool:
    """"Which is not to say that ...", "needless to say", "suffice it to say": an infinitive
    "to say" that reports nobody's words; "That said, ...", "That being said, ...": a concession;
    "it's important to remember that ...", "it is fair to note that ...": the writer's aside;
    "would continue to use ...": "continue" with an infinitive goes on doing, it reports nothing."""
    if cue.lemma_.lower() in _QUOTE_ONLY_CUES and any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")
                                                     for c in cue.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children) and cue.head is not cue:
        predicate = cue.head.head if cue.head.pos_ == "ADJ" and cue.head.dep_ == "acomp" else cue.head
        if any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in predicate.children):
            return True
    if cue.lemma_.lower() != "say":
        return False
    doc = cue.doc
    if cue.i + 1 < len(doc) and doc[cue.i + 1].text == "," and cue.i >= 1 and doc[cue.i - 1].lower_ in ("that", "being") \
            and (cue.i < 2 or doc[cue.i - 2].is_sent_start or doc[cue.i - 1].is_sent_start
                 or doc[cue.i - 2].lower_ == "that" or doc[cue.i - 2].is_punct):
        return True
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children):
        return False
    return cue.head.i != cue.i and cue.head.lemma_.lower() in ("be", "needless", "suffice")


def _make(doc: Doc, sentences: SentenceIndex, start: int, end: int, kind: str, cue: str,
          speaker: Span | None, via: str | None) -> Claim | None:
    if kind == "reported":
        end = _close_quotation(doc_text(doc), start, end)
    start, end = _trim(doc_text(doc), start, end)
    # one word is a statement only as the label of a naming cue ('described the call as "improper"')
    min_words = 1 if kind == "direct_quote" and cue in _NAMING_CUES else 2
    if end - start < 3 or len(doc_text(doc)[start:end].split()) < min_words:
        return None
    if cue not in _NAMING_CUES and _is_title(doc_text(doc)[start:end]) \
            and (kind == "direct_quote" or _whole_quotation(doc_text(doc), start, end)):
        return None  # 'After playing "Listen To The Music," the singer told ...': a title, not words said
    if kind == "reported" and _only_attribution(doc, start, end):
        return None  # '"He said, she said"': a pronoun and a verb of saying state nothing
    return Claim(start=start, end=end, text=doc_text(doc)[start:end], kind=kind, cue=cue,
                 speaker=speaker.text if speaker is not None else None,
                 speaker_start=speaker.start_char if speaker is not None else None,
                 speaker_end=speaker.end_char if speaker is not None else None,
                 via=via, sentence_index=sentences.index_of(start))


def _is_title(text: str) -> bool:
    """Whether quoted words are a title (of a song, a book, a show): two to ten words, each
    capitalised but for small words, none all capitals, and no sentence ending inside."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    if not 2 <= len(words) <= 10 or re.search(r"[.!?;:]\s+\S", text) or text.rstrip(" ,").endswith((".", "!", "?")):
        return False
    if not any(any(c.islower() for c in w[1:]) for w in words):
        return False  # ALL CAPITALS: shouting, not a title
    return all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words[1:]) and words[0][0].isupper() \
        and sum(w[0].isupper() for w in words) >= 2


def _whole_quotation(text: str, start: int, end: int) -> bool:
    """Whether [start, end) is the whole of a quotation: a quote mark right before it and after it."""
    return text[:start].rstrip().endswith(('"', "“")) and text[end:].lstrip(" ,.").startswith(('"', "”"))


def _only_attribution(doc: Doc, start: int, end: int) -> bool:
    """Whether a reported statement is only a pronoun and a verb of saying ("she said")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) == 2 and span[0].pos_ == "PRON" and span[1].lemma_.lower() in CUE_LEMMAS


def _quote_claims(doc: Doc, sentences: SentenceIndex) -> tuple[list[Claim], list[tuple[int, int]]]:
    """Quotations attached to a cue, and the (start, end) of those attached to none."""
    claims, orphans = [], []
    spans = quote_spans(doc_text(doc))
    for q_start, q_end in spans:
        first = sentences.index_of(q_start)
        last = sentences.index_of(max(q_start, q_end - 1))
        # the attribution may sit in the sentence after a quote that closes a sentence
        lo = sentences.sents[first].start
        hi = sentences.sents[min(last + 1, len(sentences.sents) - 1)].end
        follows_quote = bool(claims) and claims[-1].end <= q_start and "\n" not in doc_text(doc)[claims[-1].end:q_start]
        candidates = []
        for token in doc[lo:hi]:
            if q_start - 1 <= token.idx < q_end + 1 or not _is_cue(token) or _idiom(token):
                continue
            if any(s <= token.idx < e for s, e in spans):
                continue  # 'directives to "show no mercy" in the "struggle ..."': a quoted verb attributes nothing
            if token.idx >= q_end:
                gap = doc_text(doc)[q_end:token.idx]
            else:
                gap = doc_text(doc)[token.idx + len(token.text):q_start]
            if "\n" in gap:
                continue
            if follows_quote and sentences.index_of(token.idx) > last and _reports_own_words(token):
                # '"...," Ann Berg said. "We will appeal." Her brother told reporters that ...': the
                # next sentence's cue states something of its own; the quotation goes on from Berg's
                continue
            # The quote must hang off the cue: adjacent (only the speaker between) or in its subtree.
            in_subtree = any(q_start <= t.idx < q_end for t in token.subtree)
            if token.idx >= q_end and not in_subtree and token.lemma_.lower() not in _ADDRESSEE_CUES \
                    and any(c.dep_ == "dobj" and c.i > token.i for c in token.children):
                continue  # '"fault detection" to maintain a minimum level': the verb has an object of its own
            distance = len(gap)
            if not in_subtree and distance > 80:
                continue
            # 'recalled that he said, "I will ..."': a verb right before the opening mark, with
            # nothing but a comma or colon between and no statement of its own, introduces the
            # quotation, wherever the parser hung it (here on an outer "the police said")
            introduces = token.idx < q_start and re.fullmatch(r"\s*[,:]?\s*\"?", gap) is not None \
                and not any(c.dep_ == "ccomp" for c in token.children) \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
            rank = -1 if introduces else 0 if in_subtree and distance <= 80 else 1
            candidates.append((rank, distance, token.i, token))
        if not candidates:
            according = _according_to_speaker(sentences.sentence_at(q_start), q_start)
            if according is not None and len(doc_text(doc)[q_start:q_end].split()) > 3:
                # 'According to X, the trip was for a "quick exam and labs"': X's words
                claim = _make(doc, sentences, q_start, q_end, "direct_quote", "according to", according, None)
                if claim:
                    claims.append(claim)
            else:
                orphans.append((q_start, q_end))
            continue
        cue = min(candidates)[3]
        if cue.lemma_.lower() in _LABEL_ONLY_CUES and not _is_label(doc, cue, q_start):
            continue  # "the campaign, introduced on Monday": no words of anyone's
        utterance = doc_text(doc)[q_end - 1] in ",!?" and cue.idx > q_end  # '"Oh, actually? Yes," he said'
        label = cue.lemma_.lower() in _NAMING_CUES and _is_label(doc, cue, q_start)
        if len(doc_text(doc)[q_start:q_end].split()) <= 3 and not label and not utterance \
                and not any(q_start <= t.idx < q_end for c in cue.children if c.dep_ == "ccomp" for t in c.subtree):
            continue  # a scare quote, not words the speaker is reported to have said
        subject, lemma, quoted_via = _speaker_of(cue)
        speaker = _speaker_span(subject) if subject is not None else None
        if speaker is not None and speaker.start_char < q_end + 1 and q_start - 1 < speaker.end_char:
            # the parser ran the quoted words into the speaker phrase: keep only what is outside
            outside = [t for t in speaker if t.idx > q_end]
            speaker = doc[outside[0].i:outside[-1].i + 1] if outside else None
            while speaker is not None and len(speaker) > 1 and (speaker[0].is_punct or speaker[0].is_space):
                speaker = speaker[1:]
        if speaker is None and cue.idx > q_end and not _addressed_passive(cue):
            speaker = _phrase_after_quotation(doc, q_end, cue)
        if speaker is not None and not _speaks(speaker, cue) or speaker is None and cue.lemma_.lower() in _WEAK_CUES:
            # 'According to X, ... talks revealed that "..."': the words are X's
            speaker = _according_to_speaker(sentences.sentence_at(q_start), q_start)
            lemma, quoted_via = "according to", None
            if speaker is None:
                continue
        claim = _make(doc, sentences, q_start, q_end, "direct_quote", lemma, speaker, _via(cue) or quoted_via)
        if claim:
            claims.append(claim)
    return claims, orphans


def _reports_own_words(cue: Token) -> bool:
    """Whether a reporting verb has a statement of its own: a clausal complement ("told reporters
    that ...", "asked him to explain") or a quotation after it in its sentence."""
    if any(c.dep_ in ("ccomp", "xcomp") for c in cue.children):
        return True
    rest = doc_text(cue.doc)[cue.idx:cue.sent.end_char]
    return any(ch in rest for ch in (_QUOTE_CHARS + "“"))


def _phrase_after_quotation(doc: Doc, q_end: int, cue: Token) -> Span | None:
    """'"...," chairman, CEO and president Craig Menear said': the noun phrase between the
    closing quote mark and the reporting verb, when the parser gave the verb no subject."""
    words = [t for t in doc[:cue.i] if t.idx > q_end]
    while words and (words[0].is_punct or words[0].is_space):
        words = words[1:]
    if not words or len(words) > 14 or any(t.pos_ in ("VERB", "AUX") for t in words) \
            or words[-1].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return doc[words[0].i:words[-1].i + 1]


def _continued_quotes(doc: Doc, sentences: SentenceIndex, claims: list[Claim],
                      orphans: list[tuple[int, int]]) -> list[Claim]:
    """Quotations without a cue of their own that go on from the claim before them, later in the
    same paragraph or opening the next one ('"We didn't tackle," he said.' / '"I take
    responsibility for that."'), when nobody else is named in between ('Jones disagreed.' hands
    the floor to Jones). They take that claim's speaker, cue and via (basis continuation). A
    quotation of three words or fewer is a label or scare quote unless it is a full sentence."""
    text = doc_text(doc)
    found: list[Claim] = []
    ordered = sorted(claims, key=lambda c: (c.start, c.end))
    persons = [(e.start_char, e.end_char) for e in EntityIndex.of(doc).ents if e.label_ == "PERSON"]
    for q_start, q_end in orphans:
        if len(text[q_start:q_end].split()) <= 3 and not re.fullmatch(r"[A-Z].*[.!?]", text[q_start:q_end]):
            continue  # a label or scare quote; a short full sentence ("I really don't.") is a statement
        before = [c for c in ordered + found if c.end <= q_start]
        if not before:
            continue
        prev = max(before, key=lambda c: (c.end, c.start))
        breaks = paragraph_breaks(text, prev.end, q_start)
        if breaks > 1:
            continue
        if breaks == 1 and text[text.rfind("\n", 0, q_start) + 1:q_start - 1].strip():
            continue  # the quotation does not open its paragraph
        # the attribution's own sentence ('..., Heyward said, via Brian Batko of ...') hands nothing on
        attribution = sentences.sentence_at(max(prev.end, prev.speaker_start or 0)).end_char
        if any(max(prev.end, attribution) <= s < q_start for s, e in persons):
            continue  # someone else is named in between
        claim = _make(doc, sentences, q_start, q_end, "direct_quote", prev.cue, None, prev.via)
        if claim:
            claim.speaker, claim.speaker_start, claim.speaker_end = prev.speaker, prev.speaker_start, prev.speaker_end
            claim.speaker_basis = "continuation"
            found.append(claim)
    return found


def _according_to_speaker(sent: Span, before: int) -> Span | None:
    """The X of an "according to X" in the sentence, when it comes before `before`."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end and token.doc[token.i + 1].lower_ == "to" \
                and token.idx < before:
            objs = [c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return _with_set_off_name(_speaker_span(objs[0]))
    return None


def _with_set_off_name(speaker: Span) -> Span:
    """"According to his aunt, Jane Starner, ...": a person's name set off by commas right after
    the source phrase names that source, wherever the parser hung it; the phrase with the name."""
    doc = speaker.doc
    after = speaker.end
    if after + 2 >= len(doc) or doc[after].text != "," or doc[after + 1].ent_type_ != "PERSON" \
            or doc[after + 1].ent_iob_ != "B":
        return speaker
    end = after + 2
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    name = doc[after + 1:end]
    if end >= len(doc) or doc[end].text != "," or speaker.root.tag_ != "NN" \
            or name.root.dep_ in ("nsubj", "nsubjpass"):
        return speaker  # "According to police, John Smith, 45, was arrested": the statement's subject
    if name.root.dep_ == "appos" and speaker.start <= name.root.head.i < speaker.end:
        return speaker  # parsed as the apposition it is: read as such by the speaker rules
    return doc[speaker.start:end]


def _reported_claims(doc: Doc, sentences: SentenceIndex, quotes: list[tuple[int, int]]) -> list[Claim]:
    claims = []
    tree = _Tree.of(doc)
    via_of: dict[int, str] = {}  # cue token index -> outlet that reported that cue's claim
    trailing: dict[int, Token] = {}  # cue token index -> its misattached outer reporting verb
    cues = _cues(doc)
    for cue in cues:
        outer = _trailing_reporter(cue)
        if outer is not None and not _is_outlet(_speaker_span(_subject(outer))):
            outer = None  # "X said ..., Morrison testified": Morrison's statement, not a channel
        if outer is not None:
            trailing[cue.i] = outer
            via_of[cue.i] = _outlet_of(_speaker_span(_subject(outer)))
            continue
        inner = [c for c in cue.children if c.dep_ == "ccomp" and _is_cue(c) and _subject(c) is not None
                 and _states(c)]
        subject = _subject(cue)
        if inner and subject is not None and _is_outlet(_speaker_span(subject)) \
                and (inner[0].i < cue.i or _is_news_outlet(_speaker_span(subject))):
            # "X said ..., CNBC reported": CNBC is how X's statement reached us
            via_of[inner[0].i] = _outlet_of(_speaker_span(subject))
    outer_cues = {t.i for t in trailing.values()}
    for cue in cues:
        if cue.i in outer_cues or _idiom(cue) or _unsourced_passive(cue) \
                or cue.lemma_.lower() in _QUOTE_ONLY_CUES:
            continue
        if any(s <= cue.idx < e for s, e in quotes):
            continue  # a verb inside a quotation is part of the quoted words
        outer = trailing.get(cue.i)
        clauses = [c for c in cue.children if c.dep_ in ("ccomp",) and (outer is None or c.i != outer.i)]
        if len(clauses) > 1:  # "X, reporting a loss, said ...": the participle clause is no statement
            clauses = [c for c in clauses if not (c.i < cue.i and c.tag_ == "VBG")] or clauses
        if outer is not None:  # the statement may hang under the outer verb, to its left
            clauses += [c for c in outer.children if c.dep_ == "ccomp" and c.i < outer.i]
        if not clauses:  # "said in a statement that ...": the parser hung the clause on the noun
            clauses = [c for p in cue.children if p.dep_ == "prep" and p.i > cue.i for n in p.children
                       if n.dep_ == "pobj" and n.lemma_.lower() in _FRAME_NOUNS for c in n.children
                       if c.dep_ in ("acl", "ccomp", "relcl") and _has_that(c)]
        if not clauses:  # "reiterated its view that ...": the statement is the content of the object
            clauses = [c for n in cue.children if n.dep_ == "dobj" and n.i > cue.i
                       and n.lemma_.lower() in _CONTENT_NOUNS for c in n.children
                       if c.dep_ in ("acl", "ccomp") and _has_that(c)]
        if clauses and outer is None and _is_cue(clauses[0]) and _subject(clauses[0]) is not None \
                and _states(clauses[0]) and _subject(cue) is not None and _is_outlet(_speaker_span(_subject(cue))) \
                and (clauses[0].i < cue.i or _is_news_outlet(_speaker_span(_subject(cue)))):
            continue  # the outer verb of "X said ..., CNBC reported"; recorded as via
        # "would not say if ...": an indirect question states nothing; "..., but that ...": a
        # further that-clause of the same verb is a statement of its own
        statements = [c for c in clauses[:1] if not _is_indirect_question(c)]
        if cue.lemma_.lower() in _THAT_ONLY_CUES:
            clauses = [c for c in clauses if _has_that(c)]
            statements = [c for c in statements if _has_that(c)]
        # "said he expected ... but that ...": the parser hangs the second that-clause inside
        # the first; after "but" it is a statement of its own, while "said he expected ... and
        # that ..." is one statement in two clauses (one reporting verb, one claim)
        seconds = [doc[i] for c in statements for i in tree.subtree(c) if tree.deps[i] == _CONJ and i > c.i
                   and _has_that(doc[i]) and not _added_clause(doc[i])]
        statements += seconds
        later = [c for c in cue.children if c.dep_ == "conj" and c.i > cue.i and _has_that(c)]
        added = [c for c in later if _added_clause(c)] if statements else []
        if statements and statements[0].i < cue.i and all(c.i < cue.i for c in clauses):
            # "One died, but the other three recovered, she said": the parser made each clause of
            # a statement before its attribution a complement of the verb; all of it was said
            added += [c for c in clauses[1:] if not _is_indirect_question(c)]
        statements += [c for c in later if c not in added]
        named = _named_as(cue)
        as_clause = not statements and named is None and _as_clause(cue)
        if not statements and named is None and not as_clause:
            continue
        subject, lemma, quoted_via = _speaker_of(cue)
        if subject is None and _addressed_passive(cue):
            speaker = None  # "employees were told that ...": said by someone the sentence does not name
        elif subject is None or any(subject.i in tree.members(c) for c in statements):
            continue
        else:
            speaker = _speaker_span(subject)
            if not _speaks(speaker, cue):
                continue
        exclude = {t.i for t in speaker or ()} | {cue.i} | {i for c in seconds for i in tree.subtree(c)}
        if as_clause:  # "As Smith noted, the plan had a flaw": the rest of the sentence is the statement
            statements = [cue.head]
            exclude |= tree.members(cue)
            exclude |= {t.i for t in cue.head.children if t.is_punct and (t.i in (cue.left_edge.i - 1, cue.right_edge.i + 1)
                                                                         or t.i == cue.head.right_edge.i)}
        # "..., according to a newspaper interview": how the article knows, not part of the statement
        exclude |= {i for c in statements for a in tree.subtree(c) if tree.lower[a] == _ACCORDING
                    and tree.deps[a] == _PREP for i in tree.subtree(doc[a])}
        spans = [_clause_span(c, exclude if c.i not in {s.i for s in seconds} else exclude - tree.members(c),
                              cue) for c in statements]
        if any(span is None for span in spans):
            continue  # no words of a statement are left beside the speaker's
        ends = [span[1] for c in added if (span := _clause_span(c, exclude, cue)) is not None]
        if spans and ends:  # "said X, and that Y" with the second clause hung on the verb
            spans[0] = (spans[0][0], max(spans[0][1], *ends))
        if spans and statements[0].dep_ == "ccomp":
            spans[0] = (spans[0][0], _quoted_continuation(cue, statements[0], spans[0][1]))
            spans[0] = (spans[0][0], _correlative_end(doc, spans[0][0], spans[0][1]))
        if named is not None and not statements:  # "X called the plan a failure"
            spans = [(named[0].idx, named[1].idx + len(named[1].text))]
        for start, end in spans:
            if any(q_start <= start < q_end and not q_start <= cue.idx < q_end for q_start, q_end in quotes):
                continue  # a clause the parser found inside a quotation: the quotation is the claim
            if any(start < q_start - 1 and end <= q_end + 1 <= cue.idx
                   and re.search(r"[-–—:;.!?]\s*$", doc_text(doc)[start:q_start - 1]) for q_start, q_end in quotes):
                # 'Yet X has amended his testimony - "I now do recall," he said': the parser took
                # the narration before the quotation into the statement; the quotation is the claim
                # (but 'Apple was "pulled into the enterprise," Cook said' is one statement)
                continue
            claim = _make(doc, sentences, start, end, "reported", lemma, speaker,
                          _via(cue) or via_of.get(cue.i) or quoted_via)
            if claim:
                claims.append(claim)
    return claims


def _is_news_outlet(speaker: Span) -> bool:
    """Whether a subject is a news outlet by name or noun ("Kyodo", "Tehran radio"): one that
    leads a statement it relays ("Tehran radio said the minister told ..."), unlike any other
    organisation, which states what it reports ("USDA said the firms claimed ...": two claims)."""
    from pipeline.extractors.outlets import KNOWN_OUTLETS  # outlets imports this module
    return outlet_name(speaker.text).lower() in KNOWN_OUTLETS or speaker.root.lemma_.lower() in _OUTLET_NOUNS


def _is_outlet(speaker: Span) -> bool:
    """Whether a subject is a news outlet or other organisation that passes statements on
    ("CNBC", "the paper"), rather than a person who makes one of their own."""
    from pipeline.extractors.outlets import KNOWN_OUTLETS  # outlets imports this module
    head = speaker.root
    if outlet_name(speaker.text).lower() in KNOWN_OUTLETS:
        return True  # "Bloomberg reported", whatever the tagger made of the name
    if head.ent_type_ == "PERSON" or head.pos_ == "PRON" or head.lemma_.lower() in _PERSON_NOUNS:
        return False
    return head.ent_type_ == "ORG" or head.lemma_.lower() in _OUTLET_NOUNS


def _correlative_end(doc: Doc, start: int, end: int) -> int:
    """"advises the earlier people seek treatment, the more likely ...": a comparative
    correlative is one statement in two clauses; it runs to the end of the sentence."""
    text = doc_text(doc)
    if not re.match(r"the (?:more|less|\w+er)\b", text[start:end], flags=re.IGNORECASE) \
            or not re.match(r",\s+the (?:more|less|\w+er)\b", text[end:end + 30]):
        return end
    sent = SentenceIndex.of(doc).sentence_at(start)
    return sent.end_char - (1 if text[sent.end_char - 1:sent.end_char] in ".!?" else 0)


def _as_clause(cue: Token) -> bool:
    """"As Smith noted, ..." / "..., as Smith said": a reporting clause that frames its sentence."""
    # the frame has nothing but its subject and adjuncts of time or place: "as most companies
    # reported better results" has an object and gives a reason, not a source
    def framing(child: Token) -> bool:
        if child.dep_ in ("nsubj", "nsubjpass", "mark", "aux", "punct", "neg"):
            return True
        if child.dep_ == "advmod":
            return child.lower_ in ("earlier", "previously", "recently", "later", "also", "once")
        if child.dep_ in ("prep", "npadvmod"):  # "at the time", "on Monday", "in a statement"
            words = [t for t in child.subtree if t.i != child.i]
            return child.ent_type_ in ("DATE", "TIME") or any(
                t.ent_type_ in ("DATE", "TIME") or t.lemma_.lower() in _FRAME_NOUNS for t in words)
        return False
    return cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children) \
        and cue.head.pos_ in ("VERB", "AUX") and all(framing(c) for c in cue.children)


def _states(verb: Token) -> bool:
    """Whether a reporting verb has a statement of its own ("CNBC reported [that X said] ...");
    "said it would recall 10,000 cars" and "said no injuries had been reported" use "recall"
    and "report" as plain verbs of the statement, not as reporting verbs."""
    return any(c.dep_ == "ccomp" for c in verb.children) or _named_as(verb) is not None


def _quoted_continuation(cue: Token, clause: Token, end: int) -> int:
    """End of the statement when the speaker goes on in a conjoined clause with quoted words:
    'Cook said Apple employs 450 people, and he sees "their love of their country."'"""
    doc = cue.doc
    for conj in cue.children:
        if conj.dep_ != "conj" or conj.i <= clause.i:
            continue
        subject = next((c for c in conj.children if c.dep_ == "nsubj"), None)
        last = max(t.i for t in conj.subtree)
        if subject is not None and subject.pos_ == "PRON" and '"' in doc_text(doc)[conj.idx:doc[last].idx + len(doc[last])]:
            return doc[last].idx + len(doc[last].text)
    return end


def _added_clause(clause: Token) -> bool:
    """Whether a conjoined that-clause continues the statement before it ("said prices rose, and
    that rates would follow"): joined by "and" or "or", not set against it by "but" or "yet"."""
    doc = clause.doc
    before = [doc[i] for i in range(clause.left_edge.i - 1, max(-1, clause.left_edge.i - 4), -1)]
    word = next((t for t in before if not t.is_punct), None)
    return word is not None and word.dep_ == "cc" and word.lower_ in ("and", "or")


def _has_that(clause: Token) -> bool:
    # "claimed at the time that they were ...": the parser may take the "that" of a clause it hung
    # on a noun for an adverb; as subject or object ("the statement that was read") it is a pronoun
    return any(m.dep_ in ("mark", "advmod") and m.lower_ == "that" and m.i < clause.i for m in clause.children)


def _is_indirect_question(clause: Token) -> bool:
    if any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children):
        return True
    # "declined to say when the lander would be ready", "did not say why": a question left open;
    # "was asked why ...": a question
    cue = clause.head
    if cue.lemma_.lower() in ("ask", "wonder", "inquire") and clause.doc[clause.left_edge.i].tag_ in ("WRB", "WP", "WDT"):
        return True
    if cue.dep_ == "relcl" and clause.doc[clause.left_edge.i].lower_ in ("where", "when"):
        return True  # "the short story he wrote where God cheats at chess": the story, not a statement
    withheld = any(c.dep_ == "neg" for c in cue.children) or cue.dep_ == "xcomp" \
        and cue.head.lemma_.lower() in ("decline", "refuse") or any(c.dep_ == "neg" for c in cue.head.children)
    first = clause.doc[clause.left_edge.i]
    return withheld and first.tag_ in ("WRB", "WP", "WDT")


def _named_as(cue: Token) -> tuple[Token, Token] | None:
    """(first, last) token of "the plan a failure" in "X called the plan a failure", and of "the
    harvest at 12 mln tonnes, down from 14 mln" in "X estimated the harvest at 12 mln tonnes, ..."."""
    if cue.lemma_.lower() == "estimate":
        return _estimated_at(cue)
    if cue.lemma_.lower() not in ("call", "term", "dub", "label", "brand"):
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    complement = next((c for c in cue.children if c.dep_ == "oprd" and c.i > cue.i), None)
    if obj is not None and complement is None:
        # "called the court's decision on the merger a landmark ruling": the parser hung the
        # second noun phrase, with no comma before it, on the object as an apposition
        complement = next((t for t in obj.subtree if t.dep_ == "appos" and t.head.i < t.i
                           and t.left_edge.i > 0 and not t.doc[t.left_edge.i - 1].is_punct
                           and t.left_edge.lower_ in ("a", "an")), None)
    if obj is None or complement is None or obj.pos_ == "PRON":
        # "called it the "end of an era"": with a pronoun for what is named the label alone (a
        # quotation, if quoted) says something
        return None
    return obj.left_edge, complement.right_edge


def _estimated_at(cue: Token) -> tuple[Token, Token] | None:
    """"estimated losses at 15 billion yen in 1986/87, including ...": an estimate put as an
    object and its amount ("at" a number) states that amount; the statement runs from the object
    to the end of what the verb governs."""
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None or obj.pos_ == "PRON":
        return None
    at = next((p for p in list(cue.children) + list(obj.children) if p.dep_ == "prep" and p.lower_ == "at"
               and p.i > obj.i), None)
    if at is None or not any(t.like_num or t.ent_type_ in ("MONEY", "QUANTITY", "PERCENT", "CARDINAL")
                             for t in at.subtree):
        return None
    last = max((t for t in cue.subtree if t.i > obj.i and not t.is_punct and not t.is_space), key=lambda t: t.i,
               default=obj)
    return obj.left_edge, last


def _per_source(token: Token) -> list[Token]:
    """The source of "per X" ("..., per the WHO", "Per court filings, ..."): a name or a noun that
    can speak, set off from the statement by a comma or the sentence edge (not "per share")."""
    if token.lower_ != "per" or token.pos_ != "ADP":
        return []
    objs = [c for c in token.children if c.dep_ == "pobj"]
    if not objs:
        return []
    obj = objs[0]
    doc = token.doc
    set_off = token.i == token.sent.start or doc[token.i - 1].text in (",", "(", "-", "–", "—")
    speaks = obj.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") or obj.pos_ == "PROPN" \
        or obj.lemma_.lower() in _AGENT_NOUNS or obj.lemma_.lower() in _DOCUMENT_NOUNS
    return objs if set_off and speaks else []


def _according_to_claims(doc: Doc, sentences: SentenceIndex) -> list[Claim]:
    claims = []
    for token in (doc[i] for i in token_positions(doc, "LOWER", ("according", "per"))):
        per = _per_source(token)
        if not per and (token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to"):
            continue
        objs = per or [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
        if not objs:
            continue
        speaker = _with_set_off_name(_speaker_span(objs[0]))
        phrase = set(range(token.i, speaker.end))
        described = [t.i for t in objs[0].subtree if t.i >= speaker.end]
        if described and described[-1] + 1 < len(doc) and doc[described[-1] + 1].text == "," \
                and (token.i == token.sent.start or doc[token.i - 1].is_punct):
            # "According to the study, published in BMJ Case Reports, the man had ...": what
            # describes the source belongs to the attribution
            phrase |= set(range(speaker.end, described[-1] + 1))
        sent = token.sent
        body = [t for t in sent if t.i not in phrase and not (t.is_punct and t.i in (token.i - 1, max(phrase) + 1))]
        while body and body[-1].is_punct and body[-1].text in ".!?":
            body.pop()  # the sentence's full stop is not part of the statement
        if not body:
            continue
        if any(_is_cue(t) and _subject(t) is not None and _speaks(_speaker_span(_subject(t)), t)
               and (_states(t) or doc[min(t.i + 1, len(doc) - 1)].text in (":", '"')) for t in body):
            continue  # 'According to AFP, one user posted: "..."': the user's words, not AFP's
        start, end = body[0].idx, body[-1].idx + len(body[-1].text)
        phrase_end = max([t.i for t in objs[0].subtree] + [speaker.end - 1]) + 1  # "a term sheet seen by Reuters" ends the phrase
        after = [t for t in body if t.i >= phrase_end and not t.is_punct]
        before = {t.i for t in body if t.i < token.i}
        # "There are three scripts left, according to X, so it's possible ...": a clause before the
        # phrase (a subject with its verb) is the statement; what follows is the writer's
        full_before = len([t for t in body if t.i in before and not t.is_punct]) >= 4 and any(
            t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i in before and t.head.pos_ in ("VERB", "AUX")
            for t in body if t.i in before)  # "He had, according to X, killed ..." is one statement
        if token.i > body[0].i and after and any(t.pos_ in ("VERB", "AUX") for t in after) \
                and phrase_end < len(doc) and doc[phrase_end].text == "," and not full_before:
            # "A, according to X, had B": the statement is what follows
            start = after[0].idx
        elif token.i > body[0].i:  # "..., according to X."
            end = doc[token.i - 1].idx
        claim = _make(doc, sentences, start, end, "reported", "according to", speaker, None)
        if claim:
            claims.append(claim)
    return claims


def _resolve_nesting(doc: Doc, claims: list[Claim]) -> list[Claim]:
    """Untangle claims whose spans nest.

    "X said ..., CNBC reported": the outer claim is the inner one plus its reporting clause,
    so the inner claim stays, reported via the outer speaker. "A said that ..., while B
    said that ...": the outer claim is cut before B's attribution. Any other nested claim
    (a quotation inside reported speech) is part of the outer claim.
    """
    ordered = sorted(claims, key=lambda c: (c.start, -c.end))
    kept: list[Claim] = []
    for claim in ordered:
        outer = next((k for k in kept if k.start <= claim.start and claim.end <= k.end), None)
        if outer is None:
            kept.append(claim)
            continue
        if claim.kind == "direct_quote" and outer.kind == "reported":
            # the speaker's exact words inside a reported statement; when the quotation was
            # hung on the outlet that reported the whole statement ("X said that ... "...",
            # CNBC reported"), the words are still X's, reached via that outlet
            if outer.via and claim.speaker and outlet_name(claim.speaker) == outer.via:
                claim.speaker, claim.speaker_start, claim.speaker_end = \
                    outer.speaker, outer.speaker_start, outer.speaker_end
                claim.cue, claim.via = outer.cue, outer.via
            kept.append(claim)
            continue
        if claim.speaker_start is None or not outer.start <= claim.speaker_start < outer.end:
            continue
        if _relative_report(doc, claim):
            # "said its board advises against Zico, a company which it said had ties to ...": a
            # reporting verb in a relative clause inside the statement; both statements stand
            kept.append(claim)
            continue
        if outer.speaker_start is not None and outer.cue != "according to" \
                and (outer.speaker_start >= outer.end or claim.speaker_start - outer.start <= 2) \
                and not (_is_outlet(outer_speaker := _char_span(doc, outer.speaker_start, outer.speaker_end))
                         and (outer.speaker_start >= outer.end or _is_news_outlet(outer_speaker))):
            # "Sondland said ..., Morrison testified", "A spokesman said the minister had told the
            # cabinet ...": a person reports another's statement; both statements stand
            kept.append(claim)
            continue
        if claim.speaker_start - outer.start <= 2:
            claim.via = claim.via or outer.speaker
            kept[kept.index(outer)] = claim
            continue
        cut = max(doc_text(doc).rfind(",", outer.start, claim.speaker_start),
                  doc_text(doc).rfind(";", outer.start, claim.speaker_start))
        if cut > outer.start:
            start, end = _trim(doc_text(doc), outer.start, cut)
            outer.end, outer.text = end, doc_text(doc)[start:end]
            kept.append(claim)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _relative_report(doc: Doc, claim: Claim) -> bool:
    """Whether a claim's reporting verb is in a relative clause ("a company which it said had
    ties to ...", "a rule which they said discourages ...")."""
    speaker = _char_span(doc, claim.speaker_start, claim.speaker_end)
    if not len(speaker):
        return False
    cue = speaker.root.head
    return cue.dep_ == "relcl" and _is_cue(cue) \
        and any(c.dep_ in ("nsubj", "dobj", "nsubjpass") and c.lower_ in ("which", "that", "who")
                for c in cue.subtree if c.i < speaker.start)


def _char_span(doc: Doc, start: int, end: int) -> Span:
    return doc.char_span(start, end, alignment_mode="expand") or doc[0:0]


def claims_from_doc(doc: Doc) -> list[Claim]:
    """Every attributed statement in the Doc, in text order, without nested duplicates."""
    sentences = SentenceIndex.of(doc)
    quotes = quote_spans(doc_text(doc))
    quoted, orphans = _quote_claims(doc, sentences)
    claims = quoted + _reported_claims(doc, sentences, quotes) + _according_to_claims(doc, sentences)
    claims += _trailing_attributions(doc, sentences, quotes)
    # identical spans from two patterns: keep the first (quotes before reported speech)
    resolved = _resolve_nesting(doc, _first_per_span(claims))
    resolved += _continued_quotes(doc, sentences, resolved, orphans)
    # cutting an outer claim short can land it on another claim's span
    skip = non_prose(doc)  # tables and datelines state no one's words
    return sorted((c for c in _first_per_span(resolved) if not skip.covers(c.start, c.end)),
                  key=lambda c: (c.start, c.end))


_SUBORDINATORS = frozenset("when while after before if because although though as since once until unless whereas "
                           "whether".split())
# Words that may follow a trailing attribution: "..., the office announced Monday.", "..., he said in
# a statement."
_AFTER_ATTRIBUTION = frozenset("on in at a an the statement interview today yesterday tonight earlier later "
                               "late also again".split())


def _trailing_attributions(doc: Doc, sentences: SentenceIndex, quotes: list[tuple[int, int]]) -> list[Claim]:
    """"<statement>, First Interstate Chairman Joseph Pinola said." when the parser hung the speaker
    on the statement (as an apposition) or the statement on the speaker: a reporting verb that
    ends its sentence, right after a noun phrase set off from the statement by a comma, speaks
    that statement. Only where the parse gave the verb no subject or no statement."""
    claims = []
    text = doc_text(doc)
    for cue in _cues(doc):  # the cues in text order, each with its sentence
        sent = sentences.sentence_of_token(cue.i)
        if _idiom(cue) or any(s <= cue.idx < e for s, e in quotes) \
                or cue.lemma_.lower() in _QUOTE_ONLY_CUES:
            continue
        subject = _subject(cue)
        if subject is not None and any(c.dep_ == "ccomp" for c in cue.children):
            continue  # the ordinary pattern reads it
        comma = next((t for t in reversed(doc[sent.start:cue.i]) if t.text == ","), None)
        if comma is None or not 1 <= cue.i - comma.i - 1 <= 14:
            continue
        speaker_tokens = doc[comma.i + 1:cue.i]
        if speaker_tokens[0].text == '"':
            speaker_tokens = speaker_tokens[1:]
        if not len(speaker_tokens) or speaker_tokens[0].lower_ in ("and", "but", "or", "which", "who", "so") \
                or any(t.pos_ in ("VERB", "AUX") for t in speaker_tokens) \
                or speaker_tokens.root.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if subject is not None and not speaker_tokens.start <= subject.i < speaker_tokens.end:
            continue
        parenthetical = not _attribution_ends(cue, sent) and _parenthetical(cue, sent)
        if not parenthetical and not _attribution_ends(cue, sent):
            continue
        before = doc[sent.start:comma.i]
        while len(before) and (before[0].is_space or before[0].text == '"'):
            before = before[1:]
        # "The larger landers, he said, could deliver tools": a statement around its attribution
        # has its verb on either side
        stated = list(before) + (list(doc[cue.i + 1:sent.end]) if parenthetical else [])
        if len(before) < (1 if parenthetical else 4) or before[0].lower_ in _SUBORDINATORS \
                and not _main_clause_after(before) \
                or not any(t.pos_ in ("VERB", "AUX") for t in stated if t.i != cue.i):
            continue
        speaker = speaker_tokens
        if not _speaks(speaker, cue):
            continue
        start, end = before.start_char, comma.idx
        if parenthetical:  # "A major part of the reason, McKinley said, is the flow of drugs."
            end = max(t.idx + len(t) for t in sent if not t.is_space and not t.is_punct)
        kind = "direct_quote" if any(q_start <= start + 1 and end - 1 <= q_end and text[start:end].count('"') % 2 == 0
                                     for q_start, q_end in quotes) else "reported"
        claim = _make(doc, sentences, start, end, kind, cue_name(cue), speaker, _via(cue))
        if claim:
            claims.append(claim)
    return claims


def _main_clause_after(before: Span) -> bool:
    """Whether words that open with a subordinate clause go on to a main clause of their own
    ("If the tests succeed, building would take a year" / "... then building would take a year"),
    so that they are a whole statement, not just the circumstances of the saying ("When asked")."""
    for t in before:
        if t.lower_ == "then" or t.text == "," and t.i > before.start:
            rest = before.doc[t.i + 1:before.end]
            if any(r.pos_ in ("VERB", "AUX") for r in rest) and any(r.dep_ in ("nsubj", "nsubjpass", "expl")
                                                                       or r.pos_ in ("NOUN", "PROPN", "PRON")
                                                                       for r in rest):
                return True
    return False


def _parenthetical(cue: Token, sent: Span) -> bool:
    """Whether the reporting verb is set off inside its sentence (", X said, ..."), the statement
    going on after it with a verb of its own."""
    doc = cue.doc
    after = cue.i + 1
    if after >= sent.end or doc[after].text != "," or any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
        return False
    rest = [t for t in doc[after + 1:sent.end] if not t.is_punct and not t.is_space]
    return len(rest) >= 2 and any(t.pos_ in ("VERB", "AUX") for t in rest)


def _attribution_ends(cue: Token, sent: Span) -> bool:
    """Whether nothing but an addressee, time words, "in a statement" or a gloss on the addressee
    (", which ...") follows the reporting verb in its sentence."""
    doc = cue.doc
    i = cue.i + 1
    addressee = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i == cue.i + 1), None)
    if addressee is not None:
        i = addressee.i + 1
        if i < sent.end and doc[i].text == "," and i + 1 < sent.end and doc[i + 1].lower_ in ("which", "who"):
            return True
    for t in doc[i:sent.end]:
        if not (t.is_punct or t.is_space or t.ent_type_ in ("DATE", "TIME") or t.lower_ in _AFTER_ATTRIBUTION):
            return False
    return True


def _first_per_span(claims: list[Claim]) -> list[Claim]:
    unique: dict[tuple[int, int], Claim] = {}
    for claim in claims:
        unique.setdefault((claim.start, claim.end), claim)
    return list(unique.values())
