"""Shared field types of the plan model.

The loader hands the model every scalar as the string the author wrote (see
``psmctl.loading.yamlfile``), so these types decide how text becomes a value:
``1.10`` stays the code "1.10", ``NO`` stays "NO", and only the spellings
listed here count as booleans or dates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, never ignored."""

    # defer_build: a class is compiled on its first use, so a command pays only for the kinds it
    # reads (building all of them at import was most of the start-up on the real plan, issue 14).
    model_config = ConfigDict(extra="forbid", populate_by_name=False, defer_build=True)


_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def _strict_bool(value: Any) -> Any:
    # YAML 1.1 read yes/no/on/off as booleans; a plan must say true or false.
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    raise ValueError("write true or false")


Flag = Annotated[bool, BeforeValidator(_strict_bool)]

def _pattern(regex: str, message: str) -> AfterValidator:
    """A text value that must match `regex`, explained by `message` when it does not."""
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise ValueError(message)
        return value

    return AfterValidator(check)


Id = Annotated[str, _pattern(
    r"^[a-z0-9][a-z0-9._-]*$",
    "an id uses lowercase letters, digits, '-', '_' or '.', and starts with a letter or digit")]
"""A stable identifier: survives renumbering, unique in its edition or registry."""

SourceKey = Annotated[str, _pattern(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    "a source key is a short name such as S12, declared in registries/sources.yaml")]

PnrrCode = Annotated[str, _pattern(
    r"^M[1-7]C[1-4](?:[IR]\d+(?:\.\d+)*)?$",
    "a PNRR code is mission, component and measure with no spaces, e.g. M5C2I2.2 or M2C4")]

IstatCode = Annotated[str, _pattern(
    r"^\d{6}$", "an ISTAT municipality code has six digits, e.g. 001272 (quote it in YAML)")]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_partial_date(value: str) -> str:
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError("write a date as YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{value} is not a real date: month {month:02d} does not exist")
    if day is not None and month is not None:
        try:
            dt.date(year or 1, month, day)
        except ValueError:
            raise ValueError(f"{value} is not a real date") from None
    return value


PartialDate = Annotated[str, AfterValidator(_check_partial_date)]
"""A date known to the year, the month or the day, kept as written."""


def _check_full_date(value: Any) -> Any:
    if isinstance(value, str) and _PARTIAL_DATE.match(value) and value.count("-") != 2:
        raise ValueError("this date needs a day: write YYYY-MM-DD")
    if isinstance(value, str):
        _check_partial_date(value)
    return value


Date = Annotated[dt.date, BeforeValidator(_check_full_date)]

Sdg = Annotated[int, Field(ge=1, le=17)]
Percent = Annotated[int, Field(ge=0, le=100)]


class Provenance(Model):
    """Where a fact comes from, and whether it is sure."""

    sources: list[SourceKey] = Field(default_factory=list)
    uncertain: Flag = False
    notes: str | None = None


def _lineage_shorthand(value: Any) -> Any:
    # `continues: [old-id]` is the common case; the mapping form carries a note.
    if isinstance(value, list):
        return [{"id": item} if isinstance(item, str) else item for item in value]
    if isinstance(value, str):
        return [{"id": value}]
    return value


class Lineage(Provenance):
    """A link to an element of the predecessor edition."""

    id: Id


LineageList = Annotated[list[Lineage], BeforeValidator(_lineage_shorthand)]
