"""What a build warns of that ``briefpack check`` says too, so that a clean check means a build
without warnings: key judgments and sections that lost the support of a withdrawn excerpt, and
excerpts holding a character that no font of the PDF has (every excerpt that may be cited, with
the default PDF style)."""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefpackError, Problem, relative_to_root


def withdrawn_support(root: Path, library) -> list[Problem]:
    """A warning for each key judgment or section of each document that would cite a withdrawn
    excerpt, as the build gives it; a brief that cannot be read is ``check``'s own error."""
    from ..briefs.read import load_brief
    from ..compose.brief_check import brief_files
    from ..compose.composer import compose
    from ..compose.expand import expand_brief
    from ..library.model import without_withdrawn
    from .impact import lost_support
    from .plan import lost_warnings

    cited = without_withdrawn(library)
    if not cited.withdrawn:
        return []
    out: list[Problem] = []
    for path in brief_files(root):
        try:
            for instance in expand_brief(load_brief(path), cited):
                places = lost_support(instance, cited, lambda brief, lib: compose(
                    brief, lib, root=root, produced="", timestamp=0).document)
                out += [relative_to_root(p, root) for p in lost_warnings(instance, places, cited)]
        except BriefpackError:
            continue
    return out


def missing_glyphs(library) -> list[Problem]:
    """The build's warning for each excerpt whose printed text holds a character no font of the
    PDF has."""
    from ..library.model import without_withdrawn
    from ..writers import WriterOptions
    from .plan import glyph_warnings

    cited = without_withdrawn(library)
    return [relative_to_root(p, library.root) for p in glyph_warnings(tuple(cited.excerpts), cited, WriterOptions())]
