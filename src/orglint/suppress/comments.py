"""Suppression comments in the YAML (`# orglint: ignore[...] -- reason`).

Comments are not in libyaml's event stream, so the file bytes are scanned for
`orglint:` with ``bytes.find`` (a 100 MB org without suppressions costs one pass in C)
and each comment is tied to the entity whose lines hold it. See docs/suppressions.md.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from orglint.findings import Finding, Location, is_org_code
from orglint.read.parse import YMap, unpack

MARKER = b"orglint:"
_DIRECTIVE = re.compile(r"(file-ignore|ignore)\s*\[([^\]]*)\]\s*(.*)\Z")
_KINDS = {"person": "person", "team": "team", "data": "data asset", "model": "model"}


@dataclass
class Directive:
    """One `# orglint: ...` comment."""

    path: str
    line: int
    column: int  # of the `#`, 1-based characters
    end_column: int
    text: str  # the comment, from `#`
    raw_line: str  # the whole line
    line_end: int  # byte offset of the line's end
    own_line: bool  # nothing but the comment on its line
    kind: str = ""  # ignore | file-ignore | "" when not understood
    tokens: list[str] = field(default_factory=list)
    reason: str | None = None  # None: no reason after ` -- `
    targets: list[str] = field(default_factory=list)  # ids of the entities it covers
    span: tuple[int, int] = (0, 0)  # lines of its first entity, for findings without one
    codes: dict[str, str] = field(default_factory=dict)  # token -> code it suppresses
    used: set[str] = field(default_factory=set)  # tokens that suppressed something

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column, self.line, self.end_column)

    @property
    def entity(self) -> str | None:
        return self.targets[0] if self.targets else None


def scan(data: bytes, path: str) -> list[Directive]:
    """Every `# orglint:` comment of a file, in order."""
    found = []
    line, counted = 1, 0
    pos = data.find(MARKER)
    while pos != -1:
        # lines as editors count them: LF, CRLF and a lone CR end one
        start = max(data.rfind(b"\n", 0, pos), data.rfind(b"\r", 0, pos)) + 1
        ends = [e for e in (data.find(b"\n", pos), data.find(b"\r", pos)) if e != -1]
        end = min(ends) if ends else len(data)
        line += (
            data.count(b"\n", counted, start)
            + data.count(b"\r", counted, start)
            - data.count(b"\r\n", counted, start)
        )
        counted = start
        directive = _comment(data[start:end].rstrip(b"\r"), pos - start, path, line, end)
        if directive is not None:
            found.append(directive)
        pos = data.find(MARKER, end)
    return found


def _comment(raw: bytes, at: int, path: str, line: int, line_end: int) -> Directive | None:
    """The directive whose `orglint:` is at byte ``at`` of the line ``raw``, if in a comment."""
    hash_at = raw.rfind(b"#", 0, at)
    if hash_at == -1 or raw[hash_at + 1 : at].strip(b" \t"):
        return None  # `orglint:` in a value, or in a comment that merely mentions it
    if hash_at and raw[hash_at - 1 : hash_at] not in (b" ", b"\t"):
        return None  # not a comment: YAML needs a space before `#`
    before = raw[:hash_at].decode("utf-8", "replace")
    if _in_quotes(before):
        return None
    text = raw[hash_at:].decode("utf-8", "replace").rstrip()
    directive = Directive(
        path,
        line,
        len(before) + 1,
        len(before) + len(text) + 1,
        text,
        before + text,
        line_end,
        own_line=not before.strip(),
    )
    match = _DIRECTIVE.match(raw[at + len(MARKER) :].decode("utf-8", "replace").strip())
    if match:
        directive.kind = match.group(1)
        directive.tokens = [t.strip() for t in match.group(2).split(",") if t.strip()]
        rest = match.group(3).strip()
        if rest.startswith("--") and rest[2:].strip():
            directive.reason = rest[2:].strip()
    return directive


def _in_quotes(text: str) -> bool:
    """Whether the end of ``text`` is inside a quoted scalar (one-line scalars)."""
    quote = None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote is None:
            if ch in "\"'" and (i == 0 or text[i - 1] in " \t[{:,-"):
                quote = ch
        elif ch == "\\" and quote == '"':
            i += 1
        elif ch == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i += 1
            else:
                quote = None
        i += 1
    return quote is not None


class _FileEntities:
    """The entities written in one file, by first line."""

    def __init__(self, entities: list[tuple[int, str, YMap]]):
        entities.sort(key=lambda e: e[0])
        self.starts = [e[0] for e in entities]
        self.entities = entities

    def starting_at(self, line: int) -> list[tuple[int, str, YMap]]:
        lo, hi = bisect.bisect_left(self.starts, line), bisect.bisect_right(self.starts, line)
        return self.entities[lo:hi]

    def holding(self, line: int, raw_line: str) -> list[tuple[int, str, YMap]]:
        """Entities whose lines include ``line`` (several only in a one-line flow list)."""
        hi = bisect.bisect_right(self.starts, line)
        if not hi:
            return []
        lo = bisect.bisect_left(self.starts, self.starts[hi - 1])
        return [e for e in self.entities[lo:hi] if _holds(e[2], line, raw_line)]


def _holds(node: YMap, line: int, raw_line: str) -> bool:
    end_line, end_col = unpack(node.end)
    if line != end_line:
        return line < end_line
    # A block mapping ends where the next token starts (the next `- id:` or key), so that
    # line is not its own; a flow mapping ends right after its `}` on its last line.
    return bool(raw_line[: end_col - 1].strip())


def _span(node: YMap) -> tuple[int, int]:
    start = unpack(node.start)[0]
    end = unpack(node.end)[0]
    return start, max(start, end - 1)


def _below(data: bytes, directive: Directive, table: _FileEntities) -> list:
    """For a comment on its own line: the entities whose `- id:` line follows it, after any
    further comment lines (so a reason may wrap), unless the comment is indented like the
    body of the entity above (then it is that one's)."""
    pos, line = _next_line(data, directive.line_end), directive.line
    while pos <= len(data):
        ends = [e for e in (data.find(b"\n", pos), data.find(b"\r", pos)) if e != -1]
        end = min(ends) if ends else len(data)
        line += 1
        stripped = data[pos:end].strip()
        if not stripped.startswith(b"#"):
            if not stripped:
                return []
            return [e for e in table.starting_at(line) if directive.column < unpack(e[2].start)[1]]
        pos = _next_line(data, end)
    return []


def _next_line(data: bytes, end: int) -> int:
    """Where the line after the one ending at ``end`` starts (LF, CRLF or a lone CR)."""
    return end + (2 if data[end : end + 2] == b"\r\n" else 1)


def _describe(org, ident: str) -> str:
    entity = org.entities.get(ident)
    return f"{_KINDS.get(entity.kind, entity.kind)} `{ident}`" if entity else f"`{ident}`"


def directives(loaded, org) -> list[Directive]:
    """Every suppression comment of the org, tied to its entities (``targets``) when it is
    an `ignore`."""
    per_file = [
        (doc, scan(doc.text, doc.path))
        for doc in loaded.documents
        if doc.text and MARKER in doc.text
    ]
    per_file = [(doc, found) for doc, found in per_file if found]
    if not per_file:
        return []
    grouped: dict[str, list] = {doc.path: [] for doc, _ in per_file}
    for ident, entity in org.entities.items():
        if entity.path in grouped and isinstance(entity.node, YMap):
            grouped[entity.path].append((unpack(entity.node.start)[0], ident, entity.node))
    tables = {p: _FileEntities(v) for p, v in grouped.items()}
    out = []
    for doc, found in per_file:
        table = tables[doc.path]
        for d in found:
            if d.kind == "ignore":
                held = _below(doc.text, d, table) if d.own_line else []
                held = held or table.holding(d.line, d.raw_line)
                d.targets = [ident for _, ident, _ in held]
                if held:
                    d.span = _span(held[0][2])
            out.append(d)
    return out


def apply(
    findings: list[Finding], loaded, org, selected: dict, severity: dict, rules: dict | None = None
) -> list[Finding]:
    """Mark the findings that suppression comments cover (``finding.suppressed`` = the
    reason) and report the comments' own problems as SUP001/SUP002."""
    found = directives(loaded, org)
    if not found:
        return findings
    rules = rules or selected
    by_name = {rule.name: code for code, rule in rules.items()}
    first_keys = {
        doc.path: unpack(doc.root.start)[0]
        for doc in loaded.documents
        if isinstance(doc.root, YMap) and doc.root
    }
    problems: list[tuple[str, Directive, str]] = []
    by_entity: dict[str, list[Directive]] = {}
    by_file: dict[str, list[Directive]] = {}
    loose: dict[str, list[Directive]] = {}  # by path, for findings without an entity
    active: list[Directive] = []
    for d in found:
        if not d.kind:
            problems.append(
                (
                    "SUP002",
                    d,
                    f"`{d.text}` is not a suppression orglint understands: "
                    "write `# orglint: ignore[CODE,...] -- reason` on an entity's lines",
                )
            )
            continue
        if d.kind == "file-ignore":
            if d.path in first_keys and d.line >= first_keys[d.path]:
                problems.append(
                    (
                        "SUP002",
                        d,
                        "`file-ignore` works only in the comments at the "
                        "top of the file, before the first key: move it there, or use "
                        "`ignore[...]` on an entity's lines",
                    )
                )
                continue
            by_file.setdefault(d.path, []).append(d)
        elif not d.targets:
            problems.append(
                (
                    "SUP002",
                    d,
                    "this suppression is on no entity's lines, so it "
                    "suppresses nothing: put it on the entity's `- id:` line (or use "
                    "`file-ignore[...]` at the top of the file)",
                )
            )
            continue
        else:
            for ident in d.targets:
                by_entity.setdefault(ident, []).append(d)
            loose.setdefault(d.path, []).append(d)
        active.append(d)
        if d.reason is None:
            problems.append(
                (
                    "SUP001",
                    d,
                    f"`{d.text}` gives no reason: add ` -- ` and why the "
                    "finding is accepted (the suppression still applies)",
                )
            )
        if not d.tokens:
            problems.append(
                (
                    "SUP002",
                    d,
                    f"`{d.text}` names no rule: list codes or names "
                    "in the brackets, e.g. `ignore[MON001]`",
                )
            )
        for token in d.tokens:
            code = token.upper() if token.upper() in rules else by_name.get(token)
            if code is None:
                problems.append(
                    (
                        "SUP002",
                        d,
                        f"`{token}` names no rule, so it suppresses "
                        "nothing: fix the code or name (see `orglint rule --all`)",
                    )
                )
            elif is_org_code(code):
                problems.append(
                    (
                        "SUP002",
                        d,
                        f"{code} cannot be suppressed: ORG findings report "
                        "broken input; fix the file instead",
                    )
                )
            elif code.startswith("SUP"):
                problems.append(
                    (
                        "SUP002",
                        d,
                        f"{code} cannot be suppressed by a comment: turn "
                        f'it off with `ignore = ["{code}"]` in the configuration',
                    )
                )
            elif code in selected:
                d.codes[token] = code
            # a rule this run does not evaluate is not judged: it may fire in other runs

    for f in findings:
        if f.suppressed is not None or f.code.startswith(("ORG", "SUP")):
            continue
        if f.entity is not None:
            near = by_entity.get(f.entity, ())
        else:
            line = f.location.line
            near = [d for d in loose.get(f.path, ()) if d.span[0] <= line <= d.span[1]]
        reason = None
        for d in (*near, *by_file.get(f.path, ())):
            for token, code in d.codes.items():
                if code == f.code:
                    d.used.add(token)
                    if reason is None:
                        reason = d.reason or "no reason given"
        if reason is not None:
            f.suppressed = reason

    for d in active:
        for token, code in d.codes.items():
            if token not in d.used:
                where = (
                    "this file"
                    if d.kind == "file-ignore"
                    else " or ".join(_describe(org, t) for t in d.targets)
                )
                problems.append(
                    (
                        "SUP002",
                        d,
                        f"`{token}` suppresses nothing: {code} "
                        f"({rules[code].name}) did not fire on {where}; remove it from "
                        "the comment",
                    )
                )

    out = list(findings)
    for code, d, message in problems:
        rule = selected.get(code)
        if rule is not None:
            out.append(
                Finding(
                    code,
                    rule.name,
                    severity.get(code, rule.severity),
                    message,
                    d.location,
                    d.entity,
                )
            )
    return out
