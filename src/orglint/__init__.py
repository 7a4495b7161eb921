"""orglint: a linter for organisations described as code."""

__version__ = "0.1.0"
