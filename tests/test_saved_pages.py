"""A web page saved in one file, beside its stylesheets and images: MHTML, as Chrome and Edge
save it ("Webpage, Single File"), the page's HTML inside a MIME message, quoted-printable;
Safari's web archive, a binary property list. Read with `dossier import` as a user runs it,
as the page it holds, and archived as it came."""

from __future__ import annotations

import gzip
import hashlib
import plistlib
import quopri

import yaml

from .support import FIXTURES, run
from .test_importing import ARTICLE

PAGE = FIXTURES / "pages" / "article.html"
ADDRESS = "https://courier.example/news/2024/11/14/old-bridge"
BOUNDARY = "----MultipartBoundary--Xb7JdZr2w4----"


def mhtml(html: bytes, *, charset: str | None = None, address: str = ADDRESS, page_type: str = "text/html") -> bytes:
    """The page saved as Blink writes it: CRLF lines, the HTML quoted-printable (lines of 76
    characters, "=" before each break within a line), a stylesheet after it."""
    declared = f"; charset={charset}" if charset else ""
    parts = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {address}",
        "Subject: Council votes to close the old bridge",
        "Date: Thu, 14 Nov 2024 10:00:00 -0000",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{BOUNDARY}"',
        "",
        "",
        f"--{BOUNDARY}",
        f"Content-Type: {page_type}{declared}",
        "Content-ID: <frame-4A1C@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {address}",
        "",
        quopri.encodestring(html).decode("ascii").replace("\n", "\r\n"),
        f"--{BOUNDARY}",
        "Content-Type: text/css",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: cid:css-1@mhtml.blink",
        "",
        "body { color: black; }",
        f"--{BOUNDARY}--",
        "",
    ]
    return "\r\n".join(parts).encode("ascii")


def test_a_page_saved_as_mhtml_gives_the_article_as_the_html_page_does_and_is_archived_as_it_came(tmp_path):
    # Read as HTML, its quoted-printable showed: "7=E2=80=932", "bri= dge".
    saved = tmp_path / "Council votes.mhtml"
    saved.write_bytes(mhtml(PAGE.read_bytes()))
    (tmp_path / "library").mkdir()
    result = run("import", saved, "-o", tmp_path / "library")
    assert result.returncode == 0, result.stderr
    source = yaml.safe_load((tmp_path / "library" / "council-votes-to-close-the-old.yaml").read_text("utf-8"))
    assert [item["text"] for item in source["paragraphs"]] == ARTICLE
    assert (source["title"], source["published"], source["url"]) == (
        "Council votes to close the old bridge",
        "2024-11-14",
        ADDRESS,
    )
    digest = hashlib.sha256(saved.read_bytes()).hexdigest()
    name = f"originals/council-votes-to-close-the-old-{digest[:12]}.mhtml.gz"
    assert (source["archive"]["file"], source["archive"]["kind"]) == (name, "html")
    assert gzip.decompress((tmp_path / "library" / name).read_bytes()) == saved.read_bytes()
    checked = run("verify", tmp_path / "library")
    assert checked.returncode == 0, checked.stderr
    assert "1 archived original checked" in checked.stderr


def test_an_mhtml_page_is_read_in_the_charset_its_part_declares_and_from_the_address_it_was_saved(tmp_path):
    html = PAGE.read_text("utf-8").replace('<meta charset="utf-8">', "").replace("&pound;", "€")
    html = html.replace(f'<link rel="canonical" href="{ADDRESS}">', "")
    saved = tmp_path / "saved"  # no suffix: the content says what it is
    saved.write_bytes(gzip.compress(mhtml(html.encode("windows-1252"), charset="windows-1252")))
    result = run("import", saved, "-o", tmp_path / "bridge.yaml")
    assert result.returncode == 0, result.stderr
    source = yaml.safe_load((tmp_path / "bridge.yaml").read_text("utf-8"))
    texts = [item["text"] for item in source["paragraphs"]]
    assert texts[1] == ARTICLE[1] and texts[4] == ARTICLE[4].replace("£", "€")
    assert source["url"] == ADDRESS  # the page states none: the address it was saved from
    assert source["archive"]["file"].endswith(".mhtml.gz")


def test_an_mhtml_file_that_names_no_address_gives_its_first_page_not_a_frame_that_names_none(tmp_path):
    # A frame's part (an advertisement) with no Content-Location of its own matched the
    # snapshot's address the file does not name (None is None), and was read as the page.
    frame = [
        f"--{BOUNDARY}",
        "Content-Type: text/html",
        "",
        "<html><body><p>Advertisement: subscribe for unlimited access to every story.</p></body></html>",
        f"--{BOUNDARY}--",
    ]
    saved = mhtml(PAGE.read_bytes()).decode("ascii").replace(f"Snapshot-Content-Location: {ADDRESS}\r\n", "")
    saved = saved.replace(f"--{BOUNDARY}--", "\r\n".join(frame))
    (tmp_path / "saved.mhtml").write_text(saved, "ascii", newline="")
    result = run("import", tmp_path / "saved.mhtml", "-o", tmp_path / "bridge.yaml")
    assert result.returncode == 0, result.stderr
    source = yaml.safe_load((tmp_path / "bridge.yaml").read_text("utf-8"))
    assert [item["text"] for item in source["paragraphs"]] == ARTICLE


def test_an_mhtml_file_with_no_page_in_it_is_refused_naming_it_and_nothing_is_written(tmp_path):
    saved = tmp_path / "styles only.mhtml"
    saved.write_bytes(mhtml(b"body { color: red; }", page_type="text/css"))
    result = run("import", saved, "-o", tmp_path / "out.yaml")
    assert result.returncode == 1
    assert result.stderr == f"dossier: {saved}: an MHTML file with no web page in it; not imported\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["styles only.mhtml"]


def test_an_mhtml_file_nested_a_thousand_deep_is_refused_in_one_line_not_a_traceback(tmp_path):
    # Python's own MIME parser recurses into each nested part: this stopped it (RecursionError).
    lines = ["MIME-Version: 1.0", 'Content-Type: multipart/related; boundary="b0"', ""]
    for depth in range(3000):
        lines += [f"--b{depth}", f'Content-Type: multipart/related; boundary="b{depth + 1}"', ""]
    lines += ["--b3000", "Content-Type: text/html", "", "<p>The city council voted to close the old bridge.</p>"]
    saved = tmp_path / "nested.mhtml"
    saved.write_bytes("\r\n".join(lines).encode("ascii"))
    result = run("import", saved, "-o", tmp_path / "out.yaml")
    assert (result.returncode, result.stderr) == (
        1,
        f"dossier: {saved}: an MHTML file with no web page in it; not imported\n",
    )
    assert not (tmp_path / "out.yaml").exists()


def test_an_mhtml_page_whose_base64_is_cut_short_is_refused_in_one_line_not_an_internal_error(tmp_path):
    # It ended "dossier: internal error: Error('Invalid base64-encoded string…')", exit status 3.
    broken = mhtml(b"<p>x</p>").replace(b"quoted-printable\r\nContent-Location", b"base64\r\nContent-Location", 1)
    broken = broken.replace(b"<p>x</p>", b"PGh0b", 1)
    saved = tmp_path / "cut.mhtml"
    saved.write_bytes(broken)
    result = run("import", saved, "-o", tmp_path / "out.yaml")
    assert (result.returncode, result.stderr) == (
        1,
        f"dossier: {saved}: an MHTML file whose page is broken (base64); not imported\n",
    )
    assert not (tmp_path / "out.yaml").exists()


def webarchive(html: bytes, *, charset: str = "UTF-8", address: str = ADDRESS) -> bytes:
    """The page saved as Safari saves it: its main resource, and a stylesheet beside it."""
    main = {
        "WebResourceData": html,
        "WebResourceMIMEType": "text/html",
        "WebResourceTextEncodingName": charset,
        "WebResourceURL": address,
        "WebResourceFrameName": "",
    }
    stylesheet = {"WebResourceData": b"body { color: black; }", "WebResourceMIMEType": "text/css"}
    archive = {"WebMainResource": main, "WebSubresources": [stylesheet]}
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)


def test_a_page_saved_as_a_safari_web_archive_gives_the_article_and_is_archived_as_it_came(tmp_path):
    # Before, it was refused as binary data.
    html = PAGE.read_text("utf-8").replace('<meta charset="utf-8">', "").replace("&pound;", "€")
    html = html.replace(f'<link rel="canonical" href="{ADDRESS}">', "")
    saved = tmp_path / "Council votes.webarchive"
    saved.write_bytes(webarchive(html.encode("windows-1252"), charset="windows-1252"))
    (tmp_path / "library").mkdir()
    result = run("import", saved, "-o", tmp_path / "library")
    assert result.returncode == 0, result.stderr
    source = yaml.safe_load((tmp_path / "library" / "council-votes-to-close-the-old.yaml").read_text("utf-8"))
    assert [item["text"] for item in source["paragraphs"]] == [*ARTICLE[:4], ARTICLE[4].replace("£", "€"), *ARTICLE[5:]]
    assert source["url"] == ADDRESS
    digest = hashlib.sha256(saved.read_bytes()).hexdigest()
    assert source["archive"]["file"] == f"originals/council-votes-to-close-the-old-{digest[:12]}.webarchive.gz"
    checked = run("verify", tmp_path / "library")
    assert checked.returncode == 0, checked.stderr


def test_a_broken_web_archive_is_refused_naming_it_and_nothing_is_written(tmp_path):
    saved = tmp_path / "cut short.webarchive"
    saved.write_bytes(webarchive(PAGE.read_bytes())[:200])
    result = run("import", saved, "-o", tmp_path / "out.yaml")
    assert (result.returncode, result.stderr) == (1, f"dossier: {saved}: a broken Safari web archive; not imported\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cut short.webarchive"]
