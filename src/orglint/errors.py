"""One exception hierarchy for every problem the user can fix.

Each is printed by the command line as `orglint: error: MESSAGE` with exit code 2; anything
else that escapes is a bug in orglint and is reported as one.
"""

from __future__ import annotations


class OrglintError(Exception):
    """A problem with how orglint was called or configured: exit code 2."""

    exit_code = 2


class UsageError(OrglintError):
    """A command line that cannot be carried out (an unknown rule, a folder for a file)."""


class ConfigError(OrglintError):
    """A configuration file or value that cannot be used, naming the file and key."""


class RuleFileError(ConfigError):
    """A rule file that cannot be used, naming the file."""


class PluginError(OrglintError):
    """An installed plugin that cannot be used, naming its distribution."""


class BaselineError(ConfigError):
    """A baseline file that cannot be read or written."""


class GitError(OrglintError):
    """A `REV:path` that git cannot give."""


class GraphvizError(OrglintError):
    """Graphviz is missing, failed or took too long."""


class WriteError(OrglintError):
    """A file orglint was asked to write could not be written; the old one is untouched."""
