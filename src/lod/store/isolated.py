"""Queries in worker processes that can be killed: a runaway query cannot hog the server.

pyoxigraph has no way to cancel a query, and a thread cannot be stopped. So the data is bulk
loaded once into an on-disk store (``--store-path``, or a temporary directory removed on close),
and each worker process opens it read-only and answers one query at a time over a pipe. When a
query passes its deadline the worker is killed (freeing its core at once) and a fresh one is
started in the background while the other workers keep answering. Sharing one store (rather
than loading the files in every worker) keeps blank-node labels, and so the bytes of an answer
and its ETag, the same whichever worker answers; a new worker also starts in milliseconds.
The endpoint's answers cross the pipe as the bytes the worker's engine wrote (:meth:`answer`),
not as terms; a worker imports the engine and this package only (no rdflib, no Flask), so its
memory is the store's cache and the answer it is writing.

Workers are forked from a clean forkserver process, never from the threaded web server. As with
any use of multiprocessing, a script that builds this store must do so under
``if __name__ == "__main__":`` (``lod serve``, gunicorn, flask and pytest all do).
Do not use gunicorn's ``--preload`` with this store: the pool must be created in each
gunicorn worker, after its fork.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from lod.errors import LodError, QueryTimeout, ServerBusy
from lod.store.answers import Answer, Choices
from lod.store.base import Dataset, QueryAborted, StoreUnavailable
from lod.store.embedded import EmbeddedStore, stored_version, timeout_message
from lod.store.fair_queue import FairQueue
from lod.store.loading import LoadSpec
from lod.store.results import QueryResult
from lod.store.sparql_text import significant_tokens

CALL_TIMEOUT = 120.0  # for calls other than queries (counting triples, reloading)
QUERY_OPS = ("query", "answer")  # the calls that run a client's query: deadline, fair sharing
# Fair sharing: a query still running after FAST_SECONDS is a long one; at most ``workers - 1``
# long ones run at a time, so one worker is always free within FAST_SECONDS for a quick query.
# A query waits WORKER_WAIT seconds at most for a free worker, then gets 503 and Retry-After.
FAST_SECONDS = 1.0
WORKER_WAIT = 5.0
KNOWN_LONG_MAX = 1024  # query texts remembered as long
KNOWN_LONG: dict[str, None] = {}  # their keys (see _text_key), for every store of this process
# A worker answering a long query runs at this niceness: on a machine with fewer cores than
# workers, the quick queries' worker then gets the CPU first (CFS weights nice 0 : 10 ≈ 9 : 1).
LONG_NICE = 10
# A sort or a big join can take gigabytes in seconds; past this a worker dies, not the machine.
DEFAULT_MEMORY_LIMIT = 1024 * 2**20


@dataclass(frozen=True)
class WorkerSpec:
    """How a worker builds its store: open ``path`` read-only, under ``memory_limit`` bytes."""

    path: str
    memory_limit: int | None = None


class _Worker:
    def __init__(self, ctx: Any, spec: WorkerSpec) -> None:
        self._killing = threading.Lock()
        self.niced = False
        self.conn, child_conn = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_worker_main, args=(child_conn, spec), name="lod-query-worker", daemon=True
        )
        self.process.start()
        child_conn.close()

    def wait_ready(self, timeout: float) -> None:
        try:
            if not self.conn.poll(timeout):
                self.kill()
                raise StoreUnavailable(f"a query worker did not start within {timeout:g} s")
            status, value = self.conn.recv()
        except (EOFError, OSError) as error:
            self.kill()
            raise StoreUnavailable(
                "a query worker stopped while starting; a script that starts the server must "
                "do so under `if __name__ == '__main__':` (Python's multiprocessing rule)"
            ) from error
        if status != "ready":
            self.kill()
            raise value

    def yield_cpu(self) -> None:
        """Let the worker's long query give way to quick ones on a busy CPU."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid or 0, LONG_NICE)
            self.niced = True
        except OSError:  # the worker is gone already: nothing to give way
            pass

    def restore_cpu(self) -> bool:
        """Back to normal priority; False where that needs a privilege this process lacks
        (lowering a niceness does, for anyone but root)."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid or 0, 0)
        except OSError:
            return False
        self.niced = False
        return True

    def kill(self) -> None:
        """End the process and close the pipe, once: the pool's close and a replacement in a
        background thread may both get here (closing a pipe twice could close another's)."""
        with self._killing:
            if self.conn.closed:
                return
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
            self.conn.close()


class IsolatedStore:
    """A :class:`lod.store.base.Store` answering from a pool of killable worker processes."""

    def __init__(
        self,
        spec: LoadSpec,
        *,
        path: str | Path | None = None,
        workers: int = 2,
        memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
        start_timeout: float = 120.0,
        long_queries: int | None = None,
    ) -> None:
        self._tempdir = None if path else Path(tempfile.mkdtemp(prefix="lod-store-"))
        directory = Path(path) if path else self._tempdir
        assert directory is not None
        _write_store(spec, directory)
        self._spec = WorkerSpec(str(directory), memory_limit)
        self._version = stored_version(directory)
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["lod.store.isolated"])
        self._size = max(1, workers)
        self._long_limit = long_queries if long_queries is not None else max(1, self._size - 1)
        self._long = 0  # queries running longer than FAST_SECONDS now
        self._long_lock = threading.Lock()
        # Texts of queries that ran long: sent again, they wait for a long lane, not a worker,
        # so repeated expensive queries cannot take the worker kept for quick ones. Shared by
        # the stores of one process: a query long on one version of the data is long on the next.
        self._known_long = KNOWN_LONG
        self._start_timeout = start_timeout
        self._idle: FairQueue[_Worker] = FairQueue()  # first come, first served
        self._all: set[_Worker] = set()  # idle and busy, to list and to stop them
        self._closed = False
        self.restarts = 0  # workers replaced (timeouts, memory, crashes), for the metrics
        started = [self._new_worker() for _ in range(self._size)]
        for worker in started:
            worker.wait_ready(start_timeout)
            self._idle.put(worker)

    @property
    def version(self) -> str | None:
        return self._version

    @property
    def workers(self) -> int:
        return self._size

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for monitoring and tests)."""
        return sorted(w.process.pid for w in list(self._all) if w.process.pid is not None)

    def query(
        self,
        sparql: str,
        *,
        dataset: Dataset | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
    ) -> QueryResult:
        result: QueryResult = self._call(
            "query", sparql, timeout=timeout, dataset=dataset, max_results=max_results
        )
        return result

    def answer(
        self,
        sparql: str,
        *,
        choices: Choices,
        dataset: Dataset | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer:
        """The answer as the worker's engine writes it: bytes cross the pipe, not terms."""
        answer: Answer = self._call(
            "answer", sparql, timeout=timeout, choices=choices, dataset=dataset,
            max_results=max_results, prefixes=dict(prefixes) if prefixes else None,
        )  # fmt: skip
        return answer

    def worker_modules(self) -> list[str]:
        """The modules a query worker has imported (to check that it stays small)."""
        modules: list[str] = self._call("modules")
        return modules

    def triple_count(self, graph: str | None = None) -> int:
        count: int = self._call("triple_count", graph)
        return count

    def graph_names(self) -> list[str]:
        names: list[str] = self._call("graph_names")
        return names

    def reload(self, spec: LoadSpec) -> None:
        """Serve ``spec`` from now on (temporary stores only; for tests and the W3C suite).

        The files go into a fresh directory; the workers then reopen there, so no reader ever
        sees a store being written.
        """
        if self._tempdir is None:
            raise LodError("a persistent store is reloaded by restarting `lod serve`")
        directory = Path(tempfile.mkdtemp(prefix="lod-store-"))
        _write_store(spec, directory)
        held = [self._idle.get(timeout=CALL_TIMEOUT) for _ in range(self._size)]
        try:
            for worker in held:
                worker.conn.send(("reopen", (str(directory),), {}))
            for worker in held:
                _receive(worker, CALL_TIMEOUT)
        finally:
            for worker in held:
                self._idle.put(worker)
        old, self._tempdir = self._tempdir, directory
        self._spec = replace(self._spec, path=str(directory))
        self._version = spec.version
        shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)

    def alive_workers(self) -> int:
        """Workers running now (for the health check: no query, no queue)."""
        return sum(1 for w in list(self._all) if w.process.is_alive())

    def _call(self, op: str, *args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        known_long = op in QUERY_OPS and _text_key(args[0]) in self._known_long
        if known_long and not self._take_lane():
            raise ServerBusy(
                f"this query ran long before, and {self._long_limit} long queries are running "
                "now; try again in a moment (or narrow it)"
            )
        try:
            return self._call_worker(op, args, kwargs, timeout, has_lane=known_long)
        finally:
            if known_long:
                self._free_lane()

    def _call_worker(
        self, op: str, args: Any, kwargs: Any, timeout: float | None, has_lane: bool
    ) -> Any:
        wait = timeout or CALL_TIMEOUT
        deadline = time.monotonic() + wait
        worker = self._take_worker(wait, has_lane)
        try:
            worker.conn.send((op, args, kwargs))
            value = self._await(worker, op, args, deadline, has_lane)
        except _WorkerTimeout:
            self._replace(worker)
            raise QueryTimeout(timeout_message(wait)) from None
        except _TooManyLong:
            self._replace(worker)
            raise ServerBusy(
                f"{self._long_limit} long queries are running already, and this one took over "
                f"{FAST_SECONDS:g} s; try again in a moment (or narrow it)"
            ) from None
        except (EOFError, OSError) as error:  # the worker died: out of memory, killed, ...
            self._replace(worker)
            raise QueryAborted(*self._death(worker)) from error
        except BaseException:  # the query's own error (syntax, too many results): worker is fine
            self._release(worker)
            raise
        self._release(worker)
        return value

    def _release(self, worker: _Worker) -> None:
        """Back to the idle workers at normal priority (or replaced, if it cannot be)."""
        if worker.niced and not worker.restore_cpu():
            self._replace(worker, failed=False)  # a new one starts in milliseconds
        else:
            self._idle.put(worker)

    def _take_worker(self, wait: float, has_lane: bool) -> _Worker:
        """An idle worker. A known long query never takes the last one: while a killed worker's
        successor starts, the idle one left is the quick queries' (it would hold it for the
        whole timeout); it is turned away instead, as when all lanes are taken."""
        try:
            if not has_lane:
                return self._idle.get(timeout=min(wait, WORKER_WAIT))
            with self._long_lock:
                if self._size > 1 and self._idle.qsize() <= 1:
                    raise ServerBusy(
                        "this query ran long before, and the one free query worker is kept "
                        "for quick queries; try again in a moment (or narrow it)"
                    )
                return self._idle.get_nowait()
        except queue.Empty:
            raise ServerBusy(
                f"all {self._size} query workers are busy; try again in a moment"
            ) from None

    def _await(self, worker: _Worker, op: str, args: Any, deadline: float, has_lane: bool) -> Any:
        """The answer; a query past FAST_SECONDS takes a long-query lane or is given up."""
        left = deadline - time.monotonic()
        if has_lane:
            worker.yield_cpu()
        if has_lane or op not in QUERY_OPS or worker.conn.poll(min(FAST_SECONDS, left)):
            return _receive(worker, max(0.0, deadline - time.monotonic()))
        self._remember_long(args[0])
        if not self._take_lane():
            raise _TooManyLong
        worker.yield_cpu()
        try:
            return _receive(worker, max(0.0, deadline - time.monotonic()))
        finally:
            self._free_lane()

    def _take_lane(self) -> bool:
        with self._long_lock:
            if self._long >= self._long_limit:
                return False
            self._long += 1
            return True

    def _free_lane(self) -> None:
        with self._long_lock:
            self._long -= 1

    def _remember_long(self, sparql: str) -> None:
        if len(self._known_long) >= KNOWN_LONG_MAX:
            self._known_long.clear()
        self._known_long[_text_key(sparql)] = None

    def _death(self, worker: _Worker) -> tuple[str, int]:
        """Why the worker died, and the HTTP status: a crash on the query's text (the
        engine's parser overflowing its stack) is the query's fault, so a 400."""
        limit, code = self._spec.memory_limit, worker.process.exitcode
        if code == -signal.SIGABRT and limit:
            return (
                f"the query needed more than the {limit // 2**20} MB of memory a query worker "
                "may use (LOD_QUERY_WORKER_MEMORY_MB); narrow the pattern or add a LIMIT",
                503,
            )
        if code == -signal.SIGSEGV:
            return (
                "the query engine could not read this query (it ran out of stack: the query "
                "nests too deeply or is too long); simplify it",
                400,
            )
        return f"the query worker stopped while answering (exit code {code})", 503

    def _new_worker(self) -> _Worker:
        worker = _Worker(self._ctx, self._spec)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker, failed: bool = True) -> None:
        """Kill ``worker`` now; start its successor in the background. ``failed``: count it in
        the metrics' restarts (a timeout, memory, a crash), not a routine renewal."""
        worker.kill()
        self._all.discard(worker)
        self.restarts += int(failed)
        if not self._closed:
            threading.Thread(target=self._start_one, name="lod-worker-start", daemon=True).start()

    def _start_one(self) -> None:
        worker = self._new_worker()
        try:
            worker.wait_ready(self._start_timeout)
        except LodError:
            self._all.discard(worker)
            return  # the pool shrinks; later calls fail with "busy" rather than hang
        if self._closed:
            worker.kill()
        else:
            self._idle.put(worker)


def _text_key(sparql: str) -> str:
    """The query as the engine reads it: comments and spacing do not make it another query."""
    tokens = "\x1f".join(value for _kind, value in significant_tokens(sparql))
    return hashlib.sha256(tokens.encode("utf-8", "surrogatepass")).hexdigest()


class _TooManyLong(Exception):
    """Every long-query lane is taken: this query must not take the last worker too."""


class _WorkerTimeout(Exception):
    """The worker did not answer in time (distinct from a QueryTimeout it reports itself)."""


def _receive(worker: _Worker, timeout: float) -> Any:
    if not worker.conn.poll(timeout):
        raise _WorkerTimeout
    status, value, http_status = worker.conn.recv()
    if status == "error":
        value.status = http_status  # pickling keeps the class and message, not the status
        raise value
    return value


def _worker_main(conn: Connection, spec: WorkerSpec) -> None:
    """A worker's life: open the store, then answer calls until the pipe closes."""
    try:
        _limit_memory(spec.memory_limit)
        store = EmbeddedStore.open_read_only(spec.path)
    except Exception as error:  # e.g. the pool closed and removed the store meanwhile
        conn.send(("error", LodError(f"cannot open the store at {spec.path}: {error}")))
        return
    conn.send(("ready", store.version))
    while True:
        try:
            op, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        if op == "reopen":
            del store  # drop the old read-only handle before opening the new directory
            store = EmbeddedStore.open_read_only(args[0])
            conn.send(("ok", store.version, 200))
        else:
            conn.send(_answer(store, op, args, kwargs))


def _answer(store: EmbeddedStore, op: str, args: Any, kwargs: Any) -> tuple[str, Any, int]:
    try:
        if op == "modules":
            return ("ok", sorted(sys.modules), 200)
        if op not in (*QUERY_OPS, "triple_count", "graph_names"):
            raise LodError(f"unknown worker call {op!r}")
        value = getattr(store, op)(*args, **kwargs)
    except LodError as error:
        return ("error", error, error.status)
    except Exception as error:  # anything else still reaches the caller, as a 500
        return ("error", LodError(f"{type(error).__name__}: {error}"), 500)
    return ("ok", value, 200)


def _write_store(spec: LoadSpec, directory: Path) -> None:
    """Bulk load ``spec`` into the on-disk store at ``directory`` (kept if already current)."""
    store = EmbeddedStore.load(spec, directory)
    store.close()
    del store  # pyoxigraph releases the read-write handle when the object goes


def _limit_memory(limit: int | None) -> None:
    """Cap the worker's data segment so a huge sort kills the worker, not the machine."""
    if limit and hasattr(resource, "RLIMIT_DATA") and os.name == "posix":
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
