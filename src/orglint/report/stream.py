"""Writing a JSON array item by item with the C encoder: memory does not grow with the
number of items, and each item is one line (greppable, diffable)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orglint.report import Out
# No indent: with an indent, `json` falls back to its pure-Python encoder (2-3x slower).
ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
CHUNK = 2000  # items per write


def write_items(out: Out, items: Iterable[object], indent: str) -> None:
    """`[` ... `]` with one compact item per line at ``indent``; `[]` when empty.
    The caller writes what comes before the `[` and after the `]`."""
    encode = ENCODER.encode
    chunk: list[str] = []
    first = True
    for item in items:
        chunk.append(encode(item))
        if len(chunk) >= CHUNK:
            out.write(("[\n" if first else ",\n") + indent + f",\n{indent}".join(chunk))
            first, chunk = False, []
    if chunk:
        out.write(("[\n" if first else ",\n") + indent + f",\n{indent}".join(chunk))
        first = False
    out.write("[]" if first else "\n" + indent[:-2] + "]")


def pretty(value: object, indent: int) -> str:
    """A small value as `json.dumps(indent=2)` writes it, nested at ``indent`` levels."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * indent)
