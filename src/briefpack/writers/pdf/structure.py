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

import time
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFPage, PDFStream, PDFString

from .tagging import Node, Tagger

_PAGE_KEYS = PDFPage.__NoDefault__ + ["StructParents", "Tabs"]


class _Raw(PDFObject):
    """An object formatted from pieces: bytes, and names of objects (written as references)."""

    def __init__(self, parts: list):
        self.parts = parts

    def format(self, document):
        numbers = document.idToObjectNumberAndVersion
        return b"".join(p if isinstance(p, bytes) else b"%d 0 R" % numbers[p][0] for p in self.parts)


def _register(doc, obj, name: str) -> None:
    """``doc.Reference(obj, name)`` for a new object, without its checks (tens of thousands of calls)."""
    doc.objectcounter += 1
    doc.idToObjectNumberAndVersion[name] = (doc.objectcounter, 0)
    doc.numberToId[doc.objectcounter] = name
    doc.idToObject[name] = obj


def _string(text: str, document) -> bytes:
    return PDFString(text).format(document)


def write_structure(canv, tagger: Tagger, title: str, language: str, timestamp: int) -> None:
    tagger.finish()
    doc = canv._doc
    pages = doc.Pages.pages
    page_names = [doc.Reference(page).name for page in pages]
    names: dict[int, str] = {}
    order: list[Node] = []
    stack = [tagger.root]
    while stack:  # name every element first: kids refer to parents and parents to kids
        node = stack.pop()
        names[id(node)] = f"SE{len(order)}"
        order.append(node)
        stack.extend(reversed([k for k in node.kids if isinstance(k, Node)]))
    root_name = "StructTreeRoot"
    for node in order:
        parent = names[id(node.parent)] if node.parent is not None else root_name
        _register(doc, _element(node, parent, names, page_names, doc), names[id(node)])
    nums: list = [b"<< /Nums ["]
    for i, owners in enumerate(tagger.owners):
        if owners:
            nums.append(b" %d [" % i)
            for node in owners:
                nums += [b" ", names[id(node)]]
            nums.append(b"]")
    annotations = _annotations(doc, tagger, len(pages), nums, names)
    nums.append(b" ] >>")
    for i, page in enumerate(pages):
        page.__NoDefault__ = _PAGE_KEYS
        if i < len(tagger.owners) and tagger.owners[i]:
            page.StructParents = i
        if page.Annots:
            page.Tabs = PDFName("S")
    doc.Reference(_Raw(nums), "ParentTree")
    ids = sorted((n.attrs["ID"], names[id(n)]) for n in order if "ID" in n.attrs)
    id_tree = [b" /IDTree << /Names ["]
    for key, name in ids:
        id_tree += [_string(key, doc), b" ", name, b" "]
    id_tree.append(b"] >>")
    tree_root = _Raw([b"<< /Type /StructTreeRoot /K ", names[id(tagger.root)], b" /ParentTree ", "ParentTree",
                      b" /ParentTreeNextKey %d" % (len(pages) + annotations)] + id_tree + [b" >>"])
    doc.Reference(tree_root, root_name)
    catalog = doc.Catalog
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = _Raw([b"<< /Marked true >>"])
    catalog.ViewerPreferences = _Raw([b"<< /DisplayDocTitle true >>"])
    catalog.Lang = PDFString(language)
    catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                                 xmp(title, language, timestamp), filters=[])


def _element(node: Node, parent: str, names, page_names, doc) -> _Raw:
    parts: list = [b"<</S/" + node.kind.encode() + b"/P ", parent]  # /Type /StructElem is optional
    pages = [k[0] for k in node.kids if isinstance(k, tuple) and k[0] != "annot"]
    home = pages[0] if pages else None
    if home is not None:
        parts += [b" /Pg ", page_names[home]]
    kids: list = []
    for kid in node.kids:
        if isinstance(kid, Node):
            kids += [b" ", names[id(kid)]]
        elif kid[0] == "annot":
            kids += [b" << /Type /OBJR /Obj ", kid[1], b" >>"]
        elif kid[0] == home:
            kids.append(b" %d" % kid[1])
        else:
            kids += [b" << /Type /MCR /Pg ", page_names[kid[0]], b" /MCID %d >>" % kid[1]]
    if len(node.kids) == 1:  # a lone kid stands alone (some checkers read no array of one)
        parts += [b" /K"] + kids
    else:
        parts += [b" /K ["] + kids + [b" ]"]
    for key in ("Lang", "Alt", "ID"):
        if key in node.attrs:
            parts += [b" /" + key.encode() + b" ", _string(node.attrs[key], doc)]
    if "Scope" in node.attrs:
        parts.append(b" /A << /O /Table /Scope /" + node.attrs["Scope"].encode() + b" >>")
    if "BBox" in node.attrs:
        parts.append(b" /A << /O /Layout /BBox [" + " ".join(f"{v:.2f}" for v in node.attrs["BBox"]).encode()
                     + b"] >>")
    parts.append(b" >>")
    return _Raw(parts)


def _annotations(doc, tagger: Tagger, first_key: int, nums: list, names) -> int:
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
            annotation.permitted = type(annotation).permitted + ("StructParent",)
        nums += [b" %d " % key, names[id(link)]]
    return len(tagger.links)


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
