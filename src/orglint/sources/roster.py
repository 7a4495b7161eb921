"""HR roster (CSV) -> org v1: one person per row, `reports_to` from the manager column,
teams from departments (led by the member most of the department reports to), skills from
a skills column and from titles that name a skill. Positions are the row's line and the
cell's column."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import cast

from orglint.findings import org_finding
from orglint.read.parse import pack
from orglint.resolve.skills import BUILTIN_ALIASES, CANONICAL_SKILLS, normalize_skill
from orglint.sources.common import Builder, Mapped, Spot, at, normalise_id
from orglint.sources.settings import RosterSettings

FIELDS = (
    "id",
    "email",
    "name",
    "first-name",
    "last-name",
    "manager",
    "department",
    "title",
    "skills",
)

# field -> header names (compared case-insensitively); "manager-by" says what the manager
# column holds. Sources: BambooHR's employee directory fields (Employee ID / Employee #,
# Display name, First/Last name, Job title, Work Email, Department, Reports To, which
# names the manager); HiBob's people report columns (Email, First/Last name, Job title,
# Department, Manager email). "orglint" is a plain export: ids, a manager id, a department.
PRESETS: dict[str, dict[str, object]] = {
    "orglint": {
        "id": ["employee id", "id", "person id", "employee_id"],
        "email": ["email", "work email"],
        "name": ["name", "full name", "display name"],
        "manager": ["manager id", "manager_id", "reports to id", "manager"],
        "department": ["department", "team"],
        "title": ["job title", "title"],
        "skills": ["skills"],
        "manager-by": "id",
    },
    "bamboohr": {
        "id": ["employee #", "employee id", "eeid"],
        "email": ["work email"],
        "name": ["display name", "name"],
        "first-name": ["first name", "preferred name"],
        "last-name": ["last name"],
        "manager": ["reports to", "supervisor"],
        "department": ["department"],
        "title": ["job title"],
        "skills": ["skills"],
        "manager-by": "name",
    },
    "hibob": {
        "email": ["email", "work email"],
        "id": ["employee id"],
        "name": ["display name", "full name"],
        "first-name": ["first name", "legal first name"],
        "last-name": ["last name", "legal last name"],
        "manager": ["manager email", "reports to email"],
        "department": ["department"],
        "title": ["job title", "title"],
        "skills": ["skills"],
        "manager-by": "email",
    },
}
# words in a department's name -> the team type it most likely is
_DEPARTMENT_WORDS = (
    (("machine learning", "ml", "ai", "data science"), "ml"),
    (("data", "analytics"), "data"),
    (("platform", "infrastructure", "devops", "sre"), "platform"),
    (("research",), "research"),
    (("design", "ux"), "design"),
    (("it", "helpdesk"), "it"),
    (
        ("sales", "marketing", "support", "finance", "people", "legal", "operations", "hr"),
        "business",
    ),
)


def header_columns(
    header: list[str], settings: RosterSettings
) -> tuple[str, dict[str, int]] | None:
    """The preset and field -> column index that fit ``header``, or None: a roster needs an
    id or email column, a name, and a manager or department column."""
    lowered = [h.strip().lower() for h in header]
    names = [settings.preset] if settings.preset else list(PRESETS)
    for preset in names:
        table = PRESETS[preset]
        columns: dict[str, int] = {}
        for fieldname in FIELDS:
            wanted = cast(
                "list[str]", settings.columns.get(fieldname) or table.get(fieldname) or []
            )
            for name in wanted:
                if name.lower() in lowered:
                    columns[fieldname] = lowered.index(name.lower())
                    break
        named = "name" in columns or "first-name" in columns
        if (
            ("id" in columns or "email" in columns)
            and named
            and ("manager" in columns or "department" in columns)
        ):
            return preset, columns
    return None


def recognise(data: bytes, settings: RosterSettings) -> bool:
    first = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    return header_columns(header, settings) is not None


def _cells(line: str, values: list[str]) -> list[int]:
    """1-based start column of each cell of a one-line record."""
    if '"' not in line:
        out, col = [], 1
        for value in values:
            out.append(col)
            col += len(value) + 1
        return out
    out, quoted, col = [1], False, 1
    for char in line:
        col += 1
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            out.append(col)
    return out


def read_roster(path: str, data: bytes, settings: RosterSettings, builder: Builder) -> Mapped:
    mapped = Mapped()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        mapped.report(
            org_finding(
                "ORG001", "the roster is UTF-16: export it as UTF-8 CSV", at(path, pack(1, 1))
            )
        )
        return mapped
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - data.rfind(b"\n", 0, exc.start)
        mapped.report(
            org_finding(
                "ORG001",
                f"the roster is not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line} "
                "cannot be decoded; export the CSV as UTF-8",
                at(path, pack(line, col)),
            )
        )
        return mapped
    lines = io.StringIO(text, newline="").readlines()  # split as the csv reader counts lines
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str], list[int]]] = []
    last = 0
    try:
        for record in reader:
            start = last + 1
            last = reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            one_line = start == last and start <= len(lines)
            raw = lines[start - 1].rstrip("\r\n") if one_line else ""
            cols = _cells(raw, record) if one_line else list(range(1, len(record) + 1))
            rows.append((start, record, cols))
    except csv.Error as exc:
        mapped.report(
            org_finding("ORG001", f"invalid CSV: {exc}", at(path, pack(reader.line_num, 1)))
        )
        return mapped
    if not rows:
        mapped.report(org_finding("ORG002", "the roster is empty", at(path, pack(1, 1))))
        return mapped
    header_line, header, header_cols = rows[0]
    fit = header_columns(header, settings)
    if fit is None:
        mapped.report(
            org_finding(
                "ORG002",
                "the header names no id or email column, no name column, or neither a manager "
                "nor a department column; name them in `[sources.roster] columns` (see "
                "docs/sources.md)",
                at(path, pack(header_line, 1)),
            )
        )
        return mapped
    preset, columns = fit
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        if not key or key in seen:
            what = "an empty column name" if not key else f"the column `{name}` a second time"
            mapped.report(
                org_finding(
                    "ORG002",
                    f"the header has {what}; give every column one distinct name",
                    at(path, pack(header_line, header_cols[min(index, len(header_cols) - 1)])),
                )
            )
        seen.setdefault(key, index)
    for fieldname, wanted in settings.columns.items():
        if fieldname not in columns:
            mapped.report(
                org_finding(
                    "ORG002",
                    f"`[sources.roster] columns.{fieldname}` names "
                    f"{', '.join(f'`{w}`' for w in wanted)}, which the header does not have",
                    at(path, pack(header_line, 1)),
                )
            )
    _People(path, rows[1:], len(header), columns, preset, settings, builder, mapped).run()
    return mapped


class _People:
    def __init__(self, path, rows, width, columns, preset, settings, builder, mapped) -> None:
        self.path = path
        self.rows = rows
        self.width = width
        self.columns = columns
        self.manager_by = settings.manager_by or PRESETS[preset]["manager-by"]
        self.settings = settings
        self.b = builder
        self.mapped = mapped

    def cell(
        self, row: tuple[int, list[str], list[int]], fieldname: str
    ) -> tuple[str, Spot] | None:
        index = self.columns.get(fieldname)
        line, values, cols = row
        if index is None or index >= len(values) or not values[index].strip():
            return None
        value = values[index]
        start = pack(line, cols[index] if index < len(cols) else index + 1)
        return value.strip(), (start, start, start + len(value))

    def run(self) -> None:
        mapped, columns = self.mapped, self.columns
        if "manager" not in columns:
            mapped.unknown.add("reporting-lines")
        if "skills" not in columns and "title" not in columns:
            mapped.unknown.add("skills")
        if "department" not in columns:
            mapped.unknown.add("work-teams")
        good = []
        for row in self.rows:
            line, values, cols = row
            if len(values) != self.width:
                col = cols[min(self.width, len(cols) - 1)] if len(values) > self.width else 1
                mapped.report(
                    org_finding(
                        "ORG001",
                        f"row has {len(values)} cells where the header has {self.width}; "
                        "fix the row (an unquoted comma in a value?)",
                        at(self.path, pack(line, col)),
                    )
                )
                continue
            good.append(row)
        ids: list[tuple[str, Spot] | None] = []
        by_email: dict[str, str] = {}
        by_name: dict[str, list[str]] = {}
        for row in good:
            found = self.cell(row, "id")
            email = self.cell(row, "email")
            if found is None and email is not None:
                found = (email[0].split("@")[0], email[1])
            if found is None:
                mapped.report(
                    org_finding(
                        "ORG002",
                        "row has no id (and no email): every person needs one",
                        at(self.path, pack(row[0], 1)),
                    )
                )
                ids.append(None)
                continue
            ident = normalise_id(found[0])
            mapped.note_written(ident, found[0])
            ids.append((ident, found[1]))
            if email is not None:
                by_email[email[0].lower()] = ident
            name = self.name(row)
            if name is not None:
                by_name.setdefault(name[0].lower(), []).append(ident)
        self.by_email, self.by_name = by_email, by_name
        departments: dict[str, list[tuple[str, Spot, str]]] = {}
        manager_of: dict[str, str] = {}
        for row, entry in zip(good, ids):
            if entry is None:
                continue
            ident, spot = entry
            fields: list[tuple[str, object, Spot]] = [("id", ident, spot)]
            name = self.name(row)
            if name is not None:
                fields.append(("name", *name))
            title = self.cell(row, "title")
            if title is not None:
                fields.append(("title", *title))
            boss = self.cell(row, "manager")
            if boss is not None:
                target = self.manager(boss[0], boss[1])
                if target is not None:
                    fields.append(("reports_to", target, boss[1]))
                    manager_of[ident] = target
            skills = self.skills(row, title)
            if skills is not None:
                fields.append(skills)
            department = self.cell(row, "department")
            if department is not None:
                departments.setdefault(department[0], []).append(
                    (ident, department[1], department[0])
                )
            line = row[0]
            mapped.people.append(self.b.map(pack(line, 1), pack(line, 1), fields))
        for dept, members in departments.items():
            self.team(dept, members, manager_of)
        if departments and sum(len(m) for m in departments.values()) < len(mapped.people):
            mapped.unknown.add("membership")  # an empty department: that person's team

    def name(self, row) -> tuple[str, Spot] | None:
        full = self.cell(row, "name")
        if full is not None:
            return full
        first, last = self.cell(row, "first-name"), self.cell(row, "last-name")
        if first is None:
            return None
        return (f"{first[0]} {last[0]}" if last else first[0]), first[1]

    def manager(self, value: str, spot: Spot) -> str | None:
        if self.manager_by == "email":
            return self.by_email.get(value.lower(), normalise_id(value.split("@")[0]))
        if self.manager_by == "name":
            found = self.by_name.get(value.lower(), [])
            if len(found) > 1:
                self.mapped.report(
                    org_finding(
                        "ORG004",
                        f"manager `{value}` is the name of {len(found)} people "
                        f"(`{'`, `'.join(found)}`); export the manager's id or email instead",
                        at(self.path, spot[1], spot[2]),
                    )
                )
                return None
            return found[0] if found else normalise_id(value)
        return normalise_id(value)

    def skills(self, row, title: tuple[str, Spot] | None) -> tuple[str, object, Spot] | None:
        items: list[tuple[str, tuple[int, int]]] = []
        listed = self.cell(row, "skills")
        spot = None
        if listed is not None:
            spot = listed[1]
            for part in listed[0].replace(";", ",").split(","):
                if part.strip():
                    items.append((part.strip(), (spot[1], spot[2])))
        if title is not None:
            skill = title_skill(title[0])
            if skill is not None:
                spot = spot or title[1]
                items.append((skill, (title[1][1], title[1][2])))
        if not items or spot is None:
            return None
        return ("skills", self.b.list(spot[1], spot[2], items), spot)

    def team(self, department: str, members: list[tuple[str, Spot, str]], manager_of) -> None:
        ident = normalise_id(department)
        self.mapped.note_written(ident, department)
        first = members[0][1]
        inside = {m for m, _, _ in members}
        reports = Counter(manager_of[m] for m in inside if manager_of.get(m) in inside)
        lead = None
        if reports:
            (top, count), *rest = [*reports.most_common(2), (None, 0)]
            if rest[0][1] < count:
                lead = top
        kind = self.settings.department_types.get(department.lower()) or department_type(
            department, self.settings.team_type
        )
        fields: list[tuple[str, object, Spot]] = [
            ("id", ident, first),
            ("name", department, first),
            ("type", kind, first),
        ]
        if lead is not None:
            fields.append(("lead", lead, first))
        listed = self.b.list(first[1], first[2], [(m, (s[1], s[2])) for m, s, _ in members])
        fields.append(("members", listed, first))
        self.mapped.teams.append(self.b.map(first[1], first[2], fields))


def department_type(department: str, default: str) -> str:
    words = set(re.findall(r"[a-z]+", department.lower()))
    phrase = " ".join(re.findall(r"[a-z]+", department.lower()))
    for keys, kind in _DEPARTMENT_WORDS:
        if any((" " in k and k in phrase) or k in words for k in keys):
            return kind
    return default


def title_skill(title: str) -> str | None:
    """The canonical skill a job title names through the skill aliases: the longest run of
    its words that is a skill or alias (`Senior Machine Learning Engineer` -> `ml`); a
    single word only when it ends the title (`Product Designer`, not `Product Marketing`)."""
    text = re.split(r",|\(| - | / ", title)[0].strip().lower()
    words = text.split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            if size == 1 and start != len(words) - 1:
                continue
            skill = normalize_skill(" ".join(words[start : start + size]), BUILTIN_ALIASES)
            if skill in CANONICAL_SKILLS:
                return skill
    return None
