"""Links a pack may carry: addresses on the web (http and https) only.

A source's URL is printed in the pack as a link the reader can click. Any other
scheme is refused where the URL comes in (``add-source``, a saved page, a
CSL-JSON export, a source's ``url:`` field): ``javascript:`` runs code, a
``file:`` link or a UNC path (``\\\\host\\share``) makes Word or Windows fetch it
and hand that host the reader's credentials.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
_NOT_IN_URL = re.compile(r"[\s\\\x00-\x1f\x7f-\x9f]")


def web_url_problem(url: str) -> str | None:
    """What keeps ``url`` from being a web address a reader may be sent to, or None."""
    bad = _NOT_IN_URL.search(url)
    if bad is not None:
        what = "a backslash" if bad.group() == "\\" else (
            "a space" if bad.group() == " " else f"U+{ord(bad.group()):04X}")
        return f"an address cannot hold {what}"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        return f"not an address ({exc})"
    if parts.scheme.lower() not in WEB_SCHEMES:
        return "only http:// and https:// addresses are links a pack may carry"
    if not host:
        return "an address names its host after the //"
    return None


def is_web_url(url: str) -> bool:
    return web_url_problem(url) is None
