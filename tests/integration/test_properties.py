"""Property-based tests (issue 5): whatever the bytes, orglint returns findings located
inside the file's real line range and exits 0 or 1, never raises.

Bounded for the normal suite by the `ci` Hypothesis profile (tests/conftest.py); a long
session: `HYPOTHESIS_PROFILE=fuzz pytest tests/test_properties.py` (docs/robustness.md).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from helpers import REPO, SHARED, TESTS, cwd, run_orglint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orglint.config import Config
from orglint.pipeline import check_root
from orglint.read.discover import including_roots
from orglint.read.load import is_root_file
from orglint.report import format_names
from orglint.rules import load_rules

RULES = load_rules([])
CONFIG = Config()
FEWER = settings(
    max_examples=max(1, settings.default.max_examples // 4),
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        path = Path(name)
        (path / ".orglint.toml").write_text("")
        yield path


def assert_located(result) -> None:
    sources = result.loaded.sources()
    for finding in result.findings:
        loc = finding.location
        assert loc.path in sources, (loc, list(sources))
        lines = len(sources[loc.path].decode("utf-8", "replace").splitlines())
        assert 1 <= loc.line <= lines + 1, (finding.code, loc, lines, finding.message)
        assert loc.column >= 1, (finding.code, loc, finding.message)
        assert (loc.end_line, loc.end_column) >= (loc.line, loc.column), loc


def check_bytes(folder: Path, data: bytes, name: str = "org.yaml"):
    (folder / name).write_bytes(data)
    with cwd(folder):
        result = check_root(name, CONFIG, RULES)
    assert_located(result)
    return result


# -- random documents -----------------------------------------------------------------------------

IDS = ["ceo", "ana", "ml", "platform", "churn", "logs", "a", "A", "", "zoë", "x" * 70, "1"]
ENUMS = [
    "growth",
    "early",
    "saas",
    "ml",
    "product",
    "platform",
    "it",
    "chapter",
    "production",
    "development",
    "idea",
    "embedded",
    "consulting",
    "central",
    "model",
    "business",
    "pm",
    "mle",
    "ds",
    "sre",
    "frontend",
    "design",
    "management",
]
KEYS = [
    "version",
    "org",
    "include",
    "people",
    "teams",
    "data",
    "models",
    "id",
    "name",
    "title",
    "reports_to",
    "skills",
    "type",
    "lead",
    "members",
    "parent",
    "embedded_in",
    "works_with",
    "engagement",
    "kpis",
    "kind",
    "stage",
    "business",
    "owner",
    "available_in_production",
    "built_by",
    "owned_by",
    "deployed_by",
    "user_facing",
    "monitoring",
    "drift",
    "escalation",
    "x-note",
    "<<",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.sampled_from(IDS + ENUMS),
    st.text(max_size=12),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=6))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)
refs = st.sampled_from(IDS)
ref_lists = st.lists(refs, max_size=4)


def entity(**fields) -> st.SearchStrategy:
    """An entity with a plausible id, some of its fields, and sometimes a random one."""
    return st.fixed_dictionaries(
        {"id": refs}, optional={**fields, "name": st.text(max_size=8), "x-note": values}
    )


person = entity(
    reports_to=st.one_of(st.none(), refs),
    skills=st.lists(st.sampled_from(ENUMS), max_size=3),
    title=scalars,
)
team = entity(
    type=st.sampled_from(ENUMS),
    lead=refs,
    members=ref_lists,
    parent=refs,
    embedded_in=refs,
    works_with=ref_lists,
    engagement=st.sampled_from(ENUMS),
    kpis=st.lists(
        st.fixed_dictionaries({"name": st.text(max_size=5), "kind": st.sampled_from(ENUMS)}),
        max_size=2,
    ),
)
data_asset = entity(owner=refs, available_in_production=st.booleans())
model = entity(
    stage=st.sampled_from(ENUMS),
    built_by=refs,
    owned_by=refs,
    deployed_by=refs,
    user_facing=st.booleans(),
    data=ref_lists,
    monitoring=st.fixed_dictionaries(
        {}, optional={"drift": st.booleans(), "escalation": ref_lists}
    ),
)
orgs = st.fixed_dictionaries(
    {
        "version": st.sampled_from([1, 1, 1, 2, "1"]),
        "org": st.fixed_dictionaries(
            {"name": st.text(max_size=10)},
            optional={"stage": st.sampled_from(ENUMS), "business": st.sampled_from(ENUMS)},
        ),
    },
    optional={
        "people": st.lists(st.one_of(person, values), max_size=8),
        "teams": st.lists(team, max_size=5),
        "data": st.lists(data_asset, max_size=3),
        "models": st.lists(model, max_size=3),
        "include": st.lists(
            st.sampled_from(["*.yaml", "x/*.yaml", "../a.yaml", "/etc/x"]), max_size=2
        ),
    },
)
documents = st.one_of(orgs, values, st.dictionaries(keys, values, max_size=6))


@st.composite
def dumped(draw) -> bytes:
    doc = draw(documents)
    text = yaml.safe_dump(
        doc,
        allow_unicode=draw(st.booleans()),
        sort_keys=False,
        default_flow_style=draw(st.sampled_from([False, True, None])),
    )
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    return text.encode("utf-8")


TOKENS = [
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object:os.x ",
    "!t ",
    "\n",
    "  ",
    "\t",
    "'",
    '"',
    "# c",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">-\n",
    "version: 1\n",
    "org: {name: A}\n",
    "people:\n",
    "  - id: a\n",
    "<<: ",
    "%YAML 1.2\n",
    "\r\n",
    "\ufeff",
    "\\",
    "\\x",
    "\x85",
    "\u2028",
    "é",
    "0x",
    "1e9",
    ".inf",
    "~",
    "\x00",
]
token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
raw = st.one_of(
    dumped(),
    token_soup.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.binary(max_size=200),
)


@given(data=raw)
def test_random_input_is_located_never_raises(folder, data):
    check_bytes(folder, data)


@FEWER
@given(data=raw, fmt=st.sampled_from(format_names()))
def test_random_input_through_the_command_line(folder, data, fmt):
    (folder / "org.yaml").write_bytes(data)
    code, _, err = run_orglint("check", "--output-format", fmt, "org.yaml", cwd=folder)
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err


# -- mutations of the shipped examples ------------------------------------------------------------


@pytest.fixture(scope="module")
def examples(folder):
    """A copy of examples/ and, for each org file in it, the root that loads it."""
    copy = folder / "examples"
    shutil.copytree(REPO / "examples", copy)
    files = {}
    with cwd(copy):
        for path in sorted(Path(".").rglob("*.y*ml")):
            data = path.read_bytes()
            if is_root_file(data):
                files[str(path)] = str(path)
            else:
                for root in including_roots(str(path)):
                    files[str(path)] = root
    assert len(files) >= 10, files  # the examples exist and were found
    return copy, files


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


@st.composite
def mutation(draw, data: bytes) -> bytes:
    lines = _lines(data) or [b""]
    i = draw(st.integers(0, len(lines) - 1))
    j = draw(st.integers(0, len(lines) - 1))
    kind = draw(
        st.sampled_from(["delete", "swap", "values", "indent", "truncate", "insert", "duplicate"])
    )
    if kind == "delete":
        del lines[i : i + draw(st.integers(1, 3))]
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "values" and b":" in lines[i] and b":" in lines[j]:
        (ki, _, vi), (kj, _, vj) = lines[i].partition(b":"), lines[j].partition(b":")
        lines[i], lines[j] = ki + b":" + vj, kj + b":" + vi
    elif kind == "indent":
        lines[i] = draw(st.sampled_from([b"", b" ", b"   ", b"\t", b"      "])) + lines[i].lstrip(
            b" "
        )
    elif kind == "duplicate":
        lines.insert(j, lines[i])
    joined = b"".join(lines)
    if kind == "truncate":
        joined = joined[: draw(st.integers(0, len(joined)))]
    elif kind == "insert":
        at = draw(st.integers(0, len(joined)))
        joined = joined[:at] + draw(st.binary(min_size=1, max_size=4)) + joined[at:]
    return joined


@given(data=st.data())
def test_mutated_examples_are_located_never_raise(examples, data):
    copy, files = examples
    name = data.draw(st.sampled_from(sorted(files)), label="file")
    original = (copy / name).read_bytes()
    mutated = original
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        mutated = data.draw(mutation(mutated))
    (copy / name).write_bytes(mutated)
    try:
        with cwd(copy):
            result = check_root(files[name], CONFIG, RULES)
        assert_located(result)
    finally:
        (copy / name).write_bytes(original)


@FEWER
@given(data=st.data())
def test_mutated_examples_through_the_command_line(examples, data):
    copy, files = examples
    name = data.draw(st.sampled_from(sorted(files)), label="file")
    original = (copy / name).read_bytes()
    (copy / name).write_bytes(data.draw(mutation(original)))
    fmt = data.draw(st.sampled_from(format_names()), label="format")
    try:
        code, _, err = run_orglint("check", "--output-format", fmt, name, cwd=copy)
    finally:
        (copy / name).write_bytes(original)
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err


def test_the_unmutated_examples_are_located_too(examples):
    """The properties' baseline: every example loads, and its findings are in range."""
    copy, files = examples
    with cwd(copy):
        for root in sorted(set(files.values())):
            result = check_root(root, CONFIG, RULES)
            assert_located(result)
            if not root.startswith("mistakes"):  # the one example of broken input
                assert not [f for f in result.findings if f.code.startswith("ORG")], root


# -- issue 15: line ends editors do not count, and --add-suppressions run twice ------------------

ODD_BREAKS = [b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\r", b"\r\n", b"\n"]


@st.composite
def odd_breaks(draw, data: bytes) -> bytes:
    """``data`` with NEL, U+2028, U+2029, lone CRs or line ends put in, inside quoted
    values (where they are text) or anywhere (where they may break the YAML)."""
    top = re.search(rb"^version:[^\n]*\n", data, re.MULTILINE)
    if top and draw(st.booleans()):
        # a quoted note with an odd line end near the top shifts every later line
        odd = draw(st.sampled_from(ODD_BREAKS[:4]))
        data = data[: top.end()] + b'x-note: "a' + odd + b'b"\n' + data[top.end() :]
    if draw(st.integers(0, 3)) == 0:
        data = data.replace(b"\n", draw(st.sampled_from([b"\r", b"\r\n"])))  # old Mac, Windows
    for _ in range(draw(st.integers(0, 4))):
        quotes = [i + 1 for i, byte in enumerate(data) if byte in b"\"'"]
        anywhere = draw(st.booleans()) or not quotes
        at = draw(st.integers(0, len(data))) if anywhere else draw(st.sampled_from(quotes))
        data = data[:at] + draw(st.sampled_from(ODD_BREAKS)) + data[at:]
    return data


class Hang(Exception):
    pass


@contextlib.contextmanager
def no_hang(seconds: int = 60):
    """A run that takes longer than ``seconds`` fails the example (SIGALRM in-process)."""
    import signal

    def stop(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def stopped(code: int) -> None:
    """A session stopped by Ctrl-C or `timeout -s INT` (orglint exits 130, "Aborted.") ends
    the run instead of counting as a failing example."""
    if code == 130:
        raise KeyboardInterrupt


def _add_suppressions_twice(copy: Path, name: str, root: str, mutated: bytes) -> None:
    original = (copy / name).read_bytes()
    (copy / name).write_bytes(mutated)
    before = {p: p.read_bytes() for p in copy.rglob("*.y*ml")}
    try:
        with no_hang():
            code, _, err = run_orglint("check", "--add-suppressions", root, cwd=copy)
            stopped(code)
            assert code in (0, 1), err
            assert "Traceback" not in err and "internal error" not in err, err
            once = {p: p.read_bytes() for p in copy.rglob("*.y*ml")}
            code, _, err = run_orglint("check", "--add-suppressions", root, cwd=copy)
            stopped(code)
            assert code in (0, 1), err
            twice = {p: p.read_bytes() for p in copy.rglob("*.y*ml")}
        assert twice == once, "the second --add-suppressions changed a file"
    finally:
        for path, data in before.items():
            path.write_bytes(data)
        (copy / name).write_bytes(original)


@FEWER
@given(data=st.data())
def test_add_suppressions_twice_is_a_no_op(examples, data):
    copy, files = examples
    name = data.draw(st.sampled_from(sorted(files)), label="file")
    mutated = data.draw(odd_breaks((copy / name).read_bytes()), label="odd line ends")
    if data.draw(st.booleans(), label="also mutated"):
        mutated = data.draw(mutation(mutated))
    _add_suppressions_twice(copy, name, files[name], mutated)


def _fuzz_check(copy: Path, files: dict[str, str], data) -> tuple[str, bytes]:
    """One example of a fuzz session: a file of ``copy`` mutated one to three times,
    checked in a drawn output format (exit 0 or 1, no internal error, no hang) and put
    back; recorded in `FUZZ_LOG` if set. Returns the file and its mutated bytes."""
    name = data.draw(st.sampled_from(sorted(files)), label="file")
    original = (copy / name).read_bytes()
    mutated = original
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        mutated = data.draw(st.one_of(mutation(mutated), odd_breaks(mutated)))
    fmt = data.draw(st.sampled_from(format_names()), label="format")
    (copy / name).write_bytes(mutated)
    try:
        with no_hang():
            code, _, err = run_orglint("check", "--output-format", fmt, files[name], cwd=copy)
    finally:
        (copy / name).write_bytes(original)
    stopped(code)
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    if log := os.environ.get("FUZZ_LOG"):  # a timed session's record of what it ran
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{time.time():.0f}\t{fmt}\t{name}\t{code}\t{len(mutated)}\n")
    return name, mutated


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE") != "fuzz", reason="the long fuzz session only"
)
@given(data=st.data())
def test_fuzz_the_command_line_over_mutated_examples(examples, data):
    """`HYPOTHESIS_PROFILE=fuzz pytest -m slow -k fuzz tests/integration/test_properties.py`:
    every format and --add-suppressions over mutated examples, no internal error, no hang,
    and a second --add-suppressions that changes nothing."""
    copy, files = examples
    name, mutated = _fuzz_check(copy, files, data)
    _add_suppressions_twice(copy, name, files[name], mutated)


@pytest.fixture(scope="module")
def sources(folder):
    """Copies of source data nobody here wrote (tests/data's Backstage catalog; the shared
    GitHub org config and roster when present), and for each file the root that reads it."""
    copy = folder / "sources"
    shutil.copytree(TESTS / "data" / "backstage-acme", copy / "catalog")
    files = {f"catalog/{p.name}": "catalog" for p in (copy / "catalog").glob("*.yaml")}
    github = SHARED / "real-world" / "kubernetes-org" / "config" / "kubernetes-nightly"
    if github.is_dir():
        shutil.copytree(github, copy / "github", ignore=shutil.ignore_patterns("OWNERS"))
        files["github/org.yaml"] = files["github/sig-release/teams.yaml"] = "github/org.yaml"
    roster = SHARED / "real-world" / "sourcegraph-handbook" / "roster-2022-06-14.csv"
    if roster.is_file():
        shutil.copy(roster, copy / "roster.csv")
        files["roster.csv"] = "roster.csv"
    return copy, files


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE") != "fuzz", reason="the long fuzz session only"
)
@given(data=st.data())
def test_fuzz_the_sources_over_mutated_real_data(sources, data):
    """`HYPOTHESIS_PROFILE=fuzz pytest -m slow -k fuzz_the_sources ...`: a Backstage catalog,
    a GitHub org config and an HR roster, mutated, through every format: exit 0 or 1, no
    internal error, no hang."""
    _fuzz_check(*sources, data)
