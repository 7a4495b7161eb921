"""Stage 1: files -> documents with positions, following `include` inside the org's folder."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from orglint.findings import Finding, Location, org_finding
from orglint.read.parse import Limits, Reader, YList, YMap, unpack

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
    path: str, data: bytes, limits: Limits, is_root: bool = True
) -> tuple[Document, list[Finding]]:
    reader = Reader(path, limits)
    root = reader.read(data)
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

    validated: dict | None = None  # path -> (document, its validation), to reuse likewise

    def read(
        self, path: Path, limits: Limits, regular: bool = False
    ) -> tuple[bytes | None, str | None]:
        return _read_bytes(path, limits, regular)

    def document(
        self, path: str, data: bytes, limits: Limits, is_root: bool = True
    ) -> tuple[Document, list[Finding]]:
        return read_document(path, data, limits, is_root)


def load_org(
    path: str,
    limits: Limits | None = None,
    data: bytes | None = None,
    settings=None,
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
        data, problem = files.read(Path(path), limits)
        if problem:
            loaded.findings.append(
                org_finding("ORG005", f"cannot read `{path}`: {problem}", Location(path, 1, 1))
            )
            loaded.documents.append(Document(path, None, b"", True, False))
            return loaded
    if data is None or len(data) > limits.max_file_size:
        loaded.findings.append(too_big(path, limits))
        loaded.documents.append(Document(path, None, b"", True, False))
        return loaded
    from orglint import sources

    kind = sources.kind_of(path, data, settings, named=True)
    if kind is not None:
        _add_source(loaded, kind, path, data, limits, settings, True)
        return loaded
    doc, findings = files.document(path, data, limits)
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

    facts = doc.root[UNKNOWN_FACTS]
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


def too_big(path: str, limits: Limits) -> Finding:
    """ORG001 at the top of a file over `limits.max-file-size` (its size may be unknown: a pipe)."""
    limit = limits.max_file_size
    return org_finding(
        "ORG001",
        f"the file is larger than the limit of {limit:,} bytes "
        "(limits.max-file-size); raise the limit in the configuration if this "
        "really is one org file",
        Location(path, 1, 1),
    )


# `check - --stdin-filename PATH`: PATH's bytes come from standard input for this run.
STDIN: dict[Path, bytes] = {}


def _read_bytes(
    path: Path, limits: Limits, regular: bool = False
) -> tuple[bytes | None, str | None]:
    if STDIN and (given := STDIN.get(Path(path).resolve())) is not None:
        return (given if len(given) <= limits.max_file_size else None), None
    try:
        info = path.stat()
        if regular and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            # a pipe or a device would block or never end
            return b"", "it is not a regular file (a pipe or a device?)"
        if info.st_size > limits.max_file_size:  # None: the caller reports it (ORG001)
            return None, None
        with open(path, "rb") as handle:  # no more than the limit from a pipe either
            return handle.read(limits.max_file_size + 1), None
    except IsADirectoryError:
        return b"", "it is a folder"
    except OSError as exc:
        return b"", exc.strerror or type(exc).__name__


MAX_GLOB_VISITS = 500_000  # folder entries one include glob may look at
_MAGIC = re.compile(r"[*?[]")


class TooManyPaths(Exception):
    pass


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop
        return False


def include_glob(base: Path, pattern: str) -> list[str]:
    """What `glob.glob(pattern, root_dir=base, recursive=True)` matches, sorted, except that
    `**` never descends into a symlinked folder and at most MAX_GLOB_VISITS entries are
    looked at: two symlinks `a -> .` and `b -> .` in a repository make the standard glob
    walk 2^40 paths."""
    parts = [p for p in pattern.split("/") if p not in ("", ".")]
    parts = [p for i, p in enumerate(parts) if not (p == "**" and i and parts[i - 1] == "**")]
    last = len(parts) - 1
    found: set[str] = set()
    visits = 0

    def entries(rel: str) -> list[tuple[str, bool, bool]]:
        nonlocal visits
        try:
            with os.scandir(base / rel) as it:
                names = [(e.name, _is_dir(e), e.is_symlink()) for e in it]
        except (OSError, ValueError):
            return []
        visits += len(names) + 1
        if visits > MAX_GLOB_VISITS:
            raise TooManyPaths
        return names

    def match(rel: str, i: int) -> None:
        if i > last:
            if rel:
                found.add(rel)
            return
        part = parts[i]
        if part == "**":
            match(rel, i + 1)  # zero folders
            for name, is_dir, is_link in entries(rel):
                if name.startswith("."):
                    continue
                if is_dir and not is_link:
                    match(os.path.join(rel, name), i)
                elif i == last:
                    found.add(os.path.join(rel, name))
            return
        if not _MAGIC.search(part):
            child = os.path.join(rel, part)
            if os.path.isdir(base / child) if i < last else os.path.lexists(base / child):
                match(child, i + 1)
            return
        hidden_ok = part.startswith(".")
        for name, is_dir, _ in entries(rel):
            if (
                (is_dir or i == last)
                and (hidden_ok or not name.startswith("."))
                and fnmatch.fnmatchcase(name, part)
            ):
                match(os.path.join(rel, name), i + 1)

    match("", 0)
    if pattern.endswith("/"):  # as in glob: folders only
        return sorted(f for f in found if os.path.isdir(base / f))
    return sorted(found)


def _add_source(
    loaded: Loaded,
    kind: str,
    path: str,
    data: bytes | list[tuple[str, bytes]],  # several files of one catalog, for Backstage
    limits: Limits,
    settings,
    is_root: bool,
) -> None:
    from orglint import sources

    docs, mapped = sources.documents(
        kind, path, data, limits, settings or sources.SourceSettings(), is_root
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
    settings=None,
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
    settings,
    catalog: list,
    files: Files,
) -> None:
    from orglint import sources

    root = doc.root
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
        try:
            matches = include_glob(base, pattern)
        except TooManyPaths:
            problem(
                f"include `{pattern}` visits more than {MAX_GLOB_VISITS:,} paths (symlinks "
                "that loop back into the folder?); use a narrower glob"
            )
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
            data, error = files.read(base / match, limits, regular=True)
            if error:
                problem(f"cannot read included file `{shown}`: {error}")
                loaded.documents.append(Document(shown, None, b"", False, False))
                continue
            if data is None or len(data) > limits.max_file_size:
                loaded.findings.append(too_big(shown, limits))
                loaded.documents.append(Document(shown, None, b"", False, False))
                continue
            kind = sources.kind_of(shown, data, settings, named=True)
            if kind == "backstage":  # the included catalog files form one catalog
                catalog.append((shown, data))
                continue
            if kind is not None:
                _add_source(loaded, kind, shown, data, limits, settings, False)
                continue
            inc, findings = files.document(shown, data, limits, is_root=False)
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
