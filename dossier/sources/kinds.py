"""What an original is, told from its bytes (never from its name), and its text decoded.

A saved web page (an HTML file, or one saved in one file: MHTML, Chrome's and Edge's
"Webpage, Single File"; Safari's web archive), a PDF, an e-mail (.eml), Markdown or plain
text; any of them gzipped. A page's charset is the one it declares where that decodes it,
else the one its bytes show (charset-normalizer: windows-1252, Shift_JIS, EUC-KR…), never
Latin-1 by default. Every step is bounded: a file larger than the format's limit is
refused from its size, and a gzip that would decompress past it is stopped there (a zip
bomb is one line of output, not a full disk).
"""

from __future__ import annotations

import binascii
import codecs
import re
import zlib
from dataclasses import dataclass, field, fields

from ..library.format import MAX_FILE_BYTES
from ..library.problems import DossierError

HTML, PDF, TEXT, MARKDOWN, EMAIL = "html", "pdf", "text", "markdown", "email"
MHTML, WEBARCHIVE = "mhtml", "webarchive"  # a web page saved in one file (kind: html)


@dataclass(kw_only=True)
class Fields:
    """The source's fields a document states (None, or none, where it does not)."""

    title: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    language: str | None = None
    # What a reader of the source should know of what came in: "the page marks its article
    # as for subscribers: …". Not a field of the source.
    caution: str | None = None

    def stated(self) -> dict:
        """The fields alone, to hand on to another kind of Fields."""
        return {name.name: getattr(self, name.name) for name in fields(Fields)}


SUFFIXES = {HTML: "html", PDF: "pdf", TEXT: "txt", MARKDOWN: "md", EMAIL: "eml"}

_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(?:p|div|br|a|span|h[1-6]|article|section|meta|title|script|li|table)[\s>/]", re.I)
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)""", re.I)
_XML_DECLARED = re.compile(rb"""\A<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_.-]+)""", re.I)
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_MIME_HEADER = re.compile(rb"\A[A-Za-z][A-Za-z0-9-]*:")
_MULTIPART_RELATED = re.compile(rb"^content-type:\s*multipart/related", re.I | re.M)
# An e-mail's headers are looked at this far (a web mail service's download keeps the
# servers' trail and signatures, 10 KiB and more, before its From and Subject).
_MAIL_HEAD = 65536
_HEADER_LINE = re.compile(rb"\A(?:[!-9;-~]+:|[ \t])")  # a header's name and colon, or a folded line
_MAIL_HEADERS = re.compile(rb"^(from|to|subject|date|message-id|received|mime-version|cc|reply-to):", re.I | re.M)
_MARKDOWN_SIGNS = re.compile(
    r"^(?:#{1,6} \S|[*+-] \S|\d+\. \S|> \S|```|~~~|\* \* \*|---+$)|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|__[^_\n]+__",
    re.M,
)


def unpacked(data: bytes, name: str) -> bytes:
    """The bytes, out of their gzip if they are in one (however many times), at most the
    format's limit. Raises DossierError for a gzip that is broken or too large."""
    if len(data) > MAX_FILE_BYTES:
        raise DossierError(f"{name}: {len(data) / 2**20:,.0f} MiB, over the limit of {MAX_FILE_BYTES // 2**20} MiB")
    for _ in range(4):  # a gzip of a gzip is not yet too many
        if not data.startswith(b"\x1f\x8b"):
            return data
        data = _gunzip(data, name)
    raise DossierError(f"{name}: gzip inside gzip, again and again; not imported")


def _gunzip(data: bytes, name: str) -> bytes:
    try:
        return gunzipped(data)
    except ValueError as error:
        raise DossierError(f"{name}: {error}; not imported") from None


def gunzipped(data: bytes) -> bytes:
    """The bytes out of one gzip, at most the format's limit; ValueError (saying what
    is wrong) for a broken gzip or one that unpacks to more (a zip bomb)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error as error:
        raise ValueError(f"a broken gzip ({error})") from None
    if len(out) > MAX_FILE_BYTES or decompressor.unconsumed_tail:
        raise ValueError(f"decompresses to more than {MAX_FILE_BYTES // 2**20} MiB (a zip bomb?)")
    if not decompressor.eof:
        raise ValueError("a gzip cut short")
    return out


def kind_of(data: bytes, name: str) -> str:
    """html, pdf, email, markdown or text, from the bytes; DossierError for what is none of them."""
    head = data[:8192]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return PDF
    if is_mail(data[:_MAIL_HEAD]):
        return EMAIL
    if saved_in_one_file(head):
        return HTML
    if _HTML_START.match(head) or (len(_HTML_TAGS.findall(head)) >= 3 and b"<" in head[:512]):
        return HTML
    if _binary(head):
        raise DossierError(
            f"{name}: binary data, not a web page, a PDF or text "
            "(dossier imports .html, .mhtml, .webarchive, .pdf, .eml, .txt and .md)"
        )
    text = head.decode("utf-8", "replace")
    return MARKDOWN if len(_MARKDOWN_SIGNS.findall(text)) >= 2 else TEXT


def saved_in_one_file(head: bytes) -> str | None:
    """ "mhtml" or "webarchive" where the bytes (their beginning) are a web page saved in one
    file (webpage/saved.py reads it), else None. MHTML: a MIME message's headers,
    "Content-Type: multipart/related" among them, before its first blank line. Safari's
    web archive: a binary property list naming its main resource."""
    if head.startswith(b"bplist00") and b"WebMainResource" in head:
        return WEBARCHIVE
    headers = _BLANK_LINE.split(head, maxsplit=1)[0]
    return MHTML if _MIME_HEADER.match(headers) and _MULTIPART_RELATED.search(headers) else None


def is_mail(head: bytes) -> bool:
    """Whether the bytes (their first `_MAIL_HEAD`) are an e-mail: header lines (after a mailbox's
    "From " line, where one is), among them From, one of To, Message-ID or Received (which
    a browser's MHTML has not), and one more of those or Subject, Date, MIME-Version, Cc,
    Reply-To. (Where its headers run further, those looked at are all headers.)"""
    head = without_mailbox_line(head)
    headers, _ = headers_and_body(head)
    lines = (headers or head.rpartition(b"\n")[0]).splitlines()
    if not lines or not all(_HEADER_LINE.match(line) for line in lines):
        return False
    named = {found.lower() for found in _MAIL_HEADERS.findall(headers or head)}
    return b"from" in named and bool(named & {b"to", b"message-id", b"received"}) and len(named) >= 3


def without_mailbox_line(data: bytes) -> bytes:
    """A message without the "From " line a mailbox sets before it, where it has one."""
    return data.partition(b"\n")[2] if data.startswith(b"From ") else data


def mime_parts(body: bytes, boundary: str) -> list[bytes]:
    """A multipart body's parts: what stands between its boundary's lines ("--BOUNDARY"
    alone on a line; "--BOUNDARY--" closes it), not the preamble before the first nor the
    epilogue after the last; to the end where no line closes it. (In one pass: the
    standard library's parser recurses into nested parts, and a file nested a thousand
    deep would stop it.)"""
    line = re.compile(rb"^--" + re.escape(boundary.encode("latin-1")) + rb"(--)?[ \t]*(?:\r?\n|\Z)", re.M)
    found, start = [], None
    for match in line.finditer(body):
        if start is not None:
            found.append(body[start : match.start()])
        if match.group(1):
            return found
        start = match.end()
    return [*found, body[start:]] if start is not None else found


def transfer_decoded(part, content: bytes) -> bytes:
    """A MIME part's body out of the Content-Transfer-Encoding its headers (an
    email.message.Message) name: quoted-printable, base64, else as it is. Raises ValueError
    ("broken (base64)") where it is broken."""
    encoding = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    try:
        if encoding == "quoted-printable":
            return binascii.a2b_qp(content)
        if encoding == "base64":
            return binascii.a2b_base64(content)  # (a line break, or a stray character, skipped)
    except (binascii.Error, ValueError):
        raise ValueError(f"broken ({encoding})") from None
    return content


def headers_and_body(data: bytes) -> tuple[bytes, bytes]:
    """A MIME message's (or part's) headers and body, either side of the first blank line;
    no headers where there is none."""
    found = _BLANK_LINE.search(data)
    return (data[: found.start()], data[found.end() :]) if found else (b"", data)


def _binary(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return False
    if b"\0" in head and not _utf16_without_bom(head):
        return True
    controls = sum(byte < 32 and byte not in b"\t\n\r\f\v\x1b" for byte in head)
    return controls > len(head) // 20


def _utf16_without_bom(head: bytes) -> bool:
    evens, odds = head[0::2], head[1::2]
    return len(odds) > 8 and (odds.count(0) > len(odds) * 0.8 or evens.count(0) > len(evens) * 0.8)


def decoded(data: bytes, name: str, declared: bytes | None = None) -> tuple[str, str]:
    """The text, and the encoding it was read in: a byte-order mark's, else the declared
    one (a page's meta charset, an XML declaration) where it decodes the bytes, else UTF-8
    where they are UTF-8, else what charset-normalizer finds. Raises DossierError where
    nothing reads them as text."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, "replace"), encoding
    candidates = []
    found = _DECLARED.search(data[:8192]) or _XML_DECLARED.search(data[:1024])
    if declared or found:
        candidates.append((declared or found.group(1)).decode("ascii", "replace").lower())
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            codecs.lookup(encoding)
        except LookupError:
            continue
        if encoding in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            encoding = "windows-1252"  # as browsers read what says Latin-1 (WHATWG)
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # imported here: only an import needs it

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DossierError(f"{name}: not text in any encoding dossier can tell; save it as UTF-8")
    return str(best), best.encoding
