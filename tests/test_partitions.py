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
