"""DOT to SVG or PNG through Graphviz's `dot`."""

from __future__ import annotations

import shutil
import subprocess

from orglint.errors import GraphvizError

# Past this many boxes Graphviz's layout takes minutes and the picture cannot be read anyway.
MAX_NODES = 2000
INSTEAD = (
    "draw less with `--focus ID --depth N`, or use `--output-format mermaid` or `dot` "
    "and render it elsewhere"
)


class GraphvizMissing(GraphvizError):
    pass


def image(dot_text: str, fmt: str, timeout: float = 120, nodes: int = 0) -> bytes:
    """SVG or PNG bytes through Graphviz's `dot` (``nodes``: how many boxes it holds)."""
    if nodes > MAX_NODES:
        raise GraphvizError(
            f"this picture has {nodes:,} boxes even at team level, more than Graphviz lays "
            f"out readably ({MAX_NODES:,}): {INSTEAD}"
        )
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissing(
            f"`--output-format {fmt}` needs Graphviz's `dot`, which is not installed: install "
            "Graphviz (e.g. `apt-get install graphviz` or `brew install graphviz`), or use "
            "`--output-format dot` or `mermaid`"
        )
    try:
        done = subprocess.run(
            [exe, f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizError(
            f"Graphviz took more than {timeout:g} s to lay out this picture: {INSTEAD}"
        ) from None
    if done.returncode != 0:
        said = [
            line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()
        ]
        said = [line for line in said if line.startswith(("Error", "Warning"))] or said
        first = f" (`dot` said: {said[0].strip()[:200]})" if said else ""
        raise GraphvizError(f"Graphviz could not lay out this picture{first}: {INSTEAD}")
    return done.stdout
