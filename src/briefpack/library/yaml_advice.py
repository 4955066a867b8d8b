"""What to do about a YAML syntax error, instead of the parser's own words.

PyYAML says what it met ("mapping values are not allowed here"); a user needs
to know what to write. Each rule below recognises one parser message (and,
where it helps, the line it points at) and says how to fix the file. A message
no rule knows is kept, prefixed "malformed YAML".
"""

from __future__ import annotations

import re

_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):\s")


def advice(problem: str, line_text: str | None, column: int | None = None) -> str:
    """What to tell the user for parser message ``problem`` at column ``column`` of a line
    reading ``line_text``."""
    problem = problem or ""
    line = line_text or ""
    char = line[column] if column is not None and 0 <= column < len(line) else None
    key = _KEY.match(line)
    if "mapping values are not allowed" in problem:
        if key and key.group(1) in ("title", "subtitle", "publisher", "organization", "estimator"):
            name = key.group(1)
            return f"the {name} holds ': ', which YAML reads as a new field: put it in double quotes: {name}: \"...\""
        if key and key.group(1) in ("quote", "summary", "note", "notes", "intro", "text", "basis"):
            name = key.group(1)
            return (f"the {name} holds ': ', which YAML reads as a new field: write the {name} as a block: "
                    f"'{name}: >-' on its own line, the text indented on the lines below")
        return ("a value holds ': ', which YAML reads as a new field: put the value in double quotes, "
                "or write it as a block ('key: >-' and the text indented below)")
    if "tab character" in problem or "cannot start any token" in problem and (char == "\t" or "\\t" in problem):
        return "a tab character: YAML indents with spaces only"
    if "cannot start any token" in problem:
        shown = f"'{char}'" if char and char.isprintable() else "this character"
        return f"a value cannot begin with {shown}: put the value in double quotes"
    if "found undefined alias" in problem:
        return "a value beginning with '*' names a YAML alias: put the value in double quotes"
    if "could not find expected ':'" in problem:
        return ("a line that is neither 'key: value' nor part of the value above: indent a value's "
                "second line under it, or write a long value as a block ('key: >-')")
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return "this line is not indented like the lines of the same list or mapping above it: check its spaces"
    if "did not find expected '-' indicator" in problem:
        return "a list item must start with '- ' at the indentation of the items above it"
    if "end of stream" in problem and "quoted scalar" in problem or "found unexpected end of stream" in problem:
        return "a quotation mark opened here is never closed: close it, or write the value as a block ('key: >-')"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return ("a list or mapping written on one line ([...] or {...}) is not closed, or an item holds "
                "',', ']' or '}': put that item in double quotes")
    if "found duplicate anchor" in problem or "found unknown escape character" in problem:
        return f"{problem}: in double quotes a backslash starts an escape; write '\\\\' for a backslash"
    return f"malformed YAML: {problem}"
