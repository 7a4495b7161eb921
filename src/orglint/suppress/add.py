"""`orglint check --add-suppressions`: write an ignore comment for every current finding.

A careful line edit rather than a YAML round-trip: ruamel.yaml's round-trip re-indents
sequences, re-flows long flow lists and normalises quotes, and adopting a linter must not
reformat the file. Each comment goes at the end of the entity's `- id:` line (or on its
own line just above when that line already has a comment); nothing else changes, and the
result is re-parsed to prove the data is the same.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from orglint.read.parse import Limits, Reader, unpack
from orglint.write import write_file

PLACEHOLDER = "TODO: reason"


@dataclass
class Added:
    per_file: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.per_file.values())

    def summary(self) -> str:
        total = sum(self.per_file.values())
        lines = [f"orglint: {problem}" for problem in self.problems]
        if not total:
            lines.append("No suppression comments added: no unsuppressed finding can take one.")
        else:
            files = ", ".join(f"{path} ({n})" for path, n in self.per_file.items() if n)
            lines.append(
                f"Added {total} suppression comment{'s' if total != 1 else ''} "
                f"in {files}. Replace each `{PLACEHOLDER}` with why the finding is "
                "accepted."
            )
        return "\n".join(lines)


def comment(codes: list[str], kind: str = "ignore") -> str:
    return f"# orglint: {kind}[{','.join(codes)}] -- {PLACEHOLDER}"


def add_suppressions(results) -> Added:
    """For each result's unsuppressed, non-ORG, non-SUP findings, write the comments."""
    wanted: dict[str, dict[int, list[str]]] = {}  # path -> line of `- id:` -> codes
    whole: dict[str, list[str]] = {}  # path -> codes for a `file-ignore`
    sources: dict[str, tuple[str, bytes]] = {}  # real path -> (shown path, bytes)
    for result in results:
        org = result.org
        for doc in result.loaded.documents:
            if doc.source == "roster":  # a CSV has no comments: nothing is written into it
                continue
            sources.setdefault(os.path.realpath(doc.path), (doc.path, doc.text))
        for f in result.findings:
            if f.suppressed is not None or f.code.startswith(("ORG", "SUP")):
                continue
            entity = org.entities.get(f.entity) if f.entity is not None else None
            if entity is not None:
                key = os.path.realpath(entity.path)
                codes = wanted.setdefault(key, {}).setdefault(unpack(entity.node.start)[0], [])
            else:
                codes = whole.setdefault(os.path.realpath(f.path), [])
            for code in (f.code, *f.covers):  # a merged finding: each code it stands for
                if code not in codes:
                    codes.append(code)
    added = Added()
    for real in sorted(set(wanted) | set(whole), key=lambda r: sources.get(r, (r,))[0]):
        if real not in sources:
            continue
        shown, data = sources[real]
        lines = wanted.get(real, {})
        new = edit(data, lines, whole.get(real, []))
        if new is None:
            added.problems.append(
                f"{shown}: could not add comments without changing the data; add them by hand"
            )
            continue
        # stops (exit 2) if the file was saved since it was read: that edit must not be lost
        write_file(shown, new, what="org file", expected=data)
        added.per_file[shown] = len(lines) + (1 if whole.get(real) else 0)
    return added


def edit(data: bytes, lines: dict[int, list[str]], file_codes: list[str]) -> bytes | None:
    """``data`` with the comments added, or None when no placement keeps the data equal."""
    for above in (False, True):
        new = _place(data, lines, file_codes, above)
        if _same(data, new):
            return new
    return None


def _place(data: bytes, wanted: dict[int, list[str]], file_codes: list[str], above: bool) -> bytes:
    lines = data.splitlines(keepends=True)
    head = data[:4096]
    default_eol = (
        b"\r\n" if b"\r\n" in head else b"\n" if b"\n" in head or b"\r" not in head else b"\r"
    )
    for number in sorted(wanted, reverse=True):
        text = lines[number - 1]
        body = text.rstrip(b"\r\n")
        eol = text[len(body) :]
        note = comment(sorted(wanted[number])).encode()
        if above or b"#" in body:
            indent = body[: len(body) - len(body.lstrip(b" \t"))]
            lines.insert(number - 1, indent + note + (eol or default_eol))
        else:
            lines[number - 1] = body + b"  " + note + eol
    if file_codes:
        head = comment(sorted(file_codes), "file-ignore").encode() + default_eol
        if lines and lines[0].startswith(b"\xef\xbb\xbf"):
            lines[0] = lines[0][3:]
            head = b"\xef\xbb\xbf" + head
        lines.insert(0, head)
    return b"".join(lines)


def _same(old: bytes, new: bytes) -> bool:
    before, after = Reader("old", Limits()), Reader("new", Limits())
    return before.read(old) == after.read(new) and len(before.findings) == len(after.findings)
