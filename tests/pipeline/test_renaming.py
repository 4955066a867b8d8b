"""``briefpack rename``: a source or an excerpt renamed in every file that names it, or in none."""

from __future__ import annotations

import json
from pathlib import Path

EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and "out" not in p.relative_to(root).parts
            and ".briefpack-cache" not in p.relative_to(root).parts}


def editions_text(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "editions").rglob("*.json")))


def test_a_source_cited_by_a_published_edition_is_renamed_everywhere(run, build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    assert '"gov-2016"' in editions_text(corpus.root)
    captures = corpus.root / "seeds/captures"
    captures.mkdir(parents=True, exist_ok=True)
    (captures / "gov-2016.pdf").write_bytes(b"%PDF-1.4 the file as added")
    brief = corpus.root / "briefs/handout.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace(
        'select: "topic:foreign-fighters"', 'select: "topic:foreign-fighters or source:gov-2016"'), encoding="utf-8")
    result = run("rename", "gov-2016", "kz-ministry-2016-foreign-fighters", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Renamed the source gov-2016 to kz-ministry-2016-foreign-fighters in ")
    assert not (corpus.root / "seeds/sources/gov-2016.txt").exists()
    assert 'or source:kz-ministry-2016-foreign-fighters"' in brief.read_text(encoding="utf-8")
    renamed = (corpus.root / "seeds/sources/kz-ministry-2016-foreign-fighters.txt").read_text(encoding="utf-8")
    assert "\nid: kz-ministry-2016-foreign-fighters\n" in renamed
    assert (captures / "kz-ministry-2016-foreign-fighters.pdf").read_bytes() == b"%PDF-1.4 the file as added"
    excerpts = "".join(p.read_text(encoding="utf-8") for p in (corpus.root / "seeds/excerpts").rglob("*.yaml"))
    assert "gov-2016" not in excerpts and excerpts.count("kz-ministry-2016-foreign-fighters") >= 3
    records = editions_text(corpus.root)
    assert "gov-2016" not in records and '"kz-ministry-2016-foreign-fighters"' in records
    assert run("check", "--root", corpus.root).exit_code == 0
    impact = json.loads(run("impact", "kz-ministry-2016-foreign-fighters", "--json", "--root", corpus.root).stdout)
    assert {r["document"] for r in impact} == {"handout-kz", "handout-kg", "regional"}
    assert run("editions", "--root", corpus.root).exit_code == 0


def test_an_excerpt_is_renamed_in_the_briefs_citations_and_the_editions(run, build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    result = run("rename", "kz-fighters", "kz-fighters-2016", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert "[@kz-fighters-2016]" in (corpus.root / "briefs/handout.yaml").read_text(encoding="utf-8")
    assert '"kz-fighters"' not in editions_text(corpus.root)
    assert run("check", "--root", corpus.root).exit_code == 0
    assert run("rename", "kz-fighters-2016", "kz-fighters", "--root", corpus.root).exit_code == 0


def test_all_or_nothing(run, build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    broken = corpus.root / "editions/regional/edition-9.json"
    broken.write_text("{not json", encoding="utf-8")
    before = snapshot(corpus.root)
    result = run("rename", "gov-2016", "gov-2016-new", "--root", corpus.root)
    assert result.exit_code == 1
    assert "editions/regional/edition-9.json: unreadable edition file: not renamed in" in result.stderr
    assert snapshot(corpus.root) == before


def test_what_cannot_be_renamed(run, corpus):
    taken = run("rename", "gov-2016", "kz-fighters", "--root", corpus.root)
    assert taken.exit_code == 1 and "a source or excerpt with the id 'kz-fighters' exists" in taken.stderr
    unknown = run("rename", "gov-2061", "x", "--root", corpus.root)
    assert unknown.exit_code == 1 and "no source or excerpt has the id 'gov-2061'" in unknown.stderr
    bad = run("rename", "gov-2016", "gov 2016", "--root", corpus.root)
    assert bad.exit_code == 1 and "bad id 'gov 2016'" in bad.stderr


def test_an_id_both_a_source_and_an_excerpt_have_needs_kind(run, corpus):
    items = corpus.read_excerpts()
    items[0]["id"] = "gov-2016"
    corpus.write_excerpts(items)
    both = run("rename", "gov-2016", "gov-2016-b", "--root", corpus.root)
    assert both.exit_code == 1 and "say which with --kind source or --kind excerpt" in both.stderr
    result = run("rename", "gov-2016", "gov-2016-excerpt", "--kind", "excerpt", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Renamed the excerpt gov-2016 to gov-2016-excerpt")
    assert (corpus.root / "seeds/sources/gov-2016.txt").exists()
