"""One document edition as a STIX 2.1 bundle, for threat-intelligence platforms.

The mapping (docs/formats.md, "STIX 2.1 export"):

* a ``report`` for the document: ``name`` its title, ``published`` the
  information cut-off, ``description`` the bottom line (else the key judgments'
  leads), ``created_by_ref`` the desk as an ``identity``, ``object_refs`` every
  other object of the bundle (never empty: the identity at least);
* a ``note`` per key judgment: its text (``abstract`` the lead), the likelihood,
  confidence, basis, time frame and source summary as ``x_briefpack_``
  properties, the STIX ``confidence`` from its likelihood word by the DNI scale of
  the specification's appendix (B.4), ``object_refs`` the report and the groups
  and countries its excerpts name;
* an ``intrusion-set`` per group and a ``location`` per country the document
  covers (the tags of the excerpts it cites), with the vocabulary's names;
* each source cited as an ``external_reference`` of the report (and of every
  note citing it): title, URL, the SHA-256 of its saved capture, its id; its
  Admiralty reliability, and each excerpt's grade, in ``x_briefpack_sources``
  and ``x_briefpack_citations``;
* TLP 2.0 markings by their OASIS ids on the report (the document's marking,
  the strictest of its excerpts') and on each note (the strictest of the
  excerpts it cites), with the definitions of those used.

Ids are UUIDv5 of the document, the edition and the object's key, and every
timestamp comes from the edition: exporting one edition twice gives the same
bytes. This module knows nothing of files or commands: it takes plain records.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field

from ..conventions.estimative import term_position
from ..conventions.tlp import rank

NAMESPACE = uuid.UUID("7d2f1c1e-8a4b-5b8e-9f5e-627269656670")  # briefpack's own, fixed: ids stay stable
# The DNI scale of STIX 2.1 appendix B.4 (stix2.confidence.scales.dni_to_value), by ICD 203 band.
DNI_VALUES = (5, 15, 30, 50, 70, 85, 95)
TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
PROPERTIES_KEY = "briefpack-properties-1"  # the extension declaring the x_briefpack_ properties
CUSTOM_PROPERTIES = ("x_briefpack_likelihood", "x_briefpack_confidence", "x_briefpack_basis",
                     "x_briefpack_time_frame", "x_briefpack_source_summary", "x_briefpack_citations",
                     "x_briefpack_document", "x_briefpack_edition", "x_briefpack_sources")
TLP_IDS = {
    "TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "TLP:AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "TLP:RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
_CITES = re.compile(r"\[@[^\]]*\]")
_MARKUP = re.compile(r"\*+|\[method\]")


@dataclass
class Judgment:
    text: str  # analyst Markdown as the brief writes it
    keys: list[str]  # the excerpts it cites
    likelihood: str = ""
    confidence: str = ""
    basis: str = ""
    start: str = ""
    end: str = ""
    summary: str = ""  # the source summary statement printed under it


@dataclass
class Export:
    """What a bundle is made of, read from the workspace by the caller."""

    document: str
    edition: str  # "4", or "draft-5" for inputs not yet published
    timestamp: str  # the edition's date, "2026-05-12T00:00:00.000Z"
    title: str
    as_of: str
    organization: str
    marking: str  # the document's own
    judgments: list[Judgment]
    bottom_line: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # every excerpt the document cites
    captures: dict[str, str] = field(default_factory=dict)  # source id -> SHA-256 of its saved capture


def object_id(kind: str, key: str) -> str:
    """A deterministic id: the UUIDv5 of ``key``, its version field set to 4 as STIX asks
    of the ids of domain objects (the validator warns on any other version)."""
    digest = uuid.uuid5(NAMESPACE, key)
    return f"{kind}--{uuid.UUID(bytes=digest.bytes, version=4)}"


def stix_confidence(likelihood: str) -> int | None:
    """The STIX confidence of an ICD 203 likelihood word (either row), by the DNI scale."""
    return DNI_VALUES[term_position(likelihood)[1]] if likelihood else None


def plain(markdown: str) -> str:
    """Analyst Markdown as plain text: no citations, emphasis or method marks."""
    text = _MARKUP.sub("", _CITES.sub("", markdown))
    return re.sub(r"\s+([.,;:])", r"\1", " ".join(text.split()))


class _Bundle:
    def __init__(self, export: Export, library):
        self.export, self.library = export, library
        self.objects: dict[str, dict] = {}
        self.ts = export.timestamp

    def id(self, kind: str, key: str) -> str:
        return object_id(kind, f"{self.export.document}/{self.export.edition}/{kind}/{key}")

    def common(self, kind: str, key: str, marking: str | None = None, custom: bool = False) -> dict:
        obj = {"type": kind, "spec_version": "2.1", "id": self.id(kind, key), "created": self.ts,
               "modified": self.ts}
        if custom:  # x_briefpack_ properties, declared by the bundle's extension definition
            obj["extensions"] = {self.extension: {"extension_type": "toplevel-property-extension"}}
        if kind != "identity":
            obj["created_by_ref"] = self.identity
        if marking:
            obj["object_marking_refs"] = [TLP_IDS[marking]]
        return obj

    def marking_of(self, keys) -> str:
        markings = [self.library.excerpts[k].marking for k in keys if k in self.library.excerpts]
        return max(markings, key=rank) if markings else "TLP:CLEAR"

    def build(self) -> dict:
        export = self.export
        self.identity = self.id("identity", export.organization or "desk")
        self.extension = object_id("extension-definition", PROPERTIES_KEY)
        self.objects[self.identity] = {**self.common("identity", export.organization or "desk"),
                                       "name": export.organization or "Analytic desk", "identity_class": "organization"}
        self.topics(export.keys)  # every group and country the document covers
        notes = [self.note(i, judgment) for i, judgment in enumerate(export.judgments)]
        report_id = self.id("report", export.document)
        for note in notes:
            note["object_refs"] = [report_id, *note["object_refs"]]
            self.objects[note["id"]] = note
        markings = {export.marking, *(m for o in self.objects.values() for m in o.get("object_marking_refs", ()))}
        report = {
            **self.common("report", export.document, export.marking, custom=True),
            "name": export.title,
            "description": self.description(),
            "published": _timestamp(export.as_of),
            "report_types": ["threat-report"],
            "object_refs": sorted(self.objects),
            "external_references": self.references(export.keys),
            "labels": [f"edition-{export.edition}"],
            "x_briefpack_document": export.document,
            "x_briefpack_edition": export.edition,
            "x_briefpack_sources": self.sources(export.keys),
        }
        definitions = [self.marking_definition(label) for label in TLP_IDS
                       if label in markings or TLP_IDS[label] in markings]
        ordered = [report, *sorted(self.objects.values(), key=lambda o: o["id"]), self.extension_definition(),
                   *definitions]
        return {"type": "bundle", "id": self.id("bundle", export.document), "objects": ordered}

    def topics(self, keys) -> list[str]:
        """The intrusion sets and locations of the groups and countries ``keys`` name (created once)."""
        vocabulary = self.library.vocabulary
        found = []
        for key in keys:
            excerpt = self.library.excerpts.get(key)
            for tag in excerpt.tags if excerpt else ():
                facet, _, value = tag.partition(":")
                term = vocabulary.facets.get(facet).values.get(value) if facet in vocabulary.facets else None
                if facet == "group":
                    oid = self.id("intrusion-set", value)
                    if oid not in self.objects:
                        label = term.label if term else value
                        aliases = sorted({value, *(term.aliases if term else ()), *([term.abbreviation]
                                          if term and term.abbreviation else ())} - {label})
                        self.objects[oid] = {**self.common("intrusion-set", value), "name": label,
                                             **({"aliases": aliases} if aliases else {})}
                elif facet == "country" and re.fullmatch(r"[A-Z]{2}", value):
                    oid = self.id("location", value)
                    if oid not in self.objects:
                        self.objects[oid] = {**self.common("location", value),
                                             "name": term.label if term else value, "country": value}
                else:
                    continue
                if oid not in found:
                    found.append(oid)
        return found

    def note(self, index: int, judgment: Judgment) -> dict:
        text = plain(judgment.text)
        lead = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0]
        note = {**self.common("note", f"judgment-{index + 1}", self.marking_of(judgment.keys), custom=True),
                "abstract": lead, "content": text, "authors": [self.export.organization or "Analytic desk"],
                "object_refs": self.topics(judgment.keys)}
        confidence = stix_confidence(judgment.likelihood)
        if confidence is not None:
            note["confidence"] = confidence
        extra = {"likelihood": judgment.likelihood, "confidence": judgment.confidence, "basis": plain(judgment.basis),
                 "source_summary": judgment.summary}
        note.update({f"x_briefpack_{k}": v for k, v in extra.items() if v})
        if judgment.start:
            note["x_briefpack_time_frame"] = {"from": judgment.start, **({"to": judgment.end} if judgment.end else {})}
        note["x_briefpack_citations"] = [self.citation(k) for k in judgment.keys if k in self.library.excerpts]
        references = self.references(judgment.keys)
        if references:
            note["external_references"] = references
        return note

    def citation(self, key: str) -> dict:
        excerpt = self.library.excerpts[key]
        source = self.library.sources.get(excerpt.source)
        grade = f"{source.reliability if source else 'F'}{excerpt.credibility}"
        return {"excerpt": key, "source": excerpt.source, "grade": grade, "date": excerpt.date,
                **({"paragraph": excerpt.locator} if excerpt.locator else {})}

    def cited_sources(self, keys):
        seen = {}
        for key in keys:
            excerpt = self.library.excerpts.get(key)
            source = self.library.sources.get(excerpt.source) if excerpt else None
            if source is not None:
                seen.setdefault(source.id, source)
        return [seen[k] for k in sorted(seen)]

    def references(self, keys) -> list[dict]:
        out = []
        for source in self.cited_sources(keys):
            ref = {"source_name": source.publisher or source.title, "description": source.title,
                   "external_id": source.id}
            if source.url:
                ref["url"] = source.url
            digest = self.export.captures.get(source.id)
            if digest:
                ref["hashes"] = {"SHA-256": digest}
            out.append(ref)
        return out

    def sources(self, keys) -> list[dict]:
        from ..conventions.admiralty import RELIABILITY

        return [{"source": s.id, "title": s.title, "reliability": s.reliability,
                 "reliability_meaning": RELIABILITY.get(s.reliability, "")} for s in self.cited_sources(keys)]

    def description(self) -> str:
        export = self.export
        lines = export.bottom_line or [re.split(r"(?<=[.!?])\s+(?=[A-Z])", plain(j.text), maxsplit=1)[0]
                                       for j in export.judgments]
        return "\n".join(plain(line) for line in lines) or export.title

    def extension_definition(self) -> dict:
        return {"type": "extension-definition", "spec_version": "2.1", "id": self.extension,
                "created": "2026-12-01T00:00:00.000Z", "modified": "2026-12-01T00:00:00.000Z",
                "created_by_ref": self.identity, "name": "briefpack properties", "version": "1.0",
                "description": "The properties briefpack adds to reports and notes: a key judgment's "
                               "ICD 203 likelihood, confidence, basis, time frame and source summary; "
                               "its citations with their Admiralty grades; the sources' reliability.",
                "schema": "x_briefpack_likelihood, x_briefpack_confidence, x_briefpack_basis, "
                          "x_briefpack_time_frame {from, to}, x_briefpack_source_summary, "
                          "x_briefpack_citations [{excerpt, source, grade, date, paragraph}] on notes; "
                          "x_briefpack_document, x_briefpack_edition, x_briefpack_sources [{source, title, "
                          "reliability, reliability_meaning}] on reports (briefpack's docs/formats.md).",
                "extension_types": ["toplevel-property-extension"],
                "extension_properties": list(CUSTOM_PROPERTIES)}

    def marking_definition(self, label: str) -> dict:
        level = label.split(":", 1)[1].lower()
        return {"type": "marking-definition", "spec_version": "2.1", "id": TLP_IDS[label],
                "created": "2022-10-01T00:00:00.000Z", "name": label,
                "extensions": {TLP_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}}}


def _timestamp(partial: str) -> str:
    """A partial date as a STIX timestamp at its first moment: "2024-06" -> 2024-06-01T00:00:00.000Z."""
    year, month, day = (str(partial).split("-") + ["01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00.000Z"


def stix_bundle(export: Export, library) -> dict:
    """The bundle of one document edition (see the module's docstring)."""
    return _Bundle(export, library).build()


def stix_json(bundle: dict) -> str:
    """The bundle's bytes as written: sorted keys, two-space indent, a final newline."""
    return json.dumps(bundle, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
