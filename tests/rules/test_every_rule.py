"""One organisation that trips every rule of the catalog at once, with exact findings.

`tests/data/every-rule/org.yaml` (Fincart, plus `teams/payments.yaml` and
`teams/support.yaml` through `include:`) trips every rule of RULES.md but one. ARC006
(a production model and nobody in the org has ML skill) cannot fire in an org that
also has the ML-skilled people OWN004, ARC005, COL002, ... need, so it lives in a second
small root in the same folder, `nascent.yaml`.

The expected findings below were derived by hand from the wording of
/work/shared/RULES.md (which line each finding points at, and which look-alikes must
NOT fire), not copied from the engine's output. The comment on each line of the org
files names the rule it is there to trip. Where the engine reports something else and
RULES.md's wording says the expectation is right, the expectation stays and the engine is
fixed (this test found MON001 pointing at `monitoring:` instead of the `- id:` line).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import SHARED, TESTS

from orglint.config import Config
from orglint.pipeline import check_root

DATA = TESTS / "data" / "every-rule"
RULES_MD = SHARED / "RULES.md"

ORG = "org.yaml"
PAYMENTS = "teams/payments.yaml"
SUPPORT = "teams/support.yaml"
NASCENT = "nascent.yaml"

# (code, file relative to tests/data/every-rule, line) of every active (unsuppressed) finding.
EXPECTED = {
    ORG: [
        ("ORG005", ORG, 16),  # include `legacy/*.yaml` matches no file (the org stays
        # complete: ORG004 for unknown ids and STR005 still fire)
        ("STR003", ORG, 20),  # gaurav: 11 direct reports (> 10)
        ("STR002", ORG, 21),  # omar: a second top (gaurav is written first)
        ("STR005", ORG, 41),  # zoe: on no team, and omar, her manager, leads none (v2
        # derived membership); xavier is too, but suppressed with a reason
        ("ARC005", ORG, 55),  # kai: no ML peer in growth-analytics, growth, his chain or reports
        ("SKL007", ORG, 56),  # mo: `analytcs` is one edit from `analytics`
        ("STR001", ORG, 59),  # ravi <-> kim: the reports_to line of ravi, written first
        ("SUP002", ORG, 79),  # ignore[SKL002] on ml-core, where SKL002 does not fire
        ("ARC003", ORG, 84),  # nirant leads ml-core: not embedded, 7 active models (> 6),
        # at its `lead:` line (v2: per lead person)
        ("ARC007", ORG, 88),  # ml-core's `kpis:` are all of kind model
        ("COL001", ORG, 91),  # risk: its only other collaborator is sales (business)
        ("SKL001", ORG, 91),  # risk: no product-management in risk or sales
        ("SKL005", ORG, 91),  # risk: no domain-expertise in risk or sales
        ("COL002", ORG, 102),  # recs: `lead: hana`, the only one with product-management
        ("ORG004", ORG, 104),  # recs `parent: enginering`: unknown id
        ("OWN004", ORG, 106),  # payouts owns payout-eta; meera is its one ML person
        ("ARC004", ORG, 106),  # payouts: a product team whose ML member builds (v2 presence)
        ("ARC001", ORG, 114),  # lab: research team at an early stage, owns nothing
        ("ARC004", ORG, 121),  # growth-analytics: embedded (engagement), no platform team
        ("ARC004", ORG, 127),  # pricing-ml: embedded (embedded_in)
        ("ARC008", ORG, 127),  # pricing-ml: embedded ml team, only a research model
        ("ARC002", ORG, 134),  # insights `engagement: consulting` in a saas business
        ("ORG004", ORG, 147),  # merchant-profiles `owner: priya`: a person, not a team
        ("OWN002", ORG, 148),  # clickstream: read by basket-recs (development), no owner
        ("DEP001", ORG, 160),  # address-validator `deployed_by: it-ops`
        ("OWN003", ORG, 166),  # dispute-router `owned_by: support-ops`: no ML skill there
        ("SUP001", ORG, 178),  # `# orglint: ignore[MON001]` without a reason (still suppresses)
        ("ORG002", ORG, 186),  # merchant-ltv `stage: prod`
        ("OWN001", ORG, 190),  # basket-recs: active, neither owned_by nor built_by
        ("DAT001", ORG, 197),  # chargeback-predictor reads chargebacks-warehouse
        ("ARC004", PAYMENTS, 15),  # payments-ml: embedded (embedded_in)
        ("ARC009", PAYMENTS, 15),  # payments-ml builds fraud-score (production), no kpis
        # `monitoring:` is written but `drift:` is not: a missing field points at `- id:`
        ("MON001", PAYMENTS, 25),  # fraud-score: `drift` not written -> its `- id:` line
        ("DAT002", PAYMENTS, 31),  # fraud-score reads device-fingerprints, owned by risk
        ("MON002", PAYMENTS, 33),  # fraud-score `escalation: [payments]`: no ML skill there
        ("ORG003", PAYMENTS, 35),  # payout-eta defined again (its copy trips nothing else)
        ("ORG001", SUPPORT, 8),  # amit: `title:` written twice
        ("STR004", SUPPORT, 22),  # support-ops: 10 members with its lead (> 9)
        ("ARC009", SUPPORT, 22),  # support-ops owns dispute-router (production), no kpis
        ("ARC009", SUPPORT, 29),  # support-ai builds reply-suggest (production), no kpis
        ("SKL002", SUPPORT, 29),  # support-ai: no frontend within reach
        ("SKL003", SUPPORT, 29),  # support-ai: no devops within reach
        ("SKL004", SUPPORT, 29),  # support-ai: no design within reach
        ("SKL006", SUPPORT, 29),  # support-ai: no data-engineering within reach
    ],
    # ARC006 cannot share an org with the ML-skilled people the other rules need (see the
    # module docstring); with no ML skill anywhere, OWN003 and MON002 necessarily come along.
    NASCENT: [
        ("ARC006", NASCENT, 23),  # demand-forecast: production, and nobody has ML skill
        ("OWN003", NASCENT, 25),  # `built_by: shop` (owned_by not written): no ML skill
        ("MON002", NASCENT, 29),  # `escalation: [shop]`: no ML skill
    ],
}


def findings(root: str) -> Counter:
    result = check_root(str(DATA / root), Config())
    return Counter(
        (f.code, Path(f.path).resolve().relative_to(DATA).as_posix(), f.location.line)
        for f in result.active
    )


@pytest.mark.parametrize("root", sorted(EXPECTED))
def test_org_reports_exactly_the_hand_derived_findings(root):
    assert findings(root) == Counter(EXPECTED[root])


def catalog_codes() -> set[str]:
    if not RULES_MD.is_file():
        pytest.skip(f"{RULES_MD} is not available on this machine")
    return set(
        re.findall(
            r"^\|\s*([A-Z]{3}\d{3})\s*\|", RULES_MD.read_text(encoding="utf-8"), re.MULTILINE
        )
    )


def test_the_two_orgs_together_trip_every_rule_of_the_catalog():
    codes = catalog_codes()
    assert len(codes) >= 37  # the parse found the catalog's tables
    fired = {code for root in EXPECTED for code, _, _ in findings(root)}
    assert fired == codes


def test_the_expectations_themselves_cover_every_rule_of_the_catalog():
    # Independent of the engine: a rule missing here means the test data is incomplete.
    codes = catalog_codes()
    assert {code for entries in EXPECTED.values() for code, _, _ in entries} == codes
