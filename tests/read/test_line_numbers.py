"""Issue 15: line numbers are the ones an editor shows. LF, CRLF and a lone CR end a line;
NEL, U+2028 and U+2029 inside a value do not (libyaml counts them as line ends, so the
reader translates its positions). Findings and suppression comments land on the entity's
own line, and `--add-suppressions` run twice changes nothing the second time."""

from __future__ import annotations

import pytest
from helpers import cwd

from orglint.read.parse import Limits, Reader, unpack

NEL, LS, PS = "\x85", "\u2028", "\u2029"


def org(odd: str, eol: str = "\n") -> bytes:
    """`b` is on editor line 6 and `x` on line 7 whatever ``odd`` holds: it sits inside a
    quoted value on line 5. `a` and `b` both lack `reports_to` (STR002 on `b`)."""
    lines = [
        "version: 1",
        "org: {name: X}",
        "people:",
        "  - id: a",
        f'    name: "A{odd}B"',
        "  - id: b",
        "    name: x",
    ]
    return (eol.join(lines) + eol).encode()


ODD = [NEL, LS, PS, NEL + LS + PS, f"{LS} {LS} {PS}"]
EOLS = ["\n", "\r\n", "\r"]


def key_line(data: bytes, person: int, key: str) -> tuple[int, int]:
    reader = Reader("org.yaml", Limits())
    root = reader.read(data)
    assert reader.findings == []
    return unpack(root["people"][person].pos[key][0])


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("eol", EOLS)
def test_positions_after_an_odd_line_separator_are_the_editors(odd, eol):
    data = org(odd, eol)
    assert len(data.splitlines()) == 7  # what an editor shows (bytes split at LF, CR, CRLF)
    assert key_line(data, 1, "id") == (6, 5)
    assert key_line(data, 1, "name") == (7, 5)


def test_a_separator_shifts_the_columns_after_it_on_its_own_line():
    data = f'version: 1\norg: {{name: "X{LS}Y", size: 3}}\n'.encode()
    reader = Reader("org.yaml", Limits())
    root = reader.read(data)
    # `s` of `size` is the 20th character of line 2: `org: {name: "X?Y", size: 3}`
    assert unpack(root["org"].pos["size"][0]) == (2, 20)


def test_errors_after_a_separator_are_located_on_the_editors_line():
    data = f'version: 1\norg: {{name: "X{NEL}Y"}}\npeople: [\n'.encode()
    reader = Reader("org.yaml", Limits())
    reader.read(data)
    assert [f.location.line for f in reader.findings] == [4]


def test_errors_in_a_file_with_lone_cr_count_its_lines():
    data = b"version: 1\rorg: {name: X}\rpeople:\r  - id: \xff\r"
    reader = Reader("org.yaml", Limits())
    reader.read(data)
    assert [(f.location.line, f.location.column) for f in reader.findings] == [(4, 9)]


@pytest.mark.parametrize("odd", [*ODD, ""])
@pytest.mark.parametrize("eol", EOLS)
def test_add_suppressions_lands_on_the_entity_and_is_a_no_op_twice(tmp_path, orglint, odd, eol):
    (tmp_path / ".orglint.toml").write_text("")
    path = tmp_path / "org.yaml"
    path.write_bytes(org(odd, eol))
    with cwd(tmp_path):
        before = orglint("check", "org.yaml")
        first = orglint("check", "--add-suppressions", "org.yaml")
        once = path.read_bytes()
        second = orglint("check", "--add-suppressions", "org.yaml")
    assert before.code == 1 and "org.yaml:6:5: STR002" in before.out
    assert first.code == 0, first.out + first.err
    lines = once.splitlines()
    assert lines[5] == b"  - id: b  # orglint: ignore[STR002] -- TODO: reason"
    assert len(lines) == 7
    assert second.code == 0 and "No suppression comments added" in second.err
    assert path.read_bytes() == once


@pytest.mark.parametrize("eol", EOLS)
def test_a_comment_on_its_own_line_belongs_to_the_entity_below_whatever_the_line_ends(
    tmp_path, orglint, eol
):
    """`- id: b` already has a comment, so the suppression goes on its own line above."""
    (tmp_path / ".orglint.toml").write_text("")
    path = tmp_path / "org.yaml"
    path.write_bytes(org(LS, eol).replace(b"  - id: b", b"  - id: b  # founder"))
    with cwd(tmp_path):
        first = orglint("check", "--add-suppressions", "org.yaml")
        once = path.read_bytes()
        second = orglint("check", "--add-suppressions", "org.yaml")
    assert first.code == 0, first.out + first.err
    assert once.splitlines()[5:7] == [
        b"  # orglint: ignore[STR002] -- TODO: reason",
        b"  - id: b  # founder",
    ]
    assert second.code == 0 and path.read_bytes() == once
