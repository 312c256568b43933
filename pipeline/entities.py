"""Entity resolution: mentions -> one entity per real-world thing across the corpus.

Within an article, a short form joins the one longer name it is part of ("Northgate" ->
"Northgate Exploration Ltd", "Cook" -> "Tim Cook", "the Bank" -> "Bank of France") and an acronym
joins the name it abbreviates ("General Agreement on Tariffs and Trade (GATT)"). Across the
corpus, keys fold case, dots, a leading "the", company suffixes and the aliases of
pipeline/data/aliases.csv. A surname alone joins a full name of another article only when they
share a role ("Yeutter, trade representative" and "Trade Representative Clayton Yeutter").
Every decision reads only the mention's own article, the aliases file and mentions of the same
name, so an entity_id does not change when unrelated articles are added.

Capitalised common words that the tagger took for names ("Exports", "Shall", "Module") are
dropped by their use: a one-word name that only ever starts a sentence or line, and that the
corpus also writes in lowercase.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from schemas.tables import ENTITY_TYPES, column_names

ALIASES_PATH = Path(__file__).resolve().parent / "data" / "aliases.csv"
# Type priority when a vote is tied and the fullest form does not settle it.
_TYPE_PRIORITY = ["PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"]
_SUFFIXES = frozenset("co cos corp corporation inc incorporated ltd limited plc llc lp ag sa nv bv spa gmbh".split())
_INITIALS_SKIP = frozenset("of and the for on in & de du des la le at to".split())
# Types whose short forms are names of their own ("Japan" is not short for "Japan Airlines").
_STANDALONE_TYPES = frozenset({"GPE", "NORP", "LOC"})
_GENERIC_ROLE_WORDS = frozenset("the of a an and for at in to u.s. us mr mrs ms dr".split())


# compiled once: the entity step applies them to every mention and form of the corpus
_POSSESSIVE_END = re.compile(r"'s?$")
_DASHES = re.compile(r"[-‐–]")
_LEADING_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def normalize_name(text: str) -> str:
    """Comparison key of a surface form: case, dots, articles and possessives folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _POSSESSIVE_END.sub("", text)
    text = text.replace(".", "").replace("'", "").replace(",", " ")
    text = _DASHES.sub(" ", text)
    text = _LEADING_THE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", text.lower()).strip("-") or "unnamed"


@lru_cache(maxsize=4)
def load_aliases(path: Path = ALIASES_PATH) -> dict[str, tuple[str, str]]:
    """Normalized alias (and canonical name) -> (canonical name, type), from the aliases file."""
    out: dict[str, tuple[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            if row["type"] not in ENTITY_TYPES:
                raise ValueError(f"{path}: alias {row['alias']!r} has unknown type {row['type']!r}")
            out[normalize_name(row["alias"])] = (row["name"], row["type"])
            out.setdefault(normalize_name(row["name"]), (row["name"], row["type"]))
    return out


_COUNTRY_PREFIX_KEYS = frozenset("us uk eu un".split())


def entity_key(text: str) -> str:
    """The corpus-wide key of a surface form: normalized, aliases folded. A company suffix is
    kept ("Japan Inc" is not Japan); the short form joins it within its article."""
    key = normalize_name(text)
    aliases = load_aliases()
    if key in aliases:
        return normalize_name(aliases[key][0])
    words = key.split()
    if len(words) > 2 and words[0] in _COUNTRY_PREFIX_KEYS:
        # "U.S. Capitol Police" and "Capitol Police" are one body; "U.S. Steel" keeps its prefix
        rest = " ".join(words[1:])
        return normalize_name(aliases[rest][0]) if rest in aliases else rest
    return key


def _initials(key: str, skip_stop_words: bool) -> str:
    return "".join(w[0] for w in key.split() if not (skip_stop_words and w in _INITIALS_SKIP))


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


# Generational suffixes after a surname ("James P. Kennedy Jr."): not the surname itself.
_GENERATIONAL = frozenset("jr sr ii iii iv".split())


def _person_words(key: str) -> list[str]:
    """A person key's words without a generational suffix: "james p kennedy jr" -> [james, p, kennedy]."""
    words = key.split()
    while len(words) > 1 and words[-1] in _GENERATIONAL:
        words = words[:-1]
    return words


def group_key(key: str, singulars: frozenset[str] | set[str] = frozenset()) -> str:
    """The key of a group word typed NORP, singular: "ukrainians" -> "ukrainian", "african
    americans" -> "african american" (a nationality's plural and adjective are one entity, as the
    gold guidelines say). A plural in "-ans" always folds; another ("Democrats", "Israelis")
    when its singular is in `singulars` (the article's other NORP keys) or in the aliases file.
    "Swiss" and words in "-us" or "-as" stay."""
    aliases = load_aliases()
    if key in aliases or not key.endswith("s") or len(key.split()[-1]) <= 4 or key.endswith(("ss", "us", "as")):
        return key
    single = key[:-1]
    if single in aliases:
        return normalize_name(aliases[single][0])
    return single if key.endswith("ans") or single in singulars else key


def _one_letter_edit(a: str, b: str) -> bool:
    """Whether two different words differ by one letter changed, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _same_surname_spelling(a: str, b: str) -> bool:
    """Two spellings of one transliterated surname that differ by one letter ("Zelensky" /
    "Zelenskiy" / "Zelenskyy"): long words sharing their first five letters."""
    return min(len(a), len(b)) >= 6 and a[:5] == b[:5] and _one_letter_edit(a, b)


def _same_person_full_names(keys: list[str]) -> dict[str, str]:
    """Full names of one person written differently in one article ("Patrick W. Carlineo",
    "Patrick Carlineo Jr.", "Pat Carlineo"): same surname, one first name the start of the
    other, middle initials and generational suffixes ignored. Each joins the first written."""
    out: dict[str, str] = {}
    for i, key in enumerate(keys):
        words = _person_words(key)
        for earlier in keys[:i]:
            e = _person_words(earlier)
            if len(words) < 2 or len(e) < 2 or words[-1] != e[-1] \
                    or not (words[0].startswith(e[0]) or e[0].startswith(words[0])):
                continue
            if min(len(words[0]), len(e[0])) < 3 and not _initial_and_first_name(words[0], e[0]):
                continue
            middle, e_middle = words[1:-1], e[1:-1]
            if all(len(w) == 1 for w in middle + e_middle) and (not middle or not e_middle or middle == e_middle):
                out[key] = out.get(earlier, earlier)
                break
    return out


def _initial_and_first_name(a: str, b: str) -> bool:
    """"B. U. Nzeribe" and "Benjamin Nzeribe": an initial and a first name of three letters or
    more that starts with it."""
    short, full = sorted((a, b), key=len)
    return len(short) == 1 and len(full) >= 3 and full.startswith(short)


def _same_company_other_suffix(keys: list[str]) -> dict[str, str]:
    """"Sierra Nevada Corp." and "Sierra Nevada Corporation" in one article: company names alike
    but for the company suffix are one company; each joins the first written."""
    first: dict[str, str] = {}
    out: dict[str, str] = {}
    for key in keys:
        bare = _bare_company_key(key)
        if bare is None:
            continue
        if bare in first:
            out[key] = first[bare]
        else:
            first[bare] = key
    return out


def _contains_words(long: list[str], short: list[str]) -> bool:
    """Whether `short` (two words or more) is a run of words strictly inside `long` (neither at
    its start nor at its end: "Blue Origin" is not short for a fused "Starship Blue Origin")."""
    n = len(short)
    return n > 1 and any(long[i:i + n] == short for i in range(1, len(long) - n))


def _bare_words(key: str) -> list[str]:
    """A key's words without a company suffix: "well fargo and co" -> [well, fargo]."""
    bare = _bare_company_key(key)
    return (bare if bare is not None else key).split()


def _one_letter_apart(a: list[str], b: list[str]) -> bool:
    """Two names of two words or more alike but for one letter of one word ("Well Fargo" /
    "Wells Fargo"): a misspelling in the article."""
    if len(a) != len(b) or len(a) < 2 or a == b:
        return False
    differing = [(x, y) for x, y in zip(a, b) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    return min(len(x), len(y)) >= 4 and x[:3] == y[:3] and _one_letter_edit(x, y)


def _abbreviates_compound(letters: str, key: str) -> bool:
    """"VW" for "Volkswagen": an abbreviation of two to four letters of a one-word name written
    as one compound, its first letter the name's first and each other letter starting a part of
    three letters or more inside the name ("volks|wagen"), in order, and a consonant."""
    if not 2 <= len(letters) <= 4 or " " in key or not key.isalpha() or len(key) < 3 * len(letters) \
            or key[0] != letters[0] or key == letters:
        return False
    pos = 0
    for letter in letters[1:]:
        if letter in "aeiou":  # a part starting with a vowel is seldom abbreviated ("BA" is no "Barclays")
            return False
        pos = key.find(letter, max(pos + 3, 3))
        if pos < 0 or pos > len(key) - 3:
            return False
    return True


def _is_subsequence(letters: str, word: str) -> bool:
    it = iter(word)
    return all(c in it for c in letters)


def _spells_with_inner_letters(letters: str, key: str) -> bool:
    """"ICCO" for "International Cocoa Organization", "Comex" for "Commodity Exchange": an
    acronym longer than the name's initials, made of every main word's first letter followed by
    more letters of that word, in order."""
    words = [w for w in key.split() if w not in _INITIALS_SKIP]
    if len(words) < 2 or len(letters) <= len(words) or not all(w.isalpha() for w in words):
        return False

    def split(rest: str, ws: list[str]) -> bool:
        if not ws:
            return not rest
        word = ws[0]
        if not rest or rest[0] != word[0]:
            return False
        return any(_is_subsequence(rest[1:n], word[1:]) and split(rest[n:], ws[1:])
                   for n in range(1, len(rest) - len(ws) + 2))

    return split(letters, words)


# words that, after a name, still name the same body: company suffixes and the head nouns that
# end an institution's or a company's name ("Holdings", "Department"; like names.ORGANISATION_HEADS)
_SAME_BODY_WORDS = _SUFFIXES | frozenset(
    "and & company group holdings industries bank capital partners department ministry agency office "
    "bureau commission council institute association foundation federation university".split())


def _opens_a_later_name(short: list[str], short_first: int, long_key: str, long_first: int) -> bool:
    """"Apple" then "Apple Arcade", "Sony" then "its Sony Now service": a name the article writes
    on its own before a longer name opening with it names the maker or owner, and the longer name
    something of it (a product, a service, a unit), since a name is introduced in full before it
    is shortened ("Nissan" ... "Nissan North America Inc." are two companies). Still the same:
    a longer name that only adds a company suffix or an institution's head noun ("Homeland
    Security" ... "Homeland Security Department"), and one that adds a model number or year
    ("AirPods" ... "AirPods 2"), left to the usual merge."""
    words = long_key.split()
    extra = words[len(short):]
    return short_first < long_first and words[:len(short)] == short \
        and not all(w in _SAME_BODY_WORDS for w in extra) and not any(c.isdigit() for c in extra[0])


def _adds_only_lowercase_words(long_text: str, n_extra: int) -> bool:
    """"Wheel of Time series" after "Wheel of Time": the longer form only adds common nouns the
    recognizer ran on with (its last `n_extra` words), so it names nothing new."""
    written = long_text.split()
    extra = written[len(written) - n_extra:] if 0 < n_extra < len(written) else []
    return bool(extra) and all(w[:1].islower() for w in extra)


def article_keys(rows: list[tuple[int, int, str, str]], body: str | None = None) -> list[str]:
    """The entity key of each (start, end, text, label) mention of one article, short forms and
    acronyms joined to the one longer name of the article they stand for."""
    aliases = load_aliases()
    labels = [label for _, _, _, label in rows]
    base = [entity_key(text) for _, _, text, _ in rows]
    norp = {k for k, label in zip(base, labels) if label == "NORP"}
    base = [group_key(k, norp) if label == "NORP" else k for k, label in zip(base, labels)]
    persons_in_order = list(dict.fromkeys(k for k, label in zip(base, labels) if label == "PERSON" and len(k.split()) > 1))
    same_person = _same_person_full_names(persons_in_order)
    base = [same_person.get(k, k) for k in base]
    same_company = _same_company_other_suffix(list(dict.fromkeys(k for k, label in zip(base, labels) if label == "ORG")))
    base = [same_company.get(k, k) for k in base]
    if body is not None:
        base = _coordinated_name_parts(rows, base, body)
    long_forms = sorted({k for k in base if len(k.split()) > 1})
    persons = {k for k, label in zip(base, labels) if label == "PERSON" and len(k.split()) > 1}
    products = {k for k, label in zip(base, labels) if label == "PRODUCT"} - {
        k for k, label in zip(base, labels) if label != "PRODUCT"}
    first_seen: dict[str, int] = {}
    written: dict[str, str] = {}
    for (start, _, text, _), key in zip(rows, base):
        first_seen.setdefault(key, start)
        written.setdefault(key, text)
    keys = list(base)
    for i, (start, end, text, label) in enumerate(rows):
        key = base[i]
        if key in aliases:
            continue
        words = key.split()
        n = len(words)
        # "Moody's" for "Moody's Investors Service Inc": the short form's key drops the possessive
        opens = (words, words[:-1] + [words[-1] + "s"]) if re.search(r"['’]s$", text) else (words,)
        if label in _STANDALONE_TYPES:  # only a surname of a person named in full ("Giuffre")
            candidates = {k for k in persons if len(_person_words(k)) > n and _person_words(k)[-n:] == words}
        else:  # a prefix ("Northgate"), a surname ("Cook"), or the head noun of an ORG ("the Bank")
            candidates = {k for k in long_forms if len(k.split()) > n and (
                k.split()[:n] in opens or (k in persons or label == "PERSON") and (
                    k.split()[-n:] == words or len(_person_words(k)) > n and _person_words(k)[-n:] == words)
                or n == 1 and label == "ORG" and k not in persons and k.split()[-1] == words[0])}
        if not candidates and n == 1 and label == "PERSON":  # "Zelensky" for "Volodymyr Zelenskiy"
            candidates = {k for k in persons if _same_surname_spelling(words[0], _person_words(k)[-1])}
        if not candidates and n > 1 and label not in _STANDALONE_TYPES:
            # "Farm Bureau" inside "American Farm Bureau Federation"; "Wells Fargo" for the
            # article's misspelt "Well Fargo and Co"
            candidates = {k for k in long_forms if k not in persons and k != key and (
                _contains_words(k.split(), words)
                or first_seen[k] < start and _one_letter_apart(_bare_words(k), _bare_words(key)))}
        if label == "ORG" and n == 1:  # a brand is not short for its product: "Ascom" / "Ascom Myco 2"
            candidates -= products
        if label != "PERSON":  # a product's line and its model ("AirPods" / "AirPods Pro") left to the merge
            candidates = {k for k in candidates
                          if k in products or _adds_only_lowercase_words(written[k], len(k.split()) - n)
                          or not _opens_a_later_name(words, first_seen[key], k, first_seen[k])}
        if not candidates and n > 1 and label not in _STANDALONE_TYPES:
            # "Echo Buds" for "Amazon Echo Buds": a product named without its brand
            candidates = {k for k in products if len(k.split()) > n and k.split()[-n:] == words}
        if len(candidates) > 1:  # "Acme Services" and "Acme Services Inc" are one name to stand for
            candidates -= {_bare_company_key(k) for k in candidates}
        if len(candidates) > 1:  # the full name introduced before the short form
            candidates = {k for k in candidates if first_seen[k] < start}
        if len(candidates) > 1 and n == 1 and label not in _STANDALONE_TYPES and not candidates & persons:
            candidates = _lead_company(candidates, first_seen)
        if _is_acronym(text):
            letters = text.replace(".", "").lower()
            spelled = {k for k in long_forms if letters in (
                _initials(k, True), _initials(k, False), _initials(" ".join(_bare_words(k)), True))}
            if not spelled:
                spelled = {k for k in long_forms if k not in persons and _spells_with_inner_letters(letters, k)}
            # an acronym stands for the name it spells, not for a longer name it opens ("ICI"
            # is "Imperial Chemical Industries PLC", "ICI Pharma" its unit)
            candidates = spelled or candidates
            if body is not None:
                before = [(e, base[j]) for j, (s, e, _, _) in enumerate(rows)
                          if e <= start and len(base[j].split()) > 1 and re.fullmatch(r"\s*\(\s*", body[e:start])]
                if before:
                    candidates = {before[-1][1]}
        first_word = text.split()[0] if text.split() else ""
        if not candidates and n > 1 and _is_acronym(first_word) and label not in _STANDALONE_TYPES:
            # "EC Commission" for "European Community Commission": the acronym spells the first words
            letters = first_word.replace(".", "").lower()
            candidates = {k for k in long_forms if k.split()[-(n - 1):] == words[1:] and len(k.split()) > n
                          and letters in (_initials(" ".join(k.split()[:-(n - 1)]), True),
                                          _initials(" ".join(k.split()[:-(n - 1)]), False))}
        if not candidates and _is_acronym(text) and label == "ORG":
            letters = text.replace(".", "").lower()
            candidates = {k for k, lab in zip(base, labels) if lab == "ORG" and _abbreviates_compound(letters, k)}
        if len(candidates) == 1:
            keys[i] = next(iter(candidates))
    # a form joined once ("MOTIE" after its expansion) stands for the same name all through the article
    joined = {b: k for b, k in zip(base, keys) if b != k}
    return [joined.get(b, k) if k == b else k for b, k in zip(base, keys)]


def _lead_company(candidates: set[str], first_seen: dict[str, int]) -> set[str]:
    """"Fairchild said" after "Fairchild Industries Inc ... the Fairchild Republic unit": a
    one-word short form that opens several names of the article stands for the company named
    with a corporate suffix (the units and plants it owns are named without one), and among
    several such companies for the one named first (the story's subject, its units after it),
    unless one of them is the short form with its suffix alone."""
    companies = [k for k in candidates if k.split()[-1] in _SUFFIXES]
    if not companies:
        return candidates
    own = [k for k in companies if len(k.split()) == 2]  # "Sealy Inc" for "Sealy", not "Sealy Mattress Co"
    if own:
        return set(own)
    return {min(companies, key=lambda k: first_seen[k])}


def _coordinated_name_parts(rows: list[tuple[int, int, str, str]], keys: list[str], body: str) -> list[str]:
    """Two mentions joined by "and" ("Customs" and "Border Protection") whose words together
    are a name the article writes whole elsewhere ("Customs and Border Protection") are that
    name, not two: the recognizer split one name at its "and"."""
    whole = set(keys)
    out = list(keys)
    for i in range(len(rows) - 1):
        (_, end, _, label), (start, _, _, _) = rows[i], rows[i + 1]
        if end < start and body[end:start].strip().lower() == "and" and label not in _STANDALONE_TYPES:
            joined = f"{keys[i]} and {keys[i + 1]}"
            if joined in whole:
                out[i] = out[i + 1] = joined
    return out


# A score after a name and another name with its score: a result ("Jets 2, Predators 1").
_SCORE_AFTER = re.compile(r" \d{1,3}, [A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,2} \d{1,3}(?![\d.])")


def _is_initial(body: str, start: int, end: int | None = None) -> bool:
    """Whether a mention starts its sentence or line (its capital says nothing then), unless
    a result follows it ("Jets 2, Predators 1:" opens a line with a team, not a common word)."""
    before = body[:start].rstrip(" \t\"'(“‘")
    if before and before[-1] not in "\n.!?:;":
        return False
    return end is None or not _SCORE_AFTER.match(body, end)


def lowercase_vocabulary(bodies: dict[str, str]) -> frozenset[str]:
    """Every word the corpus writes in lowercase somewhere."""
    words: set[str] = set()
    for body in bodies.values():
        words.update(re.findall(r"(?<![\w-])[a-z][a-z'-]*[a-z]", body))
    return frozenset(words)


def _written_lowercase_in(body: str, word: str) -> bool:
    """Whether `body` has `word` with no word character or hyphen on either side: the regex
    (?<![\w-])word(?![\w-]), without compiling a pattern per word (a corpus has tens of thousands,
    past the re module's cache). \w is what str.isalnum() accepts, and "_"."""
    n, pos = len(word), body.find(word)
    while pos >= 0:
        before = body[pos - 1] if pos else " "
        after = body[pos + n] if pos + n < len(body) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            return True
        pos = body.find(word, pos + 1)
    return False


# Head nouns that name no one thing when they stand alone and the article names no institution
# they shorten ("the Bank" with no "Bank of France", "the State", "the Street", "Avenue"). Words
# that do name one body alone in news ("Senate", "House", "Congress", "Treasury", "Army") are not here.
GENERIC_HEADS = frozenset(
    "bank state government administration department ministry office agency bureau council committee board "
    "company corporation group exchange institute university association foundation federation "
    "court street avenue road square district division region province".split())


def _generic_head_keys(groups: dict[str, "_Mentions"]) -> set[str]:
    """One-word keys that are a generic head noun: left so when no longer name of the article took them."""
    return {key for key in groups if key in GENERIC_HEADS}


def _common_word_keys(groups: dict[str, "_Mentions"], vocabulary: frozenset[str]) -> set[str]:
    """Keys all of whose mentions are one capitalised word that is a common word by its use:
    at a sentence or line start and written in lowercase elsewhere in the corpus ("Exports
    rose", "Shall we go", "ATTEND a symposium" when five letters or more), or, for a name typed
    person, place or group, written in lowercase in
    the very article that capitalises it ("Bird flu ... the bird", "corn Worldwide"). Companies
    named by common words ("Apple", "Shell") are kept by the second rule."""
    out = set()
    for key, group in groups.items():
        texts = set(group.text)
        if len(texts) != 1:
            continue
        text = next(iter(texts))
        if " " in text or not text[:1].isupper() or not text.isalpha():
            continue
        word = text.lower()
        if text.isupper():
            # "SPEND a day at the show", "ATTEND a symposium": a word opening a line in capitals
            # (a magazine's lead-in) that the corpus writes in lowercase; short ones are acronyms
            if len(text) >= 5 and word in vocabulary and all(group.initial):
                out.add(key)
            continue
        if word in vocabulary and all(group.initial):
            out.add(key)
        elif _vote(group) in ("PERSON", "GPE", "NORP", "LOC") and all(group.lower_in_article):
            out.add(key)
    return out


def _role_words(roles) -> set[str]:
    return {w for r in roles for w in re.findall(r"[\w.-]+", r.lower())} - _GENERIC_ROLE_WORDS


def _surname_merges(groups: dict[str, "_Mentions"], types: dict[str, str]) -> dict[str, str]:
    """One-word person keys -> the full name of another article with the same surname, when
    exactly one such full name shares a role with it."""
    roles: dict[str, set[str]] = defaultdict(set)
    for key, group in groups.items():
        for rs in group.roles:
            if len(rs):  # most mentions have no role
                roles[key] |= _role_words(rs)
    by_last = defaultdict(list)
    for key, etype in types.items():
        if etype == "PERSON" and len(key.split()) > 1:
            by_last[key.split()[-1]].append(key)
    out = {}
    for key, etype in types.items():
        if len(key.split()) != 1 or etype != "PERSON" or not roles[key]:
            continue
        sharing = [full for full in by_last.get(key, ()) if roles[full] & roles[key]]
        if len(sharing) == 1:
            out[key] = sharing[0]
    return out


def _bare_company_key(key: str) -> str | None:
    """"general motors corp" -> "general motors"; "carson pirie scott and co" -> "carson pirie
    scott"; None for a key without a company suffix."""
    words = key.split()
    if len(words) < 2 or words[-1] not in _SUFFIXES:
        return None
    words = words[:-1]
    if len(words) > 1 and words[-1] in ("and", "&"):
        words = words[:-1]
    return " ".join(words)


def _company_suffix_merges(groups: dict[str, "_Mentions"]) -> dict[str, str]:
    """Keys written with a company suffix -> the bare name's key, when the corpus also writes
    the bare name and its mentions are not those of a place or nationality ("General Motors
    Corp" and "General Motors" are one company; "Japan Inc" is not Japan). The decision reads
    only the mentions of the two forms, so it does not change when unrelated articles are added."""
    out = {}
    for key in sorted(groups):
        bare = _bare_company_key(key)
        if bare is None or bare not in groups or bare in load_aliases():
            continue
        if _vote(groups[bare]) not in _STANDALONE_TYPES:
            out[key] = bare
    return out


def _vote(group: "_Mentions") -> str:
    """Majority type over the mentions, a full name tagged PERSON counting twice (the tagger
    is reliable on "First Last" and not on a bare surname); a tie goes to the type of the
    fullest form."""
    counts = Counter(group.label)
    counts["PERSON"] += sum(1 for t, label in zip(group.text, group.label) if label == "PERSON" and " " in t)
    counts = Counter({k: v for k, v in counts.items() if v})
    best = max(counts.values())
    tied = [label for label, c in counts.items() if c == best]
    if len(tied) > 1:
        n_words = [len(t.split()) for t in group.text]
        longest = max(n_words)
        full = Counter(label for n, label in zip(n_words, group.label) if n == longest)
        top = [label for label in tied if full.get(label)]
        tied = [label for label in top if full[label] == max(full[t] for t in top)] or tied
    return min(tied, key=_TYPE_PRIORITY.index)


@lru_cache(maxsize=1 << 16)  # a corpus writes a few forms many times; the type and name rules ask per form
def _has_company_suffix(text: str) -> bool:
    words = normalize_name(text).split()
    return len(words) > 1 and words[-1] in _SUFFIXES


def _types(groups: dict[str, "_Mentions"]) -> dict[str, str]:
    """Type of each key: the aliases file's for a known name, ORG for a name written with a
    company suffix ("Carson Pirie Scott and Co"), else the vote of its mentions."""
    aliases = load_aliases()
    out = {}
    for key in sorted(groups):
        group = groups[key]
        if key in aliases:
            out[key] = aliases[key][1]
        elif any(_has_company_suffix(t) for t in set(group.text)):
            out[key] = "ORG"
        else:
            out[key] = _vote(group)
    return out


def _always_with_apostrophe_s(group: "_Mentions", have_bodies: bool) -> bool:
    """Whether every mention is written with "'s" and at least one kept it as part of the name
    (no noun follows: "Moody's said", "Moody's rating"): then the "'s" is part of the name. A
    name also written without it ("West Germany") is a possessive where it has one."""
    if not have_bodies or not any(t.endswith(("'s", "’s")) for t in group.text):
        return False  # no mention kept it (none where no noun follows): a possessive ("Modi's visit")
    return all(t.endswith(("'s", "’s")) or after for t, after in zip(group.text, group.apostrophe_s_after))


_APOSTROPHE_S_END = re.compile(r"(?:'|’)s$")
_LEADING_THE_ANY_CASE = re.compile(r"^the\s+", flags=re.IGNORECASE)


def _canonical_name(key: str, texts: list[str], apostrophe_s: bool = False) -> str:
    aliases = load_aliases()
    if key in aliases:
        return aliases[key][0]
    texts = [_APOSTROPHE_S_END.sub("", t) for t in texts]
    name = _fullest_form(key, texts)
    return name + "'s" if apostrophe_s else name


def _fullest_form(key: str, texts: list[str]) -> str:
    forms = Counter(_LEADING_THE_ANY_CASE.sub("", t) for t in texts)
    if not _has_company_suffix(key):
        # a bare company name that suffixed forms joined ("Chrysler" + "Chrysler Corp") keeps
        # its bare name: the id does not change when an article with the suffix is added
        bare = Counter({f: c for f, c in forms.items() if not _has_company_suffix(f)})
        forms = bare or forms
    # the fullest form, then the most frequent, then alphabetical for determinism
    return sorted(forms, key=lambda f: (-len(f.split()), -forms[f], f))[0]


def mention_keys(mentions: pd.DataFrame, bodies: dict[str, str] | None = None) -> pd.Series:
    """The entity key of every mention, linked within its article."""
    sids, starts, ends = mentions["source_id"].tolist(), mentions["start"].tolist(), mentions["end"].tolist()
    texts, labels = mentions["text"].tolist(), mentions["label"].tolist()
    # one pass over the rows sorted by article and offsets (a stable sort: ties keep row order)
    order = sorted(range(len(sids)), key=lambda i: (sids[i], starts[i], ends[i]))
    keys: list = [None] * len(sids)
    bodies = bodies or {}
    lo = 0
    while lo < len(order):
        sid = sids[order[lo]]
        hi = lo
        while hi < len(order) and sids[order[hi]] == sid:
            hi += 1
        rows = [(starts[i], ends[i], texts[i], labels[i]) for i in order[lo:hi]]
        for i, key in zip(order[lo:hi], article_keys(rows, bodies.get(sid))):
            keys[i] = key
        lo = hi
    return pd.Series(keys, index=mentions.index, dtype=object)


# What entity resolution needs to know of a mention's own article, beside the mention itself:
# its key linked within the article, and the facts about the text around it that the corpus-level
# rules read. They depend on nothing outside the article, so the resolve stage computes them once
# per ingest partition and keeps them between runs (pipeline/resolve_cache.py).
FACT_COLUMNS = ("key", "initial", "lower_in_article", "apostrophe_s_after")


def _single_common_form(text: str) -> bool:
    """A one-word capitalised name that could be a common word ("Exports"; not "IBM", "U.S.")."""
    return " " not in text and text[:1].isupper() and not text.isupper() and text.isalpha()


def mention_facts(mentions: pd.DataFrame, bodies: dict[str, str] | None = None) -> pd.DataFrame:
    """FACT_COLUMNS of every mention (same index): its key within its article, whether it starts
    its sentence or line, whether its article also writes it in lowercase (one-word capitalised
    names only), and whether "'s" follows it. An article without a body reads as empty text."""
    bodies = bodies or {}
    keys = mention_keys(mentions, bodies) if len(mentions) else pd.Series(dtype=object, index=mentions.index)
    initial, lower, apostrophe = [], [], []
    for sid, start, end, text in zip(mentions["source_id"].tolist(), mentions["start"].tolist(),
                                     mentions["end"].tolist(), mentions["text"].tolist()):
        body = bodies.get(sid, "")
        initial.append(_is_initial(body, start, end))
        lower.append(_single_common_form(text) and _written_lowercase_in(body, text.lower()))
        apostrophe.append(body[end:end + 2] in ("'s", "’s"))
    return pd.DataFrame({"key": keys.astype(object), "initial": initial, "lower_in_article": lower,
                         "apostrophe_s_after": apostrophe}, index=mentions.index)


class _Mentions:
    """The mentions of one key as plain lists (row order kept): the rules below read them
    once per key, and pandas per-group access costs more than the rules themselves."""

    __slots__ = ("source_id", "start", "end", "text", "label", "roles", "initial", "lower_in_article",
                 "apostrophe_s_after")

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, [])


def _by_key(m: pd.DataFrame, columns: tuple[str, ...] = _Mentions.__slots__) -> dict[str, _Mentions]:
    """The rows of each key as lists in row order (of `columns` only: the others are left
    unset), keys in order of first appearance. Built from one stable sort of the rows by key
    rather than an append per value: it runs on every mention of the corpus."""
    if not len(m):
        return {}
    codes, uniques = pd.factorize(pd.Series(m["key"].tolist(), dtype=object), use_na_sentinel=False)
    order = np.argsort(codes, kind="stable").tolist()
    ends = np.cumsum(np.bincount(codes, minlength=len(uniques))).tolist()
    bounds = list(zip([0] + ends[:-1], ends))
    groups = {key: _Mentions.__new__(_Mentions) for key in uniques.tolist()}
    for name in columns:
        column = m[name].tolist()
        values = [column[i] for i in order]  # slices of one list: no array per group and column
        del column
        setter = _Mentions.__dict__[name].__set__
        for group, (lo, hi) in zip(groups.values(), bounds):
            setter(group, values[lo:hi])
    return groups


# What the rules below read of a key's mentions (not the offsets).
_RULE_COLUMNS = ("source_id", "text", "label", "roles", "initial", "lower_in_article", "apostrophe_s_after")


def _merge_groups(groups: dict[str, _Mentions], new_key: dict[str, str]) -> dict[str, _Mentions]:
    """The groups after each key in `new_key` moved to its new key: the groups that regrouping
    the relabelled rows would give, except for the order of the rows inside a merged group, which
    no rule reads (they count, vote and take sets of the forms)."""
    out: dict[str, _Mentions] = {}
    for key, group in groups.items():
        target = new_key.get(key, key)
        held = out.get(target)
        if held is None:
            out[target] = group
            continue
        merged = _Mentions.__new__(_Mentions)
        for name in _RULE_COLUMNS:
            setattr(merged, name, getattr(held, name) + getattr(group, name))
        out[target] = merged
    return out


def build_entities(raw_mentions: pd.DataFrame, bodies: dict[str, str] | None = None, *,
                   facts: pd.DataFrame | None = None, vocabulary: frozenset[str] | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(entities, mentions) with stable ids, from the raw extracted mentions; `bodies`
    (source_id -> body) lets acronyms in parentheses and common words be recognised. Instead of
    the bodies, a caller may pass what the rules read of them: the mention_facts of the mentions
    and the corpus's lowercase_vocabulary (None: no bodies)."""
    m = raw_mentions.copy()
    if facts is None:
        facts = mention_facts(m, bodies)
        vocabulary = lowercase_vocabulary(bodies) if bodies else None
    for column in FACT_COLUMNS:
        m[column] = facts[column].reindex(m.index) if len(m) else pd.Series(dtype=object)
    groups = _by_key(m, _RULE_COLUMNS) if len(m) else {}
    if vocabulary is not None and len(m):
        drop = _common_word_keys(groups, vocabulary) | _generic_head_keys(groups)
        m = m[~m["key"].isin(drop)]
        # the groups of the rows left: the same groups, in the same order, less the dropped
        groups = {key: group for key, group in groups.items() if key not in drop}
    # the rows' keys are relabelled once, at the end; the groups are merged rather than rebuilt
    suffixed = _company_suffix_merges(groups) if len(m) else {}
    if suffixed:
        groups = _merge_groups(groups, suffixed)
    types = _types(groups)
    merges = _surname_merges(groups, types)
    if merges:
        unmerged = groups
        groups = _merge_groups(groups, merges)
        # only the groups that took in a surname have a new vote (an unchanged group is the same object)
        retyped = _types({key: group for key, group in groups.items() if unmerged.get(key) is not group})
        types = {key: retyped[key] if key in retyped else types[key] for key in sorted(groups)}
    if suffixed or merges:
        m["key"] = m["key"].map(lambda k: merges.get(suffixed.get(k, k), suffixed.get(k, k)))
    rows = []
    key_to_id = {}
    for key in sorted(groups):
        group = groups[key]
        etype = types[key]
        name = _canonical_name(key, list(group.text), _always_with_apostrophe_s(group, vocabulary is not None))
        entity_id = f"{etype.lower()}/{slugify(name)}"
        key_to_id[key] = entity_id
        rows.append({"entity_id": entity_id, "name": name, "type": etype,
                     "aliases": sorted({t for t in group.text if t != name}),
                     "roles": sorted({r for rs in group.roles for r in rs}),
                     "n_mentions": len(group.text), "n_sources": len(set(group.source_id))})
    entities = pd.DataFrame(rows, columns=list(column_names("entities")))
    # two keys can slug to one id (e.g. "U.S.-Japan" and "US Japan"): merge them
    shared = entities["entity_id"].duplicated(keep=False)
    if shared.any():
        # only the rows sharing an id are merged (a single row merged with nothing is itself)
        merged = (entities[shared].groupby("entity_id", sort=True)
                  .agg(name=("name", "first"), type=("type", "first"),
                       aliases=("aliases", lambda s: sorted({a for l in s for a in l})),
                       roles=("roles", lambda s: sorted({a for l in s for a in l})),
                       n_mentions=("n_mentions", "sum"), n_sources=("n_sources", "max"))
                  .reset_index())
        entities = pd.concat([entities[~shared], merged[entities.columns]], ignore_index=True)
    entities = entities.sort_values("entity_id").reset_index(drop=True)
    m["entity_id"] = m["key"].map(key_to_id)
    m["mention_id"] = m["source_id"] + ":m:" + m["start"].astype(str) + "-" + m["end"].astype(str)
    mentions = m[list(column_names("mentions"))].sort_values(["source_id", "start", "end"])
    counts = mentions.groupby("entity_id")["source_id"].nunique()
    entities["n_sources"] = entities["entity_id"].map(counts).astype(int)
    entities = entities[list(column_names("entities"))]
    _has_company_suffix.cache_clear()  # its forms are not kept past the entity step
    return entities, mentions.reset_index(drop=True)
