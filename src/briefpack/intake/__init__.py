"""Bringing material into a workspace: new workspaces, captured sources, suggested excerpts.

- ``importers``: the registry of importers by file kind (``html``, ``pdf``,
  ``docx``, ``text``), each turning a saved file into a :class:`Capture`;
- ``csl``: metadata from a CSL-JSON export (Zotero);
- ``debris``: which captured paragraphs are web or print debris (proposed as ``non_body``);
- ``source_file``: writing a capture as a library source, the original kept under ``seeds/captures/``;
- ``quoting``, ``suggest``, ``appending``: finding a quote in a source and writing it as an excerpt;
- ``starter``: ``briefpack init``.
"""
