#!/usr/bin/env python3
"""The loader's own loop against what a compiled reader would cost (issue: performance at the
edges, item 5). Measures, in one process on the same bytes, median of --repeat runs, gc
paused as orglint pauses it:

* libyaml alone   - libyaml's parser driven from C, events counted, no Python object
* compiled reader - libyaml driven from C building dicts, lists, scalars and the packed
                    position table (``loader/fastload.c``): a lower bound for a compiled
                    reader, with no limits, aliases or error wording
* PyYAML events   - PyYAML's C parser handing one Python event object per event to a
                    loop that does nothing with it
* orglint read    - orglint's reader today (``orglint.read.parse.Reader.read``)

    python benchmarks/loader.py [--sizes 10000,100000] [--repeat 5]

Needs a C compiler, the Python headers and libyaml's headers (Debian: libyaml-dev); the
compiled module is built into benchmarks/out/ (git-ignored). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import yaml
from run import ensure_file
from yaml._yaml import CParser

from orglint.read.parse import Limits, Reader

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")


def build() -> object | None:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None or not os.path.exists("/usr/include/yaml.h"):
        print("no C compiler or no libyaml headers (apt-get install libyaml-dev): skipped")
        return None
    os.makedirs(OUT, exist_ok=True)
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    target = os.path.join(OUT, "fastload" + suffix)
    source = os.path.join(HERE, "loader", "fastload.c")
    include = sysconfig.get_paths()["include"]
    cmd = [cc, "-O2", "-shared", "-fPIC", f"-I{include}", source, "-lyaml", "-o", target]
    subprocess.run(cmd, check=True)
    spec = importlib.util.spec_from_file_location("fastload", target)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(fn, data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        t0 = time.perf_counter()
        keep = fn(data)
        times.append(time.perf_counter() - t0)
        del keep
        gc.enable()
    return statistics.median(times)


def pyyaml_events(data: bytes) -> int:
    parser = CParser(data)
    count = 0
    end = yaml.StreamEndEvent
    while True:
        count += 1
        if parser.get_event().__class__ is end:
            return count


def orglint_read(data: bytes) -> object:
    return Reader("org.yaml", Limits()).read(data)


def show(cells: dict[str, float], key: str) -> str:
    return f"{cells[key]:.2f} s" if key in cells else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    fast = build()
    print(
        "| people | MB | libyaml alone | compiled reader | PyYAML events | orglint read "
        "| orglint / compiled |"
    )
    print("|---|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        root, _, _ = ensure_file(n, OUT, 0, 1)
        with open(root, "rb") as fh:
            data = fh.read()
        cells = {}
        if fast is not None:
            cells["alone"] = timed(fast.parse_only, data, args.repeat)  # type: ignore[attr-defined]
            cells["compiled"] = timed(fast.load, data, args.repeat)  # type: ignore[attr-defined]
        cells["events"] = timed(pyyaml_events, data, args.repeat)
        cells["orglint"] = timed(orglint_read, data, args.repeat)

        ratio = f"{cells['orglint'] / cells['compiled']:.1f}x" if "compiled" in cells else "-"
        shown = " | ".join(show(cells, k) for k in ("alone", "compiled", "events", "orglint"))
        print(f"| {n:,} | {len(data) / 1e6:.1f} | {shown} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
