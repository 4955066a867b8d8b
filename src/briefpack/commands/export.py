"""``briefpack export``: a document edition in a format other tools import (STIX 2.1)."""

from __future__ import annotations

from pathlib import Path

import click

from ..workspace import resolve_root, root_option
from .build import _marking


@click.command()
@click.argument("target", metavar="BRIEF|DOCUMENT")
@click.option("--stix", "stix_path", required=True, type=click.Path(path_type=Path),
              help="Write the STIX 2.1 bundle here (a folder when BRIEF makes several documents).")
@click.option("--edition", type=click.IntRange(min=1),
              help="The published edition to export (refused when the inputs changed since). "
              "Default: the document as it stands, its last edition or the draft of the next.")
@click.option("--max-marking", metavar="LABEL", callback=lambda ctx, param, value: _marking(value),
              help="Use only excerpts whose TLP marking is no more restrictive than LABEL, as build does.")
@root_option
def export(target, stix_path, edition, max_marking, root):
    """Export a document edition as a STIX 2.1 bundle (report, a note per key judgment,
    intrusion sets, locations, sources as external references, TLP 2.0 markings).

    BRIEF is a brief file (every document it makes); DOCUMENT a document's name. The
    same edition always gives the same bytes.

    \b
    Examples:
        briefpack export briefs/central-asia.yaml --stix central-asia.stix.json
        briefpack export country-handout-kz --edition 3 --stix kz.json
        briefpack export briefs/country-handout.yaml --max-marking TLP:GREEN --stix stix/
    """
    from ..pipeline.export import export_stix, write_bundles

    root = resolve_root(root)
    bundles = export_stix(root, target, edition, max_marking)
    for path in write_bundles(root, bundles, stix_path):
        click.echo(f"wrote {path}")
