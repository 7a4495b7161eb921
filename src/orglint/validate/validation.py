"""Stage 2: the org format v1 as pydantic models; documents -> validated entities.

Each entity is validated on its own, so one bad entity costs only itself (RULES.md:
an entity with an ORG002 error takes no part in other rules; its id still counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from orglint.findings import Finding, Location, org_finding
from orglint.read.load import NOT_AN_ORG, Document, Loaded, location
from orglint.read.parse import YList, YMap
from orglint.validate.fast import FAST, Value, fast_org
from orglint.validate.spec import FIELDS, NESTED, ORG_FIELDS, ROOT_KEYS, SECTIONS

if TYPE_CHECKING:
    from types import ModuleType

    from pydantic import BaseModel, TypeAdapter, ValidationError

    from orglint.validate.schema import OrgInfo


def _pydantic() -> tuple[ModuleType, ModuleType, type[ValidationError]]:
    """The pydantic models and ORG002's wording, loaded on first use: the fast paths accept
    valid entries without them, so checking a valid org never imports pydantic."""
    from pydantic import ValidationError

    from orglint.validate import messages, schema

    return schema, messages, ValidationError


def _messages() -> ModuleType:
    return _pydantic()[1]


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
    org: OrgInfo | Value | None = None
    org_node: YMap | None = None
    root_path: str = ""
    entities: list[Entity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def validate(
    loaded: Loaded, cache: dict[str, tuple[Document, Validated]] | None = None
) -> Validated:
    """``cache`` (path -> (document, its Validated)) lets the language server reuse the
    results of documents that did not change since the last check."""
    out = Validated()
    for doc in loaded.documents:
        if cache is None:
            _validate_document(doc, out)
            continue
        hit = cache.get(doc.path)
        if hit is None or hit[0] is not doc:
            hit = cache[doc.path] = (doc, Validated())
            _validate_document(doc, hit[1])
        part = hit[1]
        if doc.is_root:
            out.org, out.org_node, out.root_path = part.org, part.org_node, part.root_path
        for entity in part.entities:
            entity.order = len(out.entities)
            out.entities.append(entity)
        out.findings.extend(part.findings)
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
        what = _messages().type_name(root)
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
    allowed = ROOT_KEYS if doc.is_root else tuple(SECTIONS)
    for key in root:
        if key not in allowed and key not in ROOT_KEYS and not key.startswith("x-"):
            out.findings.append(
                _messages().unknown_key(path, root, key, allowed, "at the top level")
            )
    if doc.is_root:
        _validate_header(doc, out)
    for section, kind in SECTIONS.items():
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
                    f"not {_messages().type_name(items)}",
                    location(path, *root.pos[section][1:]),
                    field=section,
                )
            )
            continue
        _validate_items(path, section, items, out)


def _validate_header(doc: Document, out: Validated) -> None:
    root, path = doc.root, doc.path
    assert isinstance(root, YMap)  # _validate_document checked it
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
                    f'`version: "{_messages().show(version)}"` is a string: write the number '
                    "without quotes, `version: 1`"
                    if isinstance(version, str)
                    else f"unsupported `version: {_messages().show(version)}`: this orglint "
                    "knows org "
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
                f"{_messages().type_name(node)}",
                location(path, *root.pos["org"][1:]),
                field="org",
            )
        )
        return
    out.org_node = node
    extra = any(key not in ORG_FIELDS for key in node)
    out.org = fast_org(node)
    if out.org is not None and not extra:
        return
    schema, messages, ValidationError = _pydantic()
    findings = messages.unknown_keys(path, node, schema.OrgInfo, "in `org`")
    try:
        out.org = schema.ORG_ADAPTER.validate_python(node)
    except ValidationError as exc:
        findings.extend(messages.errors(path, node, exc, schema.OrgInfo, "`org`", None))
    out.findings.extend(findings)


def _validate_items(path: str, section: str, items: YList, out: Validated) -> None:
    kind = SECTIONS[section]
    fields = frozenset(FIELDS[section])
    nested = {name: frozenset(sub) for name, sub in NESTED[section].items()}
    entities, findings = out.entities, out.findings
    mappings = [item for item in items if isinstance(item, YMap)]
    fast, record = FAST.get(section, (None, None))
    values: list[Any]  # values or models, and _INVALID for the items pydantic redoes alone
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
                    f"not {_messages().type_name(item)}",
                    location(path, *items.pos[index]),
                )
            )
            continue
        value = values[mapping_index]
        mapping_index += 1
        ident = item.get("id")
        bad = bool(item.refused)  # a value refused by the reader (ORG001)
        if not fields >= item.keys():
            schema, messages, _ = _pydantic()
            cls = schema.KINDS[section][1]
            extra = messages.unknown_keys(path, item, cls, f"in {messages.label(kind, ident)}")
            if extra:
                findings.extend(extra)
                bad = True
        for name, sub in nested.items():
            # pydantic ignores extra keys (see Strict), so nested mappings are checked here too
            child = item.get(name)
            if child is None:
                continue
            for node in child if isinstance(child, YList) else (child,):
                if isinstance(node, YMap) and not sub >= node.keys():
                    schema, messages, _ = _pydantic()
                    model = messages.NESTED[schema.KINDS[section][1]][name]
                    where = f"in `{name}` of {messages.label(kind, ident)}"
                    extra = messages.unknown_keys(path, node, model, where)
                    for finding in extra:
                        finding.entity = ident if isinstance(ident, str) else None
                    findings.extend(extra)
                    bad = True
        if value is _INVALID:
            schema, messages, ValidationError = _pydantic()
            cls = schema.KINDS[section][1]
            try:
                value = schema.ADAPTERS[section].validate_python(item)
                if record is not None:
                    value = record.of(value)
            except ValidationError as exc:
                findings.extend(
                    messages.errors(
                        path,
                        item,
                        exc,
                        cls,
                        messages.label(kind, ident),
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


def _rest_unchecked(items: YList, index: int, kind: str, path: str, entities: list[Entity]) -> None:
    """The ids of the unchecked entries stay known (no ORG004 for each reference to one);
    their values are not used (no rule runs on an entry that was not checked)."""
    for item in items[index:]:
        if isinstance(item, YMap) and isinstance(ident := item.get("id"), str):
            entities.append(Entity(kind, ident, None, path, item, len(entities)))


def _validate_batch(section: str, mappings: list[YMap]) -> list[Any]:
    """Validate a whole section in one pydantic call (the common, valid case is ~5x faster
    than item by item); items with errors come back as ``_INVALID`` to be redone alone."""
    schema, _, ValidationError = _pydantic()
    batch: TypeAdapter[list[Any]] = schema.LIST_ADAPTERS[section]
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
