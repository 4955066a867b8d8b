"""The PDF writer: reportlab flowables with notes at the foot of each page.

What the registry (``writers/registry.py``) names is here: light to import, each
function loads the writer's modules (reportlab) only when it runs.
"""


def write_pdf(document, path, options, cache=None) -> dict:
    """Write ``document`` as a PDF at ``path`` (the walk is ``writer.write_pdf``); ``cache``:
    a ``registry.CacheFolder`` holding the parts the last build of this output laid out."""
    return load_writer()(document, path, options, cache)


def load_writer():
    """The writer itself, with its modules imported (before worker processes fork)."""
    from ...collector import imported

    return imported(f"{__package__}.writer").write_pdf


def check_style(sheet) -> None:
    """Raises BriefpackError when the style sheet ``sheet`` (the ``--pdf-style`` file as the
    pipeline read it) is not a house style the writer can use."""
    from .style import load_house_style

    load_house_style(sheet)
