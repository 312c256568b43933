"""Fine-tune the spaCy model's `ner` on silver spans projected from the dev gold (issue #12).

The stock recognizer does not follow our annotation conventions (what is an entity, span extents,
PRODUCT / EVENT / FAC). The dev gold lists every entity of an article with its name and aliases, so
each whole-word, case-sensitive occurrence of those strings in the article text is a silver span of
the gold type; every other token is "not an entity", except that

- spans of optional gold entities are left missing (the gold neither asks for nor forbids them);
- the numeric and time types (DATE, MONEY, PERCENT, ...) are not in the gold at all, so the stock
  model's own predictions of them are kept where they do not overlap a gold span (the figure
  extractors read them);
- tokens a silver span cuts through (a name inside a longer token) are left missing.

Against forgetting, the stock model's predictions on corpus articles that are in no evaluation set
("rehearsal") are trained on alongside. Only `ner` is updated; every other component is frozen.
Training is deterministic: fixed seed, one thread, a fixed order of examples, so the same inputs
give byte-identical weights.

    python scripts/train_ner.py --out DIR [--exclude-batch SEED ...] [--epochs N] [--rehearsal N]

writes DIR/model (a full spaCy pipeline directory, loadable with spacy.load) and DIR/ner (the ner
component only) with DIR/meta.json.
"""
from __future__ import annotations

import os

# one thread, before numpy/thinc load: the weights must not depend on the machine's core count
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Iterable, Mapping, Sequence  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.training import Example, offsets_to_biluo_tags  # noqa: E402
from spacy.util import fix_random_seed, minibatch  # noqa: E402

# Types the gold never annotates but the figure extractors read from the recognizer.
NUMERIC_TYPES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
MISSING = "-"


@dataclass(frozen=True)
class TrainSettings:
    epochs: int = 4
    learn_rate: float = 0.0002
    dropout: float = 0.1
    batch_size: int = 8          # articles per update
    rehearsal: int = 200         # stock-labelled corpus articles (Reuters and web in the dev set's proportion)
    seed: int = 20261128


# ------------------------------------------------------------------------------ silver projection

def _occurrences(text: str, form: str) -> Iterable[tuple[int, int]]:
    """Whole-word, case-sensitive occurrences of `form` in `text` (no letter or digit touches
    either end)."""
    if not form.strip():
        return
    pattern = re.compile(r"(?<![^\W_])" + re.escape(form) + r"(?![^\W_])")
    for m in pattern.finditer(text):
        yield m.start(), m.end()


def project_gold(text: str, entities: Sequence[Mapping]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """(silver spans (start, end, type), missing spans (start, end)) of one article from its gold
    entities: every occurrence of a name or alias, longest first, never overlapping an accepted
    one; occurrences of optional entities become missing spans instead of silver ones."""
    candidates = []
    for order, entity in enumerate(entities):
        forms = {entity["name"], *entity.get("aliases", [])}
        for form in forms:
            for start, end in _occurrences(text, form):
                candidates.append((start, end, entity["type"], bool(entity.get("optional")), order))
    # longest first; then leftmost, required before optional, then the gold's order (deterministic)
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[3], c[4]))
    taken: list[tuple[int, int]] = []
    spans, missing = [], []
    for start, end, label, optional, _ in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        if optional:
            missing.append((start, end))
        else:
            spans.append((start, end, label))
    return sorted(spans), sorted(missing)


def add_numeric(spans: Sequence[tuple[int, int, str]], missing: Sequence[tuple[int, int]],
                predicted: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The silver spans plus the predicted spans of numeric/time types that overlap no silver or
    missing span."""
    blocked = [(s, e) for s, e, _ in spans] + list(missing)
    out = list(spans)
    for start, end, label in predicted:
        if label in NUMERIC_TYPES and not any(start < e and s < end for s, e in blocked):
            out.append((start, end, label))
            blocked.append((start, end))
    return sorted(out)


def biluo_tags(doc: Doc, spans: Sequence[tuple[int, int, str]], missing: Sequence[tuple[int, int]]) -> list[str]:
    """Token tags of `doc`: the spans as BILUO, tokens of missing spans (and tokens a span does not
    align with) missing, every other token O."""
    with warnings.catch_warnings():  # W030: a span the tokens do not align with; its tokens stay missing
        warnings.simplefilter("ignore")
        tags = offsets_to_biluo_tags(doc, list(spans))
    for start, end in missing:
        for token in doc:
            if token.idx < end and start < token.idx + len(token.text):
                tags[token.i] = MISSING
    return tags


def doc_spans(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def gold_example(nlp: Language, text: str, entities: Sequence[Mapping], stock_doc: Doc) -> Example:
    """A training example of one dev article: silver gold spans + the stock model's numeric spans."""
    spans, missing = project_gold(text, entities)
    spans = add_numeric(spans, missing, doc_spans(stock_doc))
    doc = nlp.make_doc(text)
    return Example.from_dict(doc, {"entities": biluo_tags(doc, spans, missing)})


def rehearsal_example(nlp: Language, stock_doc: Doc) -> Example:
    """A training example that asks for what the stock model predicts (all of its types)."""
    doc = nlp.make_doc(stock_doc.text)
    return Example.from_dict(doc, {"entities": biluo_tags(doc, doc_spans(stock_doc), [])})


# ------------------------------------------------------------------------------ training

def train_ner(nlp: Language, examples: Sequence[Example], settings: TrainSettings) -> Language:
    """Update `nlp`'s ner in place on `examples` (other components untouched) and return it with
    the averaged weights in place. Deterministic for the same nlp, examples and settings."""
    fix_random_seed(settings.seed)
    rng = random.Random(settings.seed)
    order = list(examples)
    optimizer = nlp.resume_training()
    optimizer.learn_rate = settings.learn_rate
    with nlp.select_pipes(enable=["ner"]):
        for _ in range(settings.epochs):
            rng.shuffle(order)
            for batch in minibatch(order, size=settings.batch_size):
                nlp.update(batch, sgd=optimizer, drop=settings.dropout, losses={})
    if optimizer.averages:
        ner = nlp.get_pipe("ner")
        with ner.model.use_params(optimizer.averages):
            weights = ner.to_bytes(exclude=["vocab"])
        ner.from_bytes(weights, exclude=["vocab"])
    return nlp


def ner_digest(nlp: Language) -> str:
    """SHA-256 of the ner component's serialised weights."""
    return hashlib.sha256(nlp.get_pipe("ner").to_bytes(exclude=["vocab"])).hexdigest()


# ------------------------------------------------------------------------------ data

def gold_digest(gold_dir: Path) -> str:
    """SHA-256 over the dev gold files (name and bytes, in name order): a shipped model records it,
    so a gold change is seen to demand retraining."""
    h = hashlib.sha256()
    for path in sorted(Path(gold_dir).glob("*.json")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def dev_items(selection: Sequence[Mapping], exclude_batches: Iterable[int | None] = ()) -> list[Mapping]:
    """Dev articles of the selection, without those of the excluded batches (None = the first 16)."""
    skip = set(exclude_batches)
    return [i for i in selection if i["split"] == "dev" and i.get("batch") not in skip]


def rehearsal_records(corpora: Path, excluded_ids: set[str], n: int, seed: int, rng_words=(80, 900)):
    """About `n` corpus articles in no evaluation set: (corpus, id, text), Reuters and web half and
    half (as in the dev set), chosen by a seeded shuffle among those of 80-900 words."""
    from pipeline.evaluate_real import CORPUS_FILES, _lines
    rng = random.Random(seed)
    out = []
    for corpus, field in (("reuters21578", "text"), ("web-pages", "articleBody")):
        pool = []
        for line in _lines(Path(corpora) / CORPUS_FILES[corpus]):
            rec = json.loads(line)
            text = rec.get(field) or ""
            if rec["id"] in excluded_ids or not rng_words[0] <= len(text.split()) <= rng_words[1]:
                continue
            pool.append((corpus, rec["id"], text))
        pool.sort(key=lambda r: r[1])
        rng.shuffle(pool)
        out.extend(pool[: n // 2])
    return out


def ingested_bodies(named_texts: Sequence[tuple[str, str]], ingest_params, manifest=None) -> dict[str, str]:
    """path -> body as ingest cleans it (the text the pipeline's recognizer sees)."""
    from pipeline.ingest import ingest_files
    from pipeline.readers import Input
    files = [Input(path, text.encode("utf-8"), "txt", path) for path, text in named_texts]
    articles, _ = ingest_files(files, ingest_params, manifest)
    return dict(zip(articles["path"], articles["body"]))


def build_examples(nlp: Language, stock: Language, gold_bodies: Mapping[str, str], gold: Mapping[str, Mapping],
                   rehearsal_bodies: Mapping[str, str]) -> list[Example]:
    """Examples in a fixed order (gold articles by path, then rehearsal articles by path)."""
    examples = []
    paths = sorted(gold_bodies)
    for path, doc in zip(paths, stock.pipe(gold_bodies[p] for p in paths)):
        examples.append(gold_example(nlp, gold_bodies[path], gold[path]["entities"], doc))
    paths = sorted(rehearsal_bodies)
    for doc in stock.pipe(rehearsal_bodies[p] for p in paths):
        examples.append(rehearsal_example(nlp, doc))
    return examples


def load_dev(root: Path, corpora: Path, exclude_batches: Iterable[int | None], params):
    """(bodies by gold path, gold by path) of the dev articles outside the excluded batches."""
    from pipeline.evaluate.gold import corpus_gold_schema, load_gold, read_schema
    from pipeline.evaluate_real import checked_inputs, read_records, read_selection
    items = dev_items(read_selection(root / "data/eval/selection.json"), exclude_batches)
    records = read_records(corpora, items)
    files, manifest = checked_inputs(items, records)
    from pipeline.ingest import ingest_files
    articles, _ = ingest_files(files, params.ingest, manifest)
    bodies = dict(zip(articles["path"], articles["body"]))
    schema = corpus_gold_schema(read_schema(root / "data/gold/gold.schema.json"))
    gold = load_gold(root / "data/eval/dev/gold", schema, allow_empty=True)
    return bodies, {p: gold[p] for p in bodies}


def train_from_dev(root: Path, corpora: Path, exclude_batches: Sequence[int | None], settings: TrainSettings,
                   base_model: str, params) -> tuple[Language, dict]:
    from pipeline.evaluate_real import read_selection
    started = time.time()
    bodies, gold = load_dev(root, corpora, exclude_batches, params)
    selection = read_selection(root / "data/eval/selection.json")
    excluded = {i["id"] for i in selection}
    rehearsal = rehearsal_records(corpora, excluded, settings.rehearsal, settings.seed)
    rehearsal_bodies = ingested_bodies([(f"{c}#{i}", t) for c, i, t in rehearsal], params.ingest)
    stock = spacy.load(base_model, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
    nlp = spacy.load(base_model)
    examples = build_examples(nlp, stock, bodies, gold, rehearsal_bodies)
    train_ner(nlp, examples, settings)
    info = {
        "base_model": base_model,
        "base_model_version": nlp.meta.get("version"),
        "spacy_version": spacy.__version__,
        "settings": asdict(settings),
        "excluded_batches": list(exclude_batches),
        "dev_articles": len(bodies),
        "rehearsal_articles": len(rehearsal_bodies),
        "dev_gold_sha256": gold_digest(root / "data/eval/dev/gold"),
        "ner_sha256": ner_digest(nlp),
        "train_seconds": round(time.time() - started, 1),
    }
    return nlp, info


def main(argv: Sequence[str] | None = None) -> int:
    from pipeline.config import load_params
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared/corpora")
    ap.add_argument("--params", type=Path, default=ROOT / "params.yaml")
    ap.add_argument("--exclude-batch", action="append", default=[],
                    help="dev batch seed to leave out ('first' for the first 16 articles); repeatable")
    defaults = TrainSettings()
    for field, value in asdict(defaults).items():
        ap.add_argument(f"--{field.replace('_', '-')}", type=type(value), default=value)
    ap.add_argument("--ner-only", action="store_true", help="write only DIR/ner and DIR/meta.json")
    args = ap.parse_args(argv)
    params = load_params(args.params)
    settings = TrainSettings(**{f: getattr(args, f) for f in asdict(defaults)})
    exclude = [None if b == "first" else int(b) for b in args.exclude_batch]
    nlp, info = train_from_dev(ROOT, args.corpora, exclude, settings, params.extract.model, params)
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.ner_only:
        nlp.to_disk(args.out / "model")
    nlp.get_pipe("ner").to_disk(args.out / "ner", exclude=["vocab"])
    (args.out / "meta.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n")
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
