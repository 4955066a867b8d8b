"""A small buildable workspace: three sources, a vocabulary, excerpts with figures and
outlooks, a matrix handout brief (KZ, KG) and a regional brief."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml
from workspace_builder import Workspace

VOCABULARY = """\
facets:
  country:
    label: Country
    values:
      KZ: {label: Kazakhstan}
      KG: {label: Kyrgyzstan}
  group:
    label: Armed group
    values:
      ISKP: {label: Islamic State Khorasan Province}
  topic:
    label: Topic
    values:
      foreign-fighters: {label: Foreign fighters}
      outlook: {label: Outlook}
      recruitment: {label: Recruitment}
      attacks-and-plots: {label: Attacks and plots}
      drivers: {label: Drivers}
      indicators: {label: Indicators}
"""

SOURCES = {
    "gov-2016": ("Foreign fighters from Central Asia", "2016-05-01", "C", [
        "About 400 Kazakhs fight in Syria. More than 500 Kyrgyz citizens are in Syria and Iraq.",
        "Attacks in Kazakhstan will grow as fighters come home.",
    ]),
    "news-2024": ("ISKP and Central Asia", "2024-06-20", "B", [
        "Special forces stopped a plot in Jalal-Abad. Further plots in Kyrgyzstan are likely.",
        "ISKP recruits Kazakhs in Russia. A Kazakh cell planned an attack in Almaty.",
        "Officials in Astana reported new arrests of ISKP supporters in May.",
        "ISKP is very likely to keep recruiting Central Asians abroad.",
    ]),
    "extra-2024": ("Security review", "2024-06-25", "B", [
        "Police in Shymkent detained three ISKP recruiters in June.",
    ]),
}

EXCERPTS = [
    {"id": "kz-fighters", "source": "gov-2016", "quote": "About 400 Kazakhs fight in Syria.",
     "tags": ["country:KZ", "topic:foreign-fighters"], "date": "2016-03", "credibility": 3,
     "summary": "About 400 Kazakhs in Syria.",
     "figures": [{"measure": "foreign-fighters", "value": 400, "qualifier": "about", "place": "KZ",
                  "as_of": "2016"}]},
    {"id": "kg-fighters", "source": "gov-2016",
     "quote": "More than 500 Kyrgyz citizens are in Syria and Iraq.",
     "tags": ["country:KG", "topic:foreign-fighters"], "date": "2016-03", "credibility": 3,
     "figures": [{"measure": "foreign-fighters", "value": 500, "qualifier": "more than",
                  "place": "KG", "as_of": "2016"}]},
    {"id": "kz-outlook", "source": "gov-2016", "quote": "Attacks in Kazakhstan will grow",
     "tags": ["country:KZ", "topic:outlook"], "date": "2016-05", "credibility": 4},
    {"id": "kg-plot", "source": "news-2024", "quote": "Special forces stopped a plot in Jalal-Abad.",
     "tags": ["country:KG", "group:ISKP", "topic:attacks-and-plots"], "date": "2024-06",
     "credibility": 2},
    {"id": "kg-outlook", "source": "news-2024", "quote": "Further plots in Kyrgyzstan are likely.",
     "tags": ["country:KG", "topic:outlook"], "date": "2024-06", "credibility": 2},
    {"id": "kz-recruit", "source": "news-2024", "quote": "ISKP recruits Kazakhs in Russia.",
     "tags": ["country:KZ", "group:ISKP", "topic:recruitment"], "date": "2024-03",
     "credibility": 2, "summary": "ISKP recruits Kazakh migrants in Russia."},
    {"id": "region-outlook", "source": "news-2024",
     "quote": "ISKP is very likely to keep recruiting Central Asians abroad.",
     "tags": ["country:KZ", "country:KG", "topic:outlook"], "date": "2024-06", "credibility": 2},
    {"id": "extra-kz", "source": "extra-2024",
     "quote": "Police in Shymkent detained three ISKP recruiters in June.",
     "tags": ["group:ISKP"], "date": "2024-06", "credibility": 2},
]

# Excerpts the tests add.
NEW_KZ = {"id": "kz-arrests", "source": "news-2024",
          "quote": "Officials in Astana reported new arrests of ISKP supporters in May.",
          "tags": ["country:KZ", "group:ISKP", "topic:attacks-and-plots"], "date": "2024-05",
          "credibility": 2, "summary": "New arrests of ISKP supporters in Astana."}
AMBER_KZ = {"id": "kz-cell", "source": "news-2024", "quote": "A Kazakh cell planned an attack in Almaty.",
            "tags": ["country:KZ", "topic:attacks-and-plots"], "date": "2024-06", "credibility": 3,
            "marking": "TLP:AMBER"}

HANDOUT = """\
title: "{{ country_label }}: handout"
marking: TLP:CLEAR
as_of: 2024-06-30
organization: Test Desk
formats: [docx, pdf]
for_each: {country: [KZ, KG]}
key_judgments:
  KZ:
    - Kazakhs are likely to keep joining jihadist groups abroad [@kz-fighters].
  KG:
    - Further plots in Kyrgyzstan are likely [@kg-plot].
sections:
  - type: country_profile
    country: "{{ country }}"
    select: "topic:foreign-fighters"
  - type: excerpts
    title: Recent reporting
    select: "country:{{ country }} and date >= 2020"
    sort: -date
  - type: threat_outlook
    title: Outlook
    select: "country:{{ country }}"
"""

REGIONAL = """\
title: "Central Asia: regional pack"
marking: TLP:CLEAR
as_of: 2024-06-30
organization: Test Desk
formats: [docx, pdf]
key_judgments:
  - ISKP recruits Central Asians abroad [@region-outlook; @extra-kz].
sections:
  - type: country_profile
    country: KZ
  - type: country_profile
    country: KG
  - type: threat_outlook
    title: Regional outlook
"""

HANDOUTS = [f"handout-{c}.{f}" for c in ("kz", "kg") for f in ("docx", "pdf")]
REGIONALS = ["regional.docx", "regional.pdf"]
OUTPUTS = sorted(HANDOUTS + REGIONALS)


class Corpus(Workspace):
    """A workspace in ``root`` with helpers to change its library."""

    def __init__(self, root: Path):
        super().__init__(root)
        self.out = root / "out"
        (root / "briefs").mkdir()
        self.vocabulary(VOCABULARY)
        for sid in SOURCES:
            self.source(sid)
        self.write_excerpts([dict(e) for e in EXCERPTS])
        self.brief("handout", HANDOUT)
        self.brief("regional", REGIONAL)

    # ---------------------------------------------------------------- files
    def source(self, sid: str, title=None, published=None, paragraphs=None) -> Path:
        default = SOURCES.get(sid, ("Untitled", "2024", "B", []))
        return super().source(sid, paragraphs or default[3], title=f'"{title or default[0]}"', author=None,
                              publisher="Test Press", published=published or default[1],
                              reliability=default[2])

    def brief(self, name: str, text: str) -> Path:
        path = self.root / "briefs" / f"{name}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def read_excerpts(self, name: str = "main.yaml") -> list[dict]:
        path = self.root / "seeds" / "excerpts" / name
        return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []

    def write_excerpts(self, excerpts: list[dict], name: str = "main.yaml") -> Path:
        return self.excerpts(yaml.safe_dump(excerpts, sort_keys=False, allow_unicode=True), name)

    def add_excerpt(self, excerpt: dict, name: str = "added.yaml") -> None:
        self.write_excerpts(self.read_excerpts(name) + [dict(excerpt)], name)

    def edit_excerpt(self, eid: str, **changes) -> None:
        items = self.read_excerpts()
        for item in items:
            if item["id"] == eid:
                item.update(changes)
        self.write_excerpts(items)

    def remove_excerpt(self, eid: str) -> None:
        self.write_excerpts([e for e in self.read_excerpts() if e["id"] != eid])

    # ---------------------------------------------------------------- outputs
    def outputs(self, folder: Path | None = None) -> dict[str, bytes]:
        folder = folder or self.out
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*")) if p.suffix in (".docx", ".pdf")}

    def manifest(self, folder: Path | None = None) -> dict:
        import json

        return json.loads(((folder or self.out) / "manifest.json").read_text(encoding="utf-8"))


def docx_text(path: Path) -> str:
    """What a reader sees in a DOCX body, headers and footers: paragraphs and table cells."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


def briefpack_command() -> list[str]:
    """The installed ``briefpack`` script next to this Python, else the same entry point."""
    script = Path(sys.executable).parent / "briefpack"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from briefpack.cli import main; main()"]


def start_build(root: Path, *args, **kwargs) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.Popen(
        briefpack_command() + ["build", "--root", str(root), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kwargs,
    )
