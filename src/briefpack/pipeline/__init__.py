"""The build, top to bottom (``build.py``), and what it needs: worker processes,
fingerprints, the manifest, atomic outputs, editions and the change section."""
