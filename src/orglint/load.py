"""Stage 1: files -> documents with positions, following `include` inside the org's folder."""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from orglint.findings import Finding, Location, org_finding
from orglint.yamlread import Limits, Reader, YList, YMap, unpack

ROOT_ONLY_KEYS = ("version", "org", "include")
_ROOT_MARKER = re.compile(rb"^version[ \t]*:", re.MULTILINE)


@dataclass
class Document:
    path: str  # as the user gave it (relative stays relative)
    root: object  # YMap normally; anything else is reported by the model stage
    text: bytes = b""
    is_root: bool = True
    parsed: bool = True  # False when ORG001 stopped the reading


@dataclass
class Loaded:
    """All files of one organisation, the root first, includes in glob order."""

    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """False when some file could not be read, so its ids are unknown."""
        return all(d.parsed for d in self.documents) and not any(
            f.code == "ORG005" for f in self.findings)

    def sources(self) -> dict[str, bytes]:
        return {d.path: d.text for d in self.documents}


def location(path: str, start: int, end: int | None = None) -> Location:
    line, col = unpack(start)
    if end is None:
        return Location(path, line, col)
    end_line, end_col = unpack(end)
    return Location(path, line, col, end_line, end_col)


def read_document(path: str, data: bytes, limits: Limits, is_root: bool = True) -> tuple[Document, list[Finding]]:
    reader = Reader(path, limits)
    root = reader.read(data)
    parsed = not reader.findings or root is not None
    return Document(path, root, data, is_root, parsed), reader.findings


def is_root_file(data: bytes) -> bool:
    """A root has a top-level `version:` key (ORG-FORMAT.md, `orglint check DIR`)."""
    return _ROOT_MARKER.search(data) is not None


def load_org(path: str, limits: Limits | None = None, data: bytes | None = None) -> Loaded:
    """Load the root file at ``path`` and every file it includes."""
    limits = limits or Limits()
    loaded = Loaded()
    if data is None:
        data, problem = _read_bytes(Path(path), limits)
        if problem:
            loaded.findings.append(org_finding("ORG005", f"cannot read `{path}`: {problem}",
                                               Location(path, 1, 1)))
            loaded.documents.append(Document(path, None, b"", True, False))
            return loaded
    doc, findings = read_document(path, data, limits)
    loaded.documents.append(doc)
    loaded.findings.extend(findings)
    if isinstance(doc.root, YMap) and "include" in doc.root:
        _follow_includes(doc, Path(path), limits, loaded)
    return loaded


def _read_bytes(path: Path, limits: Limits) -> tuple[bytes, str | None]:
    try:
        size = path.stat().st_size
        if size > limits.max_file_size:
            return b"", (f"the file has {size:,} bytes, more than the limit of "
                         f"{limits.max_file_size:,} (limits.max-file-size)")
        with open(path, "rb") as handle:
            return handle.read(limits.max_file_size + 1), None
    except IsADirectoryError:
        return b"", "it is a folder"
    except OSError as exc:
        return b"", exc.strerror or type(exc).__name__


def _follow_includes(doc: Document, path: Path, limits: Limits, loaded: Loaded) -> None:
    root = doc.root
    globs = root["include"]
    kstart, vstart, vend = root.pos["include"]
    if not isinstance(globs, YList) or not all(isinstance(g, str) for g in globs):
        loaded.findings.append(org_finding(
            "ORG002", "`include` must be a list of file globs, e.g. `include: [teams/*.yaml]`",
            location(doc.path, vstart, vend), field="include"))
        return
    base = path.parent
    base_real = base.resolve()
    seen = {path.resolve()}
    display_base = os.path.dirname(doc.path)
    count = 0
    for pattern, (gstart, gend) in zip(globs, globs.pos):
        where = location(doc.path, gstart, gend)

        def problem(message: str, where: Location = where) -> None:
            loaded.findings.append(org_finding("ORG005", message, where, field="include"))

        if os.path.isabs(pattern) or pattern.startswith("~"):
            problem(f"include `{pattern}` is an absolute path; includes are relative to "
                    f"the root file's folder and must stay inside it")
            continue
        if ".." in Path(pattern).parts:
            problem(f"include `{pattern}` leads outside the org's folder with `..`; "
                    "includes must stay inside the root file's folder")
            continue
        matches = sorted(glob.glob(pattern, root_dir=base, recursive=True))
        files = [m for m in matches if not (base / m).is_dir()]
        if not files:
            problem(f"include `{pattern}` matches no file (relative to "
                    f"`{display_base or '.'}`); fix the glob or remove it")
            continue
        for match in files:
            real = (base / match).resolve()
            if not real.is_relative_to(base_real):
                problem(f"include `{pattern}` matches `{match}`, which leads outside the "
                        "org's folder (a symlink?); includes must stay inside it")
                continue
            if real in seen:
                continue
            seen.add(real)
            count += 1
            if count > limits.max_includes:
                problem(f"more than {limits.max_includes:,} included files (limits.max-includes)")
                return
            shown = os.path.normpath(os.path.join(display_base, match))
            data, error = _read_bytes(base / match, limits)
            if error:
                problem(f"cannot read included file `{shown}`: {error}")
                loaded.documents.append(Document(shown, None, b"", False, False))
                continue
            inc, findings = read_document(shown, data, limits, is_root=False)
            loaded.findings.extend(findings)
            loaded.documents.append(inc)
            if isinstance(inc.root, YMap):
                for key in ROOT_ONLY_KEYS:
                    if key in inc.root:
                        kpos = inc.root.pos[key][0]
                        extra = (" (nested includes are not allowed: list every file in the "
                                 "root's `include`)") if key == "include" else ""
                        loaded.findings.append(org_finding(
                            "ORG005", f"an included file cannot have `{key}`; only the root file "
                            f"`{doc.path}` has it{extra}", location(shown, kpos), field=key))
