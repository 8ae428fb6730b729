"""Stage 3b: plan text itself — invisible characters, sizes, and chapter Markdown that prints as text.

Every document, terminal and log escapes what it must (psmctl.escaping), but
the plan should not hold what nobody can see or review: control characters,
bidi overrides, a 2 MB summary. The limits are generous for real plans (the
shipped Torino editions use a tenth of them) and are documented in
docs/plan-format.md §"Limits".
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from psmctl.checks.finding import at
from psmctl.diagnostics import Diagnostic, Severity, YamlPath, format_path
from psmctl.escaping import CONTROL, control_characters, describe
from psmctl.loading.plan import AnyFile, Plan

# Characters a field may hold, by the key it is written under; any other text field: LONG_TEXT.
SHORT_TEXT = 1_000  # titles, names, labels: one line of a document
SUMMARY = 5_000
LONG_TEXT = 20_000  # descriptions, notes, statements
CHAPTER_BODY = 200_000  # about 60 printed pages
LINE = 20_000  # one line of a chapter (a paragraph written on one line)
# Pandoc reads '[' and '`' in time that grows with the cube of their number in one
# paragraph (1,000 unclosed '[' take 3 s, 5,000 minutes); real paragraphs hold a few.
BRACKETS = 100
BACKTICKS = 500
SHORT_KEYS = frozenset({"title", "subtitle", "short_name", "name", "label", "organ", "role", "event", "code",
                        "id", "parent", "unit", "website", "url", "place", "body"})
LIMITS = {"summary": SUMMARY}

_FENCE = re.compile(r"^\s*(```|~~~)")
_MARKUP = (
    (re.compile(r"(\]\([^)\s]*\)|\]|`)\{[^}]*\}|^#{1,6}\s.*\{[#.][^}]*\}\s*$"),
     "`{…}` after a link, code, brackets or a heading is an attribute list; documents print it as text"),
    (re.compile(r"^\s*:::"), "`:::` fenced divs are for templates; in a chapter they are printed as text"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^>]*)?>|<!--"), "raw HTML is printed as text, never run"),
)
_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)")


def check_text(plan: Plan) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    for file in _files(plan):
        findings.extend(_field_findings(file, file.doc.data, ()))
        if file.rel.endswith(".md"):
            findings.extend(_body_findings(file))
    return findings


def _files(plan: Plan) -> Iterator[AnyFile]:
    yield from ([plan.project] if plan.project else [])
    yield from plan.registries.values()
    yield from plan.misplaced
    for tree in plan.editions.values():
        yield from ([tree.file] if tree.file else [])
        yield from (*tree.elements, *tree.indicators, *tree.chapters, *tree.deliberations)


def _strings(value: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _limit(path: YamlPath) -> int:
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    return SHORT_TEXT if key in SHORT_KEYS else LIMITS.get(key, LONG_TEXT)


def _suspect(value: Any, controls: bool) -> bool:
    """Whether any text in `value` may break a rule: the quick pass that most files end with."""
    if isinstance(value, str):
        return len(value) > SHORT_TEXT or (controls and CONTROL.search(value) is not None)
    if isinstance(value, dict):
        return any(_suspect(item, controls) for item in value.values())
    if isinstance(value, list):
        return any(_suspect(item, controls) for item in value)
    return False


def _field_findings(file: AnyFile, data: Any, root: YamlPath) -> list[Diagnostic]:
    # A control character reaches a value only if the file holds one or a backslash escape.
    controls = "\\" in file.doc.text or CONTROL.search(file.doc.text) is not None
    longest = file.doc.longest_text
    if not controls and longest is not None and longest <= SHORT_TEXT:
        return []  # no value is long enough to pass any limit: the walk below would find nothing
    if not _suspect(data, controls):
        return []
    findings = []
    for path, text in _strings(data, root):
        limit = _limit(path)
        if len(text) > limit:
            findings.append(at(file, path, "too-long", f"{_name(path)} is {len(text):,} characters long; "
                               f"the limit here is {limit:,}", _too_long_hint(limit)))
            continue
        for _, char in control_characters(text):
            findings.append(at(file, path, "control-character", f"{_name(path)} holds the invisible character "
                               f"{describe(char)}", _CONTROL_HINT))
            break
    return findings


_CONTROL_HINT = "delete it (often pasted from another program); write a line break as a new line"


def _name(path: YamlPath) -> str:
    return format_path(path) or "the value"


def _too_long_hint(limit: int) -> str:
    if limit == SHORT_TEXT:
        return "shorten it: a title or name is one line; the text belongs in `summary` or `description`"
    return "shorten it, or move the text into a chapter (chapters/*.md)"


def _body_findings(file: AnyFile) -> list[Diagnostic]:
    body, first = file.body, file.body_line
    if len(body) > CHAPTER_BODY:
        return [_at_line(file, first, 1, "too-long", f"the chapter text is {len(body):,} characters long; "
                         f"the limit is {CHAPTER_BODY:,}", "split it into several chapters")]
    findings = []
    fenced, previous = False, ""
    paragraph = _Paragraph()
    for number, line in enumerate(body.split("\n"), start=first):
        line, previous = line.removesuffix("\r"), previous.strip()
        if len(line) > LINE:
            findings.append(_at_line(file, number, LINE + 1, "too-long", f"line of {len(line):,} characters; "
                                     f"the limit is {LINE:,}", "break the text into paragraphs"))
            continue
        if not fenced:
            findings.extend(paragraph.add(file, number, line))
        for column, char in control_characters(line):
            findings.append(_at_line(file, number, column + 1, "control-character",
                                     f"the chapter holds the invisible character {describe(char)}", _CONTROL_HINT))
            break
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            findings.extend(_markup(file, number, line, previous))
        previous = line
    return findings


class _Paragraph:
    """Counts of the signs Pandoc reads slowly, since the last blank line."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.brackets = self.backticks = 0
        self.reported = False

    def add(self, file: AnyFile, number: int, line: str) -> list[Diagnostic]:
        if not line.strip():
            self.reset()
            return []
        self.brackets += line.count("[")
        self.backticks += line.count("`")
        if self.reported or (self.brackets <= BRACKETS and self.backticks <= BACKTICKS):
            return []
        self.reported = True
        return [_at_line(file, number, 1, "too-complex",
                         f"this paragraph holds more than {BRACKETS} '[' or {BACKTICKS} '`' signs, "
                         "which the documents cannot be built from in reasonable time",
                         "split the paragraph, or write the signs less often")]


def _markup(file: AnyFile, number: int, line: str, previous: str) -> list[Diagnostic]:
    if previous == "---" and _YAML_KEY.match(line):
        return [_at_line(file, number - 1, 1, "chapter-markup", "a `---` block in a chapter is printed as text, "
                         "never read as document metadata", "the chapter's front matter is the block at the top; "
                         "remove this one", Severity.WARNING)]
    for pattern, message in _MARKUP:
        match = pattern.search(line)
        if match:
            return [_at_line(file, number, match.start() + 1, "chapter-markup", message,
                             "remove it, or write it in `code` if the signs are meant literally", Severity.WARNING)]
    return []


def _at_line(file: AnyFile, line: int, column: int, code: str, message: str, hint: str,
             severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(code, severity, file.path, line, column, "", message, hint)
