"""Backstage software catalog -> org v1: Group -> team, User -> person, model and data
Components/Resources/AiResources -> models and data, each at its line in the catalog file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orglint.read.parse import Limits, Reader
from orglint.sources.backstage_entities import Mapper
from orglint.sources.backstage_refs import Entry, Ref, envelope, parse_ref, recognise
from orglint.sources.common import Builder, Mapped
from orglint.sources.settings import BackstageSettings

if TYPE_CHECKING:
    from orglint.read.load import Loaded

__all__ = ["Ref", "parse_ref", "read_catalog", "recognise"]


def read_catalog(
    files: list[tuple[str, bytes]],
    settings: BackstageSettings,
    limits: Limits,
    builder: Builder,
    spent: Loaded | None = None,
) -> tuple[Mapped, list[str]]:
    """Map every entity of ``files``; also return the paths that could not be parsed.
    The files share the org's node budget (``spent``)."""
    mapped = Mapped()
    broken: list[str] = []
    entries: list[Entry] = []
    for path, data in files:
        if spent is not None and spent.nodes > limits.max_nodes:  # one ORG001 said so
            broken.append(path)
            continue
        reader = Reader(path, limits, multi=True)
        if spent is not None:
            reader.nodes = spent.nodes
        docs = reader.read(data)
        if spent is not None:
            spent.nodes = reader.nodes
        mapped.findings.extend(reader.findings)
        if docs is None:
            broken.append(path)
            continue
        for doc in docs:
            entry = envelope(path, doc, mapped)
            if entry is not None:
                entries.append(entry)
    Mapper(entries, settings, mapped, builder).run()
    return mapped, broken
