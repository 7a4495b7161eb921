"""Backstage relations both sides of which are written (`parent`/`children`,
`members`/`memberOf`): dangling refs with "did you mean", and sides that disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orglint.findings import org_finding
from orglint.read.parse import YList, YMap
from orglint.resolve.suggest import Suggester
from orglint.sources.backstage_refs import MODEL_KINDS, ONE_REF, Entry, Ref, parse_ref, plain_ref
from orglint.sources.common import Builder, Mapped, Span, at, normalise_id
from orglint.sources.settings import BackstageSettings

if TYPE_CHECKING:
    from collections.abc import Callable


class Relations:
    """The catalog's entities by kind, and the checks of their relations."""

    if TYPE_CHECKING:  # the builders, written by the Mapper subclass

        def _person(self, user: Entry) -> YMap: ...
        def _team(self, group: Entry) -> YMap | None: ...
        def _data(self, entry: Entry) -> YMap: ...
        def _model(self, entry: Entry) -> YMap | None: ...

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
        build: dict[str, Callable[[Entry], YMap | None]] = {
            "people": self._person,
            "teams": self._team,
            "data": self._data,
        }
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
        elif isinstance(value, YList) and key not in ONE_REF:
            spans = list(value.pos)
        else:
            return []
        namespace = entry.namespace
        return [
            (
                plain_ref(v, kind, namespace)
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
