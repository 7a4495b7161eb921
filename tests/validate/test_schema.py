"""The committed JSON Schemas: current, valid for every example, and in step with the model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import REPO, dedent
from jsonschema import Draft202012Validator

from orglint.read.load import ROOT_ONLY_KEYS, Document, Loaded, is_root_file, load_org
from orglint.read.parse import Limits, Reader
from orglint.validate.schema import json_schema
from orglint.validate.validation import validate

SCHEMAS = {
    False: REPO / "schemas/org-v1.schema.json",
    True: REPO / "schemas/org-v1-include.schema.json",
}
REGENERATE = (
    "run `orglint schema > schemas/org-v1.schema.json` and "
    "`orglint schema --included > schemas/org-v1-include.schema.json`"
)


def committed(included: bool) -> dict:
    return json.loads(SCHEMAS[included].read_text(encoding="utf-8"))


def validator(included: bool) -> Draft202012Validator:
    return Draft202012Validator(committed(included))


def yaml_data(text: bytes, well_formed: bool = True):
    """The document as orglint reads it (YAML 1.2 core: `yes` stays a string)."""
    reader = Reader("doc.yaml", Limits())
    value = reader.read(text)
    assert not well_formed or reader.findings == [], reader.findings
    return value


def examples() -> list[Path]:
    """Every org file in examples/: the roots and the files they include (not CI configs or
    expected-findings files)."""
    found = set()
    for path in (REPO / "examples").rglob("*.y*ml"):
        if is_root_file(path.read_bytes()):
            found.update(Path(d.path) for d in load_org(str(path)).documents)
    return sorted(found)


@pytest.mark.parametrize("included", [False, True], ids=["root", "included"])
def test_committed_schema_is_current(included, orglint):
    code, out, err = orglint("schema", *(["--included"] if included else []))
    printed = json.loads(out)
    assert (code, err) == (0, "")
    assert printed == json_schema(included)
    assert committed(included) == printed, f"{SCHEMAS[included].name} is stale: {REGENERATE}"


@pytest.mark.parametrize("included", [False, True], ids=["root", "included"])
def test_schema_is_a_valid_draft_2020_12_schema(included):
    schema = committed(included)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


EXAMPLES = examples()
INVALID_EXAMPLES = {"mistakes.yaml", "platform.yaml"}  # examples/mistakes*: wrong on purpose


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(REPO / "examples")))
def test_every_example_validates_and_names_its_schema(path):
    data = path.read_bytes()
    included = not is_root_file(data)
    invalid = path.name in INVALID_EXAMPLES
    errors = list(validator(included).iter_errors(yaml_data(data, not invalid)))
    if invalid:
        assert errors, f"{path} has mistakes on purpose; the schema must reject it"
    else:
        assert [e.message for e in errors] == []
    first = data.decode().splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path} should start with a `# yaml-language-server: $schema=...` line"
    assert (path.parent / match.group(1)).resolve() == SCHEMAS[included]


# -- the schema accepts exactly what the model accepts ----------------------------------------

HEAD = "version: 1\norg: {name: Acme}\n"
ROOT_CASES = [
    # (document, accepted)
    (HEAD, True),
    (HEAD + "x-owner: hr\npeople:\nteams: []\n", True),
    ("version: 1\norg: {name: Acme, stage: early, business: null, x-region: eu}\n", True),
    (
        HEAD
        + "people:\n  - {id: a.b_c-1, name: Ana, title: null, reports_to: null, skills: [ml]}\n",
        True,
    ),
    (
        HEAD + "teams:\n  - id: t\n    type: ml\n    lead: a\n    members: [a]\n    parent: p\n"
        "    embedded_in: e\n    works_with: [w]\n    engagement: full-stack\n"
        "    kpis: [{name: k, kind: business, x-note: n}]\n",
        True,
    ),
    (HEAD + "data:\n  - {id: d, owner: t, available_in_production: false}\n", True),
    (
        HEAD + "models:\n  - id: m\n    stage: retired\n    built_by: t\n    owned_by: t\n"
        "    deployed_by: t\n    user_facing: true\n    data: [d]\n"
        "    monitoring: {drift: true, escalation: [t, a]}\n",
        True,
    ),
    (HEAD + "models:\n  - {id: m, stage: idea, monitoring: null}\n", True),
    ("org: {name: Acme}\n", False),
    ("version: 2\norg: {name: Acme}\n", False),
    ("version: 1\norg: {stage: growth}\n", False),
    ("version: 1\norg: {name: Acme, stage: seed}\n", False),
    ("version: 1\norg: {name: Acme, sector: x}\n", False),
    (HEAD + "peple: []\n", False),
    (HEAD + "people: {id: a}\n", False),
    (HEAD + "people: [a]\n", False),
    (HEAD + "people:\n  - {name: Ana}\n", False),
    (HEAD + "people:\n  - {id: Ana}\n", False),
    (HEAD + "people:\n  - {id: " + "a" * 65 + "}\n", False),
    (HEAD + "people:\n  - {id: 7}\n", False),
    (HEAD + "people:\n  - {id: a, reportsto: b}\n", False),
    (HEAD + "people:\n  - {id: a, skills: ml}\n", False),
    (HEAD + "people:\n  - {id: a, skills: [1]}\n", False),
    (HEAD + "teams:\n  - {id: t}\n", False),
    (HEAD + "teams:\n  - {id: t, type: prodct}\n", False),
    (HEAD + "teams:\n  - {id: t, type: ml, engagement: embeded}\n", False),
    (HEAD + "teams:\n  - {id: t, type: ml, kpis: [{name: k}]}\n", False),
    (HEAD + "teams:\n  - {id: t, type: ml, kpis: [{name: k, kind: model, target: 3}]}\n", False),
    (HEAD + "data:\n  - {id: d, available_in_production: yes}\n", False),
    (HEAD + "models:\n  - {id: m}\n", False),
    (HEAD + "models:\n  - {id: m, stage: idea, user_facing: 1}\n", False),
    (HEAD + "models:\n  - {id: m, stage: idea, monitoring: {drift: 'true'}}\n", False),
    (HEAD + "models:\n  - {id: m, stage: idea, monitoring: {drift: true, escalate: [a]}}\n", False),
    (HEAD + "models:\n  - {id: m, stage: idea, data: null}\n", False),
]
INCLUDED_CASES = [
    ("people:\n  - {id: a}\n", True),
    ("teams:\nx-note: n\n", True),
    ("people:\n  - {id: A}\n", False),
    ("staff:\n  - {id: a}\n", False),
    ("version: 1\npeople: []\n", False),
    ("org: {name: Acme}\n", False),
]


def model_accepts(text: str, included: bool, tmp_path: Path) -> bool:
    data = dedent(text).encode()
    if included:
        doc = Document("part.yaml", yaml_data(data), data, is_root=False)
        loaded = Loaded(documents=[Document("org.yaml", yaml_data(HEAD.encode())), doc])
        rooted = any(key in doc.root for key in ROOT_ONLY_KEYS)  # ORG005 when loaded as an include
        return not rooted and not [f for f in validate(loaded).findings if f.code == "ORG002"]
    path = tmp_path / "org.yaml"
    path.write_bytes(data)
    loaded = load_org(str(path))
    return not [f for f in loaded.findings + validate(loaded).findings if f.code == "ORG002"]


@pytest.mark.parametrize("text, accepted", ROOT_CASES + INCLUDED_CASES)
def test_schema_and_model_agree(text, accepted, tmp_path):
    included = (text, accepted) in INCLUDED_CASES
    schema_ok = validator(included).is_valid(yaml_data(dedent(text).encode()))
    assert (schema_ok, model_accepts(text, included, tmp_path)) == (accepted, accepted)
