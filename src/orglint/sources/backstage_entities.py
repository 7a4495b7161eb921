"""Backstage entities -> org v1 entities (see docs/sources.md for the mapping)."""

from __future__ import annotations

from orglint.findings import org_finding
from orglint.read.parse import YList, YMap
from orglint.sources.backstage_refs import ANNOTATION, Entry, Ref, parse_ref
from orglint.sources.backstage_relations import Relations
from orglint.sources.common import Span, Spot, at


class Mapper(Relations):
    """Builds the org v1 entities once the relations are known."""

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
        if parent and parent[0][0].id in self.groups:  # a dangling one is reported already
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
