"""`orglint graph`: draw one org with its findings, as Mermaid, DOT, SVG or PNG."""

from __future__ import annotations

import sys

import click

from orglint.commands import options
from orglint.errors import UsageError

FORMATS = ("mermaid", "dot", "svg", "png")


@click.command("graph")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--output-format",
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="mermaid",
    show_default=True,
    help="mermaid renders in GitHub and GitLab Markdown; svg and png need Graphviz.",
)
@options.output_file
@click.option("--people", is_flag=True, help="Draw people and reporting lines too.")
@click.option(
    "--focus", multiple=True, metavar="ID", help="Draw only what lies near this id (repeatable)."
)
@click.option(
    "--depth",
    type=click.IntRange(0, 50),
    default=1,
    show_default=True,
    help="Steps from --focus over any relation.",
)
@options.config
def graph_command(path, output_format, output_file, people, focus, depth, config_path):
    """Draw an org: teams grouped by parent, models and data, embedded_in and works_with
    edges, and findings on what they concern (colour by severity, codes in the label).
    A large org is drawn at team level; use --focus ID --depth N for a neighbourhood."""
    from orglint.commands.output import emit, emit_bytes
    from orglint.features import graph as g
    from orglint.pipeline import run_results

    results, _rules = run_results([path], config_path)
    if not results:
        raise UsageError(f"{path}: no org file (a root has `version: 1` at the top level)")
    if len(results) > 1:
        names = ", ".join(r.root for r, _ in results[:5]) + (", ..." if len(results) > 5 else "")
        raise UsageError(f"{path} holds {len(results)} orgs ({names}): name one root file")
    result = results[0][0]
    org = result.org
    unknown = [i for i in focus if org.kind(i) is None]
    if unknown:
        from orglint.resolve.suggest import Suggester

        close = Suggester(list(org.entities)).closest(unknown[0])
        hint = f"; did you mean `{close}`?" if close else ""
        raise UsageError(
            f"--focus `{unknown[0]}`: no person, team, data or model has this id{hint}"
        )
    graph = g.build(org, result.findings, people=people, focus=list(focus), depth=depth)
    if graph.note:
        click.echo(f"orglint: {graph.note}", err=True)
    text = g.render(graph, "mermaid" if output_format == "mermaid" else "dot")
    if output_format == "png" and not output_file and sys.stdout.isatty():
        raise UsageError("PNG is binary: write it to a file with -o FILE.png")
    if output_format in g.IMAGE_FORMATS:
        data = g.image(text, output_format, nodes=len(graph.nodes))
        if output_file:
            emit_bytes(data, output_file)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return
    emit(text, output_file)
