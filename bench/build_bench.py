"""Benchmark `lod validate` and `lod build` on generated graphs of ~100k and ~1M triples.

Each command runs as a subprocess of a small wrapper process, so that the wrapper's
``getrusage(RUSAGE_CHILDREN)`` is the peak RSS of the largest process of that one command; the
sum over its process tree (the build and the process writing the dumps beside it) is sampled
from /proc every 0.25 s. Prints wall time and both peaks per command, then the build's time per
stage (from ``--timings``), then issue 10's target (validate + build at ~1M triples: < 60 s and
< 2 GiB).

    .venv/bin/python bench/build_bench.py                 # ~100k and ~1M triples
    .venv/bin/python bench/build_bench.py --sizes 100000  # only the small one
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sparql_bench import PeakMemory  # bench/ is this script's directory, so on sys.path

REPO = Path(__file__).resolve().parents[1]
LOD = Path(sys.executable).with_name("lod")

# Runs one command and writes its wall time, exit code and peak RSS (KiB) to the file in argv[1].
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], capture_output=True, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as out:
    json.dump({"wall": wall, "rc": done.returncode, "maxrss_kib": peak,
               "stdout": done.stdout, "stderr": done.stderr}, out)
"""
TIMING = re.compile(r"^timing: (.+): ([0-9.]+) s$", re.MULTILINE)


@dataclass
class Run:
    size: int
    command: str
    wall: float
    rss_mib: float
    tree_mib: float
    stages: dict[str, float] = field(default_factory=dict)


def measure(size: int, name: str, command: list[str]) -> Run:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        wrapper = subprocess.Popen([sys.executable, "-c", WRAPPER, report.name, *command], cwd=REPO)
        sampler = PeakMemory(wrapper.pid)
        wrapper.wait()
        tree_kib, _pss_kib = sampler.stop()
        if wrapper.returncode != 0:
            raise SystemExit(f"the wrapper of {name} failed")
        result = json.loads(Path(report.name).read_text())
    if result["rc"] != 0:
        print(result["stderr"][-3000:], file=sys.stderr)
        raise SystemExit(f"{name} on {size} triples failed with exit code {result['rc']}")
    stages = {stage: float(s) for stage, s in TIMING.findall(result["stderr"])}
    return Run(size, name, result["wall"], result["maxrss_kib"] / 1024, tree_kib / 1024, stages)


def generate(size: int, workdir: Path) -> Path:
    data = workdir / f"data-{size}"
    if not (data / "generated-cities.ttl").is_file():
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "generate.py"), "--triples", str(size),
             "--out", str(data), "--data", str(REPO / "data")],
            check=True,
        )  # fmt: skip
    return data


def bench(size: int, workdir: Path) -> tuple[list[Run], int]:
    data = generate(size, workdir)
    dist = workdir / f"dist-{size}"
    common = ["--timings", f"--data-dir={data}"]
    runs = [
        measure(size, "validate", [str(LOD), "validate", *common]),
        measure(size, "build", [str(LOD), "build", *common, f"--dist={dist}"]),
    ]
    manifest = json.loads((dist / "manifest.json").read_text())
    return runs, int(manifest["triples"])


def print_tables(results: list[tuple[list[Run], int]]) -> None:
    print(
        "\n| triples | command | wall (s) | peak RSS, largest process (MiB) | peak RSS, all (MiB) |"
    )
    print("|---:|---|---:|---:|---:|")
    for runs, triples in results:
        for run in runs:
            print(
                f"| {triples:,} | lod {run.command} | {run.wall:.1f} | {run.rss_mib:,.0f} | "
                f"{run.tree_mib:,.0f} |"
            )
    stages = list(dict.fromkeys(s for runs, _ in results for s in runs[1].stages))
    header = " | ".join(f"{triples:,} triples" for _, triples in results)
    print(f"\n`lod build` per stage (s)\n\n| stage | {header} |")
    print("|---|" + "---:|" * len(results))
    for stage in stages:
        cells = " | ".join(f"{runs[1].stages.get(stage, 0.0):.2f}" for runs, _ in results)
        print(f"| {stage} | {cells} |")


def print_target(results: list[tuple[list[Run], int]]) -> None:
    """Issue 10: `lod validate` + `lod build` at a million triples in < 60 s and < 2 GiB."""
    for runs, triples in results:
        if triples < 900_000:
            continue
        build = next(run for run in runs if run.command == "build")  # the gate is part of it
        validate = next(run for run in runs if run.command == "validate")
        peak = max(run.tree_mib for run in runs)
        both = validate.wall + build.wall
        print(f"\nTarget at {triples:,} triples (< 60 s and < 2,048 MiB):")
        print(f"- lod build (validate + build): {build.wall:.1f} s, {build.tree_mib:,.0f} MiB: "
              f"{'met' if build.wall < 60 and build.tree_mib < 2048 else 'NOT met'}")  # fmt: skip
        print(f"- lod validate, then lod build: {both:.1f} s, {peak:,.0f} MiB: "
              f"{'met' if both < 60 and peak < 2048 else 'NOT met'}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "lod-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        started = time.perf_counter()
        results.append(bench(size, args.workdir))
        print(f"{size:,}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print_tables(results)
    print_target(results)


if __name__ == "__main__":
    main()
