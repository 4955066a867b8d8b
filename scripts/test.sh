#!/bin/sh
# Install everything the tests need (Debian packages for the round-trip tests,
# the package with its test extras) and run the test suite.
set -eu
cd "$(dirname "$0")/.."

need=""
for tool in pandoc:pandoc soffice:libreoffice-writer-nogui pdftotext:poppler-utils qpdf:qpdf; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || need="$need ${tool#*:}"
done
if [ -n "$need" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
fi

python3 -m pip install -q -e '.[test]'
exec python3 -m pytest -q "$@"
