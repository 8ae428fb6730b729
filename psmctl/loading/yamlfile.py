"""Read one YAML document safely and fast, keeping a position for every value.

libyaml (through PyYAML's C parser) composes the node graph; a resolver with no
implicit rules keeps every scalar as the string the author wrote, so `1.10`,
`NO` and `012` reach the model unchanged (DESIGN §7). The walk below turns
nodes into plain dicts/lists/strings and records `path → (line, column)`. It
refuses explicit tags (all of them, `!!str` too) and any node seen twice (an alias), which is what makes
alias bombs harmless: the bomb is never expanded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from sys import intern
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from psmctl.diagnostics import Diagnostic, PathPart, Severity, YamlPath

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_FLOW_NESTING = 200
# Values this short (ids, codes, statuses, years) recur across a plan's files: one copy of each is kept.
SHARED_TEXT = 40

# Tags the resolver gives untagged nodes. They are not YAML's own, so a node
# with any tag written in the file (even `!!str`) is told apart and refused.
_STR = "tag:psmctl,implicit:str"
_SEQ = "tag:psmctl,implicit:seq"
_MAP = "tag:psmctl,implicit:map"
# YAML 1.2 core-schema spellings of null, honoured only for plain scalars.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Position = tuple[int, int]


class _NodeLoader(CParser, BaseResolver):
    """libyaml composer + a resolver that resolves nothing implicitly."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        BaseResolver.__init__(self)

    # libyaml calls these two around every node for path resolvers, which plan
    # files never use: builtins that accept the arguments and do nothing cost
    # a fraction of a Python method call.
    descend_resolver = slice  # type: ignore[assignment]
    ascend_resolver = tuple  # type: ignore[assignment]

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        # Called by libyaml for every untagged node: no implicit typing, ever.
        return _STR if kind is ScalarNode else _SEQ if kind is SequenceNode else _MAP


def _compose(text: str) -> Node | None:
    loader = _NodeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


@dataclass
class YamlDocument:
    """A parsed YAML mapping, with the text it came from to locate any value.

    Positions are looked up only when a finding needs one: the text is composed
    again then (a fraction of a millisecond), so loading a large plan does not
    pay for a position table that is almost never read.
    """

    data: Any
    # the text, or the bytes of the whole file it was decoded from: a large plan then holds each file once,
    # as the bytes it read, and decodes one again only for the few that need their text (issue 14)
    source: str | bytes = ""
    line_offset: int = 0
    # every `sources: [KEY, ...]` list item, collected while walking (for reference checks)
    source_refs: list[tuple[YamlPath, str]] = field(default_factory=list)
    # the length of the longest text value if it is longer than SHARED_TEXT (0: none is; None: not
    # measured), taken while walking, so that checks of text sizes skip the files (nearly all) where
    # no value comes near a limit
    longest_text: int | None = None
    _root: Node | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The text the document was parsed from."""
        if isinstance(self.source, str):
            return self.source
        return decode(self.source, "")[0] or ""

    def position(self, path: YamlPath, *, key: bool = False) -> Position:
        """Where `path` is written (its key with key=True); the nearest written ancestor if it is not."""
        if self._root is None:
            self._root = _compose(self.text)
        node = self._root
        found: Node | None = node
        last = len(path) - 1
        for index, part in enumerate(path):
            found = _child(node, part, key=key and index == last)
            if found is None:
                break
            node = found
        target = found if found is not None else node
        if target is None:
            return (1 + self.line_offset, 1)
        return (target.start_mark.line + 1 + self.line_offset, target.start_mark.column + 1)


def _child(node: Node | None, part: PathPart, *, key: bool) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == part:
                found: Node = key_node if key else value_node
                return found
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


class _Refused(Exception):
    def __init__(self, code: str, message: str, node: Node, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.node, self.hint = code, message, node, hint


class _Walker:
    """Nodes → plain values. Scalars are handled inline: this is the hot loop of validate."""

    def __init__(self, doc: YamlDocument, file: str, line_offset: int, track_aliases: bool) -> None:
        self.doc = doc
        self.file = file
        self.offset = line_offset
        self.track = track_aliases
        self.seen: set[int] = set()
        self.collections = 0
        self.longest = 0
        self.findings: list[Diagnostic] = []

    def pos(self, node: Node) -> Position:
        mark = node.start_mark
        return (mark.line + 1 + self.offset, mark.column + 1)

    def value(self, node: Node, path: YamlPath) -> Any:
        if self.track:
            if id(node) in self.seen:
                raise _Refused("alias", "this value is reused through an anchor and alias, which plan files "
                               "do not allow", node, "write the value out in full where it is needed")
            self.seen.add(id(node))
        tag = node.tag
        if type(node) is ScalarNode and tag == _STR:
            text = node.value
            if len(text) <= SHARED_TEXT:
                text = intern(text)
            elif len(text) > self.longest:
                self.longest = len(text)
            return None if not node.style and text in _NULLS else text
        if tag not in (_SEQ, _MAP):
            raise _Refused("tag", f"explicit YAML tag {tag!r} is not allowed", node,
                           "remove the tag; the plan schema decides each value's type")
        self.collections += 1
        if self.collections > MAX_NODES or len(path) > MAX_DEPTH:
            raise _Refused("too-large", "the document is too large or too deeply nested", node)
        if type(node) is SequenceNode:
            items = [self.value(child, (*path, index)) for index, child in enumerate(node.value)]
            if path and path[-1] == "sources":
                self.doc.source_refs.extend(
                    ((*path, i), item) for i, item in enumerate(items) if isinstance(item, str))
            return items
        assert isinstance(node, MappingNode)
        return self.mapping(node, path)

    def mapping(self, node: MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag != _STR:
                raise _Refused("yaml-syntax", "a mapping key must be plain text", key_node)
            key = intern(key_node.value)  # a plan's files repeat the same few dozen keys: keep one copy of each
            if key in result:
                self.duplicate(node, key_node, path)
                continue
            result[key] = self.value(value_node, (*path, key))
        return result

    def duplicate(self, node: MappingNode, key_node: Node, path: YamlPath) -> None:
        first = next(k for k, _ in node.value if k.value == key_node.value)
        line, column = self.pos(key_node)
        self.findings.append(Diagnostic(
            "duplicate-key", Severity.ERROR, self.file, line, column, _dotted(path, key_node.value),
            f"key {key_node.value!r} appears twice in this mapping",
            f"the first is at line {self.pos(first)[0]}; keep one of them"))


def _dotted(path: YamlPath, key: PathPart) -> str:
    from psmctl.diagnostics import format_path

    return format_path((*path, key))


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text of a file, or a finding that points at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(
            "encoding", Severity.ERROR, file, line, column, "",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 (most editors: 'Save with encoding')")]


def _tab_findings(text: str, file: str, line_offset: int) -> list[Diagnostic]:
    findings = []
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        column = line.find("\t")
        if column >= 0:
            findings.append(Diagnostic(
                "tab", Severity.WARNING, file, number, column + 1, "",
                "tab character", "replace the tab with spaces"))
    return findings


def _flow_nesting_too_deep(text: str) -> bool:
    # libyaml composes flow collections recursively in C: refuse absurd nesting
    # before it reaches the parser rather than risk the stack.
    if text.count("[") + text.count("{") < MAX_FLOW_NESTING:
        return False
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest >= MAX_FLOW_NESTING


def parse_text(text: str, file: str, line_offset: int = 0) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse YAML text into a YamlDocument; problems come back as findings."""
    findings = _tab_findings(text, file, line_offset) if "\t" in text else []
    if len(text) > MAX_BYTES or _flow_nesting_too_deep(text):
        findings.append(Diagnostic("too-large", Severity.ERROR, file, 1 + line_offset, 1, "",
                                   "the file is too large or too deeply nested to be a plan file"))
        return None, findings
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        findings.append(Diagnostic("yaml-syntax", Severity.ERROR, file, line + line_offset, column, "",
                                   f"YAML syntax: {problem}", _syntax_hint(problem)))
        return None, findings
    except yaml.YAMLError as exc:
        findings.append(Diagnostic("yaml-syntax", Severity.ERROR, file, 1 + line_offset, 1, "",
                                   f"YAML syntax: {exc}"))
        return None, findings
    if node is None:
        findings.append(Diagnostic("empty-file", Severity.ERROR, file, 1 + line_offset, 1, "",
                                   "the document is empty", "start with `kind:` and the required keys"))
        return None, findings
    doc = YamlDocument(data=None, source=text, line_offset=line_offset, _root=None)
    # Without '&' no anchor exists, so no node can be shared: skip the bookkeeping.
    walker = _Walker(doc, file, line_offset, track_aliases="&" in text)
    try:
        doc.data = walker.value(node, ())
        doc.longest_text = walker.longest
    except _Refused as refused:
        line, column = walker.pos(refused.node)
        findings.append(Diagnostic(refused.code, Severity.ERROR, file, line, column, "",
                                   refused.message, refused.hint))
        return None, findings
    findings.extend(walker.findings)
    if not isinstance(doc.data, dict):
        line, column = walker.pos(node)
        findings.append(Diagnostic("not-a-mapping", Severity.ERROR, file, line, column, "",
                                   "a plan file must be a mapping of keys to values",
                                   "start with `kind:` and the keys of that kind"))
        return None, findings
    if any(f.severity is Severity.ERROR for f in walker.findings):
        return None, findings
    return doc, findings


def _syntax_hint(problem: str) -> str | None:
    if "tab" in problem:
        return "indent with spaces, never tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "quote a value that starts with @ or `"
    return None
