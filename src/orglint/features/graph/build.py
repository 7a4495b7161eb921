"""The org as a picture: teams grouped by `parent`, people, models and data, and the
findings drawn on what they concern. Rendered as Mermaid (for pull requests) or DOT
(Graphviz); `image()` turns DOT into SVG or PNG through Graphviz's `dot`.

Node ids in the output are generated (`n0`, `n1`, ...), so nothing from the org file is
ever written outside a quoted, escaped label.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

from orglint.findings import SEVERITY_RANK, Finding
from orglint.report.text import clean

LIMIT = 150  # teams + people above which a full picture is drawn at team level
FORMATS = ("mermaid", "dot")
IMAGE_FORMATS = ("svg", "png")

# Edge kinds: (label, DOT style, Mermaid arrow)
EDGE_STYLE = {
    "reports": ("reports to", 'style="solid", color="#555555"', "-->"),
    "member": ("member", 'style="dotted", color="#999999", arrowhead="none"', "-.-"),
    "embedded": ("embedded in", 'style="dashed", color="#6a1b9a"', "-.->"),
    "works": ("works with", 'style="dashed", color="#00796b", dir="none"', "---"),
    "model": ("", 'color="#4527a0"', "-->"),
    "reads": ("reads", 'color="#2e7d32"', "-->"),
    "owner": ("owns", 'style="dashed", color="#2e7d32"', "-.->"),
}
SEVERITY_COLOR = {  # fill, stroke
    "error": ("#fde2e1", "#c62828"),
    "warning": ("#fff3cd", "#b26a00"),
    "info": ("#e3f2fd", "#1565c0"),
}
KIND_COLOR = {
    "team": ("#ffffff", "#37474f"),
    "person": ("#fafafa", "#9e9e9e"),
    "model": ("#ede7f6", "#4527a0"),
    "data": ("#e8f5e9", "#2e7d32"),
    "note": ("#f5f5f5", "#757575"),
}


@dataclass
class Node:
    id: str  # entity id (or a made-up key for notes)
    kind: str  # team | person | model | data | note
    lines: list[str]
    home: str | None = None  # team whose cluster holds it
    codes: list[tuple[str, str]] = field(default_factory=list)  # (severity, code)
    focus: bool = False

    @property
    def severity(self) -> str | None:
        return max((s for s, _ in self.codes), key=SEVERITY_RANK.__getitem__, default=None)


@dataclass
class Edge:
    src: str
    dst: str
    kind: str
    labels: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def severity(self) -> str | None:
        return max((s for s, _ in self.codes), key=SEVERITY_RANK.__getitem__, default=None)

    @property
    def label(self) -> str:
        text = ", ".join(self.labels) or EDGE_STYLE[self.kind][0]
        codes = code_list(self.codes)
        return f"{text} · {codes}" if codes else text


@dataclass
class Graph:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    children: dict[str, list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )  # team -> node ids
    note: str | None = None  # why the picture is not the whole org


def code_list(codes: list[tuple[str, str]]) -> str:
    counts: dict[str, int] = {}
    ranked = sorted(codes, key=lambda c: (-SEVERITY_RANK[c[0]], c[1]))
    for _, code in ranked:
        counts[code] = counts.get(code, 0) + 1
    return " ".join(code if n == 1 else f"{code}×{n}" for code, n in counts.items())


# -- the whole graph, before choosing what to draw ------------------------------------


def _home_team(org, pid: str) -> str | None:
    teams = org.teams_of.get(pid, [])
    for tid in teams:
        if org.teams[tid].type not in ("chapter", "leadership"):
            return tid
    return teams[0] if teams else None


def parents(org) -> dict[str, str]:
    """Each team's drawn parent; teams whose `parent` chain loops back are drawn at the top."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    looped: set[str] = set()
    for start in org.teams:
        path = []
        current = start
        while current in org.teams and current not in state:
            state[current] = 1
            path.append(current)
            current = org.teams[current].parent
        if state.get(current) == 1:  # the walk met itself: the loop is the tail from `current`
            looped.update(path[path.index(current) :])
        for tid in path:
            state[tid] = 2
    return {
        tid: team.parent
        for tid, team in org.teams.items()
        if team.parent in org.teams and tid not in looped
    }


def all_edges(org, people: bool) -> list[Edge]:
    edges: list[Edge] = []
    if people:
        for pid, person in org.people.items():
            if person.reports_to in org.people:
                edges.append(Edge(pid, person.reports_to, "reports"))
            home = _home_team(org, pid)
            for tid in org.teams_of.get(pid, []):
                if tid != home:
                    edges.append(Edge(pid, tid, "member"))
    pairs: set[frozenset] = set()
    for tid, team in org.teams.items():
        if team.embedded_in in org.teams:
            edges.append(Edge(tid, team.embedded_in, "embedded"))
            pairs.add(frozenset((tid, team.embedded_in)))
        for other in team.works_with:
            pair = frozenset((tid, other))
            if other in org.teams and other != tid and pair not in pairs:
                pairs.add(pair)
                edges.append(Edge(tid, other, "works"))
    for mid in org.models:
        by_team: dict[str, list[str]] = {}
        for verb, table in (
            ("builds", org.built_by),
            ("owns", org.owned_by),
            ("deploys", org.deployed_by),
        ):
            team = table.get(mid)
            if team and team in org.teams:
                by_team.setdefault(team, []).append(verb)
        for team, verbs in by_team.items():
            edges.append(Edge(team, mid, "model", verbs))
        for did in dict.fromkeys(org.models[mid].data):
            if did in org.data:
                edges.append(Edge(mid, did, "reads"))
    for did, data in org.data.items():
        if data.owner in org.teams:
            edges.append(Edge(data.owner, did, "owner"))
    return edges


def neighbourhood(org, edges: list[Edge], start: list[str], depth: int, people: bool) -> set[str]:
    """Ids within ``depth`` steps of ``start`` over every drawn relation, and `parent`."""
    near: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        near[e.src].append(e.dst)
        near[e.dst].append(e.src)
    for tid, parent in parents(org).items():
        near[tid].append(parent)
        near[parent].append(tid)
    if people:  # a person's home team holds them as a cluster does, with no edge drawn
        for pid in org.people:
            home = _home_team(org, pid)
            if home is not None:
                near[pid].append(home)
                near[home].append(pid)
    seen = dict.fromkeys(start, 0)
    queue = deque(start)
    while queue:
        current = queue.popleft()
        if seen[current] >= depth:
            continue
        for other in near.get(current, ()):
            if other not in seen:
                seen[other] = seen[current] + 1
                queue.append(other)
    return set(seen)


# -- labels -------------------------------------------------------------------------------


def _node(org, ident: str, kind: str) -> Node:
    if kind == "team":
        team = org.teams[ident]
        size = len(org.members.get(ident, []))
        head = team.name or ident
        sub = f"{ident} · {team.type} · {size} {'person' if size == 1 else 'people'}"
        return Node(ident, kind, [head, sub] if team.name else [sub])
    if kind == "person":
        person = org.people[ident]
        lines = [person.name or ident]
        if person.title:
            lines.append(person.title)
        return Node(ident, kind, lines)
    if kind == "model":
        model = org.models[ident]
        sub = f"model · {model.stage}" + (" · user-facing" if model.user_facing else "")
        return Node(ident, kind, [model.name or ident, sub])
    data = org.data[ident]
    sub = "data" + ("" if data.available_in_production else " · not in production")
    return Node(ident, kind, [data.name or ident, sub])


def build(
    org,
    findings: list[Finding],
    people: bool = False,
    focus: list[str] | None = None,
    depth: int = 1,
    limit: int = LIMIT,
) -> Graph:
    """What to draw: the whole org, or the neighbourhood of ``focus`` within ``depth``."""
    name = org.info.name if org.info else org.root_path
    graph = Graph(clean(name or "org"))
    if focus:
        people = people or any(i in org.people for i in focus)
    elif people and len(org.people) + len(org.teams) > limit:
        people = False
        graph.note = (
            f"{len(org.people)} people and {len(org.teams)} teams: drawn at team level; "
            "use --focus ID --depth N to see people"
        )
    edges = all_edges(org, people)
    kinds = [("team", org.teams), ("model", org.models), ("data", org.data)]
    if people:
        kinds.insert(1, ("person", org.people))
    keep = None
    if focus:
        keep = neighbourhood(org, edges, [i for i in focus if org.kind(i)], depth, people)
    for kind, table in kinds:
        for ident in table:
            if keep is None or ident in keep:
                graph.nodes[ident] = _node(org, ident, kind)
    for ident in focus or ():
        if ident in graph.nodes:
            graph.nodes[ident].focus = True
    graph.edges = [e for e in edges if e.src in graph.nodes and e.dst in graph.nodes]
    for tid, parent in parents(org).items():
        if tid in graph.nodes and parent in graph.nodes:
            graph.nodes[tid].home = parent
            graph.children[parent].append(tid)
    if people:
        for pid in org.people:
            home = _home_team(org, pid)
            if pid in graph.nodes and home in graph.nodes:
                graph.nodes[pid].home = home
                graph.children[home].append(pid)
    _mark(org, graph, findings, people, whole=keep is None)
    return graph


def _mark(org, graph: Graph, findings: list[Finding], people: bool, whole: bool) -> None:
    """Put each active finding on the edge of the field it names, and on its entity's node
    (a person's home team when people are not drawn)."""
    edge_at: dict[tuple[str, str, str], Edge] = {}
    for e in graph.edges:
        edge_at[(e.src, e.dst, e.kind)] = e
    other: list[tuple[str, str]] = []
    for f in findings:
        if f.suppressed is not None:
            continue
        mark = (f.severity, f.code)
        target = f.entity if f.entity in graph.nodes else None
        if target is None and f.entity is not None and f.entity in org.people and not people:
            home = _home_team(org, f.entity)
            target = home if home in graph.nodes else None
        if target is None:
            if whole:  # every valid entity is drawn: what is left has no node of its own
                other.append(mark)
            continue
        graph.nodes[target].codes.append(mark)
        edge = _edge_for(org, f, edge_at)
        if edge is not None:
            edge.codes.append(mark)
    if other:
        graph.nodes["\0other"] = Node("\0other", "note", ["findings elsewhere"], codes=other)


def _edge_for(org, f: Finding, edge_at: dict) -> Edge | None:
    """The drawn edge a finding's field names, if any. A field may name its item as
    `data:<id>` or `works_with:<id>`; a bare `data` is matched by location."""
    entity, fieldname = f.entity, f.field or ""
    fieldname, _, item = fieldname.partition(":")
    if entity in org.models:
        model = org.models[entity]
        if fieldname in ("built_by", "owned_by", "deployed_by"):
            table = {
                "built_by": org.built_by,
                "owned_by": org.owned_by,
                "deployed_by": org.deployed_by,
            }
            team = table[fieldname].get(entity)
            return edge_at.get((team, entity, "model")) if isinstance(team, str) else None
        if fieldname == "data" and item:
            return edge_at.get((entity, item, "reads"))
        if fieldname == "data":
            for i, did in enumerate(model.data):
                where = org.at(entity, "data", i)
                if (where.line, where.column) == (f.location.line, f.location.column):
                    return edge_at.get((entity, did, "reads"))
        return None
    if entity in org.data and fieldname == "owner":
        return edge_at.get((org.data[entity].owner, entity, "owner"))
    if entity in org.people and fieldname == "reports_to":
        return edge_at.get((entity, org.people[entity].reports_to, "reports"))
    if entity in org.teams and fieldname == "embedded_in":
        return edge_at.get((entity, org.teams[entity].embedded_in, "embedded"))
    if entity in org.teams and fieldname == "works_with" and item:
        return edge_at.get((entity, item, "works")) or edge_at.get((item, entity, "works"))
    return None


# -- Mermaid --------------------------------------------------------------------------------


def node_ids(graph: Graph) -> dict[str, str]:
    return {ident: f"n{i}" for i, ident in enumerate(graph.nodes)}


def node_lines(node: Node) -> list[str]:
    lines = list(node.lines)
    if node.codes:
        lines.append(code_list(node.codes))
    return lines


def layout(graph: Graph):
    """(event, id, depth) in drawing order: `open`/`close` around a team with children,
    `node` for each node. Iterative: `parent` chains may be arbitrarily deep."""
    stack = [
        (ident, 0, False) for ident, node in reversed(graph.nodes.items()) if node.home is None
    ]
    while stack:
        ident, depth, done = stack.pop()
        kids = graph.children.get(ident)
        if done:
            yield "close", ident, depth
        elif kids:
            yield "open", ident, depth
            yield "node", ident, depth + 1
            stack.append((ident, depth, True))
            stack.extend((kid, depth + 1, False) for kid in reversed(kids))
        else:
            yield "node", ident, depth
