"""The library's rules for text and links, as check reads them: UTF-8 or UTF-16 with its byte-order
mark, no control characters (C0, DEL, C1, written or escaped), source URLs on the web only; and
a cache that a full disk cannot leave half-written."""

from __future__ import annotations

import codecs
import errno
import os

import pytest


def check(run, ws):
    result = run("check", "--root", ws.root)
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", r"\\host\share\a", "ftp://host/a",
                                 "https://", "http://host/a b"])
def test_a_source_url_that_is_not_a_web_address_is_an_error_at_its_line(run, ws, url):
    ws.source(url=f'"{url}"' if "\\" not in url else f"'{url}'")
    result = check(run, ws)
    assert result.exit_code == 1
    assert f"seeds/sources/webber-2024.txt:9: bad url '{url}': " in result.output


def test_a_web_url_is_taken(run, ws):
    ws.source(url="https://eurasianet.org/perspectives-iskp")
    assert check(run, ws).exit_code == 0


def test_a_source_saved_as_utf16_with_its_mark_is_read(run, ws):
    path = ws.source()
    path.write_bytes(codecs.BOM_UTF16_LE + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16-le"))
    assert check(run, ws).exit_code == 0


def test_utf16_without_its_mark_is_not_text(run, ws):
    path = ws.source()
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    result = check(run, ws)
    assert result.exit_code == 1 and "seeds/sources/webber-2024.txt:1: U+0000 (NUL) is not text" in result.output


@pytest.mark.parametrize("char, name", [("\x7f", "U+007F (delete)"), ("\x85", "U+0085 (next line)"),
                                        ("\x9b", "U+009B (a control character)")])
def test_del_and_c1_characters_are_errors_at_their_line(run, ws, char, name):
    ws.source(paragraphs=["Subscribe to our newsletter", f"ISKP is ramping up{char} its media outreach."])
    result = check(run, ws)
    assert result.exit_code == 1 and f"seeds/sources/webber-2024.txt:12: {name} is not text" in result.output


@pytest.mark.parametrize("escape", ["\\N", "\\x85", "\\u007F", "\\U0000009f"])
def test_a_yaml_escape_that_writes_a_c1_character_is_an_error(run, ws, escape):
    ws.excerpts(f'- id: webber-media\n  source: webber-2024\n  quote: "ISKP is ramping up{escape}"\n'
                "  tags: [country:TJ]\n  date: 2024-06\n  credibility: 2\n")
    result = check(run, ws)
    assert result.exit_code == 1 and "seeds/excerpts/excerpts.yaml:3: U+00" in result.output


def test_a_full_disk_leaves_no_part_written_cache(run, ws, monkeypatch):
    real = os.fdopen

    class FullDisk:  # a cache file's temporary: ten bytes written, then the disk is full
        def __init__(self, fd, mode):
            self.file = real(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[:10])
            self.file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", FullDisk)
    assert check(run, ws).exit_code == 0
    cache = ws.root / ".briefpack-cache"
    assert cache.is_dir() and [p for p in cache.rglob("*") if not p.is_dir()] == []
