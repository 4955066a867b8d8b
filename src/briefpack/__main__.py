"""``python -m briefpack``: the same command as ``briefpack``."""

from .command import main

main()
