import gc

import pytest

from pipeline.io import cycle_collection_paused


@pytest.mark.parametrize("enabled_before", [True, False])
def test_cycle_collection_is_restored_after_the_block_even_when_it_raises(enabled_before):
    gc.enable() if enabled_before else gc.disable()
    try:
        with pytest.raises(RuntimeError):
            with cycle_collection_paused():
                assert not gc.isenabled()
                raise RuntimeError("stage failed")
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()
