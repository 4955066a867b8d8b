"""Libraries and briefs built in memory (the model, no files), and the composer run on them
with a fixed production date: for tests of what the composer makes of a brief."""

from __future__ import annotations

from pathlib import Path

from briefpack.briefs.model import Brief
from briefpack.compose.composer import compose as compose_with_warnings
from briefpack.library.model import Excerpt, Facet, Figure, Library, Source, Term, Vocabulary

TOPICS = ("recruitment", "propaganda", "outlook", "origins", "attacks-and-plots", "state-response",
          "splits-and-affiliations", "areas-of-operation", "drivers", "indicators", "foreign-fighters")


def make_library(*excerpts: Excerpt) -> Library:
    vocab = Vocabulary({
        "country": Facet("country", "Country", {
            "KZ": Term("KZ", "Kazakhstan"), "KG": Term("KG", "Kyrgyzstan"), "SY": Term("SY", "Syria")}),
        "group": Facet("group", "Armed group", {
            "ISKP": Term("ISKP", "Islamic State Khorasan Province"),
            "IMU": Term("IMU", "Islamic Movement of Uzbekistan")}),
        "topic": Facet("topic", "Topic", {t: Term(t, t) for t in TOPICS}),
    })
    sources = {
        "gov": Source("gov", "Interior Ministry Statement", publisher="Ministry", reliability="C"),
        "ngo": Source("ngo", "Foreign Fighters Report", publisher="Soufan Group", reliability="B",
                      published="2018-01"),
    }
    return Library(Path("."), sources, {e.id: e for e in excerpts}, vocab)


def ex(id, tags, date="2020", source="gov", **kw) -> Excerpt:
    kw.setdefault("credibility", 2)
    return Excerpt(id, source, kw.pop("quote", f"Quote {id}."), tags, date, **kw)


LIBRARY = make_library(
    ex("kz-min", ["country:KZ", "topic:foreign-fighters"], "2016-03", "gov",
       figures=[Figure("foreign-fighters", 300, "about", "KZ", "2016", "Interior ministry")]),
    ex("kz-ngo", ["country:KZ", "topic:foreign-fighters"], "2017-10", "ngo", summary="Soufan counts more.",
       figures=[Figure("foreign-fighters", 500, "more than", "KZ", "2016")]),
    ex("kz-rec", ["country:KZ", "group:ISKP", "topic:recruitment"], "2023-05", "ngo"),
    ex("kz-att", ["country:KZ", "group:IMU", "topic:attacks-and-plots"], "2016-06-05"),
    ex("imu-1998", ["group:IMU", "topic:origins"], "1998", quote="The IMU was founded."),
    ex("imu-2015", ["group:IMU", "group:ISKP", "topic:splits-and-affiliations"], "2015-08"),
    ex("imu-2001", ["group:IMU", "country:SY", "topic:areas-of-operation"], "2001-10"),
    ex("out-old", ["country:KG", "topic:outlook"], "2016", quote="The threat will grow."),
    ex("out-new", ["country:KZ", "topic:outlook"], "2024-05", quote="Attacks are likely."),
    ex("out-red", ["country:KZ", "topic:outlook"], "2024-06", marking="TLP:RED"),
    ex("kz-amber", ["country:KZ", "topic:state-response"], "2022", marking="TLP:AMBER"),
)


def make_brief(*sections, **kw) -> Brief:
    kw.setdefault("key_judgments", [])
    return Brief(name="pack", path=Path("briefs/pack.yaml"), title="Central Asia", as_of="2024-06-30",
                 sections=list(sections), **kw)


def compose_brief(brief, library=LIBRARY, **kw):
    """The Composition: document, selected excerpts, warnings."""
    return compose_with_warnings(brief, library, root=kw.pop("root", Path("/nonexistent-workspace")),
                                 produced="2024-07-01", timestamp=1719792000, **kw)


def compose(brief, library=LIBRARY, **kw):
    return compose_brief(brief, library, **kw).document
