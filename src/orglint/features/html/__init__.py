"""`orglint report`: one self-contained HTML page of an org, its designs and findings, or
of a reorg (before and after). The page is the JSON from ``model`` and a small script that
draws it; nothing is fetched, and a Content-Security-Policy allows only the page's own
script and style."""

from __future__ import annotations

import base64
import hashlib
import html
import json
from importlib import resources

from orglint.features.html.model import reorg, single

__all__ = ["page", "reorg", "single"]

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def embed_json(data: dict) -> str:
    """JSON that cannot end the <script> element holding it, nor open a comment in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def page(data: dict) -> str:
    script, style = _asset("report.js"), _asset("report.css")
    policy = (
        f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(style)}; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="orglint">\n'
        f"<title>{html.escape(data['title'])}</title>\n"
        f"<style>{style}</style>\n</head>\n<body>\n"
        '<main id="report"></main>\n'
        "<noscript>This report draws itself with JavaScript; open it in a browser with "
        "scripts enabled.</noscript>\n"
        f'<script type="application/json" id="orglint-data">{embed_json(data)}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
