"""Imports every reporter module so that each registers its format."""

from orglint.report import (  # noqa: F401
    full,
    github,
    gitlab,
    jsonfmt,
    junit,
    markdown,
    sarif,
    text,
)
