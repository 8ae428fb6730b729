"""The JSON Schema of every plan file kind, as the files `psmctl schema` and `psmctl init` write."""

from __future__ import annotations

import json

from pydantic import BaseModel


def schema_files() -> dict[str, str]:
    """`<kind>.schema.json` → its text (stable: sorted keys, so a re-run writes the same bytes)."""
    from psmctl.model import FILE_MODELS
    from psmctl.model.edition import Chapter

    models: dict[str, type[BaseModel]] = {**FILE_MODELS, "chapter": Chapter}
    files = {}
    for kind, model in models.items():
        document = model.model_json_schema()
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        document["$id"] = f"{kind}.schema.json"
        files[f"{kind}.schema.json"] = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return files
