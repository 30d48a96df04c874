"""How fast hostile input is answered, against well-formed input of the same kind read
in the same run: refusals must cost no more than reading.

    python -m benchmarks.hostile

Prints one row per case: dossier's time on the hostile input, the peer's time, the ratio.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import yaml

from dossier.sources.plain import text_paragraphs
from dossier.sources.webpage import read_page
from dossier.store.checking import read_file
from dossier.store.loader import load_library
from dossier.text.quotes import closest_passage, find_quote
from tests.hostile.generate import MANY, generate

FILES = Path(__file__).parent.parent / "tests" / "hostile" / "files"


def best(action, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def valid_files(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        text = f"id: notes-{number}\ntitle: Notes\nclaims: []\n"
        (folder / f"notes-{number:05}.yaml").write_text(text, "utf-8")
    return folder


def linked_dossiers(folder: Path, claims: int, broken: bool) -> Path:
    """A source, a dossier of `claims` claims (its title left open when `broken`), and
    another whose every claim supports one of them."""
    folder.mkdir()
    (folder / "source.yaml").write_text("id: src\ntitle: S\nparagraphs:\n  - id: p1\n    text: T\n", "utf-8")
    items = "".join(f"  - id: claim-{n}\n    text: T\n    evidence:\n      - at: src#p1\n" for n in range(claims))
    title = "[left open" if broken else "Claims"
    (folder / "claims.yaml").write_text(f"id: claims\ntitle: {title}\nclaims:\n{items}", "utf-8")
    links = "".join(
        f"  - id: other-{n}\n    text: T\n    evidence:\n      - at: src#p1\n    supports: [claim-{n}]\n"
        for n in range(claims)
    )
    (folder / "other.yaml").write_text(f"id: other\ntitle: Other\nclaims:\n{links}", "utf-8")
    return folder


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = generate(Path(temporary) / "hostile")
        valid = valid_files(Path(temporary) / "valid", MANY)
        small = str(FILES / "bom-crlf.yaml")
        same_size = Path(temporary) / "valid-200k.yaml"
        paragraphs = "".join(f"  - id: p{n}\n    text: Paragraph {n}, written out.\n" for n in range(4000))
        same_size.write_text(f"id: big\ntitle: Big\nparagraphs:\n{paragraphs}", "utf-8")
        bomb = FILES / "alias-bomb.yaml"
        broken = linked_dossiers(Path(temporary) / "broken-dossier", 3000, broken=True)
        linked = linked_dossiers(Path(temporary) / "linked-dossier", 3000, broken=False)
        words = [
            "the",
            "ministry",
            "said",
            "that",
            "people",
            "were",
            "evacuated",
            "from",
            "the",
            "city",
            "on",
            "monday",
        ]
        paragraph = " ".join(words[n % len(words)] for n in range(40_000))
        lost = "the ministry said that peeple were evacuated from " * 400
        found = paragraph[100_000:120_000]
        letters = "Intro.\n\n" + "a" * 1_000_000 + "\nand the line after it.\n"
        prose = "Intro.\n\n" + "the ministry said that people were evacuated\n" * 22_000
        hyphens = "Intro.\n\n" + "evacu-\nated\n" * 80_000
        unbroken = "the ministry said that people were evacuated from the\ntown\n" * 18_000  # no blank line
        spans = " ".join(f"word{number}<span hidden>hidden</span>" for number in range(32_000))
        hidden_spans = f"<html><body><p>The council voted. {spans}</p></body></html>"
        shown_spans = hidden_spans.replace(" hidden>", ">")
        rows = [
            (
                "a text of 1,000,000 letters in one run",
                best(lambda: text_paragraphs(letters), 1),
                "1 MB of hard-wrapped prose",
                best(lambda: text_paragraphs(prose), 1),
            ),
            (
                "80,000 words broken by hyphens (1 MB)",
                best(lambda: text_paragraphs(hyphens), 1),
                "1 MB of hard-wrapped prose",
                best(lambda: text_paragraphs(prose), 1),
            ),
            (
                "1 MB of wrapped prose, no blank line",
                best(lambda: text_paragraphs(unbroken), 1),
                "1 MB of hard-wrapped prose",
                best(lambda: text_paragraphs(prose), 1),
            ),
            (
                "a page's paragraph of 32,000 hidden spans",
                best(lambda: read_page(hidden_spans, "hidden.html"), 1),
                "the same page, its spans shown",
                best(lambda: read_page(shown_spans, "shown.html"), 1),
            ),
            (
                f"{MANY:,} broken files, all reported",
                best(lambda: load_library([folder / "many-broken"]), 1),
                f"{MANY:,} valid files",
                best(lambda: load_library([valid]), 1),
            ),
            (
                "200 MiB file, refused by the size cap",
                best(lambda: read_file(str(folder / "huge-200mb.yaml"))),
                "a 146-byte valid file",
                best(lambda: read_file(small)),
            ),
            (
                "100,000 levels of nesting (200 KB)",
                best(lambda: read_file(str(folder / "deep-nesting-100000.yaml"))),
                f"a valid {same_size.stat().st_size // 1000} KB source",
                best(lambda: read_file(str(same_size))),
            ),
            (
                "1,000,000 values (4 MB), refused at the cap",
                best(lambda: read_file(str(folder / "million-values.yaml")), 1),
                "libyaml's safe load of the same file",
                best(lambda: yaml.load((folder / "million-values.yaml").read_text("utf-8"), yaml.CSafeLoader), 1),
            ),
            (
                "3,000 claims linked into a broken file",
                best(lambda: load_library([broken]), 1),
                "the same, the file not broken",
                best(lambda: load_library([linked]), 1),
            ),
            (
                "a 20 KB quote not found in 200 KB",
                best(lambda: closest_passage(paragraph, lost)),
                "the same paragraph's 20 KB found",
                best(lambda: find_quote(paragraph, found)),
            ),
            (
                "alias bomb (342 bytes), refused",
                best(lambda: read_file(str(bomb))),
                "yaml.safe_load of it (no walk)",
                best(lambda: yaml.safe_load(bomb.read_text("utf-8"))),
            ),
        ]
    print(f"{'hostile input':42} {'dossier':>12}   {'peer, same run':32} {'peer':>12}  ratio")
    for name, seconds, peer, peer_seconds in rows:
        ratio = seconds / peer_seconds if peer_seconds else float("inf")
        print(f"{name:42} {seconds * 1000:9.3f} ms   {peer:32} {peer_seconds * 1000:9.3f} ms  {ratio:5.2f}")


if __name__ == "__main__":
    main()
