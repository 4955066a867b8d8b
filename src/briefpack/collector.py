"""Python's cycle collector held off while a stage makes many small objects that hold few
cycles (the library's records, the documents, the writers' walks): it would walk them all
again and again. What was made is then left out of later collections (``gc.freeze``) until
:func:`released`, unless the stage lets it go itself."""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys


@contextlib.contextmanager
def held(freeze: bool = True):
    """The collector off for the block (if it was on: the value given to ``as``); with ``freeze``,
    what lives after it left out of later collections."""
    if not gc.isenabled():
        yield False
        return
    gc.disable()
    try:
        yield True
    finally:
        if freeze:
            gc.freeze()
        gc.enable()


def imported(name: str):
    """The module ``name``, imported the first time with the collector held (its objects live as
    long as the process: left out of collections); after that, as it is."""
    module = sys.modules.get(name)
    if module is None:
        with held():
            module = importlib.import_module(name)
    return module


def released() -> None:
    """What :func:`held` left out of collections, back in them."""
    gc.unfreeze()
