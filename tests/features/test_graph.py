"""`orglint graph`: DOT rendered by Graphviz, Mermaid's shape and escaping, focus on big orgs."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import REPO, check, cwd, write

from orglint.features import graph as g
from orglint.features.graph import graphviz
from orglint.pipeline import run_results
from orglint.read.discover import roots_for

EXAMPLES = [
    Path(p) for p in roots_for([str(REPO / "examples")])
]  # every root, as `check` finds them
DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(
    DOT is None, reason="Graphviz `dot` is not installed (CI installs it)"
)


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter() if el.tag.endswith("text")]


def to_svg(dot_text: str) -> bytes:
    done = subprocess.run(
        [DOT, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@needs_dot
@pytest.mark.parametrize(
    "example", EXAMPLES, ids=lambda p: p.relative_to(REPO / "examples").as_posix()
)
def test_every_example_renders_through_graphviz_with_its_findings(example: Path, orglint):
    ((result, _),), _ = run_results([str(example)], None)
    code, out, _ = orglint("graph", str(example), "--output-format", "dot")
    assert code == 0
    texts = svg_texts(to_svg(out))
    for tid, team in result.org.teams.items():
        size = len(result.org.members[tid])
        assert f"{tid} · {team.type} · {size} {'person' if size == 1 else 'people'}" in texts
        assert team.name is None or team.name in texts, tid
    shown = " ".join(texts)
    for f in result.active:
        assert f.code in shown, f"{f.code} of {f.entity} is not drawn"


def test_the_examples_are_there():
    assert len(EXAMPLES) >= 10


# -- Mermaid ---------------------------------------------------------------------------

NODE = re.compile(r'^\s*(n\d+)(\["|\("|\(\["|\[\("|>")(.*?)("\]|"\)|"\]\)|"\)\]|"\])$')
EDGE = re.compile(r"^\s*(n\d+) (-->|---|-\.->|-\.-)\|([^|\"]*)\| (n\d+)$")


def mermaid_shape(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Check the grammar's basic shape; return node labels and edges."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    edges = []
    depth = 0
    for line in lines[1:]:
        stripped = line.strip()
        if stripped.startswith("subgraph "):
            assert re.fullmatch(r'subgraph cn\d+\["[^"]*"\]', stripped), line
            depth += 1
        elif stripped == "end":
            depth -= 1
            assert depth >= 0
        elif m := NODE.match(line):
            nodes[m.group(1)] = m.group(3)
        elif m := EDGE.match(line):
            edges.append((m.group(1), m.group(3), m.group(4)))
        else:
            assert re.match(r"^\s*(classDef|class|linkStyle) ", line), f"unexpected line: {line!r}"
    assert depth == 0
    for src, _, dst in edges:
        assert src in nodes and dst in nodes
    return nodes, edges


def test_mermaid_has_the_grammar_shape_clusters_and_findings(repo, orglint):
    code, out, _ = orglint("graph", str(repo / "examples" / "designs" / "independent-ml-org.yaml"))
    assert code == 0
    nodes, edges = mermaid_shape(out)
    # ml-division groups its three teams
    assert re.search(r'subgraph cn\d+\["ML division leadership"\]\n(\s+n\d+.*\n){4}\s+end', out)
    triage = next(n for n, label in nodes.items() if label.startswith("Claims complexity triage"))
    assert nodes[triage].endswith("<br/>DEP001 DAT002×2")
    assert re.search(rf"^  class [n\d,]*\b{triage}\b[n\d,]* warning$", out, re.M)
    assert ("deploys · DEP001", triage) in {(label, dst) for _, label, dst in edges}
    index = next(i for i, (_, label, _) in enumerate(edges) if label == "deploys · DEP001")
    assert f"  linkStyle {index} stroke:#b26a00,stroke-width:2px" in out


EVIL = 'A "quoted" <b>name</b> ]) --> evil # & `tick` \\N'


def test_labels_are_escaped_for_mermaid_and_dot(tmp_path, orglint):
    text = f"""
version: 1
org: {{name: 'Org "x"'}}
people:
  - {{id: a, skills: [ml]}}
teams:
  - id: t
    name: '{EVIL}'
    type: ml
    lead: a
"""
    path = write(tmp_path, text) / "org.yaml"
    code, out, _ = orglint("graph", str(path))
    assert code == 0
    nodes, _ = mermaid_shape(out)
    (label,) = [v for v in nodes.values() if "evil" in v]
    assert label.startswith(
        "A #quot;quoted#quot; #lt;b#gt;name#lt;/b#gt; ]) --#gt; evil #35; #amp; "
        "#96;tick#96; \\N<br/>"
    )
    assert '"quoted"' not in out and "<b>" not in out and "-->" not in label
    code, dot_text, _ = orglint("graph", str(path), "--output-format", "dot")
    assert code == 0
    assert (
        'label="A \\"quoted\\" <b>name</b> ]) --> evil # &amp; `tick` '
        '\\\\N\\nt · ml · 1 person\\nARC005"' in dot_text
    )
    if DOT:
        assert EVIL in svg_texts(to_svg(dot_text))


def test_control_characters_never_reach_the_output(tmp_path, orglint):
    path = (
        write(
            tmp_path,
            'version: 1\norg: {name: "X\\e[31m\\x07"}\nteams:\n'
            '  - {id: t, type: ml, name: "line\\nbreak"}\n',
        )
        / "org.yaml"
    )
    # The break is shown, not taken (DOT doubles the backslash so Graphviz shows it as is).
    for fmt, shown in (("mermaid", "line\\nbreak"), ("dot", "line\\\\nbreak")):
        code, out, _ = orglint("graph", str(path), "--output-format", fmt)
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out
        assert shown in out
    assert 'label="X\\\\e[31m\\\\x07"' in orglint("graph", str(path), "--output-format", "dot")[1]


# -- what is drawn -----------------------------------------------------------------------

ORG = """
version: 1
org: {name: Acme}
people:
  - {id: ceo, skills: [management]}
  - {id: lead, reports_to: ceo, skills: [ml]}
  - {id: ana, reports_to: lead, skills: [ml]}
  - {id: ops, reports_to: ceo}
teams:
  - {id: eng, type: engineering, lead: ceo}
  - {id: ml, type: ml, lead: lead, members: [ana], parent: eng, works_with: [app]}
  - {id: app, type: product, lead: ops, embedded_in: eng}
  - {id: it, type: it, members: [ops]}
data:
  - {id: events, owner: app, available_in_production: false}
models:
  - {id: recs, stage: production, built_by: ml, deployed_by: it, data: [events]}
"""


def test_people_reporting_lines_membership_and_edges(tmp_path):
    result = check(ORG, tmp_path)
    graph = g.build(result.org, result.findings, people=True)
    kinds = {(e.src, e.dst): (e.kind, e.label) for e in graph.edges}
    assert kinds[("ana", "lead")] == ("reports", "reports to")
    assert kinds[("ops", "it")][0] == "member"  # ops's home is app (leads it); it is a second team
    assert kinds[("app", "eng")] == ("embedded", "embedded in")
    assert kinds[("ml", "app")] == ("works", "works with")
    assert kinds[("ml", "recs")] == ("model", "builds, owns")
    assert kinds[("it", "recs")][0] == "model" and kinds[("it", "recs")][1].startswith("deploys · ")
    assert kinds[("recs", "events")][1].startswith("reads · DAT001")
    assert kinds[("app", "events")] == ("owner", "owns")
    assert graph.children["eng"] == ["ml", "ceo"] and graph.children["ml"] == ["lead", "ana"]
    assert graph.nodes["recs"].severity == "warning"
    codes = {c for _, c in graph.nodes["recs"].codes}
    assert {"DAT001", "DEP001", "MON001", "MON002"} <= codes


def test_person_findings_go_to_their_team_without_people(tmp_path):
    text = ORG + "  - {id: x, stage: idea}\n"
    text = text.replace(
        "  - {id: ops, reports_to: ceo}",
        "  - {id: ops, reports_to: ceo}\n  - {id: loner, reports_to: ceo, skills: [ml]}",
    )
    # without derived membership loner (reporting to eng's lead) is in no team
    result = check(text, tmp_path, {"derive-members": False})
    assert any(f.code == "STR005" and f.entity == "loner" for f in result.active)
    graph = g.build(result.org, result.findings)
    assert "loner" not in graph.nodes
    # loner belongs to no team: the finding is listed on the note node
    assert ("info", "STR005") in graph.nodes["\0other"].codes


def big_org(people: int = 10_000, team_size: int = 8) -> str:
    """A CEO, ten department heads, and teams of ``team_size`` under the departments."""
    lines = ["version: 1", "org: {name: Big Co}", "people:", "  - {id: ceo, skills: [management]}"]
    teams = ["teams:", "  - {id: dept-0, type: leadership, lead: ceo}"]
    for d in range(1, 11):
        lines.append(f"  - {{id: head-{d}, reports_to: ceo}}")
        teams.append(f"  - {{id: dept-{d}, type: leadership, lead: head-{d}, parent: dept-0}}")
    n, t = 11, 0
    while n < people:
        t += 1
        lead, members = f"p{n}", [f"p{n + i}" for i in range(1, team_size)]
        lines.append(f"  - {{id: {lead}, reports_to: head-{t % 10 + 1}, skills: [be]}}")
        lines += [f"  - {{id: {m}, reports_to: {lead}, skills: [ml]}}" for m in members]
        teams.append(
            f"  - {{id: team-{t}, type: ml, lead: {lead}, parent: dept-{t % 10 + 1}, "
            f"members: [{', '.join(members)}], works_with: [team-{max(1, t - 1)}]}}"
        )
        n += team_size
    models = ["models:"] + [
        f"  - {{id: model-{i}, stage: production, built_by: team-{i}}}" for i in range(1, t + 1, 10)
    ]
    return "\n".join(lines + teams + models) + "\n"


def test_a_10k_person_org_with_focus_is_small_and_without_it_is_team_level(tmp_path, orglint):
    path = write(tmp_path, big_org()) / "org.yaml"
    code, out, _ = orglint("graph", str(path), "--focus", "team-41", "--depth", "1", "--people")
    assert code == 0
    nodes, _edges = mermaid_shape(out)
    labels = " ".join(nodes.values())
    # the team, its 8 people, its department, team-40 and team-42 (works_with), model-41
    assert len(nodes) == 13, labels
    assert "team-41 · ml · 8 people" in labels and "model-41" in labels and "dept-2" in labels
    assert "MON001" in labels  # the model's findings are drawn
    code, out, err = orglint("graph", str(path), "--people")
    assert code == 0
    nodes, _ = mermaid_shape(out)
    assert not any(label.startswith("p") for label in nodes.values())
    assert "drawn at team level; use --focus ID --depth N to see people" in err


def test_focus_on_a_person_draws_people_and_depth_widens(tmp_path):
    result = check(ORG, tmp_path)
    one = g.build(result.org, result.findings, focus=["ana"], depth=1)
    assert set(one.nodes) == {"ana", "lead", "ml"}
    assert one.nodes["ana"].focus
    two = g.build(result.org, result.findings, focus=["ana"], depth=2)
    assert set(two.nodes) == {"ana", "lead", "ml", "ceo", "eng", "app", "recs"}


def test_neighbourhood_graph_for_diff(tmp_path):
    result = check(ORG, tmp_path)
    text = g.neighbourhood_graph(result.org, ["recs", "no-such-id"], result.findings, "mermaid")
    nodes, _ = mermaid_shape(text)
    assert sorted(label.split("<br/>")[0] for label in nodes.values()) == [
        "events",
        "it · it · 1 person",
        "ml · ml · 2 people",
        "recs",
    ]
    dot_text = g.neighbourhood_graph(result.org, ["recs"], result.findings, "dot", depth=0)
    assert dot_text.startswith("digraph org {") and dot_text.count("[label=") == 1


def test_unknown_focus_is_a_usage_error(tmp_path, orglint):
    path = write(tmp_path, ORG) / "org.yaml"
    code, _, err = orglint("graph", str(path), "--focus", "recz")
    assert code == 2
    assert "--focus `recz`: no person, team, data or model has this id; did you mean `recs`?" in err


@needs_dot
def test_svg_and_png_files(tmp_path, orglint):
    path = write(tmp_path, ORG) / "org.yaml"
    with cwd(tmp_path):
        assert orglint("graph", "org.yaml", "--output-format", "svg", "-o", "o.svg")[0] == 0
        assert orglint("graph", "org.yaml", "--output-format", "png", "-o", "o.png")[0] == 0
        assert "DEP001" in " ".join(svg_texts(Path("o.svg").read_bytes()))
        assert Path("o.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert path.exists()


def test_svg_without_graphviz_says_what_to_do(tmp_path, monkeypatch, orglint):
    monkeypatch.setattr(graphviz.shutil, "which", lambda name: None)
    path = write(tmp_path, ORG) / "org.yaml"
    code, out, err = orglint("graph", str(path), "--output-format", "svg")
    assert code == 2 and out == ""
    assert "`--output-format svg` needs Graphviz's `dot`, which is not installed" in err


def test_parent_loops_are_drawn_at_the_top_and_deep_chains_do_not_recurse(tmp_path):
    loop = """
version: 1
org: {name: L}
teams:
  - {id: a, type: product, parent: b}
  - {id: b, type: product, parent: a}
  - {id: c, type: product, parent: a}
  - {id: d, type: product, parent: d}
"""
    result = check(loop, tmp_path)
    assert g.parents(result.org) == {"c": "a"}
    nodes, _ = mermaid_shape(g.render(g.build(result.org, result.findings), "mermaid"))
    assert len(nodes) == 4
    deep = "version: 1\norg: {name: D}\nteams:\n  - {id: t0, type: product}\n" + "".join(
        f"  - {{id: t{i}, type: product, parent: t{i - 1}}}\n" for i in range(1, 3000)
    )
    result = check(deep, tmp_path / "deep")
    graph = g.build(result.org, result.findings)
    text = g.render(graph, "mermaid")
    assert text.count("subgraph ") == 2999
    mermaid_shape(text)
    assert g.render(graph, "dot").count("subgraph ") == 2999
