"""Positions: orglint's 1-based line/column (Unicode characters) against LSP's 0-based
line/character in the encoding the client and server agreed on (UTF-16 by default)."""

from __future__ import annotations

from lsprotocol import types

from orglint.findings import Location
from orglint.read.parse import unpack


class Lines:
    """A document's lines, decoded on demand."""

    def __init__(self, text: bytes | str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        self.lines = raw.split("\n")
        self.encoding = encoding

    def line(self, index: int) -> str:
        """Line ``index`` (0-based) without its end of line; "" past the end."""
        if 0 <= index < len(self.lines):
            return self.lines[index].rstrip("\r")
        return ""

    def to_units(self, index: int, chars: int) -> int:
        text = self.line(index)
        if text.isascii() or self.encoding == types.PositionEncodingKind.Utf32:
            return chars
        head = text[:chars]
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(head.encode("utf-8"))
        return len(head.encode("utf-16-le")) // 2

    def to_chars(self, index: int, units: int) -> int:
        text = self.line(index)
        if text.isascii() or self.encoding == types.PositionEncodingKind.Utf32:
            return units
        codec = "utf-8" if self.encoding == types.PositionEncodingKind.Utf8 else "utf-16-le"
        width = 1 if codec == "utf-8" else 2
        return len(text.encode(codec)[: units * width].decode(codec, "ignore"))

    def position(self, line1: int, col1: int) -> types.Position:
        line = max(line1 - 1, 0)
        return types.Position(line, self.to_units(line, max(col1 - 1, 0)))

    def range(self, start: int, end: int | None = None) -> types.Range:
        """The range of packed positions ``start``..``end`` (orglint.read.parse.pack)."""
        line, col = unpack(start)
        if end is None:
            return self.word_range(line, col)
        end_line, end_col = unpack(end)
        return types.Range(self.position(line, col), self.position(end_line, end_col))

    def location_range(self, loc: Location) -> types.Range:
        if (loc.end_line, loc.end_column) == (loc.line, loc.column):
            return self.word_range(loc.line, loc.column)
        return types.Range(
            self.position(loc.line, loc.column), self.position(loc.end_line, loc.end_column)
        )

    def word_range(self, line1: int, col1: int) -> types.Range:
        """A point location widened to the token there (an editor hides empty ranges)."""
        text = self.line(line1 - 1)
        end = col1 - 1
        while end < len(text) and not text[end].isspace() and text[end] not in ",]}":
            end += 1
        if end == col1 - 1:
            end = len(text.rstrip()) if len(text.rstrip()) > end else end
        return types.Range(self.position(line1, col1), self.position(line1, end + 1))

    def offset_chars(self, pos: types.Position) -> tuple[int, int]:
        """(0-based line, 0-based character index) of an LSP position."""
        return pos.line, self.to_chars(pos.line, pos.character)


def unquoted(lines: Lines, start: int, end: int) -> tuple[int, int]:
    """A scalar's packed range without its quotes (`"mya"` -> `mya`)."""
    line, col = unpack(start)
    text = lines.line(line - 1)
    if col - 1 < len(text) and text[col - 1] in "\"'" and end - start >= 2:
        return start + 1, end - 1
    return start, end


def contains(rng: types.Range, pos: types.Position) -> bool:
    start, end = rng.start, rng.end
    return (start.line, start.character) <= (pos.line, pos.character) <= (end.line, end.character)
