"""The CLI's commands, by what they work on: the library (``library.py``), builds
(``build.py``), editions (``editions.py``). ``cli.py`` gathers them with intake's."""
