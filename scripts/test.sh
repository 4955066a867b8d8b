#!/bin/sh
# Install everything the tests need and run the test suite:
#  - Debian packages for the round-trip tests (pandoc, LibreOffice, poppler-utils, qpdf, the CSL
#    styles pandoc's citeproc checks the notes against) and, where
#    the distribution splits it out, python3-venv;
#  - the package with its test extras, into the project's own virtual environment (.venv), never
#    into the interpreter found on PATH (a stock Debian or Ubuntu python3 refuses that, PEP 668).
# The tests run in two processes (pytest-xdist). Tests marked slow (a fresh clone installed with
# pip) run only when CI is set, as in CI (.ci/run); plain `pytest` runs them too.
# Arguments are passed to pytest.
set -eu
cd "$(dirname "$0")/.."

need=""
for tool in pandoc:pandoc soffice:libreoffice-writer-nogui pdftotext:poppler-utils qpdf:qpdf git:git; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || need="$need ${tool#*:}"
done
[ -f /usr/share/citation-style-language/styles/chicago-fullnote-bibliography.csl ] \
    || need="$need citation-style-language-styles"
if [ ! -x .venv/bin/python ] && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    need="$need python3-venv"
fi
if [ -n "$need" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
if [ -z "${CI:-}" ]; then
    set -- -m "not slow" "$@"
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist worksteal "$@"
