"""News outlets an article cites: outlets statements were told to or reported by, outlets
named as media in the text, and well-known news organisations mentioned by name."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.extractors.claims import Claim, outlet_name

# Well-known news organisations: a mention of one in the body is a citation of it.
KNOWN_OUTLETS = frozenset(
    "reuters|associated press|ap|afp|agence france-presse|bloomberg|bloomberg tv|bloomberg news|"
    "cnbc|cnn|bbc|fox news|nbc|abc news|cbs|nhk|kyodo|kyodo news|jiji|jiji press|nikkei|"
    "nikkei asia|yomiuri|asahi|mainichi|xinhua|ndtv|pti|press trust of india|yonhap|"
    "the new york times|new york times|the wall street journal|wall street journal|wsj|"
    "financial times|the washington post|washington post|the guardian|guardian|politico|axios|"
    "the economist|dow jones|al jazeera|dpa|tass|ria novosti|south china morning post|scmp".split("|")
)
# Head nouns that mark a phrase as a media source ("the Japanese media outlet Kyodo News").
_MEDIA_HEADS = re.compile(r"\b(?:media|outlet|outlets|newspaper|daily|broadcaster|agency|channel|"
                          r"network|report|reports|wire|magazine|tv)\b", re.IGNORECASE)


def cited_outlets_from_doc(doc: Doc, claims: list[Claim]) -> list[str]:
    """Sorted outlet names cited in the body of one article."""
    outlets = {outlet_name(c.via) for c in claims if c.via}
    orgs = [e for e in doc.ents if e.label_ == "ORG"]
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
    return sorted(outlets)
