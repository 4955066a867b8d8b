"""The DOCX writer and the parts of the .docx package it writes.

What the registry (``writers/registry.py``) names is here: light to import, each
function loads the writer's modules (python-docx, lxml) only when it runs.
"""


def write_docx(document, path, options) -> dict:
    """Write ``document`` as a .docx at ``path`` (the walk is ``writer.write_docx``)."""
    return load_writer()(document, path, options)


def load_writer():
    """The writer itself, with its modules imported (before worker processes fork)."""
    from ...collector import imported

    return imported(f"{__package__}.writer").write_docx


def check_reference_doc(path) -> None:
    """Raises BriefpackError when ``path`` is not a .docx the writer can take its styles from."""
    from .package import open_document

    open_document(path)


def reference_doc_warnings(path) -> list:
    """What the reference document at ``path`` carries that the DOCX leaves out, as warnings."""
    from .reference import reference_warnings

    return reference_warnings(path)
