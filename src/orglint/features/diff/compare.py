"""What a reorg changes: the structural difference between two orgs, and which findings
it introduces, resolves or leaves, matched by fingerprint (never by line)."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass

from orglint.findings import Finding
from orglint.resolve.org import Org

_LINE_NUMBER = re.compile(r"\bline \d+|:\d+(?=[:`\s;,)]|$)")


@dataclass
class Change:
    kind: str
    id: str
    before: object
    after: object
    message: str

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "before": self.before,
            "after": self.after,
            "message": self.message,
        }

    @property
    def sign(self) -> str:
        return (
            "+" if self.kind.endswith("-added") else "-" if self.kind.endswith("-removed") else "~"
        )


def _ids(org: Org, kind: str) -> list[str]:
    return [i for i, e in org.entities.items() if e.kind == kind]


def _names(ids) -> str:
    ids = list(ids)
    return ", ".join(f"`{i}`" for i in ids) if ids else "none"


def _teams(org: Org, person: str) -> list[str]:
    return sorted(org.teams_of.get(person, ()))


def _boss(org: Org, person: str) -> str | None:
    return org.people[person].reports_to


def _people(before: Org, after: Org) -> list[Change]:
    out = []
    old, new = _ids(before, "person"), _ids(after, "person")
    new_set, old_set = set(new), set(old)
    for pid in new:
        if pid not in old_set:
            teams = _teams(after, pid)
            boss = _boss(after, pid) if pid in after.people else None
            detail = [f"reports to `{boss}`" if boss else "no `reports_to`"]
            if teams:
                detail.append(f"team{'s' if len(teams) > 1 else ''} {_names(teams)}")
            out.append(
                Change(
                    "person-added",
                    pid,
                    None,
                    {"teams": teams, "reports_to": boss},
                    f"person `{pid}` added ({'; '.join(detail)})",
                )
            )
    for pid in old:
        if pid not in new_set:
            teams = _teams(before, pid)
            out.append(
                Change(
                    "person-removed",
                    pid,
                    {"teams": teams},
                    None,
                    f"person `{pid}` removed" + (f" (was in {_names(teams)})" if teams else ""),
                )
            )
    for pid in new:
        if pid not in old_set or pid not in before.people or pid not in after.people:
            continue
        was, now = _teams(before, pid), _teams(after, pid)
        if was != now:
            left = [t for t in was if t not in now]
            joined = [t for t in now if t not in was]
            if left and joined:
                text = f"moved from {_team_words(left)} to {_team_words(joined)}"
            elif joined:
                text = f"joined {_team_words(joined)}"
            else:
                text = f"left {_team_words(left)}"
            out.append(Change("person-moved", pid, was, now, f"person `{pid}` {text}"))
        boss_was, boss_now = _boss(before, pid), _boss(after, pid)
        if boss_was != boss_now:
            out.append(
                Change(
                    "reports-to",
                    pid,
                    boss_was,
                    boss_now,
                    f"person `{pid}` now reports to {_who(boss_now)} (was {_who(boss_was)})",
                )
            )
    return out


def _team_words(teams: list[str]) -> str:
    return f"team{'s' if len(teams) > 1 else ''} {_names(teams)}"


def _who(person: str | None) -> str:
    return f"`{person}`" if person else "no one (top of the org)"


def _teams_changes(before: Org, after: Org) -> list[Change]:
    out = []
    old, new = _ids(before, "team"), _ids(after, "team")
    for tid in new:
        if tid not in before.entities or before.entities[tid].kind != "team":
            members = after.members.get(tid, [])
            out.append(
                Change(
                    "team-added",
                    tid,
                    None,
                    {"members": members},
                    f"team `{tid}` added ({len(members)} member{'s' if len(members) != 1 else ''})",
                )
            )
    for tid in old:
        if tid not in after.entities or after.entities[tid].kind != "team":
            out.append(
                Change(
                    "team-removed",
                    tid,
                    {"members": before.members.get(tid, [])},
                    None,
                    f"team `{tid}` removed",
                )
            )
    for tid in new:
        if tid in before.teams and tid in after.teams:
            was, now = before.teams[tid].lead, after.teams[tid].lead
            if was != now:
                out.append(
                    Change(
                        "team-lead",
                        tid,
                        was,
                        now,
                        f"team `{tid}` is now led by {_lead(now)} (was {_lead(was)})",
                    )
                )
    return out


def _lead(person: str | None) -> str:
    return f"`{person}`" if person else "no one"


def _data_changes(before: Org, after: Org) -> list[Change]:
    out = []
    old, new = _ids(before, "data"), _ids(after, "data")
    for did in new:
        if did not in old:
            owner = after.data[did].owner if did in after.data else None
            out.append(
                Change(
                    "data-added",
                    did,
                    None,
                    {"owner": owner},
                    f"data `{did}` added (owner {_lead(owner)})",
                )
            )
    for did in old:
        if did not in new:
            out.append(Change("data-removed", did, None, None, f"data `{did}` removed"))
    for did in new:
        if did in before.data and did in after.data:
            was, now = before.data[did].owner, after.data[did].owner
            if was != now:
                out.append(
                    Change(
                        "data-owner",
                        did,
                        was,
                        now,
                        f"data `{did}` is now owned by {_team(now)} (was {_team(was)})",
                    )
                )
    return out


def _team(team: str | None) -> str:
    return f"team `{team}`" if team else "no team"


def _model_teams(model) -> dict[str, str | None]:
    """Effective teams as written (defaults applied: owned_by = built_by, deployed_by =
    owned_by), so an unresolved reference still shows what was written."""
    built = model.built_by
    owned = model.owned_by or built
    return {"built_by": built, "owned_by": owned, "deployed_by": model.deployed_by or owned}


def _models(before: Org, after: Org) -> list[Change]:
    out = []
    old, new = _ids(before, "model"), _ids(after, "model")
    for mid in new:
        if mid not in old:
            model = after.models.get(mid)
            stage = model.stage if model else None
            teams = _model_teams(model) if model else {}
            built = teams.get("built_by")
            out.append(
                Change(
                    "model-added",
                    mid,
                    None,
                    {"stage": stage, **teams},
                    f"model `{mid}` added (stage {stage or 'unknown'}"
                    + (f", built by `{built}`" if built else ", no `built_by`")
                    + ")",
                )
            )
    for mid in old:
        if mid not in new:
            out.append(Change("model-removed", mid, None, None, f"model `{mid}` removed"))
    for mid in new:
        if mid not in before.models or mid not in after.models:
            continue
        was, now = before.models[mid], after.models[mid]
        if was.stage != now.stage:
            kind = "model-retired" if now.stage == "retired" else "model-stage"
            verb = "retired" if now.stage == "retired" else f"moved to stage {now.stage}"
            out.append(
                Change(kind, mid, was.stage, now.stage, f"model `{mid}` {verb} (was {was.stage})")
            )
        t_was, t_now = _model_teams(was), _model_teams(now)
        for key, words in (
            ("built_by", "built"),
            ("owned_by", "owned"),
            ("deployed_by", "deployed"),
        ):
            if t_was[key] != t_now[key]:
                out.append(
                    Change(
                        key.replace("_", "-"),
                        mid,
                        t_was[key],
                        t_now[key],
                        f"model `{mid}` is now {words} by {_team(t_now[key])} "
                        f"(was {_team(t_was[key])})",
                    )
                )
    return out


def changes(before: Org, after: Org) -> list[Change]:
    """Structural changes from ``before`` to ``after``: people, teams, data, models."""
    return [
        *_people(before, after),
        *_teams_changes(before, after),
        *_data_changes(before, after),
        *_models(before, after),
    ]


def match_key(finding: Finding, root_dir: str = "") -> str:
    """The fingerprint; for a finding about no entity (keyed by file and message), the file
    relative to the org's root folder and the message without line numbers, so that two
    copies of an org in different folders, or shifted lines, still match."""
    if finding.entity is not None:
        return finding.fingerprint()
    path = os.path.relpath(finding.path, root_dir) if root_dir else finding.path
    return f"{finding.code}:{path}:{_LINE_NUMBER.sub('', finding.message)}"


@dataclass
class FindingDiff:
    introduced: list[Finding]
    resolved: list[Finding]
    unchanged: list[Finding]


def match_findings(
    before: list[Finding], after: list[Finding], before_dir: str = "", after_dir: str = ""
) -> FindingDiff:
    """Active findings matched as multisets by ``match_key``: a fingerprint seen twice
    before and three times after is one introduced, two unchanged."""
    pool: dict[str, list[Finding]] = defaultdict(list)
    for f in before:
        if f.suppressed is None:
            pool[match_key(f, before_dir)].append(f)
    introduced, unchanged = [], []
    for f in after:
        if f.suppressed is not None:
            continue
        left = pool.get(match_key(f, after_dir))
        if left:
            left.pop(0)
            unchanged.append(f)
        else:
            introduced.append(f)
    resolved = sorted((f for fs in pool.values() for f in fs), key=Finding.sort_key)
    return FindingDiff(introduced, resolved, unchanged)
