"""News outlets an article cites: outlets statements were told to or reported by, outlets
named as media in the text, and well-known news organisations mentioned by name."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.extractors.claims import Claim, outlet_name
from pipeline.extractors.gates import Gated, folded_text
from pipeline.nlp import EntityIndex, doc_text

# Well-known news organisations: a mention of one in the body is a citation of it.
KNOWN_OUTLETS = frozenset(
    "reuters|associated press|ap|afp|agence france-presse|bloomberg|bloomberg tv|bloomberg news|"
    "cnbc|cnn|bbc|fox news|nbc|abc news|cbs|nhk|kyodo|kyodo news|jiji|jiji press|nikkei|"
    "nikkei asia|yomiuri|asahi|mainichi|xinhua|ndtv|pti|press trust of india|yonhap|"
    "the new york times|new york times|the wall street journal|wall street journal|wsj|"
    "financial times|the washington post|washington post|the guardian|guardian|politico|axios|"
    "the economist|dow jones|al jazeera|dpa|tass|ria novosti|south china morning post|scmp|"
    "the athletic|sky news|sky sports|espn|the times|the telegraph|the independent|le monde|"
    "der spiegel|handelsblatt|el pais|the hindu|hindustan times|times of india|economic times|"
    "caixin|global times|the straits times|channel newsasia|abc|npr|usa today|los angeles times|"
    "semafor|marketwatch|barron's|forbes|business insider|"
    "techcrunch|the verge|reuters breakingviews|breakingviews".split("|")
)
# Head nouns that mark a phrase as a media source ("the Japanese media outlet Kyodo News").
_MEDIA_HEADS = re.compile(r"\b(?:media|outlet|outlets|newspaper|daily|broadcaster|news agency|channel|"
                          r"network|report|reports|wire|magazine|tv)\b", re.IGNORECASE)
# Known outlets are found in the text itself: the small model often misses them as entities.
# Outlet names that are also people, indexes or common words: cited only when tagged ORG.
_AMBIGUOUS_NAMES = frozenset({"bloomberg", "guardian", "nikkei", "asahi", "mainichi", "kyodo", "jiji",
                              "forbes", "the times", "the economist", "economic times"})
_FOUND_IN_TEXT = sorted((n for n in KNOWN_OUTLETS - _AMBIGUOUS_NAMES if len(n) > 3), key=len, reverse=True)
_KNOWN_OUTLET_RE = Gated(re.compile(r"\b(?:" + "|".join(re.escape(n) for n in _FOUND_IN_TEXT) + r")\b", re.IGNORECASE),
                         _FOUND_IN_TEXT)


def cited_outlets_from_doc(doc: Doc, claims: list[Claim]) -> list[str]:
    """Sorted outlet names cited in the body of one article."""
    outlets = {outlet_name(c.via) for c in claims if c.via}
    orgs = [e for e in EntityIndex.of(doc).ents if e.label_ == "ORG"]
    for claim in claims:
        if claim.speaker_start is None:
            continue
        speaker_orgs = [e for e in orgs if claim.speaker_start <= e.start_char and e.end_char <= claim.speaker_end]
        if speaker_orgs and (claim.cue == "report" or _MEDIA_HEADS.search(claim.speaker or "")):
            outlets.update(outlet_name(e.text) for e in speaker_orgs)
    for ent in orgs:
        name = outlet_name(ent.text)
        if name.lower() in KNOWN_OUTLETS or ent.text.lower() in KNOWN_OUTLETS:
            outlets.add(name)
    for m in _KNOWN_OUTLET_RE.finditer(doc_text(doc), folded_text(doc)):
        if m.group(0)[0].isupper():  # "Politico", not a lowercase common word
            outlets.add(outlet_name(m.group(0)))
    # keep the longest form when one outlet name contains another ("Bloomberg TV" over "Bloomberg")
    return sorted(o for o in outlets if not any(o != p and re.search(rf"\b{re.escape(o)}\b", p) for p in outlets))

