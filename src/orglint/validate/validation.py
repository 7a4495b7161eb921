"""Stage 2: the org format v1 as pydantic models; documents -> validated entities.

Each entity is validated on its own, so one bad entity costs only itself (RULES.md:
an entity with an ORG002 error takes no part in other rules; its id still counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from orglint.findings import Finding, Location, org_finding
from orglint.read.load import NOT_AN_ORG, Document, Loaded, location
from orglint.read.parse import YList, YMap
from orglint.validate.fast import FAST, Value
from orglint.validate.messages import (
    NESTED,
    errors,
    label,
    show,
    type_name,
    unknown_key,
    unknown_keys,
)
from orglint.validate.schema import ADAPTERS, KINDS, LIST_ADAPTERS, ORG_ADAPTER, ROOT_KEYS, OrgInfo


@dataclass(slots=True)
class Entity:
    """A validated entity and where it was written."""

    kind: str  # person | team | data | model
    id: str
    value: BaseModel | Value | None  # None when it failed validation (ORG002)
    path: str
    node: YMap
    order: int = 0  # position in the org's files, for "written first"


@dataclass
class Validated:
    org: OrgInfo | None = None
    org_node: YMap | None = None
    root_path: str = ""
    entities: list[Entity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def validate(loaded: Loaded) -> Validated:
    out = Validated()
    for doc in loaded.documents:
        _validate_document(doc, out)
    return out


def _validate_document(doc: Document, out: Validated) -> None:
    root = doc.root
    path = doc.path
    if doc.is_root:
        out.root_path = path
    if not doc.parsed:
        return
    if root is None:
        if doc.is_root:
            out.findings.append(
                org_finding(
                    "ORG002",
                    "the file is empty: an org file starts with `version: 1` and "
                    "`org: {name: ...}`",
                    Location(path, 1, 1),
                )
            )
        return
    if not isinstance(root, YMap):
        what = type_name(root)
        start = getattr(root, "start", 1 << 32 | 1)
        out.findings.append(
            org_finding(
                "ORG002",
                f"the top level of an org file must be a mapping of keys "
                f"(`version`, `org`, `people`, ...), not {what}",
                location(path, start),
            )
        )
        return
    if "apiVersion" in root and "kind" in root and "version" not in root:
        start = root.pos["apiVersion"][0]
        out.findings.append(
            org_finding("ORG002", NOT_AN_ORG, location(path, start, start + 10), field="apiVersion")
        )
        return  # one clear message instead of one per foreign key
    allowed = ROOT_KEYS if doc.is_root else tuple(KINDS)
    for key in root:
        if key not in allowed and key not in ROOT_KEYS and not key.startswith("x-"):
            out.findings.append(unknown_key(path, root, key, allowed, "at the top level"))
    if doc.is_root:
        _validate_header(doc, out)
    for section, (kind, _cls) in KINDS.items():
        if section not in root:
            continue
        items = root[section]
        if items is None:
            continue
        if not isinstance(items, YList):
            out.findings.append(
                org_finding(
                    "ORG002",
                    f"`{section}` must be a list of {kind} entries (`- id: ...`), "
                    f"not {type_name(items)}",
                    location(path, *root.pos[section][1:]),
                    field=section,
                )
            )
            continue
        _validate_items(path, section, items, out)


def _validate_header(doc: Document, out: Validated) -> None:
    root, path = doc.root, doc.path
    whole = location(path, root.start)
    version = root.get("version")
    # a key in ``pos`` but not in the mapping was written but refused by the reader (ORG001)
    if "version" not in root.pos:
        out.findings.append(
            org_finding(
                "ORG002",
                "missing `version`: add `version: 1` at the top of the file",
                whole,
                field="version",
            )
        )
    elif "version" in root and (type(version) is not int or version != 1):
        out.findings.append(
            org_finding(
                "ORG002",
                (
                    f'`version: "{show(version)}"` is a string: write the number without '
                    "quotes, `version: 1`"
                    if isinstance(version, str)
                    else f"unsupported `version: {show(version)}`: this orglint knows org "
                    "format version 1 only; write `version: 1`"
                ),
                location(path, *root.pos["version"][1:]),
                field="version",
            )
        )
    if "org" not in root:
        if "org" not in root.pos:
            out.findings.append(
                org_finding(
                    "ORG002",
                    "missing `org`: add `org: {name: <your organisation>}`",
                    whole,
                    field="org",
                )
            )
        return
    node = root["org"]
    if not isinstance(node, YMap):
        out.findings.append(
            org_finding(
                "ORG002",
                f"`org` must be a mapping with `name`, `stage` and `business`, not "
                f"{type_name(node)}",
                location(path, *root.pos["org"][1:]),
                field="org",
            )
        )
        return
    out.org_node = node
    findings = unknown_keys(path, node, OrgInfo, "in `org`")
    try:
        out.org = ORG_ADAPTER.validate_python(node)
    except ValidationError as exc:
        findings.extend(errors(path, node, exc, OrgInfo, "`org`", None))
    out.findings.extend(findings)


def _validate_items(path: str, section: str, items: YList, out: Validated) -> None:
    kind, cls = KINDS[section]
    adapter = ADAPTERS[section]
    fields = cls.model_fields
    nested = NESTED[cls]
    entities, findings = out.entities, out.findings
    mappings = [item for item in items if isinstance(item, YMap)]
    fast, record = FAST.get(section, (None, None))
    if fast is not None:
        values = [fast(item) or _INVALID for item in mappings]
    else:
        values = _validate_batch(section, mappings)
    mapping_index = 0
    start = len(findings)
    for index, item in enumerate(items):
        if len(findings) - start >= MAX_SECTION_FINDINGS:
            # a finding costs ~1 KB: 25M broken entries must not cost 25 GB (issue 15)
            findings.append(_too_many(path, section, items, index))
            _rest_unchecked(items, index, kind, path, entities)
            return
        if not isinstance(item, YMap):
            findings.append(
                org_finding(
                    "ORG002",
                    f"each entry of `{section}` must be a mapping starting with `- id:`, "
                    f"not {type_name(item)}",
                    location(path, *items.pos[index]),
                )
            )
            continue
        value = values[mapping_index]
        mapping_index += 1
        ident = item.get("id")
        bad = bool(item.refused)  # a value refused by the reader (ORG001)
        if not fields.keys() >= item.keys():
            extra = unknown_keys(path, item, cls, f"in {label(kind, ident)}")
            if extra:
                findings.extend(extra)
                bad = True
        for name, sub in nested.items():
            # pydantic ignores extra keys (see Strict), so nested mappings are checked here too
            child = item.get(name)
            if child is None:
                continue
            for node in child if isinstance(child, YList) else (child,):
                if isinstance(node, YMap) and not sub.model_fields.keys() >= node.keys():
                    extra = unknown_keys(path, node, sub, f"in `{name}` of {label(kind, ident)}")
                    for finding in extra:
                        finding.entity = ident if isinstance(ident, str) else None
                    findings.extend(extra)
                    bad = True
        if value is _INVALID:
            try:
                value = adapter.validate_python(item)
                if record is not None:
                    value = record.of(value)
            except ValidationError as exc:
                findings.extend(
                    errors(
                        path,
                        item,
                        exc,
                        cls,
                        label(kind, ident),
                        ident if isinstance(ident, str) else None,
                    )
                )
                value = None
        if isinstance(ident, str):
            entities.append(Entity(kind, ident, None if bad else value, path, item, len(entities)))


_INVALID = object()
MAX_SECTION_FINDINGS = 1000  # per section of one file; the rest are summed up in one


def _too_many(path: str, section: str, items: YList, index: int) -> Finding:
    return org_finding(
        "ORG002",
        f"more than {MAX_SECTION_FINDINGS:,} problems in `{section}` of this file; the "
        f"{len(items) - index:,} entries from here on are not checked: fix the ones above first",
        location(path, *items.pos[index]),
    )


def _rest_unchecked(items: YList, index: int, kind: str, path: str, entities: list) -> None:
    """The ids of the unchecked entries stay known (no ORG004 for each reference to one);
    their values are not used (no rule runs on an entry that was not checked)."""
    for item in items[index:]:
        if isinstance(item, YMap) and isinstance(ident := item.get("id"), str):
            entities.append(Entity(kind, ident, None, path, item, len(entities)))


def _validate_batch(section: str, mappings: list) -> list:
    """Validate a whole section in one pydantic call (the common, valid case is ~5x faster
    than item by item); items with errors come back as ``_INVALID`` to be redone alone."""
    batch = LIST_ADAPTERS[section]
    try:
        return batch.validate_python(mappings)
    except ValidationError as exc:
        failing = {
            err["loc"][0]
            for err in exc.errors(include_url=False)
            if err["loc"] and isinstance(err["loc"][0], int)
        }
    good = iter(batch.validate_python([m for i, m in enumerate(mappings) if i not in failing]))
    return [_INVALID if i in failing else next(good) for i in range(len(mappings))]
