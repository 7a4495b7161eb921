"""What a reorg changes: the structural difference between two orgs (every field of the
format, renames as renames), and which findings it introduces, resolves, suppresses or
leaves, matched by fingerprint (never by line) and followed across renames."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field

from orglint.features.diff.snapshot import FIELDS, ORG_FIELDS, Snapshot, snapshot
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


# what each reference field names, to follow renames in values
_ID_FIELDS = {
    "reports_to",
    "lead",
    "members",
    "parent",
    "embedded_in",
    "works_with",
    "owner",
    "built_by",
    "owned_by",
    "deployed_by",
    "data",
}
_ORDERED = {"monitoring"}  # escalation is an ordered list; other lists are sets
# fields with their own wording below; membership is shown as people moving
_OWN = {
    "person": {"reports_to"},
    "team": {"lead", "members"},
    "data": {"owner"},
    "model": {"stage", "built_by", "owned_by", "deployed_by"},
}
_NOUN = {"person": "person", "team": "team", "data": "data", "model": "model"}


def _names(ids) -> str:
    ids = list(ids)
    return ", ".join(f"`{i}`" for i in ids) if ids else "none"


class _Pair:
    """The two snapshots, with the base's ids seen through the head's renames."""

    def __init__(self, before: Snapshot, after: Snapshot) -> None:
        self.before, self.after = before, after
        self.renames = renames(before, after)
        self.old = {new: old for old, new in self.renames.items()}

    def new_id(self, ident: str) -> str:
        return self.renames.get(ident, ident)

    def was(self, ident: str) -> str | None:
        """The id ``ident`` (of the head) had in the base, if it existed there."""
        old = self.old.get(ident, ident)
        return old if old in self.before.kinds else None

    def mapped(self, name: str, value: object) -> object:
        if name not in _ID_FIELDS or value is None:
            return value
        if isinstance(value, list):
            return [self.new_id(v) for v in value]
        return self.new_id(value)  # type: ignore[arg-type]

    def teams_before(self, ident: str) -> list[str]:
        old = self.old.get(ident, ident)
        return sorted(self.new_id(t) for t in self.before.teams_of.get(old, ()))


def renames(before: Snapshot, after: Snapshot) -> dict[str, str]:
    """Base id -> head id, for head entities whose `previously` names an id of the base
    that the head no longer has (of the same kind)."""
    out = {}
    for old, new in after.renamed.items():
        if (
            old in before.kinds
            and old not in after.kinds
            and new not in before.kinds
            and before.kinds[old] == after.kinds.get(new)
        ):
            out[old] = new
    return out


def _added_removed(pair: _Pair, kind: str) -> tuple[list[Change], list[Change], list[Change]]:
    before, after = pair.before, pair.after
    if not pair.renames:  # ids are ids: two lookups each (100k of them at 100k people)
        was, now = before.kinds, after.kinds
        added = [i for i in after.ids(kind) if was.get(i) != kind]
        gone = [i for i in before.ids(kind) if now.get(i) != kind]
        return [_added(pair, kind, i) for i in added], [_removed(pair, kind, i) for i in gone], []
    added, renamed = [], []
    for ident in after.ids(kind):
        old = pair.was(ident)
        if old is None or before.kinds[old] != kind:
            added.append(ident)
        elif old != ident:
            renamed.append(
                Change(
                    f"{kind}-renamed",
                    ident,
                    old,
                    ident,
                    f"{_NOUN[kind]} `{old}` renamed to `{ident}`",
                )
            )
    gone = [
        i
        for i in before.ids(kind)
        if i not in pair.renames and (i not in after.kinds or after.kinds[i] != kind)
    ]
    return [_added(pair, kind, i) for i in added], [_removed(pair, kind, i) for i in gone], renamed


def _added(pair: _Pair, kind: str, ident: str) -> Change:
    after = pair.after
    if kind == "person":
        teams = sorted(after.teams_of.get(ident, ()))
        boss = after.get(ident, "reports_to")
        detail = [f"reports to `{boss}`" if boss else "no `reports_to`"]
        if teams:
            detail.append(f"team{'s' if len(teams) > 1 else ''} {_names(teams)}")
        return Change(
            "person-added",
            ident,
            None,
            {"teams": teams, "reports_to": boss},
            f"person `{ident}` added ({'; '.join(detail)})",
        )
    if kind == "team":
        members = after.members.get(ident, [])
        return Change(
            "team-added",
            ident,
            None,
            {"members": members},
            f"team `{ident}` added ({len(members)} member{'s' if len(members) != 1 else ''})",
        )
    if kind == "data":
        owner = after.get(ident, "owner")
        return Change(
            "data-added",
            ident,
            None,
            {"owner": owner},
            f"data `{ident}` added (owner {_lead(owner)})",
        )
    stage = after.get(ident, "stage")
    model_teams = _model_teams(after, ident) if after.valid(ident) else {}
    built = model_teams.get("built_by")
    return Change(
        "model-added",
        ident,
        None,
        {"stage": stage, **model_teams},
        f"model `{ident}` added (stage {stage or 'unknown'}"
        + (f", built by `{built}`" if built else ", no `built_by`")
        + ")",
    )


def _removed(pair: _Pair, kind: str, ident: str) -> Change:
    if kind == "person":
        teams = sorted(pair.before.teams_of.get(ident, ()))
        return Change(
            "person-removed",
            ident,
            {"teams": teams},
            None,
            f"person `{ident}` removed" + (f" (was in {_names(teams)})" if teams else ""),
        )
    if kind == "team":
        return Change(
            "team-removed",
            ident,
            {"members": pair.before.members.get(ident, [])},
            None,
            f"team `{ident}` removed",
        )
    return Change(f"{kind}-removed", ident, None, None, f"{_NOUN[kind]} `{ident}` removed")


def _kept(pair: _Pair, kind: str) -> list[tuple[str, str]]:
    """(base id, head id) of the entities of ``kind`` valid on both sides that may have
    changed: an entity whose fields (and teams) are equal on both sides is left out, which
    is most of them (one comparison of two tuples each, at 100k people)."""
    before, after = pair.before, pair.after
    b_fields, a_fields = before.fields, after.fields
    b_teams, a_teams = before.teams_of, after.teams_of
    renamed = bool(pair.renames)
    out = []
    for ident in after.ids(kind):
        old = pair.old.get(ident, ident)
        if old not in b_fields or before.kinds[old] != kind or ident not in a_fields:
            continue
        if (
            not renamed
            and b_fields[old] == a_fields[ident]
            and b_teams.get(old) == a_teams.get(ident)
        ):
            continue
        out.append((old, ident))
    return out


def _team_words(teams: list[str]) -> str:
    return f"team{'s' if len(teams) > 1 else ''} {_names(teams)}"


def _who(person: object) -> str:
    return f"`{person}`" if person else "no one (top of the org)"


def _lead(person: object) -> str:
    return f"`{person}`" if person else "no one"


def _team(team: object) -> str:
    return f"team `{team}`" if team else "no team"


def _model_teams(snap: Snapshot, ident: str) -> dict[str, object]:
    """Effective teams as written (defaults applied: owned_by = built_by, deployed_by =
    owned_by), so an unresolved reference still shows what was written."""
    built = snap.get(ident, "built_by")
    owned = snap.get(ident, "owned_by") or built
    return {
        "built_by": built,
        "owned_by": owned,
        "deployed_by": snap.get(ident, "deployed_by") or owned,
    }


def _own_changes(pair: _Pair, kind: str, old: str, new: str) -> list[Change]:
    before, after = pair.before, pair.after
    out = []
    if kind == "person":
        was, now = pair.teams_before(new), sorted(after.teams_of.get(new, ()))
        if was != now:
            left = [t for t in was if t not in now]
            joined = [t for t in now if t not in was]
            if left and joined:
                text = f"moved from {_team_words(left)} to {_team_words(joined)}"
            elif joined:
                text = f"joined {_team_words(joined)}"
            else:
                text = f"left {_team_words(left)}"
            out.append(Change("person-moved", new, was, now, f"person `{new}` {text}"))
        b_was = pair.mapped("reports_to", before.get(old, "reports_to"))
        b_now = after.get(new, "reports_to")
        if b_was != b_now:
            out.append(
                Change(
                    "reports-to",
                    new,
                    b_was,
                    b_now,
                    f"person `{new}` now reports to {_who(b_now)} (was {_who(b_was)})",
                )
            )
    elif kind == "team":
        lead_was, lead_now = pair.mapped("lead", before.get(old, "lead")), after.get(new, "lead")
        if lead_was != lead_now:
            out.append(
                Change(
                    "team-lead",
                    new,
                    lead_was,
                    lead_now,
                    f"team `{new}` is now led by {_lead(lead_now)} (was {_lead(lead_was)})",
                )
            )
    elif kind == "data":
        owner_was = pair.mapped("owner", before.get(old, "owner"))
        owner_now = after.get(new, "owner")
        if owner_was != owner_now:
            out.append(
                Change(
                    "data-owner",
                    new,
                    owner_was,
                    owner_now,
                    f"data `{new}` is now owned by {_team(owner_now)} (was {_team(owner_was)})",
                )
            )
    else:
        s_was, s_now = before.get(old, "stage"), after.get(new, "stage")
        if s_was != s_now:
            kind_ = "model-retired" if s_now == "retired" else "model-stage"
            verb = "retired" if s_now == "retired" else f"moved to stage {s_now}"
            out.append(Change(kind_, new, s_was, s_now, f"model `{new}` {verb} (was {s_was})"))
        t_was = {k: pair.mapped(k, v) for k, v in _model_teams(before, old).items()}
        t_now = _model_teams(after, new)
        for key, words in (
            ("built_by", "built"),
            ("owned_by", "owned"),
            ("deployed_by", "deployed"),
        ):
            if t_was[key] != t_now[key]:
                out.append(
                    Change(
                        key.replace("_", "-"),
                        new,
                        t_was[key],
                        t_now[key],
                        f"model `{new}` is now {words} by {_team(t_now[key])} "
                        f"(was {_team(t_was[key])})",
                    )
                )
    return out


def _shown(value: object) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _names(_shown_item(v) for v in value)
    return f"`{value}`"


def _shown_item(value: object) -> str:
    if isinstance(value, dict):  # a KPI
        return f"{value.get('name')} ({value.get('kind')})"
    return str(value)


def _field_change(kind: str, ident: str, name: str, was: object, now: object) -> Change | None:
    label = f"{_NOUN[kind]} `{ident}`"
    change_kind = f"{kind}-{name.replace('_', '-')}"
    if isinstance(was, dict) or isinstance(now, dict):  # monitoring: its two keys
        was_d = was if isinstance(was, dict) else {}
        now_d = now if isinstance(now, dict) else {}
        parts = []
        for key in sorted({*was_d, *now_d}):
            a, b = was_d.get(key), now_d.get(key)
            if a != b:
                parts.append(f"`{name}.{key}` is now {_shown(b)} (was {_shown(a)})")
        if not parts:
            return None
        return Change(change_kind, ident, was, now, f"{label}: " + "; ".join(parts))
    if isinstance(was, list) or isinstance(now, list):
        old_items = [_shown_item(v) for v in (was if isinstance(was, list) else [])]
        new_items = [_shown_item(v) for v in (now if isinstance(now, list) else [])]
        added = [v for v in new_items if v not in old_items]
        removed = [v for v in old_items if v not in new_items]
        if not added and not removed:
            return None
        parts = []
        if added:
            parts.append(f"added {_names(added)}")
        if removed:
            parts.append(f"removed {_names(removed)}")
        return Change(change_kind, ident, was, now, f"{label} `{name}`: " + "; ".join(parts))
    if was == now:
        return None
    return Change(
        change_kind, ident, was, now, f"{label} `{name}` is now {_shown(now)} (was {_shown(was)})"
    )


def _fields(pair: _Pair, kind: str, old: str, new: str) -> list[Change]:
    out = []
    for name in FIELDS[kind]:
        if name in _OWN[kind]:
            continue
        was = pair.mapped(name, pair.before.get(old, name))
        now = pair.after.get(new, name)
        if (
            name not in _ORDERED
            and isinstance(was, list)
            and isinstance(now, list)
            and sorted(map(str, was)) == sorted(map(str, now))
        ):
            continue
        if was != now and (change := _field_change(kind, new, name, was, now)):
            out.append(change)
    return out


def _kind_changes(pair: _Pair, kind: str) -> list[Change]:
    added, removed, renamed = _added_removed(pair, kind)
    out = [*added, *removed, *renamed]
    for old, new in _kept(pair, kind):
        out += _own_changes(pair, kind, old, new)
        out += _fields(pair, kind, old, new)
    return out


def _org_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    out = []
    for name in ORG_FIELDS:
        was, now = before.info.get(name), after.info.get(name)
        if before.info and after.info and was != now:
            out.append(
                Change(
                    f"org-{name}",
                    "org",
                    was,
                    now,
                    f"org `{name}` is now {_shown(now)} (was {_shown(was)})",
                )
            )
    return out


def changes(before: Snapshot | Org, after: Snapshot | Org) -> list[Change]:
    """Structural changes from ``before`` to ``after``: people, teams, data, models, each
    field and relation, renames as renames; then the org's own fields."""
    if isinstance(before, Org):
        before = snapshot(before)
    if isinstance(after, Org):
        after = snapshot(after)
    pair = _Pair(before, after)
    return [
        *(c for kind in ("person", "team", "data", "model") for c in _kind_changes(pair, kind)),
        *_org_changes(before, after),
    ]


def match_key(finding: Finding, root_dir: str = "", renamed: dict[str, str] | None = None) -> str:
    """The fingerprint (with the entity's id after ``renamed``); for a finding about no
    entity (keyed by file and message), the file relative to the org's root folder and the
    message without line numbers, so that two copies of an org in different folders, or
    shifted lines, still match."""
    if finding.entity is not None:
        if renamed and finding.entity in renamed:
            return f"{finding.code}:{renamed[finding.entity]}:{finding.field or ''}"
        return finding.fingerprint()
    path = os.path.relpath(finding.path, root_dir) if root_dir else finding.path
    return f"{finding.code}:{path}:{_LINE_NUMBER.sub('', finding.message)}"


@dataclass
class FindingDiff:
    introduced: list[Finding]
    resolved: list[Finding]
    unchanged: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)  # newly: not counted as resolved


def match_findings(
    before: list[Finding],
    after: list[Finding],
    before_dir: str = "",
    after_dir: str = "",
    renamed: dict[str, str] | None = None,
) -> FindingDiff:
    """Findings matched as multisets by ``match_key``: a fingerprint seen twice before and
    three times after is one introduced, two unchanged. A finding suppressed in the head
    that was not suppressed in the base is newly suppressed, neither resolved nor new."""
    active: dict[str, list[Finding]] = defaultdict(list)
    hidden: dict[str, int] = defaultdict(int)
    for f in before:
        key = match_key(f, before_dir, renamed)
        if f.suppressed is None:
            active[key].append(f)
        else:
            hidden[key] += 1
    introduced, unchanged, suppressed = [], [], []
    for f in after:
        if f.suppressed is None:
            left = active.get(match_key(f, after_dir))
            if left:
                left.pop(0)
                unchanged.append(f)
            else:
                introduced.append(f)
    for f in after:
        if f.suppressed is not None:
            key = match_key(f, after_dir)
            if hidden[key]:
                hidden[key] -= 1
                continue
            suppressed.append(f)
            if active.get(key):
                active[key].pop(0)
    resolved = sorted((f for fs in active.values() for f in fs), key=Finding.sort_key)
    return FindingDiff(introduced, resolved, unchanged, suppressed)
