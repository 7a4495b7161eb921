"""Starter org files, one per design, that pass `orglint check` as written.

Each starter is a commented YAML file in `starters/`; it goes through ruamel.yaml's
round-trip loader and dumper so that a change (the org's name) keeps every comment in place.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from ruamel.yaml import YAML

SCHEMA_URL = "https://orglint.dev/schemas/org-v1.schema.json"
SCHEMA_FILE = Path("schemas") / "org-v1.schema.json"

STARTERS = Path(__file__).resolve().parent / "starters"
DESIGNS = ("embedded", "central", "pillar", "consultant", "rnd")  # starters/DESIGN.yaml


def schema_ref(target: Path) -> str:
    """A relative path to the repository's schema when one is found upwards, else the URL."""
    folder = target.resolve().parent
    for parent in (folder, *folder.parents):
        if (parent / SCHEMA_FILE).is_file():
            return Path(os.path.relpath(parent / SCHEMA_FILE, folder)).as_posix()
    return SCHEMA_URL


def starter(design: str, name: str | None = None, schema: str = SCHEMA_URL) -> str:
    yaml = YAML()  # round-trip: comments and flow lists stay as written
    yaml.width = 120
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load((STARTERS / f"{design}.yaml").read_text(encoding="utf-8"))
    if name:
        doc["org"]["name"] = name
    out = io.StringIO()
    yaml.dump(doc, out)
    return f"# yaml-language-server: $schema={schema}\n" + out.getvalue()
