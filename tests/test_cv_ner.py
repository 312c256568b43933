import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))  # cv_ner imports train_ner as a sibling module
_spec = importlib.util.spec_from_file_location("cv_ner", ROOT / "scripts" / "cv_ner.py")
cv_ner = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("cv_ner", cv_ner)
_spec.loader.exec_module(cv_ner)


def scores(tp, fp, fn, speaker, claims_tp):
    row = {k: {"tp": tp, "fp": fp, "fn": fn, "f1": 0.0} for k in ("entities", "figures")}
    row["claims"] = {"tp": claims_tp, "fp": 0, "fn": 0, "f1": 1.0}
    row["speaker_accuracy"] = speaker
    row["type_accuracy"] = 1.0
    return row


def fold(name, r, w):
    return {"held_out": name, "stock": {"reuters21578": r, "web-pages": w}, "tuned": {"reuters21578": r, "web-pages": w}}


def test_pooled_f1_sums_counts_over_folds_not_scores():
    folds = [fold("a", scores(9, 1, 0, 1.0, 10), scores(1, 0, 0, 1.0, 1)),
             fold("b", scores(1, 0, 9, 0.5, 30), scores(1, 0, 0, 0.0, 3))]
    pooled = cv_ner.pooled(folds, "tuned")
    # entities: tp 10, fp 1, fn 9 -> 20 / 30; a mean of the folds' F1 would be (0.947 + 0.182) / 2
    assert pooled["reuters21578"]["entities"] == round(20 / 30, 4)
    # speaker accuracy weighted by each fold's matched claims: (10 * 1.0 + 30 * 0.5) / 40
    assert pooled["reuters21578"]["speaker"] == 0.625
    assert pooled["web-pages"]["speaker"] == 0.25


def test_table_has_a_row_per_fold_and_corpus_and_the_pooled_rows():
    folds = [fold("a", scores(9, 1, 0, 1.0, 10), scores(1, 0, 0, 1.0, 1))]
    result = {"folds": folds, "pooled": {"tuned": cv_ner.pooled(folds, "tuned"), "stock": cv_ner.pooled(folds, "stock")}}
    rows = [line for line in cv_ner.markdown_table(result).splitlines() if line.startswith("| a") or line.startswith("| pooled")]
    assert len(rows) == 4
