"""`psmctl schema`: JSON Schema of each file kind, for editors and other tools."""

from __future__ import annotations

from pathlib import Path

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import guarded


@app.command()
@guarded
def schema(
    out_dir: Path = typer.Option(Path("schemas"), "--out", "-o", help="Folder for <kind>.schema.json files."),
) -> None:
    """Write the JSON Schema of every plan file kind.

    Example: psmctl schema -o schemas/   then, at the top of an action file:
    # yaml-language-server: $schema=../../../../schemas/action.schema.json
    """
    from psmctl.model.jsonschema import schema_files
    from psmctl.writing import WriteSet, make_folders

    make_folders(out_dir)
    files = schema_files()
    with WriteSet(out_dir) as writes:  # all schemas or none: editors never see a mixed set
        for name, text in files.items():
            writes.add(out_dir / name, text.encode("utf-8"))
        writes.commit()
    for name in files:
        typer.echo(f"wrote {out_dir / name}")
