"""What a build manifest may hold: the type of every field briefpack reads back.

A manifest is written by briefpack, but it is a file in the user's folder: a
hand edit, a merge or another tool can leave a field of the wrong type. It is
checked whole when it is read, so that a wrong type is one clear error naming
the field (``outputs -> 'a.pdf' -> notes must be a whole number``), never a
failure deep inside a build. Every field is optional (older manifests lack
some); fields briefpack does not know are left alone.
"""

from __future__ import annotations

TEXT = (str,)
NUMBER = (int, float)
WHOLE = (int,)
OPTIONAL_WHOLE = (int, type(None))
OPTIONAL_TEXT = (str, type(None))

FIGURE = {"measure": TEXT, "value": NUMBER, "qualifier": TEXT, "place": TEXT, "as_of": TEXT,
          "estimator": TEXT, "unit": TEXT, "note": TEXT, "incident": TEXT, "incident_date": TEXT}
EXCERPT = {"hash": TEXT, "source": TEXT, "date": TEXT, "summary": TEXT, "figures": [FIGURE],
           "quote_hash": TEXT, "tags": [TEXT], "credibility": WHOLE, "marking": TEXT,
           "locator": OPTIONAL_WHOLE}
OUTPUT = {"brief": TEXT, "name": TEXT, "format": TEXT, "inputs": {}, "input_hash": TEXT,
          "output_hash": TEXT, "output_stamp": [WHOLE], "notes": OPTIONAL_WHOLE,
          "pages": OPTIONAL_WHOLE, "edition": OPTIONAL_TEXT, "produced": OPTIONAL_TEXT, "as_of": TEXT,
          "excerpts": {"*": EXCERPT}}
WARNING = ("warning", [OPTIONAL_TEXT, OPTIONAL_WHOLE, TEXT])  # [path, line, message]
BRIEF = {"fingerprint": OPTIONAL_TEXT, "outputs": [TEXT], "warnings": [WARNING]}
DOCUMENT = {"brief": TEXT, "key": TEXT, "produced": OPTIONAL_TEXT, "content": TEXT, "formats": [TEXT],
            "edition": OPTIONAL_TEXT}
MANIFEST = {"outputs": {"*": OUTPUT}, "briefs": {"*": BRIEF}, "documents": {"*": DOCUMENT},
            "library": {"excerpts": {"*": EXCERPT}}}


def manifest_problem(data) -> str | None:
    """What is wrong with the types of a manifest's fields (the first thing found), or None."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if _MANIFEST_RIGHT(data):
        return None
    found = _problem(data, MANIFEST)
    if found is None:
        return None
    path, kind = found
    return f"{_where(path[::-1])} must be {kind}"


def _problem(value, schema) -> tuple[list[str], str] | None:
    """(the field's path, innermost first; what it must be) of the first wrong field, or None.
    The path is made only for a wrong field: a manifest holds tens of thousands of right ones."""
    if type(schema) is tuple:
        if schema and schema[0] == "warning":
            return _row_problem(value, schema[1])
        if isinstance(value, bool) or not isinstance(value, schema):
            return [], _kind(schema)
        return None
    if type(schema) is list:
        if not isinstance(value, list):
            return [], "a list"
        for index, item in enumerate(value):
            found = _problem(item, schema[0])
            if found:
                found[0].append(str(index))
                return found
        return None
    if not isinstance(value, dict):
        return [], "an object"
    every = schema.get("*")
    for key, item in value.items():
        sub = every if every is not None else schema.get(key)
        if sub is None:
            continue
        if type(sub) is tuple and sub[0] != "warning" and not isinstance(item, bool) and isinstance(item, sub):
            continue  # a plain field of the right type, checked here: most are
        found = _problem(item, sub)
        if found:
            found[0].append(repr(key) if every is not None else key)
            return found
    return None


def _row_problem(value, kinds: list) -> tuple[list[str], str] | None:
    if not isinstance(value, list) or len(value) != len(kinds):
        return [], f"a list of {len(kinds)} items"
    for index, (item, kind) in enumerate(zip(value, kinds)):
        found = _problem(item, kind)
        if found:
            found[0].append(str(index))
            return found
    return None


def _where(where: list[str]) -> str:
    return " -> ".join(where) or "the manifest"


def _kind(kinds: tuple) -> str:
    names = {str: "text", int: "a whole number", float: "a number", type(None): "null"}
    if kinds == NUMBER:
        return "a number"
    return " or ".join(names[k] for k in kinds)


def _right(schema):
    """A test that a value read from JSON (whose types are exact: no bool among the numbers)
    has the types of ``schema``, true or false and nothing more: the fast first look at a
    manifest of tens of thousands of fields; where it says no, :func:`_problem` finds what and where."""
    if type(schema) is tuple:
        if schema and schema[0] == "warning":
            kinds = [_right(kind) for kind in schema[1]]
            return lambda v: type(v) is list and len(v) == len(kinds) and all(k(x) for k, x in zip(kinds, v))
        types = frozenset(schema)
        return lambda v: type(v) in types
    if type(schema) is list:
        item = _right(schema[0])
        return lambda v: type(v) is list and all(map(item, v))
    every = schema.get("*")
    if every is not None:
        each = _right(every)
        return lambda v: type(v) is dict and all(map(each, v.values()))
    plain = {key: frozenset(sub) for key, sub in schema.items() if type(sub) is tuple and sub[0] != "warning"}
    nested = {key: _right(sub) for key, sub in schema.items() if key not in plain}

    def record(value) -> bool:
        if type(value) is not dict:
            return False
        for key, item in value.items():
            types = plain.get(key)
            if types is not None:
                if type(item) not in types:
                    return False
            elif key in nested and not nested[key](item):
                return False
        return True

    return record


_MANIFEST_RIGHT = _right(MANIFEST)
