"""Backstage software catalog -> org v1: Group -> team, User -> person, model and data
Components/Resources/AiResources -> models and data, each at its line in the catalog file."""

from __future__ import annotations

from orglint.read.parse import Limits, Reader
from orglint.sources.backstage_entities import Mapper
from orglint.sources.backstage_refs import Entry, Ref, envelope, parse_ref, recognise
from orglint.sources.common import Builder, Mapped
from orglint.sources.settings import BackstageSettings

__all__ = ["Ref", "parse_ref", "read_catalog", "recognise"]


def read_catalog(
    files: list[tuple[str, bytes]],
    settings: BackstageSettings,
    limits: Limits,
    builder: Builder,
) -> tuple[Mapped, list[str]]:
    """Map every entity of ``files``; also return the paths that could not be parsed."""
    mapped = Mapped()
    broken: list[str] = []
    entries: list[Entry] = []
    for path, data in files:
        reader = Reader(path, limits, multi=True)
        docs = reader.read(data)
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
