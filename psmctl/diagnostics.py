"""Findings about a plan: values collected into a report, never exceptions.

Every code here is stable: CI configurations and the docs refer to it. Add new
codes; never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Union

PathPart = Union[str, int]
YamlPath = tuple[PathPart, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# code → (stage, what it means). The stage orders the pipeline; see validate.py.
CODES: dict[str, tuple[str, str]] = {
    "encoding": ("parse", "the file is not UTF-8 text"),
    "yaml-syntax": ("parse", "the YAML cannot be read"),
    "tab": ("parse", "a tab character (YAML parsers disagree on tabs; use spaces)"),
    "duplicate-key": ("parse", "the same key twice in one mapping"),
    "alias": ("parse", "a YAML anchor or alias (refused: aliases can hide huge data)"),
    "tag": ("parse", "an explicit YAML tag such as !!python/object (refused)"),
    "too-large": ("parse", "a file too large or too deeply nested to be a plan file"),
    "control-character": ("text", "an invisible control or bidi character in plan text"),
    "too-long": ("text", "a text longer than the limit for its field (docs/plan-format.md)"),
    "too-complex": ("text", "a chapter paragraph with more '[' or '`' signs than documents can be built from"),
    "chapter-markup": ("text", "Markdown in a chapter that documents print as text (attributes, raw HTML, metadata)"),
    "empty-file": ("parse", "a file with no content"),
    "not-a-mapping": ("parse", "a plan file must be a mapping of keys to values"),
    "front-matter": ("parse", "a chapter without a YAML front matter block"),
    "unreadable": ("parse", "a file or folder that cannot be read (permissions, a dangling link, a link loop)"),
    "special-file": ("parse", "a FIFO, socket, device or folder link where a plan file is expected (never opened)"),
    "outside-plan": ("parse", "a link to a file outside the plan folder (not read)"),
    "hidden-file": ("parse", "a hidden file that looks like a plan file: hidden files are not plan files"),
    "missing-file": ("refs", "a file every plan needs (plan.yaml, a required registry) is missing"),
    "unknown-kind": ("schema", "the `kind:` key is missing or names no known file kind"),
    "unknown-key": ("schema", "a key the model does not know (typo?)"),
    "missing-key": ("schema", "a required key is missing"),
    "invalid-value": ("schema", "a value of the wrong type or outside the allowed values"),
    "invalid-date": ("schema", "a date that is malformed or does not exist"),
    "misplaced-file": ("refs", "a file whose kind does not belong where it is"),
    "edition-file": ("refs", "an edition folder without its edition.yaml"),
    "edition-mismatch": ("refs", "an edition's id differs from its folder name"),
    "duplicate-id": ("refs", "two elements share a stable id"),
    "duplicate-code": ("refs", "two elements share a code"),
    "filename-id": ("refs", "a file name that differs from the element's id"),
    "bad-levels": ("refs", "the edition's levels are not axis[, strategy], action"),
    "unknown-parent": ("refs", "a parent id that names no element"),
    "wrong-level": ("refs", "an element whose parent is at the wrong level"),
    "code-position": ("refs", "a code that disagrees with the parent's code"),
    "unnumbered-code": ("refs", "a code on an element of an edition that numbers nothing (numbering: none)"),
    "order-key": ("refs", "an `order` on an element of an edition that numbers its elements by code"),
    "missing-order": ("refs", "an element without `order` in an edition that numbers nothing"),
    "duplicate-order": ("refs", "two siblings with the same `order`"),
    "unknown-predecessor": ("refs", "a predecessor edition that is not in the tree"),
    "dangling-lineage": ("refs", "a continues/supersedes link to nothing"),
    "lineage-level": ("refs", "a continues/supersedes link to an element of another level"),
    "unknown-source": ("refs", "a source key not declared in registries/sources.yaml"),
    "unknown-zone": ("refs", "a zona omogenea not in the registry"),
    "unknown-comune": ("refs", "an ISTAT code not in the zones registry"),
    "unknown-pnrr": ("refs", "a PNRR code not in the catalogue"),
    "unknown-amsvs": ("refs", "an AMSvS mission not in the registry"),
    "unknown-sdg": ("refs", "an SDG not in the registry"),
    "unknown-body": ("refs", "a body (soggetto) not in the registry"),
    "unknown-dup": ("refs", "a DUP objective not in the registry"),
    "unknown-dimension": ("refs", "a classification dimension not in registries/classifications.yaml"),
    "unknown-classification": ("refs", "a classification value its dimension does not declare"),
    "classification-level": ("refs", "a classification dimension used on a level it does not apply to"),
    "classification-multiple": ("refs", "several values (or one twice) where a dimension allows one"),
    "unknown-indicator": ("refs", "an indicator id that names no indicator"),
    "unknown-edition": ("refs", "an edition id that names no edition"),
    "duplicate-entry": ("refs", "two registry entries share an id"),
    "missing-registry": ("refs", "references to a registry file that is missing, so they are not checked"),
    "timeline-order": ("editorial", "an end date before the start date"),
    "date-outside-period": ("editorial", "a date outside the edition's period"),
    "progress-status": ("editorial", "progress that contradicts the status"),
    "declared-counts": ("editorial", "encoded elements differ from the counts the official text declares"),
    "numbering-gap": ("editorial", "codes that skip a number"),
    "recommended-field": ("editorial", "recommended fields are missing"),
    "vote-arithmetic": ("editorial", "a deliberation's vote does not add up (in favour + against ≤ voting ≤ present)"),
    "vote-names": ("editorial", "a deliberation lists a different number of names than it counts"),
    "deliberation-date": ("editorial", "a deliberation dated in the future, before Law 56/2014, or after its notice"),
    "deliberation-role": ("editorial", "more than one deliberation adopting the same edition"),
    "unknown-action": ("refs", "a monitoring round names an action id that is not in the edition"),
    "duplicate-round": ("refs", "two monitoring rounds with the same date"),
    "round-file-name": ("editorial", "a monitoring round whose file name is not its date"),
    "round-date": ("editorial", "a monitoring round dated outside the edition period"),
    "funding-triad": ("refs", "a funding line whose committed exceeds allocated, or paid exceeds committed"),
    "progress-backwards": ("editorial", "progress lower than in the previous round, without a note"),
    "status-regression": ("editorial", "a status that moves back since the previous round, without a note"),
    "duplicate-year": ("refs", "two observations of an indicator for the same year"),
    "target-before-baseline": ("refs", "an indicator target dated before its baseline"),
    "observation-source": ("editorial", "an indicator observation without a source"),
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


def format_path(path: YamlPath) -> str:
    """`('funding', 0, 'amount')` → `funding[0].amount`, as a reader would write it."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
