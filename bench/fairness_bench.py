"""Fair sharing under hostile load: cheap queries and /health while expensive queries run.

The server runs alone on 127.0.0.1, on the built Osnabrück publication; ``--expensive`` client
threads (default 8) send a query that runs until the engine's timeout, again and again. After
a warm-up, ``--probes`` cheap ``ASK`` queries (default 20, one every 0.25 s) are timed, and, for
lod, as many ``/health`` checks. Printed per server: how many cheap ASKs were answered (200)
within 1 s, their median and worst latency, /health answers 200, and what the expensive clients
got. The peers:

- ``lod``: ``lod serve`` as the README runs it (gunicorn, query workers with fair sharing);
- ``oxigraph``: ``oxigraph serve --location DIR --timeout-s T`` on the same store files.

The target of issue 10: with 8 expensive queries running, 19 of 20 cheap ASKs answered within
1 s, and /health 200.

    .venv/bin/python bench/fairness_bench.py
    .venv/bin/python bench/fairness_bench.py --expensive 16 --probes 40
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sparql_bench import LOD, OXIGRAPH, free_port, osnabrueck, process, wait_for  # noqa: E402

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "ASK { ?s ?p ?o }"


def fetch(url: str, timeout: float = 60.0) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        status = int(error.code)
    except OSError:
        status = -1
    return status, time.perf_counter() - started


@contextmanager
def lod_server(dist: Path, timeout: float) -> Iterator[str]:
    port = free_port()
    command = [str(LOD), "serve", "--dist", str(dist), "--port", str(port),
               "--timeout", str(timeout)]  # fmt: skip
    with process(command):
        wait_for(f"http://127.0.0.1:{port}/health")
        yield f"http://127.0.0.1:{port}"


@contextmanager
def oxigraph_server(dist: Path, timeout: float, tmp: Path) -> Iterator[str]:
    import json
    import subprocess

    files = [str(dist / p) for p in json.loads((dist / "manifest.json").read_text())["store_files"]]
    location = tmp / "oxigraph"
    subprocess.run([OXIGRAPH, "load", "--location", str(location), "--file", *files],
                   check=True, capture_output=True)  # fmt: skip
    port = free_port()
    command = [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--timeout-s", str(int(timeout))]  # fmt: skip
    with process(command):
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        yield f"http://127.0.0.1:{port}"


def query_url(base: str, path: str, query: str) -> str:
    return f"{base}{path}?" + urllib.parse.urlencode({"query": query})


def measure(base: str, path: str, args: argparse.Namespace, health: bool) -> dict[str, object]:
    stop = threading.Event()
    heavy: Counter[int] = Counter()

    def expensive_client() -> None:
        n = 0
        while not stop.is_set():
            heavy[fetch(query_url(base, path, f"{EXPENSIVE} # {n}"))[0]] += 1
            n += 1

    threads = [threading.Thread(target=expensive_client) for _ in range(args.expensive)]
    for thread in threads:
        thread.start()
    time.sleep(args.warmup)
    cheap, checks = [], []
    for n in range(args.probes):
        cheap.append(fetch(query_url(base, path, f"{CHEAP} # {n}"), timeout=30))
        if health:
            checks.append(fetch(base + "/health", timeout=30))
        time.sleep(0.25)
    stop.set()
    for thread in threads:
        thread.join(120)
    latencies = [seconds for status, seconds in cheap]
    return {
        "cheap within 1 s": sum(1 for status, s in cheap if status == 200 and s <= 1.0),
        "cheap median s": round(statistics.median(latencies), 3),
        "cheap worst s": round(max(latencies), 3),
        "cheap statuses": dict(Counter(status for status, _ in cheap)),
        "health 200": sum(1 for status, _ in checks if status == 200) if health else "-",
        "expensive statuses": dict(heavy),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--expensive", type=int, default=8, help="expensive client threads")
    parser.add_argument("--probes", type=int, default=20, help="cheap ASKs (and /health) timed")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before probing")
    parser.add_argument("--timeout", type=float, default=10.0, help="query timeout of both")
    parser.add_argument("--dist", help="a built publication (default: build Osnabrück)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lod-fair-") as name:
        tmp = Path(name)
        dist = osnabrueck(args, tmp)
        results = {}
        with lod_server(dist, args.timeout) as base:
            results["lod"] = measure(base, "/sparql", args, health=True)
        with oxigraph_server(dist, args.timeout, tmp) as base:
            results["oxigraph"] = measure(base, "/query", args, health=False)
    print(f"{args.expensive} expensive clients, {args.probes} cheap ASKs (and /health for lod)")
    for server, figures in results.items():
        print(f"  {server:9} " + ", ".join(f"{k}: {v}" for k, v in figures.items()))
    lod = results["lod"]
    met = lod["cheap within 1 s"] >= args.probes * 0.95 and lod["health 200"] == args.probes  # type: ignore[operator]
    print(
        f"target (≥ 95 % cheap ASKs within 1 s, /health always 200): {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
