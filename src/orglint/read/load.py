"""Stage 1: files -> documents with positions, following `include` inside the org's folder."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orglint.findings import Finding, Location, org_finding
from orglint.read.parse import Limits, Reader, YList, YMap, unpack
from orglint.write import note_input

if TYPE_CHECKING:
    from orglint.sources.settings import SourceSettings
    from orglint.validate.validation import Validated

ROOT_ONLY_KEYS = ("version", "org", "include")
UNKNOWN_FACTS = "x-orglint-unknown-facts"
_ROOT_MARKER = re.compile(rb"^version[ \t]*:", re.MULTILINE)
_CATALOG_KEYS = (
    re.compile(rb"^apiVersion[ \t]*:", re.MULTILINE),
    re.compile(rb"^kind[ \t]*:", re.MULTILINE),
)
NOT_AN_ORG = (
    "this is not an org file: `apiVersion` and `kind` are the keys of a Backstage or "
    "Kubernetes catalog entity; an org file starts with `version: 1` and "
    "`org: {name: ...}` and lists `people` and `teams` (see docs/format.md)"
)


@dataclass
class Document:
    path: str  # as the user gave it (relative stays relative)
    root: object  # YMap normally; anything else is reported by the model stage
    text: bytes = b""
    is_root: bool = True
    parsed: bool = True  # False when ORG001 stopped the reading
    source: str | None = None  # the source it was mapped from (orglint.sources), if any


@dataclass
class Loaded:
    """All files of one organisation, the root first, includes in glob order."""

    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    missing: bool = False  # an include named files that were not loaded (ORG005)
    # from sources (orglint.sources): facts they cannot express, ids as written, and values
    # they already reported
    unknown_facts: set[str] = field(default_factory=set)
    written: dict[str, str] = field(default_factory=dict)
    reported: set[tuple[str, int, int]] = field(default_factory=set)
    bytes_read: int = 0  # the org's byte budget (limits.max-org-size) spent so far
    nodes: int = 0  # the org's node budget (limits.max-nodes) spent so far
    org_budget_binds: bool = False  # the last file read was limited by max-org-size

    @property
    def complete(self) -> bool:
        """False when some file could not be read, so its ids are unknown. An included file
        that merely has a root-only key (ORG005) was read: it leaves the org complete."""
        return not self.missing and all(d.parsed for d in self.documents)

    def sources(self) -> dict[str, bytes]:
        return {d.path: d.text for d in self.documents}


def location(path: str, start: int, end: int | None = None) -> Location:
    line, col = unpack(start)
    if end is None:
        return Location(path, line, col)
    end_line, end_col = unpack(end)
    return Location(path, line, col, end_line, end_col)


def field_location(path: str, node: YMap, key: str) -> Location:
    """Where ``key``'s value was written: the value itself when it starts on the key's line
    (`deployed_by: it-ops`), the key when the value is a block below it (`kpis:` + items)."""
    kstart, vstart, vend = node.pos[key]
    if vstart >> 32 != kstart >> 32:
        return location(path, kstart, vend)
    return location(path, vstart, vend)


def read_document(
    path: str, data: bytes, limits: Limits, is_root: bool = True, loaded: Loaded | None = None
) -> tuple[Document, list[Finding]]:
    reader = Reader(path, limits)
    if loaded is not None:
        reader.nodes = loaded.nodes  # one node budget for all of an org's files
    root = reader.read(data)
    if loaded is not None:
        loaded.nodes = reader.nodes
    note_input(path)
    parsed = not reader.findings or root is not None
    findings = reader.findings
    if not parsed and (offset := catalog_offset(data)) is not None:
        # e.g. Backstage's multi-document files: say what the file is, not only where YAML stopped
        line = data.count(b"\n", 0, offset) + 1
        findings.append(
            org_finding("ORG002", NOT_AN_ORG, Location(path, line, 1, line, 11), field="apiVersion")
        )
    return Document(path, root, data, is_root, parsed), findings


def catalog_offset(data: bytes) -> int | None:
    """Where `apiVersion:` starts when the file looks like a catalog entity, not an org file."""
    found = _CATALOG_KEYS[0].search(data)
    if found and _CATALOG_KEYS[1].search(data) and not _ROOT_MARKER.search(data):
        return found.start()
    return None


def is_root_file(data: bytes) -> bool:
    """A root has a top-level `version:` key (ORG-FORMAT.md, `orglint check DIR`)."""
    return _ROOT_MARKER.search(data) is not None


class Files:
    """Where the loader gets a file's bytes and its parsed document. The language server
    overrides both: unsaved buffers in place of files, and documents of unchanged files
    reused instead of parsed again."""

    # path -> (document, its validation), to reuse likewise
    validated: dict[str, tuple[Document, Validated]] | None = None

    def read(
        self, path: Path, limits: Limits, loaded: Loaded | None = None
    ) -> tuple[bytes | None, str | None]:
        return _read_bytes(path, limits, loaded)

    def document(
        self,
        path: str,
        data: bytes,
        limits: Limits,
        is_root: bool = True,
        loaded: Loaded | None = None,
    ) -> tuple[Document, list[Finding]]:
        return read_document(path, data, limits, is_root, loaded)


def load_org(
    path: str,
    limits: Limits | None = None,
    data: bytes | None = None,
    settings: SourceSettings | None = None,
    files: Files | None = None,
) -> Loaded:
    """Load the root file at ``path`` and every file it includes (``path`` may also be a
    source: a Backstage catalog folder, a GitHub org config, a roster CSV)."""
    limits = limits or Limits()
    files = files or Files()
    loaded = Loaded()
    if data is None and os.path.isdir(path) and not path.endswith((".yaml", ".yml")):
        _add_source(loaded, "backstage", path, b"", limits, settings, True)
        return loaded
    if data is None:
        if os.path.islink(path) and not Path(os.path.realpath(path)).is_relative_to(
            os.path.realpath(os.path.dirname(path) or ".")
        ):
            # e.g. a pull request adding `org/x.yaml -> ~/.ssh/...`, checked as a changed file
            loaded.findings.append(
                org_finding(
                    "ORG005",
                    f"`{path}` is a symlink to a file outside its folder, which orglint "
                    "does not read: check the file it points to instead",
                    Location(path, 1, 1),
                )
            )
            loaded.documents.append(Document(path, None, b"", True, False))
            return loaded
        data, problem = files.read(Path(path), limits, loaded)
        if problem:
            loaded.findings.append(
                org_finding("ORG005", f"cannot read `{path}`: {problem}", Location(path, 1, 1))
            )
            loaded.documents.append(Document(path, None, b"", True, False))
            return loaded
    else:
        loaded.bytes_read += len(data)
    if data is None or len(data) > limits.max_file_size:
        loaded.findings.append(too_big(path, limits, loaded))
        loaded.documents.append(Document(path, None, b"", True, False))
        return loaded
    from orglint import sources

    kind = sources.kind_of(path, data, settings, named=True)
    if kind is not None:
        _add_source(loaded, kind, path, data, limits, settings, True)
        return loaded
    doc, findings = files.document(path, data, limits, loaded=loaded)
    loaded.documents.append(doc)
    loaded.findings.extend(findings)
    if isinstance(doc.root, YMap) and "include" in doc.root:
        _follow_includes(doc, Path(path), limits, loaded, settings, files)
    if loaded.unknown_facts:
        from orglint import sources

        for other in loaded.documents:  # facts that org v1 files write are known
            if other.source is None:
                loaded.unknown_facts -= sources.known_in_v1(other.root)
    if isinstance(doc.root, YMap) and isinstance(doc.root.get(UNKNOWN_FACTS), YList):
        _declared_unknown(doc, loaded)
    return loaded


def _declared_unknown(doc: Document, loaded: Loaded) -> None:
    """`x-orglint-unknown-facts`: what `orglint convert`'s sources could not express."""
    from orglint.sources.common import FACT_RULES

    root = doc.root
    assert isinstance(root, YMap)  # load_org checked both
    facts = root[UNKNOWN_FACTS]
    assert isinstance(facts, YList)
    for fact, (start, end) in zip(facts, facts.pos):
        if fact in FACT_RULES:
            loaded.unknown_facts.add(fact)
        else:
            loaded.findings.append(
                org_finding(
                    "ORG002",
                    f"`{fact}` is not a fact orglint knows; `{UNKNOWN_FACTS}` lists some of "
                    f"{', '.join(f'`{f}`' for f in FACT_RULES)}",
                    location(doc.path, start, end),
                    field=UNKNOWN_FACTS,
                )
            )


def too_big(path: str, limits: Limits, loaded: Loaded | None = None) -> Finding:
    """ORG001 at the top of a file over `limits.max-file-size`, or over what is left of
    `limits.max-org-size` for the org's files together."""
    if loaded is not None and loaded.org_budget_binds:
        message = (
            f"the org's files together are larger than the limit of "
            f"{limits.max_org_size:,} bytes (limits.max-org-size); raise the limit in the "
            "configuration if this really is one org"
        )
    else:
        message = (
            f"the file is larger than the limit of {limits.max_file_size:,} bytes "
            "(limits.max-file-size); raise the limit in the configuration if this "
            "really is one org file"
        )
    return org_finding("ORG001", message, Location(path, 1, 1))


# `check - --stdin-filename PATH`: PATH's bytes come from standard input for this run.
STDIN: dict[Path, bytes] = {}


def read_file(
    path: Path, limits: Limits, loaded: Loaded | None = None
) -> tuple[bytes | None, str | None]:
    """A file's bytes as the loader reads them: only a regular file, never past the size
    limit nor past what is left of ``loaded``'s byte budget; (None, None) when over it,
    (b"", why not) when it cannot be read."""
    return _read_bytes(path, limits, loaded)


def _read_bytes(
    path: Path, limits: Limits, loaded: Loaded | None = None
) -> tuple[bytes | None, str | None]:
    """The file's bytes, (None, None) when it is over the limit, or (b"", why not).
    Only regular files are opened (a pipe would block, a device never end); nothing past
    the limit is read, nor past what is left of the org's byte budget."""
    budget = limits.max_file_size
    if loaded is not None:
        budget = min(budget, limits.max_org_size - loaded.bytes_read)
        loaded.org_budget_binds = budget < limits.max_file_size
    if STDIN and (given := STDIN.get(Path(path).resolve())) is not None:
        return (given if len(given) <= limits.max_file_size else None), None
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return b"", "it is a folder"
        if not stat.S_ISREG(info.st_mode):
            return b"", NOT_REGULAR
        if info.st_size > budget:  # None: the caller reports it (ORG001)
            return None, None
        # O_NONBLOCK: should the file become a pipe after the stat, opening it cannot hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return b"", NOT_REGULAR
            # no buffer of the limit's size up front (a limit may be 2**40): the file's size
            # then, should it be growing, in steps up to the limit
            data = handle.read(min(budget, info.st_size) + 1)
            while info.st_size < len(data) <= budget:
                more = handle.read(min(budget + 1 - len(data), 1 << 20))
                if not more:
                    break
                data += more
    except OSError as exc:
        return b"", exc.strerror or type(exc).__name__
    if loaded is not None:
        loaded.bytes_read += len(data)
    if len(data) > budget:
        return None, None
    return data, None


NOT_REGULAR = (
    "it is not a regular file (a pipe, a device or a socket); orglint reads only regular files"
)


MAX_GLOB_VISITS = 500_000  # folder entries the include globs of one org may look at
MAX_WALK_DEPTH = 64  # folder levels below the root file's folder an include may reach
_MAGIC = re.compile(r"[*?[]")


class TooManyPaths(Exception):
    pass


class Walk:
    """What the include globs of one org share: a budget of folder entries to look at,
    and the symlinked folders (by their own names) that lead outside and were not entered."""

    def __init__(self, visits: int | None = None):
        self.left = MAX_GLOB_VISITS if visits is None else visits
        self.escapes: list[str] = []
        self.too_deep: list[str] = []


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop
        return False


def include_glob(base: Path, pattern: str, walk: Walk | None = None) -> list[str]:
    """What `glob.glob(pattern, root_dir=base, recursive=True)` matches, sorted, except that
    `**` never descends into a symlinked folder, no folder is entered whose real path
    leaves ``base`` (`walk.escapes` names the link instead), nothing deeper than
    MAX_WALK_DEPTH levels is looked at, and the entries looked at count against
    ``walk``'s budget (TooManyPaths when spent): two symlinks `a -> .` and `b -> .` make
    the standard glob walk 2^40 paths."""
    walk = walk or Walk()
    base_real = os.path.realpath(base)
    parts = [p for p in pattern.split("/") if p not in ("", ".")]
    parts = [p for i, p in enumerate(parts) if not (p == "**" and i and parts[i - 1] == "**")]
    last = len(parts) - 1
    found: set[str] = set()
    reported: set[str] = set()  # once per glob

    def entries(rel: str) -> list[tuple[str, bool, bool]]:
        try:
            with os.scandir(base / rel) as it:
                names = [(e.name, _is_dir(e), e.is_symlink()) for e in it]
        except (OSError, ValueError):
            return []
        walk.left -= len(names) + 1
        if walk.left < 0:
            raise TooManyPaths
        return names

    def may_enter(rel: str, is_link: bool) -> bool:
        if rel.count(os.sep) >= MAX_WALK_DEPTH:
            if rel not in reported:
                reported.add(rel)
                walk.too_deep.append(rel)
            return False
        if is_link:
            real = os.path.realpath(base / rel)
            if os.path.commonpath([real, base_real]) != base_real:
                if rel not in reported:
                    reported.add(rel)
                    walk.escapes.append(rel)
                return False
        return True

    # An explicit stack, not recursion: a folder tree 1,000 levels deep must not crash.
    stack: list[tuple[str, int]] = [("", 0)]
    while stack:
        rel, i = stack.pop()
        if i > last:
            if rel:
                found.add(rel)
            continue
        part = parts[i]
        if part == "**":
            stack.append((rel, i + 1))  # zero folders
            for name, is_dir, is_link in entries(rel):
                if name.startswith("."):
                    continue
                child = os.path.join(rel, name)
                if is_dir and not is_link:
                    if may_enter(child, False):
                        stack.append((child, i))
                elif i == last:
                    found.add(child)
            continue
        if not _MAGIC.search(part):
            child = os.path.join(rel, part)
            if i < last:
                if os.path.isdir(base / child) and may_enter(child, os.path.islink(base / child)):
                    stack.append((child, i + 1))
            elif os.path.lexists(base / child):
                stack.append((child, i + 1))
            continue
        hidden_ok = part.startswith(".")
        for name, is_dir, is_link in entries(rel):
            if (
                (is_dir or i == last)
                and (hidden_ok or not name.startswith("."))
                and fnmatch.fnmatchcase(name, part)
            ):
                child = os.path.join(rel, name)
                if i < last and not may_enter(child, is_link):
                    continue
                stack.append((child, i + 1))

    if pattern.endswith("/"):  # as in glob: folders only
        return sorted(f for f in found if os.path.isdir(base / f))
    return sorted(found)


def _add_source(
    loaded: Loaded,
    kind: str,
    path: str,
    data: bytes | list[tuple[str, bytes]],  # several files of one catalog, for Backstage
    limits: Limits,
    settings: SourceSettings | None,
    is_root: bool,
) -> None:
    from orglint import sources

    docs, mapped = sources.documents(
        kind, path, data, limits, settings or sources.SourceSettings(), is_root, loaded
    )
    loaded.documents.extend(docs)
    loaded.findings.extend(mapped.findings)
    loaded.unknown_facts |= mapped.unknown
    for ident, written in mapped.written.items():
        loaded.written.setdefault(ident, written)
    loaded.reported |= mapped.reported


def _follow_includes(
    doc: Document,
    path: Path,
    limits: Limits,
    loaded: Loaded,
    settings: SourceSettings | None = None,
    files: Files | None = None,
) -> None:
    catalog: list[tuple[str, bytes]] = []
    _include_files(doc, path, limits, loaded, settings, catalog, files or Files())
    if catalog:
        _add_source(loaded, "backstage", catalog[0][0], catalog, limits, settings, False)


def _include_files(
    doc: Document,
    path: Path,
    limits: Limits,
    loaded: Loaded,
    settings: SourceSettings | None,
    catalog: list[tuple[str, bytes]],
    files: Files,
) -> None:
    from orglint import sources

    root = doc.root
    assert isinstance(root, YMap)  # load_org follows the includes of a mapping only
    globs = root["include"]
    _kstart, vstart, vend = root.pos["include"]
    if not isinstance(globs, YList) or not all(isinstance(g, str) for g in globs):
        loaded.findings.append(
            org_finding(
                "ORG002",
                "`include` must be a list of file globs, e.g. `include: [teams/*.yaml]`",
                location(doc.path, vstart, vend),
                field="include",
            )
        )
        return
    base = path.parent
    base_real = base.resolve()
    seen = {path.resolve()}
    display_base = os.path.dirname(doc.path)
    count = 0
    walk = Walk()
    for pattern, (gstart, gend) in zip(globs, globs.pos):
        where = location(doc.path, gstart, gend)

        def problem(message: str, where: Location = where, missing: bool = True) -> None:
            # ``missing``: files the include meant were not loaded, so their ids are unknown
            loaded.missing = loaded.missing or missing
            loaded.findings.append(org_finding("ORG005", message, where, field="include"))

        if os.path.isabs(pattern) or pattern.startswith("~"):
            problem(
                f"include `{pattern}` is an absolute path; includes are relative to "
                f"the root file's folder and must stay inside it"
            )
            continue
        if ".." in Path(pattern).parts:
            problem(
                f"include `{pattern}` leads outside the org's folder with `..`; "
                "includes must stay inside the root file's folder"
            )
            continue
        escapes, too_deep = len(walk.escapes), len(walk.too_deep)
        try:
            matches = include_glob(base, pattern, walk)
        except TooManyPaths:
            problem(
                f"include `{pattern}` brings the paths the includes look at past "
                f"{MAX_GLOB_VISITS:,} (symlinks that loop back into the folder?); use "
                "narrower globs (the remaining includes were not followed)"
            )
            return
        for link in walk.escapes[escapes:]:
            # by the link's own name: nothing of where it leads reaches an output
            problem(
                f"include `{pattern}` goes through `{_shown(link)}`, a symlink that leads "
                "outside the org's folder; includes must stay inside it"
            )
        for folder in walk.too_deep[too_deep:]:
            problem(
                f"include `{pattern}` reaches folders more than {MAX_WALK_DEPTH} levels "
                f"deep (under `{_shown(folder)}`), which orglint does not enter"
            )
        if not matches and (len(walk.escapes) > escapes or len(walk.too_deep) > too_deep):
            continue
        wanted = [m for m in matches if not os.path.isdir(base / m)]
        if not wanted and matches:
            folder = matches[0].replace(os.sep, "/")
            problem(
                f"include `{pattern}` matches only folders (`{folder}`); include the files "
                f"in them with a glob such as `{folder}/*.yaml`"
            )
            continue
        if not wanted:
            problem(
                f"include `{pattern}` matches no file (relative to "
                f"`{display_base or '.'}`); fix the glob or remove it",
                missing=False,
            )
            continue
        for match in wanted:
            try:
                real = (base / match).resolve()
            except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
                problem(
                    f"include `{pattern}` matches `{match}`, a symlink that loops back to "
                    "itself; remove it or point it at a file"
                )
                continue
            if not real.is_relative_to(base_real):
                problem(
                    f"include `{pattern}` matches `{match}`, which leads outside the "
                    "org's folder (a symlink?); includes must stay inside it"
                )
                continue
            if real in seen:
                continue
            seen.add(real)
            count += 1
            if count > limits.max_includes:
                problem(f"more than {limits.max_includes:,} included files (limits.max-includes)")
                return
            shown = os.path.normpath(os.path.join(display_base, match))
            if loaded.nodes > limits.max_nodes:  # one ORG001 said so; the rest wait unread
                loaded.documents.append(Document(shown, None, b"", False, False))
                continue
            data, error = files.read(base / match, limits, loaded)
            if error:
                problem(f"cannot read included file `{shown}`: {error}")
                loaded.documents.append(Document(shown, None, b"", False, False))
                continue
            if data is None:
                loaded.findings.append(too_big(shown, limits, loaded))
                loaded.documents.append(Document(shown, None, b"", False, False))
                continue
            kind = sources.kind_of(shown, data, settings, named=True)
            if kind == "backstage":  # the included catalog files form one catalog
                catalog.append((shown, data))
                continue
            if kind is not None:
                _add_source(loaded, kind, shown, data, limits, settings, False)
                continue
            inc, findings = files.document(shown, data, limits, is_root=False, loaded=loaded)
            loaded.findings.extend(findings)
            loaded.documents.append(inc)
            if isinstance(inc.root, YMap):
                for key in ROOT_ONLY_KEYS:
                    if key in inc.root:
                        kpos = inc.root.pos[key][0]
                        extra = (
                            (
                                " (nested includes are not allowed: list every file in the "
                                "root's `include`)"
                            )
                            if key == "include"
                            else ""
                        )
                        loaded.findings.append(
                            org_finding(
                                "ORG005",
                                f"an included file cannot have `{key}`; only the root file "
                                f"`{doc.path}` has it{extra}",
                                location(shown, kpos),
                                field=key,
                            )
                        )


def _shown(rel: str) -> str:
    shown = rel.replace(os.sep, "/")
    return shown if len(shown) <= 200 else "..." + shown[-200:]
