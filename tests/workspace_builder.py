"""Build small workspaces (seeds/sources, seeds/excerpts, seeds/vocabulary.yaml) in a folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

VOCABULARY = """\
facets:
  country:
    label: Country
    values:
      KZ: {label: Kazakhstan, aliases: [Qazaqstan]}
      TJ: {label: Tajikistan}
  group:
    label: Armed group
    values:
      ISKP: {label: Islamic State Khorasan Province, aliases: [ISIS-K, IS-K]}
      IMU: Islamic Movement of Uzbekistan
  topic:
    label: Topic
    values:
      propaganda: {label: Propaganda}
      recruitment: {label: Recruitment}
"""

PARAGRAPHS = [
    "Subscribe to our newsletter",
    "ISKP is ramping up its media outreach in Central Asia. It has published\n"
    "material in Tajik, Uzbek and Kyrgyz.",
    "The group\u2019s \u201cVoice of Khorasan\u201d magazine \u2014 widely shared \u2014 appeared in 2022.",
]

EXCERPT = """\
- id: webber-media
  source: webber-2024
  quote: ISKP is ramping up its media outreach in Central Asia.
  tags: [country:TJ, group:ISKP, topic:propaganda]
  date: 2024-06
  credibility: 2
"""


class Workspace:
    def __init__(self, root: Path):
        self.root = root
        (root / "seeds" / "sources").mkdir(parents=True, exist_ok=True)
        (root / "seeds" / "excerpts").mkdir(parents=True, exist_ok=True)

    def vocabulary(self, text: str = VOCABULARY) -> Path:
        path = self.root / "seeds" / "vocabulary.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def source(self, sid: str = "webber-2024", paragraphs=PARAGRAPHS, front: str | None = None,
               name: str | None = None, **fields) -> Path:
        """A source file; ``front`` replaces the generated front matter lines."""
        if front is None:
            values = {"id": sid, "title": "ISKP posing rising threat", "author": "Lucas Webber",
                      "publisher": "Eurasianet", "published": "2024-06-27", "language": "en",
                      "reliability": "B", **fields}
            front = "".join(f"{k}: {v}\n" for k, v in values.items() if v is not None)
        text = "---\n" + front + "---\n" + "\n\n".join(paragraphs) + "\n"
        path = self.root / "seeds" / "sources" / f"{name or sid}.txt"
        path.write_text(text, encoding="utf-8")
        return path

    def excerpts(self, text: str = EXCERPT, name: str = "excerpts.yaml") -> Path:
        path = self.root / "seeds" / "excerpts" / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path


def make_workspace(root: Path) -> Workspace:
    """A clean workspace: the vocabulary, one source and one excerpt quoting it."""
    ws = Workspace(root)
    ws.vocabulary()
    ws.source()
    ws.excerpts()
    return ws
