"""Stage 2: the org format v1 as pydantic models; documents -> validated entities.

Each entity is validated on its own, so one bad entity costs only itself (RULES.md:
an entity with an ORG002 error takes no part in other rules; its id still counts).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Annotated, Literal, Optional, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from orglint.findings import Finding, Location, org_finding
from orglint.load import NOT_AN_ORG, Document, Loaded, field_location, location
from orglint.yamlread import YList, YMap

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
_ID = __import__("re").compile(r"[a-z0-9][a-z0-9._-]{0,63}\Z")
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Ref = Annotated[str, Field(description="an id")]

Stage = Literal["pre-pmf", "early", "growth", "scale", "enterprise"]
Business = Literal["saas", "services", "ecommerce", "consumer", "marketplace", "internal", "other"]
TeamType = Literal["product", "engineering", "platform", "ml", "data", "research", "it",
                   "design", "business", "leadership", "chapter"]
Engagement = Literal["central", "embedded", "consulting", "full-stack"]
KpiKind = Literal["model", "product", "business"]
ModelStage = Literal["idea", "research", "development", "production", "retired"]

_X_KEYS = {"patternProperties": {"^x-": {"description": "free for users' own annotations"}},
           "additionalProperties": False}


class Strict(BaseModel):
    # extra keys are checked by ``unknown_keys`` (to allow `x-` keys and suggest names).
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra=_X_KEYS,
                              frozen=True)


class OrgInfo(Strict):
    name: str = Field(description="the organisation's name")
    stage: Stage = Field("growth", description="company stage")
    business: Optional[Business] = Field(None, description="business model")


class Person(Strict):
    id: Id
    name: Optional[str] = None
    title: Optional[str] = None
    reports_to: Optional[Ref] = Field(None, description="person id; absent/null only for the top of the org")
    skills: list[str] = Field(default_factory=list, description="skill names (see Skills)")


class Kpi(Strict):
    name: str
    kind: KpiKind


class Team(Strict):
    id: Id
    name: Optional[str] = None
    type: TeamType
    lead: Optional[Ref] = Field(None, description="person id; counts as a member")
    members: list[Ref] = Field(default_factory=list, description="person ids")
    parent: Optional[Ref] = Field(None, description="team id: the unit this team sits within")
    embedded_in: Optional[Ref] = Field(None, description="team id: the product team this team works inside")
    works_with: list[Ref] = Field(default_factory=list, description="team ids this team plans and ships with")
    engagement: Optional[Engagement] = None
    kpis: Optional[list[Kpi]] = None


class Data(Strict):
    id: Id
    name: Optional[str] = None
    owner: Optional[Ref] = Field(None, description="team id accountable for the data")
    available_in_production: bool = Field(True, description="can be read when a model predicts")


class Monitoring(Strict):
    drift: bool = Field(False, description="data or performance drift is monitored")
    escalation: Optional[list[Ref]] = Field(None, description="ordered team or person ids drift alerts go to")


class Model(Strict):
    id: Id
    name: Optional[str] = None
    stage: ModelStage
    built_by: Optional[Ref] = Field(None, description="team id that develops it")
    owned_by: Optional[Ref] = Field(None, description="team id accountable in production (default: built_by)")
    deployed_by: Optional[Ref] = Field(None, description="team id that deploys it (default: owned_by)")
    user_facing: bool = False
    data: list[Ref] = Field(default_factory=list, description="data ids read at prediction time")
    monitoring: Optional[Monitoring] = None


class OrgFile(Strict):
    """A root org file (JSON Schema only; documents are validated piecewise)."""

    version: Literal[1]
    org: OrgInfo
    include: list[str] = Field(default_factory=list, description="globs relative to this file")
    # a section left empty (`people:` with nothing under it yet) is null, and accepted
    people: Optional[list[Person]] = Field(default_factory=list)
    teams: Optional[list[Team]] = Field(default_factory=list)
    data: Optional[list[Data]] = Field(default_factory=list)
    models: Optional[list[Model]] = Field(default_factory=list)


class IncludedFile(Strict):
    """A file named by a root's `include` (JSON Schema only)."""

    people: Optional[list[Person]] = Field(default_factory=list)
    teams: Optional[list[Team]] = Field(default_factory=list)
    data: Optional[list[Data]] = Field(default_factory=list)
    models: Optional[list[Model]] = Field(default_factory=list)


KINDS = {"people": ("person", Person), "teams": ("team", Team),
         "data": ("data", Data), "models": ("model", Model)}
ROOT_KEYS = ("version", "org", "include", *KINDS)
_ADAPTERS = {section: TypeAdapter(cls) for section, (_, cls) in KINDS.items()}
_LIST_ADAPTERS = {section: TypeAdapter(list[cls]) for section, (_, cls) in KINDS.items()}
_ORG_ADAPTER = TypeAdapter(OrgInfo)


class _Value:
    """A valid entity as rules see it: the model's fields without a pydantic object, which
    carries a dict and a set each (a million-person org would hold a million of each)."""

    __slots__ = ()

    @classmethod
    def of(cls, model: BaseModel):
        """The same value from a model pydantic validated (the entries the fast path left to it)."""
        return cls(*(getattr(model, name) for name in cls.__slots__))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r})"


class PersonValue(_Value):
    __slots__ = ("id", "name", "title", "reports_to", "skills")

    def __init__(self, id, name, title, reports_to, skills):
        self.id, self.name, self.title, self.reports_to, self.skills = id, name, title, reports_to, skills


class TeamValue(_Value):
    __slots__ = ("id", "name", "type", "lead", "members", "parent", "embedded_in", "works_with",
                 "engagement", "kpis")

    def __init__(self, id, name, type, lead, members, parent, embedded_in, works_with,
                 engagement, kpis):
        self.id, self.name, self.type, self.lead, self.members = id, name, type, lead, members
        self.parent, self.embedded_in, self.works_with = parent, embedded_in, works_with
        self.engagement, self.kpis = engagement, kpis


# The fast paths below return the value when the pydantic model would surely accept the
# entry, and None for "ask pydantic", which then decides and words the errors: the same
# contract without a pydantic call for the millions of ordinary entries (tests check that
# the two agree on arbitrary input).

def _optional_str(value) -> bool:
    return value is None or value.__class__ is str


def _str_list(value):
    """The list as is when it is a list of strings; [] when absent; None otherwise."""
    if value is _ABSENT:
        return []
    if isinstance(value, list) and all(item.__class__ is str for item in value):
        return value
    return None


_ABSENT: object = object()


def fast_person(item: YMap) -> PersonValue | None:
    ident = item.get("id")
    if ident.__class__ is not str or not _ID.match(ident):
        return None
    get = item.get
    name, title, reports_to = get("name"), get("title"), get("reports_to")
    skills = _str_list(get("skills", _ABSENT))
    if skills is None or not (_optional_str(name) and _optional_str(title) and _optional_str(reports_to)):
        return None
    return PersonValue(ident, name, title, reports_to, skills)


_TEAM_TYPES = frozenset(get_args(TeamType))
_ENGAGEMENTS = frozenset(get_args(Engagement))


def fast_team(item: YMap) -> TeamValue | None:
    ident = item.get("id")
    if ident.__class__ is not str or not _ID.match(ident):
        return None
    get = item.get
    kind, engagement = get("type"), get("engagement")
    if kind.__class__ is not str or kind not in _TEAM_TYPES or get("kpis") is not None:
        return None  # kpis are nested models: left to pydantic
    if engagement is not None and (engagement.__class__ is not str or engagement not in _ENGAGEMENTS):
        return None
    name, lead, parent, embedded_in = get("name"), get("lead"), get("parent"), get("embedded_in")
    if not (_optional_str(name) and _optional_str(lead) and _optional_str(parent)
            and _optional_str(embedded_in)):
        return None
    members, works_with = _str_list(get("members", _ABSENT)), _str_list(get("works_with", _ABSENT))
    if members is None or works_with is None:
        return None
    return TeamValue(ident, name, kind, lead, members, parent, embedded_in, works_with, engagement, None)


_FAST = {"people": (fast_person, PersonValue), "teams": (fast_team, TeamValue)}


@dataclass(slots=True)
class Entity:
    """A validated entity and where it was written."""

    kind: str  # person | team | data | model
    id: str
    value: BaseModel | _Value | None  # None when it failed validation (ORG002)
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
            out.findings.append(org_finding(
                "ORG002", "the file is empty: an org file starts with `version: 1` and "
                "`org: {name: ...}`", Location(path, 1, 1)))
        return
    if not isinstance(root, YMap):
        what = _type_name(root)
        start = getattr(root, "start", 1 << 32 | 1)
        out.findings.append(org_finding(
            "ORG002", f"the top level of an org file must be a mapping of keys "
            f"(`version`, `org`, `people`, ...), not {what}", location(path, start)))
        return
    if "apiVersion" in root and "kind" in root and "version" not in root:
        start = root.pos["apiVersion"][0]
        out.findings.append(org_finding("ORG002", NOT_AN_ORG, location(path, start, start + 10),
                                        field="apiVersion"))
        return  # one clear message instead of one per foreign key
    allowed = ROOT_KEYS if doc.is_root else tuple(KINDS)
    for key in root:
        if key not in allowed and key not in ROOT_KEYS and not key.startswith("x-"):
            out.findings.append(_unknown_key(path, root, key, allowed, "at the top level"))
    if doc.is_root:
        _validate_header(doc, out)
    for section, (kind, _cls) in KINDS.items():
        if section not in root:
            continue
        items = root[section]
        if items is None:
            continue
        if not isinstance(items, YList):
            out.findings.append(org_finding(
                "ORG002", f"`{section}` must be a list of {kind} entries (`- id: ...`), "
                f"not {_type_name(items)}", location(path, *root.pos[section][1:]), field=section))
            continue
        _validate_items(path, section, items, out)


def _validate_header(doc: Document, out: Validated) -> None:
    root, path = doc.root, doc.path
    whole = location(path, root.start)
    version = root.get("version")
    # a key in ``pos`` but not in the mapping was written but refused by the reader (ORG001)
    if "version" not in root.pos:
        out.findings.append(org_finding(
            "ORG002", "missing `version`: add `version: 1` at the top of the file", whole,
            field="version"))
    elif "version" in root and (type(version) is not int or version != 1):
        out.findings.append(org_finding(
            "ORG002", (f"`version: \"{_show(version)}\"` is a string: write the number without "
                       "quotes, `version: 1`" if isinstance(version, str) else
                       f"unsupported `version: {_show(version)}`: this orglint knows org "
                       "format version 1 only; write `version: 1`"),
            location(path, *root.pos["version"][1:]),
            field="version"))
    if "org" not in root:
        if "org" not in root.pos:
            out.findings.append(org_finding(
                "ORG002", "missing `org`: add `org: {name: <your organisation>}`", whole,
                field="org"))
        return
    node = root["org"]
    if not isinstance(node, YMap):
        out.findings.append(org_finding(
            "ORG002", f"`org` must be a mapping with `name`, `stage` and `business`, not "
            f"{_type_name(node)}", location(path, *root.pos["org"][1:]), field="org"))
        return
    out.org_node = node
    findings = unknown_keys(path, node, OrgInfo, "in `org`")
    try:
        out.org = _ORG_ADAPTER.validate_python(node)
    except ValidationError as exc:
        findings.extend(_errors(path, node, exc, OrgInfo, "`org`", None))
    out.findings.extend(findings)


def _validate_items(path: str, section: str, items: YList, out: Validated) -> None:
    kind, cls = KINDS[section]
    adapter = _ADAPTERS[section]
    fields = cls.model_fields
    nested = _NESTED[cls]
    entities, findings = out.entities, out.findings
    mappings = [item for item in items if isinstance(item, YMap)]
    fast, record = _FAST.get(section, (None, None))
    if fast is not None:
        values = [fast(item) or _INVALID for item in mappings]
    else:
        values = _validate_batch(section, mappings)
    mapping_index = 0
    for index, item in enumerate(items):
        if not isinstance(item, YMap):
            findings.append(org_finding(
                "ORG002", f"each entry of `{section}` must be a mapping starting with `- id:`, "
                f"not {_type_name(item)}", location(path, *items.pos[index])))
            continue
        value = values[mapping_index]
        mapping_index += 1
        ident = item.get("id")
        bad = bool(item.refused)  # a value refused by the reader (ORG001)
        if not fields.keys() >= item.keys():
            extra = unknown_keys(path, item, cls, f"in {_label(kind, ident)}")
            if extra:
                findings.extend(extra)
                bad = True
        for name, sub in nested.items():
            # pydantic ignores extra keys (see Strict), so nested mappings are checked here too
            child = item.get(name)
            if child is None:
                continue
            for node in (child if isinstance(child, YList) else (child,)):
                if isinstance(node, YMap) and not sub.model_fields.keys() >= node.keys():
                    extra = unknown_keys(path, node, sub, f"in `{name}` of {_label(kind, ident)}")
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
                findings.extend(_errors(path, item, exc, cls, _label(kind, ident),
                                        ident if isinstance(ident, str) else None))
                value = None
        if isinstance(ident, str):
            entities.append(Entity(kind, ident, None if bad else value, path, item, len(entities)))


_INVALID = object()


def _validate_batch(section: str, mappings: list) -> list:
    """Validate a whole section in one pydantic call (the common, valid case is ~5x faster
    than item by item); items with errors come back as ``_INVALID`` to be redone alone."""
    batch = _LIST_ADAPTERS[section]
    try:
        return batch.validate_python(mappings)
    except ValidationError as exc:
        failing = {err["loc"][0] for err in exc.errors(include_url=False)
                   if err["loc"] and isinstance(err["loc"][0], int)}
    good = iter(batch.validate_python([m for i, m in enumerate(mappings) if i not in failing]))
    return [_INVALID if i in failing else next(good) for i in range(len(mappings))]


def _label(kind: str, ident) -> str:
    return f"{kind} `{ident}`" if isinstance(ident, str) and _ID.match(ident) else f"this {kind}"


def unknown_keys(path: str, node: YMap, cls: type[BaseModel], where: str) -> list[Finding]:
    fields = cls.model_fields
    return [_unknown_key(path, node, key, tuple(fields), where) for key in node
            if key not in fields and not key.startswith("x-")]


def _unknown_key(path: str, node: YMap, key: str, allowed: tuple, where: str) -> Finding:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = (f"did you mean `{close[0]}`?" if close else
            f"allowed keys: {', '.join(f'`{k}`' for k in allowed)}")
    start = node.pos[key][0]
    end = start + len(key)
    ident = node.get("id") if isinstance(node.get("id"), str) else None
    return org_finding("ORG002", f"unknown key `{key}` {where}: {hint} (use an `x-` prefix "
                       "for your own annotations)", location(path, start, end), ident, key)


def _errors(path: str, node: YMap, exc: ValidationError, cls: type[BaseModel], label: str,
            ident: str | None) -> list[Finding]:
    out = []
    seen = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] in ("union_tag_invalid",):
            continue
        # pydantic adds the type's name to the path of some errors, e.g. ('kpis', 0, 'list[Kpi]')
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in _TYPE_TAGS)))
        if loc in seen or (err["type"] == "missing" and _refused(node, loc)):
            continue
        seen.add(loc)
        where, value_node, value = _walk(path, node, loc)
        out.append(org_finding("ORG002", _message(err, loc, cls, label, value, value_node),
                               where, ident, str(loc[0]) if loc else None))
    return out


def _refused(node: YMap, loc: tuple) -> bool:
    """The value at ``loc`` was written but refused by the reader (ORG001 says why)."""
    if not loc:
        return False
    _, parent, _ = _walk("", node, loc[:-1])
    return isinstance(parent, YMap) and loc[-1] in parent.pos and loc[-1] not in parent


_TYPE_TAGS = {"str", "int", "bool", "list", "dict", "none", "function-after", "literal"}


def _walk(path: str, node, loc: tuple):
    """Location of the value at ``loc`` (the containing mapping's start when missing)."""
    current = node
    where = location(path, node.start)
    for part in loc:
        if isinstance(current, YMap) and isinstance(part, str) and part in current:
            where = field_location(path, current, part)
            current = current[part]
        elif isinstance(current, YList) and isinstance(part, int) and part < len(current):
            start, end = current.pos[part]
            where = location(path, start, end)
            current = current[part]
        else:
            return where, None, _MISSING
    return where, current, current


_MISSING = object()


def _message(err: dict, loc: tuple, cls: type[BaseModel], label: str, value, node) -> str:
    kind = err["type"]
    name = ".".join(str(p) for p in loc) or "value"
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), None)
    if kind == "missing" or value is _MISSING:
        choices = _choices_for(cls, loc)
        extra = f" (one of: {', '.join(choices)})" if choices else ""
        return f"{label} is missing required `{name}`{extra}"
    if kind == "literal_error":
        choices = _choices_for(cls, loc)
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return (f"`{name}: {_show(value)}` in {label} is not allowed: use one of "
                f"{', '.join(f'`{c}`' for c in choices)}{hint}")
    if kind == "string_pattern_mismatch" or (kind == "string_too_long" and field_name == "id"):
        return (f"malformed id `{_show(value)}` in {label}: ids use lowercase letters, digits, "
                "`.`, `_` and `-`, start with a letter or digit, at most 64 characters "
                f"(e.g. `{_suggest_id(value)}`)")
    expected = _EXPECTED.get(kind)
    if expected:
        what = expected
        if field_name in _REF_FIELDS:
            what += f" ({_REF_FIELDS[field_name]})"
        return f"`{name}` in {label} must be {what}, not {_type_name(value)} `{_show(value)}`"
    return f"`{name}` in {label}: {err['msg']}"


_EXPECTED = {
    "string_type": "a string",
    "bool_type": "`true` or `false`",
    "list_type": "a list",
    "model_type": "a mapping",
    "dict_type": "a mapping",
    "model_attributes_type": "a mapping",
    "int_type": "a whole number",
    "literal_error": "one of the allowed values",
}
_REF_FIELDS = {
    "reports_to": "a person id", "lead": "a person id", "members": "a list of person ids",
    "parent": "a team id", "embedded_in": "a team id", "works_with": "a list of team ids",
    "owner": "a team id", "built_by": "a team id", "owned_by": "a team id",
    "deployed_by": "a team id", "data": "a list of data ids",
    "escalation": "a list of team or person ids", "skills": "a list of skill names",
}


def _choices_for(cls: type[BaseModel], loc: tuple) -> list[str]:
    current = cls
    annotation = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        annotation = info.annotation
        current = _unwrap(annotation)
    return [str(a) for a in get_args(current)] if get_origin(current) is Literal else []


def _unwrap_model(annotation):
    """`Optional[list[Kpi]]` -> `Kpi`; anything that is not a model comes back as is."""
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args or get_origin(annotation) is Literal:
            break
        annotation = args[0]
    return annotation


# Mappings inside an entity (team `kpis` items, model `monitoring`), by entity class.
_NESTED = {cls: {name: sub for name, info in cls.model_fields.items()
                 if isinstance(sub := _unwrap_model(info.annotation), type)
                 and issubclass(sub, BaseModel)} for _, cls in KINDS.values()}


def _unwrap(annotation):
    while get_origin(annotation) is not None and get_origin(annotation) is not Literal:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            break
        annotation = args[0]
    return annotation


def _suggest_id(value) -> str:
    import re

    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")[:64]
    return text or "my-id"


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _show(value, limit: int = 60) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        text = "[...]" if isinstance(value, list) else "{...}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_schema(included: bool = False) -> dict:
    cls = IncludedFile if included else OrgFile
    schema = cls.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    name = "org-v1-include" if included else "org-v1"
    schema["$id"] = f"https://orglint.dev/schemas/{name}.schema.json"
    schema["title"] = ("orglint org file, format v1 (included file)" if included
                       else "orglint org file, format v1")
    return schema
