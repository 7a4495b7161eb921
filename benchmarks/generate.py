#!/usr/bin/env python3
"""Deterministic generator of realistic synthetic org files (org format v1).

    python benchmarks/generate.py N OUTDIR [--split K] [--seed S] [--verify]

Writes ``OUTDIR/org.yaml`` (and, with ``--split K``, ``OUTDIR/teams/part-XX.yaml``
included from the root by a glob) describing an organisation of N people, and prints
the root path.

The organisation looks like one a human would write: a reporting tree (CEO at the top,
managers with 3-9 direct reports, a few with more than 10), work teams of ~7 under a
tree of leadership teams (tribes/departments), chapters, data assets, models (~1 per
50 people) with monitoring. Good and bad practice are mixed so that orglint's rules
fire at a realistic rate (a few findings per 100 people): some hand-offs to IT, some
missing drift monitoring or escalation, warehouse-only data, isolated ML teams, teams
that are too large, managers with too many reports, ...

The file is built with plain string formatting (no YAML dumper) so that 1M people takes
seconds. Output depends only on N, K and the seed (no set or hash ordering is used).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import unicodedata

GENERATOR_VERSION = 4  # bump when the output for a given (N, K, seed) changes

# --------------------------------------------------------------------------- names

FIRST_NAMES = [
    "Aarav",
    "Abebe",
    "Ada",
    "Adaeze",
    "Adrian",
    "Ahmed",
    "Aiko",
    "Aisha",
    "Alejandro",
    "Alex",
    "Alice",
    "Amara",
    "Amir",
    "Ana",
    "Andrea",
    "Andrei",
    "Anja",
    "Anton",
    "Arjun",
    "Asha",
    "Ayumi",
    "Bao",
    "Beatriz",
    "Ben",
    "Bilal",
    "Carlos",
    "Chen",
    "Chiara",
    "Chloé",
    "Dana",
    "Daniel",
    "Darius",
    "David",
    "Deepa",
    "Diego",
    "Dmitri",
    "Elena",
    "Elif",
    "Emeka",
    "Emma",
    "Erik",
    "Esther",
    "Fatima",
    "Felix",
    "Femi",
    "Freya",
    "Gabriel",
    "Gaurav",
    "Grace",
    "Hana",
    "Hannah",
    "Hassan",
    "Ines",
    "Ingrid",
    "Ivan",
    "Jamal",
    "Jana",
    "Javier",
    "Jin",
    "Joana",
    "João",
    "Jonas",
    "José",
    "Julia",
    "Kai",
    "Kavya",
    "Kenji",
    "Kofi",
    "Lars",
    "Laura",
    "Leila",
    "Lena",
    "Li",
    "Lucas",
    "Luis",
    "Maya",
    "Mehmet",
    "Mei",
    "Mia",
    "Miguel",
    "Mina",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Nikhil",
    "Nirant",
    "Noah",
    "Nora",
    "Olga",
    "Omar",
    "Oscar",
    "Pablo",
    "Paul",
    "Priya",
    "Rahul",
    "Ravi",
    "Rosa",
    "Sakura",
    "Sam",
    "Sara",
    "Sergei",
    "Sofia",
    "Søren",
    "Tariq",
    "Thomas",
    "Tomás",
    "Uma",
    "Victor",
    "Wei",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoë",
    "Zhang",
]

LAST_NAMES = [
    "Abadi",
    "Adeyemi",
    "Agarwal",
    "Ahmed",
    "Alvarez",
    "Andersen",
    "Bauer",
    "Becker",
    "Bianchi",
    "Brown",
    "Castro",
    "Chen",
    "Cohen",
    "Costa",
    "Das",
    "Dubois",
    "Eriksson",
    "Fernandes",
    "Fischer",
    "Garcia",
    "Gomez",
    "Gonzalez",
    "Gupta",
    "Hansen",
    "Hoffmann",
    "Horvat",
    "Huang",
    "Ibrahim",
    "Ito",
    "Iyer",
    "Jansen",
    "Jensen",
    "Johnson",
    "Kapoor",
    "Kato",
    "Khan",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Lee",
    "Lopez",
    "Martin",
    "Mehta",
    "Meyer",
    "Moreau",
    "Müller",
    "Murphy",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Ortiz",
    "Park",
    "Patel",
    "Pereira",
    "Petrov",
    "Quispe",
    "Rahman",
    "Rao",
    "Reddy",
    "Rossi",
    "Sato",
    "Schmidt",
    "Schneider",
    "Shah",
    "Silva",
    "Singh",
    "Smith",
    "Sousa",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Tiwari",
    "Torres",
    "Vargas",
    "Wagner",
    "Wang",
    "Weber",
    "Williams",
    "Wójcik",
    "Yamamoto",
    "Yilmaz",
    "Zhou",
    "Zimmermann",
]


def _ascii_slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("ø", "o").replace("Ø", "O"))
    return s.encode("ascii", "ignore").decode("ascii").lower()


FIRST_SLUGS = [_ascii_slug(n) for n in FIRST_NAMES]
LAST_SLUGS = [_ascii_slug(n) for n in LAST_NAMES]

DOMAINS = [
    "search",
    "checkout",
    "payments",
    "growth",
    "ads",
    "catalog",
    "logistics",
    "fraud",
    "recs",
    "support",
    "identity",
    "pricing",
    "messaging",
    "maps",
    "billing",
    "onboarding",
    "inventory",
    "notifications",
    "reviews",
    "delivery",
    "loyalty",
    "marketplace",
    "trust",
    "content",
    "video",
    "voice",
    "analytics",
    "partners",
    "mobile",
    "web",
    "insurance",
    "lending",
    "risk",
    "compliance",
    "merchants",
    "travel",
    "health",
    "learning",
]

MODEL_TASKS = [
    "ranker",
    "classifier",
    "forecaster",
    "detector",
    "recommender",
    "scorer",
    "matcher",
    "tagger",
    "embedder",
    "summarizer",
    "router",
    "estimator",
    "segmenter",
    "predictor",
]

DATA_NOUNS = [
    "events",
    "clicks",
    "orders",
    "sessions",
    "transactions",
    "profiles",
    "logs",
    "reviews",
    "images",
    "tickets",
    "labels",
    "features",
    "snapshots",
    "metrics",
    "transcripts",
    "inventory",
    "prices",
]

# work-team types and their weights (leadership and chapter teams are made separately)
WORK_TYPES = (
    "product",
    "engineering",
    "platform",
    "ml",
    "data",
    "design",
    "business",
    "it",
    "research",
)
WORK_WEIGHTS = (27, 22, 7, 13, 9, 6, 13, 2, 1)
TEAM_WORD = {
    "product": "squad",
    "engineering": "eng",
    "platform": "platform",
    "ml": "ml",
    "data": "data",
    "design": "design",
    "business": "ops",
    "it": "it",
    "research": "lab",
}
TEAM_TITLE = {
    "product": "Product Lead",
    "engineering": "Engineering Manager",
    "platform": "Platform Lead",
    "ml": "ML Lead",
    "data": "Data Lead",
    "design": "Design Lead",
    "business": "Operations Manager",
    "it": "IT Manager",
    "research": "Research Lead",
}

# (skills list, weight) pools per team type for individual contributors. Skill strings
# are written as a human would: canonical names, aliases, sometimes other free text.
IC_SKILLS = {
    "product": [
        ("[backend]", 22),
        ("[frontend]", 16),
        ("[fe]", 4),
        ("[web, frontend]", 3),
        ("[backend, sre]", 5),
        ("[pm]", 6),
        ("[product-management]", 4),
        ("[design]", 5),
        ("[ux]", 3),
        ("[sme]", 5),
        ("[domain-expertise]", 4),
        ("[analytics]", 5),
        ("[ml]", 3),
        ("[mle, backend]", 2),
        ("[be]", 4),
        ("[devops]", 4),
    ],
    "engineering": [
        ("[backend]", 30),
        ("[be]", 6),
        ("[frontend]", 18),
        ("[fe]", 4),
        ("[backend, devops]", 10),
        ("[sre]", 6),
        ("[infra]", 3),
        ("[frontend, design]", 3),
        ("[Backend]", 2),
        ("[mobile, frontend]", 5),
    ],
    "platform": [
        ("[devops]", 20),
        ("[sre]", 15),
        ("[infra]", 8),
        ("[backend, devops]", 15),
        ("[mlops]", 8),
        ("[mlops, ml]", 4),
        ("[backend]", 12),
        ("[kubernetes, sre]", 5),
    ],
    "ml": [
        ("[ml]", 18),
        ("[mle]", 12),
        ("[machine-learning]", 4),
        ("[data-science]", 14),
        ("[ds]", 8),
        ("[ml, backend]", 8),
        ("[ds, analytics]", 5),
        ("[de]", 6),
        ("[data-engineering]", 5),
        ("[mlops, ml]", 5),
        ("[backend]", 4),
        ("[ML]", 2),
        ("[sme]", 2),
        ("[research, ml]", 3),
    ],
    "data": [
        ("[data-engineering]", 25),
        ("[de]", 15),
        ("[analytics]", 20),
        ("[de, backend]", 8),
        ("[analytics, sql]", 8),
        ("[ds]", 4),
        ("[backend]", 5),
    ],
    "design": [
        ("[design]", 30),
        ("[ux]", 20),
        ("[ui-design]", 10),
        ("[design, frontend]", 8),
        ("[user-research]", 5),
    ],
    "business": [
        ("[domain-expertise]", 15),
        ("[sme]", 15),
        ("[sales]", 15),
        ("[support]", 15),
        ("[account-management]", 8),
        ("[analytics]", 5),
        ("[operations]", 8),
    ],
    "it": [
        ("[it-operations]", 30),
        ("[networking]", 10),
        ("[helpdesk]", 10),
        ("[devops]", 5),
        ("[security]", 8),
    ],
    "research": [
        ("[research]", 20),
        ("[research, ml]", 20),
        ("[data-science]", 10),
        ("[ml]", 10),
        ("[research, ds]", 8),
    ],
}
# Roles most teams of a type staff first: (skills, probability the team has one).
CORE_ROLES = {
    "product": [
        ("[pm]", 0.55),
        ("[design]", 0.6),
        ("[frontend]", 0.8),
        ("[sme]", 0.45),
        ("[backend, devops]", 0.4),
    ],
    "engineering": [("[frontend]", 0.6), ("[sre]", 0.5)],
    "ml": [
        ("[mle]", 0.95),
        ("[de]", 0.75),
        ("[mlops, ml]", 0.6),
        ("[sme]", 0.55),
        ("[pm]", 0.35),
        ("[frontend]", 0.25),
        ("[ux]", 0.15),
    ],
    "data": [("[de]", 0.9), ("[analytics]", 0.6)],
    "research": [("[research, ml]", 0.9)],
}
LEAD_SKILLS = {
    "product": [
        ("[pm, management]", 50),
        ("[product-management]", 20),
        ("[management]", 20),
        ("[management, backend]", 10),
    ],
    "engineering": [("[management, backend]", 50), ("[management]", 40), ("[be, sre]", 10)],
    "platform": [("[management, devops]", 60), ("[management, sre]", 30), ("[management]", 10)],
    "ml": [
        ("[management, ml]", 45),
        ("[management, data-science]", 25),
        ("[management, pm]", 10),
        ("[mle, pm]", 8),
        ("[management]", 12),
    ],
    "data": [("[management, data-engineering]", 60), ("[management, analytics]", 40)],
    "design": [("[management, design]", 80), ("[ux, management]", 20)],
    "business": [("[management, sme]", 50), ("[management, sales]", 50)],
    "it": [("[management, it-operations]", 100)],
    "research": [("[management, research, ml]", 100)],
}
LEADERSHIP_SKILLS = [
    ("[management]", 50),
    ("[management, pm]", 15),
    ("[management, backend]", 15),
    ("[management, ml]", 8),
    ("[management, sme]", 12),
]
IC_TITLES = {
    "product": ["Software Engineer", "Senior Engineer", "Product Manager", "Product Designer"],
    "engineering": ["Software Engineer", "Senior Engineer", "Staff Engineer"],
    "platform": ["Site Reliability Engineer", "Platform Engineer"],
    "ml": ["Data Scientist", "ML Engineer", "Senior Data Scientist"],
    "data": ["Data Engineer", "Analytics Engineer", "Data Analyst"],
    "design": ["Product Designer", "UX Researcher"],
    "business": ["Account Executive", "Support Specialist", "Operations Analyst"],
    "it": ["IT Specialist", "Systems Administrator"],
    "research": ["Research Scientist"],
}

ML_CANON = ("ml", "data-science", "machine-learning", "mle", "ds")
PM_CANON = ("product-management", "pm", "product")


def _has(skillstr: str, names) -> bool:
    inner = skillstr[1:-1].lower().split(", ")
    return any(s in names for s in inner)


class _Picker:
    """Weighted choice with precomputed cumulative weights (fast, deterministic)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs):
        import itertools

        self.items = [p[0] for p in pairs]
        self.cum = list(itertools.accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        import bisect

        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


# --------------------------------------------------------------------------- model


class Org:
    """The generated organisation (plain lists indexed by integer handles)."""

    def __init__(self):
        # people
        self.p_id: list[str] = []
        self.p_name: list[str | None] = []
        self.p_title: list[str | None] = []
        self.p_mgr: list[int] = []
        self.p_skills: list[str | None] = []
        # teams: dicts with ordered keys
        self.teams: list[dict] = []
        self.data: list[dict] = []
        self.models: list[dict] = []


def _span(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.004:
        return rng.randint(11, 14)  # an overloaded manager (STR003)
    # 3..9, mostly 5-7; 9 is rare (front-line team of 10 trips STR004)
    return _SPAN_PICK(rng)


_SPAN_PICK = _Picker([(3, 6), (4, 12), (5, 20), (6, 25), (7, 20), (8, 13), (9, 1.5)])


def _chapter(ix: int, ident: str, domain: str, lead: int, members: list[int], name: str) -> dict:
    """A chapter or guild: people from other teams, no parent, listed in block style."""
    return {
        "ix": ix,
        "id": ident,
        "type": "chapter",
        "domain": domain,
        "lead": lead,
        "members": members,
        "parent": -1,
        "works_with": [],
        "embedded_in": -1,
        "engagement": None,
        "kpis": None,
        "list_lead": True,
        "block": True,
        "name": name,
    }


def generate(n: int, seed: int = 1) -> Org:
    if n < 1:
        raise ValueError("N must be >= 1")
    rng = random.Random(seed)
    org = Org()
    rand = rng.random
    randrange = rng.randrange

    # ---- reporting tree, breadth first: manager i gets reports [start[i], start[i]+cnt[i])
    mgr = [-1] * n
    start = [0] * n
    cnt = [0] * n
    nxt, i = 1, 0
    while nxt < n:
        k = min(_span(rng), n - nxt)
        start[i] = nxt
        cnt[i] = k
        for c in range(nxt, nxt + k):
            mgr[c] = i
        nxt += k
        i += 1
    last_mgr = i - 1  # people 0..last_mgr are managers, the others individual contributors

    # ---- people ids and names
    used: dict[str, int] = {}
    nf, nl = len(FIRST_NAMES), len(LAST_NAMES)
    p_id = org.p_id
    p_name = org.p_name
    for _ in range(n):
        a = randrange(nf)
        b = randrange(nl)
        base = FIRST_SLUGS[a] + "." + LAST_SLUGS[b]
        k = used.get(base, 0) + 1
        used[base] = k
        p_id.append(base if k == 1 else base + str(k))
        # most people have a display name; some files leave it out
        p_name.append(FIRST_NAMES[a] + " " + LAST_NAMES[b] if rand() < 0.82 else None)
    del used
    org.p_mgr = mgr

    # ---- teams, one per manager; leadership teams for managers of managers
    team_of_mgr = [-1] * (last_mgr + 1)
    wtype = _Picker(list(zip(WORK_TYPES, WORK_WEIGHTS)))
    teams = org.teams
    p_team = [-1] * n  # the one work/leadership team a person is a plain member of
    for m in range(last_mgr + 1):
        s, c = start[m], cnt[m]
        parent_team = team_of_mgr[mgr[m]] if m else -1
        leadership = s <= last_mgr  # has managers among its reports
        tix = len(teams)
        if m == 0:
            domain = "exec"
        elif leadership and (teams[parent_team]["domain"] == "exec" or rand() < 0.35):
            domain = DOMAINS[randrange(len(DOMAINS))]
        else:
            domain = teams[parent_team]["domain"]
        if leadership:
            ttype = "leadership"
            tid = "exec" if m == 0 else f"{domain}-{'dept' if rand() < 0.5 else 'tribe'}-{tix}"
        else:
            ttype = wtype(rng)
            tid = f"it-ops-{tix}" if ttype == "it" else f"{domain}-{TEAM_WORD[ttype]}-{tix}"
        members = list(range(s, s + c))
        t = {
            "ix": tix,
            "id": tid,
            "type": ttype,
            "domain": domain,
            "lead": m,
            "members": members,
            "parent": parent_team,
            "works_with": [],
            "embedded_in": -1,
            "engagement": None,
            "kpis": None,
            "list_lead": rand() < 0.4,
        }
        teams.append(t)
        team_of_mgr[m] = tix
        for p in members:
            p_team[p] = tix
    if n == 1:  # a one-person org: the CEO alone, in a leadership team of one
        teams.append(
            {
                "ix": 0,
                "id": "exec",
                "type": "leadership",
                "domain": "exec",
                "lead": 0,
                "members": [],
                "parent": -1,
                "works_with": [],
                "embedded_in": -1,
                "engagement": None,
                "kpis": None,
                "list_lead": True,
            }
        )
        team_of_mgr = [0]

    # ---- skills and titles
    ic_pick = {k: _Picker(v) for k, v in IC_SKILLS.items()}
    lead_pick = {k: _Picker(v) for k, v in LEAD_SKILLS.items()}
    ldr_pick = _Picker(LEADERSHIP_SKILLS)
    p_skills: list[str | None] = [None] * n
    p_title: list[str | None] = [None] * n
    for m in range(last_mgr + 1):
        t = teams[team_of_mgr[m]]
        tt = t["type"]
        if m == 0:
            p_skills[0], p_title[0] = "[leadership, management]", "CEO"
        elif tt == "leadership":
            p_skills[m] = ldr_pick(rng)
            p_title[m] = ("VP " if rand() < 0.2 else "Director, ") + t["domain"].capitalize()
        else:
            p_skills[m] = lead_pick[tt](rng)
            p_title[m] = TEAM_TITLE[tt]
    for t in teams:
        tt = t["type"]
        if tt == "leadership":
            continue
        pick = ic_pick[tt]
        titles = IC_TITLES[tt]
        core = [sk for sk, prob in CORE_ROLES.get(tt, ()) if rand() < prob]
        for j, p in enumerate(t["members"]):
            r = rand()
            if j < len(core):
                p_skills[p] = core[j]
            else:
                p_skills[p] = None if r < 0.1 else pick(rng)
            if r > 0.92:
                p_title[p] = titles[randrange(len(titles))]
    org.p_skills = p_skills
    org.p_title = p_title

    is_ml = [s is not None and _has(s, ML_CANON) for s in p_skills]

    # STR005: a few people not yet listed in any team (new joiners)
    for t in teams:
        if t["type"] != "leadership" and rand() < 0.012 and len(t["members"]) > 3:
            t["members"].pop()

    # ---- team relations among siblings (teams with the same parent)
    children: dict[int, list[int]] = {}
    for t in teams:
        if t["parent"] >= 0:
            children.setdefault(t["parent"], []).append(t["ix"])
    by_type: dict[str, list[int]] = {}
    for t in teams:
        by_type.setdefault(t["type"], []).append(t["ix"])

    def sib_of(t, types):
        return [
            x for x in children.get(t["parent"], ()) if x != t["ix"] and teams[x]["type"] in types
        ]

    for t in teams:
        tt = t["type"]
        if tt == "ml":
            prods = sib_of(t, ("product",))
            r = rand()
            if prods and r < 0.45:
                t["embedded_in"] = prods[randrange(len(prods))]
                if rand() < 0.3:
                    t["engagement"] = "embedded"
            elif r < 0.92:
                cands = sib_of(t, ("product", "engineering", "platform"))
                if cands:
                    t["works_with"].append(cands[randrange(len(cands))])
                if rand() < 0.05:
                    t["engagement"] = "consulting" if rand() < 0.3 else "central"
            # else: an isolated ML team (COL001 if it ships models)
            datas = sib_of(t, ("data",))
            if datas and rand() < 0.7:
                t["works_with"].append(datas[randrange(len(datas))])
            plats = sib_of(t, ("platform",))
            if plats and rand() < 0.5 and plats[0] not in t["works_with"]:
                t["works_with"].append(plats[0])
            if rand() < 0.3:
                kinds = ("model", "product", "business")
                k = 1 + randrange(3)
                if rand() < 0.2:
                    t["kpis"] = [("model accuracy", "model")] * 1
                else:
                    t["kpis"] = [
                        (
                            "offline " + ("auc", "ndcg", "f1")[j % 3]
                            if kinds[j] == "model"
                            else ("conversion", "revenue per user")[j % 2],
                            kinds[j],
                        )
                        for j in range(k)
                    ]
                    if all(x[1] == "model" for x in t["kpis"]):
                        t["kpis"].append(("retention", "product"))
        elif tt == "product" and rand() < 0.25:
            engs = sib_of(t, ("engineering", "design"))
            if engs:
                t["works_with"].append(engs[randrange(len(engs))])
        elif tt == "data" and rand() < 0.2:
            plats = sib_of(t, ("platform",))
            if plats:
                t["works_with"].append(plats[randrange(len(plats))])

    # ---- chapters: communities of practice for ML people outside ML teams, and others
    # ML people who are the only one with ML skill in every team they belong to
    n_ml_in = [0] * len(teams)
    for t in teams:
        mem = t["members"] + [t["lead"]]
        n_ml_in[t["ix"]] = sum(1 for p in dict.fromkeys(mem) if is_ml[p])
    not_alone = [False] * n
    for t in teams:
        if n_ml_in[t["ix"]] > 1:
            for p in t["members"]:
                not_alone[p] = True
            not_alone[t["lead"]] = True
    chapter_pool: list[int] = [
        p for p in range(n) if is_ml[p] and not not_alone[p] and rand() < 0.9
    ]
    # plus a few practitioners from ML teams who like to share
    for t in teams:
        if t["type"] == "ml" and rand() < 0.3 and t["members"]:
            chapter_pool.append(t["members"][0])
    chapter_pool.sort()
    csize = 24
    for j in range(0, len(chapter_pool), csize):
        mem = chapter_pool[j : j + csize]
        tix = len(teams)
        teams.append(
            _chapter(tix, f"ml-chapter-{tix}", "ml", mem[0], mem, f"ML chapter {j // csize + 1}")
        )
    # frontend / design guilds (people from product teams), about one per 400 people
    for g in range(max(0, n // 400)):
        name = ("frontend", "design", "data")[g % 3]
        prods = by_type.get("product") or by_type.get("engineering") or []
        if not prods:
            break
        mem = []
        for _ in range(12):
            pt = teams[prods[randrange(len(prods))]]
            if pt["members"]:
                mem.append(pt["members"][randrange(len(pt["members"]))])
        mem = sorted(dict.fromkeys(mem))
        if len(mem) < 2:
            continue
        tix = len(teams)
        teams.append(
            _chapter(tix, f"{name}-guild-{tix}", name, -1, mem, f"{name.capitalize()} guild")
        )

    # ---- data assets, ~1 per 40 people
    def team_pool(*types):
        for tt in types:
            if by_type.get(tt):
                return by_type[tt]
        return [t["ix"] for t in teams]

    n_data = max(2, n // 40)
    data_by_owner: dict[int, list[int]] = {}
    owner_pick = _Picker([("data", 55), ("platform", 15), ("ml", 15), ("product", 10), (None, 5)])
    for d in range(n_data):
        ot = owner_pick(rng)
        if ot is None:
            owner = -1
        else:
            pool = team_pool(ot, "data", "engineering")
            owner = pool[randrange(len(pool))]
        dom = teams[owner]["domain"] if owner >= 0 else DOMAINS[randrange(len(DOMAINS))]
        if dom in ("exec", "ml", "frontend", "design", "data"):
            dom = DOMAINS[d % len(DOMAINS)]
        noun = DATA_NOUNS[randrange(len(DATA_NOUNS))]
        r = rand()
        avail = False if r < 0.12 else (True if r < 0.3 else None)
        org.data.append(
            {
                "id": f"{dom}-{noun}-{d}",
                "owner": owner,
                "avail": avail,
                "name": r > 0.6 and f"{dom.capitalize()} {noun}",
            }
        )
        if owner >= 0:
            data_by_owner.setdefault(owner, []).append(d)
    all_data_n = len(org.data)

    # ---- models, ~1 per 50 people
    n_models = max(1, n // 50)
    ml_teams = by_type.get("ml", [])
    builder_pick = _Picker([("ml", 82), ("data", 7), ("product", 7), ("research", 4)])
    stage_pick = _Picker(
        [("idea", 8), ("research", 12), ("development", 25), ("production", 45), ("retired", 10)]
    )
    plat_teams = by_type.get("platform", [])
    it_teams = by_type.get("it", [])

    def collaborators(tix):
        t = teams[tix]
        out = [tix] + t["works_with"]
        if t["embedded_in"] >= 0:
            out.append(t["embedded_in"])
        return out

    def lead_or_ml(tix):
        t = teams[tix]
        if is_ml[t["lead"]]:
            return t["lead"]
        for p in t["members"]:
            if is_ml[p]:
                return p
        return t["lead"]

    # a few central ML teams that carry too many models (ARC003), ~1 per 25k people
    central = [x for x in ml_teams if teams[x]["embedded_in"] < 0][: n // 25000]
    plan: list[int] = []
    for x in central:
        plan.extend([x] * 7)
    for j in range(n_models):
        if j < len(plan):
            builder = plan[j]
            stage = "production" if j % 2 else "development"
        else:
            bt = builder_pick(rng)
            pool = team_pool(bt, "ml", "engineering")
            builder = pool[randrange(len(pool))]
            stage = stage_pick(rng)
        bteam = teams[builder]
        dom = bteam["domain"]
        if dom in ("exec", "ml"):
            dom = DOMAINS[j % len(DOMAINS)]
        task = MODEL_TASKS[randrange(len(MODEL_TASKS))]
        active = stage in ("development", "production")
        m = {
            "id": f"{dom}-{task}-{j}",
            "stage": stage,
            "built_by": builder,
            "owned_by": -1,
            "deployed_by": -1,
            "user_facing": None,
            "data": [],
            "monitoring": None,
            "name": rand() < 0.5 and f"{dom.capitalize()} {task}",
        }
        r = rand()
        if r < 0.15:
            m["owned_by"] = builder
        elif r < 0.27:
            host = bteam["embedded_in"] if bteam["embedded_in"] >= 0 else -1
            if host < 0:
                prods = [x for x in collaborators(builder) if teams[x]["type"] == "product"]
                host = prods[0] if prods else builder
            m["owned_by"] = host
        if active:
            r = rand()
            if r < 0.22 and plat_teams:
                cands = [x for x in collaborators(builder) if teams[x]["type"] == "platform"]
                if cands:
                    m["deployed_by"] = cands[0]
                else:
                    m["deployed_by"] = plat = plat_teams[randrange(len(plat_teams))]
                    if rand() < 0.85:  # most teams plan the deployment with the platform
                        bteam["works_with"].append(plat)
            elif r < 0.26 and it_teams:
                m["deployed_by"] = it_teams[randrange(len(it_teams))]  # the hand-off to IT
            elif r < 0.32:
                m["deployed_by"] = builder
        r = rand()
        m["user_facing"] = True if r < 0.3 else (False if r < 0.45 else None)
        if stage != "idea":
            pool = []
            for x in collaborators(builder):
                pool.extend(data_by_owner.get(x, ()))
            k = 1 + randrange(3)
            for _ in range(k):
                if pool and rand() < 0.85:
                    d = pool[randrange(len(pool))]
                else:
                    d = randrange(all_data_n)
                    # most teams avoid warehouse-only data for live models
                    if org.data[d]["avail"] is False and rand() < 0.6:
                        d = (d + 1) % all_data_n
                    owner = org.data[d]["owner"]
                    if (
                        owner >= 0 and owner not in collaborators(builder) and rand() < 0.8
                    ):  # and work with the data's owner
                        bteam["works_with"].append(owner)
                        pool.extend(data_by_owner.get(owner, ()))
                if d not in m["data"]:
                    m["data"].append(d)
        if stage == "production":
            r = rand()
            drift = r < 0.88
            r = rand()
            if r < 0.80:
                esc = [("t", builder), ("p", lead_or_ml(builder))]
            elif r < 0.86:
                esc = [("t", builder)]
            elif r < 0.89 and it_teams:
                esc = [("t", it_teams[randrange(len(it_teams))])]  # MON002
            elif r < 0.92:
                esc = []  # MON002 (empty list)
            else:
                esc = None  # MON002 (missing)
            m["monitoring"] = (drift, esc)
        elif stage == "development" and rand() < 0.3:
            m["monitoring"] = (rand() < 0.5, [("t", builder)])
        org.models.append(m)
    return org


# --------------------------------------------------------------------------- emit


def _emit_people(org: Org, lo: int, hi: int, out: list[str]) -> None:
    p_id, p_name, p_title, p_mgr, p_skills = (
        org.p_id,
        org.p_name,
        org.p_title,
        org.p_mgr,
        org.p_skills,
    )
    app = out.append
    for p in range(lo, hi):
        nm = p_name[p]
        app(f"  - id: {p_id[p]}\n    name: {nm}\n" if nm else f"  - id: {p_id[p]}\n")
        t = p_title[p]
        if t:
            app(f"    title: {t}\n")
        m = p_mgr[p]
        app(f"    reports_to: {p_id[m]}\n" if m >= 0 else "    reports_to: null\n")
        s = p_skills[p]
        if s:
            app(f"    skills: {s}\n")


def _emit_team(org: Org, t: dict, out: list[str]) -> None:
    teams, p_id = org.teams, org.p_id
    app = out.append
    app(f"  - id: {t['id']}\n")
    if t.get("name"):
        app(f"    name: {t['name']}\n")
    app(f"    type: {t['type']}\n")
    if t["lead"] >= 0:
        app(f"    lead: {p_id[t['lead']]}\n")
    mem = t["members"]
    if t["lead"] >= 0 and t["list_lead"] and t["type"] != "chapter":
        mem = [t["lead"], *mem]
    if t.get("block"):
        app("    members:\n")
        app("".join(f"      - {p_id[p]}\n" for p in mem))
    else:
        app("    members: [" + ", ".join([p_id[p] for p in mem]) + "]\n")
    if t["parent"] >= 0:
        app(f"    parent: {teams[t['parent']]['id']}\n")
    if t["embedded_in"] >= 0:
        app(f"    embedded_in: {teams[t['embedded_in']]['id']}\n")
    if t["works_with"]:
        app("    works_with: [" + ", ".join(teams[x]["id"] for x in t["works_with"]) + "]\n")
    if t["engagement"]:
        app(f"    engagement: {t['engagement']}\n")
    if t["kpis"]:
        app("    kpis:\n")
        for name, kind in t["kpis"]:
            app(f"      - name: {name}\n        kind: {kind}\n")


def _emit_data(org: Org, d: dict, out: list[str]) -> None:
    app = out.append
    app(f"  - id: {d['id']}\n")
    if d["name"]:
        app(f"    name: {d['name']}\n")
    if d["owner"] >= 0:
        app(f"    owner: {org.teams[d['owner']]['id']}\n")
    if d["avail"] is not None:
        app(f"    available_in_production: {'true' if d['avail'] else 'false'}\n")


def _emit_model(org: Org, m: dict, out: list[str]) -> None:
    teams, p_id, data = org.teams, org.p_id, org.data
    app = out.append
    app(f"  - id: {m['id']}\n")
    if m["name"]:
        app(f"    name: {m['name']}\n")
    app(f"    stage: {m['stage']}\n    built_by: {teams[m['built_by']]['id']}\n")
    if m["owned_by"] >= 0:
        app(f"    owned_by: {teams[m['owned_by']]['id']}\n")
    if m["deployed_by"] >= 0:
        app(f"    deployed_by: {teams[m['deployed_by']]['id']}\n")
    if m["user_facing"] is not None:
        app(f"    user_facing: {'true' if m['user_facing'] else 'false'}\n")
    if m["data"]:
        app("    data: [" + ", ".join(data[d]["id"] for d in m["data"]) + "]\n")
    mon = m["monitoring"]
    if mon is not None:
        drift, esc = mon
        app(f"    monitoring:\n      drift: {'true' if drift else 'false'}\n")
        if esc is not None:
            names = [teams[x]["id"] if kind == "t" else p_id[x] for kind, x in esc]
            app("      escalation: [" + ", ".join(names) + "]\n")


def _chunks(total: int, k: int) -> list[tuple[int, int]]:
    return [(total * i // k, total * (i + 1) // k) for i in range(k)]


def _body(org: Org, part: int, k: int) -> list[str]:
    out: list[str] = []
    sections = (
        ("people", len(org.p_id), lambda lo, hi: _emit_people(org, lo, hi, out)),
        (
            "teams",
            len(org.teams),
            lambda lo, hi: [_emit_team(org, t, out) for t in org.teams[lo:hi]],
        ),
        ("data", len(org.data), lambda lo, hi: [_emit_data(org, d, out) for d in org.data[lo:hi]]),
        (
            "models",
            len(org.models),
            lambda lo, hi: [_emit_model(org, m, out) for m in org.models[lo:hi]],
        ),
    )
    for key, total, emit in sections:
        lo, hi = _chunks(total, k)[part]
        if hi > lo:
            out.append(f"\n{key}:\n")
            emit(lo, hi)
    return out


def write(org: Org, outdir: str, split: int = 0, seed: int = 1) -> str:
    os.makedirs(outdir, exist_ok=True)
    n = len(org.p_id)
    root = os.path.join(outdir, "org.yaml")
    head = [
        f"# Synthetic organisation of {n} people (benchmarks/generate.py, seed {seed}).\n",
        "# Generated for orglint's performance benchmark; not a real company.\n",
        "version: 1\n",
        "org:\n",
        f"  name: Synthetic Org {n}\n",
        "  stage: growth\n",
        "  business: saas\n",
    ]
    if split and split > 0:
        head.append("include:\n  - teams/part-*.yaml\n")
        tdir = os.path.join(outdir, "teams")
        os.makedirs(tdir, exist_ok=True)
        width = max(2, len(str(split - 1)))
        for f in os.listdir(tdir):  # drop stale parts of an earlier, larger split
            if f.startswith("part-") and f.endswith(".yaml"):
                os.remove(os.path.join(tdir, f))
        for part in range(split):
            body = _body(org, part, split)
            path = os.path.join(tdir, f"part-{part:0{width}d}.yaml")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(f"# Part {part + 1} of {split} of the synthetic org.\n")
                fh.write("".join(body))
        with open(root, "w", encoding="utf-8") as fh:
            fh.write("".join(head))
    else:
        body = _body(org, 0, 1)
        with open(root, "w", encoding="utf-8") as fh:
            fh.write("".join(head))
            fh.write("".join(body))
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of people")
    ap.add_argument("outdir", help="output directory (org.yaml is written there)")
    ap.add_argument(
        "--split",
        type=int,
        default=0,
        metavar="K",
        help="write a root file with include: and K included part files",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--verify", action="store_true", help="load the result and check the generator's invariants"
    )
    args = ap.parse_args(argv)
    org = generate(args.n, args.seed)
    root = write(org, args.outdir, args.split, args.seed)
    if args.verify:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from verify import verify

        problems, stats = verify(root)
        for k, v in stats.items():
            print(f"  {k}: {v}", file=sys.stderr)
        for p in problems[:50]:
            print("  PROBLEM:", p, file=sys.stderr)
        if problems:
            print(f"{len(problems)} invariant violation(s)", file=sys.stderr)
            return 1
    print(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
