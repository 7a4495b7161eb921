"""Backstage entities and refs: the envelope every entity has, and `[kind:][namespace/]name`
read with Backstage's defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from orglint.findings import org_finding
from orglint.read.parse import YList, YMap
from orglint.sources.common import Mapped, Spot, at, normalise_id

API_VERSION = re.compile(rb"^apiVersion[ \t]*:[ \t]*['\"]?backstage\.io/", re.MULTILINE)
KIND = re.compile(rb"^kind[ \t]*:", re.MULTILINE)
ANNOTATION = "orglint.dev/"
MODEL_KINDS = ("component", "resource", "airesource")


def recognise(data: bytes) -> bool:
    """A Backstage catalog file: `apiVersion: backstage.io/...` and `kind` at the top level."""
    return API_VERSION.search(data) is not None and KIND.search(data) is not None


@dataclass(frozen=True)
class Ref:
    kind: str | None
    namespace: str
    name: str
    written: str

    @property
    def id(self) -> str:
        return normalise_id(self.name)


def parse_ref(text: str, default_kind: str | None, namespace: str) -> Ref:
    """`[kind:][namespace/]name` as Backstage reads it: the kind defaults to what the field
    names, the namespace to the referring entity's own (`default` when it has none)."""
    kind: str | None = default_kind
    rest = text
    if ":" in rest:
        head, rest = rest.split(":", 1)
        kind = head.lower()
    if "/" in rest:
        namespace, rest = rest.split("/", 1)
    return Ref(kind, namespace.lower(), rest, text)


@lru_cache(maxsize=1 << 16)
def plain_ref(name: str, kind: str, namespace: str) -> Ref:
    """A ref that is only a name (the common case): one Ref per name, shared."""
    return Ref(kind, namespace, name, name)


@dataclass
class Entry:
    """One catalog entity with a valid envelope."""

    kind: str  # lower case
    name: str
    namespace: str
    path: str
    node: YMap
    metadata: YMap
    spec: YMap
    id: str = ""
    section: str = ""  # people | teams | data | models

    def annotation(self, key: str) -> tuple[str, Spot] | None:
        notes = self.metadata.get("annotations")
        full = ANNOTATION + key
        if isinstance(notes, YMap) and isinstance(notes.get(full), str):
            return notes[full], notes.pos[full]
        return None


def envelope(path: str, doc: object, mapped: Mapped) -> Entry | None:
    """The entity, or None with ORG002 when its envelope is broken (not for other APIs)."""
    if not isinstance(doc, YMap):
        return None
    api = doc.get("apiVersion")
    if not (isinstance(api, str) and api.startswith("backstage.io/")):
        return None
    kind = doc.get("kind")
    problem = None
    where = doc.start
    metadata = doc.get("metadata")
    spec = doc.get("spec", YMap())
    if not isinstance(kind, str) or not kind:
        problem, where = "`kind` must be an entity kind such as `Group` or `User`", doc.start
    elif not isinstance(metadata, YMap):
        problem = f"the {kind} has no `metadata` mapping: add `metadata: {{name: ...}}`"
        if "metadata" in doc:
            where = doc.pos["metadata"][1]
    elif not isinstance(metadata.get("name"), str) or not metadata["name"]:
        problem = f"the {kind} has no `metadata.name`: every entity needs a name"
        where = metadata.pos["name"][1] if "name" in metadata else metadata.start
    elif not isinstance(spec, YMap):
        problem = f"`spec` of the {kind} `{metadata['name']}` must be a mapping"
        where = doc.pos["spec"][1]
    elif kind.lower() == "group" and not isinstance(spec.get("type"), str):
        problem = (
            f"the Group `{metadata['name']}` has no `spec.type`: Backstage requires one "
            "(`team`, `department`, ...)"
        )
        where = spec.pos["type"][1] if "type" in spec else doc.start
    elif "namespace" in metadata and not isinstance(metadata["namespace"], str):
        problem = "`metadata.namespace` must be a string"
        where = metadata.pos["namespace"][1]
    if problem is not None:
        mapped.report(org_finding("ORG002", problem, at(path, where)))
        return None
    assert isinstance(metadata, YMap) and isinstance(kind, str) and isinstance(spec, YMap)
    _shapes(path, metadata, spec, mapped)
    namespace = metadata.get("namespace") or "default"
    return Entry(kind.lower(), metadata["name"], namespace.lower(), path, doc, metadata, spec)


ONE_REF = ("parent", "owner")
REF_LISTS = ("memberOf", "children", "members", "dependsOn")


def _shapes(path: str, metadata: YMap, spec: YMap, mapped: Mapped) -> None:
    """ORG002 for a ref that is not a string, a ref list that is not a list of strings, or
    annotations that are not a mapping of strings; such values are not read."""

    def bad(node: YMap, key: str, what: str, where: int | None = None) -> None:
        _, vstart, vend = node.pos[key]
        spot = (where, where) if where is not None else (vstart, vend)
        mapped.report(org_finding("ORG002", f"`{key}` must be {what}", at(path, *spot)))

    for key in ONE_REF:
        if key in spec and not isinstance(spec[key], str):
            bad(spec, key, "one entity ref such as `group:default/team-a`")
    for key in REF_LISTS:
        value = spec.get(key)
        if key not in spec or isinstance(value, str):
            continue
        if not isinstance(value, YList):
            bad(spec, key, "a list of entity refs")
            continue
        for item, (start, _end) in zip(value, value.pos):
            if not isinstance(item, str):
                bad(spec, key, "a list of entity refs (strings)", start)
    notes = metadata.get("annotations")
    if "annotations" in metadata and not isinstance(notes, YMap):
        bad(metadata, "annotations", "a mapping of names to strings")
    elif isinstance(notes, YMap):
        for name, value in notes.items():
            if name.startswith(ANNOTATION) and not isinstance(value, str):
                bad(notes, name, 'a string (quote it: `"true"`)')
