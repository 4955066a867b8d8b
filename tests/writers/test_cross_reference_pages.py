"""A later use of an excerpt, built from a workspace into both formats: "see “Kazakhstan,” p. N"
where N is the page on which the excerpt's text stands, on the third page of a section or later
(not the page of the section's heading), in the PDF and in LibreOffice's layout of the DOCX."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from readback import page_texts as read_pages
from workspace_builder import Workspace

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")

WORDS = ("the group said officials reported fighters border province security network recruitment propaganda "
         "online channel members support region authorities government operation militants several local "
         "foreign returned valley routes trade water migrants").split()
RAID = "Police detained nine men in a raid on a flat in Almaty and seized leaflets and a drone"
SHARED = "Recruiters from both countries met in the same online channels through the winter"
EARLIER = 24  # quotations of Kazakhstan alone, printed before the shared ones
VOCABULARY = """\
facets:
  country:
    label: Country
    values:
      KZ: {label: Kazakhstan}
      TJ: {label: Tajikistan}
  topic:
    label: Topic
    values:
      attacks-and-plots: {label: Attacks and plots}
"""


def paragraph(seed: int) -> str:
    words = [WORDS[(seed * 7 + i * 11) % len(WORDS)] for i in range(90)]
    text = " ".join(w + ("." if i % 15 == 14 else "") for i, w in enumerate(words))
    return text[0].upper() + text[1:].rstrip(".") + "."


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Two country profiles: Kazakhstan's runs over several pages and prints, last in its
    overview and in its incidents, two excerpts Tajikistan's uses again."""
    from conftest import run_cli

    root = tmp_path_factory.mktemp("xref") / "ws"
    ws = Workspace(root)
    ws.vocabulary(VOCABULARY)
    items = []
    for n, quote in enumerate([paragraph(n) for n in range(EARLIER)] + [SHARED + ".", RAID + "."]):
        ws.source(f"s{n}", [quote], title=f"Report {n}", author=f"Author {n}", published=f"2024-{1 + n % 5:02d}-10")
        tags = "[country:KZ]" if n < EARLIER else "[country:KZ, country:TJ]"
        incident = "  kind: arrest\n  event_date: 2024-02-03\n" if quote.startswith(RAID) else ""
        items.append(f'- id: ex-{n}\n  source: s{n}\n  quote: "{quote}"\n  tags: {tags[:-1]}'
                     f'{", topic:attacks-and-plots" if incident else ""}]\n{incident}'
                     f'  date: 2024-{1 + n % 5:02d}\n  credibility: 2\n')
    ws.excerpts("".join(items))
    (root / "briefs").mkdir()
    (root / "briefs" / "pack.yaml").write_text(
        "title: Central Asia\nmarking: TLP:CLEAR\nas_of: 2024-12-31\nformats: [docx, pdf]\nsections:\n"
        "  - {type: country_profile, country: KZ, title: Kazakhstan}\n"
        "  - {type: country_profile, country: TJ, title: Tajikistan}\n", encoding="utf-8")
    result = run_cli("build", "--root", root, "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return root / "out"


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as one line of words, soft hyphens left out."""
    return [" ".join(text.replace("\u00ad", "").split()) for text in read_pages(pdf)]


def check(texts: list[str]) -> None:
    """The Tajikistan section refers to each shared excerpt with the page where its text
    stands, the third page of the Kazakhstan section or later."""
    heading = next(n for n, t in enumerate(texts, 1) if n > 1 and "Kazakhstan Overview" in t)
    for words, reference in ((RAID[:30], "2024: see “Kazakhstan,” p. "),
                             (SHARED[:30], "See also “Kazakhstan,” p. ")):
        pages = [n for n, t in enumerate(texts, 1) if words in t]
        assert len(pages) == 1 and pages[0] >= heading + 2, (words, pages, heading)  # printed once, far on
        later = [t for t in texts if "Tajikistan Overview" in t or "Tajikistan Incidents" in t]
        assert f"{reference}{pages[0]}." in " ".join(later)


def test_the_pdf_gives_the_page_where_the_excerpts_text_stands(built):
    check(page_texts(built / "pack.pdf"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")
def test_libreoffice_gives_the_page_where_the_excerpts_text_stands(built, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(built / "pack.docx")],
                   check=True, capture_output=True, timeout=180)
    check(page_texts(tmp_path / "pack.pdf"))
