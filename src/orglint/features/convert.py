"""`orglint convert`: org data kept in sources -> org v1 files, so a team can move to org v1.

Ids are written normalised (`Daniel_Gwyn` -> `daniel_gwyn`) and the source's own spelling is
kept as `name`. Facts the sources could not express are recorded in the org's
`x-orglint-unknown-facts`, so that `check` on the converted files waits for the same rules
as on the sources.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from orglint.config import Config
from orglint.errors import UsageError
from orglint.findings import Finding
from orglint.read.load import load_org, read_file
from orglint.read.parse import YList, YMap
from orglint.sources import kind_of
from orglint.sources.common import FACT_RULES

SECTIONS = ("people", "teams", "data", "models")
UNKNOWN_KEY = "x-orglint-unknown-facts"


@dataclass
class Converted:
    files: dict[str, str] = field(default_factory=dict)  # path -> YAML text
    problems: list[Finding] = field(default_factory=list)  # ORG findings of the sources
    counts: dict[str, int] = field(default_factory=dict)


def plain(value: object) -> object:
    """YMap/YList -> dict/list for the YAML writer."""
    if isinstance(value, YMap):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, YList):
        return [plain(v) for v in value]
    return value


def convert(sources: list[str], output: str, config: Config, split: bool = False) -> Converted:
    out = Converted()
    sections: dict[str, list[dict]] = {s: [] for s in SECTIONS}
    unknown: set[str] = set()
    name = None
    for source in sources:
        data = None
        if not os.path.isdir(source):
            data, problem = read_file(Path(source), config.limits)  # bounded, regular files
            if problem or data is None:
                raise UsageError(f"`{source}`: cannot read it ({problem or 'over the size limit'})")
            if kind_of(source, data, config.sources) is None:
                raise UsageError(
                    f"`{source}` is not a source orglint reads (a Backstage catalog, a GitHub "
                    "org config, a roster CSV with a known header); see docs/sources.md"
                )
        loaded = load_org(source, config.limits, data, config.sources)
        out.problems.extend(loaded.findings)
        unknown |= loaded.unknown_facts
        for doc in loaded.documents:
            root = doc.root
            if not isinstance(root, YMap):
                continue
            if name is None and isinstance(root.get("org"), YMap):
                name = root["org"].get("name")
            for section in SECTIONS:
                for entity in root.get(section) or ():
                    item = plain(entity)
                    assert isinstance(item, dict)
                    written = loaded.written.get(item.get("id", ""))
                    if written and "name" not in item:
                        item = {"id": item["id"], "name": written, **item}
                    sections[section].append(item)
    header: dict[str, object] = {"version": 1, "org": {"name": name or "org"}}
    if unknown:
        header[UNKNOWN_KEY] = sorted(unknown)
    out.counts = {s: len(v) for s, v in sections.items()}
    if not split:
        out.files[output] = _dump({**header, **{s: v for s, v in sections.items() if v}})
        return out
    folder = os.path.dirname(output)
    stem = os.path.splitext(os.path.basename(output))[0]
    names = {s: f"{stem}-{s}.yaml" for s in SECTIONS if sections[s]}
    out.files[output] = _dump({**header, "include": list(names.values())})
    for section, filename in names.items():
        out.files[os.path.join(folder, filename)] = _dump({section: sections[section]})
    return out


def _dump(document: dict) -> str:
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    if UNKNOWN_KEY in document:
        codes = sorted({c for f in document[UNKNOWN_KEY] for c in FACT_RULES[f]})
        note = textwrap.wrap(
            "Written by `orglint convert`. The sources could not express the facts listed "
            f"in `{UNKNOWN_KEY}`, so the rules that need them wait ({', '.join(codes)}). "
            "Remove a fact from the list once you write it (e.g. `reports_to`).",
            88,
        )
        return "".join(f"# {line}\n" for line in note) + text
    return "# Written by `orglint convert`.\n" + text
