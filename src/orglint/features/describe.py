"""What an org looks like: a summary, the facts it lacks, and for every ML or research team
(and every product team whose own ML people build models) its place on the three axes of
002 and the design it matches, among 000/001's five, 003's feature team and 002's
archetypes.

The classification is a short list of tests in a fixed order; each test that decides
records the facts it used, so a reader can check the answer against the org file.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from orglint.findings import SEVERITIES, SEVERITY_RANK, Finding
from orglint.resolve.org import ACTIVE, UNKNOWN, Org

ML_TEAM_TYPES = ("ml", "research")
SOFTWARE_SKILLS = frozenset({"backend", "frontend", "devops"})
SHIPPING_SKILLS = ("frontend", "backend", "devops")
# Team types whose members work on a product or business line (002's "product teams or
# business units"), as opposed to functional or ML teams.
PRODUCT_TYPES = frozenset({"product", "business", "engineering"})

S000 = "000_10e9566b940d870c.txt"
S001 = "001_f535c1ed49b48fcf.txt"
S002 = "002_ccb2a8ae2a5aefd5.txt"
S003 = "003_f136d91f7e43b1ed.txt"
S004 = "004_38fa3b7c01b57b73.txt"


@dataclass(frozen=True)
class Source:
    file: str
    section: str

    def __str__(self) -> str:
        return f'{self.file}, "{self.section}"'

    def to_dict(self) -> dict:
        return {"file": self.file, "section": self.section}


@dataclass(frozen=True)
class Point:
    """A strength or a cost, paraphrased, with where it comes from."""

    text: str
    source: Source

    def to_dict(self) -> dict:
        return {"text": self.text, "source": self.source.to_dict()}


@dataclass(frozen=True)
class Design:
    name: str
    title: str
    sources: tuple[Source, ...]
    strengths: tuple[Point, ...]
    costs: tuple[Point, ...]
    rules: tuple[str, ...] = ()  # rule codes that watch this design's known costs


def _s(file: str, section: str) -> Source:
    return Source(file, section)


_LAB0, _LAB1 = (
    _s(S000, "1. Research & Development Labs"),
    _s(S001, "1. Research & Development Labs"),
)
_EMB0 = _s(S000, "2. Embedded within Business & Product Teams")
_EMB1 = _s(S001, "2. Embedded within Business & Product Teams")
_CON0, _CON1 = _s(S000, "3. Data Science Consultant"), _s(S001, "3. Data Science Consultant")
_PRO0 = _s(S000, "4. [Near Future] Productized Data Science Team")
_PRO1 = _s(S001, "4. [Near Future] Productized Data Science Team")
_FS0 = _s(S000, "5. [Verloop Today] Full Stack Data Science")
_FSC = _s(S000, "Characterstic of ML Org at Verloop.io")
_FS1 = _s(S001, "5. [Today] Machine Learning Pillar")
_FT3 = _s(S003, "Anatomy of a Machine Learning Teamwork")
_FT3D = _s(S003, "Delivery for ML Teams")
_FT4 = _s(S004, "Solution: Product-driven teams")

# 000/001: how the ML team sits in the org. Paraphrased; never the sources' sentences.
DESIGNS: dict[str, Design] = {
    d.name: d
    for d in (
        Design(
            "rnd-lab",
            "Research & development lab",
            (_LAB0, _LAB1),
            (
                Point(
                    "Draws strong research talent and lets it work on long-term business and "
                    "technical problems; suits companies with plenty of capital.",
                    _LAB0,
                ),
            ),
            (
                Point(
                    "The lab controls neither its inputs (the data) nor its outputs (how models "
                    "do in production), which leaves it little to offer a startup that has not "
                    "reached product-market fit.",
                    _LAB1,
                ),
            ),
            ("ARC001",),
        ),
        Design(
            "embedded",
            "Embedded in business and product teams",
            (_EMB0, _EMB1),
            (
                Point(
                    "The most common design among the startups the author surveyed, and the one "
                    "several well-regarded ML organisations use: a data scientist and an analyst "
                    "sit in an engineering team that serves one product or business area.",
                    _EMB1,
                ),
            ),
            (
                Point(
                    "Data standards and practices are hard to keep uniform across the org.", _EMB0
                ),
                Point(
                    "Managing the function gets harder as the range of problems across features "
                    "keeps growing.",
                    _EMB0,
                ),
            ),
            ("ARC004", "ARC005", "ARC008"),
        ),
        Design(
            "consultant",
            "Data science consultant",
            (_CON0, _CON1),
            (
                Point(
                    "Popular with startups and small firms that have a services arm: teams bring a "
                    "problem to a data science lead, who scopes it, sets its success criteria and "
                    "passes it to a data scientist.",
                    _CON1,
                ),
            ),
            (
                Point(
                    "It has many known but rarely stated limitations that eat into the gross "
                    "margin of a SaaS business; the author dropped it early for that reason.",
                    _CON0,
                ),
            ),
            ("ARC002", "COL002"),
        ),
        Design(
            "productized",
            "Productized (central) data science team",
            (_PRO0, _PRO1),
            (
                Point(
                    "Every data scientist reports into one central function rather than only to "
                    "the unit they serve, which gives the function more autonomy and standing "
                    "(titles such as Chief Data Scientist or VP of ML), much like a central design "
                    "team.",
                    _PRO0,
                ),
            ),
            (
                Point(
                    "Its lead must hold the context of every project; past some number of projects "
                    "that context becomes the bottleneck.",
                    _PRO1,
                ),
            ),
            ("ARC003",),
        ),
        Design(
            "full-stack",
            "Full-stack data science (ML pillar)",
            (_FS0, _FSC, _FS1),
            (
                Point(
                    "Each ML engineer carries work end to end with no division of labour, and the "
                    "team owns both model performance and deployment.",
                    _FSC,
                ),
                Point("High autonomy makes talent easier to attract.", _FS1),
            ),
            (
                Point(
                    "The talent pool is smaller: candidates who did not want to do engineering "
                    "declined, and keeping people is hard.",
                    _FSC,
                ),
                Point(
                    "Shipping apart from the engineering roadmap left the team feeling isolated "
                    "and made the loop back from users depend on one product manager.",
                    _FSC,
                ),
                Point(
                    "Without a product manager the ML lead absorbs that role and becomes the "
                    "go-between for PM and data scientists.",
                    _FSC,
                ),
                Point(
                    "Because the team can change anything from engineering to the frontend, what "
                    "it can break or improve reaches far.",
                    _FS1,
                ),
            ),
            ("COL001", "COL002", "SKL002", "SKL003"),
        ),
        Design(
            "feature-team",
            "Cross-functional feature team",
            (_FT3, _FT3D, _FT4),
            (
                Point(
                    "One team holds a mission and most of a product's life cycle: product "
                    "management, engineers and data scientists frame problems and ship together, "
                    "instead of coordinating through their managers.",
                    _FT3,
                ),
                Point(
                    "Data scientists can carry their work from prototype to deployment, "
                    "retraining and monitoring for shifts in the data.",
                    _FT3D,
                ),
            ),
            (
                Point(
                    "The author would have added a product designer and domain experts as the "
                    "team grew; without them, usability and domain knowledge sit outside it.",
                    _FT3,
                ),
                Point(
                    "Practitioners spread across feature teams see few peers of their own "
                    "discipline, and tools and standards need a small central platform team.",
                    _FT4,
                ),
            ),
            ("ARC004", "ARC005", "SKL004", "SKL005", "MON001"),
        ),
    )
}

# Not one of 002's archetypes: the written facts place the team (or the org) in none of
# them, or the facts that would decide are missing. The reasons say which.
UNPLACED = Design("unplaced", "Not placed among 002's archetypes", (), (), ())

_A = {
    name: _s(S002, section)
    for name, section in (
        ("nascent", "The Nascent and Ad-Hoc Machine Learning organization"),
        ("rnd", "The Research and Development Machine Learning organization"),
        ("embedded", "The Business and Product Embedded Machine Learning organization"),
        ("independent", "The Independent Machine Learning organization"),
        ("ml-first", "The Machine Learning First organization"),
    )
}

# 002: how the whole organisation does ML.
ARCHETYPES: dict[str, Design] = {
    d.name: d
    for d in (
        Design(
            "nascent",
            "Nascent and ad-hoc ML",
            (_A["nascent"],),
            (Point("There is usually easy, valuable work for ML to pick up.", _A["nascent"]),),
            (
                Point(
                    "ML work gets little support, and good practitioners are hard to hire and to "
                    "keep.",
                    _A["nascent"],
                ),
            ),
            ("ARC006",),
        ),
        Design(
            "rnd",
            "Research and development ML",
            (_A["rnd"],),
            (
                Point(
                    "Can hire experienced researchers and aim at long-term priorities for large "
                    "wins.",
                    _A["rnd"],
                ),
            ),
            (
                Point(
                    "Good data is hard to come by, and research seldom becomes business value, so "
                    "investment tends to stay small.",
                    _A["rnd"],
                ),
            ),
            ("ARC001",),
        ),
        Design(
            "embedded",
            "Business and product embedded ML",
            (_A["embedded"],),
            (
                Point(
                    "Improvements are likely to turn into business value, with a short loop from "
                    "an idea to a product change.",
                    _A["embedded"],
                ),
            ),
            (
                Point(
                    "Top talent stays hard to hire and grow, and access to data and compute can "
                    "lag.",
                    _A["embedded"],
                ),
                Point(
                    "ML project cycles clash with engineering management, so long-term ML work is "
                    "hard to justify.",
                    _A["embedded"],
                ),
            ),
            ("ARC005", "ARC008"),
        ),
        Design(
            "independent",
            "Independent ML organization",
            (_A["independent"],),
            (
                Point(
                    "Talent density helps hire and train top practitioners, and senior leaders can "
                    "secure data and compute, so the org can invest in ML tooling, practice and "
                    "culture.",
                    _A["independent"],
                ),
            ),
            (
                Point(
                    "Handing models over to business lines is hard: their users must buy in and "
                    "learn to use them, and feedback comes slowly.",
                    _A["independent"],
                ),
            ),
            ("DEP001", "DAT002"),
        ),
        Design(
            "ml-first",
            "ML-first organization",
            (_A["ml-first"],),
            (
                Point(
                    "The best access to data, the strongest pull for recruiting, and the easiest "
                    "deployment, since product teams understand ML.",
                    _A["ml-first"],
                ),
            ),
            (
                Point(
                    "Hard to achieve: making ML thinking part of every team is a cultural "
                    "challenge.",
                    _A["ml-first"],
                ),
            ),
        ),
    )
}


@dataclass
class Match:
    design: Design
    reasons: list[str]

    def to_dict(self) -> dict:
        d = self.design
        return {
            "name": d.name,
            "title": d.title,
            "reasons": self.reasons,
            "sources": [s.to_dict() for s in d.sources],
            "strengths": [p.to_dict() for p in d.strengths],
            "costs": [p.to_dict() for p in d.costs],
            "rules": list(d.rules),
        }


@dataclass
class TeamView:
    id: str
    name: str | None
    type: str
    axes: dict
    design: Match
    archetype: Match
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "axes": self.axes,
            "design": self.design.to_dict(),
            "archetype": self.archetype.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class Description:
    name: str | None
    stage: str | None
    business: str | None
    root: str
    summary: dict
    org_archetype: Match | None
    teams: list[TeamView]
    findings: dict
    missing_facts: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "org": {
                "name": self.name,
                "stage": self.stage,
                "business": self.business,
                "root": self.root,
            },
            "summary": self.summary,
            "org_archetype": self.org_archetype.to_dict() if self.org_archetype else None,
            "ml_teams": [t.to_dict() for t in self.teams],
            "findings": self.findings,
            "missing_facts": self.missing_facts,
        }


# -- summary -------------------------------------------------------------------------


def _ref(value) -> str | None:
    if value is UNKNOWN:
        return "?"
    return value


def reporting_shape(org: Org) -> tuple[int, str | None, int]:
    """Levels of the reporting tree (from its tops; people in a cycle are not reached), and
    the person with the most direct reports."""
    depth = 0
    seen: set[str] = set()
    queue = deque((top, 1) for top in org.tops)
    while queue:
        pid, level = queue.popleft()
        if pid in seen:
            continue
        seen.add(pid)
        depth = max(depth, level)
        queue.extend((r, level + 1) for r in org.reports.get(pid, ()))
    widest, span = None, 0
    for pid, reports in org.reports.items():
        if len(reports) > span:
            widest, span = pid, len(reports)
    return depth, widest, span


def summarize(org: Org) -> dict:
    depth, widest, span = reporting_shape(org)
    stages = Counter(m.stage for m in org.models.values())
    return {
        "headcount": len(org.people),
        "teams": len(org.teams),
        "teams_by_type": dict(sorted(Counter(t.type for t in org.teams.values()).items())),
        "reporting": {"depth": depth, "widest_span": {"person": widest, "reports": span}},
        "models_by_stage": {
            s: stages[s]
            for s in ("idea", "research", "development", "production", "retired")
            if stages[s]
        },
        "models": [
            {
                "id": mid,
                "stage": m.stage,
                "built_by": _ref(org.built_by.get(mid)),
                "owned_by": _ref(org.owned_by.get(mid)),
                "deployed_by": _ref(org.deployed_by.get(mid)),
            }
            for mid, m in org.models.items()
        ],
        "data": len(org.data),
    }


# -- the three axes of 002 -------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def engineering_axis(org: Org, tid: str) -> dict:
    """Software engineering vs research, from the members' skills."""
    members = org.members.get(tid, [])
    software = [p for p in members if not SOFTWARE_SKILLS.isdisjoint(org.skills.get(p, ()))]
    research = [p for p in members if "research" in org.skills.get(p, ())]
    n = len(members)
    sw, rs = _share(len(software), n) or 0, _share(len(research), n) or 0
    if sw >= 0.5 and sw > rs:
        position = "software engineering"
    elif rs >= 0.5 and rs > sw:
        position = "research"
    elif sw == rs == 0:
        position = "modelling only"
    elif sw == rs:
        position = "balanced"
    else:
        position = "leans software engineering" if sw > rs else "leans research"
    return {
        "position": position,
        "members": len(members),
        "software": len(software),
        "research": len(research),
        "ml": org.ml_members.get(tid, 0),
        "software_share": sw,
        "research_share": rs,
        "shipping_skills": [s for s in SHIPPING_SKILLS if s in org.team_skills.get(tid, ())],
    }


def _live_models(org: Org, tid: str) -> list[str]:
    return [m for m in org.team_models(tid) if org.models[m].stage != "retired"]


def data_axis(org: Org, tid: str) -> dict:
    """How much of the data its models read the team owns."""
    read: dict[str, None] = {}
    for mid in _live_models(org, tid):
        for did in org.models[mid].data:
            if did in org.data:
                read[did] = None
    owned = [d for d in read if org.data[d].owner == tid]
    others = sorted({org.data[d].owner or "(no owner)" for d in read if d not in owned})
    share = _share(len(owned), len(read))
    if share is None:
        position = "no data read"
    elif share == 1:
        position = "owns all"
    elif share >= 0.5:
        position = "owns most"
    elif share > 0:
        position = "owns some"
    else:
        position = "owns none"
    return {
        "position": position,
        "read": list(read),
        "owned": owned,
        "share": share,
        "other_owners": others,
        "owns_any_data": bool(org.data_owned.get(tid)),
    }


def escalated_to(org: Org, mid: str, tid: str) -> bool:
    monitoring = org.models[mid].monitoring
    if monitoring is None or not monitoring.escalation:
        return False
    members = set(org.members.get(tid, ()))
    return any(e == tid or e in members for e in monitoring.escalation)


def model_axis(org: Org, tid: str) -> dict:
    """Whether the team builds, owns, deploys and is escalated to for its models."""
    rows = []
    for mid in dict.fromkeys(_live_models(org, tid) + org.deploys.get(tid, [])):
        stage = org.models[mid].stage
        if stage not in ACTIVE:
            continue
        rows.append(
            {
                "id": mid,
                "stage": stage,
                "builds": org.built_by.get(mid) == tid,
                "owns": org.owned_by.get(mid) == tid,
                "deploys": org.deployed_by.get(mid) == tid,
                "escalated": escalated_to(org, mid, tid) if stage == "production" else None,
            }
        )
    if not rows:
        position = "no active models"
    elif all(
        r["builds"] and r["owns"] and r["deploys"] and r["escalated"] is not False for r in rows
    ):
        position = "end to end"
    elif not any(r["owns"] or r["deploys"] for r in rows):
        position = "builds only"
    else:
        position = "partial"
    production = [r for r in rows if r["stage"] == "production"]
    return {
        "position": position,
        "models": rows,
        "builds": sum(r["builds"] for r in rows),
        "owns": sum(r["owns"] for r in rows),
        "deploys": sum(r["deploys"] for r in rows),
        "production": len(production),
        "escalated": sum(bool(r["escalated"]) for r in production),
    }


# -- facts the org lacks ---------------------------------------------------------------

# Each fact describe reasons from, and where it is written. A source that cannot express a
# fact (Backstage has no reporting lines, a roster has no models) marks it unknown by
# putting its name in ``org.unknown_facts`` (a set, or a dict from name to the reason).
FACTS: dict[str, str] = {
    "people": "a `people:` list, one entry per person",
    "teams": "a `teams:` list with each team's `type`, `lead` and `members`",
    "skills": "`skills:` on each person (ORG-FORMAT.md, Skills; role names are accepted)",
    "reporting_lines": "`reports_to:` on every person but the top of the org",
    "kpis": "`kpis:` on the teams that build or own models, each with its `kind`",
    "models": "a `models:` list with each model's `stage`, `built_by` and `owned_by`",
    "data": "a `data:` list with each asset's `owner`, and `data:` on the models that read it",
}


def unknown_facts(org: Org) -> dict[str, str]:
    """Facts a source marked as unknown: it cannot express them, so their absence says
    nothing about the org."""
    marked = getattr(org, "unknown_facts", None) or ()
    if isinstance(marked, Mapping):
        return {str(k): str(v) for k, v in marked.items()}
    return {str(k): "the source it was read from cannot express it" for k in marked}


def missing_facts(org: Org) -> list[dict[str, str]]:
    """The facts the org does not state (``missing``, or ``partial`` with a count) or that
    its source cannot state (``unknown``), each with where it could be written."""
    unknown = unknown_facts(org)
    people = org.people
    without_skills = [p for p, person in people.items() if not person.skills]
    status: dict[str, tuple[str, str]] = {}
    if not people:
        status["people"] = ("missing", "no person is written")
    if not org.teams:
        status["teams"] = ("missing", "no team is written")
    if people and len(without_skills) == len(people):
        status["skills"] = ("missing", "no person has `skills` written")
    elif without_skills:
        status["skills"] = (
            "partial",
            f"{len(without_skills)} of {len(people)} people have no `skills` written",
        )
    if len(people) > 1 and all(p.reports_to is None for p in people.values()):
        status["reporting_lines"] = ("missing", "no person has `reports_to` written")
    if org.teams and all(t.kpis is None for t in org.teams.values()):
        status["kpis"] = ("missing", "no team lists `kpis`")
    if not org.models:
        status["models"] = ("missing", "no model is written")
    if not org.data:
        status["data"] = ("missing", "no data asset is written")
    for fact, why in unknown.items():
        status[fact] = ("unknown", why)
    names = [*FACTS, *(f for f in unknown if f not in FACTS)]
    return [
        {
            "fact": fact,
            "status": status[fact][0],
            "detail": status[fact][1],
            "where": FACTS.get(fact, "wherever the org's source can state it"),
        }
        for fact in names
        if fact in status
    ]


def _lacks(facts: list[dict[str, str]], fact: str) -> bool:
    """Whether the org gives nothing to decide on ``fact`` (missing or unknown)."""
    return any(f["fact"] == fact and f["status"] in ("missing", "unknown") for f in facts)


def _lack_reason(facts: list[dict[str, str]], fact: str) -> str:
    found = next(f for f in facts if f["fact"] == fact)
    if found["status"] == "unknown":
        return f"{fact.replace('_', ' ')} are unknown: {found['detail']}"
    return found["detail"]


# -- which teams are described ---------------------------------------------------------


def _builds_active(org: Org, tid: str) -> bool:
    return any(org.models[m].stage in ACTIVE for m in org.builds.get(tid, ()))


def ml_presence(org: Org, tid: str) -> bool:
    """ML people working inside a product or business line: an embedded team with ML
    skill, or a product-like team whose own ML people build an active model (004 embeds
    people, not only teams)."""
    if not org.ml_members.get(tid, 0):
        return False
    if org.is_embedded(tid):
        return True
    return org.teams[tid].type in PRODUCT_TYPES and _builds_active(org, tid)


def described(org: Org, tid: str) -> bool:
    """ML and research teams (a `data` team doing ML counts, RULES.md), and embedded ML
    presences."""
    team = org.teams[tid]
    if team.type in ML_TEAM_TYPES:
        return True
    if team.type == "data" and org.ml_members.get(tid, 0) and _builds_active(org, tid):
        return True
    return ml_presence(org, tid)


# -- designs ---------------------------------------------------------------------------


def _names(ids: Iterable[object]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def manager_chain(org: Org, pid: str) -> list[str] | None:
    """The people above ``pid``, nearest first; None when the chain leaves the org (an
    unresolved `reports_to`) or loops."""
    chain: list[str] = []
    seen = {pid}
    current = pid
    while True:
        boss = org.people[current].reports_to
        if boss is None:
            return chain
        if boss not in org.people or boss in seen:
            return None
        chain.append(boss)
        seen.add(boss)
        current = boss


def _ml_people(org: Org, tid: str) -> list[str]:
    return [p for p in org.members.get(tid, ()) if org.has_ml_skill(p)]


def feature_team(org: Org, tid: str) -> list[str]:
    """003's cross-functional feature team: its own members bring product management and
    software engineering beside its ML people. The reasons, or [] when it is not one.
    Design and domain expertise are named when present; 003's own team had neither yet."""
    pms, engineers = cross_functional(org, tid)
    if not (pms and engineers and org.ml_members.get(tid, 0)):
        return []
    skills = org.team_skills.get(tid, frozenset())
    extra = [s for s in ("design", "domain-expertise") if s in skills]
    return [
        f"a cross-functional team: product management ({_names(pms)}), software engineers "
        f"without ML skill ({_names(engineers)}) and ML people "
        f"({_names(_ml_people(org, tid))}) in one team"
        + (f", with {' and '.join(extra)}" if extra else "")
    ]


def match_design(org: Org, tid: str, axes: dict) -> Match:
    """The designs of 000/001 (and 003's feature team), decided by the first test that
    holds."""
    team = org.teams[tid]
    eng, models = axes["software_vs_research"], axes["model_ownership"]
    parent = org.teams.get(team.parent) if team.parent else None
    if team.embedded_in is not None:
        return Match(
            DESIGNS["embedded"], [f"`embedded_in: {team.embedded_in}`: it works inside that team"]
        )
    if team.engagement == "embedded":
        return Match(DESIGNS["embedded"], ["`engagement: embedded`"])
    if parent is not None and parent.type in ("product", "business"):
        return Match(
            DESIGNS["embedded"], [f"it sits within `{team.parent}`, a team of type {parent.type}"]
        )
    if team.type in PRODUCT_TYPES:
        return Match(
            DESIGNS["embedded"],
            [
                f"a team of type {team.type} whose own ML people "
                f"({_names(_ml_people(org, tid))}) build active models"
            ],
        )
    if team.engagement == "consulting":
        return Match(
            DESIGNS["consultant"],
            ["`engagement: consulting`: other teams bring it problems to solve"],
        )
    if team.type == "research":
        return Match(
            DESIGNS["rnd-lab"],
            [
                "it is a team of type research (an R&D arm)",
                f"its skills lean to {eng['position']} "
                f"({eng['research']} of {eng['members']} members do research)",
            ],
        )
    if team.engagement == "central":
        return Match(
            DESIGNS["productized"],
            [
                "`engagement: central`: a central function its ML people report into",
                *_serves(org, tid),
            ],
        )
    # Before `engagement: full-stack`: 001's pillar is ML engineers doing every role with no
    # PM; a team whose own members include a PM and engineers is 003's feature team.
    cross = feature_team(org, tid)
    if cross:
        if team.engagement == "full-stack":
            cross.append(
                "`engagement: full-stack` is written, but 001's ML pillar has no product "
                "manager and no engineers outside ML"
            )
        return Match(DESIGNS["feature-team"], cross)
    if team.engagement == "full-stack":
        return Match(DESIGNS["full-stack"], ["`engagement: full-stack`", *_end_to_end(models)])
    # No engagement written: infer it from what the team does.
    if eng["position"] == "research" and not models["production"]:
        return Match(
            DESIGNS["rnd-lab"],
            [
                f"its skills lean to research ({eng['research']} of {eng['members']} members)",
                "it has no model in production",
            ],
        )
    handed = [r["id"] for r in models["models"] if r["builds"] and not r["owns"]]
    if handed and len(handed) * 2 > models["builds"]:
        owners = sorted({str(_ref(org.owned_by.get(m))) for m in handed})
        return Match(
            DESIGNS["consultant"],
            [
                f"most models it builds ({_names(handed)}) are owned by the teams it builds "
                f"them for ({_names(owners)})"
            ],
        )
    shipping = eng["shipping_skills"]
    if models["position"] == "end to end" and len(shipping) == len(SHIPPING_SKILLS):
        return Match(
            DESIGNS["full-stack"],
            [*_end_to_end(models), "its own members cover frontend, backend and devops"],
        )
    return Match(
        DESIGNS["productized"],
        ["not embedded, no `engagement` written: a central ML function", *_serves(org, tid)],
    )


def _end_to_end(models: dict) -> list[str]:
    if models["position"] == "end to end":
        return [
            f"it builds, owns and deploys all {len(models['models'])} of its active models"
            + (" and drift alerts reach it" if models["production"] else "")
        ]
    if models["position"] == "no active models":
        return ["it has no active models yet"]
    return [
        f"model ownership is {models['position']}: it builds {models['builds']}, owns "
        f"{models['owns']} and deploys {models['deploys']} of {len(models['models'])} active models"
    ]


def _serves(org: Org, tid: str) -> list[str]:
    others = [t for t in org.collaborators.get(tid, []) if t != tid]
    return [f"it works with {_names(others)}"] if others else ["it works with no other team"]


def ml_first(org: Org) -> list[str]:
    """Teams outside ML that have ML people and build or own an active model themselves."""
    out = []
    for tid, team in org.teams.items():
        if team.type in PRODUCT_TYPES and org.ml_members.get(tid, 0) and org.has_active_model(tid):
            out.append(tid)
    return out


def cross_functional(org: Org, tid: str) -> tuple[list[str], list[str]]:
    """Members with product management, and software engineers without ML skill."""
    members = org.members.get(tid, [])
    pms = [p for p in members if "product-management" in org.skills.get(p, ())]
    engineers = [
        p
        for p in members
        if not SOFTWARE_SKILLS.isdisjoint(org.skills.get(p, ())) and not org.has_ml_skill(p)
    ]
    return pms, engineers


# Designs in which ML people work inside a product team rather than in an ML group.
IN_PRODUCT = ("embedded", "feature-team")
# 002: the independent ML division "reports directly to senior leadership": its lead is the
# top of the org, reports to it, or reports to one of its direct reports (a CTO, a CPO).
MAX_INDEPENDENT_CHAIN = 2


def units_led(org: Org) -> dict[str, list[str]]:
    """Person -> the product and business teams they lead (the business lines)."""
    led: dict[str, list[str]] = {}
    for tid, team in org.teams.items():
        if team.lead is not None and team.type in ("product", "business"):
            led.setdefault(team.lead, []).append(tid)
    return led


def independence(
    org: Org,
    tid: str,
    reasons: list[str],
    facts: list[dict[str, str]],
    led_units: dict[str, list[str]] | None = None,
) -> Match:
    """``independent`` when the team's lead is within reach of senior leadership; else
    ``embedded`` when its lead reports up through a product or business team's lead;
    else unplaced, saying why."""
    lead = org.teams[tid].lead
    if _lacks(facts, "reporting_lines"):
        return Match(
            UNPLACED,
            [
                *reasons,
                f"{_lack_reason(facts, 'reporting_lines')}: whether it reports to "
                "senior leadership (002's independent ML organization) cannot be told",
            ],
        )
    if lead is None or lead not in org.people:
        return Match(
            UNPLACED,
            [*reasons, "it has no `lead`: whom the ML group reports to is not written"],
        )
    chain = manager_chain(org, lead)
    if chain is None:
        return Match(
            UNPLACED,
            [*reasons, f"the reporting line above its lead `{lead}` loops or leaves the org"],
        )
    if len(chain) <= MAX_INDEPENDENT_CHAIN:
        if not chain:
            where = f"its lead `{lead}` is at the top of the org"
        elif len(chain) == 1:
            where = f"its lead `{lead}` reports to `{chain[0]}`, the top of the org"
        else:
            where = (
                f"its lead `{lead}` reports to `{chain[0]}`, who reports to `{chain[1]}`, "
                "the top of the org"
            )
        return Match(ARCHETYPES["independent"], [*reasons, where])
    path = " → ".join(f"`{p}`" for p in [lead, *chain])
    deep = f"its lead is {len(chain)} levels below the top of the org ({path})"
    led = units_led(org) if led_units is None else led_units
    for boss in chain:
        units = [t for t in led.get(boss, ()) if t != tid]
        if units:
            return Match(
                ARCHETYPES["embedded"],
                [
                    *reasons,
                    deep,
                    f"it reports up through `{boss}`, who leads {_names(units)}: ML inside a "
                    "business or product line, not a division under senior leadership",
                ],
            )
    return Match(
        UNPLACED,
        [
            *reasons,
            deep,
            "002's independent ML organization reports to senior leadership, and no product "
            "or business team's lead is above it",
        ],
    )


def match_archetype(
    org: Org,
    tid: str,
    design: Match,
    first: list[str],
    facts: list[dict[str, str]],
    led_units: dict[str, list[str]] | None = None,
) -> Match:
    """002's archetypes, decided by the first test that holds. ``first`` lists the product
    teams with their own ML people when the org as a whole is ML-first, else is empty."""
    if not org.ml_members.get(tid, 0):
        if _lacks(facts, "skills"):
            return Match(UNPLACED, [f"{_lack_reason(facts, 'skills')}: ML skill cannot be told"])
        return Match(ARCHETYPES["nascent"], ["no member has ML skill (`ml` or `data-science`)"])
    if tid in first:
        return Match(
            ARCHETYPES["ml-first"],
            [
                f"one of the product teams with their own ML people ({_names(first)}) in an "
                "org that also has a separate ML group: 002's experts across the business"
            ],
        )
    if design.design.name in IN_PRODUCT:
        return Match(ARCHETYPES["embedded"], design.reasons)
    if first:
        return Match(
            ARCHETYPES["ml-first"],
            [
                f"ML is spread across the business: {_names(first)} have their own ML people "
                "and build or own active models",
                "this team is the ML group beside them, not placed in a product team",
            ],
        )
    if design.design.name == "rnd-lab":
        elsewhere = [
            t
            for t in org.teams
            if org.teams[t].type != "research"
            and org.ml_members.get(t, 0)
            and org.has_active_model(t)
        ]
        if not elsewhere:
            return Match(
                ARCHETYPES["rnd"],
                [
                    "ML is centred in research: no team outside research builds or owns an active "
                    "model with its own ML people"
                ],
            )
        reasons = [f"a research group in an org that also ships ML ({_names(elsewhere)})"]
    else:
        reasons = ["a separate ML team, not embedded in a product or business team"]
    return independence(org, tid, reasons, facts, led_units)


def ml_first_teams(org: Org, designs: dict[str, Match]) -> list[str]:
    """002's ML-first org: ML people in at least two product teams that build or own models
    themselves, and an ML group of its own (a team of type ml or research not placed in a
    product team). Without that group it is the embedded archetype spread wide."""
    product_ml = ml_first(org)
    division = any(m.design.name not in IN_PRODUCT for m in designs.values())
    return product_ml if len(product_ml) >= 2 and division else []


def org_archetype(
    org: Org, first: list[str], designs: dict[str, Match], facts: list[dict[str, str]]
) -> Match | None:
    """The org as a whole, when the teams make it clear; None when they differ."""
    if not any(org.has_ml_skill(p) for p in org.people):
        if _lacks(facts, "skills"):
            return Match(
                UNPLACED,
                [f"{_lack_reason(facts, 'skills')}: who does ML cannot be told"],
            )
        return Match(
            ARCHETYPES["nascent"],
            ["no one in the org has ML skill"]
            + ([f"yet {len(org.models)} model(s) are described"] if org.models else []),
        )
    if first:
        reasons = [
            f"{_names(first)} have their own ML people and build or own active models",
            "a separate ML group works beside them",
        ]
        ml_tops = [p for p in org.tops if org.has_ml_skill(p)]
        if ml_tops:
            reasons.append(f"the top of the org ({_names(ml_tops)}) has ML skill")
        return Match(ARCHETYPES["ml-first"], reasons)
    inside = [t for t, m in designs.items() if m.design.name in IN_PRODUCT]
    groups = [t for t in designs if t not in inside]
    building = [t for t in inside if _builds_active(org, t)]
    if building and not groups:
        people = len({p for t in inside for p in _ml_people(org, t)})
        return Match(
            ARCHETYPES["embedded"],
            [
                f"{people} ML people work inside product or business teams ({_names(inside)}), "
                f"and {_names(building)} build active models",
                "there is no separate ML or research group",
            ],
        )
    if not designs:
        return Match(
            ARCHETYPES["nascent"],
            [
                "people have ML skill, but no ML or research team and no product team whose "
                "own ML people build an active model: ML is done ad hoc"
            ],
        )
    return None


# -- findings that bear on a team -----------------------------------------------------


def related_entities(org: Org, tid: str) -> set[str]:
    """The team, the models it builds, owns or deploys, the data it owns, its members."""
    ids = {tid, *org.members.get(tid, ()), *org.data_owned.get(tid, ())}
    ids.update(org.builds.get(tid, ()), org.owns.get(tid, ()), org.deploys.get(tid, ()))
    return ids


def describe(org: Org, findings: list[Finding]) -> Description:
    active = [f for f in findings if f.suppressed is None]
    facts = missing_facts(org)
    axes_of, designs = {}, {}
    for tid in org.teams:
        if described(org, tid):
            axes_of[tid] = {
                "software_vs_research": engineering_axis(org, tid),
                "data_ownership": data_axis(org, tid),
                "model_ownership": model_axis(org, tid),
            }
            designs[tid] = match_design(org, tid, axes_of[tid])
    first = ml_first_teams(org, designs)
    led = units_led(org)
    by_entity: dict[str | None, list[Finding]] = {}
    for f in active:
        by_entity.setdefault(f.entity, []).append(f)
    teams = []
    for tid, axes in axes_of.items():
        archetype = match_archetype(org, tid, designs[tid], first, facts, led)
        bearing = [f for ident in related_entities(org, tid) for f in by_entity.get(ident, ())]
        bearing.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.sort_key()))
        team = org.teams[tid]
        teams.append(TeamView(tid, team.name, team.type, axes, designs[tid], archetype, bearing))
    counts = Counter(f.severity for f in active)
    info = org.info
    return Description(
        info.name if info else None,
        info.stage if info else None,
        info.business if info else None,
        org.root_path,
        summarize(org),
        org_archetype(org, first, designs, facts),
        teams,
        {s: counts[s] for s in SEVERITIES},
        facts,
    )
