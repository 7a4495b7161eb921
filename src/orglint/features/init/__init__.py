"""Starter org files, one per design, that pass `orglint check` as written.

Each template is commented YAML; it goes through ruamel.yaml's round-trip loader and
dumper so that a change (the org's name) keeps every comment in place.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from ruamel.yaml import YAML

SCHEMA_URL = "https://orglint.dev/schemas/org-v1.schema.json"
SCHEMA_FILE = Path("schemas") / "org-v1.schema.json"

_HEADER = """\
version: 1
org:
  name: Example Co
  stage: {stage}  # pre-pmf | early | growth | scale | enterprise
  business: {business}  # saas | services | ecommerce | consumer | marketplace | internal | other
"""

EMBEDDED = (
    """\
# Design: ML people embedded in a product team, with a platform team behind them.
# Sources: 000_10e9566b940d870c.txt "2. Embedded within Business & Product Teams";
#          002_ccb2a8ae2a5aefd5.txt "The Business and Product Embedded Machine Learning
#          organization"; 004_38fa3b7c01b57b73.txt "Solution: Product-driven teams".
# Rename the ids and names, add your teams, then run `orglint check` and `orglint describe`.
"""
    + _HEADER.format(stage="growth", business="saas")
    + """
people:
  - id: ceo
    title: CEO
    skills: [management]
  - {id: cto, title: CTO, reports_to: ceo, skills: [backend, management]}
  - {id: cpo, title: Chief Product Officer, reports_to: ceo, skills: [pm, management]}
  # The product team
  - {id: search-em, title: Engineering Manager (Search), reports_to: cto, skills: [backend, management]}
  - {id: search-pm, title: Product Manager (Search), reports_to: cpo, skills: [pm, sme]}
  - {id: search-designer, title: Product Designer, reports_to: cpo, skills: [ux]}
  - {id: search-fe, title: Frontend Engineer, reports_to: search-em, skills: [fe]}
  - {id: search-be, title: Backend Engineer, reports_to: search-em, skills: [be]}
  # Embedded ML people report to the product team's engineering manager (002). Two of
  # them, so neither is the only ML person around (ARC005, OWN004).
  - {id: search-ds, title: Data Scientist, reports_to: search-em, skills: [ds, sme]}
  - {id: search-mle, title: ML Engineer, reports_to: search-em, skills: [mle, de]}
  # The platform team: shared data pipelines and serving, so that embedded teams keep
  # common standards (000 "2. Embedded ..."; ARC004 asks for one once three teams embed).
  - {id: platform-lead, title: Platform Lead, reports_to: cto, skills: [sre, management]}
  - {id: platform-de, title: Data Engineer, reports_to: platform-lead, skills: [de, be]}

teams:
  - id: leadership
    type: leadership
    lead: ceo
    members: [cto, cpo]
  - id: search
    name: Search
    type: product
    lead: search-em
    members: [search-pm, search-designer, search-fe, search-be]
    kpis:
      - name: searches that end in a purchase
        kind: product
  - id: search-ml
    name: Search ML
    type: ml
    embedded_in: search  # works inside the product team, on its roadmap
    engagement: embedded
    works_with: [platform]
    members: [search-ds, search-mle]
    kpis:  # the product team's KPI, not a model metric (ARC007)
      - name: searches that end in a purchase
        kind: product
  - id: platform
    name: Platform
    type: platform
    lead: platform-lead
    members: [platform-de]

data:
  - id: search-clicks
    name: Search impressions and clicks
    owner: search
  - id: catalog
    name: Product catalog
    owner: platform

models:
  - id: search-ranker
    name: Search ranking
    stage: production
    built_by: search-ml  # owned_by and deployed_by default to built_by
    user_facing: true
    data: [search-clicks, catalog]
    monitoring:
      drift: true
      escalation: [search-ml]  # drift alerts reach the people who can retrain it
"""
)

CENTRAL = (
    """\
# Design: a productized, central data science team that works with the product teams.
# Sources: 000_10e9566b940d870c.txt "4. [Near Future] Productized Data Science Team";
#          002_ccb2a8ae2a5aefd5.txt "The Independent Machine Learning organization".
# Every data scientist reports to the head of data science. Its known cost is the
# context its lead must hold: ARC003 warns past six active models per central team.
"""
    + _HEADER.format(stage="growth", business="saas")
    + """
people:
  - id: ceo
    title: CEO
    skills: [management]
  - {id: cto, title: CTO, reports_to: ceo, skills: [backend, management]}
  - {id: cpo, title: Chief Product Officer, reports_to: ceo, skills: [pm, management]}
  - {id: head-of-ds, title: Head of Data Science, reports_to: ceo, skills: [ml, management]}
  # The central team
  - {id: ds-1, title: Data Scientist, reports_to: head-of-ds, skills: [ds, sme]}
  - {id: ds-2, title: Data Scientist, reports_to: head-of-ds, skills: [ds, de]}
  - {id: mle-1, title: ML Engineer, reports_to: head-of-ds, skills: [mle, mlops]}
  # Product teams it works with
  - {id: checkout-em, title: Engineering Manager (Checkout), reports_to: cto, skills: [backend, management]}
  - {id: checkout-pm, title: Product Manager (Checkout), reports_to: cpo, skills: [pm]}
  - {id: checkout-fe, title: Frontend Engineer, reports_to: checkout-em, skills: [fe]}
  - {id: catalog-em, title: Engineering Manager (Catalog), reports_to: cto, skills: [backend, management]}
  - {id: catalog-pm, title: Product Manager (Catalog), reports_to: cpo, skills: [pm, sme]}
  - {id: catalog-designer, title: Product Designer, reports_to: cpo, skills: [ux]}
  - {id: platform-lead, title: Platform Lead, reports_to: cto, skills: [sre, management]}

teams:
  - id: leadership
    type: leadership
    lead: ceo
    members: [cto, cpo, head-of-ds]
  - id: data-science
    name: Data Science
    type: ml
    lead: head-of-ds
    members: [ds-1, ds-2, mle-1]
    engagement: central
    # Working with the product teams keeps the team on the engineering roadmap (COL001)
    # and puts PM, frontend and design skills within reach (SKL001, SKL002, SKL004).
    works_with: [checkout, catalog, platform]
    kpis:
      - name: checkout conversion
        kind: product
  - id: checkout
    type: product
    lead: checkout-em
    members: [checkout-pm, checkout-fe]
  - id: catalog
    type: product
    lead: catalog-em
    members: [catalog-pm, catalog-designer]
  - id: platform
    type: platform
    lead: platform-lead

data:
  - {id: orders, name: Orders, owner: checkout}
  - {id: products, name: Product catalog, owner: catalog}

models:
  - id: product-recs
    name: Product recommendations
    stage: production
    built_by: data-science
    user_facing: true
    data: [orders, products]
    monitoring:
      drift: true
      escalation: [data-science]
  - id: fraud-score
    name: Payment fraud score
    stage: development
    built_by: data-science
    data: [orders]
"""
)

PILLAR = (
    """\
# Design: a full-stack ML pillar whose lead reports to the CEO.
# Sources: 000_10e9566b940d870c.txt "5. [Verloop Today] Full Stack Data Science" and
#          "Characterstic of ML Org at Verloop.io"; 001_f535c1ed49b48fcf.txt
#          "5. [Today] Machine Learning Pillar" and "T Shaped Skill Maps".
# Every ML engineer works end to end, each with a second strength. The retrospective's
# fixes are built in: the pillar has its own product manager (so its lead is not the
# middleman, COL002) and works with a product team rather than apart from the
# engineering roadmap (COL001).
"""
    + _HEADER.format(stage="growth", business="saas")
    + """
people:
  - id: ceo
    title: CEO
    skills: [management]
  - {id: cto, title: CTO, reports_to: ceo, skills: [backend, management]}
  - {id: head-of-ml, title: Head of Machine Learning, reports_to: ceo, skills: [mle, management]}
  # The pillar: one role (ML engineer) with T-shaped skills
  - {id: mle-systems, title: ML Engineer (systems), reports_to: head-of-ml, skills: [mle, be]}
  - {id: mle-devops, title: ML Engineer (DevOps), reports_to: head-of-ml, skills: [mle, sre]}
  - {id: mle-frontend, title: ML Engineer (demos and frontend), reports_to: head-of-ml, skills: [mle, fe]}
  - {id: mle-data, title: ML Engineer (data pipelines), reports_to: head-of-ml, skills: [mle, de]}
  - {id: ml-pm, title: ML Product Manager, reports_to: head-of-ml, skills: [pm, sme]}
  # The product team the pillar ships with
  - {id: app-em, title: Engineering Manager (App), reports_to: cto, skills: [backend, management]}
  - {id: app-designer, title: Product Designer, reports_to: cto, skills: [ux]}
  - {id: app-fe, title: Frontend Engineer, reports_to: app-em, skills: [fe]}

teams:
  - id: leadership
    type: leadership
    lead: ceo
    members: [cto, head-of-ml]
  - id: ml
    name: Machine Learning
    type: ml
    lead: head-of-ml
    members: [mle-systems, mle-devops, mle-frontend, mle-data, ml-pm]
    engagement: full-stack
    works_with: [app]
    kpis:
      - name: conversations resolved without an agent
        kind: product
  - id: app
    name: App
    type: product
    lead: app-em
    members: [app-designer, app-fe]

data:
  - id: conversations
    name: Conversation logs
    owner: ml  # the pillar owns its data as well as its models (002's data ownership axis)

models:
  - id: intent-classifier
    name: Intent classifier
    stage: production
    built_by: ml  # builds, owns and deploys: the pillar carries it end to end
    user_facing: true
    data: [conversations]
    monitoring:
      drift: true
      escalation: [ml, head-of-ml]
"""
)

CONSULTANT = (
    """\
# Design: a data science team that consults for the rest of the business.
# Sources: 000_10e9566b940d870c.txt and 001_f535c1ed49b48fcf.txt "3. Data Science Consultant".
# `business` is `services`, where this design is at home: in a `saas` business the sources
# say it eats into gross margins, and ARC002 warns about `engagement: consulting` there.
# The team keeps the models it builds (owning and deploying them), and works with the
# teams it serves, so requests and data changes reach it directly (COL001, DAT002, DEP001).
"""
    + _HEADER.format(stage="growth", business="services")
    + """
people:
  - id: ceo
    title: CEO
    skills: [management]
  - {id: coo, title: COO, reports_to: ceo, skills: [operations, management]}
  - {id: cto, title: CTO, reports_to: ceo, skills: [backend, management]}
  - {id: head-of-ds, title: Head of Data Science, reports_to: ceo, skills: [ds, management]}
  - {id: ds-1, title: Senior Data Scientist, reports_to: head-of-ds, skills: [ds, mlops]}
  - {id: ds-2, title: Data Scientist, reports_to: head-of-ds, skills: [ds, de]}
  - {id: mle-1, title: ML Engineer, reports_to: head-of-ds, skills: [mle, be]}
  # Teams that bring problems to data science
  - {id: portal-pm, title: Product Manager (Client Portal), reports_to: cto, skills: [pm]}
  - {id: portal-fe, title: Frontend Engineer, reports_to: cto, skills: [fe]}
  - {id: portal-designer, title: Product Designer, reports_to: cto, skills: [ux]}
  - {id: ops-lead, title: Delivery Operations Lead, reports_to: coo, skills: [sme, operations]}

teams:
  - id: leadership
    type: leadership
    lead: ceo
    members: [coo, cto, head-of-ds]
  - id: data-science
    name: Data Science Services
    type: ml
    lead: head-of-ds
    members: [ds-1, ds-2, mle-1]
    engagement: consulting
    works_with: [client-portal, delivery-ops]
    kpis:  # what the requesting teams are measured on (ARC007)
      - name: client renewals
        kind: business
  - id: client-portal
    name: Client Portal
    type: product
    lead: portal-pm
    members: [portal-fe, portal-designer]
  - id: delivery-ops
    name: Delivery Operations
    type: business
    lead: ops-lead

data:
  - {id: engagements, name: Client engagements and outcomes, owner: delivery-ops}
  - {id: portal-events, name: Client portal usage, owner: client-portal}

models:
  - id: renewal-risk
    name: Client renewal risk
    stage: production
    built_by: data-science
    data: [engagements, portal-events]
    monitoring:
      drift: true
      escalation: [data-science]
  - id: next-best-service
    name: Suggested next service in the portal
    stage: development
    built_by: data-science
    user_facing: true
    data: [portal-events]
"""
)

RND = (
    """\
# Design: a research and development lab.
# Sources: 000_10e9566b940d870c.txt and 001_f535c1ed49b48fcf.txt "1. Research & Development
#          Labs"; 002_ccb2a8ae2a5aefd5.txt "The Research and Development Machine Learning
#          organization".
# `stage` is `growth`: a lab that owns neither its data nor a production model is of
# little use before product-market fit, and ARC001 warns about one at `pre-pmf` or `early`.
# At those stages, let the lab own its data (as here) or a model in production.
"""
    + _HEADER.format(stage="growth", business="saas")
    + """
people:
  - id: ceo
    title: CEO
    skills: [management]
  - {id: cto, title: CTO, reports_to: ceo, skills: [backend, management]}
  - {id: head-of-research, title: Head of Research, reports_to: ceo, skills: [research, ml, management]}
  - {id: scientist-1, title: Research Scientist, reports_to: head-of-research, skills: [research, ml]}
  - {id: scientist-2, title: Research Scientist, reports_to: head-of-research, skills: [research, ds]}
  - {id: research-engineer, title: Research Engineer, reports_to: head-of-research, skills: [mle, be]}
  # The product team that turns the lab's work into features
  - {id: product-pm, title: Product Manager, reports_to: cto, skills: [pm, sme]}
  - {id: product-fe, title: Frontend Engineer, reports_to: cto, skills: [fe]}
  - {id: product-designer, title: Product Designer, reports_to: cto, skills: [ux]}

teams:
  - id: leadership
    type: leadership
    lead: ceo
    members: [cto, head-of-research]
  - id: lab
    name: Research Lab
    type: research
    lead: head-of-research
    members: [scientist-1, scientist-2, research-engineer]
    works_with: [assistant]  # PM, frontend and design within reach of its models (SKL001/2/4)
  - id: assistant
    name: Assistant
    type: product
    lead: product-pm
    members: [product-fe, product-designer]

data:
  - id: research-corpus
    name: Licensed text corpus
    owner: lab  # the lab owns its inputs

models:
  - id: summarizer
    name: Document summaries
    stage: development
    built_by: lab
    user_facing: true
    data: [research-corpus]
  - id: long-context
    name: Long-context reasoning
    stage: research
    built_by: lab
"""
)

TEMPLATES = {
    "embedded": EMBEDDED,
    "central": CENTRAL,
    "pillar": PILLAR,
    "consultant": CONSULTANT,
    "rnd": RND,
}


def schema_ref(target: Path) -> str:
    """A relative path to the repository's schema when one is found upwards, else the URL."""
    folder = target.resolve().parent
    for parent in (folder, *folder.parents):
        if (parent / SCHEMA_FILE).is_file():
            return Path(os.path.relpath(parent / SCHEMA_FILE, folder)).as_posix()
    return SCHEMA_URL


def starter(design: str, name: str | None = None, schema: str = SCHEMA_URL) -> str:
    yaml = YAML()  # round-trip: comments and flow lists stay as written
    yaml.width = 120
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load(TEMPLATES[design])
    if name:
        doc["org"]["name"] = name
    out = io.StringIO()
    yaml.dump(doc, out)
    return f"# yaml-language-server: $schema={schema}\n" + out.getvalue()
