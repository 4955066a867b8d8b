"""Reading a tagged PDF back with pikepdf, independently of any PDF/UA checker: the
structure tree, which marked content each element owns, and what on each page is
neither an artifact nor owned by an element reachable from the tree."""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

TEXT_OPERATORS = {"Tj", "TJ", "'", '"', "Do"}


@dataclass
class Element:
    kind: str
    obj: object
    kids: list["Element"] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page objgen, MCID)
    objrs: list = field(default_factory=list)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def find(self, kind: str) -> list["Element"]:
        return [e for e in self.walk() if e.kind == kind]


def _objgen(obj) -> tuple[int, int]:
    return obj.objgen


def read_tree(pdf: pikepdf.Pdf) -> Element:
    """The structure tree under the StructTreeRoot (a root element of kind "Root")."""
    root = Element("Root", pdf.Root.StructTreeRoot)
    seen = set()

    def kids_of(element: Element, obj, page):
        k = obj.get("/K")
        items = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
        for item in items:
            if isinstance(item, int):
                element.mcids.append((_objgen(page), int(item)))
            elif item.get("/Type") == "/MCR":
                element.mcids.append((_objgen(item.Pg), int(item.MCID)))
            elif item.get("/Type") == "/OBJR":
                element.objrs.append(item.Obj)
            else:
                assert item.objgen not in seen, "an element reached twice"
                seen.add(item.objgen)
                assert item.get("/P") is not None
                child = Element(str(item.S)[1:], item)
                element.kids.append(child)
                kids_of(child, item, item.get("/Pg", page))

    kids_of(root, root.obj, None)
    return root


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    nums = pdf.Root.StructTreeRoot.ParentTree
    out = {}
    stack = [nums]
    while stack:
        node = stack.pop()
        if "/Nums" in node:
            values = list(node.Nums)
            out.update({int(values[i]): values[i + 1] for i in range(0, len(values), 2)})
        stack.extend(node.get("/Kids", []))
    return out


def unowned_content(pdf: pikepdf.Pdf, tree: Element) -> list[str]:
    """Every text-showing operator and ``Do`` of every page that is neither inside an
    artifact nor inside marked content whose MCID the ParentTree gives to an element
    of the tree that lists that MCID; described as "page N: op"."""
    owned = {(page, mcid): e.obj.objgen for e in tree.walk() for page, mcid in e.mcids}
    parents = parent_tree(pdf)
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        owners = parents.get(int(page.obj.get("/StructParents", -1)))
        stack: list = []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "BDC":
                props = operands[1]
                if operands[0] == "/Artifact":
                    stack.append("artifact")
                elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    stack.append(int(props.MCID))
                else:
                    stack.append(None)
            elif op == "BMC":
                stack.append("artifact" if operands[0] == "/Artifact" else None)
            elif op == "EMC":
                stack.pop()
            elif op in TEXT_OPERATORS:
                marks = [m for m in stack if m is not None]
                if not marks:
                    problems.append(f"page {number}: {op} outside marked content")
                elif marks[-1] != "artifact":
                    mcid = marks[-1]
                    owner = owners[mcid] if owners is not None and mcid < len(owners) else None
                    if owner is None or owned.get((page.obj.objgen, mcid)) != owner.objgen:
                        problems.append(f"page {number}: {op} in MCID {mcid}, owned by no element of the tree")
        assert not stack, f"page {number}: unbalanced marked content"
    return problems


def link_annotations(pdf: pikepdf.Pdf):
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == "/Link":
                yield page, annot
