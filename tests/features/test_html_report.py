"""`orglint report`: the HTML page, loaded in headless Chromium (from the system packages)
and driven with Playwright. Expected counts come from `orglint check`/`diff` JSON and from
the org files themselves, never from the page's own output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, dedent

EXAMPLES = sorted(
    [
        *(REPO / "examples" / "designs").glob("*.yaml"),
        REPO / "examples" / "clean.yaml",
        REPO / "examples" / "mistakes.yaml",
        REPO / "examples" / "multi-file" / "org.yaml",
    ]
)
EXAMPLES = [p for p in EXAMPLES if not p.name.endswith(".expected.yaml")]
CONSULTANT = REPO / "examples" / "designs" / "consultant.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (apt-get install chromium; .ci/run does)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed (pip install -e '.[browser]')"
    )
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, headless=True
        )
        yield context
        context.close()


class Loaded:
    """A report open in a tab, with what the page said on the console and what it fetched."""

    def __init__(self, context, path: Path):
        self.page = context.new_page()
        self.page.set_viewport_size({"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text)
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=30000)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_report(browser):
    pages: list[Loaded] = []

    def load(path: Path) -> Loaded:
        pages.append(Loaded(browser, path))
        return pages[-1]

    yield load
    for p in pages:
        p.close()


def write_report(orglint, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "report.html"
    result = orglint("report", *args, "-o", str(out))
    assert result.code == 0, result.err
    return out


def check_json(orglint, path: Path) -> list[dict]:
    result = orglint("check", str(path), "--output-format", "json")
    data = json.loads(result.out)
    rows = data["findings"] if isinstance(data, dict) else data
    return [f for f in rows if not f.get("suppressed")]


# -- without a browser ------------------------------------------------------------------


def test_page_is_self_contained_with_a_strict_policy(orglint, tmp_path):
    text = write_report(orglint, tmp_path, str(CONSULTANT)).read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert policy, "no Content-Security-Policy meta tag"
    assert "default-src 'none'" in policy.group(1)
    assert "unsafe-inline" not in policy.group(1) and "unsafe-eval" not in policy.group(1)
    # Nothing to fetch: no src= or href= to another document, no @import or url().
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(https?:|//)", text)
    assert "@import" not in text and "url(" not in text


def test_output_folder_is_created(orglint, tmp_path):
    out = tmp_path / "artifacts" / "pr" / "report.html"
    assert orglint("report", str(CONSULTANT), "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_usage_errors_exit_2(orglint, tmp_path):
    one = orglint("report", "--diff", str(CONSULTANT))
    assert one.code == 2 and "--diff takes two arguments" in one.err
    two = orglint("report", str(CONSULTANT), str(CONSULTANT))
    assert two.code == 2 and "one org root" in two.err
    many = orglint("report", str(REPO / "examples" / "designs"))
    assert many.code == 2 and "name one root file" in many.err


HOSTILE = [
    "</script><script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 2">',
    '%%{init: {"theme": "dark"}}%%',
    "Ev\u202eil",
    "quotes \" ' ` & <!-- -->",
]


def hostile_org(tmp_path: Path) -> Path:
    people = "\n".join(
        f"  - {{id: p{i}, name: {json.dumps(n)}, title: {json.dumps(n)}"
        + (", reports_to: p0}" if i else "}")
        for i, n in enumerate(HOSTILE)
    )
    (tmp_path / "org.yaml").write_text(
        dedent(
            f"""
            version: 1
            org: {{name: {json.dumps(HOSTILE[0])}, stage: growth}}
            people:
            {{people}}
            teams:
              - {{id: t1, name: {json.dumps(HOSTILE[1])}, type: ml, lead: p0,
                  members: [p1, p2, p3, p4]}}
            models:
              - {{id: m1, name: {json.dumps(HOSTILE[2])}, stage: production, built_by: t1}}
            """
        ).replace("{people}", people),
        encoding="utf-8",
    )
    return tmp_path / "org.yaml"


def test_hostile_names_stay_in_the_json_as_text(orglint, tmp_path):
    text = write_report(orglint, tmp_path, str(hostile_org(tmp_path))).read_text(encoding="utf-8")
    # Exactly the page's own two scripts close; no name opens or closes an element.
    assert text.count("</script>") == 2
    assert "<img" not in text and "<!--" not in text
    assert "\u202e" not in text  # shown as <U+202E>, escaped in the JSON


# -- in the browser -----------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_without_errors(orglint, open_report, tmp_path, example):
    expected = check_json(orglint, example)
    page = open_report(write_report(orglint, tmp_path, str(example)))
    assert page.errors == []
    assert page.requests == [page.page.url], "the page fetched something"
    p = page.page
    assert p.locator("svg.picture g.node.team").count() > 0
    assert p.locator("#findings tbody tr").count() == len(expected)
    assert p.locator(".legend").count() == 1
    for code in {f["code"] for f in expected}:
        assert p.locator(f"#rule-{code}").count() == 1, f"no documentation for {code}"
    if "include" not in example.read_text(encoding="utf-8"):  # one file: readable here
        rows = [r.locator("td").all_inner_texts() for r in p.locator("#rollup tbody tr").all()]
        rollup = {r[0]: [int(n) for n in r[1:4]] for r in rows}
        assert rollup == expected_rollup(example, expected)


def test_click_on_a_team_opens_its_people_and_models(orglint, open_report, tmp_path):
    p = open_report(write_report(orglint, tmp_path, str(CONSULTANT))).page
    p.click("svg.picture g.node.team[data-id='ds-services']")
    panel = p.locator(".panel")
    # consultant.yaml: ds-services is led by sofia with ahmed, julia, marco and yuki; it
    # builds churn-risk, reply-suggester and lead-scoring.
    people = panel.locator("tr[data-person]")
    assert sorted(people.evaluate_all("rs => rs.map(r => r.dataset.person)")) == [
        "ahmed",
        "julia",
        "marco",
        "sofia",
        "yuki",
    ]
    assert "Sofia Marchetti" in panel.inner_text()
    models = panel.locator("table").first.inner_text()
    for model in ("churn-risk", "reply-suggester", "lead-scoring"):
        assert model in models
    assert p.locator("g.node.team.selected").get_attribute("data-id") == "ds-services"


def test_search_finds_a_person_by_name(orglint, open_report, tmp_path):
    p = open_report(write_report(orglint, tmp_path, str(CONSULTANT))).page
    p.fill("#search", "yuki sato")
    assert "yuki" in p.locator(".results").inner_text()
    p.press("#search", "Enter")
    hit = p.locator(".panel tr.hit")
    assert hit.get_attribute("data-person") == "yuki"
    assert p.locator("g.node.team.selected").get_attribute("data-id") == "ds-services"


def test_search_puts_an_exact_id_first(orglint, open_report, tmp_path):
    # consultant.yaml: `tom` is a person (in leadership only); "tom" is also inside the
    # team id `customer-success`, which a plain substring search would list first.
    p = open_report(write_report(orglint, tmp_path, str(CONSULTANT))).page
    p.fill("#search", "tom")
    assert "customer-success" in p.locator(".results").inner_text()
    p.press("#search", "Enter")
    assert p.locator(".panel tr.hit").get_attribute("data-person") == "tom"


def test_findings_filter_by_severity_and_link_to_rule_and_picture(orglint, open_report, tmp_path):
    expected = check_json(orglint, CONSULTANT)
    loaded = open_report(write_report(orglint, tmp_path, str(CONSULTANT)))
    p = loaded.page
    p.select_option("#findings select[data-filter='severity']", "info")
    shown = p.locator("#findings tbody tr:not([hidden])")
    assert shown.count() == sum(1 for f in expected if f["severity"] == "info")
    p.select_option("#findings select[data-filter='severity']", "")
    p.select_option("#findings select[data-filter='team']", "ds-services")
    teams = p.locator("#findings tbody tr:not([hidden]) td:last-child").all_inner_texts()
    assert teams and set(teams) == {"Data Science Services"}
    # A model's finding: "show" selects the model in the picture.
    model_row = next(f for f in expected if f["entity"] == "churn-risk")
    p.select_option("#findings select[data-filter='team']", "")
    p.locator("#findings tbody tr button", has_text="churn-risk").first.click()
    assert p.locator("g.node.selected").get_attribute("data-id") == "churn-risk"
    # The rule link goes to its embedded documentation: what, why and how to fix.
    from orglint.rules import load_rules

    rule = load_rules()[model_row["code"]]
    p.locator(f"#findings a[href='#rule-{rule.code}']").first.click()
    assert p.evaluate("location.hash") == f"#rule-{rule.code}"
    doc = p.locator(f"#rule-{rule.code}").inner_text()
    for part in ("what", "why", "fix"):
        if rule.docs.get(part):
            assert rule.docs[part].split()[0] in doc
    assert loaded.errors == []


def expected_rollup(path: Path, findings: list[dict]) -> dict[str, list[int]]:
    """docs/report.md's rule, from the YAML: a finding counts against its team, a person's
    first team that is not a chapter or leadership, a model's owned_by (else built_by), a
    data asset's owner. [errors, warnings, info] per team."""
    import yaml

    org = yaml.safe_load(path.read_text(encoding="utf-8"))
    teams = {t["id"]: t for t in org.get("teams", [])}
    home: dict[str, str] = {}
    for kinds in (("chapter", "leadership"), ()):
        for tid, t in teams.items():
            if t["type"] in kinds:
                continue
            for pid in [t.get("lead"), *t.get("members", [])]:
                home.setdefault(pid, tid)
    models = {m["id"]: m.get("owned_by") or m.get("built_by") for m in org.get("models", [])}
    data = {d["id"]: d.get("owner") for d in org.get("data", [])}
    out: dict[str, list[int]] = {}
    for f in findings:
        e = f["entity"]
        team = e if e in teams else home.get(e) or models.get(e) or data.get(e)
        if team in teams:
            out.setdefault(team, [0, 0, 0])[["error", "warning", "info"].index(f["severity"])] += 1
    return out


def test_roll_up_counts_each_team(orglint, open_report, tmp_path):
    expected = expected_rollup(CONSULTANT, check_json(orglint, CONSULTANT))
    p = open_report(write_report(orglint, tmp_path, str(CONSULTANT))).page
    rows = [r.locator("td").all_inner_texts() for r in p.locator("#rollup tbody tr").all()]
    assert {r[0]: [int(n) for n in r[1:4]] for r in rows} == expected
    # worst first: errors, then warnings, then info
    counts = [[int(n) for n in r[1:4]] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_hostile_names_render_as_text(orglint, open_report, tmp_path):
    loaded = open_report(write_report(orglint, tmp_path, str(hostile_org(tmp_path))))
    p = loaded.page
    assert loaded.errors == []
    assert p.evaluate("window.pwned") is None
    assert p.locator("img").count() == 0
    assert p.title() == HOSTILE[0] + ": orglint report"
    p.click("svg.picture g.node.team[data-id='t1']")
    panel = p.locator(".panel").inner_text()
    assert HOSTILE[1] in panel and "</script>" in panel
    assert "Ev<U+202E>il" in panel and "\u202e" not in panel
    assert HOSTILE[2] in p.locator("svg.picture").inner_html().replace("&quot;", '"')


def reorg(tmp_path: Path) -> tuple[Path, Path]:
    """consultant.yaml and a reorg of it: the consulting team embedded in the inbox team,
    with yuki moved into the inbox team."""
    text = CONSULTANT.read_text(encoding="utf-8")
    after = text.replace(
        "    engagement: consulting\n", "    engagement: embedded\n    embedded_in: inbox\n"
    )
    after = after.replace("members: [ahmed, julia, marco, yuki]", "members: [ahmed, julia, marco]")
    after = after.replace(
        "members: [lina, noah, ana, kai]", "members: [lina, noah, ana, kai, yuki]"
    )
    assert after.count("yuki") == text.count("yuki") and after != text
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    (tmp_path / "before" / "org.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "after" / "org.yaml").write_text(after, encoding="utf-8")
    return tmp_path / "before" / "org.yaml", tmp_path / "after" / "org.yaml"


def test_diff_report_shows_both_sides_and_what_changed(orglint, open_report, tmp_path):
    before, after = reorg(tmp_path)
    diffed = json.loads(orglint("diff", str(before), str(after), "--output-format", "json").out)
    assert diffed["introduced"] or diffed["resolved"]
    loaded = open_report(write_report(orglint, tmp_path, "--diff", str(before), str(after)))
    p = loaded.page
    assert loaded.errors == []
    assert p.locator("#picture .side").count() == 2
    assert p.locator("#changes li.change").count() == len(diffed["changes"])
    for status in ("introduced", "resolved", "unchanged"):
        assert p.locator(f"#findings tbody tr.{status}").count() == len(diffed[status])
    # yuki moved from ds-services to inbox: each side marks the team yuki is in there.
    marked = [
        p.locator(f".side[data-side='{side}'] g.node.changed").evaluate_all(
            "ns => ns.map(n => n.dataset.id)"
        )
        for side in ("0", "1")
    ]
    assert "ds-services" in marked[0] and "inbox" not in marked[0]
    assert "inbox" in marked[1]
    # Entities of resolved findings are marked before, of introduced ones after; a person
    # through their team (consultant.yaml: sofia leads ds-services; yuki is in inbox after).
    team_of = {"sofia": "ds-services", "yuki": "inbox"}
    # (under catalog v2 the move introduces nothing: yuki has ML peers in inbox's collaborator)
    marked_ids = 0
    for side, status in ((0, "resolved"), (1, "introduced")):
        ids = {team_of.get(f["entity"], f["entity"]) for f in diffed[status] if f["entity"]}
        assert ids <= set(marked[side]), status
        marked_ids += len(ids)
    assert marked_ids
    # Searching for the moved person opens their team before and after.
    p.fill("#search", "yuki")
    p.press("#search", "Enter")
    selected = p.locator("g.node.team.selected").evaluate_all("ns => ns.map(n => n.dataset.id)")
    assert selected == ["ds-services", "inbox"]


def test_diff_report_reads_git_revisions(orglint, tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("no git")
    before, after = reorg(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(before, repo / "org.yaml")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    shutil.copy(after, repo / "org.yaml")
    monkeypatch.chdir(repo)
    out = tmp_path / "r.html"
    result = orglint("report", "--diff", "main:org.yaml", "org.yaml", "-o", str(out))
    assert result.code == 0, result.err
    data = json.loads(
        re.search(r'id="orglint-data">(.*?)</script>', out.read_text(encoding="utf-8")).group(1)
    )
    assert data["labels"] == ["main:org.yaml", "org.yaml"]
    assert any(c["id"] == "yuki" for c in data["changes"])


@pytest.mark.slow
def test_a_10000_person_org_opens_at_team_level(orglint, open_report, tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "10000", str(tmp_path / "org")],
        check=True,
        capture_output=True,
    )
    root = tmp_path / "org" / "org.yaml"
    text = root.read_text(encoding="utf-8")
    teams = len(re.findall(r"^  - id: ", text.split("\nteams:", 1)[1].split("\ndata:")[0], re.M))
    loaded = open_report(write_report(orglint, tmp_path, str(root)))
    p = loaded.page
    assert loaded.errors == []
    shown = p.locator("svg.picture g.node.team").count()
    assert 0 < shown <= 60 < teams  # team level: a few dozen of the org's teams
    # A person from the file, by name: search opens their team with them highlighted.
    person = re.search(r"^  - id: (\S+)\n    name: (.+)$", text.split("\npeople:", 1)[1], re.M)
    assert person, "the generator's people layout changed"
    p.fill("#search", person.group(1))
    p.press("#search", "Enter")
    assert p.locator(".panel tr.hit").get_attribute("data-person") == person.group(1)
    # Models of folded teams are folded with them; searching one opens the teams above it.
    models = len(re.findall(r"^  - id: ", text.split("\nmodels:", 1)[1], re.M))
    p.click("text=team level")
    drawn = p.locator("svg.picture g.node.model").count()
    assert drawn < models
    model = re.search(r"^  - id: (\S+)", text.split("\nmodels:", 1)[1], re.M).group(1)
    p.fill("#search", model)
    p.press("#search", "Enter")
    assert p.locator("svg.picture g.node.selected").get_attribute("data-id") == model
    p.click("text=team level")
    # A click on a folded team opens its sub-teams.
    folded = p.locator("svg.picture g.node.team:has(text.toggle)").first
    before = p.locator("svg.picture g.node.team").count()
    folded.locator("text.toggle").click()
    assert p.locator("svg.picture g.node.team").count() != before


def test_docs_ci_shows_the_report_workflow_as_it_is():
    import yaml

    workflow = REPO / "examples" / "ci" / "github-report.yml"
    doc = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [b.split("\n", 1)[1] for b in doc.split("```")[1::2] if b.startswith("yaml\n")]
    assert workflow.read_text(encoding="utf-8") in blocks
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["report"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert 'orglint report --diff "$BASE:org.yaml" org.yaml -o orglint-report.html' in runs
    uploaded = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert uploaded["with"]["path"] == "orglint-report.html"
    assert "steps.report.outputs.artifact-url" in workflow.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["unclosed-quote.yaml", "top-level-list.yaml", "empty.yaml"])
def test_broken_input_gives_a_page_with_its_findings(orglint, open_report, tmp_path, name):
    bad = REPO / "tests" / "bad" / name
    expected = check_json(orglint, bad)
    assert expected, "the bad file should have findings"
    loaded = open_report(write_report(orglint, tmp_path, str(bad)))
    assert loaded.errors == []
    rows = loaded.page.locator("#findings tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(r.split()[0] for r in rows) == sorted(f["code"] for f in expected)
