"""SKL007: a skill name the rules silently miss because it is misspelt."""

from __future__ import annotations

from collections.abc import Iterator

from orglint.findings import Finding
from orglint.resolve.skills import key, misspelt
from orglint.rules import Context, python_rule


@python_rule("SKL007")
def misspelt_skill(ctx: Context) -> Iterator[Finding]:
    """A skill is one edit or one word away from a known skill name."""
    org = ctx.org
    known = org.known_skills
    verdict: dict[str, str | None] = {}  # rosters repeat a few hundred names
    for pid, person in org.people.items():
        for index, raw in enumerate(person.skills):
            name = key(raw)
            if name not in verdict:
                verdict[name] = misspelt(name, known)
            intended = verdict[name]
            if intended is None:
                continue
            meant = f"`{intended}`" + (
                f" (alias of `{known[intended]}`)" if known[intended] != intended else ""
            )
            yield ctx.finding(
                pid,
                f"`{pid}` has skill `{raw}`, which no rule knows; it looks like {meant}: "
                f"write `{intended}`, or map `{name}` in `skill-aliases` to the skill it "
                "means",
                f"skills:{name}",
                location=org.at(pid, "skills", index),
            )
