"""Skill names: canonical names, aliases, and the normalisation rules compare after."""

from __future__ import annotations

CANONICAL_SKILLS = (
    "ml",
    "data-science",
    "data-engineering",
    "analytics",
    "research",
    "backend",
    "frontend",
    "devops",
    "product-management",
    "design",
    "domain-expertise",
    "management",
)
# ORG-FORMAT.md "Skills": the short forms and the role names rosters write as skills.
BUILTIN_ALIASES = {
    **dict.fromkeys(
        (
            "machine-learning",
            "mle",
            "ml-engineer",
            "machine-learning-engineer",
            "ai-engineer",
            "applied-scientist",
        ),
        "ml",
    ),
    **dict.fromkeys(("ds", "data-scientist"), "data-science"),
    **dict.fromkeys(("de", "data-engineer"), "data-engineering"),
    **dict.fromkeys(("analyst", "data-analyst", "bi"), "analytics"),
    **dict.fromkeys(("researcher", "research-scientist"), "research"),
    **dict.fromkeys(("mlops", "sre", "infra", "devops-engineer", "site-reliability"), "devops"),
    **dict.fromkeys(("pm", "product", "product-manager", "product-owner"), "product-management"),
    **dict.fromkeys(("ux", "ui-design", "designer", "product-designer", "ux-designer"), "design"),
    **dict.fromkeys(("sme", "subject-matter-expert"), "domain-expertise"),
    **dict.fromkeys(("fe", "web", "front-end", "frontend-engineer"), "frontend"),
    **dict.fromkeys(("be", "back-end", "backend-engineer"), "backend"),
    **dict.fromkeys(("manager", "engineering-manager", "em"), "management"),
}
ML_SKILLS = frozenset({"ml", "data-science"})
# SKL007 compares only names this long: among short ones (`ai`/`bi`, `qa`/`pm`) one edit
# turns an ordinary free skill into a known one.
MIN_MISSPELT = 5


def ml_skilled(skills: frozenset[str]) -> bool:
    return not ML_SKILLS.isdisjoint(skills)


def key(name: str) -> str:
    """The written name as rules compare it, before aliases."""
    return "-".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


def normalize_skill(name: str, aliases: dict[str, str]) -> str:
    found = key(name)
    return aliases.get(found, found)


def _one_edit(a: str, b: str) -> bool:
    """At most one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def misspelt(name: str, known: dict[str, str]) -> str | None:
    """The known name (canonical or alias) ``name`` is one edit or one word away from, or None
    when it is known itself or not close to any. ``name`` is already normalised by ``key``."""
    if name in known or len(name) < MIN_MISSPELT:
        return None
    joined = name.replace("-", "")
    for candidate in known:
        if len(candidate) < MIN_MISSPELT:
            continue
        # one edit (`machine-learnig`), or the same words joined or split (`datascience`)
        if _one_edit(name, candidate) or joined == candidate.replace("-", ""):
            return candidate
    return None


def known_names(aliases: dict[str, str]) -> dict[str, str]:
    """Every name the rules understand, mapped to its canonical skill."""
    return {**{s: s for s in CANONICAL_SKILLS}, **aliases}
