import pandas as pd
import pandas.testing as pdt
import pytest

from pipeline.partitions import PartitionedOutput, arrow_schema, read_table, write_part


def test_partitions_read_back_as_one_table_sorted_by_source_and_offsets(tmp_path):
    write_part(tmp_path, "figures", 0, pd.DataFrame({"source_id": ["b", "b"], "start": [9, 1], "end": [10, 2]}))
    write_part(tmp_path, "figures", 1, pd.DataFrame({"source_id": ["a"], "start": [5], "end": [6]}))
    df = read_table(tmp_path, "figures")
    assert list(zip(df["source_id"], df["start"])) == [("a", 5), ("b", 1), ("b", 9)]


def test_all_null_partition_keeps_the_declared_type(tmp_path):
    write_part(tmp_path, "figures", 0, pd.DataFrame({"source_id": ["a"], "start": [1], "end": [2], "qualifier": [None]}))
    write_part(tmp_path, "figures", 1, pd.DataFrame({"source_id": ["b"], "start": [1], "end": [2],
                                                     "qualifier": ["at_least"]}))
    assert read_table(tmp_path, "figures")["qualifier"].tolist()[1] == "at_least"


def test_only_requested_columns_are_read(tmp_path):
    write_part(tmp_path, "claims", 0, pd.DataFrame({"source_id": ["a"], "start": [1], "end": [3], "text": ["hi"]}))
    assert list(read_table(tmp_path, "claims", ["source_id", "text"]).columns) == ["source_id", "text"]


def test_undeclared_column_is_an_error():
    with pytest.raises(KeyError, match="surprise"):
        arrow_schema(["source_id", "surprise"])


def test_missing_table_is_a_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_table(tmp_path, "mentions")


def test_output_replaces_old_partitions_only_when_complete(tmp_path):
    out = tmp_path / "extracted"
    with PartitionedOutput(out) as folder:
        for i in range(3):
            write_part(folder, "outlets", i, pd.DataFrame({"source_id": [f"s{i}"], "cited_outlets": [[]]}))
    with pytest.raises(RuntimeError):
        with PartitionedOutput(out) as folder:
            write_part(folder, "outlets", 0, pd.DataFrame({"source_id": ["new"], "cited_outlets": [[]]}))
            raise RuntimeError("crash mid-run")
    assert read_table(out, "outlets")["source_id"].tolist() == ["s0", "s1", "s2"]
    with PartitionedOutput(out) as folder:
        write_part(folder, "outlets", 0, pd.DataFrame({"source_id": ["only"], "cited_outlets": [["Reuters"]]}))
    pdt.assert_frame_equal(read_table(out, "outlets"),
                           pd.DataFrame({"source_id": ["only"], "cited_outlets": [["Reuters"]]}),
                           check_dtype=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extracted"]


def test_a_part_with_the_bytes_of_the_last_run_is_linked_not_rewritten(tmp_path):
    import pyarrow as pa

    from pipeline.partitions import write_table_part

    table = pa.table({"source_id": ["a", "b"]})
    write_table_part(tmp_path / "old", "part-00000.parquet", table)
    old = tmp_path / "old/part-00000.parquet"
    write_table_part(tmp_path / "new", "part-00000.parquet", table, previous=tmp_path / "old")
    write_table_part(tmp_path / "new", "part-00001.parquet", pa.table({"source_id": ["c"]}), previous=tmp_path / "old")
    assert (tmp_path / "new/part-00000.parquet").stat().st_ino == old.stat().st_ino
    write_table_part(tmp_path / "changed", "part-00000.parquet", pa.table({"source_id": ["a", "z"]}),
                     previous=tmp_path / "old")
    assert (tmp_path / "changed/part-00000.parquet").stat().st_ino != old.stat().st_ino


def test_rows_of_a_partitioned_folder_read_in_partition_order(tmp_path):
    from pipeline.partitions import count_rows, read_rows

    for i, ids in enumerate([["b", "a"], ["c"]]):
        pd.DataFrame({"source_id": ids}).to_parquet(tmp_path / f"part-{i:05d}.parquet", index=False)
    assert read_rows(tmp_path)["source_id"].tolist() == ["b", "a", "c"]
    assert count_rows(tmp_path) == 3
    with pytest.raises(FileNotFoundError):
        read_rows(tmp_path / "missing")


def test_arrow_rows_are_the_rows_read_rows_gives(tmp_path):
    from pipeline.partitions import read_arrow_rows, read_rows
    for index, ids in enumerate((["s3", "s1"], ["s2"])):
        write_part(tmp_path, "articles", index, pd.DataFrame({"source_id": ids, "start": [0] * len(ids)}))
    folder = tmp_path / "articles"
    pdt.assert_frame_equal(read_arrow_rows(folder, ["source_id"]).to_pandas(), read_rows(folder, ["source_id"]))
    single = folder / "part-00000.parquet"
    pdt.assert_frame_equal(read_arrow_rows(single).to_pandas(), read_rows(single))


def test_arrow_rows_of_partitions_with_string_and_large_string_columns_are_read_as_one_table(tmp_path):
    # pandas writes large_string, pyarrow-written partitions string: read_rows read both
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.partitions import read_arrow_rows, read_rows
    folder = tmp_path / "articles"
    folder.mkdir()
    pq.write_table(pa.table({"source_id": pa.array(["s2"], pa.large_string())}), folder / "part-00000.parquet")
    pq.write_table(pa.table({"source_id": pa.array(["s1", "s3"], pa.string())}), folder / "part-00001.parquet")
    assert read_arrow_rows(folder).column("source_id").to_pylist() == ["s2", "s1", "s3"]
    assert read_rows(folder)["source_id"].tolist() == ["s2", "s1", "s3"]
