"""The trend of `orglint history` as an SVG picture: one small chart per measure, the
commits along the x axis. Hand-written SVG; every text in it is escaped."""

from __future__ import annotations

import html
import re

from orglint.features.history import Point

WIDTH, LEFT, RIGHT, TOP, PANEL, GAP = 820, 170, 70, 56, 84, 22
# measure -> (title, series: (label, colour, value of a point))
PANELS = [
    ("People", [("people", "#1f77b4", lambda p: p.people)]),
    ("Teams", [("teams", "#2ca02c", lambda p: p.teams)]),
    ("Active models", [("active models", "#9467bd", lambda p: p.active_models)]),
    (
        "Findings",
        [
            ("errors", "#d62728", lambda p: p.severities.get("error", 0)),
            ("warnings", "#ff7f0e", lambda p: p.severities.get("warning", 0)),
            ("info", "#7f7f7f", lambda p: p.severities.get("info", 0)),
        ],
    ),
    ("Widest span", [("direct reports", "#8c564b", lambda p: p.widest_span)]),
    (
        "Unowned",
        [
            ("models", "#e377c2", lambda p: p.unowned_models),
            ("data", "#17becf", lambda p: p.unowned_data),
        ],
    ),
]
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text(value: object) -> str:
    """Escaped for XML text and attributes, without characters XML cannot hold."""
    return html.escape(_NOT_XML.sub("\ufffd", str(value)), quote=True)


def trend(root: str, points: list[Point]) -> str:
    height = TOP + len(PANELS) * (PANEL + GAP) + 30
    plot = WIDTH - LEFT - RIGHT
    n = len(points)

    def x(i: int) -> float:
        return LEFT + (plot * i / (n - 1) if n > 1 else plot / 2)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
        f'<text x="16" y="24" font-size="16" font-weight="bold">orglint history of '
        f"{text(root)}</text>",
        f'<text x="16" y="42" fill="#555">{n} commit{"s" if n != 1 else ""} that changed '
        f"the org"
        + (f", {text(points[0].date[:10])} to {text(points[-1].date[:10])}" if n else "")
        + "</text>",
    ]
    for k, (title, series) in enumerate(PANELS):
        top = TOP + k * (PANEL + GAP)
        bottom = top + PANEL
        values = [[value(p) for p in points] for _, _, value in series]
        high = max([1, *(v for vs in values for v in vs)])

        def y(v: float, bottom: int = bottom, high: int = high) -> float:
            return bottom - (PANEL - 8) * v / high

        out.append(f'<text x="16" y="{top + 16}" font-weight="bold">{text(title)}</text>')
        out.append(
            f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#ccc"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y(high) + 4:.1f}" text-anchor="end" '
            f'fill="#777">{high}</text>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{bottom + 4}" text-anchor="end" fill="#777">0</text>')
        for j, ((label, colour, _), vs) in enumerate(zip(series, values)):
            last = vs[-1] if vs else 0
            out.append(
                f'<text x="16" y="{top + 34 + 15 * j}" fill="{colour}">{text(label)}: {last}</text>'
            )
            if n:
                pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(vs))
                out.append(
                    f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
            for i, (p, v) in enumerate(zip(points, vs)):
                out.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}">'
                    f"<title>{text(p.commit[:12])} {text(p.date[:10])}: {text(label)} {v}"
                    f" ({text(p.subject)})</title></circle>"
                )
    if n:
        base = TOP + len(PANELS) * (PANEL + GAP) + 4
        out.append(f'<text x="{LEFT}" y="{base}" fill="#555">{text(points[0].commit[:8])}</text>')
        if n > 1:
            out.append(
                f'<text x="{WIDTH - RIGHT}" y="{base}" text-anchor="end" fill="#555">'
                f"{text(points[-1].commit[:8])}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
