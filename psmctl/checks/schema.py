"""Stage 2: check a parsed document against the model of its `kind:`.

Pydantic reports errors by `loc` tuples; the document's position table maps
each one back to a line and column, and each error type gets a sentence a
planning officer can act on.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from psmctl.checks.finding import suggest
from psmctl.diagnostics import Diagnostic, Severity, YamlPath, format_path
from psmctl.loading.yamlfile import YamlDocument
from psmctl.model import FILE_MODELS

_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact", "plan_date"}
_TYPE_WORDS = {"dict": "a mapping", "list": "a list", "str": "text", "NoneType": "nothing"}


def check_document(
    doc: YamlDocument, file: str, expected: type[BaseModel] | None = None
) -> tuple[BaseModel | None, list[Diagnostic]]:
    """The model instance, or the located findings that prevent it."""
    model = expected or _model_for(doc, file)
    if isinstance(model, Diagnostic):
        return None, [model]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_finding(doc, file, model, error) for error in exc.errors(include_url=False)]


def _model_for(doc: YamlDocument, file: str) -> type[BaseModel] | Diagnostic:
    kind = doc.data.get("kind")
    if isinstance(kind, str) and kind in FILE_MODELS:
        return FILE_MODELS[kind]
    known = ", ".join(sorted(FILE_MODELS))
    if kind is None:
        line, column = doc.position(())
        return Diagnostic("unknown-kind", Severity.ERROR, file, line, column, "kind",
                          "the file has no `kind:` key", f"add `kind:` with one of: {known}")
    line, column = doc.position(("kind",))
    suggestion = suggest(str(kind), FILE_MODELS)
    return Diagnostic("unknown-kind", Severity.ERROR, file, line, column, "kind",
                      f"unknown kind {kind!r}", suggestion or f"use one of: {known}")


def _fields_at(model: type[BaseModel], loc: YamlPath) -> dict[str, FieldInfo]:
    """The fields of the sub-model that `loc` points into, for suggestions."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        if field is None:
            break
        current = _inner_model(field.annotation)
    return dict(current.model_fields) if current is not None else {}


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _finding(doc: YamlDocument, file: str, model: type[BaseModel], error: ErrorDetails) -> Diagnostic:
    loc: YamlPath = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
    path = format_path(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        line, column = doc.position(loc, key=True)
        key = loc[-1]
        fields = _fields_at(model, loc[:-1])
        return Diagnostic("unknown-key", Severity.ERROR, file, line, column, path, f"unknown key {key!r}",
                          suggest(str(key), fields) or f"allowed keys here: {', '.join(fields)}")
    line, column = doc.position(loc)
    if kind == "missing":
        return Diagnostic("missing-key", Severity.ERROR, file, line, column, path,
                          f"required key {loc[-1]!r} is missing", f"add `{loc[-1]}:` here")
    message = _plain_message(error)
    code = "invalid-date" if kind in _DATE_ERRORS else "invalid-value"
    hint: str | None = _value_hint(kind)
    if kind == "literal_error" and isinstance(error.get("input"), str):
        allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        hint = suggest(error["input"], allowed) or hint
    return Diagnostic(code, Severity.ERROR, file, line, column, path,
                      f"{path or 'document'}: {message}", hint)


def _plain_message(error: ErrorDetails) -> str:
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    value = error.get("input")
    if error["type"] in {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}:
        found = _TYPE_WORDS.get(type(value).__name__, type(value).__name__)
        wanted = {"string_type": "text", "list_type": "a list"}.get(error["type"], "a mapping")
        return f"expected {wanted}, found {found}"
    if isinstance(value, str) and error["type"] not in {"missing"}:
        return f"{message} (found {value!r})"
    return message


def _value_hint(kind: str) -> str | None:
    if kind in _DATE_ERRORS:
        return "write dates as YYYY-MM-DD"
    if kind == "literal_error":
        return "use one of the values listed (see docs/plan-format.md)"
    if kind in {"int_parsing", "decimal_parsing"}:
        return "write digits only, with '.' for decimals and no thousands separator"
    return None
