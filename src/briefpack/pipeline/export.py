"""``briefpack export``: a document edition as a STIX 2.1 bundle.

The document is composed from the current briefs and library, as a build would
compose it; the edition it is is found the way a build finds it: a document
whose inputs are those of its last published edition is that edition, else it
is the draft of the next one. ``--edition N`` asks for a published edition and
is refused when the inputs have changed since (the bundle would not be it).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefpackError, relative_path


def documents_of(root: Path, target: str) -> list:
    """(brief path, expanded instance) of every document ``target`` names: a brief
    file, or a document's name (``country-handout-kz``)."""
    from ..briefs.read import load_brief
    from .build import find_briefs

    path = Path(target)
    candidates = find_briefs(root, [path] if path.suffix in (".yaml", ".yml") else [])
    return [(brief_path, load_brief(brief_path)) for brief_path in candidates]


def export_stix(root: Path, target: str, edition: int | None = None, max_marking: str | None = None) -> list:
    """[(document name, bundle)] for the documents ``target`` names (see ``documents_of``)."""
    from ..compose.expand import expand_brief
    from ..interchange.stix import stix_bundle
    from .bundles import document_export
    from ..library.check import load_checked_library
    from ..library.model import without_withdrawn

    library = without_withdrawn(load_checked_library(root)[0])
    named = Path(target).suffix not in (".yaml", ".yml")
    bundles = []
    for path, brief in documents_of(root, target):
        for instance in expand_brief(brief, library):
            if named and instance.name != target:
                continue
            export = document_export(root, instance, library, edition, max_marking)
            bundles.append((instance.name, stix_bundle(export, library)))
    if not bundles:
        raise BriefpackError(f"no brief makes a document called '{target}' (give a brief file or a document's name)")
    return bundles


def write_bundles(root: Path, bundles: list, out: Path) -> list[str]:
    """Write each bundle: to ``out`` when there is one, else into the folder ``out`` as
    ``<document>.stix.json``; the files written, as the workspace shows them."""
    from ..interchange.stix import stix_json
    from .outputs import write_atomic

    out = Path(out)
    if len(bundles) > 1 and out.suffix:
        raise BriefpackError(f"{len(bundles)} documents ({', '.join(n for n, _ in bundles)}): give a folder for "
                             "--stix, or name one document")
    written = []
    for name, bundle in bundles:
        path = out / f"{name}.stix.json" if len(bundles) > 1 or out.is_dir() else out
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, stix_json(bundle).encode("utf-8"))
        written.append(str(relative_path(path, root)))
    return written
