"""Citations to numbered Chicago notes and the source annex, before any writer runs."""
