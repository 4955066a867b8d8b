"""``python -m briefpack``: the same command as ``briefpack``."""

from .cli import main

main()
