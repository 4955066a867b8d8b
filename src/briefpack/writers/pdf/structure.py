"""The structure tree and what PDF/UA asks of the file around it, written into
reportlab's document after layout and before it is saved.

The elements :mod:`.tagging` recorded become StructElem objects; the
ParentTree maps each page (``/StructParents``) to the owners of its
marked-content numbers and each link annotation (``/StructParent``) to its
Link element; the catalog says the file is marked (``/MarkInfo``), in which
language (``/Lang``), that viewers show its title (``/DisplayDocTitle``), and
carries XMP metadata with the title and ``pdfuaid:part 1``. Pages with
annotations are read in structure order (``/Tabs /S``); every link annotation
says where it goes (``/Contents``). Elements are formatted straight to bytes:
a long document has tens of thousands of them.
"""

from __future__ import annotations

import functools
import time

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFPage, PDFStream, PDFString

from ..shared import escape
from .objects import text_string
from .tagging import Node, Tagger

_PAGE_KEYS = PDFPage.__NoDefault__ + ["StructParents", "Tabs"]


class _Raw(PDFObject):
    """An object already formatted (its references are numbers given out beforehand)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document):
        return self.data


def _reserve(doc, name: str) -> bytes:
    """A number for the object ``name``, set later (``_place``): a reference to it, as written."""
    doc.objectcounter += 1
    doc.idToObjectNumberAndVersion[name] = (doc.objectcounter, 0)
    doc.numberToId[doc.objectcounter] = name
    return b"%d 0 R" % doc.objectcounter


def _place(doc, name: str, obj) -> None:
    obj.__InternalName__ = name  # what doc.Reference() looks for: the catalog refers to some
    doc.idToObject[name] = obj


def _string(text: str, document) -> bytes:
    return text_string(text, document)


def write_structure(canv, tagger: Tagger, title: str, language: str, timestamp: int) -> None:
    tagger.finish()
    doc = canv._doc
    pages = doc.Pages.pages
    numbers = doc.idToObjectNumberAndVersion
    page_refs = [b"%d 0 R" % numbers[doc.Reference(page).name][0] for page in pages]
    order, elements = _numbered(doc, tagger.root)  # every element numbered first: kids and parents refer to each other
    root, root_ref, parent_tree_ref = order[0].ref, _reserve(doc, "StructTreeRoot"), _reserve(doc, "ParentTree")
    nums = [b"<< /Nums ["]
    for i, owners in enumerate(tagger.owners):
        if owners:
            nums.append(b" %d [ %s ]" % (i, b" ".join([node.ref for node in owners])))
    annotations = _annotations(doc, tagger, len(pages), nums)
    nums.append(b" ] >>")
    _place(doc, "ParentTree", _Raw(b"".join(nums)))
    for i, page in enumerate(pages):
        page.__NoDefault__ = _PAGE_KEYS
        if i < len(tagger.owners) and tagger.owners[i]:
            page.StructParents = i
        if page.Annots:
            page.Tabs = PDFName("S")
    tagger.owners.clear()  # from here on only the tree holds the elements
    tagger.links.clear()
    tagger.notes.clear()
    ids = sorted(_write_elements(doc, order, elements, root_ref, page_refs))
    id_tree = b" ".join(_string(key, doc) + b" " + ref for key, ref in ids)
    tree_root = _Raw(b"<< /Type /StructTreeRoot /K %s /ParentTree %s /ParentTreeNextKey %d /IDTree << /Names [ %s ] >> >>"
                     % (root, parent_tree_ref, len(pages) + annotations, id_tree))
    _place(doc, "StructTreeRoot", tree_root)
    catalog = doc.Catalog
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = _Raw(b"<< /Marked true >>")
    catalog.ViewerPreferences = _Raw(b"<< /DisplayDocTitle true >>")
    catalog.Lang = PDFString(language)
    catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                                 xmp(title, language, timestamp), filters=[])


def _numbered(doc, root: Node) -> list:
    """The elements under ``root`` (itself first), each after its parent and before its next
    sibling, each given a reference (``ref``) to its object number (a run of numbers, in that
    order); and the run's objects to fill."""
    order, stack = [], [root]
    while stack:
        node = stack.pop()
        order.append(node)
        kids = [k for k in node.kids if type(k) is Node]
        if kids:
            kids.reverse()
            stack += kids
    objects = [b""] * len(order)  # formatted by _write_elements
    for number, node in enumerate(order, doc.run(objects)):
        node.ref = b"%d 0 R" % number
    return order, objects


def _write_elements(doc, order: list, objects: list, root_ref: bytes, page_refs) -> list[tuple[str, bytes]]:
    """Each element formatted as its object in ``objects`` (``order``: the elements in the order
    they were numbered) and let go of once formatted: the tree comes apart as it is written, so
    that its elements are freed before the file is saved. Returns the (ID, reference) of those
    with an ID."""
    numbers, ids = doc.idToObjectNumberAndVersion, []
    for i, node in enumerate(order):
        order[i] = None
        parent = node.parent.ref if node.parent is not None else root_ref
        objects[i] = _element(node, parent, page_refs, numbers, doc)
        if node.attrs and "ID" in node.attrs:
            ids.append((node.attrs["ID"], node.ref))
        node.parent, node.kids = None, []
    return ids


_KINDS: dict = {}  # an element's type as written


def _element(node: Node, parent: bytes, page_refs, numbers, doc) -> bytes:
    kids: list = []
    home = None
    for kid in node.kids:
        if type(kid) is not tuple:
            kids.append(kid.ref)
        elif kid[0] == "annot":
            kids.append(b"<</Type/OBJR/Obj %d 0 R>>" % numbers[kid[1]][0])
        elif home is None or kid[0] == home:  # the page of its first marked content is its own
            home = kid[0]
            kids.append(b"%d" % kid[1])
        else:
            kids.append(b"<</Type/MCR/Pg %s/MCID %d>>" % (page_refs[kid[0]], kid[1]))
    kind = _KINDS.get(node.kind)
    if kind is None:
        kind = _KINDS[node.kind] = node.kind.encode()
    # a lone kid stands alone (some checkers read no array of one); /Type /StructElem is optional
    body = kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"
    if home is None:
        data = b"<</S/%b/P %b/K %b" % (kind, parent, body)
    else:
        data = b"<</S/%b/P %b/Pg %b/K %b" % (kind, parent, page_refs[home], body)
    if node.attrs:
        return data + b"".join(_attributes(node.attrs, doc)) + b">>"
    return data + b">>"


def _attributes(attrs: dict, doc) -> list[bytes]:
    parts = []
    for key in ("Lang", "Alt", "ID"):
        if key in attrs:
            parts += [b"/", key.encode(), b" ", _string(attrs[key], doc)]
    if "Scope" in attrs:
        parts += [b"/A <</O/Table/Scope/", attrs["Scope"].encode(), b">>"]
    if "BBox" in attrs:
        parts += [b"/A <</O/Layout/BBox [", " ".join(f"{v:.2f}" for v in attrs["BBox"]).encode(), b"]>>"]
    return parts


def _annotations(doc, tagger: Tagger, first_key: int, nums: list) -> int:
    """Each link annotation's ``/StructParent`` (a key after the pages') and ``/Contents``."""
    for i, (_page, name, link, contents) in enumerate(tagger.links):
        key = first_key + i
        annotation = doc.idToObject[name]
        if isinstance(annotation, PDFDictionary):
            annotation["Contents"] = PDFString(contents)
            annotation["StructParent"] = key
        else:
            annotation.Contents = contents
            annotation.otherkw["StructParent"] = key
            annotation.permitted = _permitted(type(annotation))
        nums.append(b" %d %s" % (key, link.ref))
    return len(tagger.links)


@functools.lru_cache(maxsize=None)
def _permitted(kind) -> tuple:
    """The keys an annotation of reportlab's class ``kind`` may write, and its StructParent."""
    return kind.permitted + ("StructParent",)


def xmp(title: str, language: str, timestamp: int) -> bytes:
    """XMP metadata: the title, language and dates, and the PDF/UA part."""
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(timestamp)))
    t = escape(title)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:CreatorTool>briefpack</xmp:CreatorTool>
<pdf:Producer>briefpack</pdf:Producer>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")
