"""GitHub organisation config (peribolos `org.yaml`, with SIG folders' `teams.yaml`) -> org
v1: admins and members -> people, teams (nested ones with `parent`) -> teams, the first
maintainer -> `lead`, `previously` -> former ids. Logins match case-insensitively, as on
GitHub; two spellings of one login are reported (ORG003)."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from orglint.findings import org_finding
from orglint.read.parse import Limits, Reader, YList, YMap
from orglint.sources.common import Builder, Mapped, Spot, at, normalise_id
from orglint.sources.settings import GithubSettings
from orglint.validate.spec import FIELDS

if TYPE_CHECKING:
    from orglint.read.load import Loaded

_ORG_KEYS = re.compile(rb"^(orgs|admins|members)[ \t]*:", re.MULTILINE)
_TEAMS = re.compile(rb"^teams[ \t]*:", re.MULTILINE)
_VERSION = re.compile(rb"^version[ \t]*:", re.MULTILINE)
_PREVIOUSLY = "previously" in FIELDS["teams"]  # the org format's renames


def recognise(data: bytes) -> str | None:
    """`org` for an org config (top-level `orgs:`, `admins:` or `members:`), `teams` for a
    SIG folder's `teams.yaml` (top-level `teams:` mapping), None otherwise."""
    if _VERSION.search(data):
        return None
    if _ORG_KEYS.search(data):
        return "org"
    if _TEAMS.search(data) and re.search(rb"^teams[ \t]*:[ \t]*\n[ \t]+[^-\s#]", data, re.M):
        return "teams"
    return None


def team_files(org_file: str) -> list[str]:
    """The `teams.yaml` files merged into the org whose config is ``org_file``: below its
    folder, not below a folder that holds another org's config (walked as discovery
    walks: iterative, 64 levels at most, no symlinked folder)."""
    from orglint.read.discover import yaml_files

    top = os.path.dirname(org_file) or "."
    inside = os.path.realpath(top) + os.sep
    every = yaml_files(top)
    others = {  # folders of other orgs' configs
        os.path.dirname(path) + os.sep
        for path in every
        if os.path.basename(path).startswith("org.") and os.path.dirname(path) != top
    }
    return [
        path
        for path in every
        if os.path.basename(path) in ("teams.yaml", "teams.yml")
        and not any(path.startswith(folder) for folder in others)
        # a symlink out of the org's folder is not one of its files (nor read)
        and os.path.realpath(path).startswith(inside)
    ]


class Config:
    """One org config and its teams files, mapped."""

    def __init__(self, settings: GithubSettings, builder: Builder, mapped: Mapped):
        self.settings = settings
        self.b = builder
        self.mapped = mapped
        self.logins: dict[str, tuple[str, str, int]] = {}  # id -> (written, path, line)
        self.people: dict[str, YMap] = {}

    def read(
        self, path: str, data: bytes, limits: Limits, kind: str, spent: Loaded | None = None
    ) -> bool:
        if spent is not None and spent.nodes > limits.max_nodes:  # one ORG001 said so
            return False
        reader = Reader(path, limits)
        if spent is not None:  # the org's node budget, shared with its other files
            reader.nodes = spent.nodes
        root = reader.read(data)
        if spent is not None:
            spent.nodes = reader.nodes
        self.mapped.findings.extend(reader.findings)
        if not isinstance(root, YMap):
            return root is not None or not reader.findings
        if kind == "teams":
            self._teams(path, root.get("teams"), root.pos.get("teams"), None)
            return True
        orgs = root.get("orgs")
        if isinstance(orgs, YMap):
            for name, org in orgs.items():
                if isinstance(org, YMap):
                    self._org(path, org, name)
        else:
            self._org(path, root, None)
        return True

    def _org(self, path: str, org: YMap, name: str | None) -> None:
        shown = org.get("name") if isinstance(org.get("name"), str) else name
        if self.mapped.org_name is None:
            self.mapped.org_name = shown or os.path.basename(os.path.dirname(path)) or "github"
        for key in ("admins", "members"):
            for login, span in self._logins(path, org, key):
                self._person(path, login, (span[0], *span))
        self._teams(path, org.get("teams"), org.pos.get("teams"), None)

    def _person(self, path: str, login: str, spot: Spot) -> None:
        ident = normalise_id(login)
        self.mapped.note_written(ident, login)
        self.logins.setdefault(ident, (login, path, spot[0] >> 32))
        node = self.b.map(spot[1], spot[2], [("id", ident, spot), ("name", login, spot)])
        self.mapped.add("people", node, path)

    def _login(self, path: str, login: str, span: tuple[int, int], key: str, team: str) -> str:
        ident = normalise_id(login)
        first = self.logins.get(ident)
        if first is not None and first[0] != login:
            self.mapped.report(
                org_finding(
                    "ORG003",
                    f"`{login}` is written `{first[0]}` at {first[1]}:{first[2]}: GitHub "
                    "matches logins whatever their capitals, so both name one person; write "
                    "one spelling",
                    at(path, *span),
                    team,
                    key,
                )
            )
        return ident

    def _teams(self, path: str, teams: object, spot: Spot | None, parent: str | None) -> None:
        if teams is None:
            return
        if not isinstance(teams, YMap):
            where = spot[1] if spot else 1 << 32 | 1
            self.mapped.report(
                org_finding(
                    "ORG002", "`teams` must be a mapping of team name -> team", at(path, where)
                )
            )
            return
        for name, team in teams.items():
            kstart, vstart, vend = teams.pos[name]
            ident = normalise_id(name)
            self.mapped.note_written(ident, name)
            if not isinstance(team, YMap):
                self.mapped.report(
                    org_finding(
                        "ORG002",
                        f"team `{name}` must be a mapping (`members`, `maintainers`, ...)",
                        at(path, vstart, vend),
                        ident,
                    )
                )
                continue
            name_spot = (kstart, kstart, kstart + len(name))
            fields: list[tuple[str, object, Spot]] = [
                ("id", ident, name_spot),
                ("name", name, name_spot),
                ("type", self.settings.team_type, name_spot),
            ]
            maintainers = self._list(path, team, "maintainers", ident)
            members = self._list(path, team, "members", ident)
            if maintainers:
                fields.append(("lead", maintainers[0][0], team.pos["maintainers"]))
            everyone = maintainers[1:] + members
            if everyone:
                key = team.pos["members"] if "members" in team else team.pos["maintainers"]
                listed = self.b.list(key[1], key[2], everyone)
                fields.append(("members", listed, key))
            if parent is not None:
                fields.append(("parent", parent, name_spot))
            former = team.get("previously")
            if _PREVIOUSLY and isinstance(former, YList):
                items = [
                    (normalise_id(p), s) for p, s in zip(former, former.pos) if isinstance(p, str)
                ]
                spot_p = team.pos["previously"]
                fields.append(("previously", self.b.list(spot_p[1], spot_p[2], items), spot_p))
            self.mapped.add("teams", self.b.map(kstart, vend, fields), path)
            self._teams(path, team.get("teams"), team.pos.get("teams"), ident)

    def _list(
        self, path: str, team: YMap, key: str, ident: str
    ) -> list[tuple[str, tuple[int, int]]]:
        return [
            (self._login(path, login, span, key, ident), span)
            for login, span in self._logins(path, team, key)
        ]

    def _logins(self, path: str, node: YMap, key: str) -> list[tuple[str, tuple[int, int]]]:
        """The logins of ``node[key]``; ORG002 where it is not a list of logins."""
        if node.get(key) is None:
            return []
        logins = node[key]
        if not isinstance(logins, YList):
            where = node.pos[key]
            self.mapped.report(
                org_finding(
                    "ORG002", f"`{key}` must be a list of GitHub logins", at(path, *where[1:])
                )
            )
            return []
        out = []
        for login, span in zip(logins, logins.pos):
            if isinstance(login, str):
                out.append((login, span))
            else:
                self.mapped.report(
                    org_finding(
                        "ORG002", f"`{key}` must list GitHub logins (strings)", at(path, *span)
                    )
                )
        return out
