"""`orglint diff` as text, JSON or Markdown (the pull-request comment), with pictures."""

from __future__ import annotations

import json

from orglint.features.diff.compare import Change, FindingDiff
from orglint.features.diff.git import Side
from orglint.findings import SEVERITIES, Finding
from orglint.pipeline import Result


def render_text(base: Side, head: Side, found: list[Change], diff: FindingDiff) -> str:
    from orglint.report.escape import terminal as clean
    from orglint.report.text import finding_line

    lines = [f"orglint diff {clean(base.given)} -> {clean(head.given)}", ""]
    lines.append(f"Changes ({len(found)}):" if found else "No structural changes.")
    lines += [f"  {c.sign} {clean(c.message)}" for c in found]
    groups = [("Introduced", diff.introduced), ("Resolved", diff.resolved)]
    if diff.suppressed:
        groups.append(("Newly suppressed", diff.suppressed))
    for title, items in groups:
        lines += [
            "",
            f"{title} findings ({len(items)}):" if items else f"No {title.lower()} findings.",
        ]
        lines += [f"  {finding_line(f, False)}" for f in items]
    lines += ["", summary(diff) + "."]
    return "\n".join(lines) + "\n"


def summary(diff: FindingDiff) -> str:
    """The counts, the same words in every format."""
    parts = [f"{len(diff.introduced)} introduced", f"{len(diff.resolved)} resolved"]
    if diff.suppressed:
        parts.append(f"{len(diff.suppressed)} newly suppressed")
    return ", ".join([*parts, f"{len(diff.unchanged)} unchanged"])


def render_json(base: Side, head: Side, found: list[Change], diff: FindingDiff) -> str:
    data = {
        "base": base.given,
        "head": head.given,
        "changes": [c.to_dict() for c in found],
        "introduced": [f.to_dict() for f in diff.introduced],
        "resolved": [f.to_dict() for f in diff.resolved],
        "suppressed": [f.to_dict() for f in diff.suppressed],
        "unchanged": [f.to_dict() for f in diff.unchanged],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


MAX_ROWS = 100


def render_markdown(base: Side, head: Side, found: list[Change], diff: FindingDiff) -> str:
    from orglint.report.markdown import ICONS, message, row

    def counts(items: list[Finding]) -> str:
        by = {k: sum(1 for f in items if f.severity == k) for k in SEVERITIES}
        parts = [f"{by[k]} {k}{'s' if by[k] != 1 and k != 'info' else ''}" for k in by if by[k]]
        return f" ({', '.join(parts)})" if parts else ""

    new = diff.introduced
    verdict = (
        f"{ICONS['error'] if any(f.severity == 'error' for f in new) else ICONS['warning']} "
        f"**{len(new)} new finding{'s' if len(new) != 1 else ''}**{counts(new)}"
        if new
        else ":white_check_mark: **No new findings**"
    )
    lines = [
        "## orglint: what this change does to the org",
        "",
        f"Comparing {message(f'`{base.given}`')} with {message(f'`{head.given}`')}.",
        "",
        f"{verdict} · {len(diff.resolved)} resolved · "
        + (f"{len(diff.suppressed)} newly suppressed · " if diff.suppressed else "")
        + f"{len(diff.unchanged)} unchanged · "
        f"{len(found)} structural change{'s' if len(found) != 1 else ''}",
        "",
    ]
    if found:
        lines += ["### Structural changes", "", "| | Change |", "|---|---|"]
        signs = {
            "+": ":heavy_plus_sign:",
            "-": ":heavy_minus_sign:",
            "~": ":arrows_counterclockwise:",
        }
        lines += [f"| {signs[c.sign]} | {message(c.message)} |" for c in found[:MAX_ROWS]]
        if len(found) > MAX_ROWS:
            lines.append(f"\n…and {len(found) - MAX_ROWS} more (`orglint diff` shows all).")
        lines.append("")
    groups = [("New findings", new), ("Resolved findings", diff.resolved)]
    groups.append(("Newly suppressed findings", diff.suppressed))
    for title, items in groups:
        if items:
            lines += [f"### {title}", "", "| | Code | Message | Location |", "|---|---|---|---|"]
            lines += [row(f) for f in items[:MAX_ROWS]]
            if len(items) > MAX_ROWS:
                lines.append(f"\n…and {len(items) - MAX_ROWS} more.")
            lines.append("")
    return "\n".join(lines)


def changed_ids(found: list[Change], findings: FindingDiff) -> list[str]:
    """What a reviewer should see: changed entities and those of new or fixed findings."""
    ids = [c.id for c in found]
    ids += [
        f.entity for f in findings.introduced + findings.resolved + findings.suppressed if f.entity
    ]
    return list(dict.fromkeys(ids))


def with_graphs(
    text: str,
    output_format: str,
    graph_format: str,
    depth: int,
    before: Result,
    after: Result,
    found: list[Change],
    findings: FindingDiff,
) -> str:
    from orglint.features.graph import neighbourhood_graph

    ids = changed_ids(found, findings)
    pictures = {
        name: neighbourhood_graph(result.org, ids, result.findings, graph_format, depth)
        if ids
        else ""
        for name, result in (("before", before), ("after", after))
    }
    if output_format == "json":
        data = json.loads(text)
        data["graph"] = {"format": graph_format, **pictures}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if not ids:
        return text + "\nNothing changed to draw.\n"
    if output_format == "markdown":
        fence = "mermaid" if graph_format == "mermaid" else "dot"
        parts = [
            f"\n### {name.title()}\n\n```{fence}\n{pictures[name].rstrip()}\n```\n"
            for name in ("before", "after")
        ]
        return text.rstrip("\n") + "\n" + "".join(parts)
    return text + "".join(
        f"\n--- graph {name} ({graph_format}) ---\n{pictures[name]}" for name in ("before", "after")
    )


RENDER = {"text": render_text, "json": render_json, "markdown": render_markdown}
