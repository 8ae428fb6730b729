"""Shared field types of the plan model.

The loader hands the model every scalar as the string the author wrote (see
``psmctl.loading.yamlfile``), so these types decide how text becomes a value:
``1.10`` stays the code "1.10", ``NO`` stays "NO", and only the spellings
listed here count as booleans, numbers or dates.

Numbers and dates are read only as plain ASCII digits: pydantic on its own
would take `4_0` as 40, `3.0` as the whole number 3, `1e309` or Arabic-Indic
digits as numbers and `2023-01-01T00:00` as a date, and render would then
print something the author never wrote (or fail on it).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

# The years a plan date may have: documents print them, and editions, acts and
# sources of a strategic plan fall well inside.
FIRST_YEAR, LAST_YEAR = 1800, 2200

_SPELLINGS = {
    int: (re.compile(r"-?[0-9]+"), "write a whole number with the digits 0-9 only (no '_', '.', '+' or exponent)"),
    Decimal: (re.compile(r"-?[0-9]+(?:\.[0-9]+)?"),
              "write a number with the digits 0-9 and '.' for decimals (no '_', exponent, Infinity or NaN)"),
}


def is_digits(text: str) -> bool:
    """Whether `text` is digits 0-9 only: what counts as a number in codes and numbering (str.isdigit
    would also take Arabic-Indic, superscript and other digits)."""
    return _DIGITS.fullmatch(text) is not None


_DIGITS = re.compile("[0-9]+")


def _spelled(kind: type) -> BeforeValidator:
    """The check that a number is written as plain digits, before pydantic reads it as `kind`."""
    pattern, message = _SPELLINGS[kind]

    def check(value: Any) -> Any:
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise ValueError(message)
        return value

    return BeforeValidator(check)


# Every number a model holds carries one of these two checks (tests/unit/test_model_contract.py
# walks every model for a bare int or Decimal): they run on number fields only, where a validator
# on every field of every model was two fifths of the schema stage. With bounds, the check comes
# last, `Annotated[int, Field(ge=0), DIGITS]`: it then wraps the bounded number, and the JSON
# schema keeps its `minimum` and `maximum` (a bound after it would be written there as `ge`).
DIGITS = _spelled(int)
DECIMAL_DIGITS = _spelled(Decimal)
WholeNumber = Annotated[int, DIGITS]
DecimalNumber = Annotated[Decimal, DECIMAL_DIGITS]


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, never ignored (numbers: see DIGITS)."""

    # defer_build: a class is compiled on its first use, so a command pays only for the kinds it
    # reads (building all of them at import was most of the start-up on the real plan, issue 14).
    # frozen: plan data is read, never edited in place, which also lets instances share their
    # set of given fields (below).
    model_config = ConfigDict(extra="forbid", populate_by_name=False, defer_build=True, frozen=True)

    def model_post_init(self, context: Any, /) -> None:
        # Pydantic gives every instance its own set of the fields the file gave; the files of a plan
        # give the same few combinations, so one frozen set of each is kept: ~0.7 KB per action
        # (a tenth of a large plan's memory, issue 14).
        given = frozenset(self.__pydantic_fields_set__)
        if len(_GIVEN_FIELDS) < _MAX_GIVEN_FIELDS:
            given = _GIVEN_FIELDS.setdefault(given, given)
        object.__setattr__(self, "__pydantic_fields_set__", given)


_GIVEN_FIELDS: dict[frozenset[str], frozenset[str]] = {}
_MAX_GIVEN_FIELDS = 10_000  # combinations kept; past this (files written to defeat it) each keeps its own


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
    compiled = re.compile(regex, re.ASCII)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(message)
        return value

    return AfterValidator(check)


# The number the plan prints ("2.1.3", "M1", "3 bis"): never empty, no blank at either end.
Code = Annotated[str, _pattern(r"\S(?:.*\S)?", "a code cannot be empty or start or end with a blank: "
                                               "write the number the plan prints, e.g. \"2.1\"")]

Id = Annotated[str, _pattern(
    r"^[a-z0-9][a-z0-9._-]*$",
    "an id uses lowercase letters, digits, '-', '_' or '.', and starts with a letter or digit")]
"""A stable identifier: survives renumbering, unique in its edition or registry."""

SourceKey = Annotated[str, _pattern(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    "a source key is a short name such as S12, declared in registries/sources.yaml")]

WebAddress = Annotated[str, _pattern(
    r"^https?://[^\s\"<>\\^`{|}\x00-\x1f\x7f-\xa0\u2000-\u200f\u2028-\u202f\u2066-\u2069\ufeff]+$",
    "a web address starts with https:// (or http://) and has no spaces, quotes, '<', '>', '\\', "
    "'^', '`', '{', '|' or '}' (write a space as %20)")]
"""An address the documents print as a link: only the web, and nothing that could end the link."""

PnrrCode = Annotated[str, _pattern(
    r"^M[1-7]C[1-4](?:[IR][0-9]+(?:\.[0-9]+)*)?$",
    "a PNRR code is mission, component and measure with no spaces, e.g. M5C2I2.2 or M2C4")]

IstatCode = Annotated[str, _pattern(
    r"^[0-9]{6}$", "an ISTAT municipality code has six digits, e.g. 001272 (quote it in YAML)")]

def _bad_date(message: str) -> PydanticCustomError:
    # its own error type, so psmctl.checks.schema reports it as invalid-date
    return PydanticCustomError("plan_date", message)


_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _check_partial_date(value: str) -> str:
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        raise _bad_date("write a date as YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in match.groups())
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _bad_date(f"{value} is not a real date: the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise _bad_date(f"{value} is not a real date: month {month:02d} does not exist")
    if day is not None and month is not None:
        try:
            dt.date(year or 1, month, day)
        except ValueError:
            raise _bad_date(f"{value} is not a real date") from None
    return value


PartialDate = Annotated[str, AfterValidator(_check_partial_date)]
"""A date known to the year, the month or the day, kept as written."""


def _check_full_date(value: Any) -> Any:
    if isinstance(value, str) and _PARTIAL_DATE.fullmatch(value) and value.count("-") != 2:
        raise _bad_date("this date needs a day: write YYYY-MM-DD")
    if isinstance(value, str):
        _check_partial_date(value)
    return value


Date = Annotated[dt.date, BeforeValidator(_check_full_date)]

Sdg = Annotated[int, Field(ge=1, le=17), DIGITS]
Percent = Annotated[int, Field(ge=0, le=100), DIGITS]


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
