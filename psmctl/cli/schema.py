"""`psmctl schema`: JSON Schema of each file kind, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from psmctl.cli import app
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
    from pydantic import BaseModel

    from psmctl.model import FILE_MODELS
    from psmctl.model.edition import Chapter
    from psmctl.writing import WriteSet, make_folders

    make_folders(out_dir)
    models: dict[str, type[BaseModel]] = {**FILE_MODELS, "chapter": Chapter}
    with WriteSet(out_dir) as writes:  # all schemas or none: editors never see a mixed set
        for kind, model in models.items():
            document = model.model_json_schema()
            document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            document["$id"] = f"{kind}.schema.json"
            text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            writes.add(out_dir / f"{kind}.schema.json", text.encode("utf-8"))
        writes.commit()
    for kind in models:
        typer.echo(f"wrote {out_dir / f'{kind}.schema.json'}")
