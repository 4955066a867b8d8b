"""What a saved page states about itself in its markup, read before the extractor's guesses:
the Open Graph and Twitter meta tags, JSON-LD (``headline``, ``publisher``) and the first ``<h1>``.

A page's ``<title>`` is often its site's name, or the headline with the site's name after
it: the headline (``og:title``, JSON-LD ``headline``, ``<h1>``) comes first, with a trailing
"| Site" taken off; the publisher is ``og:site_name`` or JSON-LD's ``publisher``. Only the
page's head and first JSON-LD blocks are read (bounded), never a script run.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

_HEAD = 512_000  # characters of the page searched for meta tags, JSON-LD and the first h1
_JSON_LD_MAX = 200_000
_META = re.compile(r"<meta\s[^<>]{0,4000}>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_JSON_LD = re.compile(r"""<script[^<>]{0,400}type\s*=\s*["']?application/ld\+json["']?[^<>]{0,400}>""", re.I)
_H1 = re.compile(r"<h1\b[^<>]{0,2000}>", re.I)
_H1_MAX = 4000
_TAG = re.compile(r"<[^>]*>")
_ARTICLE = re.compile(r"article|posting|report|news|blog|webpage", re.I)


@dataclass
class PageMeta:
    og_title: str = ""
    headline: str = ""  # JSON-LD's
    h1: str = ""
    site_name: str = ""  # og:site_name
    publisher: str = ""  # JSON-LD's
    handles: tuple[str, ...] = ()  # the page's social-media handles (twitter:site), without "@"

    def title(self) -> str:
        """The headline the page states, its site's name taken off, or ""."""
        site = self.site_name or self.publisher
        for candidate in (self.og_title, self.headline, self.h1):
            title = strip_site(candidate, site)
            if title and title.casefold() != site.casefold():
                return title
        return ""


def page_meta(text: str) -> PageMeta:
    head = text[:_HEAD]
    meta = PageMeta()
    tags = {}
    for tag in _META.finditer(head):
        attrs = {k.lower(): html.unescape(v.strip("\"'")) for k, v in _ATTR.findall(tag.group())}
        name = (attrs.get("property") or attrs.get("name") or "").lower()
        if name and "content" in attrs and name not in tags:
            tags[name] = one_line(attrs["content"])
    meta.og_title, meta.site_name = tags.get("og:title", ""), tags.get("og:site_name", "")
    meta.handles = tuple(tags[k].lstrip("@") for k in ("twitter:site", "twitter:creator") if tags.get(k))
    for block in _elements(head, _JSON_LD, "</script>", _JSON_LD_MAX, 5):
        _read_json_ld(block, meta)
    h1 = next(iter(_elements(head, _H1, "</h1>", _H1_MAX, 1)), "")
    meta.h1 = one_line(html.unescape(_TAG.sub(" ", h1)))
    return meta


def _elements(text: str, start, end: str, most: int, count: int) -> list[str]:
    """The content of the first ``count`` elements opened by ``start`` and closed by ``end``
    within ``most`` characters (searched for once each: no pattern scans the page again and
    again for an element never closed)."""
    found = []
    lowered = text.lower()
    pos = 0
    while len(found) < count and (match := start.search(text, pos)) is not None:
        close = lowered.find(end, match.end(), match.end() + most)
        if close == -1:  # not closed in reach: the elements opened within that reach are skipped too
            pos = match.end() + most
            continue
        found.append(text[match.end():close])
        pos = close + len(end)
    return found


def _read_json_ld(block: str, meta: PageMeta) -> None:
    try:
        data = json.loads(block)
    except (ValueError, RecursionError):
        return
    items = data if isinstance(data, list) else [data]
    for item in [i for it in items if isinstance(it, dict) for i in [it, *(it.get("@graph") or [])]][:50]:
        if not isinstance(item, dict) or not _ARTICLE.search(str(item.get("@type", ""))):
            continue
        if not meta.headline and isinstance(item.get("headline"), str):
            meta.headline = one_line(html.unescape(item["headline"]))
        publisher = item.get("publisher")
        publisher = publisher[0] if isinstance(publisher, list) and publisher else publisher
        name = publisher.get("name") if isinstance(publisher, dict) else publisher
        if not meta.publisher and isinstance(name, str):
            meta.publisher = one_line(html.unescape(name))


def strip_site(title: str, site: str) -> str:
    """``title`` without a trailing (or leading) " | Site", " - Site", " — Site"."""
    if not title or not site:
        return title
    for pattern in (rf"^(.+?)\s+[|\-–—:·•]\s+{re.escape(site)}$", rf"^{re.escape(site)}\s+[|\-–—:·•]\s+(.+)$"):
        match = re.match(pattern, title, re.I)
        if match:
            return match.group(1).strip()
    return title


def one_line(text: str) -> str:
    return " ".join((text or "").split())
