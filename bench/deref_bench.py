"""Dereferencing throughput: a city document as Turtle and as HTML, against two yardsticks.

Three servers on 127.0.0.1, one load generator (wrk, else a Python thread pool):

- lod under gunicorn, as deployed (``lod.web.app:create_app()``, query workers), serving
  ``/doc/city/osnabrueck`` as Turtle and HTML and the 303 of ``/id/city/osnabrueck``;
- a Flask hello-world under the same gunicorn settings: the floor of any Flask view;
- nginx serving the very same bytes (fetched from lod first) as static files: the floor of HTTP.

It prints requests/s, p50 and p99 latency, and the cost of each request relative to the
hello-world and to nginx (cost ratio = their requests/s ÷ this one's). The target: a
dereference costs at most twice a hello-world response (rendered documents are cached per
data version). nginx runs unprivileged with ``-p`` and a temporary config (``daemon off``).

    python bench/deref_bench.py                  # builds the publication into a temp dir
    python bench/deref_bench.py --dist dist --duration 10 --connections 16
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CITIES = ("haarlem", "osnabrueck")  # a typical partner city; the home city, the most linked
WRK = shutil.which("wrk") or "/usr/bin/wrk"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# wrk's summary as JSON (its Lua hook), so nothing has to scrape its text report.
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '\\nJSON{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors))
end
"""
HELLO = """
from flask import Flask
app = Flask(__name__)

@app.get("/")
def hello():
    return "Hello, World!"
"""
NGINX_CONF = """
daemon off;
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  types {{ text/turtle ttl; text/html html; }}
  charset utf-8;
  charset_types text/turtle;
  server {{
    listen 127.0.0.1:{port};
    root {root};
  }}
}}
"""


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds:g} s")


@contextmanager
def process(args: list[str], env: dict[str, str] | None = None) -> Iterator[None]:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def gunicorn(app: str, port: int, workers: int, env: dict[str, str], path: Path | None = None):  # type: ignore[no-untyped-def]
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    if path is not None:
        args += ["--pythonpath", str(path)]
    return process([*args, app], env)


def load(url: str, accept: str, args: argparse.Namespace, script: Path) -> Result:
    """One run of the load generator against ``url``."""
    if Path(WRK).exists() and not args.python_client:
        return load_wrk(url, accept, args, script)
    return load_threads(url, accept, args)


def load_wrk(url: str, accept: str, args: argparse.Namespace, script: Path) -> Result:
    command = [
        WRK,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "-s",
        str(script),
        "-H",
        f"Accept: {accept}",
        url,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    report = json.loads(out.rsplit("JSON", 1)[1])
    seconds = report["duration_us"] / 1e6
    return Result(
        "",
        report["requests"] / seconds,
        report["p50_us"] / 1000,
        report["p99_us"] / 1000,
        report["errors"],
    )


def load_threads(url: str, accept: str, args: argparse.Namespace) -> Result:
    """The fallback client: ``connections`` threads, each a keep-alive-free urllib loop."""
    deadline = time.monotonic() + args.duration

    def worker() -> list[float]:
        times = []
        request = urllib.request.Request(url, headers={"Accept": accept})
        while time.monotonic() < deadline:
            start = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                response.read()
            times.append(time.perf_counter() - start)
        return times

    with ThreadPoolExecutor(args.connections) as pool:
        runs = list(pool.map(lambda _: worker(), range(args.connections)))
    latencies = sorted(t for run in runs for t in run)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return Result(
        "", len(latencies) / args.duration, statistics.median(latencies) * 1000, p99 * 1000, 0
    )


def ensure_dist(args: argparse.Namespace, tmp: Path) -> Path:
    if args.dist:
        return Path(args.dist).resolve()
    from lod.config import Settings
    from lod.publisher.pipeline import build_publication

    dist = tmp / "dist"
    settings = Settings().replace(
        ontology_dir=REPO / "ontology",
        data_dir=REPO / "data",
        shapes_dir=REPO / "shapes",
        dist_dir=dist,
    )
    build_publication(settings, REPO / "metadata" / "publication.ttl")
    return dist


def fetch(url: str, accept: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request) as response:
        body: bytes = response.read()
        return body


def table(rows: list[tuple[Result, Result]], redirect: Result, hello: Result) -> str:
    """One line per scenario; cost ratios = the yardstick's requests/s ÷ this one's."""
    head = (
        f"{'scenario':<36} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'cost vs hello':>14} "
        f"{'cost vs nginx':>14} {'errors':>6}"
    )
    lines = [head, "-" * len(head)]

    def line(r: Result, nginx: Result | None) -> str:
        vs_hello = hello.requests_per_s / r.requests_per_s
        vs_nginx = f"{nginx.requests_per_s / r.requests_per_s:>13.2f}×" if nginx else " " * 14
        return (
            f"{r.name:<36} {r.requests_per_s:>8.0f} {r.p50_ms:>7.2f} {r.p99_ms:>7.2f} "
            f"{vs_hello:>13.2f}× {vs_nginx} {r.errors:>6}"
        )

    for result, static in rows:
        lines += [line(result, static), line(static, None)]
    lines += [line(redirect, None), line(hello, None)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", help="a built publication (default: build one now)")
    parser.add_argument("--cities", nargs="+", default=list(CITIES), help="city slugs")
    parser.add_argument("--duration", type=int, default=8, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn and nginx workers")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deref-bench-") as name:
        tmp = Path(name)
        tmp.chmod(0o755)  # nginx started as root serves as "nobody", who must read the files
        return run(args, tmp)


def run(args: argparse.Namespace, tmp: Path) -> int:
    dist = ensure_dist(args, tmp)
    script = tmp / "report.lua"
    script.write_text(WRK_REPORT)
    (tmp / "hello_app.py").write_text(textwrap.dedent(HELLO))
    env = {**os.environ, "LOD_DIST_DIR": str(dist), "LOD_QUERY_WORKERS": "1"}
    lod_port, hello_port, nginx_port = free_port(), free_port(), free_port()
    lod = f"http://127.0.0.1:{lod_port}"
    with (
        gunicorn("lod.web.app:create_app()", lod_port, args.workers, env),
        gunicorn("hello_app:app", hello_port, args.workers, env, tmp),
    ):
        wait_for(f"{lod}/health")
        wait_for(f"http://127.0.0.1:{hello_port}/")
        static = tmp / "static"
        static.mkdir()
        sizes = {}
        for city in args.cities:
            for ext, accept in (("ttl", "text/turtle"), ("html", "text/html")):
                body = fetch(f"{lod}/doc/city/{city}", accept)
                (static / f"{city}.{ext}").write_bytes(body)
                sizes[(city, ext)] = len(body)
        conf = tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(workers=args.workers, tmp=tmp, port=nginx_port, root=static)
        )
        nginx_args = [NGINX, "-p", str(tmp), "-e", str(tmp / "nginx-error.log"), "-c", str(conf)]
        with process(nginx_args):
            wait_for(f"http://127.0.0.1:{nginx_port}/{args.cities[0]}.ttl")
            return measure(args, script, lod, hello_port, nginx_port, sizes)


def measure(
    args: argparse.Namespace,
    script: Path,
    lod: str,
    hello_port: int,
    nginx_port: int,
    sizes: dict[tuple[str, str], int],
) -> int:
    nginx = f"http://127.0.0.1:{nginx_port}"
    scenarios = []
    for city in args.cities:
        for ext, accept, label in (("ttl", "text/turtle", "Turtle"), ("html", "text/html", "HTML")):
            name = f"lod: {city}, {label} ({sizes[(city, ext)] // 1024} KB)"
            scenarios.append((name, f"{lod}/doc/city/{city}", accept, f"{nginx}/{city}.{ext}"))
    for _name, url, accept, _static in scenarios:  # warm every worker's cache
        for _ in range(20 * args.workers):
            fetch_status(url, accept)
    hello = run_one(
        "flask hello-world (gunicorn)", f"http://127.0.0.1:{hello_port}/", "*/*", args, script
    )
    rows = []
    for name, url, accept, static_url in scenarios:
        result = run_one(name, url, accept, args, script)
        static = run_one("nginx: the same bytes, static", static_url, "*/*", args, script)
        rows.append((result, static))
    redirect = run_one(
        "lod: city IRI → 303", f"{lod}/id/city/{args.cities[0]}", "text/turtle", args, script
    )
    client = "python threads" if args.python_client or not Path(WRK).exists() else "wrk"
    print(
        f"\nDereferencing benchmark: {client}, {args.connections} connections, "
        f"{args.duration} s per scenario, {args.workers} gunicorn/nginx workers, "
        f"{os.cpu_count()} CPUs\n"
    )
    print(table(rows, redirect, hello))
    worst = max(hello.requests_per_s / result.requests_per_s for result, _static in rows)
    verdict = "met" if worst <= 2.0 else "NOT met"
    print(
        f"\nTarget (a dereference costs at most 2× a hello-world): {verdict} (worst {worst:.2f}×)"
    )
    return 0 if worst <= 2.0 else 1


def run_one(name: str, url: str, accept: str, args: argparse.Namespace, script: Path) -> Result:
    measured = load(url, accept, args, script)
    return Result(name, measured.requests_per_s, measured.p50_ms, measured.p99_ms, measured.errors)


def fetch_status(url: str, accept: str) -> int:
    request = urllib.request.Request(url, headers={"Accept": accept})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


if __name__ == "__main__":
    sys.exit(main())
