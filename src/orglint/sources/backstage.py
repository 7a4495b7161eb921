"""Backstage software catalog -> org v1: Group -> team, User -> person, model and data
Components/Resources/AiResources -> models and data, each at its line in the catalog file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from orglint.findings import org_finding
from orglint.read.parse import Limits, Reader, YList, YMap
from orglint.resolve.suggest import Suggester
from orglint.sources.common import Builder, Mapped, Span, Spot, at, normalise_id
from orglint.sources.settings import BackstageSettings

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
def _plain_ref(name: str, kind: str, namespace: str) -> Ref:
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
            entry = _envelope(path, doc, mapped)
            if entry is not None:
                entries.append(entry)
    _Mapper(entries, settings, mapped, builder).run()
    return mapped, broken


def _envelope(path: str, doc: object, mapped: Mapped) -> Entry | None:
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
    namespace = metadata.get("namespace") or "default"
    return Entry(kind.lower(), metadata["name"], namespace.lower(), path, doc, metadata, spec)


class _Mapper:
    def __init__(
        self, entries: list[Entry], settings: BackstageSettings, mapped: Mapped, builder: Builder
    ):
        self.settings = settings
        self.mapped = mapped
        self.b = builder
        self.groups: dict[str, Entry] = {}  # id -> first Group
        self.users: dict[str, Entry] = {}
        self.orgs: set[str] = set()
        self.models: list[Entry] = []
        self.data: list[Entry] = []
        self.order: list[Entry] = []
        for entry in entries:
            entry.id = normalise_id(entry.name)
            mapped.note_written(entry.id, entry.name)
            if entry.kind == "group":
                gtype = entry.spec.get("type")
                if isinstance(gtype, str) and gtype.lower() in settings.organization_types:
                    self.orgs.add(entry.id)
                    if mapped.org_name is None:
                        profile = entry.spec.get("profile")
                        shown = profile.get("displayName") if isinstance(profile, YMap) else None
                        mapped.org_name = shown if isinstance(shown, str) else entry.name
                    continue
                self.groups.setdefault(entry.id, entry)
                entry.section = "teams"
            elif entry.kind == "user":
                self.users.setdefault(entry.id, entry)
                entry.section = "people"
            elif entry.kind in MODEL_KINDS:
                stype = entry.spec.get("type")
                stype = stype.lower() if isinstance(stype, str) else None
                if stype in settings.data_types:
                    self.data.append(entry)
                    entry.section = "data"
                elif stype in settings.model_types or (
                    entry.kind == "airesource" and stype not in settings.data_types
                ):
                    self.models.append(entry)
                    entry.section = "models"
                else:
                    continue
            else:
                continue
            self.order.append(entry)
        self.member_of: dict[str, list[tuple[str, Entry]]] = {}  # group id -> users naming it
        self.child_of: dict[str, Entry] = {}  # group id -> group whose children list it
        self.suggesters: dict[int, Suggester] = {}

    # -- checks of what Backstage relates in both directions ------------------------------
    def run(self) -> None:
        for entry in self.order:
            if entry.kind == "user":
                self._member_of(entry)
            elif entry.kind == "group":
                self._children(entry)
        for entry in self.order:
            if entry.kind == "group":
                self._agree(entry)
        self.unknown = {"reporting-lines", "skills"}  # until a User's annotation says
        self.data_ids = {d.id for d in self.data}
        build = {"people": self._person, "teams": self._team, "data": self._data}
        for entry in self.order:
            node = build.get(entry.section, self._model)(entry)
            if node is not None:
                self.mapped.add(entry.section, node, entry.path)
        self.mapped.unknown |= self.unknown

    def _suggest(self, pool: dict[str, Entry], ident: str) -> str:
        suggester = self.suggesters.get(id(pool))
        if suggester is None:  # once per pool: a catalog may have thousands of dangling refs
            suggester = self.suggesters[id(pool)] = Suggester(list(pool))
        close = suggester.closest(ident)
        return f"; did you mean `{pool[close].name}`?" if close else ""

    def _ref_list(self, entry: Entry, key: str, kind: str) -> list[tuple[Ref, Span]]:
        value = entry.spec.get(key)
        if isinstance(value, str):
            value = [value]
            spans = [entry.spec.pos[key][1:]]
        elif isinstance(value, YList):
            spans = list(value.pos)
        else:
            return []
        namespace = entry.namespace
        return [
            (
                _plain_ref(v, kind, namespace)
                if ":" not in v and "/" not in v
                else parse_ref(v, kind, namespace),
                span,
            )
            for v, span in zip(value, spans)
            if isinstance(v, str)
        ]

    def _member_of(self, user: Entry) -> None:
        for ref, span in self._ref_list(user, "memberOf", "group"):
            if ref.id in self.orgs:
                continue
            if ref.kind != "group" or ref.id not in self.groups:
                self._dangling(user, "memberOf", ref, span, self.groups, "Group")
                continue
            self.member_of.setdefault(ref.id, []).append((ref.written, user))

    def _children(self, group: Entry) -> None:
        for ref, span in self._ref_list(group, "children", "group"):
            if ref.kind != "group" or ref.id not in self.groups:
                self._dangling(group, "children", ref, span, self.groups, "Group")
                continue
            self.child_of.setdefault(ref.id, group)

    def _dangling(
        self, entry: Entry, key: str, ref: Ref, span: Span, pool: dict, what: str
    ) -> None:
        if ref.kind not in (None, what.lower()):
            message = (
                f"`{key}` names `{ref.written}`, a {ref.kind}; `{key}` takes {what} refs "
                f"(`{what.lower()}:[namespace/]name`)"
            )
        else:
            message = (
                f"`{key}` names `{ref.written}`, but the catalog has no {what} named "
                f"`{ref.name}`{self._suggest(pool, ref.id) or ': define it or fix the ref'}"
            )
        self.mapped.report(org_finding("ORG004", message, at(entry.path, *span), entry.id, key))

    def _agree(self, group: Entry) -> None:
        """`parent`/`children` and `members`/`memberOf` that contradict each other."""
        refs = self._ref_list(group, "parent", "group")
        if refs:
            ref, span = refs[0]
            parent = self.groups.get(ref.id)
            if ref.id in self.orgs:
                pass
            elif parent is None:
                self._dangling(group, "parent", ref, span, self.groups, "Group")
            elif "children" in parent.spec and not any(
                r.id == group.id for r, _ in self._ref_list(parent, "children", "group")
            ):
                line = parent.spec.pos["children"][0] >> 32
                self.mapped.report(
                    org_finding(
                        "ORG004",
                        f"`{group.name}` names `parent: {ref.written}`, but `{parent.name}` "
                        f"does not list `{group.name}` in its `children` ({parent.path}:"
                        f"{line}); add it there or change the `parent`",
                        at(group.path, *span),
                        group.id,
                        "parent",
                    )
                )
        listed = self._ref_list(group, "members", "user")
        named_by = {user.id for _, user in self.member_of.get(group.id, [])}
        for ref, span in listed:
            user = self.users.get(ref.id)
            if user is None or "memberOf" not in user.spec or ref.id in named_by:
                continue
            line = user.spec.pos["memberOf"][0] >> 32
            self.mapped.report(
                org_finding(
                    "ORG004",
                    f"`{group.name}` lists `{ref.written}` in `members`, but "
                    f"`{user.name}`'s `memberOf` does not name `{group.name}` ({user.path}:"
                    f"{line}); add it there or remove the member",
                    at(group.path, *span),
                    group.id,
                    "members",
                )
            )
        if "members" in group.spec and isinstance(group.spec["members"], YList):
            listed_ids = {r.id for r, _ in listed}
            for written, user in self.member_of.get(group.id, []):
                if user.id in listed_ids:
                    continue
                spans = [
                    s for r, s in self._ref_list(user, "memberOf", "group") if r.id == group.id
                ]
                self.mapped.report(
                    org_finding(
                        "ORG004",
                        f"`{user.name}` names `{written}` in `memberOf`, but `{group.name}`'s "
                        f"`members` does not list `{user.name}` ({group.path}:"
                        f"{group.spec.pos['members'][0] >> 32}); add it there or remove "
                        "the `memberOf` entry",
                        at(user.path, *spans[0]),
                        user.id,
                        "memberOf",
                    )
                )

    # -- org v1 entities ----------------------------------------------------------------
    def _name_spot(self, entry: Entry) -> Spot:
        return entry.metadata.pos["name"]

    def _display(self, entry: Entry) -> tuple[str, Spot] | None:
        profile = entry.spec.get("profile")
        if isinstance(profile, YMap) and isinstance(profile.get("displayName"), str):
            return profile["displayName"], profile.pos["displayName"]
        title = entry.metadata.get("title")
        if isinstance(title, str):
            return title, entry.metadata.pos["title"]
        return None

    def _common(self, entry: Entry) -> list[tuple[str, object, Spot]]:
        fields: list[tuple[str, object, Spot]] = [("id", entry.id, self._name_spot(entry))]
        shown = self._display(entry)
        if shown is not None:
            fields.append(("name", *shown))
        return fields

    def _ids(self, refs: list[tuple[Ref, Span]]) -> YList:
        items = [(r.id, s) for r, s in refs]
        start = items[0][1][0] if items else 0
        return self.b.list(start, start, items)

    def _note_list(self, entry: Entry, key: str, kind: str | None) -> tuple[YList, Spot] | None:
        """A comma-separated annotation of refs, every item at the annotation's value."""
        found = entry.annotation(key)
        if found is None:
            return None
        text, spot = found
        refs = [parse_ref(p.strip(), kind, entry.namespace) for p in text.split(",") if p.strip()]
        return self._ids([(r, (spot[1], spot[2])) for r in refs]), spot

    def _flag(self, entry: Entry, key: str) -> tuple[bool, Spot] | None:
        found = entry.annotation(key)
        if found is None:
            return None
        text, spot = found
        if text.strip().lower() not in ("true", "false"):
            self.mapped.report(
                org_finding(
                    "ORG002",
                    f'annotation `{ANNOTATION}{key}: {text}` must be `"true"` or `"false"`',
                    at(entry.path, spot[1], spot[2]),
                    entry.id,
                    key,
                )
            )
            return None
        return text.strip().lower() == "true", spot

    def _person(self, user: Entry) -> YMap:
        fields = self._common(user)
        if "annotations" not in user.metadata:
            return self.b.map(user.node.start, user.node.end, fields)
        boss = user.annotation("reports-to")
        if boss is not None:
            self.unknown.discard("reporting-lines")
            fields.append(("reports_to", parse_ref(boss[0], "user", user.namespace).id, boss[1]))
        skills = user.annotation("skills")
        if skills is not None:
            self.unknown.discard("skills")
            text, spot = skills
            items = [(s.strip(), (spot[1], spot[2])) for s in text.split(",") if s.strip()]
            fields.append(("skills", self.b.list(spot[1], spot[2], items), spot))
        return self.b.map(user.node.start, user.node.end, fields)

    def _team(self, group: Entry) -> YMap | None:
        fields = self._common(group)
        gtype = group.spec.get("type")
        note = group.annotation("team-type")
        if note is not None:
            mapped_type: object = note[0]
            fields.append(("type", note[0], note[1]))
        elif isinstance(gtype, str) and gtype.lower() in self.settings.group_types:
            mapped_type = self.settings.group_types[gtype.lower()]
            fields.append(("type", mapped_type, group.spec.pos["type"]))
        else:
            spot = group.spec.pos["type"] if "type" in group.spec else self._name_spot(group)
            known = ", ".join(sorted(self.settings.group_types))
            self.mapped.report(
                org_finding(
                    "ORG002",
                    f"Group type `{gtype}` has no org team type: use one of {known}, or map "
                    f'it in the configuration (`[sources.backstage] group-types = {{"{gtype}" '
                    '= "engineering"}`)',
                    at(group.path, spot[1], spot[2]),
                    group.id,
                    "type",
                )
            )
            fields.append(("type", str(gtype), spot))
        members = [(r.id, s) for r, s in self._ref_list(group, "members", "user")]
        seen = {m for m, _ in members}
        spot = self._name_spot(group)
        for _, user in self.member_of.get(group.id, []):
            if user.id not in seen:
                seen.add(user.id)
                members.append((user.id, (spot[1], spot[2])))
        if members:
            key = group.spec.pos["members"] if "members" in group.spec else spot
            fields.append(("members", self.b.list(key[1], key[2], members), key))
        parent = self._ref_list(group, "parent", "group")
        if parent and parent[0][0].id not in self.orgs:
            fields.append(("parent", parent[0][0].id, group.spec.pos["parent"]))
        elif not parent and group.id in self.child_of:
            fields.append(("parent", self.child_of[group.id].id, spot))
        return self.b.map(group.node.start, group.node.end, fields)

    def _owner(self, entry: Entry) -> tuple[str, Spot] | None:
        owner = entry.spec.get("owner")
        if not isinstance(owner, str):
            return None
        ref = parse_ref(owner, "group", entry.namespace)
        spot = entry.spec.pos["owner"]
        if ref.kind == "user" and self.settings.user_owners == "team":
            teams = [
                gid for gid, users in self.member_of.items() if ref.id in {u.id for _, u in users}
            ]
            if len(teams) == 1:
                return teams[0], spot
        return ref.id, spot

    def _data(self, entry: Entry) -> YMap:
        fields = self._common(entry)
        owner = self._owner(entry)
        if owner is not None:
            fields.append(("owner", *owner))
        flag = self._flag(entry, "available-in-production")
        if flag is not None:
            fields.append(("available_in_production", *flag))
        return self.b.map(entry.node.start, entry.node.end, fields)

    def _model(self, entry: Entry) -> YMap | None:
        fields = self._common(entry)
        lifecycle = entry.spec.get("lifecycle")
        stages = self.settings.lifecycle_stages
        if isinstance(lifecycle, str) and lifecycle.lower() in stages:
            fields.append(("stage", stages[lifecycle.lower()], entry.spec.pos["lifecycle"]))
        else:
            spot = entry.spec.pos.get("lifecycle") or self._name_spot(entry)
            self.mapped.report(
                org_finding(
                    "ORG002",
                    f"`lifecycle: {lifecycle}` of the model `{entry.name}` maps to no model "
                    f"stage: use one of {', '.join(sorted(stages))}, or map it in the "
                    "configuration (`[sources.backstage] lifecycle-stages`)",
                    at(entry.path, spot[1], spot[2]),
                    entry.id,
                    "lifecycle",
                )
            )
            fields.append(("stage", str(lifecycle), spot))
        built = entry.annotation("built-by")
        if built is not None:
            fields.append(("built_by", parse_ref(built[0], "group", entry.namespace).id, built[1]))
        owner = self._owner(entry)
        if owner is not None:
            fields.append(("owned_by", *owner))
        deployed = entry.annotation("deployed-by")
        if deployed is not None:
            ref = parse_ref(deployed[0], "group", entry.namespace)
            fields.append(("deployed_by", ref.id, deployed[1]))
        facing = self._flag(entry, "user-facing")
        if facing is not None:
            fields.append(("user_facing", *facing))
        data = [
            (r.id, s)
            for r, s in self._ref_list(entry, "dependsOn", "resource")
            if r.kind == "resource" and r.id in self.data_ids
        ]
        noted = self._note_list(entry, "data", "resource")
        if noted is not None:
            data += [(i, s) for i, s in zip(noted[0], noted[0].pos)]
        if data:
            key = noted[1] if noted else entry.spec.pos["dependsOn"]
            fields.append(("data", self.b.list(key[1], key[2], data), key))
        monitoring: list[tuple[str, object, Spot]] = []
        drift = self._flag(entry, "drift-monitoring")
        if drift is not None:
            monitoring.append(("drift", *drift))
        escalation = self._note_list(entry, "escalation", None)
        if escalation is not None:
            monitoring.append(("escalation", *escalation))
        if monitoring:
            spot = monitoring[0][2]
            node = self.b.map(spot[1], spot[2], monitoring)
            fields.append(("monitoring", node, spot))
        return self.b.map(entry.node.start, entry.node.end, fields)
