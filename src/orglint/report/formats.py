"""Imports every reporter module so that each registers its format."""

from orglint.report import text, jsonfmt  # noqa: F401
