"""A web page saved in one file, its stylesheets and images beside it: the page's own HTML
taken out, with the charset and the address the file records for it.

- MHTML, as Chrome and Edge save a page ("Webpage, Single File"): a MIME message whose parts
  are the page (quoted-printable or base64) and what it loads, one after another.
- Safari's web archive: a binary property list whose main resource is the page.
"""

from __future__ import annotations

import re

from ...library.problems import DossierError
from ..kinds import MHTML, headers_and_body, mime_parts, transfer_decoded

_WEB_ADDRESS = re.compile(r"\Ahttps?://\S+\Z")


def page_inside(data: bytes, saved_as: str, name: str) -> tuple[bytes, bytes | None, str | None]:
    """The page inside a file saved as `saved_as` (kinds.MHTML or kinds.WEBARCHIVE): its
    HTML's bytes, the charset recorded for them, and the address the page was saved from
    (None where it records none, or no web address). Raises DossierError where the file
    holds no page."""
    content, charset, address = (_in_mhtml if saved_as == MHTML else _in_webarchive)(data, name)
    declared = charset.encode("ascii", "replace") if charset else None
    return content, declared, address if address and _WEB_ADDRESS.match(address) else None


def _in_mhtml(data: bytes, name: str) -> tuple[bytes, str | None, str | None]:
    """MHTML's page: its part of type text/html at the address the snapshot names, else its
    first. (Read part by part at the boundary, kinds.mime_parts: a browser writes its parts
    one after another.)"""
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    headers = BytesHeaderParser(policy=compat32)
    head, body = headers_and_body(data)
    message = headers.parsebytes(head)
    boundary = message.get_param("boundary")
    address = message.get("Snapshot-Content-Location")
    pages = []
    if isinstance(boundary, str) and boundary:
        for chunk in mime_parts(body, boundary):
            part_head, part_body = headers_and_body(chunk)
            part = headers.parsebytes(part_head) if part_head else None
            if part is not None and part.get_content_type() == "text/html":
                pages.append((part, part_body))
    if not pages:
        raise DossierError(f"{name}: an MHTML file with no web page in it; not imported")
    # The page saved, not a frame of it. (Where the file names no address, a frame that
    # names none either is no match: the first page is the one saved.)
    part, content = next(
        ((part, body) for part, body in pages if address and part.get("Content-Location") == address), pages[0]
    )
    try:
        content = transfer_decoded(part, content)
    except ValueError as error:
        raise DossierError(f"{name}: an MHTML file whose page is {error}; not imported") from None
    return content, part.get_content_charset(), str(address or part.get("Content-Location") or "")


def _in_webarchive(data: bytes, name: str) -> tuple[bytes, str | None, str | None]:
    """A web archive's main resource, where it is a page."""
    import plistlib

    try:
        archive = plistlib.loads(data, fmt=plistlib.FMT_BINARY)
    except (plistlib.InvalidFileException, ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        raise DossierError(f"{name}: a broken Safari web archive; not imported") from None
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    content = main.get("WebResourceData") if isinstance(main, dict) else None
    if not isinstance(content, bytes) or main.get("WebResourceMIMEType") not in (
        None,
        "text/html",
        "application/xhtml+xml",
    ):
        raise DossierError(f"{name}: a Safari web archive with no web page in it; not imported")
    charset, address = main.get("WebResourceTextEncodingName"), main.get("WebResourceURL")
    return content, charset if isinstance(charset, str) else None, address if isinstance(address, str) else None
