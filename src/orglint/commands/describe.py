"""`orglint describe`: the org's shape and the design of each ML team, as text, JSON or
Markdown."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import click

from orglint.commands import options
from orglint.report.text import clean

if TYPE_CHECKING:
    from orglint.features.describe import Description, Match, TeamView

FORMATS = ("text", "json", "markdown")
AXES = (
    ("software_vs_research", "software engineering vs research"),
    ("data_ownership", "data ownership"),
    ("model_ownership", "model ownership"),
)


@click.command("describe")
@options.paths
@options.output_format(FORMATS, "text", "Output format.")
@options.output_file
@options.config
def describe_command(paths, output_format, output_file, config_path):
    """Describe an org: its shape, the facts it lacks, and for each ML or research team (and
    each product team whose own ML people build models) its place on the three axes of org
    design, the design it matches, that design's known strengths and costs,
    and the findings that bear on it."""
    run_describe(list(paths), output_format, output_file, config_path)


def run_describe(
    paths, output_format: str, output_file: str | None, config_path: str | None
) -> int:
    from orglint.commands.output import emit
    from orglint.features.describe import describe
    from orglint.pipeline import run_results

    results, _rules = run_results(paths, config_path)
    views = [describe(result.org, result.findings) for result, _ in results]
    if output_format == "json":
        text = (
            json.dumps({"orgs": [v.to_dict() for v in views]}, indent=2, ensure_ascii=False) + "\n"
        )
    elif output_format == "markdown":
        text = "\n".join(markdown(v) for v in views)
    else:
        text = "\n".join(plain(v) for v in views)
    emit(text, output_file)
    return 0


# -- shared wording ---------------------------------------------------------------------


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _by_count(counts: dict) -> str:
    return ", ".join(f"{n} {k}" for k, n in counts.items()) or "none"


def axis_detail(key: str, axis: dict) -> str:
    if key == "software_vs_research":
        return (
            f"{axis['software']} of {_plural(axis['members'], 'member')} with backend, "
            f"frontend or devops skills; {axis['research']} with research; {axis['ml']} with "
            "ML skill"
            + (
                f"; the team covers {', '.join(axis['shipping_skills'])}"
                if axis["shipping_skills"]
                else ""
            )
        )
    if key == "data_ownership":
        if not axis["read"]:
            return "its models read no declared data"
        others = (
            f"; the rest belongs to {', '.join(axis['other_owners'])}"
            if axis["other_owners"]
            else ""
        )
        assets = _plural(len(axis["read"]), "data asset")
        return f"owns {len(axis['owned'])} of the {assets} its models read{others}"
    models = axis["models"]
    if not models:
        return "it builds, owns and deploys no active model"
    text = (
        f"of {_plural(len(models), 'active model')}: builds {axis['builds']}, owns {axis['owns']}, "
        f"deploys {axis['deploys']}"
    )
    if axis["production"]:
        text += (
            f"; drift alerts reach it for {axis['escalated']} of {axis['production']} in production"
        )
    return text


def _summary_lines(v: Description) -> list[str]:
    s = v.summary
    span = s["reporting"]["widest_span"]
    lines = [
        f"{_plural(s['headcount'], 'person', 'people')} in {_plural(s['teams'], 'team')} "
        f"({_by_count(s['teams_by_type'])})",
        f"reporting tree: {_plural(s['reporting']['depth'], 'level')}"
        + (
            f"; widest span: `{span['person']}` with {span['reports']} direct reports"
            if span["person"]
            else ""
        ),
    ]
    lines.append(f"models: {_by_count(s['models_by_stage'])}" if s["models"] else "models: none")
    return lines


NO_TEAMS = "no ML or research team, and no product team whose own ML people build models"


def fact_lines(v: Description) -> list[str]:
    return [
        f"{f['fact']} ({f['status']}): {f['detail']}; write {f['where']}" for f in v.missing_facts
    ]


def _who(model: dict) -> str:
    def name(v):
        return v if v else "nobody"

    return (
        f"built by {name(model['built_by'])}, owned by {name(model['owned_by'])}, "
        f"deployed by {name(model['deployed_by'])}"
    )


def _counts(findings: dict) -> str:
    return (
        ", ".join(_plural(n, k, k if k == "info" else None) for k, n in findings.items() if n)
        or "no findings"
    )


# -- text ------------------------------------------------------------------------------


def plain(v: Description) -> str:
    out = [
        f"{clean(v.name or '(unnamed org)')} — {clean(v.root)}",
        f"  stage {v.stage or '?'}, business {v.business or 'not given'}",
    ]
    out += [f"  {line}" for line in _summary_lines(v)]
    for model in v.summary["models"]:
        out.append(f"    {model['id']} ({model['stage']}): {_who(model)}")
    out.append(f"  findings: {_counts(v.findings)}")
    if v.missing_facts:
        out.append("  facts the org lacks (a label that needs one is left undecided):")
        out += [f"    - {clean(line)}" for line in fact_lines(v)]
    if v.org_archetype:
        out.append(f"  the org as a whole: {_match_line(v.org_archetype)}")
        out += [f"    - {r}" for r in v.org_archetype.reasons]
    if not v.teams:
        out.append(f"  {NO_TEAMS}")
    for team in v.teams:
        out += ["", *_plain_team(team)]
    return "\n".join(out) + "\n"


def _match_line(m: Match) -> str:
    return f"{m.design.name} ({m.design.title})"


def _plain_team(t: TeamView) -> list[str]:
    title = f" ({clean(t.name)})" if t.name else ""
    out = [
        f"{t.type} team `{t.id}`{title}",
        "  axes (002_ccb2a8ae2a5aefd5.txt, the three categories of organizational design):",
    ]
    for key, label in AXES:
        axis = t.axes[key]
        out.append(f"    {label}: {axis['position']} — {axis_detail(key, axis)}")
    for label, match in (("design (000/001)", t.design), ("archetype (002)", t.archetype)):
        out.append(f"  {label}: {_match_line(match)}")
        out += [f"    because {r}" for r in match.reasons]
        out += [f"    + {p.text} [{p.source}]" for p in match.design.strengths]
        out += [f"    - {p.text} [{p.source}]" for p in match.design.costs]
        if match.design.rules:
            out.append(f"    rules that watch these costs: {', '.join(match.design.rules)}")
    if t.findings:
        out.append(f"  findings bearing on it ({len(t.findings)}):")
        for f in t.findings:
            loc = f.location
            out.append(
                f"    {clean(loc.path)}:{loc.line}:{loc.column}: {f.code} [{f.severity}] "
                f"{clean(f.message)}"
            )
    else:
        out.append("  no findings bear on it")
    return out


# -- markdown --------------------------------------------------------------------------

_MD = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """A name from an org file as inert Markdown text."""
    return _MD.sub(r"\\\1", clean(text))


def markdown(v: Description) -> str:
    out = [
        f"# {md(v.name or '(unnamed org)')}",
        "",
        f"`{md(v.root)}` · stage {v.stage or '?'} · business {v.business or 'not given'}",
        "",
    ]
    out += [f"- {line}" for line in _summary_lines(v)]
    out.append(f"- findings: {_counts(v.findings)}")
    if v.missing_facts:
        out.append("- facts the org lacks (a label that needs one is left undecided):")
        out += [f"  - {md(line)}" for line in fact_lines(v)]
    if v.org_archetype:
        out.append(
            f"- the org as a whole: **{v.org_archetype.design.name}** "
            f"({'; '.join(v.org_archetype.reasons)})"
        )
    if v.summary["models"]:
        out += [
            "",
            "| model | stage | built by | owned by | deployed by |",
            "|---|---|---|---|---|",
        ]
        for m in v.summary["models"]:
            out.append(
                f"| `{m['id']}` | {m['stage']} | {m['built_by'] or '—'} | "
                f"{m['owned_by'] or '—'} | {m['deployed_by'] or '—'} |"
            )
    if not v.teams:
        out += ["", NO_TEAMS[0].upper() + NO_TEAMS[1:] + "."]
    for t in v.teams:
        out += ["", *_md_team(t)]
    return "\n".join(out) + "\n"


def _md_team(t: TeamView) -> list[str]:
    title = f" — {md(t.name)}" if t.name else ""
    out = [
        f"## `{t.id}`{title} ({t.type})",
        "",
        "| axis (002) | position | facts |",
        "|---|---|---|",
    ]
    for key, label in AXES:
        axis = t.axes[key]
        out.append(f"| {label} | **{axis['position']}** | {axis_detail(key, axis)} |")
    for label, match in (("Design (000/001)", t.design), ("Archetype (002)", t.archetype)):
        out += ["", f"**{label}: {match.design.name}** — {match.design.title}", ""]
        out += [f"- because {r}" for r in match.reasons]
        out += [f"- strength: {p.text} ({p.source})" for p in match.design.strengths]
        out += [f"- cost: {p.text} ({p.source})" for p in match.design.costs]
        if match.design.rules:
            out.append(f"- rules that watch these costs: {', '.join(match.design.rules)}")
    out.append("")
    if t.findings:
        out.append(f"Findings bearing on `{t.id}`:")
        out.append("")
        for f in t.findings:
            out.append(
                f"- `{f.code}` {f.severity} at `{md(f.path)}:{f.location.line}`: {md(f.message)}"
            )
    else:
        out.append(f"No findings bear on `{t.id}`.")
    return out
