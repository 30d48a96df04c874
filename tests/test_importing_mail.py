"""E-mails saved as files (.eml), imported as a user runs `dossier import`: the text as
sent (decoded from quoted-printable or base64, in its charset), its subject, sender and day
as the source's fields, its attachments named in a note, its original archived and verified."""

from __future__ import annotations

import base64
import gzip

import yaml

from dossier.sources.original import read_again

from .support import run

# A mail server's trail, as a message downloaded from a web mail service keeps it: its
# headers run past the 8 KiB the kind of a file is told from.
TRAIL = "".join(
    f"Received: from relay{number}.example.net (relay{number}.example.net [192.0.2.{number}])\n"
    f"\tby mx.example.com with ESMTPS id {number:08x}; Mon, 2 Dec 2024 09:15:{number % 60:02} +0000\n"
    for number in range(80)
)

TIP = (
    "From jane@example.org Mon Dec  2 09:15:00 2024\n" + TRAIL + "From: Jane Doe <jane@example.org>\n"
    "To: desk@example.com\n"
    "Subject: =?utf-8?q?The_council=E2=80=99s_vote?=\n"
    "Date: Mon, 2 Dec 2024 09:15:00 +0000\n"
    "Message-ID: <tip-1@example.org>\n"
    "MIME-Version: 1.0\n"
    'Content-Type: text/plain; charset="utf-8"\n'
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "The council voted 7=E2=80=932 on Monday to close the old bridge to cars. The\n"
    "engineers=E2=80=99 report found corrosion in three of its four main girde=\n"
    "rs.\n"
    "\n"
    "Buses will divert over the new crossing from January.\n"
    "\n"
    "Jane\n"
)


def imported(tmp_path, name: str, message: bytes) -> tuple[dict, str]:
    """The source `dossier import` writes of `message` saved as `name`, and what it said."""
    saved = tmp_path / name
    saved.write_bytes(message)
    out = tmp_path / "sources"
    out.mkdir()
    result = run("import", saved, "-o", out)
    assert result.returncode == 0, result.stderr
    [written] = out.glob("*.yaml")
    return yaml.safe_load(written.read_text("utf-8")), result.stderr


def test_an_email_is_its_text_as_sent_with_its_subject_sender_and_day_and_is_verified(tmp_path):
    # Read as plain text, its headers were its first paragraph and its text came out encoded:
    # "The council voted 7=E2=80=932 on Monday".
    assert len(TIP.split("\n\n")[0].encode()) > 8192
    source, _ = imported(tmp_path, "tip.eml", TIP.encode())
    assert source["title"] == "The council’s vote"
    assert source["authors"] == ["Jane Doe"]
    assert source["published"] == "2024-12-02"
    assert [paragraph["text"] for paragraph in source["paragraphs"]] == [
        "The council voted 7–2 on Monday to close the old bridge to cars. The engineers’ report found corrosion "
        "in three of its four main girders.",
        "Buses will divert over the new crossing from January.",
        "Jane",
    ]
    assert source["archive"]["kind"] == "email"
    assert source["archive"]["file"].endswith(".eml.gz")
    archived = tmp_path / "sources" / source["archive"]["file"]
    assert gzip.decompress(archived.read_bytes()) == TIP.encode()
    checked = run("verify", tmp_path / "sources")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def html_mail_with_an_attachment() -> bytes:
    page = (
        "<html><body><p>The minister’s office confirmed the figures on Tuesday.</p>"
        "<blockquote>We will publish the full report next week.</blockquote>"
        "<p>-- <br>Press office</p></body></html>"
    ).encode("windows-1252")
    return (
        b"From: =?iso-8859-1?q?Ministerio_de_Econom=EDa?= <press@example.gov>\n"
        b"To: desk@example.com\n"
        b"Subject: Figures confirmed\n"
        b"Date: Tue, 3 Dec 2024 23:30:00 -0500\n"
        b"MIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="outer"\n'
        b"\n"
        b"This is a message in several parts.\n"
        b"--outer\n"
        b"Content-Type: text/html; charset=windows-1252\n"
        b"Content-Transfer-Encoding: base64\n"
        b"\n" + base64.encodebytes(page) + b"--outer\n"
        b"Content-Type: application/pdf; name=report.pdf\n"
        b"Content-Disposition: attachment; filename=report.pdf\n"
        b"Content-Transfer-Encoding: base64\n"
        b"\n" + base64.encodebytes(b"%PDF-1.4 not read") + b"--outer--\n"
    )


def test_an_html_email_is_every_block_of_its_text_and_its_attachment_is_named(tmp_path):
    source, said = imported(tmp_path, "figures.eml", html_mail_with_an_attachment())
    assert [paragraph["text"] for paragraph in source["paragraphs"]] == [
        "The minister’s office confirmed the figures on Tuesday.",
        "We will publish the full report next week.",
        "--",
        "Press office",
    ]
    assert source["authors"] == ["Ministerio de Economía"]
    assert source["published"] == "2024-12-03"  # the day in the sender's time, not UTC's
    assert "note: source figures-confirmed: its 1 attachment not imported: save each and import it" in said


def test_the_plain_text_of_a_message_is_taken_before_its_html():
    message = (
        b"From: a@example.org\nTo: b@example.org\nSubject: Both\n"
        b'Content-Type: multipart/alternative; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain; charset=utf-8\n\nThe text as written.\n"
        b"--b\nContent-Type: text/html; charset=utf-8\n\n<p>The <b>text</b> as shown.</p>\n--b--\n"
    )
    found = read_again(message, "email", "both.eml")
    assert [text for text, _ in found.paragraphs] == ["The text as written."]


def test_an_email_archived_as_plain_text_before_is_read_as_plain_text_again():
    # Archived before dossier read e-mails, its kind says text: `dossier verify` reads it so.
    found = read_again(TIP.encode(), "text", "tip.eml")
    assert found.kind == "text" and "=E2=80=93" in found.paragraphs[-3][0]


def test_a_message_with_no_text_or_nested_a_thousand_deep_is_refused_with_what_it_is(tmp_path):
    nested = b"From: a@example.org\nTo: b@example.org\nSubject: Deep\n"
    for depth in range(1000):
        nested += f'Content-Type: multipart/mixed; boundary="b{depth}"\n\n--b{depth}\n'.encode()
    nested += b"Content-Type: text/plain\n\nAt the bottom.\n"
    for name, message in (
        ("deep.eml", nested),
        ("only-a-file.eml", html_mail_with_an_attachment().replace(b"text/html", b"image/png")),
    ):
        saved = tmp_path / name
        saved.write_bytes(message)
        result = run("import", saved, "-o", tmp_path)
        assert result.returncode == 1
        assert result.stderr == f"dossier: {saved}: an e-mail with no text in it (only attachments?); not imported\n"
        assert not list(tmp_path.glob("*.yaml")) and not (tmp_path / "originals").exists()  # nothing written


def test_a_note_that_begins_with_a_from_line_is_plain_text():
    note = b"From: the council's minutes\nThe vote was seven to two.\n"
    found = read_again(note, "text", "minutes.txt")
    assert [text for text, _ in found.paragraphs] == ["From: the council's minutes", "The vote was seven to two."]
