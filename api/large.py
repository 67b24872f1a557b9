"""Large questions, answered in worker processes: a long question never holds the server.

A question computed in Python holds the interpreter while it runs; in the server's process a
century of monthly scores (or a chart: 150-270 ms of drawing) would make every small read beside
it wait for its turn, again and again. So the questions that are large by their parameters (see
`large_scores`, `large_diff`, ... below; the routes ask) are answered by a small pool of
processes (`LargeReads`, Settings.large_processes, default 1), each with a facade of its own on
the same store, opened as the server's was (its location and the environment: a SQLite file,
read beside the server as any other process reads it, or the same PostgreSQL database), and
started lazily: the first large question starts the pool and is answered on a thread as before,
so no request waits for a process to start; the following ones go to the pool once it is up.

The answers are the same bytes: the worker catches up (it answers at least as fresh as the log
the server saw before sending it the question), asks its facade the same method with the same
arguments, presents the answer as the route would (JSON, the rows as CSV/TSV/JSON lines, a
chart), and sends back the bytes and the position they reflect; the server keeps and tags them
as any answer (api/service.py). Where that cannot be done the question is answered on a thread,
as it always was: a store another process cannot open (SQLite in memory), a facade with a clock
of its own (a test's: the worker could not share it), a question that could not be sent (not
picklable), or one the worker could not answer (an error: asked again on a thread, where it is
raised and mapped to its problem as always; a worker that died: the pool is started again on a
later large question). The pool is shut down with the server, and a worker whose server died
exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dtl.application.facade import Dtl

log = logging.getLogger("dtl.api")

# A question is large by its parameters (the routes ask these):
LARGE_PERIODS = 240  # a series of more periods (scores): 20 years of months (~4 ms in Python)
LARGE_DAYS = 3653  # a diff over more days: ten years
LARGE_LIMIT = 1000  # observations: more than this many

Found = tuple[int, bytes, str]  # position, body, media type


# -- which questions are large ----------------------------------------------------------------
def large_scores(by: str, start: str | None, end: str | None) -> bool:
    """More than LARGE_PERIODS periods asked for. A window left open on either side is fitted to
    the data, up to the bound (MAX_PERIODS): it counts as large. A question the bounds refuse is
    not (it is refused at once, on a thread)."""
    from dtl.application.arguments import optional_period
    from dtl.domain.errors import InvalidInput
    from dtl.projections.questions.common import MAX_PERIODS

    per_year = {"year": 1, "quarter": 4, "month": 12}.get(by)
    if per_year is None:
        return False
    if start is None or end is None:
        return True
    try:
        first, last = optional_period(start, end)
    except InvalidInput:
        return False
    assert first is not None and last is not None

    def ordinal(day: Any) -> int:
        return day.year * per_year + (day.month - 1) * per_year // 12

    return LARGE_PERIODS < ordinal(last) - ordinal(first) + 1 <= MAX_PERIODS


def large_diff(start: str | None, end: str | None, reported_since: str | None) -> bool:
    """A period of more than LARGE_DAYS; or news over a period left open (all time)."""
    from dtl.application.arguments import optional_period
    from dtl.domain.errors import InvalidInput

    if start is None or end is None:
        return reported_since is not None
    try:
        first, last = optional_period(start, end)
    except InvalidInput:
        return False
    assert first is not None and last is not None
    return (last - first).days + 1 > LARGE_DAYS


def large_observations(limit: int) -> bool:
    return limit > LARGE_LIMIT


# -- what a worker is sent: picklable (module-level functions and their arguments) ------------
def present_rows(chosen: str, kind: str, answer: Any) -> tuple[bytes, str]:
    """The rows of an answer as CSV, TSV or JSON lines: api/representations.rows, picklable."""
    from dtl.application import tabular

    return tabular.text(chosen, kind, answer).encode("utf-8"), tabular.MEDIA_TYPES[chosen]


def rows_of(accept: str | None, kind: str) -> Callable[[Any], tuple[bytes, str]]:
    """How to present an answer asked with this Accept header: as representations.rows would
    (a test holds the two to the same bytes), in a form a worker can be sent."""
    from dtl.api.representations import variant
    from dtl.api.service import present_json

    chosen = variant(accept)
    return partial(present_rows, chosen, kind) if chosen else present_json


def render_chart(fmt: str, data: dict[str, Any]) -> tuple[bytes, str]:
    from dtl.api.routes.charts import CHART_TYPES
    from dtl.application.charts import render

    return render(data, fmt), CHART_TYPES[fmt]


def pair_chart(args: tuple[Any, ...], dtl: Dtl) -> dict[str, Any]:
    from dtl.application.charts import pair_chart_data

    x, y, start, end, as_known_at, min_grade, as_reported_at = args
    return pair_chart_data(dtl, x, y, start, end, as_known_at, min_grade, as_reported_at=as_reported_at)


def roster_chart(args: tuple[Any, ...], dtl: Dtl) -> dict[str, Any]:
    from dtl.application.charts import roster_chart_data

    org, start, end, as_known_at, min_grade, as_reported_at = args
    return roster_chart_data(dtl, org, start, end, as_known_at, min_grade, as_reported_at=as_reported_at)


# -- in the worker ----------------------------------------------------------------------------
# A worker is a plain `python -c` process (not multiprocessing's: that would run the server's
# main module again in the child), spoken to over its stdin and stdout: frames of a length and
# a pickle. The store's location comes on stdin (never in the command line, where `ps` shows a
# PostgreSQL password), the environment is the server's (DTL_CIPHER_KEY, ...).
BOOT = "from dtl.api.large import work; work()"
_LENGTH = struct.Struct("!Q")


def _send(channel: IO[bytes], data: bytes) -> None:
    channel.write(_LENGTH.pack(len(data)))
    channel.write(data)
    channel.flush()


def _receive(channel: IO[bytes]) -> bytes:
    head = channel.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the other side closed the channel")
    (size,) = _LENGTH.unpack(head)
    data = channel.read(size)
    if len(data) < size:
        raise EOFError("the other side closed the channel")
    return data


def work() -> None:
    """A worker: open the store, say so, then answer questions until the server closes stdin
    (it stops the pool, or it died). Ctrl-C is the server's to handle."""
    from dtl.application.facade import Dtl
    from dtl.application.persistence import redact

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    questions = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever is printed goes to stderr, never among the answers
    try:
        location = pickle.loads(_receive(questions))
        dtl = Dtl(location, create=False).open()
    except EOFError:
        return
    except Exception as exc:
        _send(answers, pickle.dumps(("failed", redact(f"{type(exc).__name__}: {exc}"))))
        return
    _send(answers, pickle.dumps(("ready", os.getpid())))
    try:
        while True:
            try:
                sent = _receive(questions)
            except EOFError:
                return
            _send(answers, pickle.dumps(_answer(dtl, sent), protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        dtl.close()


def _answer(dtl: Dtl, sent: bytes) -> Found | None:
    """The question answered and presented, with the position it reflects (at least where the
    log was when the server sent it: the worker catches up first); None: ask it on a thread of
    the server (an error: raised and mapped there, as always)."""
    from dtl.api.service import caught_up

    try:
        ask, present = pickle.loads(sent)
        position = caught_up(dtl)
        if position is None:
            dtl.catch_up()
            position = dtl.position()
        body, media_type = present(ask(dtl))
    except Exception:
        return None
    return position, body, media_type


# -- in the server ----------------------------------------------------------------------------
class Worker:
    """One worker process, asked one question at a time (by one thread of LargeReads)."""

    def __init__(self, location: str):
        self.process = subprocess.Popen(
            [sys.executable, "-c", BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.questions, self.answers = self.process.stdin, self.process.stdout
        try:
            _send(self.questions, pickle.dumps(location))
            said, detail = pickle.loads(_receive(self.answers))
        except (OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
            said, detail = "failed", f"the worker stopped before it was ready ({exc})"
        if said != "ready":
            self.close()
            raise RuntimeError(detail)

    def ask(self, sent: bytes) -> Found | None:
        _send(self.questions, sent)
        return pickle.loads(_receive(self.answers))

    def stop(self) -> None:
        """Close its stdin: it finishes the question it is answering, then exits."""
        with contextlib.suppress(OSError):
            self.questions.close()

    def close(self, timeout: float = 10) -> None:
        self.stop()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            self.answers.close()


class Pool:
    """The workers started together, and a thread for each (it only waits on the pipes)."""

    def __init__(self, workers: list[Worker]):
        self.workers = workers
        self.idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        for worker in workers:
            self.idle.put(worker)
        self.threads = ThreadPoolExecutor(len(workers), thread_name_prefix="dtl-large")

    def close(self, wait: bool = True) -> None:
        for worker in self.workers:
            worker.stop()  # each finishes its question, which its thread reads, then exits
        self.threads.shutdown(wait=wait)
        for worker in self.workers:
            worker.close(timeout=10 if wait else 1)


class LargeReads:
    """Up to `processes` workers, started in the background on the first large question;
    `answer` asks one of them."""

    def __init__(self, location: str | None, processes: int):
        self.location = location
        self.processes = processes if location is not None else 0
        self._pool: Pool | None = None
        self._starting: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._failed = False
        self.answered = 0  # questions the workers answered (the others were asked on threads)

    @property
    def enabled(self) -> bool:
        return self.processes > 0 and not self._closed and not self._failed

    def sendable(self, ask: Callable[[Dtl], Any], present: Callable[[Any], Any]) -> bytes | None:
        """The question as a worker is sent it; None if it cannot be (a closure, a lambda)."""
        try:
            return pickle.dumps((ask, present), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None

    def ready(self) -> bool:
        """Whether the workers are up; the first call starts them, in the background."""
        if self._pool is not None:
            return True
        with self._lock:
            if self.enabled and self._starting is None:
                self._starting = threading.Thread(target=self._start, name="dtl-large-start", daemon=True)
                self._starting.start()
        return False

    def _start(self) -> None:
        assert self.location is not None
        started: list[Worker] = []
        try:
            for _ in range(self.processes):
                started.append(Worker(self.location))
        except Exception as exc:  # the store cannot be opened from a worker: threads, from now on
            log.warning("large questions are answered on the server's threads: no worker (%s)", exc)
            for worker in started:
                worker.close()
            self._failed = True
            return
        pool = Pool(started)
        with self._lock:
            if not self._closed:
                self._pool = pool
                return
        pool.close()

    async def answer(self, sent: bytes) -> Found | None:
        """The worker's answer; None: ask on a thread (the worker could not answer, or died)."""
        pool = self._pool
        if pool is None:
            return None
        try:
            return await asyncio.wrap_future(pool.threads.submit(self._ask, pool, sent))
        except RuntimeError:  # the pool was shut down meanwhile
            return None

    def _ask(self, pool: Pool, sent: bytes) -> Found | None:
        worker = pool.idle.get()
        try:
            found = worker.ask(sent)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            self._lost(pool)
            return None
        pool.idle.put(worker)
        if found is not None:
            self.answered += 1
        return found

    def _lost(self, pool: Pool) -> None:
        """A worker died: put its pool away; the next large question starts another."""
        with self._lock:
            if self._pool is not pool:
                return
            self._pool, self._starting = None, None
        log.warning("a worker answering large questions stopped; the pool starts again when needed")
        threading.Thread(target=pool.close, args=(False,), daemon=True).start()

    def close(self) -> None:
        """Stop the workers (each finishes the question it is answering)."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
            starting = self._starting
        if starting is not None:
            starting.join(timeout=30)  # its pool, if it made one, it closes itself
        if pool is not None:
            pool.close()
