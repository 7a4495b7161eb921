"""Fast paths for the `org` header, data and models (besides people and teams, see
test_fast_paths.py): they accept exactly what pydantic accepts and build the same values,
so that `orglint check` on a valid org never imports pydantic."""

from __future__ import annotations

import subprocess
import sys

import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from orglint.read.parse import Limits, Reader, YMap
from orglint.validate import spec
from orglint.validate.fast import Value, fast_data, fast_model, fast_org
from orglint.validate.messages import NESTED
from orglint.validate.schema import KINDS, Data, Model, OrgInfo

IDS = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)
ANY = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.lists(IDS, max_size=2)
)


def ymap(data: dict) -> YMap:
    reader = Reader("t.yaml", Limits())
    root = reader.read(yaml.safe_dump(data).encode())
    assert reader.findings == [] and isinstance(root, YMap)
    return root


def maybe(draw, key: str, plausible, out: dict) -> None:
    """Leave ``key`` out, write a plausible value, or (now and then) anything at all."""
    roll = draw(st.integers(0, 9))
    if roll < 2:
        return
    out[key] = draw(ANY if roll == 9 else plausible)


def agree(fast, model_cls, item: YMap) -> None:
    try:
        slow = model_cls.model_validate(item)
    except ValidationError:
        slow = None
    if fast is not None:
        assert slow is not None, f"the fast path accepted what pydantic rejects: {dict(item)!r}"
        assert deep(fast) == deep(slow)
    if slow is None:
        assert fast is None


def deep(value):
    """A pydantic model or a fast-path record as nested dicts."""
    if isinstance(value, list):
        return [deep(v) for v in value]
    if hasattr(value, "model_dump"):
        fields = value.__slots__ if isinstance(value, Value) else type(value).model_fields
        # `previously` stays in the written node (resolve reads it there); an entry that has
        # it is left to pydantic, so a fast record never carries it
        return {name: deep(getattr(value, name)) for name in fields if name != "previously"}
    return value


@st.composite
def orgs(draw) -> dict:
    out: dict = {}
    maybe(draw, "name", st.text(max_size=8), out)
    maybe(draw, "stage", st.sampled_from([*spec.values(spec.Stage), "Growth"]), out)
    maybe(draw, "business", st.sampled_from([*spec.values(spec.Business), "b2b"]), out)
    return out


@st.composite
def data_items(draw) -> dict:
    out = {"id": draw(IDS)}
    maybe(draw, "name", st.text(max_size=8), out)
    maybe(draw, "owner", IDS, out)
    maybe(draw, "available_in_production", st.booleans(), out)
    return out


@st.composite
def models(draw) -> dict:
    out = {"id": draw(IDS)}
    maybe(draw, "stage", st.sampled_from([*spec.values(spec.ModelStage), "live"]), out)
    for key in ("name", "built_by", "owned_by", "deployed_by"):
        maybe(draw, key, IDS, out)
    maybe(draw, "user_facing", st.booleans(), out)
    maybe(draw, "data", st.lists(IDS, max_size=3), out)
    monitoring: dict = {}
    maybe(draw, "drift", st.booleans(), monitoring)
    maybe(draw, "escalation", st.one_of(st.none(), st.lists(IDS, max_size=2)), monitoring)
    if draw(st.booleans()):
        out["monitoring"] = monitoring if draw(st.integers(0, 9)) else draw(ANY)
    return out


@given(orgs())
def test_fast_org_agrees_with_pydantic(data):
    item = ymap(data)
    agree(fast_org(item), OrgInfo, item)


@given(data_items())
def test_fast_data_agrees_with_pydantic(data):
    item = ymap(data)
    agree(fast_data(item), Data, item)


@given(models())
def test_fast_model_agrees_with_pydantic(data):
    item = ymap(data)
    agree(fast_model(item), Model, item)


def test_the_usual_entries_take_the_fast_path():
    assert fast_org(ymap({"name": "Acme"})).stage == "growth"  # the model's default
    data = fast_data(ymap({"id": "logs", "owner": "ml"}))
    assert (data.owner, data.available_in_production) == ("ml", True)
    model = fast_model(
        ymap(
            {
                "id": "m",
                "stage": "production",
                "built_by": "ml",
                "data": ["logs"],
                "monitoring": {"drift": True, "escalation": ["ml"]},
            }
        )
    )
    assert (model.user_facing, model.monitoring.drift, model.monitoring.escalation) == (
        False,
        True,
        ["ml"],
    )


def test_spec_names_the_models_fields():
    assert tuple(OrgInfo.model_fields) == spec.ORG_FIELDS
    for section, (kind, cls) in KINDS.items():
        assert spec.SECTIONS[section] == kind
        assert spec.FIELDS[section] == tuple(cls.model_fields)
        nested = {name: tuple(sub.model_fields) for name, sub in NESTED[cls].items()}
        assert spec.NESTED[section] == nested


def test_checking_a_valid_org_does_not_import_pydantic(repo):
    probe = (
        "import sys\n"
        "from orglint.cli import _main\n"
        "try:\n"
        "    _main(['check', sys.argv[1]])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(repo / "examples" / "clean.yaml")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "False"
