"""YAML bytes -> plain dicts and lists that remember where each value was written.

Built straight from libyaml's event stream (no node tree): it is the fastest safe path
(see YAML-LOADING-FACTS.md), it never constructs tagged objects, and it lets every
limit (depth, nodes, alias expansion) be enforced *before* libyaml's composer or a
recursive walk could crash or run away.

Positions are packed into one int, ``line << 32 | column`` (both 1-based), to keep a
100k-person org small in memory.
"""

from __future__ import annotations

import gc
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

import yaml
from yaml._yaml import CParser  # libyaml; a pure-Python parser is never used on this path

from orglint.findings import Finding, Location, org_finding

if TYPE_CHECKING:
    from yaml._yaml import Mark as _CMark

_T = TypeVar("_T")


def pack(line: int, column: int) -> int:
    return line << 32 | column


def unpack(pos: int) -> tuple[int, int]:
    return pos >> 32, pos & 0xFFFFFFFF


class _MapPositions:
    """``key -> (key_start, value_start, value_end)``, also for keys written but refused
    (a duplicate, a bad tag): those are in ``pos`` but not in the mapping."""

    __slots__ = ("_node",)

    def __init__(self, node: YMap):
        self._node = node

    def __getitem__(self, key: str) -> tuple[int, int, int]:
        node = self._node
        if key in node:
            for i, name in enumerate(node):
                if name == key:
                    at = node._at + 2 + 3 * i
                    return cast("tuple[int, int, int]", tuple(node._table[at : at + 3]))
        if node.refused and key in node.refused:
            return node.refused[key]
        raise KeyError(key)

    def get(self, key: str, default: _T | None = None) -> tuple[int, int, int] | _T | None:
        return self[key] if key in self else default  # noqa: SIM401 (this is the get)

    def __contains__(self, key: object) -> bool:
        node = self._node
        return key in node or bool(node.refused and key in node.refused)

    def __iter__(self) -> Iterator[str]:
        yield from self._node
        yield from self._node.refused or ()

    def __len__(self) -> int:
        return len(self._node) + len(self._node.refused or ())

    def items(self) -> list[tuple[str, tuple[int, int, int]]]:
        return [(key, self[key]) for key in self]


class _ListPositions:
    """``i -> (item_start, item_end)``."""

    __slots__ = ("_node",)

    def __init__(self, node: YList):
        self._node = node

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        node = self._node
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(node)))]
        if index < 0:
            index += len(node)
        if not 0 <= index < len(node):
            raise IndexError(index)
        at = node._at + 2 + 2 * index
        return node._table[at], node._table[at + 1]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        table, at = self._node._table, self._node._at + 2
        for i in range(len(self._node)):
            yield table[at + 2 * i], table[at + 2 * i + 1]

    def __len__(self) -> int:
        return len(self._node)


class _Node:
    """Where a mapping or list was written: ``start`` and ``end`` (packed), and ``pos``."""

    # Positions live in one array per file (``_table``, from ``_at``: start, end, then the
    # children's, three per key or two per item), not in a tuple of ints per key: that was
    # 60% of the memory of a loaded org, and memory is what makes a million-person org slow.
    __slots__ = ()
    _positions: type
    # declared in the subclasses' __slots__
    _at: int
    _table: array[int]

    @property
    def start(self) -> int:
        return self._table[self._at]

    @property
    def end(self) -> int:
        return self._table[self._at + 1]

    @property
    def pos(self) -> object:  # narrowed in YMap and YList
        return self._positions(self)


class YMap(_Node, dict[str, Any]):
    """A mapping; ``pos[key] = (key_start, value_start, value_end)``. ``refused`` is None, or
    the keys that were written but refused (a duplicate, a bad tag) with their positions."""

    __slots__ = ("_at", "_table", "refused")
    _positions = _MapPositions
    refused: dict[str, tuple[int, int, int]] | None

    if TYPE_CHECKING:

        @property
        def pos(self) -> _MapPositions: ...


class YList(_Node, list[Any]):
    """A sequence; ``pos[i] = (item_start, item_end)``."""

    __slots__ = ("_at", "_table")
    _positions = _ListPositions

    if TYPE_CHECKING:

        @property
        def pos(self) -> _ListPositions: ...


@dataclass
class Limits:
    # The defaults keep any input under 1 GB of memory (docs/robustness.md): the costliest
    # input, people with nothing but an id, takes ~600 bytes a node through every stage.
    # A realistic 100k-person org has ~1.4M nodes and 14 MB; a larger one raises these.
    max_file_size: int = 64 * 1024 * 1024  # bytes
    max_nodes: int = 1_500_000  # of all of one org's files together
    max_alias_expansion: int = 100_000  # nodes reached through aliases
    max_depth: int = 100  # an org file needs about 6
    max_scalar_length: int = 1024 * 1024  # characters in one value
    max_includes: int = 10_000  # files one root may include
    max_org_size: int = 64 * 1024 * 1024  # bytes of all of one org's files together

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.replace("_", "-") for f in cls.__dataclass_fields__]


_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    "!",
    _STD + "str",
    _STD + "int",
    _STD + "float",
    _STD + "bool",
    _STD + "null",
    _STD + "map",
    _STD + "seq",
}
_WORDS = {
    "null": None,
    "Null": None,
    "NULL": None,
    "~": None,
    "": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT8 = re.compile(r"0o[0-7]+\Z")
_INT16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_NUMERIC_START = frozenset("0123456789+-.")


def resolve_plain(text: str) -> str | int | float | bool | None:
    """YAML 1.2 core schema. `yes`/`no`/`on`/`off` stay strings (the YAML 1.1 trap)."""
    if text in _WORDS:
        return _WORDS[text]
    if text[0] not in _NUMERIC_START:
        return text
    if _INT.match(text):
        try:
            return int(text)
        except ValueError:  # over Python's 4,300-digit limit: still a number, if a huge one
            return float(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) or _INF.match(text) or _NAN.match(text):
        return float(
            text.replace(".inf", "inf")
            .replace(".Inf", "inf")
            .replace(".INF", "inf")
            .replace(".nan", "nan")
            .replace(".NaN", "nan")
            .replace(".NAN", "nan")
        )
    return text


_TAG_TYPES = {
    _STD + "int": int,
    _STD + "float": float,
    _STD + "bool": bool,
    _STD + "null": type(None),
}


class _Abort(Exception):
    pass


class Reader:
    """One pass over libyaml events; collects ORG001 findings instead of raising."""

    def __init__(self, path: str, limits: Limits, multi: bool = False):
        self.path = path
        self.limits = limits
        self.multi = multi  # several `---` documents (a Backstage file): read() returns a list
        self.findings: list[Finding] = []
        self.too_deep = False  # orglint's own depth limit was reached
        self.nodes = 0  # nodes counted so far: set it to share one budget between files
        self._started_with = 0
        self._lines: _Lines | None = None
        self._refused: list[YMap] = []

    def error(
        self, message: str, line: int, column: int, end_line: int = 0, end_col: int = 0
    ) -> None:
        if self._lines is not None:
            line, column = self._lines.fix(line, column)
            if end_line:
                end_line, end_col = self._lines.fix(end_line, end_col)
        loc = Location(self.path, max(line, 1), max(column, 1), end_line, end_col)
        self.findings.append(org_finding("ORG001", message, loc))

    def error_pos(self, message: str, pos: int) -> None:
        self.error(message, *unpack(pos))

    def error_at(self, message: str, mark: yaml.Mark | _CMark) -> None:
        self.error(message, mark.line + 1, mark.column + 1)

    def read(self, data: bytes) -> Any:  # a YAML value (a list of them when ``multi``)
        """Return the document's root value (None for an empty file)."""
        text_ok = self._check_encoding(data)
        if not text_ok:
            return None
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if any(mark in data for mark in _ODD_BREAKS):
            self._lines = _Lines(data.decode("utf-8"))
        enabled = gc.isenabled()
        gc.disable()  # many small objects, no cycles: collecting mid-load costs 2-3x
        try:
            root = self._events(data)
            if self._lines is not None:
                self._fix_positions()
            return root
        except _Abort:
            return None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            assert mark is not None  # libyaml's errors always have one
            if self._deeper_than_limit(data, mark):
                return None
            message = _yaml_message(exc, self._lines)
            line_text = _nth_line(data, mark.line)
            if "\t" in line_text[: mark.column + 1] and "tab" not in message:
                message += "; indent with spaces: YAML does not allow tabs for indentation"
            self.error(message, mark.line + 1, mark.column + 1)
            return None
        except yaml.reader.ReaderError as exc:
            line, col = _line_col(data, exc.position)
            what = (
                "a NUL byte"
                if exc.character == 0
                else f"the control character U+{exc.character:04X}"
            )
            self.error(
                f"the file contains {what}, which YAML does not allow; "
                "remove it (is this a binary file?)",
                line,
                col,
            )
            return None
        finally:
            if enabled:
                gc.enable()

    def _deeper_than_limit(self, data: bytes, mark: yaml.Mark) -> bool:
        """libyaml refuses deep flow nesting by itself (at a depth its version chooses) while
        scanning ahead, before orglint sees the events. When it stopped at a flow opener, read
        the text before that opener again: orglint's own limit, if lower, then speaks, at
        the line and column where it is crossed, whatever libyaml's version."""
        line_start = 0
        for _ in range(mark.line):
            line_start = data.find(b"\n", line_start) + 1
            if line_start == 0:
                return False
        line = data[line_start:].split(b"\n", 1)[0].decode("utf-8", errors="replace")
        offset = line_start + len(line[: mark.column].encode("utf-8"))
        if data[offset : offset + 1] not in (b"[", b"{"):
            return False
        again = Reader(self.path, self.limits)
        again._lines = self._lines
        try:
            again._events(data[:offset])
        except (_Abort, yaml.YAMLError):
            pass
        if not again.too_deep:
            return False
        self.findings.extend(again.findings)
        self.too_deep = True
        return True

    def _fix_positions(self) -> None:
        """libyaml ends a line at NEL, U+2028 and U+2029 too; editors do not."""
        assert self._lines is not None
        fix = self._lines.fix_packed
        table = self._table
        for i in range(len(table)):
            table[i] = fix(table[i])
        for node in self._refused:
            assert node.refused is not None  # only nodes with refused keys are listed
            node.refused = {
                k: cast("tuple[int, int, int]", tuple(map(fix, v))) for k, v in node.refused.items()
            }

    def _in_org(self) -> str:
        return " in the org's files together" if self._started_with else ""

    def _check_encoding(self, data: bytes) -> bool:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.error("the file is UTF-16; org files must be UTF-8: re-save it as UTF-8", 1, 1)
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, col = _line_col(data, exc.start)
            self.error(
                f"the file is not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line} "
                "cannot be decoded; re-save the file as UTF-8",
                line,
                col,
            )
            return False
        return True

    def _events(self, data: bytes) -> Any:
        limits = self.limits
        max_depth, max_nodes = limits.max_depth, limits.max_nodes
        max_alias, max_scalar = limits.max_alias_expansion, limits.max_scalar_length
        parser = CParser(data)
        get_event: Callable[[], Any] = parser.get_event  # events are told apart by class
        ScalarEvent, AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
        MappingStartEvent, SequenceStartEvent = yaml.MappingStartEvent, yaml.SequenceStartEvent
        MappingEndEvent, SequenceEndEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent
        DocumentStartEvent, StreamEndEvent = yaml.DocumentStartEvent, yaml.StreamEndEvent
        allowed_tags = _ALLOWED_TAGS
        words, numeric_start = _WORDS, _NUMERIC_START
        resolve = resolve_plain

        # A frame is [container, key, key_start, discard, anchor, weight_at_start, bad, start,
        # positions]. ``key`` is _NOKEY while a mapping waits for its next key; ``positions``
        # (an array) collects the children's, to be copied to ``table`` when the container ends.
        stack: list[list[Any]] = []
        table = self._table = array("Q")
        names: dict[str, str] = {}  # one str object per distinct key, not one per use
        anchors: dict[str, list[Any]] = {}  # name -> [value, weight, complete]
        self._started_with = self.nodes
        root = None
        roots: list[Any] = []
        documents = 0
        nodes = self.nodes
        expanded = 0
        weight = 0  # nodes + alias expansions, to size anchored subtrees
        value: Any
        container: YMap | YList
        anchored: list[Any] | None

        while True:
            ev = get_event()
            cls = ev.__class__
            if cls is ScalarEvent:
                nodes += 1
                weight += 1
                sm = ev.start_mark
                em = ev.end_mark
                text = ev.value
                bad = False
                tag = ev.tag
                if ev.implicit[0] and tag is None and ev.style == "":
                    if text in words:
                        value = words[text]
                    elif text[0] in numeric_start:
                        value = resolve(text)
                    else:
                        value = text
                elif tag is None or tag == "!" or tag == _STD + "str":
                    value = text
                else:
                    value, bad = self._tagged_scalar(ev)
                if len(text) > max_scalar:
                    self.error(
                        f"a value of {len(text):,} characters exceeds the limit of "
                        f"{max_scalar:,} (limits.max-scalar-length)",
                        sm.line + 1,
                        sm.column + 1,
                    )
                    bad = True
                if ev.anchor is not None:
                    anchors[ev.anchor] = [value, 1, True]
                vs = (sm.line + 1) << 32 | (sm.column + 1)
                ve = (em.line + 1) << 32 | (em.column + 1)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                nodes += 1
                weight += 1
                if len(stack) >= max_depth:
                    self.too_deep = True
                    self.error_at(
                        f"nesting deeper than {max_depth} levels "
                        "(limits.max-depth); an org file needs only a few",
                        ev.start_mark,
                    )
                    raise _Abort
                if cls is MappingStartEvent:
                    container = YMap()
                    container.refused = None
                else:
                    container = YList()
                sm = ev.start_mark
                bad = False
                if ev.tag is not None and ev.tag not in allowed_tags:
                    self._bad_tag(ev)
                    bad = True
                frame = [
                    container,
                    _NOKEY,
                    0,
                    False,
                    ev.anchor,
                    weight,
                    bad,
                    (sm.line + 1) << 32 | (sm.column + 1),
                    array("Q"),  # 8 bytes a position, not a list of 36-byte ints
                ]
                if ev.anchor is not None:
                    anchors[ev.anchor] = [container, 0, False]
                stack.append(frame)
                if nodes > max_nodes:
                    self.error_at(
                        f"more than {max_nodes:,} YAML nodes{self._in_org()} (limits.max-nodes)",
                        sm,
                    )
                    self.nodes = nodes  # spent: an org's later files are not read
                    raise _Abort
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                value = frame[0]
                em = ev.end_mark
                vs = frame[7]
                ve = (em.line + 1) << 32 | (em.column + 1)
                value._table = table
                value._at = len(table)
                table.append(vs)
                table.append(ve)
                table.extend(frame[8])
                if nodes > max_nodes:  # a long flat list starts no container to check at
                    self.error_pos(
                        f"more than {max_nodes:,} YAML nodes{self._in_org()} "
                        "(limits.max-nodes), "
                        "counted up to the end of the list or mapping that starts "
                        "here",
                        vs,
                    )
                    self.nodes = nodes
                    raise _Abort
                bad = frame[6]
                if frame[4] is not None:
                    anchored = anchors[frame[4]]
                    anchored[1] = weight - frame[5] + 1
                    anchored[2] = True
            elif cls is AliasEvent:
                sm = ev.start_mark
                anchored = anchors.get(ev.anchor)
                if anchored is None:
                    self.error_at(
                        f"alias `*{ev.anchor}` names no anchor: define "
                        f"`&{ev.anchor}` before using it",
                        sm,
                    )
                    value, bad = None, True
                elif not anchored[2]:
                    self.error_at(
                        f"alias `*{ev.anchor}` refers to a node that contains it "
                        "(a recursive alias); write the value out instead",
                        sm,
                    )
                    value, bad = None, True
                else:
                    value, bad = anchored[0], False
                    expanded += anchored[1]
                    weight += anchored[1]
                    if expanded > max_alias:
                        self.error_at(
                            f"alias `*{ev.anchor}` brings the nodes reached through "
                            f"aliases past {max_alias:,} (limits.max-alias-expansion); "
                            "is this an alias bomb?",
                            sm,
                        )
                        raise _Abort
                em = ev.end_mark
                vs = (sm.line + 1) << 32 | (sm.column + 1)
                ve = (em.line + 1) << 32 | (em.column + 1)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1 and not self.multi:
                    self.error_at(
                        "a second YAML document starts here (`---`); an org file holds "
                        "one document: split it into files and use `include`",
                        ev.start_mark,
                    )
                    raise _Abort
                continue
            elif cls is StreamEndEvent:
                parser.dispose()
                self.nodes = nodes
                return roots if self.multi else root
            else:
                continue

            # Attach ``value`` (start ``vs``, end ``ve``) to its parent.
            if not stack:
                root = value
                roots.append(value)
                continue
            top = stack[-1]
            parent = top[0]
            if parent.__class__ is YMap:
                key = top[1]
                if key is _NOKEY:
                    if cls is not ScalarEvent:
                        self.error_pos(
                            "a key must be a plain string, not a list, mapping or alias", vs
                        )
                        top[1], top[2], top[3] = _BADKEY, vs, True
                        continue
                    key = names.setdefault(ev.value, ev.value)  # compared as written: `1:` is "1"
                    if key == "<<" and ev.style == "":
                        self.error_pos(
                            "YAML merge keys (`<<`) are not supported in org files: "
                            "write the keys out (see docs/format.md)",
                            vs,
                        )
                        top[1], top[2], top[3] = key, vs, True
                        continue
                    if key in parent or (parent.refused and key in parent.refused):
                        first = self._line_of(
                            cast("dict[str, tuple[int, int, int]]", parent.refused)[key][0]
                            if key not in parent  # so it is in parent.refused
                            else top[8][3 * list(parent).index(key)]
                        )
                        self.error_pos(
                            f"duplicate key `{key}` (first written at line {first}); "
                            "the first value is used: remove one of them",
                            vs,
                        )
                        top[1], top[2], top[3] = key, vs, True
                        continue
                    top[1], top[2], top[3] = key, vs, bad
                    continue
                if not top[3] and not bad:
                    parent[key] = value
                    top[8].extend((top[2], vs, ve))
                elif (
                    key.__class__ is str
                    and key not in parent
                    and (not parent.refused or key not in parent.refused)
                ):
                    # written but refused: later stages must not also call it missing
                    if parent.refused is None:
                        parent.refused = {}
                        self._refused.append(parent)
                    parent.refused[key] = (top[2], vs, ve)
                top[1] = _NOKEY
            else:
                if not bad:
                    parent.append(value)
                    top[8].extend((vs, ve))

    def _line_of(self, pos: int) -> int:
        return unpack(self._lines.fix_packed(pos) if self._lines is not None else pos)[0]

    def _tagged_scalar(self, ev: Any) -> tuple[str | int | float | bool | None, bool]:
        tag = ev.tag
        if tag not in _ALLOWED_TAGS:
            self._bad_tag(ev)
            return None, True
        value = resolve_plain(ev.value) if ev.value else None
        wanted = _TAG_TYPES.get(tag)
        if (
            wanted is not None
            and type(value) is not wanted
            and not (wanted is float and type(value) is int)
        ):
            self.error_at(
                f"`{ev.value}` is not a valid `!!{tag[len(_STD) :]}` value", ev.start_mark
            )
            return None, True
        if wanted is float and type(value) is int:
            value = float(value)
        return value, False

    def _bad_tag(self, ev: Any) -> None:
        tag = ev.tag
        shown = "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag
        self.error_at(
            f"the tag `{shown}` is not allowed: org files are plain data and orglint "
            "never constructs tagged objects; remove the tag",
            ev.start_mark,
        )


_NOKEY = object()
_BADKEY = object()
_ODD_BREAKS = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")  # NEL, U+2028, U+2029
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class _Lines:
    """libyaml's lines -> the lines an editor shows. Both end a line at LF, CRLF and a lone
    CR; libyaml also at NEL, U+2028 and U+2029, which editors show inside a line."""

    def __init__(self, text: str):
        self.line = array("L", [1])  # per libyaml line: the editor's line
        self.shift = array("L", [0])  # and the characters before it on that line
        line, line_start = 1, 0
        for match in _BREAKS.finditer(text):
            if match.group() in "\x85\u2028\u2029":
                self.line.append(line)
                self.shift.append(match.end() - line_start)
            else:
                line, line_start = line + 1, match.end()
                self.line.append(line)
                self.shift.append(0)

    def fix(self, line: int, column: int) -> tuple[int, int]:
        """1-based libyaml (line, column) -> 1-based editor (line, column)."""
        if not 1 <= line <= len(self.line):
            return line, column
        return self.line[line - 1], self.shift[line - 1] + column

    def fix_packed(self, pos: int) -> int:
        line, column = self.fix(pos >> 32, pos & 0xFFFFFFFF)
        return line << 32 | column


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """The editor's line and column of byte ``offset`` (LF, CRLF and a lone CR end lines)."""
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    line = (
        data.count(b"\n", 0, line_start)
        + data.count(b"\r", 0, line_start)
        - data.count(b"\r\n", 0, line_start)
        + 1
    )
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _nth_line(data: bytes, index: int) -> str:
    start = 0
    for _ in range(index):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return ""
    end = data.find(b"\n", start)
    return data[start : end if end >= 0 else len(data)].decode("utf-8", errors="replace")


def _yaml_message(exc: yaml.MarkedYAMLError, lines: _Lines | None = None) -> str:
    problem = (exc.problem or "malformed YAML").replace("<stream end>", "end of file")
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None:
        ctx = exc.context.replace("while ", "")
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        if lines is not None:
            line, column = lines.fix(line, column)
        message += f" ({ctx} that starts at line {line}, column {column})"
    if "found unexpected end of stream" in (exc.problem or "") or (
        "quoted scalar" in (exc.context or "") and "escape" not in (exc.problem or "")
    ):
        message += "; is a closing quote missing?"
    return message
