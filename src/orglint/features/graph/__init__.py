"""The org as a picture: build a graph of the org and its findings, render it as Mermaid or DOT,
and DOT as an image through Graphviz."""

from __future__ import annotations

from orglint.features.graph.build import IMAGE_FORMATS, Graph, build, parents
from orglint.features.graph.dot import render_dot
from orglint.features.graph.graphviz import GraphvizMissing, image
from orglint.features.graph.mermaid import render_mermaid
from orglint.findings import Finding

__all__ = [
    "IMAGE_FORMATS",
    "Graph",
    "GraphvizMissing",
    "build",
    "image",
    "neighbourhood_graph",
    "parents",
    "render",
]

RENDER = {"mermaid": render_mermaid, "dot": render_dot}


def render(graph: Graph, fmt: str) -> str:
    return RENDER[fmt](graph)


def neighbourhood_graph(
    org, ids: list[str], findings: list[Finding], fmt: str, depth: int = 1
) -> str:
    """Mermaid or DOT of what lies within ``depth`` steps of ``ids`` (for `orglint diff --graph`).
    Ids the org does not define are ignored; people are drawn when an id is a person."""
    return render(build(org, findings, focus=list(ids), depth=depth), fmt)
