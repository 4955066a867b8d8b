"""The types a manifest's fields must have: every wrong one is found and named, whichever field
it is, and a manifest of the right types passes."""

from __future__ import annotations

import copy
import json

import pytest

from briefpack.pipeline.manifest_schema import MANIFEST as SCHEMA, _problem, manifest_problem

EXCERPT = {"hash": "ab", "source": "s1", "date": "2024-05", "summary": "A summary", "quote_hash": "cd",
           "tags": ["country:kz"], "credibility": 2, "marking": "TLP:CLEAR", "locator": 3,
           "figures": [{"measure": "attacks", "value": 4, "qualifier": "about", "place": "KZ", "as_of": "2024",
                        "estimator": "", "unit": "", "note": "", "incident": "", "incident_date": ""}]}
MANIFEST = {
    "version": 1,
    "outputs": {"pack.pdf": {"brief": "briefs/pack.yaml", "name": "pack", "format": "pdf", "inputs": {"a": [1]},
                             "input_hash": "ef", "output_hash": "01", "output_stamp": [10, 20], "notes": 4,
                             "pages": None, "edition": "Draft of edition 1", "produced": "2024-06-01",
                             "as_of": "2024-05-31", "excerpts": {"ex-1": EXCERPT, "ex-2": {**EXCERPT, "locator": None}}}},
    "briefs": {"briefs/pack.yaml": {"fingerprint": "99", "outputs": ["pack.pdf"],
                                    "warnings": [["seeds/a.yaml", 3, "a warning"], [None, None, "another"]]}},
    "documents": {"pack": {"brief": "briefs/pack.yaml", "key": "k", "produced": None, "content": "c",
                           "formats": ["pdf"], "edition": None}},
    "library": {"excerpts": {"ex-1": EXCERPT}},
    "unknown": {"anything": [True]},
}


def leaves(value, path=()):
    """The path of every value inside ``value``."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))


def replaced(data, path, new):
    data = copy.deepcopy(data)
    if not path:
        return new
    inner = data
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = new
    return data


def test_a_manifest_of_the_right_types_passes():
    assert manifest_problem(json.loads(json.dumps(MANIFEST))) is None


@pytest.mark.parametrize("wrong", [True, None, "text", 1.5, 7, [], {}, [1, "a"]])
def test_every_field_of_a_wrong_type_is_found_and_named(wrong):
    """Each field in turn takes a value of another type: the manifest is refused exactly when the
    full walk over it finds a field of a wrong type, and the message names that field."""
    refused = 0
    for path in leaves(MANIFEST):
        if not path or path[0] in ("version", "unknown"):
            continue
        data = replaced(json.loads(json.dumps(MANIFEST)), path, wrong)
        found = _problem(data, SCHEMA)
        problem = manifest_problem(data)
        assert (problem is None) == (found is None), (path, problem)
        if problem is not None:
            refused += 1
            where = [name.strip("'") for name in problem.split(" must be ")[0].split(" -> ")]
            assert where[:len(path)] == [str(p) for p in path][:len(where)], (path, problem)
    assert refused > 20


def test_the_message_names_the_field_from_the_top():
    data = replaced(json.loads(json.dumps(MANIFEST)), ("outputs", "pack.pdf", "excerpts", "ex-2", "credibility"), True)
    assert manifest_problem(data) == "outputs -> 'pack.pdf' -> excerpts -> 'ex-2' -> credibility must be a whole number"
    data = replaced(json.loads(json.dumps(MANIFEST)), ("briefs", "briefs/pack.yaml", "warnings", 1, 2), None)
    assert manifest_problem(data) == "briefs -> 'briefs/pack.yaml' -> warnings -> 1 -> 2 must be text"
