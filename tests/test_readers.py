import gzip
import os

import pytest

from pipeline.readers import (
    ArticleError, Input, Reject, decode_bytes, declared_charset, input_format, inputs_from_bytes,
    iter_inputs, read_limited,
)

TEXT = "Café prices rose, the \u201cministry\u201d said on Monday."


def _items(folder, root=None, formats=("txt", "html", "jsonl"), limit=10_000):
    return list(iter_inputs([folder], root or folder.parent, formats, limit))


def test_formats_come_from_the_file_name_with_optional_gzip():
    assert input_format("a.txt") == ("txt", False)
    assert input_format("page.HTM") == ("html", False)
    assert input_format("page.html.gz") == ("html", True)
    assert input_format("dump.jsonl.gz") == ("jsonl", True)
    assert input_format("notes.pdf") is None


def test_utf8_with_bom_and_crlf_decodes_as_utf8():
    text, encoding = decode_bytes("\ufeffLine one.\r\nLine two.".encode("utf-8"))
    assert (text, encoding) == ("Line one.\r\nLine two.", "utf-8")


def test_cp1252_curly_quotes_are_detected():
    text, encoding = decode_bytes((TEXT + " The harvest was the largest in a decade.").encode("cp1252"))
    assert "\u201cministry\u201d" in text and "Café" in text
    assert encoding == "cp1252"


def test_latin1_text_is_decoded():
    raw = "Le café et le thé coûtent plus cher à Zürich cette année, a déclaré le ministère.".encode("latin-1")
    text, encoding = decode_bytes(raw)
    assert "café" in text and "Zürich" in text
    assert encoding in ("latin_1", "cp1252", "iso8859_15")


def test_utf16_with_bom_is_decoded():
    text, encoding = decode_bytes(TEXT.encode("utf-16"))
    assert text == TEXT and encoding == "utf-16"


def test_nul_bytes_are_binary():
    with pytest.raises(ArticleError) as err:
        decode_bytes(b"PK\x03\x04\x00\x00 zip")
    assert err.value.reason == "binary_content"


def test_control_characters_are_binary():
    with pytest.raises(ArticleError) as err:
        decode_bytes(bytes(range(1, 9)) * 50 + b"some text")
    assert err.value.reason == "binary_content"


def test_declared_charset_of_a_page_is_used():
    raw = '<html><head><meta charset="windows-1252"></head><body>“Quoted”</body></html>'.encode("cp1252")
    assert declared_charset(raw) == "windows-1252"
    assert decode_bytes(raw, declared_charset(raw)) == (raw.decode("cp1252"), "cp1252")


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(ArticleError) as err:
        read_limited(path, gz=False, limit=100)
    assert err.value.reason == "too_large"


def test_gzip_bomb_is_refused_while_decompressing(tmp_path):
    path = tmp_path / "big.html.gz"
    path.write_bytes(gzip.compress(b" " * 1_000_000))
    with pytest.raises(ArticleError) as err:
        read_limited(path, gz=True, limit=1000)
    assert err.value.reason == "too_large"


def test_corrupt_gzip_is_a_reject(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt.gz").write_bytes(b"not gzip at all")
    assert _items(folder) == [Reject("in/a.txt.gz", "corrupt_archive", _items(folder)[0].detail)]


def test_jsonl_lines_are_inputs_and_bad_lines_rejects_with_line_numbers(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [b'{"text": "one"}', b"", b"{not json", b"[1, 2]", b'{"text": "' + b"x" * 200 + b'"}', b'{"text": "five"}']
    (folder / "dump.jsonl.gz").write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    items = _items(folder, limit=100)
    assert [(i.path, type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("in/dump.jsonl.gz#L1", "Input", None),
        ("in/dump.jsonl.gz#L3", "Reject", "invalid_json"),
        ("in/dump.jsonl.gz#L4", "Reject", "invalid_json"),
        ("in/dump.jsonl.gz#L5", "Reject", "too_large"),
        ("in/dump.jsonl.gz#L6", "Input", None),
    ]
    assert items[-1].record == {"text": "five"} and items[-1].raw == b'{"text": "five"}'


def test_symlinked_file_and_folder_are_rejected_not_followed(tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "private.txt").write_text("private words")
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(outside / "private.txt", folder / "link.txt")
    os.symlink(outside, folder / "linked_dir")
    items = _items(folder)
    assert [(i.path, i.reason) for i in items] == [("in/linked_dir", "symlink"), ("in/link.txt", "symlink")]


def test_paths_are_relative_even_for_a_folder_outside_the_root(tmp_path):
    folder = tmp_path / "elsewhere" / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text("text")
    (item,) = _items(folder, root=tmp_path / "repo")
    assert item.path == "articles/sub/a.txt" and item.key == "sub/a.txt"


def test_unsupported_and_disabled_formats_are_rejected(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"%PDF")
    (folder / "b.html").write_text("<p>x</p>")
    (folder / ".hidden").write_text("x")
    (folder / "manifest.csv").write_text("path\n")
    items = _items(folder, formats=("txt",))
    assert [(i.path, i.reason) for i in items] == [("in/a.pdf", "unsupported_file_type"),
                                                   ("in/b.html", "unsupported_file_type")]
    assert "'html' is not in ingest.formats" in items[1].detail


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    assert [(i.path, i.reason) for i in _items(folder)] == [("in/pipe.txt", "not_a_file")]


def test_in_memory_files_are_read_like_files_on_disk():
    items = inputs_from_bytes("d/dump.jsonl", b'{"text": "a"}\n\n{"text": "b"}\n')
    assert [i.path for i in items] == ["d/dump.jsonl#L1", "d/dump.jsonl#L3"]
    assert isinstance(inputs_from_bytes("p.html.gz", gzip.compress(b"<p>x</p>"))[0], Input)


def test_in_memory_gzip_is_decompressed_only_up_to_the_limit():
    (reject,) = inputs_from_bytes("big.txt.gz", gzip.compress(b" " * 1_000_000), limit=1000)
    assert reject.reason == "too_large"
    (reject,) = inputs_from_bytes("bad.html.gz", b"not gzip")
    assert reject.reason == "corrupt_archive"
