"""The source library: sources, excerpts and the vocabulary of tags; loading, checking
(every quote in its source), the check cache, tag queries and listings."""
