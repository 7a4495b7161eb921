"""The org picture as Mermaid (GitHub and GitLab render it in Markdown)."""

from __future__ import annotations

from collections import defaultdict

from orglint.features.graph.build import (
    EDGE_STYLE,
    KIND_COLOR,
    SEVERITY_COLOR,
    Graph,
    layout,
    node_ids,
    node_lines,
)
from orglint.report.escape import mermaid as mermaid_text

_MERMAID_SHAPE = {
    "team": ('["', '"]'),
    "person": ('("', '")'),
    "model": ('(["', '"])'),
    "data": ('[("', '")]'),
    "note": ('>"', '"]'),
}


def render_mermaid(graph: Graph) -> str:
    ids = node_ids(graph)
    out = ["flowchart LR"]
    for event, ident, depth in layout(graph):
        indent = "  " * min(depth + 1, 12)
        node = graph.nodes[ident]
        if event == "open":
            out.append(f'{indent}subgraph c{ids[ident]}["{mermaid_text(node.lines[0])}"]')
        elif event == "close":
            out.append(f"{indent}end")
        else:
            label = "<br/>".join(mermaid_text(line) for line in node_lines(node))
            left, right = _MERMAID_SHAPE[node.kind]
            out.append(f"{indent}{ids[ident]}{left}{label}{right}")
    styles: list[str] = []
    for i, e in enumerate(graph.edges):
        arrow = EDGE_STYLE[e.kind][2]
        out.append(f"  {ids[e.src]} {arrow}|{mermaid_text(e.label)}| {ids[e.dst]}")
        if e.severity:
            styles.append(
                f"  linkStyle {i} stroke:{SEVERITY_COLOR[e.severity][1]},stroke-width:2px"
            )
    for kind, (fill, stroke) in KIND_COLOR.items():
        out.append(f"  classDef {kind} fill:{fill},stroke:{stroke},color:#000")
    for sev, (fill, stroke) in SEVERITY_COLOR.items():
        out.append(f"  classDef {sev} fill:{fill},stroke:{stroke},stroke-width:2px,color:#000")
    out.append("  classDef focus stroke-width:4px")
    groups: dict[str, list[str]] = defaultdict(list)
    for ident, node in graph.nodes.items():
        groups[node.severity or node.kind].append(ids[ident])
        if node.focus:
            groups["focus"].append(ids[ident])
    for cls, members in groups.items():
        out.append(f"  class {','.join(members)} {cls}")
    out += styles
    return "\n".join(out) + "\n"


# -- DOT --------------------------------------------------------------------------------------
