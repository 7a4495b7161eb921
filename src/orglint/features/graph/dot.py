"""The org picture as Graphviz DOT."""

from __future__ import annotations

from orglint.features.graph.build import (
    EDGE_STYLE,
    KIND_COLOR,
    SEVERITY_COLOR,
    Graph,
    layout,
    node_ids,
    node_lines,
)
from orglint.report.escape import dot
from orglint.report.escape import dot_quoted as dot_string


def _dot_label(lines: list[str]) -> str:
    return '"' + "\\n".join(dot(line) for line in lines) + '"'


_DOT_SHAPE = {
    "team": 'shape="box", style="rounded,filled"',
    "person": 'shape="box", style="filled"',
    "model": 'shape="ellipse", style="filled"',
    "data": 'shape="cylinder", style="filled"',
    "note": 'shape="note", style="filled"',
}


def render_dot(graph: Graph) -> str:
    ids = node_ids(graph)
    title = graph.title + (f"\n{graph.note}" if graph.note else "")
    out = [
        "digraph org {",
        f'  graph [newrank=true, rankdir="LR", fontname="Helvetica", fontsize=12, labelloc="t", '
        f"label={_dot_label(title.split(chr(10)))}];",
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]

    def node_line(ident: str) -> str:
        node = graph.nodes[ident]
        fill, stroke = SEVERITY_COLOR[node.severity] if node.severity else KIND_COLOR[node.kind]
        width = 3 if node.focus else (2 if node.severity else 1)
        return (
            f'"{ids[ident]}" [label={_dot_label(node_lines(node))}, {_DOT_SHAPE[node.kind]}, '
            f'fillcolor="{fill}", color="{stroke}", penwidth={width}];'
        )

    for event, ident, depth in layout(graph):
        indent = "  " * min(depth + 1, 12)
        if event == "open":
            out.append(f'{indent}subgraph "cluster_{ids[ident]}" {{')
            out.append(
                f"{indent}  label={dot_string(graph.nodes[ident].lines[0])}; "
                'style="rounded"; color="#b0bec5";'
            )
        elif event == "close":
            out.append(f"{indent}}}")
        else:
            out.append(f"{indent}{node_line(ident)}")
    for e in graph.edges:
        style = EDGE_STYLE[e.kind][1]
        if e.severity:
            stroke = SEVERITY_COLOR[e.severity][1]
            style += f', color="{stroke}", fontcolor="{stroke}", penwidth=2'
        out.append(f'  "{ids[e.src]}" -> "{ids[e.dst]}" [label={dot_string(e.label)}, {style}];')
    out.append("}")
    return "\n".join(out) + "\n"
