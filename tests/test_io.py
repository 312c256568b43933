import gc

import pandas as pd
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


def test_an_arrow_table_is_written_as_the_bytes_of_its_pandas_frame(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.io import write_arrow_as_pandas, write_parquet
    frame = pd.DataFrame({"source_id": ["s2", "s1", None], "body": ["b\u00e9", "", "x" * 300],
                          "n": [3, 1, 2], "value": [0.5, None, 2.0]})
    write_parquet(tmp_path / "frame.parquet", frame)
    # as the resolve stage gets it: read back from a pandas-written file (with its metadata)
    table = pq.read_table(tmp_path / "frame.parquet")
    write_arrow_as_pandas(tmp_path / "arrow.parquet", table)
    write_parquet(tmp_path / "pandas.parquet", table.to_pandas())
    assert (tmp_path / "arrow.parquet").read_bytes() == (tmp_path / "pandas.parquet").read_bytes()
    sorted_table = table.sort_by("source_id")
    write_arrow_as_pandas(tmp_path / "sorted.parquet", sorted_table)
    expected = table.to_pandas().sort_values("source_id").reset_index(drop=True)
    write_parquet(tmp_path / "expected.parquet", expected)
    assert (tmp_path / "sorted.parquet").read_bytes() == (tmp_path / "expected.parquet").read_bytes()
    with pytest.raises(ValueError, match="tags"):  # a list column's pandas type is not made
        write_arrow_as_pandas(tmp_path / "lists.parquet", pa.table({"tags": [["a"], []]}))
