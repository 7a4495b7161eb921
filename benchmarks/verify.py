#!/usr/bin/env python3
"""Check the invariants of a generated org (independently of orglint).

    python benchmarks/verify.py ROOT.yaml

Loads the root file and its includes with PyYAML (C loader when available) and checks
what the generator promises: only format-v1 keys, well-formed unique ids across all
kinds, every reference resolves to an id of the right kind, exactly one person without
``reports_to`` and no reporting cycle. Prints a few statistics (including how often the
simplest rules should fire). Exit status 1 when an invariant is violated.
"""

from __future__ import annotations

import glob
import os
import re
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
ROOT_KEYS = {"version", "org", "include", "people", "teams", "data", "models"}
PART_KEYS = {"people", "teams", "data", "models"}
ORG_KEYS = {"name", "stage", "business"}
KEYS = {
    "people": {"id", "name", "title", "reports_to", "skills"},
    "teams": {
        "id",
        "name",
        "type",
        "lead",
        "members",
        "parent",
        "embedded_in",
        "works_with",
        "engagement",
        "kpis",
    },
    "data": {"id", "name", "owner", "available_in_production"},
    "models": {
        "id",
        "name",
        "stage",
        "built_by",
        "owned_by",
        "deployed_by",
        "user_facing",
        "data",
        "monitoring",
    },
}
KIND = {"people": "person", "teams": "team", "data": "data", "models": "model"}
TEAM_TYPES = {
    "product",
    "engineering",
    "platform",
    "ml",
    "data",
    "research",
    "it",
    "design",
    "business",
    "leadership",
    "chapter",
}
ENGAGEMENTS = {"central", "embedded", "consulting", "full-stack"}
STAGES = {"idea", "research", "development", "production", "retired"}
ORG_STAGES = {"pre-pmf", "early", "growth", "scale", "enterprise"}
BUSINESSES = {"saas", "services", "ecommerce", "consumer", "marketplace", "internal", "other"}


def _load(path: str):
    import gc

    with open(path, "rb") as fh:
        data = fh.read()
    gc.disable()
    try:
        return yaml.load(data, Loader=Loader)
    finally:
        gc.enable()


def verify(root: str) -> tuple[list[str], dict]:
    problems: list[str] = []
    err = problems.append
    doc = _load(root)
    files = [(root, doc)]
    if not isinstance(doc, dict):
        return [f"{root}: top level is not a mapping"], {}
    for k in doc:
        if k not in ROOT_KEYS:
            err(f"{root}: unknown top-level key {k!r}")
    if doc.get("version") != 1:
        err(f"{root}: version is not 1")
    org = doc.get("org") or {}
    if not isinstance(org.get("name"), str):
        err(f"{root}: org.name missing")
    for k in org:
        if k not in ORG_KEYS:
            err(f"{root}: unknown org key {k!r}")
    if org.get("stage", "growth") not in ORG_STAGES:
        err(f"{root}: bad org.stage")
    if org.get("business", "other") not in BUSINESSES:
        err(f"{root}: bad org.business")
    for pattern in doc.get("include") or []:
        matches = sorted(glob.glob(os.path.join(os.path.dirname(root), pattern)))
        if not matches:
            err(f"{root}: include {pattern!r} matches nothing")
        for path in matches:
            sub = _load(path)
            for k in sub:
                if k not in PART_KEYS:
                    err(f"{path}: key {k!r} not allowed in an included file")
            files.append((path, sub))

    kind_of: dict[str, str] = {}
    ents: dict[str, list[dict]] = {k: [] for k in KEYS}
    for path, d in files:
        for sec, allowed in KEYS.items():
            for e in d.get(sec) or []:
                if not isinstance(e, dict):
                    err(f"{path}: {sec} entry is not a mapping")
                    continue
                for k in e:
                    if k not in allowed and not str(k).startswith("x-"):
                        err(f"{path}: {sec} {e.get('id')}: unknown key {k!r}")
                i = e.get("id")
                if not isinstance(i, str) or not ID_RE.match(i) or len(i) > 64:
                    err(f"{path}: malformed id {i!r}")
                    continue
                if i in kind_of:
                    err(f"{path}: duplicate id {i!r} ({kind_of[i]} and {KIND[sec]})")
                    continue
                kind_of[i] = KIND[sec]
                ents[sec].append(e)

    def ref(owner, field, value, kinds):
        if not isinstance(value, str):
            err(f"{owner}.{field}: not a string id: {value!r}")
        elif kind_of.get(value) not in kinds:
            err(
                f"{owner}.{field}: {value!r} is {kind_of.get(value) or 'undefined'}, "
                f"expected {'/'.join(kinds)}"
            )

    def reflist(owner, field, values, kinds):
        if not isinstance(values, list):
            err(f"{owner}.{field}: not a list")
            return
        for v in values:
            ref(owner, field, v, kinds)

    P, T = ("person",), ("team",)
    tops = []
    mgr: dict[str, str] = {}
    reports: dict[str, int] = {}
    for p in ents["people"]:
        r = p.get("reports_to")
        if r is None:
            tops.append(p["id"])
        else:
            ref(p["id"], "reports_to", r, P)
            mgr[p["id"]] = r
            reports[r] = reports.get(r, 0) + 1
        s = p.get("skills")
        if s is not None and not (isinstance(s, list) and all(isinstance(x, str) for x in s)):
            err(f"{p['id']}: skills not a list of strings")
        for f in ("name", "title"):
            if f in p and not isinstance(p[f], str):
                err(f"{p['id']}.{f}: not a string")
    if len(tops) != 1:
        err(f"expected exactly one person without reports_to, found {len(tops)}: {tops[:5]}")
    # no cycles: every chain reaches the top
    depth: dict[str, int] = dict.fromkeys(tops, 0)
    for pid in mgr:
        chain = []
        cur = pid
        while cur not in depth:
            chain.append(cur)
            cur = mgr.get(cur)
            if cur is None or len(chain) > len(mgr) + 1:
                err(f"{pid}: reporting chain does not reach the top")
                break
        else:
            d0 = depth[cur]
            for k, c in enumerate(reversed(chain)):
                depth[c] = d0 + k + 1
    in_team: set[str] = set()
    big_teams = 0
    for t in ents["teams"]:
        tid = t["id"]
        if t.get("type") not in TEAM_TYPES:
            err(f"{tid}: bad type {t.get('type')!r}")
        if "lead" in t:
            ref(tid, "lead", t["lead"], P)
        reflist(tid, "members", t.get("members", []), P)
        mem = set(t.get("members") or [])
        if "lead" in t:
            mem.add(t["lead"])
        in_team |= mem
        if t.get("type") not in ("chapter", "leadership") and len(mem) > 9:
            big_teams += 1
        for f in ("parent", "embedded_in"):
            if f in t:
                ref(tid, f, t[f], T)
        if "works_with" in t:
            reflist(tid, "works_with", t["works_with"], T)
        if "engagement" in t and t["engagement"] not in ENGAGEMENTS:
            err(f"{tid}: bad engagement")
        for k in t.get("kpis") or []:
            if set(k) - {"name", "kind"} or k.get("kind") not in ("model", "product", "business"):
                err(f"{tid}: bad kpi {k!r}")
    # the team tree (parent) must be acyclic
    parent = {t["id"]: t.get("parent") for t in ents["teams"]}
    for tid, first in parent.items():
        seen = 0
        cur = first
        while cur is not None:
            seen += 1
            if seen > len(parent):
                err(f"{tid}: team parent cycle")
                break
            cur = parent.get(cur)
    for d in ents["data"]:
        if "owner" in d:
            ref(d["id"], "owner", d["owner"], T)
        if "available_in_production" in d and not isinstance(d["available_in_production"], bool):
            err(f"{d['id']}: available_in_production not a bool")
    stage_count: dict[str, int] = {}
    for m in ents["models"]:
        mid = m["id"]
        if m.get("stage") not in STAGES:
            err(f"{mid}: bad stage")
        stage_count[m.get("stage")] = stage_count.get(m.get("stage"), 0) + 1
        for f in ("built_by", "owned_by", "deployed_by"):
            if f in m:
                ref(mid, f, m[f], T)
        if "data" in m:
            reflist(mid, "data", m["data"], ("data",))
        if "user_facing" in m and not isinstance(m["user_facing"], bool):
            err(f"{mid}: user_facing not a bool")
        mon = m.get("monitoring")
        if mon is not None:
            if set(mon) - {"drift", "escalation"}:
                err(f"{mid}: unknown monitoring key")
            if "escalation" in mon:
                reflist(mid, "monitoring.escalation", mon["escalation"], ("team", "person"))
    n = len(ents["people"])
    no_team = sum(
        1 for p in ents["people"] if p["id"] not in in_team and p.get("reports_to") is not None
    )
    stats = {
        "files": len(files),
        "bytes": sum(os.path.getsize(f) for f, _ in files),
        "people": n,
        "teams": len(ents["teams"]),
        "data": len(ents["data"]),
        "models": len(ents["models"]),
        "model stages": dict(sorted(stage_count.items())),
        "max reporting depth": max(depth.values()) if depth else 0,
        "managers with > 10 reports (STR003)": sum(1 for v in reports.values() if v > 10),
        "teams with > 9 members (STR004)": big_teams,
        "people in no team besides the top (STR005)": no_team,
    }
    stats["bytes per person"] = round(stats["bytes"] / max(1, n), 1)
    return problems, stats


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    problems, stats = verify(argv[0])
    for k, v in stats.items():
        print(f"{k}: {v}")
    for p in problems[:50]:
        print("PROBLEM:", p)
    print(f"{len(problems)} invariant violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
