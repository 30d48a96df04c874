"""A new version recorded into source files written in every way people write them: dashes
indented or not, a dash alone on its line, texts plain, quoted, folded or in block scalars,
comments between fields and between paragraphs, earlier versions there or not, a document's
end marker, no final line break, Windows line endings, a byte-order mark. Whatever the
style, the new version is recorded, reads back as recorded, the version replaced as it
was, and every line of the file outside `paragraphs` and `archive` stays, in order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from dossier.store.loader import load_library
from dossier.versions.recording import record_version

from .test_authoring_styles import scalar

TEXTS = [
    "Troops seized the village on Monday, the agency said.",
    "The agency gave a figure of 3,000 soldiers lost.",
    "Talks with the soldier's family were reported.",
    "A ministry spokesman declined to comment.",
]


@st.composite
def source_text(draw) -> tuple[str, list[int]]:
    """A valid source file's text in drawn styles; the lines (from 0) of its paragraphs' block."""
    dash = draw(st.sampled_from([0, 2, 4]))
    dash_alone = draw(st.booleans())
    keys = dash + 2
    out = []
    if draw(st.booleans()):
        out.append("# kept by hand")
    out += ["id: report", "title: A report"]
    if draw(st.booleans()):
        out.append("# checked against the print edition")
    out.append("publisher: The Courier")
    if draw(st.booleans()):
        out += ["archive:", "  file: originals/report-0123456789ab.txt.gz", "  sha256: " + "ab" * 32]
        out += ["  size: 120", "  kind: text"]
    start = len(out)
    out.append("paragraphs:" + draw(st.sampled_from(["", "  # the article as read in December"])))
    for number, text in enumerate(TEXTS, 1):
        if number > 1 and draw(st.booleans()):
            out.append(" " * dash + f"# p{number}: noted")
        value = draw(scalar(text, keys + 2))
        first = f"text: {value[0]}" if value[0] else "text:"
        if dash_alone:
            out += [" " * dash + "-", " " * keys + f"id: p{number}", " " * keys + first]
        else:
            out += [" " * dash + f"- id: p{number}", " " * keys + first]
        out += [line.rstrip() if not line.strip() else line for line in value[1:]]
    stop = len(out)
    if draw(st.booleans()):
        out += ["versions:", " " * dash + "- version: 1", " " * keys + "paragraphs:"]
        out += [" " * keys + "- id: p1", " " * (keys + 2) + "text: An earlier text."]
    if draw(st.booleans()):
        out.append("...")
    text = "\n".join(out)
    if draw(st.booleans()) or not out[-1].strip():
        text += "\n"
    return text, list(range(start, stop))


@settings(
    max_examples=int(__import__("os").environ.get("STYLE_EXAMPLES", 200)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(written=source_text(), ending=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
# Found by the run above: the file ending, without a line break, in a `|` block scalar that
# moves into `versions` with lines after it (its text would gain a break): refused, until
# its header was made `|-` as it moved.
@example(
    written=(
        "id: report\ntitle: A report\npublisher: The Courier\nparagraphs:\n"
        + "".join(f"- id: p{number}\n  text: {text}\n" for number, text in enumerate(TEXTS[:3], 1))
        + f"- id: p4\n  text: |\n    {TEXTS[3]}",
        list(range(3, 13)),
    ),
    ending="\n",
    bom=False,
)
def test_a_version_is_recorded_into_every_style_changing_only_what_it_must(tmp_path, written, ending, bom):
    text, listed = written
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "report.yaml"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.replace("\n", ending).encode())
    library = load_library([folder])
    assume(not library.problems)  # the generator writes valid files; a few are not
    before = library.sources["report"]
    new_texts = [TEXTS[0], TEXTS[1].replace("3,000", "4,000"), "A paragraph added.", *TEXTS[2:]]
    record_version(library, "report", "\n\n".join(new_texts).encode(), "new.txt", now="2026-12-06T10:00:00Z")
    after = load_library([folder])
    assert not after.problems, after.problems
    source = after.sources["report"]
    assert [paragraph.text for paragraph in source.paragraphs.values()] == new_texts
    assert source.versions[-1].paragraphs == tuple((pid, p.text) for pid, p in before.paragraphs.items())
    assert (source.title, source.publisher) == (before.title, before.publisher)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == bom
    new = data.decode("utf-8-sig")
    if ending == "\r\n":
        assert "\n" not in new.replace("\r\n", "")
    # Every line outside `paragraphs` and `archive` is still there, in order.
    archive = [number for number, line in enumerate(text.split("\n")) if line.startswith("  ") and number < listed[0]]
    kept = [line for number, line in enumerate(text.split("\n")) if number not in listed and number not in archive]
    kept = [line for line in kept if line not in ("archive:",)]
    new_lines = iter(new.replace("\r\n", "\n").split("\n"))
    assert all(any(line == found for found in new_lines) for line in kept), new
    # The paragraphs' comments moved with them, into the version replaced.
    for line in (text.split("\n")[number] for number in listed):
        if line.lstrip().startswith("#"):
            assert line.strip() in new.split("versions:", 1)[1]
