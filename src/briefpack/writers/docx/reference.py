"""A house-style reference .docx: read within bounds, and cleaned to what the
output may take from it.

What a reference document gives the output: its styles, list numbering, fonts
table, theme, settings, page set-up (the body's section properties) and its
headers and footers with their text and the pictures stored inside the file.
Everything else is left behind: its body, comments, custom XML, glossary,
document properties, and what a pack must never carry to its readers
(:data:`CATEGORIES`): macros, an attached template, embedded objects, frames,
fields that fetch content, pictures linked from elsewhere, any relationship to
outside the file, a DOCTYPE or entity references. The cleaning is by
relationship: only the parts reached from the package through the kinds of
relationship in :data:`KEPT_RELATIONSHIPS` stay, and every XML part kept is
parsed again (:mod:`.cleaning`) with a parser that resolves no entity and loads
nothing.

Reading is bounded (:data:`MAX_PARTS`, :data:`MAX_BYTES`, :data:`MAX_XML_BYTES`,
:data:`MAX_MARKUP`, and libxml2's depth of 256 without its "huge" option): a
file beyond them is refused with :class:`ReferenceRefused`.
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ...errors import BriefpackError, BuildError, Problem
from .cleaning import CATEGORIES, BadPart, Findings, clean_part, parse_part

MAX_PARTS = 1000  # members of the ZIP package
MAX_BYTES = 64 * 2**20  # all members, decompressed
MAX_XML_BYTES = 16 * 2**20  # one XML part, decompressed
MAX_MARKUP = 2_000_000  # tags, comments, instructions and attributes of all XML parts
_MB = 2**20

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# a macro-enabled document, a template: taken as a plain document
_MAIN_LIKE = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
# the content type of each XML part kept, by the relationship that reaches it
_PART_TYPES = {
    "officeDocument": _MAIN, "styles": _WML + "styles+xml", "numbering": _WML + "numbering+xml",
    "fontTable": _WML + "fontTable+xml", "settings": _WML + "settings+xml",
    "webSettings": _WML + "webSettings+xml", "footnotes": _WML + "footnotes+xml",
    "endnotes": _WML + "endnotes+xml", "header": _WML + "header+xml", "footer": _WML + "footer+xml",
    "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
}
# the root element of each XML part kept, by the relationship that reaches it
_ROOTS = {"officeDocument": "document", "styles": "styles", "numbering": "numbering", "fontTable": "fonts",
          "settings": "settings", "webSettings": "webSettings", "footnotes": "footnotes",
          "endnotes": "endnotes", "header": "hdr", "footer": "ftr", "theme": "theme"}
_MEDIA_TYPES = ("image/", "application/vnd.openxmlformats-officedocument.obfuscatedFont", "application/x-font",
                "font/")
# relationship kinds (the last segment of the type) whose parts the output takes
KEPT_RELATIONSHIPS = frozenset({
    "officeDocument", "styles", "numbering", "fontTable", "settings", "webSettings",
    "theme", "footnotes", "endnotes", "header", "footer", "image", "font",
})
# relationship kinds that are named in the warning when they are dropped
_NAMED_RELATIONSHIPS = {
    "vbaProject": "macros", "wordVbaData": "macros", "keyMapCustomizations": "macros",
    "attachedToolbars": "macros", "attachedTemplate": "template", "oleObject": "objects",
    "package": "objects", "control": "objects", "activeXControlBinary": "objects", "frame": "frames",
    "subDocument": "imports", "aFChunk": "imports", "mailMergeSource": "merge",
    "mailMergeHeaderSource": "merge", "recipientData": "merge",
}
# members left behind that are named in the warning even when nothing refers to them
_NAMED_MEMBERS = (("vbaproject", "macros"), ("vbadata", "macros"), ("customizations.xml", "macros"),
                  ("embeddings/", "objects"), ("activex/", "objects"))


class ReferenceRefused(BuildError):
    """A reference document beyond the bounds of what is read (an input error,
    not a usage error: exit 1)."""

    input_error = True


@dataclass(frozen=True)
class Reference:
    """A reference document as the output may take it."""

    path: Path
    parts: dict  # member name -> bytes, cleaned
    dropped: dict  # category -> examples of what was left out (see cleaning.CATEGORIES)

    def package(self) -> bytes:
        """The cleaned package, as a .docx in memory."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:  # read at once: not compressed
            for name, data in self.parts.items():
                target.writestr(name, data)
        return buffer.getvalue()

    def summary(self) -> str:
        """What was left out, in words: "macros (word/vbaProject.bin); frames (...)"."""
        out = []
        for category, examples in self.dropped.items():
            shown = ", ".join(_short(e) for e in examples[:3])
            more = f" and {len(examples) - 3} more" if len(examples) > 3 else ""
            out.append(f"{CATEGORIES[category]} ({shown}{more})" if shown else CATEGORIES[category])
        return "; ".join(out)


def _short(text: str, room: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= room else text[: room - 1] + "…"


def read_reference(path) -> Reference:
    """The reference document at ``path``, bounded and cleaned (read once per
    version of the file)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise BuildError(f"not a valid .docx: {exc.strerror or exc}", path=path) from None
    return _read(path, stat.st_mtime_ns, stat.st_size)


def reference_warnings(path) -> list[Problem]:
    """A warning naming what the reference document carries that the output leaves out."""
    reference = read_reference(path)
    if not reference.dropped:
        return []
    return [Problem(path, None, "reference document carries what a built pack must not; left out of the "
                    f"DOCX: {reference.summary()}", "warning")]


@functools.lru_cache(maxsize=2)
def _read(path: Path, mtime_ns: int, size: int) -> Reference:
    members = _members(path)
    findings = Findings()
    try:
        parts = _clean_package(members, findings)
    except BadPart as exc:
        raise _xml_error(path, exc) from None
    return Reference(path, parts, findings.by_category())


# ---------------------------------------------------------------- the ZIP package, bounded
def _members(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as package:
            infos = [i for i in package.infolist() if not i.is_dir()]
            if len(infos) > MAX_PARTS:
                raise ReferenceRefused(f"has {len(infos)} parts; a reference document may have at most "
                                       f"{MAX_PARTS}", path=path)
            declared = sum(i.file_size for i in infos)
            if declared > MAX_BYTES:
                raise ReferenceRefused(_too_large("the package", declared, MAX_BYTES), path=path)
            members, total, markup = {}, 0, 0
            for info in infos:
                data = _read_member(package, info, path, total)
                members[info.filename] = data
                total += len(data)
                if info.filename.endswith((".xml", ".rels")):  # a "<" opens each, a "=" gives each attribute
                    markup += data.count(b"<") + data.count(b"=")
                if markup > MAX_MARKUP:
                    raise ReferenceRefused(f"has more than {MAX_MARKUP:,} tags and attributes in its XML parts; a "
                                           "reference document may have at most that many (it gives only its "
                                           "styles and page set-up: a copy without its body will do)", path=path)
            return members
    except BriefpackError:
        raise
    except Exception as exc:  # zipfile, zlib, a damaged or encrypted member...
        raise BuildError(f"not a valid .docx: {_zip_problem(exc)}", path=path) from None


def _zip_problem(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile) and "not a zip file" in str(exc).lower():
        return "not a ZIP package"
    return str(exc) or type(exc).__name__


def _too_large(what: str, size: int, limit: int) -> str:
    return f"{what} expands to more than {limit // _MB} MB ({size / _MB:.0f} MB or more); a reference " \
           f"document is read up to {MAX_BYTES // _MB} MB in all and {MAX_XML_BYTES // _MB} MB per XML part"


def _read_member(package: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, total: int) -> bytes:
    """One member, read in chunks up to its limit (the sizes in a ZIP's directory may lie)."""
    xml = info.filename.endswith((".xml", ".rels"))
    limit = MAX_XML_BYTES if xml else MAX_BYTES
    if info.file_size > limit:
        raise ReferenceRefused(_too_large(info.filename, info.file_size, limit), path=path)
    room = min(limit, MAX_BYTES - total)
    chunks, size = [], 0
    with package.open(info) as stream:
        while chunk := stream.read(min(1 << 20, room + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > room:
                what, most = (info.filename, limit) if room == limit else ("the package", MAX_BYTES)
                raise ReferenceRefused(_too_large(what, total + size if what == "the package" else size, most),
                                       path=path)
    return b"".join(chunks)


def _xml_error(path: Path, exc: BadPart) -> BuildError:
    if exc.limit:
        return ReferenceRefused(f"{exc.name}: {exc.message}: a reference document's XML is read to a depth of "
                                "256 and up to 10,000,000 characters in one text or comment", path=path)
    return BuildError(f"not a valid .docx: {exc.name}: {exc.message}", path=path)


# ---------------------------------------------------------------- relationships and parts
def _rels_name(source: str) -> str:
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _target(source: str, target: str) -> str | None:
    """The member a relationship of ``source`` points at, or None outside the package."""
    if not target or "\\" in target or ":" in target.split("/", 1)[0]:
        return None
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(source), target)
    normal = posixpath.normpath(joined)
    return None if normal.startswith("..") or normal in (".", "") else normal


def _relationship(rel, source: str, members: dict, findings: Findings) -> str | None:
    """The member ``rel`` keeps in the output, or None when it is dropped."""
    kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
    target = rel.get("Target") or ""
    external = (rel.get("TargetMode") or "").lower() == "external"
    member = None if external else _target(source, target)
    if kind in _NAMED_RELATIONSHIPS:
        findings.add(_NAMED_RELATIONSHIPS[kind], member or target)
        return None
    if external:
        findings.add("linked" if kind == "image" else "external", target)
        return None
    if kind not in KEPT_RELATIONSHIPS or member not in members or member.lower().endswith(".svg"):
        return None
    return member


def _walk(members: dict, findings: Findings) -> tuple[dict, dict, dict]:
    """From the package's relationships: the parts kept (name -> relationship
    kind that reached it), each part's relationships (ids kept, and ids dropped
    with their targets), the cleaned .rels parts."""
    kinds: dict[str, str] = {}
    rels_of: dict[str, tuple[set, dict]] = {}
    rels_out: dict[str, bytes] = {}
    queue = [""]  # "" is the package itself: _rels/.rels
    while queue:
        source = queue.pop()
        rels_name = _rels_name(source)
        kept, dropped = rels_of[source] = (set(), {})
        if rels_name not in members:
            continue
        root = parse_part(members[rels_name], rels_name, findings)
        for rel in list(root):
            member = _relationship(rel, source, members, findings) if rel.tag == f"{{{_RELS_NS}}}Relationship" \
                else None
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if member is not None and kinds.get(member, kind) != kind:
                member = None  # one part, one purpose: not the document as its own styles
            if member is None:
                dropped[rel.get("Id")] = rel.get("Target") or ""
                root.remove(rel)
                continue
            kept.add(rel.get("Id"))
            if member not in kinds:
                kinds[member] = kind
                queue.append(member)
        rels_out[rels_name] = _serialize(root)
    return kinds, rels_of, rels_out


def _clean_package(members: dict, findings: Findings) -> dict[str, bytes]:
    types_name = "[Content_Types].xml"
    if types_name not in members:
        raise BadPart(types_name, "missing")
    kinds, rels_of, rels_out = _walk(members, findings)
    if "officeDocument" not in kinds.values():
        raise BadPart("_rels/.rels", "names no document part")
    parts = {types_name: b""}
    for name, kind in kinds.items():
        data = members[name]
        if name.endswith(".xml"):
            root = parse_part(data, name, findings)
            if etree.QName(root).localname != _ROOTS.get(kind, etree.QName(root).localname):
                raise BadPart(name, f"not a {kind} part (its root is <{etree.QName(root).localname}>)")
            clean_part(root, kind, rels_of.get(name, (set(), {})), findings)
            data = _serialize(root)
        parts[name] = data
        if _rels_name(name) in rels_out:
            parts[_rels_name(name)] = rels_out[_rels_name(name)]
    parts["_rels/.rels"] = rels_out.get("_rels/.rels", b"")
    for name in members:
        if name not in parts:
            for fragment, category in _NAMED_MEMBERS:
                if fragment in name.lower():
                    findings.add(category, name)
    parts[types_name] = _content_types(members[types_name], parts, kinds, findings)
    return parts


def _content_types(data: bytes, parts: dict, kinds: dict, findings: Findings) -> bytes:
    """[Content_Types].xml made again for the parts kept: each XML part the type
    of the relationship that reached it (a macro-enabled document or a template
    becomes a plain document), pictures and fonts the types their file gave them."""
    original = parse_part(data, "[Content_Types].xml", findings)
    declared = {(e.get("PartName") or "").lstrip("/"): e.get("ContentType") or "" for e in original
                if e.tag == f"{{{_TYPES_NS}}}Override"}
    defaults = {(e.get("Extension") or "").lower(): e.get("ContentType") or "" for e in original
                if e.tag == f"{{{_TYPES_NS}}}Default"}
    main = next(name for name, kind in kinds.items() if kind == "officeDocument")
    main_type = declared.get(main, "")
    if "macroEnabled" in main_type:
        findings.add("macros", main_type)
    if main_type not in (_MAIN, *_MAIN_LIKE):
        raise BadPart("[Content_Types].xml", f"its document part is {main_type or 'of no type'}, not a Word "
                      "document's")
    root = etree.Element(f"{{{_TYPES_NS}}}Types", nsmap={None: _TYPES_NS})
    for extension, content_type in (("rels", _RELS_TYPE), ("xml", "application/xml")):
        etree.SubElement(root, f"{{{_TYPES_NS}}}Default", Extension=extension, ContentType=content_type)
    for extension, content_type in sorted(defaults.items()):
        if content_type.startswith(_MEDIA_TYPES) and extension not in ("rels", "xml"):
            etree.SubElement(root, f"{{{_TYPES_NS}}}Default", Extension=extension, ContentType=content_type)
    for name, kind in kinds.items():
        content_type = _PART_TYPES.get(kind) or declared.get(name, "")
        if name in parts and (kind in _PART_TYPES or content_type.startswith(_MEDIA_TYPES)):
            etree.SubElement(root, f"{{{_TYPES_NS}}}Override", PartName="/" + name, ContentType=content_type)
    return _serialize(root)


def _serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
