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
BUILTIN_ALIASES = {
    "machine-learning": "ml",
    "mle": "ml",
    "ds": "data-science",
    "de": "data-engineering",
    "mlops": "devops",
    "sre": "devops",
    "infra": "devops",
    "pm": "product-management",
    "product": "product-management",
    "ux": "design",
    "ui-design": "design",
    "sme": "domain-expertise",
    "fe": "frontend",
    "web": "frontend",
    "be": "backend",
}
ML_SKILLS = frozenset({"ml", "data-science"})


def ml_skilled(skills: frozenset[str]) -> bool:
    return not ML_SKILLS.isdisjoint(skills)


def normalize_skill(name: str, aliases: dict[str, str]) -> str:
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    return aliases.get(key, key)
