"""The CLI's commands, by what they work on: the library (``library.py``), builds
(``build.py``), editions (``editions.py``), bringing material in (``intake.py``:
``init``, ``add-source``, ``quote``). ``cli.py`` gathers them."""
