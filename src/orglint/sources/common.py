"""What every source shares: ids normalised for matching, org v1 nodes built with positions
in the source file, and the facts a source cannot express.

A source maps its documents to the same `YMap`/`YList` shape an org v1 file has, so that
validation, resolution and the rules run unchanged; every position in those nodes points
into the source file where the value was written.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from orglint.findings import Finding, Location
from orglint.read.parse import YList, YMap, pack

Spot = tuple[int, int, int]  # key start, value start, value end (packed line << 32 | column)
Span = tuple[int, int]  # item start, item end

TOP = pack(1, 1)
_NOT_ID = re.compile(r"[^a-z0-9._-]+")
_PLAIN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}\Z")  # already an org v1 id

# A fact a source cannot express, and the rules that need it: they wait (not evaluated) on
# an org whose sources lack the fact, instead of reporting its absence.
FACT_RULES: dict[str, tuple[str, ...]] = {
    # who reports to whom: cycles, tops, spans, derived membership and the peers it brings
    "reporting-lines": ("STR001", "STR002", "STR003", "STR005", "ARC005"),
    # people's skills: every rule that asks whether a team has or reaches a skill
    "skills": (
        "OWN003",
        "OWN004",
        "DEP001",
        "MON002",
        "SKL001",
        "SKL002",
        "SKL003",
        "SKL004",
        "SKL005",
        "SKL006",
        "COL002",
        "ARC005",
        "ARC006",
    ),
    # a GitHub team grants access to repositories; it says nothing of who works together
    "work-teams": ("STR004", "STR005"),
    # some people's team is not recorded (a roster row with an empty department)
    "membership": ("STR005",),
}
WHERE_WRITTEN = {
    "reporting-lines": "`reports_to` in org v1, the `orglint.dev/reports-to` annotation of a "
    "Backstage User, or a manager column of a roster",
    "skills": "`skills` in org v1, the `orglint.dev/skills` annotation of a Backstage User, or "
    "a skills or title column of a roster",
    "work-teams": "teams in org v1, Backstage Groups, or a roster's department column",
    "membership": "a department for every row of the roster, or `members` in org v1",
}


def waiting_rules(unknown: set[str] | frozenset[str]) -> dict[str, str]:
    """Rule code -> the unknown fact it waits for."""
    out: dict[str, str] = {}
    for fact in sorted(unknown):
        for code in FACT_RULES.get(fact, ()):
            out.setdefault(code, fact)
    return out


@lru_cache(maxsize=1 << 16)  # a login or group is named many times (members, refs)
def normalise_id(text: str) -> str:
    """A source's id as an org v1 id: `Daniel_Gwyn` -> `daniel_gwyn`, `loïc` -> `loic`,
    `Team A` -> `team-a`. Two written ids that normalise alike are one id (ORG003)."""
    if _PLAIN.match(text):
        return text
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    ident = _NOT_ID.sub("-", folded).strip("._-")[:64]
    if not ident:  # nothing ASCII in it: keep it distinct and valid
        ident = "id-" + "-".join(f"{ord(c):x}" for c in text[:10])
    return ident


class Builder:
    """Builds org v1 nodes whose positions are given, all in one positions table."""

    def __init__(self) -> None:
        self.table: array = array("Q")

    def map(self, start: int, end: int, entries: list[tuple[str, object, Spot]]) -> YMap:
        node = YMap()
        node.refused = None
        node._table = self.table
        node._at = len(self.table)
        self.table.extend((start, end))
        for key, value, spot in entries:
            if key in node:
                continue
            node[key] = value
            self.table.extend(spot)
        return node

    def list(self, start: int, end: int, items: Sequence[tuple[object, Span]]) -> YList:
        node = YList()
        node._table = self.table
        node._at = len(self.table)
        self.table.extend((start, end))
        for value, span in items:
            node.append(value)
            self.table.extend(span)
        return node


@dataclass
class Mapped:
    """What a source gives the pipeline for one or more of its files."""

    people: list[YMap] = field(default_factory=list)
    teams: list[YMap] = field(default_factory=list)
    data: list[YMap] = field(default_factory=list)
    models: list[YMap] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)
    written: dict[str, str] = field(default_factory=dict)  # normalised id -> as written
    # where the source reported a value itself: validation's ORG002 there is not repeated
    reported: set[tuple[str, int, int]] = field(default_factory=set)
    org_name: str | None = None
    files: dict[int, str] = field(default_factory=dict)  # id(entity node) -> its file

    def add(self, section: str, node: YMap, path: str) -> None:
        getattr(self, section).append(node)
        self.files[id(node)] = path

    def note_written(self, ident: str, written: str) -> None:
        if ident != written:
            self.written.setdefault(ident, written)

    def report(self, finding: Finding) -> None:
        self.findings.append(finding)
        loc = finding.location
        self.reported.add((loc.path, loc.line, loc.column))


def document_root(
    builder: Builder, mapped: Mapped, root_name: str | None, spot: Span = (TOP, TOP)
) -> YMap:
    """The org v1 document of one source file: its sections, and for a root `version`+`org`."""
    entries: list[tuple[str, object, Spot]] = []
    whole = (TOP, *spot)
    if root_name is not None:
        org = builder.map(spot[0], spot[1], [("name", root_name, whole)])
        entries += [("version", 1, whole), ("org", org, whole)]
    for section in ("people", "teams", "data", "models"):
        items = getattr(mapped, section)
        if items:
            listed = builder.list(TOP, TOP, [(item, (item.start, item.end)) for item in items])
            entries.append((section, listed, (TOP, TOP, TOP)))
    return builder.map(TOP, TOP, entries)


def show_written(findings: list[Finding], written: dict[str, str], paths: set[str]) -> None:
    """Messages at a source file (``paths``) quote ids as the source wrote them
    (`Daniel_Gwyn`), not as normalised; in org v1 files the normalised id is what to write."""
    if not written:
        return

    def swap(match: re.Match) -> str:
        return f"`{written.get(match.group(1), match.group(1))}`"

    for finding in findings:
        if finding.path not in paths or SPELLINGS in finding.message:
            continue
        if "`" in finding.message:
            finding.message = _QUOTED.sub(swap, finding.message)


SPELLINGS = "whatever their capitals"  # a message that quotes two spellings on purpose
_QUOTED = re.compile(r"`([a-z0-9][a-z0-9._-]*)`")


def at(path: str, start: int, end: int | None = None) -> Location:
    from orglint.read.load import location

    return location(path, start, end)
