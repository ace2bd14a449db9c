"""SPARQL endpoint throughput: lod against Oxigraph's own server and rdflib-endpoint.

Every server runs alone on 127.0.0.1 (one at a time, so none steals the other's cores) on the
same data, and answers the same five queries, driven by wrk (else a Python thread pool):

- ``oxigraph-disk``: ``oxigraph serve --location DIR``, the store bulk-loaded by ``oxigraph load``
  (the usual production mode);
- ``oxigraph-mem``: ``oxigraph serve`` without ``--location``, the files POSTed to ``/store``;
- ``lod-gunicorn``: ``'lod.web.app:create_app()'`` under gunicorn with LOD_* settings, as
  deployed (its embedded store answers in isolated query worker processes);
- ``lod-granian``: the same app under granian (``--interface wsgi --factory``), if installed;
- ``rdflib-endpoint``: rdflib-endpoint under uvicorn, if installed (skipped above
  ``--rdflib-max-triples``).

The queries: (1) ``lookup``, ``SELECT ?p ?o`` of one city; (2) ``construct``, a city and the
triples that point at it; (3) ``aggregate``, relations counted by kind and country; (4) ``path``,
the cities reachable by ``tw:twinnedWith+``; (5) ``label``, a ``CONTAINS(LCASE(...))`` filter.
Each is sent as ``GET ?query=`` in two variants: ``repeated`` (the very same URL every time, as
a cache would see it) and ``varied`` (a ``# n`` comment appended, so no two requests are equal
and nothing can be answered from a cache). Servers that send an ETag (lod) get a third variant,
``conditional``: the repeated URL with ``If-None-Match``, answered 304 without running the query.

Printed: requests/s, p50 and p99 latency per (dataset, query, variant, server); the ratios
lod ÷ oxigraph-disk, lod ÷ oxigraph-mem and lod ÷ rdflib-endpoint (of requests/s); the peak
memory of each server's process tree as summed RSS and summed PSS (/proc/PID/smaps_rollup,
sampled while it loads and serves). PSS is the honest whole-server figure: forked processes
share pages, which RSS counts once in each of them.

    .venv/bin/python bench/sparql_bench.py                         # Osnabrück and ~100k
    .venv/bin/python bench/sparql_bench.py --sizes 100000 1000000 --duration 5
    .venv/bin/python bench/sparql_bench.py --datasets world --world-dist ../world/dist
    .venv/bin/python bench/sparql_bench.py --datasets osnabrueck --servers lod-gunicorn
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOD = BIN / "lod"
OXIGRAPH = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph") or "oxigraph"
GRANIAN = BIN / "granian"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
BASE = "https://w3id.org/twinning/"
SELECT = "application/sparql-results+json"
GRAPH = "text/turtle"
SERVERS = (
    "oxigraph-disk", "oxigraph-mem", "hello-gunicorn", "lod-serve", "lod-gunicorn", "lod-granian",
    "rdflib-endpoint",
)  # fmt: skip
LOD_SERVERS = ("lod-serve", "lod-gunicorn", "lod-granian")
# What `lod serve` runs by default (lod.web.server): gunicorn, gthread workers with 8 threads.
SERVE_THREADS = 8
VARIANTS = ("repeated", "varied", "conditional")

PREFIXES = f"""PREFIX tw: <{BASE}ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
QUERIES = {
    "lookup": (SELECT, "SELECT ?p ?o WHERE {{ <{city}> ?p ?o }}"),
    "construct": (
        GRAPH,
        "CONSTRUCT {{ <{city}> ?p ?o . ?s ?q <{city}> }} "
        "WHERE {{ {{ <{city}> ?p ?o }} UNION {{ ?s ?q <{city}> }} }}",
    ),
    "aggregate": (
        SELECT,
        "SELECT ?kind ?country (COUNT(*) AS ?n) WHERE {{ ?r a tw:CityRelation ; "
        "tw:relationKind ?kind ; tw:city ?c . ?c tw:country ?country }} "
        "GROUP BY ?kind ?country ORDER BY DESC(?n)",
    ),
    "path": (SELECT, "SELECT DISTINCT ?c WHERE {{ <{city}> tw:twinnedWith+ ?c }}"),
    "label": (
        SELECT,
        "SELECT ?c ?label WHERE {{ ?c a tw:City ; rdfs:label ?label . "
        'FILTER CONTAINS(LCASE(STR(?label)), "{needle}") }}',
    ),
}
# Per dataset: the city of the lookups and the label filter's needle.
SUBJECTS = {
    "osnabrueck": (f"{BASE}id/city/osnabrueck", "haar"),
    "generated": (f"{BASE}id/city/gen-0000001", "city 123"),
    "world": (f"{BASE}id/city/osnabrueck", "haar"),
}

# wrk: the request (fixed, or with a changing comment), the summary as JSON.
WRK_SCRIPT = """
local path = {path}
local n = 0
wrk.headers["Accept"] = {accept}
{etag}
request = function()
  {request}
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '\\nJSON{{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors))
end
"""
FIXED_REQUEST = 'return wrk.format("GET", path)'
VARIED_REQUEST = 'n = n + 1\n  return wrk.format("GET", path .. "%0A%23%20" .. n)'

HELLO_APP = """
from flask import Flask

app = Flask(__name__)
EMPTY = '{"head": {"vars": []}, "results": {"bindings": []}}'


@app.get("/sparql")
def sparql():
    return EMPTY, 200, {"Content-Type": "application/sparql-results+json"}
"""

RDFLIB_APP = """
import json, os
from rdflib import Graph
from rdflib_endpoint import SparqlEndpoint

graph = Graph()
for path in json.loads(os.environ["BENCH_FILES"]):
    graph.parse(path)
app = SparqlEndpoint(graph=graph, path="/sparql")
"""


@dataclass(frozen=True)
class Result:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Dataset:
    name: str
    dist: Path
    triples: int
    files: list[Path]
    city: str
    needle: str


@dataclass
class ServerRun:
    """What one server did on one dataset."""

    startup_s: float = 0.0
    peak_rss_mib: float = 0.0
    peak_pss_mib: float = 0.0
    results: dict[tuple[str, str], Result] = field(default_factory=dict)
    skipped: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 300.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds:g} s")


# --- memory: RSS and PSS of a process and all its descendants, from /proc --------------------
# RSS counts a page shared by forked processes (gunicorn workers, query workers) once in each of
# them; PSS divides it among them, so the tree's summed PSS is what the whole server costs.


def tree_memory_kib(root: int) -> tuple[int, int]:
    """Summed RSS and summed PSS (KiB) of ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        rss_kib, pss_kib = process_memory_kib(pid)
        rss, pss = rss + rss_kib, pss + pss_kib
        todo += children.get(pid, [])
    return rss, pss


def process_memory_kib(pid: int) -> tuple[int, int]:
    """RSS and PSS of one process (0, 0 if it is gone or not readable)."""
    found = {"Rss:": 0, "Pss:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                key, _, rest = line.partition(" ")
                if key in found:
                    found[key] = int(rest.split()[0])
    except (OSError, ValueError):
        return 0, 0
    return found["Rss:"], found["Pss:"]


class PeakMemory:
    """Samples RSS and PSS of a process tree every ``interval`` s in a thread; peaks in KiB."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = tree_memory_kib(self.pid)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self._stop.wait(self.interval)

    def stop(self) -> tuple[int, int]:
        """The peaks, RSS and PSS."""
        self._stop.set()
        self._thread.join()
        return self.peak_rss, self.peak_pss


@contextmanager
def process(
    args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield proc
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read()[-3000:].decode(errors="replace"))
            raise
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# --- the servers: each a context manager yielding (query URL, process) ----------------------


@contextmanager
def oxigraph_disk(
    data: Dataset, args: argparse.Namespace, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    location = tmp / f"oxigraph-{data.name}"
    if not location.exists():
        subprocess.run(
            [OXIGRAPH, "load", "--location", str(location), "--file", *map(str, data.files)],
            check=True, capture_output=True,
        )  # fmt: skip
    port = free_port()
    with process(
        [OXIGRAPH, "serve-read-only" if args.read_only else "serve", "--location", str(location),
         "--bind", f"127.0.0.1:{port}"]
    ) as proc:  # fmt: skip
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        yield f"http://127.0.0.1:{port}/query", proc


@contextmanager
def oxigraph_memory(
    data: Dataset, args: argparse.Namespace, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    with process([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"]) as proc:
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        for path in data.files:
            kind = "application/n-triples" if path.suffix == ".nt" else "text/turtle"
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/store?default",
                data=path.read_bytes(), headers={"Content-Type": kind}, method="POST",
            )  # fmt: skip
            with urllib.request.urlopen(request, timeout=600) as response:
                response.read()
        yield f"http://127.0.0.1:{port}/query", proc


def lod_env(data: Dataset, args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "LOD_DIST_DIR": str(data.dist),
        "LOD_QUERY_WORKERS": str(args.query_workers),
    }


@contextmanager
def lod_serve(
    data: Dataset, args: argparse.Namespace, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``lod serve`` as the README runs it (its own defaults), with ``--workers`` HTTP workers."""
    port = free_port()
    command = [
        str(LOD), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--server-workers", str(args.workers), "--dist", str(data.dist),
    ]  # fmt: skip
    with process(command, {**os.environ}, cwd=REPO) as proc:
        wait_for(f"http://127.0.0.1:{port}/health")
        settle(f"http://127.0.0.1:{port}/list/cities")
        yield f"http://127.0.0.1:{port}/sparql", proc


def settle(url: str, quick: float = 0.5, in_a_row: int = 6, seconds: float = 300.0) -> None:
    """Wait until ``url`` answers quickly ``in_a_row`` times: ``lod serve`` computes the lists
    and the search index in the background at start (in every HTTP worker), which would
    otherwise fall into the first cells measured."""
    deadline, streak = time.monotonic() + seconds, 0
    while streak < in_a_row:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} never answered within {quick} s in {seconds:g} s")
        started = time.monotonic()
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
        streak = streak + 1 if time.monotonic() - started < quick else 0


@contextmanager
def hello_gunicorn(
    data: Dataset, args: argparse.Namespace, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The Python ceiling: a Flask hello-world under gunicorn set up as ``lod serve`` sets it
    up, answering every request with an empty SPARQL result (no store, no query)."""
    (tmp / "hello_bench_app.py").write_text(textwrap.dedent(HELLO_APP))
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
        "--worker-class", "gthread", "--threads", str(SERVE_THREADS), "--keep-alive", "5",
        "--chdir", str(tmp), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        "hello_bench_app:app",
    ]  # fmt: skip
    with process(command, {**os.environ}) as proc:
        wait_for(f"http://127.0.0.1:{port}/sparql")
        yield f"http://127.0.0.1:{port}/sparql", proc


@contextmanager
def lod_gunicorn(
    data: Dataset, args: argparse.Namespace, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "lod.web.app:create_app()",
    ]  # fmt: skip
    with process(command, lod_env(data, args), cwd=REPO) as proc:
        wait_for(f"http://127.0.0.1:{port}/health")
        yield f"http://127.0.0.1:{port}/sparql", proc


@contextmanager
def lod_granian(
    data: Dataset, args: argparse.Namespace, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    command = [
        str(GRANIAN), "--interface", "wsgi", "--factory", "--workers", str(args.workers),
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        "lod.web.app:create_app",
    ]  # fmt: skip
    with process(command, lod_env(data, args), cwd=REPO) as proc:
        wait_for(f"http://127.0.0.1:{port}/health")
        yield f"http://127.0.0.1:{port}/sparql", proc


@contextmanager
def rdflib_endpoint(
    data: Dataset, args: argparse.Namespace, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    (tmp / "rdflib_bench_app.py").write_text(textwrap.dedent(RDFLIB_APP))
    port = free_port()
    env = {**os.environ, "BENCH_FILES": json.dumps([str(p) for p in data.files])}
    command = [
        sys.executable, "-m", "uvicorn", "rdflib_bench_app:app", "--app-dir", str(tmp),
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers),
        "--log-level", "warning",
    ]  # fmt: skip
    with process(command, env) as proc:
        wait_for(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", seconds=900)
        yield f"http://127.0.0.1:{port}/sparql", proc


STARTERS: dict[str, Callable[..., object]] = {
    "oxigraph-disk": oxigraph_disk,
    "oxigraph-mem": oxigraph_memory,
    "hello-gunicorn": hello_gunicorn,
    "lod-serve": lod_serve,
    "lod-gunicorn": lod_gunicorn,
    "lod-granian": lod_granian,
    "rdflib-endpoint": rdflib_endpoint,
}


def available(server: str) -> str:
    """Why ``server`` cannot run here ("" if it can)."""
    if server == "lod-granian" and not GRANIAN.exists():
        return "granian not installed"
    if server == "rdflib-endpoint" and (
        importlib.util.find_spec("rdflib_endpoint") is None
        or importlib.util.find_spec("uvicorn") is None
    ):
        return "rdflib-endpoint/uvicorn not installed"
    return ""


# --- the data ---------------------------------------------------------------------------------


def osnabrueck(args: argparse.Namespace, workdir: Path) -> Path:
    if args.dist:
        return Path(args.dist).resolve()
    dist = workdir / "dist-osnabrueck"
    if not (dist / "manifest.json").is_file():
        subprocess.run([str(LOD), "build", f"--dist={dist}"], check=True, cwd=REPO,
                       capture_output=True)  # fmt: skip
    return dist


def world(args: argparse.Namespace) -> Path:
    """The ``lod init --world`` publication (every city and P190 link of the bundled Wikidata
    snapshots), made and built in the workdir unless ``--world-dist`` names one."""
    if args.world_dist:
        return Path(args.world_dist).resolve()
    project = args.workdir / "world"
    if not (project / "lod.toml").is_file():
        subprocess.run([str(LOD), "init", str(project), "--world"], check=True,
                       capture_output=True)  # fmt: skip
    if not (project / "dist" / "manifest.json").is_file():
        subprocess.run([str(LOD), "build"], check=True, cwd=project, capture_output=True)
    return project / "dist"


def generated(size: int, workdir: Path) -> Path:
    """``bench/generate.py`` data of ~``size`` triples, built (both reused when present)."""
    data, dist = workdir / f"data-{size}", workdir / f"dist-{size}"
    if not (data / "generated-cities.ttl").is_file():
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "generate.py"), "--triples", str(size),
             "--out", str(data), "--data", str(REPO / "data")],
            check=True, capture_output=True,
        )  # fmt: skip
    if not (dist / "manifest.json").is_file():
        subprocess.run([str(LOD), "build", f"--data-dir={data}", f"--dist={dist}"],
                       check=True, cwd=REPO, capture_output=True)  # fmt: skip
    return dist


def dataset(name: str, dist: Path, kind: str) -> Dataset:
    manifest = json.loads((dist / "manifest.json").read_text())
    city, needle = SUBJECTS[kind]
    files = [dist / path for path in manifest["store_files"]]
    return Dataset(name, dist, int(manifest["triples"]), files, city, needle)


# --- the load -----------------------------------------------------------------------------------


def query_text(name: str, data: Dataset) -> tuple[str, str]:
    accept, body = QUERIES[name]
    return accept, PREFIXES + body.format(city=data.city, needle=data.needle)


def fetch(url: str, accept: str, etag: str | None = None) -> tuple[int, bytes, str | None]:
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return int(response.status), response.read(), response.headers.get("ETag")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read(), error.headers.get("ETag")


def answer_size(accept: str, body: bytes) -> str:
    if accept == SELECT:
        return f"{len(json.loads(body)['results']['bindings'])} rows"
    return f"{len(body):,} B"


def load(
    url: str, accept: str, variant: str, etag: str | None, args: argparse.Namespace, tmp: Path
) -> Result:
    if Path(WRK).exists() and not args.python_client:
        return load_wrk(url, accept, variant, etag, args, tmp)
    return load_threads(url, accept, variant, etag, args)


def load_wrk(
    url: str, accept: str, variant: str, etag: str | None, args: argparse.Namespace, tmp: Path
) -> Result:
    parts = urllib.parse.urlsplit(url)
    script = tmp / "sparql.lua"
    script.write_text(
        WRK_SCRIPT.format(
            path=json.dumps(f"{parts.path}?{parts.query}"),
            accept=json.dumps(accept),
            etag=f'wrk.headers["If-None-Match"] = {json.dumps(etag)}' if etag else "",
            request=VARIED_REQUEST if variant == "varied" else FIXED_REQUEST,
        )
    )
    command = [
        WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
        f"--timeout={args.timeout}s", "-s", str(script), f"{parts.scheme}://{parts.netloc}",
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    report = json.loads(out.rsplit("JSON", 1)[1])
    seconds = report["duration_us"] / 1e6
    return Result(
        report["requests"] / seconds,
        report["p50_us"] / 1000,
        report["p99_us"] / 1000,
        report["errors"],
    )


def load_threads(
    url: str, accept: str, variant: str, etag: str | None, args: argparse.Namespace
) -> Result:
    """The fallback client: ``connections`` threads, each a keep-alive-free urllib loop."""
    deadline = time.monotonic() + args.duration

    def worker(k: int) -> tuple[list[float], int]:
        times, errors, n = [], 0, 0
        while time.monotonic() < deadline:
            n += 1
            target = f"{url}%0A%23%20{k}-{n}" if variant == "varied" else url
            start = time.perf_counter()
            status, _body, _etag = fetch(target, accept, etag)
            times.append(time.perf_counter() - start)
            errors += status >= 400
        return times, errors

    with ThreadPoolExecutor(args.connections) as pool:
        runs = list(pool.map(worker, range(args.connections)))
    latencies = sorted(t for run, _ in runs for t in run)
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    return Result(
        len(latencies) / args.duration,
        statistics.median(latencies) * 1000,
        p99 * 1000,
        sum(e for _, e in runs),
    )


def measure_server(server: str, data: Dataset, args: argparse.Namespace, tmp: Path) -> ServerRun:
    run = ServerRun()
    started = time.perf_counter()
    starter = STARTERS[server]
    with starter(data, args, tmp) as (endpoint, proc):  # type: ignore[attr-defined]
        sampler = PeakMemory(proc.pid)
        try:
            run.startup_s = time.perf_counter() - started
            for name in args.queries:
                accept, text = query_text(name, data)
                url = f"{endpoint}?{urllib.parse.urlencode({'query': text})}"
                status, body, etag = fetch(url, accept)
                if status != 200:
                    print(f"  {server} {name}: HTTP {status}: {body[:300]!r}", file=sys.stderr)
                    continue
                print(f"  {server:<16} {name:<10} {answer_size(accept, body)}", file=sys.stderr)
                for _ in range(2 * args.workers):  # every worker warm
                    fetch(url, accept)
                for variant in args.variants:
                    if variant == "conditional" and not etag:
                        continue
                    tag = etag if variant == "conditional" else None
                    run.results[(name, variant)] = load(url, accept, variant, tag, args, tmp)
        finally:
            rss, pss = sampler.stop()
            run.peak_rss_mib, run.peak_pss_mib = rss / 1024, pss / 1024
    return run


# --- the report -------------------------------------------------------------------------------


def cell(
    runs: dict[tuple[str, str], ServerRun], data: Dataset, server: str, query: str, variant: str
) -> Result | None:
    run = runs.get((data.name, server))
    return run.results.get((query, variant)) if run else None


def ratio(a: Result | None, b: Result | None) -> str:
    if a is None or b is None or b.requests_per_s == 0:
        return "–"
    return f"{a.requests_per_s / b.requests_per_s:.2f}×"


def print_report(
    datasets: list[Dataset], runs: dict[tuple[str, str], ServerRun], args: argparse.Namespace
) -> None:
    client = "python threads" if args.python_client or not Path(WRK).exists() else "wrk"
    print(
        f"\nSPARQL benchmark: {client}, {args.connections} connections, {args.duration} s per "
        f"cell, {args.workers} server workers, {args.query_workers} lod query workers per app "
        f"worker, {os.cpu_count()} CPUs\n"
    )
    print("| dataset | query | variant | server | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---:|---:|---:|---:|")
    for data in datasets:
        for name in args.queries:
            for variant in args.variants:
                for server in args.servers:
                    run = runs.get((data.name, server))
                    r = run.results.get((name, variant)) if run else None
                    if r is None:
                        continue
                    print(
                        f"| {data.name} | {name} | {variant} | {server} | "
                        f"{r.requests_per_s:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} |"
                    )
    print("\nRatios of requests/s (lod ÷ other; > 1 means lod is faster)\n")
    others = [
        s for s in ("oxigraph-disk", "oxigraph-mem", "hello-gunicorn", "rdflib-endpoint")
        if s in args.servers
    ]  # fmt: skip
    lods = [s for s in LOD_SERVERS if s in args.servers]
    head = " | ".join(f"{lod} ÷ {other}" for lod in lods for other in others)
    print(f"| dataset | query | variant | {head} |")
    print("|---|---|---|" + "---:|" * (len(lods) * len(others)))
    for data in datasets:
        for name in args.queries:
            for variant in ("repeated", "varied"):
                if variant not in args.variants:
                    continue
                cells = " | ".join(
                    ratio(
                        cell(runs, data, lod, name, variant), cell(runs, data, other, name, variant)
                    )
                    for lod in lods
                    for other in others
                )
                print(f"| {data.name} | {name} | {variant} | {cells} |")
    print("\nServers: start-up (load) time and peak memory of the process tree (summed RSS counts")
    print("pages the forked workers share once per process; summed PSS divides them)\n")
    print("| dataset | triples | server | start-up s | peak RSS MiB | peak PSS MiB | note |")
    print("|---|---:|---|---:|---:|---:|---|")
    for data in datasets:
        for server in args.servers:
            run = runs.get((data.name, server))
            if run is None:
                continue
            print(
                f"| {data.name} | {data.triples:,} | {server} | {run.startup_s:.1f} | "
                f"{run.peak_rss_mib:,.0f} | {run.peak_pss_mib:,.0f} | {run.skipped} |"
            )
    print_targets(datasets, runs, args)


CHEAP = ["lookup", "construct"]  # per-query overhead dominates
ENGINE_BOUND = ["aggregate", "path", "label"]  # the engine's time dominates
RSS_TARGET_MIB = 256  # whole server at ~100k triples


def print_targets(
    datasets: list[Dataset], runs: dict[tuple[str, str], ServerRun], args: argparse.Namespace
) -> None:
    """Issue 10's targets, for each lod server measured, each with its worst figure."""

    def ratios(lod: str, other: str, variant: str, queries: list[str]) -> list[tuple[str, float]]:
        found = []
        for data in datasets:
            mine, theirs = runs.get((data.name, lod)), runs.get((data.name, other))
            if mine is None or theirs is None:
                continue
            for name in queries:
                a, b = mine.results.get((name, variant)), theirs.results.get((name, variant))
                if a and b and b.requests_per_s:
                    found.append((f"{data.name}/{name}", a.requests_per_s / b.requests_per_s))
        return found

    for lod in (s for s in LOD_SERVERS if s in args.servers):
        checks = [
            ("cheap varied queries ≥ 0.5× oxigraph-disk", 0.5,
             ratios(lod, "oxigraph-disk", "varied", CHEAP)),
            ("cheap varied queries ≥ 0.7× a Flask hello-world (hello-gunicorn)", 0.7,
             ratios(lod, "hello-gunicorn", "varied", CHEAP)),
            ("engine-bound varied queries ≥ 0.9× oxigraph-disk", 0.9,
             ratios(lod, "oxigraph-disk", "varied", ENGINE_BOUND)),
            ("repeated queries ≥ 1× oxigraph-mem", 1.0,
             ratios(lod, "oxigraph-mem", "repeated", list(QUERIES))),
        ]  # fmt: skip
        print(f"\nTargets ({lod})\n")
        for label, threshold, found in checks:
            found = [(where, r) for where, r in found if where.split("/")[1] in args.queries]
            if not found:
                print(f"- {label}: not measured")
                continue
            worst = min(found, key=lambda item: item[1])
            misses = [f"{where} {r:.2f}×" for where, r in found if r < threshold]
            verdict = "NOT met (" + ", ".join(misses) + ")" if misses else "met"
            print(f"- {label}: {verdict}; worst {worst[0]} {worst[1]:.2f}×")
        for data in datasets:
            run = runs.get((data.name, lod))
            if run is None or not 50_000 <= data.triples <= 200_000 or run.skipped:
                continue
            verdict = "met" if run.peak_rss_mib <= RSS_TARGET_MIB else "NOT met"
            print(
                f"- whole server ≤ {RSS_TARGET_MIB} MiB at {data.triples:,} triples: {verdict} "
                f"(peak RSS of the process tree {run.peak_rss_mib:,.0f} MiB, "
                f"PSS {run.peak_pss_mib:,.0f} MiB)"
            )


# --- main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", help="the built Osnabrück publication (default: build it)")
    parser.add_argument("--datasets", nargs="+", default=["osnabrueck", "generated"],
                        choices=["osnabrueck", "generated", "world"])  # fmt: skip
    parser.add_argument("--world-dist", type=Path,
                        help="the built `lod init --world` publication (default: make and build "
                             "one in the workdir, a few minutes)")  # fmt: skip
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000],
                        help="triples of each generated graph (e.g. 100000 1000000)")  # fmt: skip
    parser.add_argument("--servers", nargs="+", default=list(SERVERS), choices=SERVERS)
    parser.add_argument("--queries", nargs="+", default=list(QUERIES), choices=list(QUERIES))
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--duration", type=int, default=5, help="seconds per cell")
    parser.add_argument("--timeout", type=int, default=10, help="wrk's request timeout (s)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn/granian/uvicorn workers")
    parser.add_argument("--query-workers", type=int, default=2,
                        help="LOD_QUERY_WORKERS: query processes per lod app worker")  # fmt: skip
    parser.add_argument("--rdflib-max-triples", type=int, default=200_000,
                        help="skip rdflib-endpoint on bigger graphs")  # fmt: skip
    parser.add_argument("--read-only", action="store_true",
                        help="oxigraph-disk as `oxigraph serve-read-only`")  # fmt: skip
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "lod-sparql-bench",
                        help="generated data and builds, reused across runs")  # fmt: skip
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    datasets = []
    if "osnabrueck" in args.datasets:
        datasets.append(dataset("osnabrueck", osnabrueck(args, args.workdir), "osnabrueck"))
    if "generated" in args.datasets:
        for size in args.sizes:
            print(f"generating and building ~{size:,} triples …", file=sys.stderr)
            datasets.append(dataset(f"gen-{size // 1000}k", generated(size, args.workdir),
                                    "generated"))  # fmt: skip
    if "world" in args.datasets:
        print("making and building the world publication …", file=sys.stderr)
        datasets.append(dataset("world", world(args), "world"))
    runs: dict[tuple[str, str], ServerRun] = {}
    with tempfile.TemporaryDirectory(prefix="sparql-bench-") as name:
        tmp = Path(name)
        for data in datasets:
            print(f"{data.name}: {data.triples:,} triples", file=sys.stderr)
            for server in args.servers:
                why = available(server)
                if (
                    not why
                    and server == "rdflib-endpoint"
                    and data.triples > args.rdflib_max_triples
                ):
                    why = f"skipped: > {args.rdflib_max_triples:,} triples"
                if why:
                    runs[(data.name, server)] = ServerRun(skipped=why)
                    print(f"  {server}: {why}", file=sys.stderr)
                    continue
                started = time.perf_counter()
                runs[(data.name, server)] = measure_server(server, data, args, tmp)
                print(f"  {server}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print_report(datasets, runs, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
