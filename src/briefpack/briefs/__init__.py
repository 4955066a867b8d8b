"""Briefs: what goes into one briefing pack, read and validated with the line of every field."""
