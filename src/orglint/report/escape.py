"""Escaping for every output syntax, in one place.

Any string that did not come from orglint itself (names and ids from an org file, codes
from a baseline, paths and values from a config, names from a rule file) goes through the
function for the syntax it lands in before it is written. Each function first makes the
characters that can hide or forge output visible (`terminal`), then quotes what the
syntax itself reads.
"""

from __future__ import annotations

import re

# What a terminal, a log viewer or an editor acts on instead of showing: C0 and C1 controls
# (ESC starts colour and cursor sequences), bidi embeddings, overrides and isolates (they
# reorder what is shown), line and paragraph separators (they start a line in some viewers)
# and the BOM (invisible). Tab is kept: it is plain whitespace everywhere we write.
_HIDDEN = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\e"}


def _visible(match: re.Match) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: object) -> str:
    """Plain text for a terminal or a log: every hidden character shown as its escape
    (`\\e`, `\\n`, `\\x07`, `\\u202e`), so what is printed is what the file holds, on one line."""
    text = str(text)
    # Every hidden character is a control, a format character or a separator, none of
    # which is printable: the common case needs no search.
    return text if text.isprintable() else _HIDDEN.sub(_visible, text)


def _keeping_breaks(text: object) -> str:
    """`terminal` for syntaxes that quote CR and LF themselves."""
    return _HIDDEN.sub(lambda m: m.group() if m.group() in "\r\n" else _visible(m), str(text))


# -- Mermaid ----------------------------------------------------------------------------
# Mermaid's entity codes; `%` too, so neither `%%` (a comment) nor `%%{...}%%` (a
# directive that reconfigures the whole diagram) can appear inside a label.
_MERMAID = {
    "&": "#amp;",
    '"': "#quot;",
    "#": "#35;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "%": "#37;",
}
_MERMAID_SPECIAL = re.compile('[&"#<>`%]')


def mermaid(text: object) -> str:
    """Text for inside a quoted Mermaid label or edge label."""
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID[m.group()], terminal(text))


# -- DOT --------------------------------------------------------------------------------


def dot(text: object) -> str:
    """The inside of a DOT quoted string. Backslashes are doubled so `\\N`, `\\G` and `\\l`
    stay literal; `&` becomes `&amp;` because Graphviz decodes entities in every label."""
    return terminal(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def dot_quoted(text: object) -> str:
    return f'"{dot(text)}"'


# -- Markdown ---------------------------------------------------------------------------
# What could open a code span, emphasis, link, image, autolink, emoji, math or a table cell
# (`<`, `>` and `&` become entities; line-start syntax cannot happen inside a cell).
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~!:$#])")


def markdown(text: object) -> str:
    """Inert Markdown (also inside a table cell): it renders as written."""
    text = terminal(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space after `@` so that a name in an org file does not notify anyone.
    return _MD_PUNCT.sub(r"\\\1", text).replace("@", "@\u200b")


def markdown_message(text: object) -> str:
    """Messages quote ids in backticks: those become <code>, everything else is escaped."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: no pairing to trust
        return markdown(text)
    return "".join(
        f"<code>{markdown(p)}</code>" if i % 2 else markdown(p) for i, p in enumerate(parts)
    )


# -- GitHub workflow commands -----------------------------------------------------------


def workflow_data(text: object) -> str:
    """@actions/core `escapeData`: the message can never end the command line."""
    return _keeping_breaks(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: object) -> str:
    """@actions/core `escapeProperty`: a value never ends its property or the properties."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


# -- XML --------------------------------------------------------------------------------
# Characters XML 1.0 cannot hold at all, escaped or not (what `terminal` leaves of them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: object) -> str:
    """Element content. (`terminal` has already shown LF and CR as `\\n` and `\\r`.)"""
    shown = terminal(text)
    if not shown.isprintable():  # a tab, or what XML cannot hold (surrogates, U+FFFE)
        shown = _NOT_XML.sub("", shown)
    return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: object) -> str:
    """A double-quoted attribute value (without the quotes); a tab stays a tab."""
    return xml_text(text).replace('"', "&quot;").replace("\t", "&#9;")
