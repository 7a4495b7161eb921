"""The two sides of `diff` in two processes: the worker sends a summary and then only the
entities whose digests differ, and `changes` over that reads the same as over the whole
base; a base that fails, or a worker that dies, ends as it would in one process."""

from __future__ import annotations

import os

import pytest

from orglint.config import Config
from orglint.errors import OrglintError
from orglint.features.diff import sides
from orglint.features.diff.compare import changes, renames
from orglint.features.diff.git import parse_side
from orglint.features.diff.snapshot import FIELDS, differing, digests
from orglint.rules import load_rules

BASE = """\
version: 1
org: {name: Acme, stage: growth, business: saas}
people:
  - id: ceo
  - id: ana
    reports_to: ceo
    skills: [mle, sre]
  - id: bo
    reports_to: ceo
  - id: cy
    reports_to: ana
teams:
  - id: web
    type: product
    lead: ceo
    members: [bo]
  - id: ml
    type: ml
    lead: ana
    members: [cy]
    kpis:
      - {name: accuracy, kind: model}
  - id: old
    type: product
    lead: bo
data:
  - id: logs
    owner: ml
models:
  - id: ranker
    stage: development
    built_by: ml
    data: [logs]
    monitoring: {drift: true, escalation: [ml]}
"""

# each edit of BASE, and the base ids `differing` must name for it (hand-derived: the
# entity edited, and a person whose team changed because a team's members did)
EDITS = {
    "a field": ({"    stage: development": "    stage: production"}, {"ranker"}),
    "a list field": ({"skills: [mle, sre]": "skills: [mle, sre, pm]"}, {"ana"}),
    "a record field": ({"kind: model}": "kind: product}"}, {"ml"}),
    "a person moved": (
        {"    members: [bo]": "    members: [bo, cy]", "    members: [cy]": "    members: []"},
        {"web", "ml", "cy"},
    ),
    # its lead was one of its members
    "a team removed": ({"  - id: old\n    type: product\n    lead: bo\n": ""}, {"old", "bo"}),
    "a person removed": ({"  - id: cy\n    reports_to: ana\n": ""}, {"cy"}),
    "an entity made invalid": ({"    owner: ml": "    owner: [ml]"}, {"logs"}),
    "nothing": ({}, set()),
}


def write(folder, text: str) -> str:
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "org.yaml")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    return path


def edited(edits: dict[str, str]) -> str:
    text = BASE
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def rules():
    return load_rules([])


@pytest.mark.parametrize("name", sorted(EDITS))
def test_changes_over_the_differing_part_read_as_over_the_whole_base(tmp_path, rules, name):
    edits, expected = EDITS[name]
    base = sides.checked(parse_side(write(tmp_path / "a", BASE)), Config(), rules).snapshot
    head = sides.checked(parse_side(write(tmp_path / "b", edited(edits))), Config(), rules)
    after = head.snapshot
    assert not renames(base, after)
    wanted = differing(base.summary(), digests(base), after, digests(after))
    assert wanted == expected
    narrowed = base.summary().with_part(base.part(wanted))
    assert len(narrowed.fields) == len(wanted & base.fields.keys())
    assert [c.to_dict() for c in changes(narrowed, after)] == [
        c.to_dict() for c in changes(base, after)
    ]
    # an entity made invalid shows as its findings, not as a change
    if name not in ("nothing", "an entity made invalid"):
        assert changes(base, after), "the edit changes something"


def test_a_part_holds_plain_lists_only(tmp_path, rules):
    base = sides.checked(parse_side(write(tmp_path / "a", BASE)), Config(), rules).snapshot
    fields, _, _ = base.part(None)
    assert fields.keys() == base.fields.keys()
    skills = base.get("ana", "skills")
    assert skills == ["mle", "sre"] and type(skills) is not list  # a YAML node's list
    sent = dict(zip(FIELDS["person"], fields["ana"], strict=True))
    assert type(sent["skills"]) is list and sent["skills"] == ["mle", "sre"]


def both(tmp_path, base_text: str | None, head_text: str, rules):
    base = parse_side(
        write(tmp_path / "a", base_text) if base_text else str(tmp_path / "a" / "gone.yaml")
    )
    head = parse_side(write(tmp_path / "b", head_text))
    return sides.check_both(base, head, Config(), rules)


def shown(pair) -> tuple:
    before, after = pair
    return (
        [c.to_dict() for c in changes(before.snapshot, after.snapshot)],
        sorted(f.code + f.entity for f in before.findings),
        sorted(f.code + f.entity for f in after.findings),
    )


HEADS = {
    "edited": edited({"    stage: development": "    stage: production"}),
    "renamed": edited({"  - id: bo\n": "  - id: bob\n    previously: [bo]\n"}).replace(
        "[bo]", "[bob]"
    ),
}


@pytest.mark.skipif("fork" not in sides.multiprocessing.get_all_start_methods(), reason="fork")
@pytest.mark.parametrize("head", sorted(HEADS))
def test_two_processes_give_what_one_gives(tmp_path, monkeypatch, rules, head, worker_pid):
    monkeypatch.setattr(sides, "cores", lambda: 1)
    one = shown(both(tmp_path, BASE, HEADS[head], rules))
    assert worker_pid() is None
    monkeypatch.setattr(sides, "cores", lambda: 2)
    two = shown(both(tmp_path, BASE, HEADS[head], rules))
    assert worker_pid() not in (None, os.getpid())  # the base was checked in another process
    assert one == two
    assert one[0], "the head changes something"


@pytest.mark.skipif("fork" not in sides.multiprocessing.get_all_start_methods(), reason="fork")
def test_a_worker_that_dies_leaves_the_base_to_this_process(tmp_path, monkeypatch, rules):
    monkeypatch.setattr(sides, "cores", lambda: 2)
    monkeypatch.setattr(sides, "_worker", lambda *a: os._exit(9))
    head = HEADS["edited"]
    died = shown(both(tmp_path, BASE, head, rules))
    monkeypatch.setattr(sides, "cores", lambda: 1)
    assert died == shown(both(tmp_path, BASE, head, rules))


@pytest.mark.skipif("fork" not in sides.multiprocessing.get_all_start_methods(), reason="fork")
def test_a_base_that_fails_fails_as_in_one_process(tmp_path, monkeypatch, rules):
    messages = []
    for count in (1, 2):
        monkeypatch.setattr(sides, "cores", lambda count=count: count)
        with pytest.raises(OrglintError) as error:
            both(tmp_path, None, BASE, rules)
        messages.append(str(error.value))
    assert messages[0] == messages[1]
    assert "gone.yaml" in messages[0]
