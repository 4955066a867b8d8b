"""briefpack: briefing packs from a library of sources and verbatim excerpts."""

__version__ = "0.1.0"
