"""The PDF writer: reportlab flowables with notes at the foot of each page.

What the registry (``writers/registry.py``) names is here: light to import, each
function loads the writer's modules (reportlab) only when it runs.
"""


def write_pdf(document, path, options) -> dict:
    """Write ``document`` as a PDF at ``path`` (the walk is ``writer.write_pdf``)."""
    return load_writer()(document, path, options)


def load_writer():
    """The writer itself, with its modules imported (before worker processes fork)."""
    from .writer import write_pdf

    return write_pdf


def check_style(path) -> None:
    """Raises BriefpackError when ``path`` is not a house style file the writer can use."""
    from ...errors import BriefpackError
    from .style import load_house_style

    try:
        load_house_style(path)
    except UnicodeDecodeError:
        raise BriefpackError("PDF style is not UTF-8 text", path=path) from None
