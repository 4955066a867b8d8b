"""Composing: one brief + the library + section templates -> the document model
(the sandboxed Jinja environment, the block XML, analyst text, for_each expansion)."""
