"""The fields `dossier import` gives a saved web page, as a reader would cite them: the
headline the page shows over its article and the date it shows by it, where its metadata words
the title otherwise or states no date; the site's name, never an address; an id where the
title gives none. Run as a user runs it: a new process, its output."""

from __future__ import annotations

import re

import pytest
import yaml

from .support import FIXTURES, run

PAGE = (FIXTURES / "pages" / "article.html").read_text("utf-8")
STATED = '<meta property="og:title" content="Council votes to close the old bridge">'
TITLE = "<title>Council votes to close the old bridge | The Riverside Courier</title>"
HEADLINE = "<h1>Council votes to close the old bridge</h1>"


def imported(tmp_path, html: str) -> dict:
    page = tmp_path / "page.html"
    page.write_text(html, "utf-8")
    result = run("import", page)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


@pytest.mark.parametrize(
    ("stated", "shown"),
    [
        # Worded for search engines or social media: another headline altogether.
        ("Why is the old bridge closing?", "Engineers find corrosion: council shuts the swing bridge to traffic"),
        # The same headline, a word changed and typographic quotes.
        ("Council votes to close 'unsafe' old bridge", "Council votes to close ‘unsafe’ old swing bridge"),  # noqa: RUF001
    ],
    ids=["another headline", "reworded"],
)
def test_the_title_is_the_headline_shown_over_the_article_not_the_one_the_metadata_states(tmp_path, stated, shown):
    html = PAGE.replace(STATED, f'<meta property="og:title" content="{stated}">')
    html = html.replace(TITLE, f"<title>{stated} | The Riverside Courier</title>")
    data = imported(tmp_path, html.replace(HEADLINE, f"<h1>{shown}</h1>"))
    assert data["title"] == shown
    assert data["paragraphs"][0]["text"] == shown  # the headline is the article's first paragraph too


def test_a_headline_between_separators_of_the_title_is_the_title_without_the_sites_name_before_it(tmp_path):
    html = PAGE.replace(STATED, "").replace(
        TITLE, "<title>The Riverside Courier - Council votes to close the old bridge</title>"
    )
    assert imported(tmp_path, html)["title"] == "Council votes to close the old bridge"


@pytest.mark.parametrize(
    "heading",
    [
        # A section's name, just over the article: too short for a headline.
        "<h1>Transport news</h1>",
        # A headline's length, but a page of links away from the article.
        "<h1>Welcome to the pages of the Riverside Courier</h1>"
        + "".join(f'<p><a href="/{n}">Another story of the week, number {n}</a></p>' for n in range(30)),
    ],
    ids=["section", "far"],
)
def test_an_h1_that_is_not_the_articles_headline_leaves_the_stated_title(tmp_path, heading):
    html = PAGE.replace(STATED, '<meta property="og:title" content="Old bridge to close in January">')
    html = html.replace(HEADLINE, "").replace("<main>", f"<main>{heading}")
    assert imported(tmp_path, html)["title"] == "Old bridge to close in January"


# The page states no date: no <meta>, no <time>, no date in its address.
UNDATED = re.sub(
    r"<time[^>]*>.*?</time>",
    "",
    PAGE.replace('<meta property="article:published_time" content="2024-11-14T09:30:00+00:00">', "").replace(
        "news/2024/11/14/old-bridge", "news/old-bridge"
    ),
)
BYLINE = '<p class="byline">By <a href="/authors/mara">Mara Lindqvist</a></p>'


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        ("<p>Updated: Nov 14, 2024, 9:30 AM</p>", "2024-11-14"),
        ("<p>14 November 2024</p>", "2024-11-14"),
        ("<p>2024年11月14日 09時30分</p>", "2024-11-14"),
        ("<p>最終更新日：2024/11/14</p>", "2024-11-14"),  # noqa: RUF001 (Japanese is written so)
        ("<p>입력 2024년 11월 14일</p>", "2024-11-14"),
    ],
)
def test_a_page_stating_no_date_is_given_the_date_it_shows_by_its_headline(tmp_path, dateline, published):
    data = imported(tmp_path, UNDATED.replace(BYLINE, BYLINE + dateline))
    assert data["published"] == published


@pytest.mark.parametrize(
    "text",
    [
        # A year alone is no date of publication.
        "<p>© 2024</p>",
        # A date in the article's own sentences is what it tells of.
        "<p>The council first met about the bridge on 3 March 2019, when the engineers' report was only "
        "a draft, and again in the autumn, when they asked for the full survey.</p>",
        # An impossible day.
        "<p>2024/02/30</p>",
    ],
    ids=["year", "sentence", "impossible"],
)
def test_no_date_is_taken_from_a_year_a_sentence_or_an_impossible_day(tmp_path, text):
    data = imported(tmp_path, UNDATED.replace(BYLINE, BYLINE + text))
    assert "published" not in data


def test_a_date_shown_on_a_short_line_at_the_articles_start_is_read_up_to_its_prose(tmp_path):
    # No headline in an <h1>: the article opens with a short heading, then the date, after
    # a menu of many lines.
    html = UNDATED.replace(HEADLINE, "<h2>News release</h2>").replace(BYLINE, BYLINE + "<p>2024.11.14</p>")
    html = html.replace("<main>", "<main>" + "".join(f'<p><a href="/{n}">Section {n}</a></p>' for n in range(20)))
    data = imported(tmp_path, html)
    assert (data["paragraphs"][0]["text"], data["published"]) == ("News release", "2024-11-14")


def test_the_date_the_metadata_states_comes_before_the_one_shown(tmp_path):
    html = PAGE.replace(BYLINE, BYLINE + "<p>Updated: Nov 20, 2024</p>")
    assert imported(tmp_path, html)["published"] == "2024-11-14"


@pytest.mark.parametrize(
    "headline",
    [
        "ゴールデンウィークにおける情報セキュリティに関する注意喚起",
        # Korean, with a number: its id was "19", all of the title that has an ASCII form
        "코로나-19 관련 보험약관상 재해보험금 지급문제 및 개선과제",
        "Выборы 2024 года в городском совете",
    ],
)
def test_a_page_titled_in_another_script_is_given_an_id_from_its_files_name(tmp_path, headline):
    html = PAGE.replace(STATED, "").replace(TITLE, f"<title>{headline}</title>")
    page = tmp_path / "golden-week.html"
    page.write_text(html.replace(HEADLINE, f"<h1>{headline}</h1>"), "utf-8")
    (tmp_path / "out").mkdir()
    result = run("import", page, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((tmp_path / "out" / "golden-week.yaml").read_text("utf-8"))
    assert (data["id"], data["title"]) == ("golden-week", headline)


@pytest.mark.parametrize("site_name", [True, False])
def test_the_publisher_is_the_sites_name_never_an_address(tmp_path, site_name):
    # trafilatura takes a site's Facebook page, in article:publisher, for its name.
    facebook = '<meta property="article:publisher" content="https://www.facebook.com/riversidecourier">'
    html = PAGE.replace("<style>", f"{facebook}<style>")
    if not site_name:
        html = html.replace('<meta property="og:site_name" content="The Riverside Courier">', "")
    data = imported(tmp_path, html)
    assert data.get("publisher") == ("The Riverside Courier" if site_name else None)


def test_the_sites_name_set_as_a_heading_over_the_article_is_no_headline(tmp_path):
    html = PAGE.replace(STATED, '<meta property="og:title" content="Old bridge to close in January">')
    masthead = "<h1>The Riverside Courier: news you can trust</h1>"
    html = html.replace(HEADLINE, "").replace("<main>", f"<main>{masthead}")
    assert imported(tmp_path, html)["title"] == "Old bridge to close in January"


def test_a_headline_holding_the_letters_of_a_short_site_name_is_still_the_headline(tmp_path):
    # "AP" is in "Japan" as letters, not as a word.
    html = PAGE.replace('content="The Riverside Courier"', 'content="AP"').replace(STATED, "")
    html = html.replace(TITLE, "<title>Transport news</title>")
    shown = "Japan pays for the repairs to the swing bridge"
    data = imported(tmp_path, html.replace(HEADLINE, f"<h1>{shown}</h1>"))
    assert data["title"] == shown


def test_a_slideshows_captions_counted_1_of_n_are_no_paragraphs_of_the_article(tmp_path):
    # The Independent sets a gallery of fifty slides in its article's page ("1/50 United goin
    # down Manchester United's absence…"), which the extraction library keeps as paragraphs.
    slides = "".join(
        f"<p>{number}/4 Slide {number} Residents watched the bridge close from the east bank on day {number}.</p>"
        for number in range(1, 5)
    )
    data = imported(tmp_path, PAGE.replace("</article>", f"{slides}</article>"))
    texts = [paragraph["text"] for paragraph in data["paragraphs"]]
    assert not any("Slide" in text for text in texts), texts
    assert texts[-1] == "A final vote on the budget for the repairs is due next month."


def test_fractions_at_the_start_of_paragraphs_are_no_slideshow(tmp_path):
    # A recipe's "1/2 cup …" lines count nothing up: they stay.
    lines = ["1/2 cup of flour for the base.", "1/2 cup of sugar for the filling.", "3/4 cup of milk, warmed first."]
    items = "".join(f"<p>{line}</p>" for line in lines)
    data = imported(tmp_path, PAGE.replace("</article>", f"{items}</article>"))
    texts = [paragraph["text"] for paragraph in data["paragraphs"]]
    assert texts[-3:] == lines
