"""The gold annotations themselves: valid against their schema, every annotated text really in its
article (after the pipeline's quote normalisation), and the evaluation sets complete."""
import gzip
import json
from pathlib import Path

import pytest

from pipeline.evaluate.gold import corpus_gold_schema, load_gold, read_schema
from pipeline.evaluate_real import CORPUS_FILES, gold_name, read_selection, source_path
from pipeline.ingest import decode_article, normalize_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "data/gold/gold.schema.json"
FILE_SETS = {"seeds": (ROOT / "data/gold", ROOT / "seeds"),
             "synthetic fixtures": (ROOT / "tests/fixtures/synthetic/gold", ROOT / "tests/fixtures/synthetic/articles")}
EVAL = ROOT / "data/eval"
CORPORA = ROOT.parent / "shared/corpora"
SELECTION = read_selection(EVAL / "selection.json")


def missing_texts(doc: dict, text: str) -> list[tuple[str, str]]:
    """Annotated strings of `doc` that do not occur in `text` (whitespace runs folded; entity
    names and aliases in any letter case, as a name may be written in capitals in a headline)."""
    text = " ".join(text.split())
    names = [e["name"] for e in doc["entities"]] + [a for e in doc["entities"] for a in e["aliases"]]
    verbatim = ([f["text"] for f in doc["figures"]] + [c["text"].rstrip(".,\"' ") for c in doc["claims"]]
                + doc["source"].get("boilerplate", []))
    missing = [t for t in names if " ".join(t.split()).lower() not in text.lower()]
    missing += [t for t in verbatim if " ".join(t.split()) not in text]
    return [(doc["source_path"], t) for t in missing]


@pytest.mark.parametrize("name", FILE_SETS)
def test_gold_set_validates_and_covers_its_articles(name):
    gold_dir, articles_dir = FILE_SETS[name]
    gold = load_gold(gold_dir, SCHEMA)
    articles = {p.relative_to(ROOT).as_posix() for p in articles_dir.glob("*.txt")}
    assert {doc["source_path"] for doc in gold.values()} == articles


@pytest.mark.parametrize("name", FILE_SETS)
def test_every_gold_text_occurs_in_its_article(name):
    missing = []
    for doc in load_gold(FILE_SETS[name][0], SCHEMA).values():
        missing += missing_texts(doc, normalize_text(decode_article((ROOT / doc["source_path"]).read_bytes())))
    assert missing == []


# ------------------------------------------------------------------------------ real evaluation sets

def test_selection_is_balanced_over_corpora_and_splits():
    counts = {}
    for item in SELECTION:
        counts[(item["corpus"], item["split"])] = counts.get((item["corpus"], item["split"]), 0) + 1
    # dev: 8 of the first draw + 12 of each added batch per corpus (the seventh found one web page
    # left under the draw's rules); test: 12 per corpus
    assert counts == {("reuters21578", "dev"): 80, ("reuters21578", "test"): 12,
                      ("web-pages", "dev"): 69, ("web-pages", "test"): 12}


@pytest.mark.parametrize("seed, size", [(20261130, 24), (20261202, 24), (20261204, 24), (20261206, 24),
                                        (20261208, 24), (20261210, 13)])
def test_added_dev_batch_never_touches_the_test_split(seed, size):
    batch = [i for i in SELECTION if i.get("batch") == seed]
    assert len(batch) == size and {i["split"] for i in batch} == {"dev"}
    earlier = {i["id"] for i in SELECTION if i.get("batch") != seed}
    assert not earlier & {i["id"] for i in batch}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_every_selected_article_of_a_split_has_valid_gold_under_its_name(split):
    schema = corpus_gold_schema(read_schema(SCHEMA))
    gold = load_gold(EVAL / split / "gold", schema)
    items = [i for i in SELECTION if i["split"] == split]
    assert sorted(p.stem for p in (EVAL / split / "gold").glob("*.json")) == sorted(gold_name(i) for i in items)
    assert sorted(gold) == sorted(source_path(i) for i in items)
    for item in items:
        doc = json.loads((EVAL / split / "gold" / f"{gold_name(item)}.json").read_text(encoding="utf-8"))
        assert doc["source_path"] == source_path(item)


def test_agreement_set_is_four_test_articles_annotated_again():
    schema = corpus_gold_schema(read_schema(SCHEMA))
    second = load_gold(EVAL / "agreement", schema)
    test_paths = {source_path(i) for i in SELECTION if i["split"] == "test"}
    assert len(second) == 4 and set(second) <= test_paths


def corpus_texts() -> dict[str, str]:
    """source_path -> corpus text of every selected article, read in place."""
    wanted = {(i["corpus"], i["id"]): i for i in SELECTION}
    out = {}
    for corpus, name in CORPUS_FILES.items():
        path = CORPORA / name
        with (gzip.open(path, "rt", encoding="utf-8") if name.endswith(".gz") else path.open(encoding="utf-8")) as fh:
            for line in fh:
                rec = json.loads(line)
                item = wanted.get((corpus, rec["id"]))
                if item is not None:
                    out[source_path(item)] = rec.get("text", rec.get("articleBody"))
    return out


@pytest.mark.skipif(not CORPORA.exists(), reason="../shared/corpora is not beside the repo")
def test_every_eval_gold_text_occurs_in_its_corpus_article():
    texts = corpus_texts()
    schema = corpus_gold_schema(read_schema(SCHEMA))
    missing = []
    for folder in ("dev/gold", "test/gold", "agreement"):
        for path, doc in load_gold(EVAL / folder, schema).items():
            missing += missing_texts(doc, normalize_text(texts[path]))
    assert missing == []


# ------------------------------------------------------------------------------ figure sentence sets

FIGURES = EVAL / "figures"


def _jsonl(path):
    return [json.loads(line) for line in path.open(encoding="utf-8")]


@pytest.mark.parametrize("name", ["dev2", "dev3"])
def test_later_figure_dev_draws_touch_no_test_article_and_repeat_no_sentence(name):
    rows = _jsonl(FIGURES / name / "sentences.jsonl")
    test_articles = {i["id"] for i in SELECTION if i["split"] == "test"}
    test_articles |= {r["article"] for r in _jsonl(FIGURES / "fresh-test" / "sentences.jsonl")}
    earlier = _jsonl(FIGURES / "sentences.jsonl")
    if name == "dev3":
        earlier += _jsonl(FIGURES / "dev2" / "sentences.jsonl")
    assert not {r["article"] for r in rows} & test_articles
    assert not {r["text"] for r in rows} & {r["text"] for r in earlier}


@pytest.mark.parametrize("name", ["dev2", "dev3"])
def test_figure_dev_labels_cover_every_sentence_in_order(name):
    sids = [r["sid"] for r in _jsonl(FIGURES / name / "sentences.jsonl")]
    labels = _jsonl(FIGURES / name / "labels.jsonl")
    assert [r["sid"] for r in labels] == sids
    texts = {r["sid"]: r["text"] for r in _jsonl(FIGURES / name / "sentences.jsonl")}
    assert all(f["text"] in texts[r["sid"]] for r in labels for f in r["figures"])
