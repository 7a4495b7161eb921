#!/usr/bin/env python3
"""Language server latency: after a one-line edit in a large org split over several files,
how long until the edited file's diagnostics arrive, and the server's memory over many edits.

    python benchmarks/server_latency.py [--people 10000] [--split 8] [--edits 1000]
                                        [--debounce 50] [--markdown FILE]

The org comes from benchmarks/generate.py (cached in benchmarks/out/). A pygls client
starts `orglint server` as a subprocess, opens the root and one part file, waits for the
first diagnostics, then sends ``--edits`` one-line edits to the part file (a person's
`name:`, unsaved) one at a time, each timed from sending `didChange` to receiving that
file's `publishDiagnostics` (the server's debounce included). The server's RSS
(/proc/PID/status) is read every 100 edits. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as _dt
import importlib.util
import os
import platform
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_MS = 300


def _run_module():
    spec = importlib.util.spec_from_file_location("bench_run", os.path.join(HERE, "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of the process so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def measure(root: str, part: str, edits: int, debounce: int) -> dict:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("latency-bench", "1")
    arrived: dict[str, asyncio.Event] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        event = arrived.get(params.uri)
        if event is not None:
            event.set()

    await client.start_io(sys.executable, "-m", "orglint", "server")
    pid = client._server.pid
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"debounce": debounce},
        )
    )
    client.initialized(types.InitializedParams())
    uri = "file://" + os.path.abspath(part)
    with open(part, encoding="utf-8") as fh:
        text = fh.read()
    lines = text.split("\n")
    line = next(i for i, t in enumerate(lines) if t.lstrip().startswith("name:"))
    indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]

    arrived[uri] = asyncio.Event()
    t0 = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    await asyncio.wait_for(arrived[uri].wait(), 300)
    first = time.perf_counter() - t0

    latencies = []
    cpu_ms = []
    memory = [(0, rss_mb(pid))]
    for n in range(1, edits + 1):
        new = f"{indent}name: Edited Person {n}"
        change = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=types.Position(line=line, character=0),
                end=types.Position(line=line, character=len(lines[line])),
            ),
            text=new,
        )
        lines[line] = new
        arrived[uri] = asyncio.Event()
        c0 = cpu_s(pid)
        t0 = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=n + 1),
                content_changes=[change],
            )
        )
        await asyncio.wait_for(arrived[uri].wait(), 300)
        latencies.append((time.perf_counter() - t0) * 1000)
        cpu_ms.append((cpu_s(pid) - c0) * 1000)
        if n % 100 == 0:
            memory.append((n, rss_mb(pid)))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {"first_s": first, "latencies_ms": latencies, "cpu_ms": cpu_ms, "memory": memory}


def yamllint_s(part: str, runs: int = 3) -> float | None:
    """yamllint on the edited file alone, as an editor running it on save would: the peer."""
    import subprocess

    exe = os.path.join(os.path.dirname(sys.executable), "yamllint")
    if not os.path.exists(exe):
        return None
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([exe, "-f", "parsable", part], capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def report(args, root: str, part: str, files: list[str], got: dict) -> str:
    lat = sorted(got["latencies_ms"])
    median = statistics.median(lat)
    p90 = lat[int(0.9 * (len(lat) - 1))]
    mem = got["memory"]
    size = sum(os.path.getsize(f) for f in files) / 1e6
    out = [
        f"Server latency, {_dt.date.today()}: {args.people:,} people in {len(files)} files "
        f"({size:.2f} MB), edited file {os.path.basename(part)} "
        f"({os.path.getsize(part) / 1e3:.0f} kB); debounce {args.debounce} ms; "
        f"CPython {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| first diagnostics after opening (whole org read, checked) | {got['first_s']:.2f} s |",
        f"| one-line edit -> diagnostics, median of {len(lat)} | {median:.0f} ms |",
        f"| ... 90th percentile | {p90:.0f} ms |",
        f"| ... slowest | {lat[-1]:.0f} ms |",
        f"| server CPU per edit, median (load-independent) | "
        f"{statistics.median(got['cpu_ms']):.0f} ms |",
        f"| server RSS after the first check | {mem[0][1]:.0f} MB |",
        f"| server RSS after {mem[-1][0]} edits | {mem[-1][1]:.0f} MB |",
        "| yamllint on the edited file alone, median of 3 | "
        + (f"{got['yamllint_s'] * 1000:.0f} ms |" if got.get("yamllint_s") else "- |"),
        "",
        "RSS every 100 edits (MB): " + ", ".join(f"{m:.0f}" for _, m in mem),
        "",
        f"{'PASS' if median <= TARGET_MS else 'FAIL'} median edit -> diagnostics "
        f"{median:.0f} ms (target <= {TARGET_MS} ms)",
    ]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--split", type=int, default=8)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--debounce", type=int, default=50, help="ms (the server's default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown")
    args = parser.parse_args()
    run = _run_module()
    root, files, _ = run.ensure_file(args.people, os.path.join(HERE, "out"), args.split, args.seed)
    part = files[1]
    got = asyncio.run(measure(root, part, args.edits, args.debounce))
    got["yamllint_s"] = yamllint_s(part)
    text = report(args, root, part, files, got)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
