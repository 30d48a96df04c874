"""An e-mail saved as a file (`.eml`: "Save As" in Thunderbird or Apple Mail, "Download
message" in Gmail): its text, and the source's fields its headers give.

Its text is the message's plain-text part, as sent (read as any plain text: plain.py),
else its HTML part, every block of it (a message is no page with an article among other
things: its signature and its quoted reply are its words too). Quoted-printable and base64
are decoded, and the charset each part names. Its subject is the title, its sender the
author, the day its Date header gives (in the sender's time) the date published.
Attachments are not read: the caution says how many there are.

Read part by part at each boundary (kinds.mime_parts), at most `_DEEPEST` parts deep, as
an MHTML file is (webpage/saved.py).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from email.message import Message

from ..library.problems import DossierError
from .kinds import Fields, decoded, headers_and_body, mime_parts, transfer_decoded, without_mailbox_line

# Parts within parts, at most: a message with an attachment holds its text and its HTML in
# a part of their own (multipart/mixed, then multipart/alternative), three deep at most in
# what mail programs write.
_DEEPEST = 8


@dataclass(kw_only=True)
class Mail(Fields):
    """What an e-mail gives: its text (HTML, or plain), and its fields."""

    text: str
    html: bool


def read_mail(data: bytes, name: str) -> Mail:
    """The message's text and fields. Raises DossierError where it holds no text."""
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    parser = BytesHeaderParser(policy=compat32)
    head, body = headers_and_body(without_mailbox_line(data))
    message = parser.parsebytes(head)
    texts: dict[str, tuple[Message, bytes]] = {}
    attachments = 0
    parts = deque([(message, body, 0)])
    while parts:
        part, content, depth = parts.popleft()
        kind = part.get_content_type()
        disposition = str(part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        if kind.startswith("multipart/"):
            boundary = part.get_param("boundary")
            if depth < _DEEPEST and isinstance(boundary, str) and boundary:
                for chunk in mime_parts(content, boundary):
                    inner_head, inner_body = headers_and_body(chunk)
                    parts.append((parser.parsebytes(inner_head), inner_body, depth + 1))
        elif disposition == "attachment" or kind not in ("text/plain", "text/html"):
            # (not a picture the HTML shows: inline, or named by its Content-ID)
            attachments += disposition == "attachment" or (disposition != "inline" and not part.get("Content-ID"))
        elif content.strip():
            texts.setdefault(kind, (part, content))
    chosen = texts.get("text/plain") or texts.get("text/html")
    if chosen is None:
        raise DossierError(f"{name}: an e-mail with no text in it (only attachments?); not imported")
    part, content = chosen
    try:
        content = transfer_decoded(part, content)
    except ValueError as error:
        raise DossierError(f"{name}: an e-mail whose text is {error}; not imported") from None
    charset = part.get_content_charset()
    text, _ = decoded(content, name, charset.encode("ascii", "replace") if charset else None)
    caution = None
    if attachments:
        caution = f"its {attachments} attachment{'s' if attachments > 1 else ''} not imported: save each and import it"
    sender = _header(message, "From")
    return Mail(
        text=text,
        html=part.get_content_type() == "text/html",
        title=_header(message, "Subject"),
        authors=[_sender_name(sender)] if sender else [],
        published=_day_sent(_header(message, "Date")),
        caution=caution,
    )


def _header(message: Message, name: str) -> str | None:
    """A header's text, its encoded words decoded ("=?utf-8?q?Caf=C3=A9?=" is "Café")."""
    from email.header import decode_header, make_header

    value = message.get(name)
    if value is None:
        return None
    try:
        text = str(make_header(decode_header(str(value))))
    except (LookupError, ValueError):  # an unknown charset; a broken encoded word (binascii.Error, UnicodeError)
        text = str(value)
    return " ".join(text.split()) or None


def _sender_name(sender: str) -> str:
    """A sender's name ("Jane Doe <jane@example.org>": "Jane Doe"), else the address."""
    from email.utils import parseaddr

    shown, address = parseaddr(sender)
    return shown or address or sender


def _day_sent(date: str | None) -> str | None:
    """The day a Date header gives, in the sender's time: "Mon, 2 Dec 2024 09:15:00 +0000"
    is 2024-12-02."""
    from email.utils import parsedate_to_datetime

    if not date:
        return None
    try:
        return parsedate_to_datetime(date).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
