import subprocess
import sys
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

from pipeline.stop_words import STOP_WORDS


def test_stop_words_are_spacys_english_stop_words():
    assert STOP_WORDS == frozenset(SPACY_STOP_WORDS)
    assert {"the", "and", "n't", "’s"} <= STOP_WORDS


def test_reading_the_stop_words_does_not_load_spacy():
    out = subprocess.run([sys.executable, "-c", "import sys, pipeline.stop_words as s; "
                          "print(len(s.STOP_WORDS) > 300, 'spacy' in sys.modules)"],
                         capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["True", "False"]
