"""Sources: org data kept elsewhere (a Backstage catalog, a GitHub org config, an HR roster
CSV), read where it is and mapped to org v1 documents whose positions point into the
source files. Recognised by content, not by file name."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from orglint.findings import Finding
from orglint.read.parse import Limits, YList, YMap
from orglint.sources import backstage, peribolos, roster
from orglint.sources.common import FACT_RULES, Builder, Mapped, document_root, show_written
from orglint.sources.settings import SourceSettings

if TYPE_CHECKING:
    from orglint.read.load import Loaded

__all__ = ["FACT_RULES", "SourceSettings", "kind_of", "load_included", "load_root"]

_MAX_UP = 20


def kind_of(
    path: str, data: bytes, settings: SourceSettings | None = None, named: bool = False
) -> str | None:
    """`backstage`, `github` (an org config), `github-teams` (a SIG `teams.yaml`), `roster`,
    or None for anything else (an org v1 file among them). A CSV file ``named`` on the
    command line or in an `include` is a roster even when its header does not fit (then
    that is what its ORG002 says); found in a folder, it must fit."""
    settings = settings or SourceSettings()
    if path.lower().endswith(".csv"):
        return "roster" if named or roster.recognise(data, settings.roster) else None
    if re.search(rb"^version[ \t]*:", data, re.MULTILINE):
        return None
    if backstage.recognise(data):
        return "backstage"
    found = peribolos.recognise(data)
    if found == "org":
        return "github"
    if found == "teams":
        return "github-teams"
    return None


def _read(path: str, limits: Limits) -> bytes | None:
    """A regular file's bytes within the size limit (a pipe or a device is never opened)."""
    from orglint.read.load import read_file

    data, problem = read_file(Path(path), limits)
    return None if problem or data is None else data


def catalog_files(
    folder: str, limits: Limits, spent: Loaded | None = None
) -> tuple[list[tuple[str, bytes]], list[Finding]]:
    """Every Backstage catalog file under ``folder``, in walk order, inside it (a symlink
    out is left out), while the org's files together stay within `limits.max-org-size`;
    also an ORG001 for each catalog file not read: one over `limits.max-file-size` (known
    by its start), and the one that would have passed the org's budget (no file after it
    is read). Other YAML files are looked at, not kept, and cost nothing."""
    from orglint.read.load import Loaded, read_file

    spent = spent if spent is not None else Loaded()
    inside = os.path.realpath(folder) + os.sep
    out: list[tuple[str, bytes]] = []
    refused: list[Finding] = []
    for path in _walk(folder, (".yaml", ".yml")):
        if not os.path.realpath(path).startswith(inside):
            continue
        data, problem = read_file(Path(path), limits)
        if problem:
            continue
        if data is None:
            if backstage.recognise(_start(path)):
                refused.append(_too_big(path, limits, None))
            continue
        if not backstage.recognise(data):
            continue
        if spent.bytes_read + len(data) > limits.max_org_size:
            spent.org_budget_binds = True
            refused.append(_too_big(path, limits, spent))
            break
        spent.bytes_read += len(data)
        out.append((path, data))
    return out, refused


def _start(path: str) -> bytes:
    """The first 64 KiB of a regular file (where a catalog file says what it is)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(1 << 16)
    except OSError:
        return b""


def _too_big(path: str, limits: Limits, spent: Loaded | None) -> Finding:
    from orglint.read.load import too_big

    return too_big(path, limits, spent)


def _walk(folder: str, suffixes: tuple[str, ...]) -> list[str]:
    """The files under ``folder`` as discovery walks (sorted, bounded depth, iterative, no
    symlinked folder)."""
    from orglint.read.discover import yaml_files

    return [os.path.normpath(path) for path in yaml_files(folder, suffixes)]


def map_files(
    kind: str,
    path: str,
    data: bytes | list,
    limits: Limits,
    settings: SourceSettings,
    spent: Loaded | None = None,
) -> tuple[Mapped, list[tuple[str, bytes]], list[str], Builder]:
    """Map one source (a root: for a catalog, ``path`` is its folder) to entities; also the
    files it read and those that could not be parsed. ``spent`` is the org's byte and node
    budgets, shared by all its files."""
    builder = Builder()
    if isinstance(data, list):  # the catalog files an org v1 root includes
        files = data
        mapped, broken = backstage.read_catalog(files, settings.backstage, limits, builder, spent)
        return mapped, files, broken, builder
    if kind == "backstage":
        refused: list[Finding] = []
        if os.path.isdir(path):
            files, refused = catalog_files(path, limits, spent)
        else:
            files = [(path, data)]
        mapped, broken = backstage.read_catalog(files, settings.backstage, limits, builder, spent)
        for finding in refused:  # its ORG001, and a document not parsed: the rules wait
            mapped.findings.append(finding)
            files.append((finding.location.path, b""))
            broken.append(finding.location.path)
        return mapped, files, broken, builder
    if kind in ("github", "github-teams"):
        mapped = Mapped()
        mapped.unknown |= {"reporting-lines", "skills", "work-teams"}
        config = peribolos.Config(settings.github, builder, mapped)
        files = [(path, data)]
        broken = (
            []
            if config.read(path, data, limits, "org" if kind == "github" else "teams", spent)
            else [path]
        )
        if kind == "github":
            for extra in peribolos.team_files(path):
                from orglint.read.load import read_file

                shown = os.path.normpath(extra)
                more, problem = read_file(Path(extra), limits, spent)
                if problem:
                    continue
                if more is None:  # over a limit: its ORG001, and the rules wait
                    mapped.findings.append(_too_big(shown, limits, spent))
                    files.append((shown, b""))
                    broken.append(shown)
                    if spent is not None and spent.org_budget_binds:
                        break  # the org's budget is spent: no later file is read
                    continue
                files.append((shown, more))
                if not config.read(shown, more, limits, "teams", spent):
                    broken.append(shown)
        return mapped, files, broken, builder
    mapped = roster.read_roster(path, data, settings.roster, builder)
    return mapped, [(path, data)], [], builder


def documents(
    kind: str,
    path: str,
    data: bytes | list,
    limits: Limits,
    settings: SourceSettings,
    is_root: bool,
    spent: Loaded | None = None,
):
    """The org v1 documents of a source, one per file read: each entity goes into the
    document of the file it was written in, so its positions are that file's."""
    from orglint.read.load import Document

    mapped, files, broken, builder = map_files(kind, path, data, limits, settings, spent)
    by_file: dict[str, Mapped] = {p: Mapped() for p, _ in files}
    for section in ("people", "teams", "data", "models"):
        for node in getattr(mapped, section):
            owner = mapped.files.get(id(node), files[0][0] if files else path)
            getattr(by_file.setdefault(owner, Mapped()), section).append(node)
    docs = []
    name = mapped.org_name or _default_name(path)
    for index, (file, text) in enumerate(files):
        root_name = name if is_root and index == 0 else None
        root = document_root(builder, by_file[file], root_name)
        first = is_root and index == 0
        docs.append(Document(file, root, text, first, file not in broken, kind))
    if is_root and not files:
        root = document_root(builder, Mapped(), name)
        docs.append(Document(path, root, b"", True, True, kind))
    return docs, mapped


def _default_name(path: str) -> str:
    base = os.path.basename(os.path.normpath(path))
    if not os.path.isdir(path):
        base = os.path.splitext(base)[0]
        if base in ("org", "teams", "catalog-info"):
            base = os.path.basename(os.path.dirname(os.path.abspath(path))) or base
    return base or "org"


# -- which files a command line names --------------------------------------------------------


def roots_in(folder: str, limits: Limits | None = None) -> list[str]:
    """Source roots in a folder that holds no org v1 root: the folder itself when it holds a
    Backstage catalog, each GitHub org config, each roster CSV."""
    limits = limits or Limits()
    roots: list[str] = []
    catalog = False
    for path in _walk(folder, (".yaml", ".yml", ".csv")):  # a link out: its ORG005
        data = _read(path, limits)
        if data is None:
            continue
        kind = kind_of(path, data)
        if kind == "backstage":
            catalog = True
        elif kind in ("github", "roster"):
            roots.append(path)
    return ([os.path.normpath(folder)] if catalog else []) + roots


def root_for(path: str) -> str | None:
    """The root a source file given alone belongs to: a catalog file's catalog (the top of
    its repository, else its folder), a `teams.yaml`'s org config, or the file itself."""
    data = _read(path, Limits())
    if data is None:
        return None
    kind = kind_of(path, data)
    if kind in ("github", "roster"):
        return path
    folder = Path(os.path.abspath(path)).parent
    if kind == "backstage":
        top = folder
        for _ in range(_MAX_UP):
            if (top / ".git").exists():
                return _shown(str(top), path)
            if top.parent == top:
                break
            top = top.parent
        return _shown(str(folder), path)
    if kind == "github-teams":
        for _ in range(_MAX_UP):
            for name in ("org.yaml", "org.yml"):
                candidate = folder / name
                if candidate.is_file():
                    return _shown(str(candidate), path)
            if (folder / ".git").exists() or folder.parent == folder:
                break
            folder = folder.parent
    return None


def _shown(found: str, given: str) -> str:
    return found if os.path.isabs(given) else os.path.relpath(found)


# -- after loading ---------------------------------------------------------------------------


def known_in_v1(root: object) -> set[str]:
    """Facts an org v1 document writes, which a source's lack of them does not hide."""
    facts: set[str] = set()
    if not isinstance(root, YMap):
        return facts
    people = root.get("people")
    if isinstance(people, YList):
        for person in people:
            if isinstance(person, YMap):
                if person.get("reports_to") is not None:
                    facts.add("reporting-lines")
                if person.get("skills"):
                    facts.add("skills")
    if isinstance(root.get("teams"), YList) and root["teams"]:
        facts.add("work-teams")
        facts.add("membership")
    return facts


def not_repeated(findings: list[Finding], loaded) -> list[Finding]:
    """Validation's findings less those at a value a source already reported (a Group type
    the mapping does not know is one ORG002, not two)."""
    reported = loaded.reported
    if not reported:
        return findings
    return [
        f for f in findings if (f.location.path, f.location.line, f.location.column) not in reported
    ]


def as_written(findings: list[Finding], loaded) -> None:
    """Quote ids in messages as the sources wrote them."""
    paths = {d.path for d in loaded.documents if d.source is not None}
    show_written(findings, loaded.written, paths)
