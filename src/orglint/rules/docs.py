"""Rule documentation from the rule files: `orglint rule` and docs/rules.md."""

from __future__ import annotations

from orglint.rules import THRESHOLDS, Rule

SEED_TITLES = {
    "000": "Data Science Org Designs",
    "001": "Case Study: Building a Data Science Team at a Startup",
    "002": "Team Structure (Full Stack Deep Learning)",
    "003": "Anatomy of a Machine Learning Teamwork",
    "004": "Why Centralized Machine Learning Teams Fail",
}


def as_dict(rule: Rule) -> dict:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "summary": rule.summary,
        "configurable": rule.configurable,
        "origin": rule.origin,
        "kind": "declarative"
        if "given" in rule.definition
        else ("stage" if rule.check is None else "python"),
        "sources": rule.sources,
        "options": {name: THRESHOLDS.get(name) for name in rule.options},
        "docs": rule.docs,
    }


def _sources(rule: Rule) -> str:
    if not rule.sources:
        return "Integrity rule (no source document)."
    lines = []
    for src in rule.sources:
        title = SEED_TITLES.get(src["file"][:3], "")
        section = f', section "{src["section"]}"' if src.get("section") else ""
        lines.append(f"- `{src['file']}` ({title}){section}")
    return "\n".join(lines)


def markdown(rule: Rule, level: int = 2) -> str:
    h = "#" * level
    d = rule.docs
    parts = [
        f"{h} {rule.code} {rule.name}",
        "",
        f"Severity: **{rule.severity}**"
        + ("" if rule.configurable else " (cannot be turned off)")
        + (
            f". Options: {', '.join(f'`{o}` (default {THRESHOLDS[o]})' for o in rule.options)}"
            if rule.options
            else ""
        ),
        "",
        rule.summary,
    ]
    sections = [
        ("What it does", d.get("what")),
        ("Why is this bad?", d.get("why")),
        ("How to fix it", d.get("fix")),
        ("Options", d.get("options")),
    ]
    for title, body in sections:
        if body:
            parts += ["", f"{h}# {title}", "", body.strip()]
    if d.get("fires"):
        parts += [
            "",
            f"{h}# Example",
            "",
            "This org makes the rule fire (at the lines marked `# <-`):",
            "",
            "```yaml",
            d["fires"].rstrip(),
            "```",
        ]
    if d.get("fixed"):
        parts += ["", "Fixed:", "", "```yaml", d["fixed"].rstrip(), "```"]
    parts += ["", f"{h}# Sources", "", _sources(rule)]
    return "\n".join(parts) + "\n"


def text(rule: Rule) -> str:
    return markdown(rule).rstrip("\n")


def table(rules: list[Rule]) -> str:
    width = max((len(r.name) for r in rules), default=10)
    lines = [f"{'code':<8} {'name':<{width}} {'severity':<8} summary"]
    for r in rules:
        lines.append(f"{r.code:<8} {r.name:<{width}} {r.severity:<8} {r.summary}")
    return "\n".join(lines)


def rules_page(rules: list[Rule]) -> str:
    head = [
        "# Rules",
        "",
        "Generated from `rules/*.yaml` by `python -m orglint.rules.docs`; do not edit by hand.",
        "Each rule can be named by code or name wherever rules are named (configuration, "
        "`--select`, suppressions). `orglint rule CODE` prints the same text.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    head += [
        f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity} | {r.summary} |"
        for r in rules
    ]
    return "\n".join(head) + "\n\n" + "\n".join(markdown(r) for r in rules)


if __name__ == "__main__":
    import sys

    from orglint.rules import load_rules

    page = rules_page([r for r in load_rules().values() if r.origin == "builtin"])
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8") as handle:
            handle.write(page)
    else:
        sys.stdout.write(page)
