"""The model's attribute ruler applied by table lookups instead of spaCy's Matcher.

en_core_web_sm's `attribute_ruler` maps each token's fine tag (and, for a few words, its
lowercase form or dependency label) to its coarse POS, morphology and some lemmas: 179 rules,
all one or two tokens long, which spaCy runs through its general token Matcher and then applies
token by token from Python. On Reuters stories that took about a tenth of the whole parse (1.6 s
of some 15 s for 600 stories), more than the extract stage's claim rules. Yet what the rules set
on a token depends only on a few of its own values (and its neighbour's, for two-token rules):
here each test runs once per distinct value, the rules once per distinct set of tests met, and
the result is written back with `Doc.from_array` (0.1-0.3 s for the same stories). What is set
is the same as spaCy's: later rules take precedence per attribute, as in `AttributeRuler.match`,
which sorts matches by rule number.

Rules outside that shape (quantifiers, other attributes or operators) are not translated:
`table_rules` returns None and the model's own component stays in the pipeline.
"""
from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

# Pattern keys a rule may test, as Doc.to_array columns. A value is an exact string (a boolean
# for IS_SPACE), or {"IN": [...]}, {"NOT_IN": [...]} or {"REGEX": "..."} (searched, as spaCy does).
MATCHABLE = {"TAG": TAG, "LOWER": LOWER, "ORTH": ORTH, "NORM": NORM, "DEP": DEP, "IS_SPACE": IS_SPACE}
# Attributes a rule may set: token-only attributes, written back with Doc.from_array.
SETTABLE = {POS, TAG, DEP, LEMMA, MORPH}
# Distinct values whose tests a column remembers before it forgets them all (a LOWER column
# meets every word of the corpus).
VALUE_MEMO_ENTRIES = 50_000


class Condition:
    """One key of one token of a pattern: a test of one Doc.to_array column's value (a hash,
    or 0/1 for IS_SPACE)."""

    def __init__(self, column: int, allowed: frozenset | None = None, negate: bool = False,
                 regex: re.Pattern | None = None):
        self.column, self.allowed, self.negate, self.regex = column, allowed, negate, regex

    def test(self, value: int, strings) -> bool:
        if self.regex is not None:
            return self.regex.search(strings[value]) is not None
        return (value in self.allowed) != self.negate


def _condition(column: int, key: str, value: Any) -> Condition | None:
    """The test a pattern value stands for, or None for a form the table does not hold."""
    def ids(options):
        if key == "IS_SPACE":
            return frozenset(int(o) for o in options) if all(isinstance(o, bool) for o in options) else None
        return frozenset(get_string_id(o) for o in options) if all(isinstance(o, str) for o in options) else None

    if not isinstance(value, dict):
        allowed = ids([value])
        return None if allowed is None else Condition(column, allowed)
    if len(value) != 1:
        return None
    (op, arg), = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list):
        allowed = ids(arg)
        return None if allowed is None else Condition(column, allowed, negate=op == "NOT_IN")
    if op == "REGEX" and isinstance(arg, str) and key != "IS_SPACE":
        return Condition(column, regex=re.compile(arg))
    return None


class TableRules:
    """An AttributeRuler's rules in a form looked up per token.

    `columns` are the Doc.to_array columns the rules read; `conditions` every distinct test;
    a rule is (patterns, attrs, index), a pattern a tuple (one per token) of condition numbers."""

    def __init__(self, columns: list[int], conditions: list[Condition],
                 rules: list[tuple[list[tuple[frozenset, ...]], dict, int]], strings):
        self.columns, self.conditions, self.rules, self.strings = columns, conditions, rules, strings
        self.written = sorted({attr for _, attrs, _ in rules for attr in attrs})
        self.by_column = [[n for n, c in enumerate(conditions) if c.column == col]
                          for col in range(len(columns))]
        self.single = [(i, pats[0][0]) for i, (pats, _, _) in enumerate(rules)
                       if len(pats) == 1 and len(pats[0]) == 1]
        self.multi = [(i, pats, index) for i, (pats, _, index) in enumerate(rules)
                      if not (len(pats) == 1 and len(pats[0]) == 1)]
        # per column: a value -> the number of the set of that column's conditions it meets
        # (sets numbered once and kept; values forgotten at VALUE_MEMO_ENTRIES)
        self._value_sets: list[dict[int, int]] = [{} for _ in columns]
        self._set_numbers: list[dict[frozenset, int]] = [{} for _ in columns]
        self._sets: list[list[frozenset]] = [[] for _ in columns]
        # per tuple of column set numbers: (conditions met, one-token rules matched)
        self._rows: dict[tuple[int, ...], tuple[frozenset, tuple[int, ...]]] = {}
        self._rules_of: dict[frozenset, tuple[int, ...]] = {}
        self._multi_of: dict[frozenset, list] = {}
        # a class is a distinct tuple of matched rules; per written attribute, whether the class
        # sets it and to what (arrays rebuilt when classes were added)
        self._classes: dict[tuple[int, ...], int] = {}
        self._arrays: tuple[list, list] | None = None

    def _set_number(self, col: int, value: int) -> int:
        """Test `value` against column `col`'s conditions; the number of the set it meets."""
        memo = self._value_sets[col]
        if len(memo) >= VALUE_MEMO_ENTRIES:
            memo.clear()
        met = frozenset(n for n in self.by_column[col] if self.conditions[n].test(value, self.strings))
        number = self._set_numbers[col].get(met)
        if number is None:
            number = self._set_numbers[col][met] = len(self._sets[col])
            self._sets[col].append(met)
        memo[value] = number
        return number

    def tokens(self, columns: list[list[int]]) -> tuple[list[frozenset], list[tuple[int, ...]]]:
        """Per token, from each column's values (`columns[c][i]` is token i's value of column c):
        the conditions it meets and the one-token rules it matches."""
        numbered = []
        for col, values in enumerate(columns):
            memo = self._value_sets[col]
            numbered.append([memo[v] if v in memo else self._set_number(col, v) for v in values])
        rows, met, matched = self._rows, [], []
        for key in zip(*numbered):
            hit = rows.get(key)
            if hit is None:
                conds = frozenset().union(*(self._sets[c][k] for c, k in enumerate(key)))
                hit = rows[key] = (conds, self.single_rules_of(conds))
            met.append(hit[0])
            matched.append(hit[1])
        return met, matched

    def single_rules_of(self, met: frozenset) -> tuple[int, ...]:
        """Numbers of the one-token rules whose conditions are all in `met`."""
        hit = self._rules_of.get(met)
        if hit is None:
            hit = self._rules_of[met] = tuple(i for i, conds in self.single if conds <= met)
        return hit

    def multi_starting(self, met: frozenset) -> list:
        """(rule, pattern, target position) of the longer patterns whose first token's
        conditions are all in `met`."""
        hit = self._multi_of.get(met)
        if hit is None:
            hit = self._multi_of[met] = [
                (rule, tokens, index if index >= 0 else len(tokens) + index)
                for rule, patterns, index in self.multi for tokens in patterns if tokens[0] <= met]
        return hit

    def class_of(self, matched: tuple[int, ...]) -> int:
        number = self._classes.get(matched)
        if number is None:
            number = self._classes[matched] = len(self._classes)
            self._arrays = None
        return number

    def class_arrays(self) -> tuple[list, list]:
        """Per written attribute, a boolean array (does the class set it) and a value array,
        both indexed by class number; later rules override earlier ones."""
        if self._arrays is None:
            sets = [numpy.zeros(len(self._classes), dtype=bool) for _ in self.written]
            values = [numpy.zeros(len(self._classes), dtype=numpy.uint64) for _ in self.written]
            col = {attr: j for j, attr in enumerate(self.written)}
            for matched, number in self._classes.items():
                for rule in matched:
                    for attr, value in self.rules[rule][1].items():
                        sets[col[attr]][number] = True
                        values[col[attr]][number] = value
            self._arrays = (sets, values)
        return self._arrays


def table_rules(ruler: AttributeRuler) -> TableRules | None:
    """The ruler's rules as a TableRules, or None when any rule has a shape it cannot hold."""
    columns: list[int] = []
    conditions: list[Condition] = []
    seen: dict[tuple, int] = {}
    rules = []
    for n, spec in enumerate(ruler.patterns):
        attrs = ruler.attrs[n]
        if not set(attrs) <= SETTABLE:
            return None
        patterns = []
        for pattern in spec["patterns"]:
            tokens = []
            for token_spec in pattern:
                numbers = set()
                for key, value in token_spec.items():
                    if key not in MATCHABLE:
                        return None
                    if MATCHABLE[key] not in columns:
                        columns.append(MATCHABLE[key])
                    column = columns.index(MATCHABLE[key])
                    cond = _condition(column, key, value)
                    if cond is None:
                        return None
                    ident = (column, repr(value))
                    if ident not in seen:
                        seen[ident] = len(conditions)
                        conditions.append(cond)
                    numbers.add(seen[ident])
                tokens.append(frozenset(numbers))
            if not tokens or not -len(tokens) <= ruler.indices[n] < len(tokens):
                return None  # spaCy raises for such a rule; leave that to spaCy
            patterns.append(tuple(tokens))
        rules.append((patterns, dict(attrs), ruler.indices[n]))
    return TableRules(columns, conditions, rules, ruler.vocab.strings)


def apply_table_rules(doc: Doc, table: TableRules) -> Doc:
    """Set on `doc` what the attribute ruler would set, rule by rule in rule order."""
    n = len(doc)
    if n == 0 or not table.rules:
        return doc
    met, matched = table.tokens(doc.to_array(table.columns).reshape(n, len(table.columns)).T.tolist())
    if table.multi:
        for start, first in enumerate(met):
            for rule, tokens, target in table.multi_starting(first):
                if start + len(tokens) <= n and all(
                        conds <= met[start + k] for k, conds in enumerate(tokens) if k):
                    i = start + target
                    matched[i] = tuple(sorted(set(matched[i]).union((rule,))))
    classes = numpy.fromiter((table.class_of(m) for m in matched), dtype=numpy.intp, count=n)
    sets, values = table.class_arrays()
    out = doc.to_array(table.written).reshape(n, len(table.written))  # 1-D for one column
    for j in range(len(table.written)):
        chosen = sets[j][classes]
        out[chosen, j] = values[j][classes[chosen]]
    doc.from_array(table.written, out)
    return doc


class TableAttributeRuler:
    """A pipeline component that applies an AttributeRuler's patterns by table lookups."""

    def __init__(self, vocab, patterns: list[dict]):
        ruler = AttributeRuler(vocab)
        ruler.add_patterns(patterns)  # spaCy's own normalisation of the rules' attributes
        table = table_rules(ruler)
        if table is None:
            raise ValueError("attribute rules of a shape the table does not hold (quantifiers, other "
                             "keys or operators); keep the model's attribute_ruler")
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        return apply_table_rules(doc, self.table)


@Language.factory("table_attribute_ruler", default_config={"patterns": []})
def make_table_attribute_ruler(nlp: Language, name: str, patterns: list[dict[str, Any]]):
    return TableAttributeRuler(nlp.vocab, patterns)


def use_table_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put a TableAttributeRuler in place of the model's attribute ruler `name` when its rules
    allow it; True when replaced."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler) or table_rules(ruler) is None:
        return False
    nlp.add_pipe("table_attribute_ruler", name="attribute_table", after=name,
                 config={"patterns": ruler.patterns})
    nlp.remove_pipe(name)
    return True


