"""Imports every module of built-in Python rules, so that they register."""

from orglint.rules import design, models, structure  # noqa: F401
