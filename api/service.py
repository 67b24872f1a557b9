"""The facades behind the routes: several requests at once, each with a facade of its own.

A facade (and the library's recorders under it) is used by one thread at a time, so the server
keeps a small pool of them (`Facades`, DTL_API_CONCURRENCY, default 4), all on the same store:
the caller's, and others opened like it when every one is busy. Reads and writes take one for
the length of the call and give it back; so a long question (a century of monthly scores, an
import) holds one facade, and the other requests go on with the rest. Several facades on one
store are as safe as several processes: writers use optimistic concurrency, and catch-up applies
a batch only if the view is still where it was read from.

Reads carry the log position they reflect (X-Dtl-Position) and an ETag keyed on (position,
path and query). Before answering, the server checks the log: where it ends, and whether the
view is there (two indexed reads); an answer is a function of the position and the request, so
while the log has not moved:

- If-None-Match with the current tag is a 304, without asking the facade;
- an answer given before is given again from `Answers`, a cache bounded in bytes
  (DTL_API_CACHE_MB, default 32; emptied as soon as the log moves).

On SQLite (a local file, read without waiting on writers) that check runs on the event loop
with an idle facade, so a repeated question costs no trip to a worker thread; anything else
(asking the facade, catching up, PostgreSQL's round trips) runs on FastAPI's thread pool, off
the event loop, so a slow question never stalls the stream or other connections.

A question that is large by its parameters (a century of monthly scores, a chart, ...: the route
says so) is answered in a worker process (api/large.py) once the server has checked the log and
found no answer to give again: computed in Python on a thread it would hold the interpreter, and
every small read beside it would wait its turn.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

import orjson
from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dtl.api.auth import bearer_of, may_read
from dtl.api.large import LargeReads
from dtl.api.representations import variant_of

if TYPE_CHECKING:
    from dtl.api.settings import Settings
    from dtl.application.facade import Dtl

POSITION_HEADER = "X-Dtl-Position"
API_VERSION = "1"  # part of every ETag: a new release's answers never match an old tag

Present = Callable[[Any], tuple[bytes, str]]  # answer -> (body, media type)
Opener = Callable[[], "Dtl"]
Key = tuple[str, str, str]  # path, query, salt


def present_json(answer: Any) -> tuple[bytes, str]:
    return orjson.dumps(answer), "application/json"


class Facades:
    """Up to `size` facades on one store, each lent to one thread at a time. The first is the
    caller's (who closes it); the others are opened on demand, when every one is busy, and
    closed by `close`."""

    def __init__(self, first: Dtl, size: int, opener: Opener | None):
        self.first = first
        self.size = max(1, size) if opener is not None else 1
        self._opener = opener
        self._idle: list[Dtl] = [first]
        self._opened: list[Dtl] = []
        self._count = 1
        self._changed = threading.Condition()

    @property
    def opened(self) -> int:
        """How many facades there are now (the caller's and those opened since)."""
        return self._count

    def try_take(self) -> Dtl | None:
        """An idle facade, or None: never waits, never opens one."""
        with self._changed:
            return self._idle.pop() if self._idle else None

    def take(self) -> Dtl:
        """An idle facade; a new one if all are busy and there may be more; else wait."""
        with self._changed:
            while not self._idle and self._count >= self.size:
                self._changed.wait()
            if self._idle:
                return self._idle.pop()  # the most recently used: its caches are warm
            self._count += 1  # this slot is ours; open outside the lock
        try:
            dtl = self._opener()  # type: ignore[misc]
        except BaseException:
            with self._changed:
                self._count -= 1
                self._changed.notify()
            raise
        with self._changed:
            self._opened.append(dtl)
        return dtl

    def give(self, dtl: Dtl) -> None:
        with self._changed:
            self._idle.append(dtl)
            self._changed.notify()

    @contextmanager
    def lent(self) -> Iterator[Dtl]:
        dtl = self.take()
        try:
            yield dtl
        finally:
            self.give(dtl)

    def close(self) -> None:
        """Close the facades this pool opened (those idle now; the server has stopped)."""
        with self._changed:
            opened = [d for d in self._opened if d in self._idle]
            self._opened = [d for d in self._opened if d not in opened]
            self._idle = [d for d in self._idle if d not in opened]
            self._count -= len(opened)
        for dtl in opened:
            dtl.close()


class Answer(NamedTuple):
    position: int
    tag: str
    body: bytes
    media_type: str


class Answers:
    """Answers by (path, query, salt) at the log position they reflect, least recently used out
    first, at most `max_bytes` of bodies (an answer over an eighth of that is not kept). Only
    answers at the newest position seen are kept: the log moved, every answer before is stale."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, Answer] = OrderedDict()
        self._bytes = 0
        self._position = -1
        self._lock = threading.Lock()

    def get(self, key: Key, position: int) -> Answer | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None or found.position != position:
                return None
            self._entries.move_to_end(key)
            return found

    def peek(self, key: Key) -> Answer | None:
        """The answer kept for this key, at whatever position (the caller checks it)."""
        found = self._entries.get(key)  # one dict read: atomic, no lock needed
        if found is not None:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
        return found

    def put(self, key: Key, answer: Answer) -> None:
        size = len(answer.body)
        if size * 8 > self.max_bytes:
            return
        with self._lock:
            if answer.position < self._position:
                return
            if answer.position > self._position:
                self._entries.clear()
                self._bytes = 0
                self._position = answer.position
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)


class Service:
    def __init__(self, dtl: Dtl, settings: Settings, opener: Opener | None = None):
        self.dtl = dtl  # the caller's facade, the first of the pool
        self.settings = settings
        self.facades = Facades(dtl, settings.concurrency, opener if opener is not None else same_store(dtl))
        self.answers = Answers(settings.cache_bytes)
        self.inline = dtl.store.kind == "sqlite"
        # A worker process opens the store as `dtl` was opened; not one with a clock of its own.
        location = store_location(dtl) if dtl.clock is None else None
        self.large = LargeReads(location, settings.large_processes)

    async def read(self, request: Request, ask: Callable[[Dtl], Any], present: Present = present_json,
                   dated: bool = False, large: bool = False) -> Response:  # fmt: skip
        """Answer a GET: 304 if the client's ETag still holds, the answer given before if the log
        has not moved since, else ask a facade. `dated`: the answer depends on today's date too
        (a chart's default window ends today). `large`: the question is large by its parameters;
        ask it in a worker process if the server has one (`ask` and `present` are then picklable:
        module-level functions, operator.methodcaller, functools.partial).

        The position is taken after catching up and before asking, so the tag never claims
        more than the answer reflects: if another process appends meanwhile, the next
        request simply misses the tag and asks again."""
        scope = request.scope
        key = _key(scope, date.today().isoformat() if dated else "")
        if self.inline and request.headers.get("if-none-match"):
            position = self._position_now()
            if position is not None:
                known = self._known(request.headers.get("if-none-match"), key, position)
                if known is not None:
                    return known
        if large and self.large.enabled:
            answered = await self._ask_worker(request, key, ask, present)
            if answered is not None:
                return answered
        return await run_in_threadpool(self._ask, request, key, ask, present)

    async def _ask_worker(self, request: Request, key: Key, ask: Callable[[Dtl], Any],
                          present: Present) -> Response | None:  # fmt: skip
        """A large question, answered by a worker process: the log is checked here first (the
        answer given before, or a 304, is given as on a thread), then the worker catches up to
        at least that position and answers. None: ask on a thread (no worker yet, or the
        question could not be sent or answered there)."""
        sent = self.large.sendable(ask, present)
        if sent is None or not self.large.ready():
            return None
        position = self._position_now() if self.inline else None
        if position is None:
            position = await run_in_threadpool(self._position_after_catch_up)
        known = self._known(request.headers.get("if-none-match"), key, position)
        if known is not None:
            return known
        found = await self.large.answer(sent)
        if found is None:
            return None
        position, body, media_type = found
        answer = Answer(position, etag(position, key), body, media_type)
        self.answers.put(key, answer)
        return _response(answer)

    def _position_after_catch_up(self) -> int:
        with self.facades.lent() as dtl:
            position = caught_up(dtl)
            if position is None:
                dtl.catch_up()
                position = dtl.position()
            return position

    async def known_answer(self, scope: dict[str, Any]) -> Response | None:
        """A GET answered before, while the log has not moved since: its answer again (or a 304),
        without routing it, checking its parameters or asking a facade; None: let the app
        answer. The check runs on the event loop on SQLite, on a worker thread on PostgreSQL."""
        if not len(self.answers):
            return None
        found = self.answers.peek(_key(scope, "")) or self.answers.peek(_key(scope, date.today().isoformat()))
        if found is None:
            return None
        headers = dict(_wanted(scope))
        if not may_read(self.settings, bearer_of(headers.get("authorization"))):
            return None  # the route refuses it, with its reasons
        if self.inline:
            position = self._position_now()
        else:
            position = await run_in_threadpool(self._position_waiting)
        if position != found.position:
            return None
        if _matches(headers.get("if-none-match"), found.tag):
            return Response(status_code=304, headers=_headers(found.position, found.tag))
        return _response(found)

    def _position_now(self) -> int | None:
        """On the event loop: the view's position if it holds the whole log; None if it does
        not (catch-up is a worker thread's job) or every facade is busy."""
        dtl = self.facades.try_take()
        if dtl is None:
            return None
        try:
            return caught_up(dtl)
        finally:
            self.facades.give(dtl)

    def _position_waiting(self) -> int | None:
        """On a worker thread: the same, waiting for a facade if every one is busy."""
        with self.facades.lent() as dtl:
            return caught_up(dtl)

    def _ask(self, request: Request, key: Key, ask: Callable[[Dtl], Any], present: Present) -> Response:
        with self.facades.lent() as dtl:
            position = caught_up(dtl)
            if position is None:
                dtl.catch_up()
                position = dtl.position()
            known = self._known(request.headers.get("if-none-match"), key, position)
            if known is not None:
                return known
            answer = ask(dtl)
        body, media_type = present(answer)  # charts are drawn with the facade given back
        found = Answer(position, etag(position, key), body, media_type)
        self.answers.put(key, found)
        return _response(found)

    def _known(self, if_none_match: str | None, key: Key, position: int) -> Response | None:
        """A 304, or the answer given before, at this position; None: ask."""
        found = self.answers.get(key, position)
        tag = found.tag if found is not None else etag(position, key)
        if _matches(if_none_match, tag):
            return Response(status_code=304, headers=_headers(position, tag))
        return _response(found) if found is not None else None

    def write(self, do: Callable[[Dtl], Any]) -> tuple[Any, int]:
        """Run a write; (its result, the log position after it)."""
        with self.facades.lent() as dtl:
            result = do(dtl)
            return result, dtl.position()

    def call(self, do: Callable[[Dtl], Any]) -> Any:
        with self.facades.lent() as dtl:
            return do(dtl)

    def close(self) -> None:
        self.large.close()
        self.facades.close()


def caught_up(dtl: Dtl) -> int | None:
    """The view's position if it holds the whole log, else None (catch-up needed). The log's
    end is read first: whatever was committed before this call is at or below it."""
    end = dtl.projector.log_end()
    position = dtl.position()
    return position if position == end else None


def same_store(dtl: Dtl) -> Opener | None:
    """How to open another facade on the caller's store (with its clock); None for a SQLite
    database in memory, which another connection would not see."""
    from dtl.application.facade import Dtl

    location = store_location(dtl)
    if location is None:
        return None
    clock = dtl.store.writer.clock
    return lambda: Dtl(location, clock)


def store_location(dtl: Dtl) -> str | None:
    """Where the caller's store is, as Dtl() takes it (a SQLite file by its absolute path: a
    worker process opens it too); None for a SQLite database in memory, which another connection
    would not see."""
    import os

    config = dtl.store.config
    env = config.env
    if config.kind == "sqlite":
        location = env.get("SQLITE_DBNAME", "")
        if not location or ":memory:" in location or "mode=memory" in location:
            return None
        location = os.path.abspath(location)
    else:
        host = env["POSTGRES_HOST"]
        password = env.get("POSTGRES_PASSWORD", "")
        location = (
            f"postgresql://{quote(env['POSTGRES_USER'], safe='')}"
            f"{':' + quote(password, safe='') if password else ''}"
            f"@{f'[{host}]' if ':' in host else host}:{env['POSTGRES_PORT']}"
            f"/{quote(env['POSTGRES_DBNAME'], safe='')}"
        )
        if env.get("POSTGRES_SCHEMA"):
            location += f"?schema={env['POSTGRES_SCHEMA']}"
    return location


class KnownAnswers:
    """Pure ASGI middleware, outermost: a GET the server answered before, at the log's current
    position, is answered again here (Service.known_answer); everything else goes to the app."""

    def __init__(self, app: Any, service: Service):
        self.app, self.service = app, service

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            try:
                known = await self.service.known_answer(scope)
            except Exception:  # the store could not be read: the app says so, in its own words
                known = None
            if known is not None:
                await known(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _key(scope: dict[str, Any], salt: str) -> Key:
    """What an answer is a function of, besides the log position: the path and query, the salt
    (a chart's day), and the representation asked for (JSON, CSV, ...: api/representations.py)."""
    return scope["path"], scope["query_string"].decode("latin-1"), salt + "|" + variant_of(scope)


def _wanted(scope: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for name, value in scope["headers"]:
        if name in (b"authorization", b"if-none-match"):
            yield name.decode("latin-1"), value.decode("latin-1")


def etag(position: int, key: Key) -> str:
    path, query, salt = key
    digest = hashlib.sha256(f"{API_VERSION}\n{path}\n{query}\n{salt}".encode()).hexdigest()
    return f'"{position}-{digest[:20]}"'


def _headers(position: int, tag: str) -> dict[str, str]:
    return {POSITION_HEADER: str(position), "ETag": tag, "Cache-Control": "no-cache", "Vary": "Accept"}


def _response(found: Answer) -> Response:
    return Response(found.body, media_type=found.media_type, headers=_headers(found.position, found.tag))


def _matches(header: str | None, tag: str) -> bool:
    if not header:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == tag:
            return True
    return False


def json_response(
    answer: Any, position: int, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(orjson.dumps(answer), status_code=status, media_type="application/json",
                    headers={POSITION_HEADER: str(position), **(headers or {})})  # fmt: skip
