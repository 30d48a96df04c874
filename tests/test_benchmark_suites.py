"""The importing benchmark reads public test suites as their authors wrote them: Postlight
Parser's tests state what each page must give in JavaScript, and its pages were saved with
their <meta> tags altered; docling's state each PDF's reading as Markdown, with its own marks.
What the benchmark reads of them is what they say."""

from __future__ import annotations

import os

from benchmarks.importing import _names, _same_day, docling_documents, docling_table_rows, scores
from benchmarks.postlight import cases

TEST = r"""
describe('ExampleComExtractor', () => {
  describe('initial test case', () => {
    beforeAll(() => {
      const html = fs.readFileSync('./fixtures/example.com.html');
    });
    it('returns the title', async () => {
      assert.equal(title, 'It\'s the \u201cheadline\u201d');
    });
    it('returns the author', async () => {
      assert.equal(author, "Ana " + `Ruiz`);
    });
    it('returns the date_published', async () => {
      assert.equal(date_published, null);
    });
    it('returns the content', async () => {
      assert.equal(
        first13,
        'The city council voted'
      );
    });
  });
});
"""


def test_postlights_cases_are_read_as_its_tests_state_them_and_its_pages_get_their_meta_content_back(tmp_path):
    (tmp_path / "src" / "extractors" / "custom" / "example.com").mkdir(parents=True)
    (tmp_path / "src" / "extractors" / "custom" / "example.com" / "index.test.js").write_text(TEST, "utf-8")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "example.com.html").write_bytes(
        b'<html><head><meta value="Courier" name="og:site_name"><input value="kept"></head></html>'
    )
    [case] = cases(tmp_path)
    assert case["title"] == "It's the “headline”"
    assert case["author"] == "Ana Ruiz"
    assert "date_published" not in case  # null: no date stated
    assert case["first13"] == "The city council voted"
    assert case["page"] == b'<html><head><meta content="Courier" name="og:site_name"><input value="kept"></head></html>'


def test_a_day_is_the_days_of_a_utc_time_in_the_worlds_time_zones_and_no_other():
    assert _same_day("2019-03-05", "2019-03-04T15:00:00.000Z")  # Tokyo, UTC+9
    assert _same_day("2016-12-13", "2016-12-14T06:02:15Z")  # California, UTC-8
    assert not _same_day("2019-03-06", "2019-03-04T15:00:00.000Z")
    assert not _same_day("2016-12-13", "2016-12-14T13:00:00Z")  # UTC-12 is the 14th already
    assert not _same_day(None, "2016-12-14T13:00:00Z")


def test_a_paragraph_is_whole_as_shown_soft_hyphens_and_composed_accents_aside():
    # The expected text, copied from the page, keeps its soft hyphens and decomposed
    # accents; neither shows. Any other difference is one.
    truth = "Der Not\u00adfall\u00addaten\u00adsatz der Re\u0301gion.\nEin zweiter Absatz."
    assert scores(truth, ["Der Notfalldatensatz der Région.", "Ein zweiter Absatz."])[2:] == (2, 2, 2)
    assert scores(truth, ["Der Notfalldatensatz der Region.", "Ein zweiter Absatz"])[2:] == (0, 1, 2)


def test_authors_are_their_words_case_and_order_aside():
    assert _names("JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL") == _names(
        "Josh Haskell, David Caplan, Patrick Reevell"
    )
    assert _names("By Ana Ruiz") == _names("Ana Ruiz")
    assert _names("Ana Ruiz") != _names("Ana Ruiz, Mara Lindqvist")


DOCLING_MARKDOWN = """<!-- image -->

## 1.1 Security fundamentals

Before reviewing database security techniques, there are two fundamental steps:

- SM590000 First, and most important, is the definition of a security policy .
- 2. Second, the use of resource security.
- \x84 \x84 Yes, at the national (federal) level
- \x84 \x84 \u2610No limitation

| Role   | Access   |
|--------|----------|
| MGR    | \\*ALLOBJ |

$$x = y$$

```
CREATE MASK ON EMPLOYEES
```

The user\\_name column holds the profile &amp; its group.
"""


def test_doclings_readings_are_its_markdowns_lines_without_marks_tables_pictures_formulas_or_code(tmp_path):
    (tmp_path / "groundtruth").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "groundtruth" / "manual.md").write_text(DOCLING_MARKDOWN, "utf-8")
    (tmp_path / "sources" / "manual.pdf").write_bytes(b"%PDF-1.4 the document")
    (tmp_path / "groundtruth" / "unpaired.md").write_text("No PDF beside it.", "utf-8")
    assert docling_documents(tmp_path) == [
        (
            "manual",
            b"%PDF-1.4 the document",
            [
                "1.1 Security fundamentals",
                "Before reviewing database security techniques, there are two fundamental steps:",
                "First, and most important, is the definition of a security policy .",
                "Second, the use of resource security.",
                "Yes, at the national (federal) level",
                "No limitation",
                "The user_name column holds the profile & its group.",
            ],
        )
    ]


def test_doclings_table_rows_are_each_rows_cells_in_order_without_its_rule(tmp_path):
    (tmp_path / "groundtruth").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "groundtruth" / "manual.md").write_text(DOCLING_MARKDOWN, "utf-8")
    (tmp_path / "sources" / "manual.pdf").write_bytes(b"%PDF-1.4 the document")
    (tmp_path / "groundtruth" / "unpaired.md").write_text("| A | B |\n| - | - |\n| no PDF | beside it |", "utf-8")
    (tmp_path / "groundtruth" / "prose.md").write_text("No table here.", "utf-8")
    (tmp_path / "sources" / "prose.pdf").write_bytes(b"%PDF-1.4 prose")
    assert docling_table_rows(tmp_path) == [("manual", b"%PDF-1.4 the document", ["Role Access", "MGR \\*ALLOBJ"])]


def test_the_sweep_counts_imports_refusals_by_reason_and_failures_by_file(tmp_path, monkeypatch):
    from benchmarks.sweep import swept

    from .support import FIXTURES

    (tmp_path / "pages" / "more").mkdir(parents=True)
    (tmp_path / "pages" / "article.html").write_bytes((FIXTURES / "pages" / "article.html").read_bytes())
    (tmp_path / "pages" / "more" / "notes.md").write_text("# Notes\n\nThe council met on Tuesday.\n", "utf-8")
    (tmp_path / "pages" / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "pages" / "also junk.bin").write_bytes(bytes(range(256)) * 8)
    imported, refused, failed, seconds = swept([tmp_path / "pages"])
    assert (imported, failed, len(seconds)) == (2, [], 4)
    assert sorted(os.path.basename(name) for _, name in seconds) == [
        "also junk.bin",
        "article.html",
        "junk.bin",
        "notes.md",
    ]
    # each refusal by what it says, its file's name taken out
    assert [(reason.split(" (")[0], count) for reason, count in refused.items()] == [
        ("binary data, not a web page, a PDF or text", 2)
    ]

    import dossier.sources.importing as importing

    def broken(data, name, *arguments):
        raise RuntimeError(f"a bug in reading {os.path.basename(name)}")

    monkeypatch.setattr(importing, "import_one", broken)
    imported, refused, failed, _ = swept([tmp_path / "pages" / "more"])
    assert (imported, sum(refused.values()), [name for name, _ in failed]) == (
        0,
        0,
        [str(tmp_path / "pages" / "more" / "notes.md")],
    )
    assert "RuntimeError: a bug in reading notes.md" in failed[0][1]
