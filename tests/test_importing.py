"""`dossier import` of the documents analysts have: saved web pages, PDFs, Markdown and
hard-wrapped text, as a user runs it (a new process, its output, its files), and what it
says of what it cannot read. PDFs are typeset here by groff (benchmarks/typeset.py), so
that the paragraphs a reader sees in them are known."""

from __future__ import annotations

import gzip
import hashlib
import importlib
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from benchmarks.typeset import document, typeset
from dossier import __version__
from dossier.sources.original import READING, read_original
from dossier.store.loader import load_library

from .drawn_pdf import Block, drawn_pdf
from .support import FIXTURES, run

PAGE = FIXTURES / "pages" / "article.html"
# The page's headline, taken out where a test reads the title its metadata states: the
# headline shown over the article is the title where there is one (test_page_fields.py).
HEADLINE = "<h1>Council votes to close the old bridge</h1>"

ARTICLE = [
    "Council votes to close the old bridge",
    "The city council voted 7–2 on Wednesday to close the old swing bridge to traffic from January, after "
    "engineers found corrosion in three of its four main supports.",
    "“We cannot ask people to drive over a bridge we would not stand under,” said Ana Ruiz, who chairs the "
    "transport committee. The bridge, opened in 1911, carries about 9,000 vehicles a day.",
    "What the engineers found",
    "The report, commissioned in the spring, lists the damage support by support. It says the north pier is the "
    "worst, and that repairs would cost £4.2 million and take two years.",
    "Pedestrians and cyclists may still cross until March.",
    "Buses will use the new bridge, adding about six minutes to routes 4 and 12.",
    "Residents on the east bank said they had not been consulted.",
    "Their association plans a meeting on 21 November.",
    "A final vote on the budget for the repairs is due next month.",
]


def groff() -> None:
    if shutil.which("groff") is None:
        pytest.fail("groff is missing: sh scripts/test-tools.sh installs it", pytrace=False)


def imported_texts(tmp_path, name: str, html: str) -> list[str]:
    """The paragraphs' texts of a page `dossier import` reads, as its output has them."""
    page = tmp_path / name
    page.write_text(html, "utf-8")
    result = run("import", page)
    assert result.returncode == 0, result.stderr
    return [paragraph["text"] for paragraph in yaml.safe_load(result.stdout)["paragraphs"]]


def input_texts(text: str, *options: str) -> list[str]:
    """The paragraphs' texts of `text`, given to `dossier import -` on its standard input."""
    result = run("import", "-", *options, input=text)
    assert result.returncode == 0, result.stderr
    return [paragraph["text"] for paragraph in yaml.safe_load(result.stdout)["paragraphs"]]


# --- web pages --------------------------------------------------------------------------------


def test_a_saved_page_becomes_its_article_alone_with_the_pages_fields_and_its_original_archived(tmp_path):
    page = tmp_path / "Council votes.html"
    shutil.copy(PAGE, page)
    result = run("import", page, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "council-votes-to-close-the-old.yaml"
    source = load_library([path]).sources["council-votes-to-close-the-old"]
    assert [paragraph.text for paragraph in source.paragraphs.values()] == ARTICLE
    assert (source.title, source.publisher, source.authors, source.published, source.url, source.language) == (
        "Council votes to close the old bridge",
        "The Riverside Courier",
        ("Mara Lindqvist",),
        "2024-11-14",
        "https://courier.example/news/2024/11/14/old-bridge",
        "en-GB",
    )
    original = PAGE.read_bytes()
    digest = hashlib.sha256(original).hexdigest()
    archived = tmp_path / "originals" / f"council-votes-to-close-the-old-{digest[:12]}.html.gz"
    assert gzip.decompress(archived.read_bytes()) == original
    assert (source.archive.file, source.archive.sha256, source.archive.size, source.archive.kind) == (
        f"originals/{archived.name}",
        digest,
        len(original),
        "html",
    )
    assert result.stderr == (
        f"dossier: wrote {path}: source council-votes-to-close-the-old, 10 paragraphs; "
        f"original archived in {archived}\n"
    )
    shown = run("show", "council-votes-to-close-the-old", path)
    assert f"archived: originals/{archived.name} (sha256 {digest[:12]}…" in shown.stdout


def test_a_page_gzipped_in_another_charset_undeclared_reads_as_the_page_shows(tmp_path):
    html = PAGE.read_text("utf-8").replace('<meta charset="utf-8">', "").replace("&pound;", "€")
    page = tmp_path / "saved-page"  # no suffix: the content says what it is
    page.write_bytes(gzip.compress(html.encode("windows-1252")))
    result = run("import", page, "--id", "bridge")
    assert result.returncode == 0, result.stderr
    texts = [item["text"] for item in yaml.safe_load(result.stdout)["paragraphs"]]
    assert texts[1].startswith("The city council voted 7–2") and "€4.2 million" in texts[4]


def test_an_xhtml_page_with_its_xml_declaration_reads_as_any_page(tmp_path):
    page = tmp_path / "page.xhtml"
    page.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n' + PAGE.read_bytes())
    result = run("import", page, "--id", "bridge")
    assert result.returncode == 0, result.stderr
    assert [item["text"] for item in yaml.safe_load(result.stdout)["paragraphs"]] == ARTICLE


def test_the_options_replace_what_the_page_says(tmp_path):
    result = run(
        "import", PAGE, "--id", "bridge", "--title", "The bridge vote", "--publisher", "Courier",
        "--published", "2024-11-13", "--url", "https://example.org/b",
    )  # fmt: skip
    data = yaml.safe_load(result.stdout)
    assert (data["id"], data["title"], data["publisher"], data["published"], data["url"]) == (
        "bridge", "The bridge vote", "Courier", "2024-11-13", "https://example.org/b",
    )  # fmt: skip


def test_a_page_stating_no_title_in_its_metadata_is_titled_by_its_title_element_not_a_sections_heading(tmp_path):
    html = PAGE.read_text("utf-8")
    for tag in (
        '<meta property="og:title" content="Council votes to close the old bridge">',
        "<h1>Council votes to close the old bridge</h1>",
    ):
        html = html.replace(tag, "")
    html = html.replace("<main>", "<main><h1>Transport</h1>")
    page = tmp_path / "page.html"
    page.write_text(html, "utf-8")
    data = yaml.safe_load(run("import", page).stdout)
    # The site's name after the headline goes too, where the page names its site.
    assert data["title"] == "Council votes to close the old bridge"


ESSAY = [
    f"Part {number} of the essay: the council met on a Tuesday in March, heard the engineers out, and argued "
    f"for an hour about what the bridge would cost and who would pay for it."
    for number in range(1, 9)
]


def test_an_essay_laid_out_in_a_table_comes_out_whole_its_quoted_paragraphs_too(tmp_path):
    # An old personal site: the article in one cell of a layout table, three paragraphs quoted.
    # trafilatura alone gives the cell as one row and leaves out the quote; readability-lxml's
    # reading holds all of trafilatura's and adds whole paragraphs, so it is the one taken.
    cell = "".join(f"<p>{text}" for text in ESSAY[:3])
    cell += "<blockquote>" + "".join(f"<p>{text}</p>" for text in ESSAY[3:6]) + "</blockquote>"
    cell += "".join(f"<p>{text}" for text in ESSAY[6:])
    page = tmp_path / "essay.html"
    page.write_text(
        "<html><head><title>An essay</title></head><body><table width=600><tr><td bgcolor=white>"
        f"<h1>An essay</h1>{cell}</td></tr></table></body></html>",
        "utf-8",
    )
    result = run("import", page)
    assert result.returncode == 0, result.stderr
    assert [item["text"] for item in yaml.safe_load(result.stdout)["paragraphs"]] == ["An essay", *ESSAY]


DEALS = [
    "Deals of the day",
    "Read our review of the service.",
    "If you just want the one service, you can sign up for a free 7-day trial. Afterwards you'll pay $6.99 per "
    "month, or a $69.99 annual subscription fee, which saves you $14.",
    "An even better deal is the bundle of three services. In that case you pay only $12.99 a month.",
    "Note: The bundle includes the second service with limited commercials; ad-free costs more.",
    "Some traders found the bundle's price to be a bit gloomier than expected.",
]


def test_a_paragraph_a_library_reads_in_pieces_or_cut_comes_out_as_the_page_shows_it(monkeypatch):
    # As trafilatura read a deals page: a paragraph split at its link, a lone "." after a
    # link, the space after "Note:" trimmed, a paragraph's first words left out. Each is
    # placed on the page's own text, and a block of no word is none. The "." once matched
    # the first wordless segment further down the page, and every paragraph after it was
    # left as the library gave it.
    article = importlib.import_module("dossier.sources.webpage.article")  # the module, not its function
    from dossier.sources.webpage import read_page

    html = (
        "<html><body><article><h1>Deals of the day</h1><p>Read our <a href='/r'>review of the service</a>.</p>"
        "<div>If you just want the one service, you can sign up for a <a href='/t'>free 7-day trial</a>. "
        "Afterwards you'll pay $6.99 per month, or a $69.99 annual subscription fee, which saves you $14.<br><br>"
        "An even better deal is the <a href='/b'>bundle of three services</a>. In that case you pay only $12.99 a "
        "month.<br><br><strong>Note: </strong>The bundle includes the second service with limited commercials; "
        "ad-free costs more.</div><p>Some traders found the <b><a href='/p'>bundle's price</a> </b>to be a bit "
        "gloomier than expected.</p></article><footer><p>.</p><p>© Deals</p></footer></body></html>"
    )
    read_by_trafilatura = [
        "Deals of the day",
        "Read our review of the service",
        ".",
        "If you just want the one service, you can sign up for a",
        "free 7-day trial. Afterwards you'll pay $6.99 per month, or a $69.99 annual subscription fee, which saves "
        "you $14.",
        "An even better deal is the",
        "bundle of three services. In that case you pay only $12.99 a month.",
        "Note:The bundle includes the second service with limited commercials; ad-free costs more.",
        "bundle's priceto be a bit gloomier than expected.",  # its beginning left out, a space lost
    ]
    monkeypatch.setattr(article, "_trafilatura", lambda tree, precision=True: read_by_trafilatura)
    monkeypatch.setattr(article, "_readability", lambda tree: [])
    assert read_page(html, "deals.html").paragraphs == DEALS


def test_a_paragraph_cut_at_a_link_the_library_left_out_comes_out_whole_and_once(monkeypatch):
    # As trafilatura read a Korean page's copyright line and an English paragraph: each cut
    # where a link is, the link's words left out, the rest given as a block of its own.
    # The paragraph is the page's, once; its rest is not given again. (Korean is dense:
    # 22 letters hold what 30 Latin ones do.)
    article = importlib.import_module("dossier.sources.webpage.article")  # the module, not its function
    from dossier.sources.webpage import read_page

    korean = (
        "저작권자 ⓒ '대중문화컨텐츠 전문가그룹' 엔터미디어("
        "<a href='http://www.entermedia.co.kr'>www.entermedia.co.kr</a>), 무단전재 및 재배포금지"
    )
    english = (
        "The council's auditors published their full report on the old bridge at "
        "<a href='/report'>riverside.example/report</a>, and the engineers' letters beside it."
    )
    paragraphs = f"<p>{english}</p><p>Pedestrians may still cross until March.</p><p>{korean}</p>"
    html = f"<html><body><article>{paragraphs}</article></body></html>"
    read_by_trafilatura = [
        "The council's auditors published their full report on the old bridge at",
        ", and the engineers' letters beside it.",
        "Pedestrians may still cross until March.",
        "저작권자 ⓒ '대중문화컨텐츠 전문가그룹' 엔터미디어(",
        "), 무단전재 및 재배포금지",
    ]
    monkeypatch.setattr(article, "_trafilatura", lambda tree, precision=True: read_by_trafilatura)
    monkeypatch.setattr(article, "_readability", lambda tree: [])
    assert read_page(html, "page.html").paragraphs == [
        "The council's auditors published their full report on the old bridge at riverside.example/report, "
        "and the engineers' letters beside it.",
        "Pedestrians may still cross until March.",
        "저작권자 ⓒ '대중문화컨텐츠 전문가그룹' 엔터미디어(www.entermedia.co.kr), 무단전재 및 재배포금지",
    ]


def test_cells_a_library_runs_together_come_out_as_the_page_shows_them(monkeypatch):
    # As trafilatura read LWN's table of releases inside a quote: the version cells run
    # together with nothing between them, the dates left out. Each cell is the page's.
    article = importlib.import_module("dossier.sources.webpage.article")  # the module, not its function
    from dossier.sources.webpage import read_page

    rows = [("4.2.3", "April 2014"), ("4.1.6", "April 2014"), ("4.2.4", "May 2014")]
    cells = "".join(f"<tr><td><a href='/r'>{release}</a></td><td>{date}</td></tr>" for release, date in rows)
    html = (
        "<html><body><article><p>The release history for the office suite tells a slightly different story:</p>"
        f"<blockquote><table>{cells}</table></blockquote></article></body></html>"
    )
    read_by_trafilatura = [
        "The release history for the office suite tells a slightly different story:",
        "4.2.34.1.64.2.4",
    ]
    monkeypatch.setattr(article, "_trafilatura", lambda tree, precision=True: read_by_trafilatura)
    monkeypatch.setattr(article, "_readability", lambda tree: [])
    assert read_page(html, "releases.html").paragraphs == [read_by_trafilatura[0], "4.2.3", "4.1.6", "4.2.4"]


def test_a_reading_that_fails_leaves_the_other_and_no_traceback():
    # As readability-lxml fails on an odd page: its traceback logged, then its own error
    # raised. In a process of its own, as a user's, with no logging set up.
    code = f"""
import logging, readability.readability as r
def fails(self, html_partial=False):
    try:
        raise ValueError("odd page")
    except ValueError:
        logging.getLogger("readability.readability").exception("error getting summary: ")
    raise r.Unparseable("odd page")
r.Document.summary = fails
from dossier.sources.original import read_original
found = read_original(open({str(PAGE)!r}, "rb").read(), "article.html")
print(len(found.paragraphs))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == (f"{len(ARTICLE)}\n", "")


def test_a_page_whose_markup_trafilatura_cannot_write_as_xml_is_read_by_readability(tmp_path):
    # Found by benchmarks.sweep on trafilatura's own test file: raw "<" in the text makes
    # lxml read tags with odd attribute names ("p<q" in …), and trafilatura's XML of them
    # fails to parse. That was an internal error; the other reading is taken instead.
    page = tmp_path / "notes.html"
    page.write_text(
        "<html><body>\n"
        '    "regression #849/#884: a nested scraped element (inline <code>, <p> in <blockquote>) must not be '
        'scraped twice."\n'
        '    assert "p<q" in run(tagletters)\n'
        '    assert "i<b and c>d holds" in run(tagletters)\n'
        "</body></html>\n",
        "utf-8",
    )
    result = run("import", page)
    assert (result.returncode, result.stderr) == (
        0,
        "dossier: source notes, 2 paragraphs; not archived (give -o PATH to keep the original beside the source)\n",
    )
    # (the words lxml leaves of the broken tags, as readability-lxml reads them)
    assert yaml.safe_load(result.stdout)["paragraphs"][-1]["text"] == (
        ') must not be scraped twice." assert "pd holds" in run(tagletters)'
    )


def test_a_page_of_one_sentence_is_an_article(tmp_path):
    page = tmp_path / "statement.html"
    page.write_text(
        "<html><body><p>The ministry confirmed the figure of 1,200 on Monday afternoon.</p></body></html>", "utf-8"
    )
    result = run("import", page, "--id", "statement", "--title", "Statement")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)["paragraphs"] == [
        {"id": "p1", "text": "The ministry confirmed the figure of 1,200 on Monday afternoon."}
    ]


def test_a_blog_post_written_in_by_a_script_is_read_from_its_noscript_copy(tmp_path):
    # Blogger's layout: the post is a script's template, shown by the script, and a copy in
    # <noscript>; trafilatura, favouring precision, keeps only the date and "No comments",
    # readability-lxml the blog's description. trafilatura's default reading finds the post.
    post = [
        "Over the past year the council's auditors have seen the cost of the old bridge's upkeep rise "
        "every quarter, and the engineers' reports have grown longer each time they were asked for one.",
        "Today we publish the auditors' full report, with the figures for each of the four supports, "
        "and the letters the engineers sent the council since the spring, so that readers can judge them.",
        "The report says the north pier needs the most work. Repairs would take two years, and the bridge "
        "would be closed to traffic for all of that time, though pedestrians could still cross it.",
    ]
    body = "".join(f"<p>\n{paragraph}\n</p>" for paragraph in post)
    html = (
        "<html><head><title>Riverside Audit Blog: The bridge report</title></head><body>"
        "<div class='header-outer'><div class='header-desc'>The latest news and insights from the "
        "council's auditors on spending and services in Riverside</div></div>"
        "<div class='post' itemscope itemtype='http://schema.org/BlogPosting'>"
        "<h2 class='title'><a href='/2024/11/report.html'>The bridge report</a></h2>"
        "<div class='post-header'><span class='publishdate'>November 14, 2024</span></div>"
        "<div class='post-body'><div class='post-content' itemprop='articleBody'>"
        f"<script type='text/template'>{body}</script><noscript>{body}</noscript></div></div>"
        "<div class='post-footer'>No comments : <a href='#'>Post a Comment</a></div></div></body></html>"
    )
    assert imported_texts(tmp_path, "post.html", html) == post


def test_a_pull_quote_comes_without_its_click_to_tweet_button(tmp_path):
    # Social Warfare's and Better Click To Tweet's markup, as WordPress blogs have it: the
    # button sits beside the quote, inline in the markup, set apart by the stylesheet.
    share = "https://twitter.com/share?text=Bridges+are+kept+or+lost+in+the+budget"
    html = (
        "<html><head><title>Why bridges fail</title></head><body><article>"
        "<p>Engineers have said for years that maintenance is cheaper than repair, and councils agree.</p>"
        f'<a class="swp_CTT style1" href="{share}"><span class="sw-click-to-tweet">'
        '<span class="sw-ctt-text">Bridges are kept or lost in the budget, not on the river.</span>'
        '<span class="sw-ctt-btn">Click To Tweet<i class="sw swp_twitter_icon"></i></span></span></a>'
        "<p>The council's own figures show the cost of the old bridge's upkeep rising every year since 2019.</p>"
        '<span class="bctt-click-to-tweet"><span class="bctt-ctt-text"><a href="#">Repairs wait; rust does not.'
        f'</a></span><a href="{share}" class="bctt-ctt-btn">Click To Tweet</a></span>'
        "</article></body></html>"
    )
    assert imported_texts(tmp_path, "blog.html", html) == [
        "Engineers have said for years that maintenance is cheaper than repair, and councils agree.",
        "Bridges are kept or lost in the budget, not on the river.",
        "The council's own figures show the cost of the old bridge's upkeep rising every year since 2019.",
        "Repairs wait; rust does not.",
    ]


def test_a_card_shown_on_hover_over_a_name_is_left_out_of_its_paragraph(tmp_path):
    # The Hill's markup: a person's name, then a card (photo, full name, articles on them)
    # that the stylesheet hides until the name is hovered. An image among a paragraph's
    # words, with links of its own, is no card where words come before it.
    card = (
        '<span class="rollover-people-block"><span class="rollover-block"><span><img src="ruiz.jpg" alt="">'
        '<a class="name" href="/people/ana-ruiz">Ana Maria Ruiz</a>'
        '<a class="people-articles" href="/1">Council votes to close the old bridge</a> '
        '<a class="people-articles" href="/2">Transport committee asks for a new survey</a> '
        '<a class="more" href="/people/ana-ruiz">MORE</a></span></span></span>'
    )
    inline = (
        'the map <span>shown here <img src="map.png" alt=""> with <a href="/a">the north pier</a>, '
        '<a href="/b">the south pier</a> and <a href="/c">the swing span</a></span> marked'
    )
    html = (
        "<html><head><title>Bridge to close</title></head><body><article>"
        '<p>Councillor <span class="rollover-people"><a href="/people/ana-ruiz">Ana Ruiz</a>'
        f"{card}</span> (Labour) is defending the council's vote to close the old bridge in January.</p>"
        f"<p>The engineers' report has {inline} in red, where the corrosion is worst.</p>"
        "</article></body></html>"
    )
    assert imported_texts(tmp_path, "hill.html", html) == [
        "Councillor Ana Ruiz (Labour) is defending the council's vote to close the old bridge in January.",
        "The engineers' report has the map shown here with the north pier, the south pier and the swing span "
        "marked in red, where the corrosion is worst.",
    ]


def test_a_pictures_caption_and_credit_are_left_out_of_the_article(monkeypatch):
    # readability-lxml keeps a figure's caption, and its reading is taken on long plain
    # pages; the suites' annotators (ScrapingHub's, trafilatura's evaluation) take the
    # article's running text alone. An article a page sets in a figure stays whole.
    article = importlib.import_module("dossier.sources.webpage.article")  # the module, not its function
    from dossier.sources.webpage import read_page

    paragraphs = [
        "The council voted on Tuesday to close the old bridge to traffic from January, citing the report.",
        "The report found corrosion in the north pier and the swing span, and put the cost of repair higher.",
        "Residents will be able to cross on foot until the works begin, the council said in a statement.",
    ]
    caption = "The old bridge, seen from the east bank on Monday morning. Photograph: Riverside Courier"
    figure = f'<figure><img src="bridge.jpg" alt=""><figcaption>{caption}</figcaption></figure>'
    # WordPress sets a table and a pull quote in figures: the article's, they stay.
    table = '<figure class="wp-block-table"><table><tr><td>Repair</td><td>£4.1m</td></tr></table></figure>'
    quote = '<figure class="wp-block-pullquote"><blockquote><p>Rust does not wait.</p></blockquote></figure>'
    html = (
        "<html><head><title>Bridge to close</title></head><body><article>"
        f"<p>{paragraphs[0]}</p>{figure}<p>{paragraphs[1]}</p>{table}{quote}<p>{paragraphs[2]}</p>"
        "</article></body></html>"
    )
    read_by_readability = [
        paragraphs[0],
        caption,
        paragraphs[1],
        "Repair",
        "£4.1m",
        "Rust does not wait.",
        paragraphs[2],
    ]
    monkeypatch.setattr(article, "_trafilatura", lambda tree, precision=True: [])
    monkeypatch.setattr(article, "_readability", lambda tree: read_by_readability)
    assert read_page(html, "bridge.html").paragraphs == [
        paragraphs[0],
        paragraphs[1],
        "Repair",
        "£4.1m",
        "Rust does not wait.",
        paragraphs[2],
    ]
    in_a_figure = html.replace("<article>", "<article><figure>").replace("</article>", "</figure></article>")
    assert read_page(in_a_figure, "bridge.html").paragraphs == read_by_readability


def test_soft_hyphens_go_and_accents_are_composed_as_the_page_shows_its_words(tmp_path):
    # "Mit&shy;tel&shy;al&shy;ter" shows "Mittelalter" but where a line breaks; "e" and a
    # combining acute show "é". A quote typed or found by search is then the same text.
    paragraph = (
        "Schon im Mit&shy;tel&shy;al&shy;ter war der St. Mag&shy;da&shy;le&shy;ner das Aushängeschild "
        "der Su\u0308dtiroler Weinwirtschaft, und die Cave de Ge\u0301rard lobte ihn."
    )
    html = f"<html><head><title>St. Magdalener</title></head><body><p>{paragraph}</p></body></html>"
    assert imported_texts(tmp_path, "wein.html", html) == [
        "Schon im Mittelalter war der St. Magdalener das Aushängeschild "
        "der Südtiroler Weinwirtschaft, und die Cave de Gérard lobte ihn."
    ]


@pytest.mark.parametrize(
    ("stated", "title"),
    [
        # The article's JSON-LD headline, not the social one in og:title, nor a menu's <h2>.
        (
            '<script type="application/ld+json"><![CDATA[{"@type": "NewsArticle", "headline": '
            '"Council votes to close the old bridge"}]]></script>'
            '<meta property="og:title" content="You will not believe what the council did">',
            "Council votes to close the old bridge",
        ),
        # Wikipedia's JSON-LD: its name is the title, its headline a description.
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article", '
            '"name": "Old Bridge (Riverside)", "headline": "swing bridge in Riverside, opened in 1911"}</script>',
            "Old Bridge (Riverside)",
        ),
        # Dublin Core's title before Open Graph's, whatever the case and separator.
        (
            '<meta name="DC.Title" content="The bridge vote"><meta property="og:title" content="Bridge!">',
            "The bridge vote",
        ),
    ],
    ids=["json-ld headline", "json-ld name", "dublin core"],
)
def test_the_title_is_the_headline_the_page_states(tmp_path, stated, title):
    html = PAGE.read_text("utf-8").replace(
        '<meta property="og:title" content="Council votes to close the old bridge">', ""
    )
    page = tmp_path / "page.html"
    page.write_text(html.replace("<title>", f"{stated}<title>").replace(HEADLINE, ""), "utf-8")
    assert yaml.safe_load(run("import", page).stdout)["title"] == title


def test_the_date_published_is_the_date_the_page_states_in_its_own_time_zone(tmp_path):
    # Stated in UTC just before midnight: the date stated, not the next day in another zone.
    html = PAGE.read_text("utf-8").replace("2024-11-14T09:30:00+00:00", "2024-11-13T23:00:00.000Z")
    page = tmp_path / "page.html"
    page.write_text(html, "utf-8")
    assert yaml.safe_load(run("import", page).stdout)["published"] == "2024-11-13"


@pytest.mark.parametrize("stated", ["1731576600", "1731576600000"])  # seconds, milliseconds
def test_a_date_stated_as_a_number_of_seconds_is_its_utc_date(tmp_path, stated):
    # As some sites write JSON-LD: 1731576600 is 2024-11-14T09:30:00Z. (The address says
    # no date, which htmldate would read.)
    html = PAGE.read_text("utf-8").replace(
        '<meta property="article:published_time" content="2024-11-14T09:30:00+00:00">',
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": {stated}}}</script>',
    )
    html = html.replace("/news/2024/11/14/old-bridge", "/news/old-bridge")
    page = tmp_path / "page.html"
    page.write_text(html, "utf-8")
    assert yaml.safe_load(run("import", page).stdout)["published"] == "2024-11-14"


def test_a_title_beginning_with_a_separator_loses_it(tmp_path):
    # A site that leaves its name out of "{name} | {headline}" leaves "| {headline}".
    html = PAGE.read_text("utf-8").replace(
        "<title>Council votes to close the old bridge | The Riverside Courier</title>",
        "<title> | Council votes to close the old bridge</title>",
    )
    html = html.replace('<meta property="og:title" content="Council votes to close the old bridge">', "")
    page = tmp_path / "page.html"
    page.write_text(html.replace(HEADLINE, ""), "utf-8")
    assert yaml.safe_load(run("import", page).stdout)["title"] == "Council votes to close the old bridge"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # No site's name stated: a few words after the last separator are the site's.
        ("Council votes to close the old bridge – Riverside Courier", "Council votes to close the old bridge"),
        # More than a few words after it: the headline's own.
        (
            "Council votes to close the old bridge – what the engineers found in its supports",
            "Council votes to close the old bridge – what the engineers found in its supports",
        ),
        # Too short a headline before it to be one.
        ("Old bridge – Riverside Courier", "Old bridge – Riverside Courier"),
    ],
)
def test_a_title_loses_a_site_name_after_it_where_the_page_states_none(tmp_path, title, expected):
    html = PAGE.read_text("utf-8").replace('<meta property="og:site_name" content="The Riverside Courier">', "")
    html = html.replace('<meta property="og:title" content="Council votes to close the old bridge">', "")
    html = html.replace(
        "<title>Council votes to close the old bridge | The Riverside Courier</title>", f"<title>{title}</title>"
    )
    page = tmp_path / "page.html"
    page.write_text(html.replace(HEADLINE, ""), "utf-8")
    assert yaml.safe_load(run("import", page).stdout)["title"] == expected


def test_a_page_stating_no_date_is_given_none_not_a_guess_from_its_copyright(tmp_path):
    html = PAGE.read_text("utf-8").replace(
        '<meta property="article:published_time" content="2024-11-14T09:30:00+00:00">', ""
    )
    html = re.sub(r"<time[^>]*>.*?</time>", "", html.replace("news/2024/11/14/old-bridge", "news/old-bridge")).replace(
        "</body>", "<p>© 1998–2024 The Riverside Courier</p></body>"
    )
    page = tmp_path / "page.html"
    page.write_text(html, "utf-8")
    assert "published" not in yaml.safe_load(run("import", page).stdout)


SUBSCRIBERS = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'


def test_a_page_marked_for_subscribers_is_imported_with_a_note_that_it_may_be_only_its_beginning(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE.read_text("utf-8").replace("<title>", f"{SUBSCRIBERS}<title>"), "utf-8")
    result = run("import", page, "-o", tmp_path / "sources/")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[1] == (
        "dossier: note: source council-votes-to-close-the-old: the page marks its article as for subscribers: "
        "saved without signing in, it may hold only the article's beginning"
    )
    plain = run("import", PAGE, "-o", tmp_path / "others/")
    assert "note:" not in plain.stderr


def test_an_id_is_made_from_the_title_and_never_over_a_source_there(tmp_path):
    (tmp_path / "council-votes-to-close-the-old.yaml").write_text("id: mine\n", "utf-8")
    result = run("import", PAGE, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "council-votes-to-close-the-old.yaml").read_text("utf-8") == "id: mine\n"
    assert (tmp_path / "council-votes-to-close-the-old-2.yaml").exists()


# --- PDFs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("scaled", [False, True])  # the type set at its size, or at 1 and drawn larger
def test_a_page_printed_to_pdf_by_a_browser_gives_the_paragraphs_a_reader_sees(tmp_path, scaled):
    # As "Save as PDF" prints a web page: little space between paragraphs, a heading over
    # two lines, a list's bullets drawn as dots, a paragraph going on over a page break
    # into a line that begins with a name, a footer on every page, and a heading at the top
    # of each page that differs only by its number (no running header). Scaled: as some
    # programs write type, set at size 1 and drawn larger, which PDFium reports as size 1.
    filler = "Officials said the figures would be checked again before the next report was due out"
    blocks = [
        Block("heading", ["Part 1: what the ministry said"]),
        Block("heading", ["A report on the regional", "situation, as printed"]),
        Block("paragraph", [filler, filler, "and would be published in full."]),
        Block("item", ["The ministry gave its figure of 1,200 on Monday afternoon in a statement."]),
        Block("item", ["The agency gave another figure on Tuesday, in its own daily statement."]),
        Block("item", ["Neither figure could be independently verified by the reporters."]),
        Block(
            "paragraph",
            [
                filler,
                filler,
                filler,
                "Ana Ruiz, who chairs the committee, said the figures had been checked by all the",
                filler + ".",
            ],
            page_break_after=3,
        ),
        Block("heading", ["Part 2: what the agency said"]),
        Block("paragraph", ["The agency said its figure was an estimate and would be revised."]),
    ]
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(drawn_pdf(blocks, footer="Regional report, page {page} of 2", scaled=scaled))
    result = run("import", pdf, "--id", "printed", "--title", "Printed")
    assert result.returncode == 0, result.stderr
    paragraphs = yaml.safe_load(result.stdout)["paragraphs"]
    assert [item["text"] for item in paragraphs] == [
        "Part 1: what the ministry said",
        "A report on the regional situation, as printed",
        f"{filler} {filler} and would be published in full.",
        *blocks[3].lines,
        *blocks[4].lines,
        *blocks[5].lines,
        " ".join(blocks[6].lines),
        "Part 2: what the agency said",
        "The agency said its figure was an estimate and would be revised.",
    ]
    assert [item.get("page") for item in paragraphs][-3:] == [1, 2, 2]


@pytest.mark.parametrize("layout", ["one-column", "two-columns", "headed-pages", "narrow-hyphenated"])
def test_a_pdf_gives_the_paragraphs_a_reader_sees_with_their_pages(tmp_path, layout):
    groff()
    source, seen = document(layout, seed=4, count=24)
    pdf = tmp_path / f"{layout}.pdf"
    pdf.write_bytes(typeset(source))
    result = run("import", pdf, "-o", tmp_path / "report.yaml")
    assert result.returncode == 0, result.stderr
    imported = load_library([tmp_path / "report.yaml"]).sources
    paragraphs = list(next(iter(imported.values())).paragraphs.values())
    assert [paragraph.text for paragraph in paragraphs] == seen
    pages = [paragraph.page for paragraph in paragraphs]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] > 1  # the page each starts on
    assert not any("Page " in text or "Draft for review" in text for text in map(str, seen))


def test_a_pdf_paragraph_is_cited_with_its_page(tmp_path):
    groff()
    source, _ = document("one-column", seed=5, count=30)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(typeset(source))
    assert run("import", pdf, "--id", "report", "-o", tmp_path / "report.yaml").returncode == 0
    last = list(load_library([tmp_path / "report.yaml"]).sources["report"].paragraphs.values())[-1]
    shown = run("show", f"report#{last.id}", tmp_path / "report.yaml")
    assert shown.stdout.startswith(f"paragraph report#{last.id}, p. {last.page}\n") and last.page > 1


def test_a_pdf_with_no_text_and_an_encrypted_one_say_what_would_help(tmp_path):
    import pypdf
    import pypdfium2 as pdfium

    scan = pdfium.PdfDocument.new()
    scan.new_page(595, 842)
    scan.save(tmp_path / "scan.pdf")
    result = run("import", tmp_path / "scan.pdf", "--id", "scan", "-o", tmp_path / "scan.yaml")
    assert result.returncode == 1
    assert "the PDF has no text, only images of pages (a scan): run OCR on it first" in result.stderr
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    with open(tmp_path / "locked.pdf", "wb") as stream:
        writer.write(stream)
    result = run("import", tmp_path / "locked.pdf", "--id", "locked", "-o", tmp_path / "locked.yaml")
    assert result.returncode == 1 and "the PDF is encrypted with a password" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["locked.pdf", "scan.pdf"]  # nothing written, nothing archived


# --- text and Markdown ---------------------------------------------------------------------


def test_hard_wrapped_text_is_joined_into_its_paragraphs(tmp_path):
    text = (
        "Release notes\n"
        "=============\n\n"
        "The parser is now faster by\n"
        "    default, and a de-\n"
        "    fault value is kept in the re-\n"
        "    port.\n\n"
        "- a list item\n"
        "  that goes on\n"
        "- another\n"
    )
    assert input_texts(text, "--id", "notes") == [
        "Release notes",
        "The parser is now faster by default, and a default value is kept in the report.",
        "a list item that goes on",  # a Setext heading and a list: read as Markdown
        "another",
    ]


def greedily_wrapped(text: str, width: int, first: str = "") -> str:
    """`text` in lines of at most `width` characters, as word processors and `fmt` fill them,
    broken at spaces and after hyphens; its first line set in by `first`."""
    lines = [first]
    for piece in re.findall(r"[^\s-]*-|\S+", text):
        glue = "" if lines[-1].endswith("-") or not lines[-1].strip() else " "
        if len(lines[-1]) + len(glue) + len(piece) > width:
            lines.append(piece)
        else:
            lines[-1] += glue + piece
    return "".join(f"{line}\n" for line in lines)


def test_hard_wrapped_text_with_no_blank_line_between_its_paragraphs_is_joined_into_them(tmp_path):
    # As a text dump or an e-mail wraps it, at 60 columns, its paragraphs one after another.
    # It was read as a paragraph a line, as a wire copy is: "schedule back by two years." alone.
    # (Where a paragraph's last line is full, nothing tells it from a line inside one: such a
    # paragraph runs into the next; benchmarks/wrapped.py counts how often.)
    paragraphs = [
        "Why It Matters",
        "The mission is due to launch in the mid-2020s, the agency said on Tuesday, after the COVID-19"
        " delays that pushed the schedule back by two years.",
        "The agency said on Monday that its cost-cutting would not touch the science, though three"
        " instruments were dropped in 2023 in the first cost-cutting.",  # so written: its own hyphen
        "No one else commented.",
    ]
    wrapped = "".join(greedily_wrapped(paragraph, 40) for paragraph in paragraphs)
    assert "mid-\n2020s" in wrapped and "cost-\ncutting" in wrapped  # broken at hyphens too
    assert input_texts(wrapped, "--id", "mission") == paragraphs
    # Where each paragraph's first line is set in, a full last line ends its paragraph too.
    paragraphs[1] = paragraphs[1].replace("by two years", "by nearly two years")
    paragraphs.append("The launch is set for May.")  # one line after one: each its own
    indented = "".join(greedily_wrapped(paragraph, 40, first="   ") for paragraph in paragraphs)
    assert "\nthe schedule back by nearly two years.\n   The agency said" in indented
    assert input_texts(indented, "--id", "mission") == paragraphs
    # A wire copy, a paragraph a line with no blank line between, stays so; and so do a
    # table's rows and a log's lines, as long as each other and going on in figures.
    wire = "\n".join(paragraphs) + "\n"
    log = "".join(f"2024-12-0{day} 10:00:0{day} read page {day} of the report in full\n" for day in range(1, 6))
    for text in (wire, log):
        assert input_texts(text, "--id", "mission", "--title", "Mission") == text.splitlines()


def test_a_short_wrapped_text_whose_first_lines_are_set_in_is_read_so(tmp_path):
    # Two runs of lines set in, too few to tell first lines from quotations by their count:
    # the first line's sentence going on in the flush line under it tells. It was read as a
    # quotation: the paragraph was cut after "and", and the two one-line paragraphs run into
    # one.
    text = (
        "  Field notes from Kursk\n"
        "  The convoy left at dawn on Monday, a driver said, and\n"
        "reached the border crossing before the mid-2020s rules on\n"
        "permits took effect.\n"
        "  Two drivers said the checkpoint was closed for an hour.\n"
        "  No one else commented.\n"
    )
    assert input_texts(text, "--id", "notes") == [
        "Field notes from Kursk",
        "The convoy left at dawn on Monday, a driver said, and reached the border crossing before the"
        " mid-2020s rules on permits took effect.",
        "Two drivers said the checkpoint was closed for an hour.",
        "No one else commented.",
    ]


def test_wrapped_text_with_no_blank_line_keeps_a_quotation_set_in_and_a_list_items_hanging_lines(tmp_path):
    # Neither is a paragraph's first line set in: each line of them is no paragraph.
    text = (
        "The spokesman read out the ministry's statement, which he\n"
        "said was final, to the reporters waiting at the door:\n"
        "      We will not comment on the convoy or on its drivers,\n"
        "      nor on the checkpoint at the border, this week.\n"
        "Nobody asked a question after that, and he left the room\n"
        "at once, with the two officials who had come with him.\n"
        "• the convoy left at dawn on Monday and reached the border\n"
        "  crossing before the checkpoint was closed for an hour\n"
        "• the drivers were questioned and then let go\n"
    )
    assert input_texts(text, "--id", "statement", "--title", "Statement") == [
        "The spokesman read out the ministry's statement, which he said was final, to the reporters waiting"
        " at the door:",
        "We will not comment on the convoy or on its drivers, nor on the checkpoint at the border, this week.",
        "Nobody asked a question after that, and he left the room at once, with the two officials who had come"
        " with him.",
        "• the convoy left at dawn on Monday and reached the border crossing before the checkpoint was closed"
        " for an hour",
        "• the drivers were questioned and then let go",
    ]


def test_a_text_of_one_long_run_of_letters_and_of_many_broken_words_is_read_whole(tmp_path):
    # Postlight's recorded HTTP fixtures (a line of 31,825 characters) took minutes each:
    # every line's end was looked for in all the text joined before it, and a long run of
    # letters made that search quadratic. (The run's 60-second limit is a hang's guard:
    # the reading takes milliseconds.)
    run_of_letters = "a" * 300_000
    text = f"Notes\n\n{run_of_letters}\nends here.\n\n" + "evacu-\nated\n" * 20_000
    assert input_texts(text, "--id", "notes") == [
        "Notes",
        f"{run_of_letters} ends here.",
        " ".join(["evacuated"] * 20_000),
    ]


def test_a_page_of_a_paragraph_with_128000_hidden_spans_is_read_in_linear_time(tmp_path):
    # Each hidden element was dropped with lxml's drop_tree, which adds its tail to the text
    # before it: the paragraph's text copied again for each one, minutes for this page
    # (6.4 MB). The run's 60-second limit is the guard; the import takes seconds.
    words = [f"word{number}" for number in range(128_000)]
    hidden = " ".join(f'{word}<span style="display:none">hidden</span>' for word in words)
    html = (
        "<html><head><title>Hidden spans</title></head><body><article><p>The council voted on Wednesday "
        f"to close the old bridge. {hidden} and the vote stands.</p></article></body></html>"
    )
    assert imported_texts(tmp_path, "hidden.html", html) == [
        f"The council voted on Wednesday to close the old bridge. {' '.join(words)} and the vote stands."
    ]


def test_chinese_and_japanese_lines_are_joined_with_no_space_korean_with_one(tmp_path):
    # Chinese and Japanese put no space between words: a line's end is none either. Korean
    # spaces its words, and a line ends at a space.
    text = (
        "城市议会周三以七票对两票通过决议，从一月起关闭旧的\n平转桥，因为工程师发现了腐蚀。\n\n"
        "市議会は水曜日、旧い旋回橋を一月から\n閉鎖することを決めた。\n\n"
        "시의회는 수요일 낡은 다리를\n1월부터 폐쇄하기로 했다.\n"
    )
    assert input_texts(text, "--id", "bridge", "--title", "Bridge") == [
        "城市议会周三以七票对两票通过决议，从一月起关闭旧的平转桥，因为工程师发现了腐蚀。",
        "市議会は水曜日、旧い旋回橋を一月から閉鎖することを決めた。",
        "시의회는 수요일 낡은 다리를 1월부터 폐쇄하기로 했다.",
    ]


def test_markdown_loses_its_markup_and_keeps_its_blocks(tmp_path):
    text = (
        "# The *bridge* vote\n\n"
        "The council [voted](https://example.org) **7–2**\n"
        "to close it, says `the report`.\n\n"
        "* Buses divert\n"
        "* Cyclists may cross\n\n"
        "> We cannot ask people\n> to drive over it.\n\n"
        "![a photo](photo.jpg)\n"
    )
    found = read_original(text.encode(), "notes.md")
    assert found.kind == "markdown"
    assert [paragraph for paragraph, _ in found.paragraphs] == [
        "The bridge vote",
        "The council voted 7–2 to close it, says the report.",
        "Buses divert",
        "Cyclists may cross",
        "We cannot ask people to drive over it.",
    ]
    assert found.title == "The bridge vote"


def test_bullets_pasted_into_markdown_stay_items_of_their_own():
    # CommonMark knows "-", "*" and "+" as bullets; "•" lines, pasted from a word processor,
    # it runs into one paragraph, which no reader of the file sees.
    text = "# Notes\n\nThe council said:\n\n• Buses divert\n• Cyclists may cross\nthe old bridge\n\n- A list\n"
    assert input_texts(text) == [
        "Notes",
        "The council said:",
        "• Buses divert",
        "• Cyclists may cross the old bridge",
        "A list",
    ]


def test_a_source_imported_to_a_dash_is_written_to_standard_output_and_nothing_archived(tmp_path):
    result = run("import", "-", "-o", "-", input="The council met on Monday.\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)["paragraphs"] == [{"id": "p1", "text": "The council met on Monday."}]
    assert "not archived (give -o PATH to keep the original beside the source)" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no file named "-", no originals/


# --- what cannot be imported ------------------------------------------------------------------------


# A listing: a card for each story, and the same "2 min read" under every one.
INDEX_PAGE = (
    "<html><body><div>"
    + "".join(
        f'<div class=card><h3><a href="/news/{n}">Story {n}</a></h3><span>2 min read</span></div>' for n in range(30)
    )
    + "</div></body></html>"
).encode()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("junk.html", bytes(range(256)) * 40, "binary data, not a web page, a PDF or text"),
        ("bomb.html.gz", gzip.compress(b"<p>" + b"a" * (70 * 2**20)), "decompresses to more than 64 MiB (a zip bomb?)"),
        ("login.html", b"<html><body><form><p>Sign in to continue reading.</p><input name=u></form></body></html>",
         "no article in this page (a login wall, a list of links, an error page?)"),
        ("index.html", INDEX_PAGE, "no article in this page (a login wall, a list of links, an error page?)"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage", "a broken PDF"),
        ("empty.txt", b"  \n\n", "no text to import"),
    ],
    ids=["binary", "zip bomb", "no article", "index page", "broken pdf", "empty"],
)  # fmt: skip
def test_what_cannot_be_imported_is_named_with_what_to_do_and_nothing_is_written(tmp_path, name, content, says):
    bad = tmp_path / "in" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    result = run("import", bad, "-o", out)
    assert result.returncode == 1
    assert result.stderr.startswith(f"dossier: {bad}: ") and says in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert os.listdir(out) == []


def test_a_file_over_the_size_limit_is_refused_from_its_size(tmp_path):
    large = tmp_path / "large.html"
    with open(large, "wb") as stream:
        stream.truncate(200 * 2**20)  # sparse: 200 MiB said, none written
    result = run("import", large, "--id", "large")
    assert result.returncode == 1 and "the file is 200 MiB, over the 64 MiB limit" in result.stderr


def test_a_folder_of_files_is_imported_past_a_bad_one_which_is_named_at_the_end(tmp_path):
    folder = tmp_path / "saved pages"
    folder.mkdir()
    shutil.copy(PAGE, folder / "a bridge.html")
    (folder / "notes with spaces.txt").write_text("First paragraph.\n\nSecond paragraph.\n", "utf-8")
    (folder / "broken\nreport.pdf").write_bytes(b"%PDF-1.4 nothing more")
    out = tmp_path / "sources"
    out.mkdir()
    result = run("import", folder, "-o", out)
    assert result.returncode == 1
    assert sorted(name for name in os.listdir(out) if name.endswith(".yaml")) == [
        "council-votes-to-close-the-old.yaml",
        "notes-with-spaces.yaml",  # no title in the text: its file's name
    ]
    assert "dossier: 1 of 3 files not imported:\n" in result.stderr
    assert f"  {folder}/broken\\nreport.pdf: a broken PDF" in result.stderr  # its line break shown escaped
    assert not load_library([out]).problems


def test_an_address_given_for_a_file_says_how_to_save_the_page_first(tmp_path):
    result = run("import", "https://example.org/news/story.html?a=1&b=2", "-o", tmp_path)
    assert result.returncode == 1 and list(tmp_path.iterdir()) == []
    assert result.stderr == (
        "dossier: https://example.org/news/story.html?a=1&b=2: an address, not a file: dossier imports what is "
        "saved here (save the page from your browser, or `curl -L -o page.html "
        "'https://example.org/news/story.html?a=1&b=2'`), then import that file\n"
    )


def test_a_page_saved_complete_is_imported_without_the_folder_of_its_parts(tmp_path):
    # A browser's "Webpage, Complete": "A bridge.html" and "A bridge_files/". Its style
    # sheet and script came in as sources of text, its pictures as failures.
    folder = tmp_path / "saved pages"
    parts = folder / "A bridge_files"
    parts.mkdir(parents=True)
    shutil.copy(PAGE, folder / "A bridge.html")
    (parts / "style.css").write_text("body { color: red; }\n.note { margin: 0 }\n", "utf-8")
    (parts / "app.js").write_text("function next(a) { return a + 1; }\n", "utf-8")
    (parts / "photo.jpg").write_bytes(bytes(range(256)) * 8)
    # A folder so named with no page beside it is read as any other.
    (folder / "Research_files").mkdir()
    (folder / "Research_files" / "notes.txt").write_text("The council met on Monday.\n", "utf-8")
    out = tmp_path / "sources"
    out.mkdir()
    result = run("import", folder, "-o", out)
    assert result.returncode == 0, result.stderr
    assert sorted(name for name in os.listdir(out) if name.endswith(".yaml")) == [
        "council-votes-to-close-the-old.yaml",
        "notes.yaml",
    ]
    assert f"dossier: left out {parts}: a saved page's style sheets, scripts and pictures\n" in result.stderr


# --- dossier verify ----------------------------------------------------------------------------


def test_verify_with_no_path_checks_the_library_it_is_run_in(tmp_path):
    # As `validate` and `show` find it: the library of the folder (its dossier.toml), not
    # the bundled one, which has no archived original and would always pass.
    (tmp_path / "dossier.toml").write_text("# a library\n", "utf-8")
    (tmp_path / "sources").mkdir()
    assert run("import", PAGE, "-o", tmp_path / "sources").returncode == 0
    checked = run("verify", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "dossier: 1 archived original checked" in checked.stderr
    next((tmp_path / "sources" / "originals").iterdir()).write_bytes(gzip.compress(b"<p>another page</p>"))
    assert run("verify", cwd=tmp_path).returncode == 1


def test_verify_finds_a_hand_edit_of_a_paragraph_and_a_change_to_the_archived_original(tmp_path):
    assert run("import", PAGE, "--id", "bridge", "-o", tmp_path).returncode == 0
    checked = run("verify", tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        checked.stderr
        == "dossier: 1 archived original checked: each as recorded, its paragraphs as the sources have them\n"
    )
    path = tmp_path / "bridge.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("voted 7–2 on Wednesday", "voted 7–2 on Tuesday"), "utf-8")
    rows = path.read_text("utf-8").splitlines()
    line, row = next((number, row) for number, row in enumerate(rows, 1) if "on Tuesday" in row)
    edited = run("verify", tmp_path)
    assert edited.returncode == 1
    # Where the text parts from the original: the T of Tuesday, in the file.
    assert edited.stdout.startswith(
        f"{path}:{line}:{row.index('Tuesday') + 1}: paragraph p2 differs from the archived original"
        " (here: “…ouncil voted 7–2 on Tuesday to close the…”, the original: “…ouncil voted 7–2 on Wednesday"
    ), edited.stdout
    # Imported by another version of the readers: the message says the difference may be theirs.
    path.write_text(
        path.read_text("utf-8").replace("extracted_by: dossier", "extracted_by: trafilatura 1.0; dossier"), "utf-8"
    )
    older = run("verify", tmp_path)
    assert older.returncode == 1
    assert "; read by trafilatura 1.0; dossier " in older.stdout and "the difference may be theirs)" in older.stdout
    # Read by an earlier reading of dossier's own (its number counted up since): the same.
    edited_text = text.replace("voted 7–2 on Wednesday", "voted 7–2 on Tuesday")
    path.write_text(edited_text.replace(f" reading {READING};", f" reading {READING - 1};"), "utf-8")
    assert f"reading {READING - 1};" in path.read_text("utf-8")
    earlier = run("verify", tmp_path)
    assert f"when imported, by dossier {__version__} reading {READING};" in earlier.stdout
    path.write_text(text, "utf-8")
    archived = next((tmp_path / "originals").iterdir())
    archived.write_bytes(gzip.compress(PAGE.read_bytes().replace(b"7&ndash;2", b"6&ndash;3")))
    changed = run("verify", tmp_path)
    assert changed.returncode == 1 and "the archived original originals/" in changed.stdout
    assert "has changed: its SHA-256 is" in changed.stdout
