"""Keeping the views current for a server deployment (`dtl project --follow`).

PostgreSQL: the library's subscription to the application recorder (LISTEN/NOTIFY) wakes us
when events are appended; each wake-up runs the ordinary catch-up, which applies everything
available in tracked batches. SQLite has no notifications, so we poll. Either way the
position lives in the view's tracking table: a restarted follower resumes where it stopped,
and a follower racing a command's own catch-up is harmless (see Projector.catch_up).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dtl.application.projector import Projector
    from dtl.application.store import Store

Report = Callable[[int, int], None]  # (position, applied)


def follow(store: Store, stop: threading.Event, report: Report, poll_seconds: float = 1.0) -> None:
    if store.kind == "postgres":
        _follow_subscription(store.projector, stop, report)
    else:
        _follow_polling(store.projector, stop, report, poll_seconds)


def _follow_polling(projector: Projector, stop: threading.Event, report: Report, poll_seconds: float) -> None:
    while not stop.is_set():
        applied = projector.catch_up()
        if applied:
            report(projector.position(), applied)
        stop.wait(poll_seconds)


def _follow_subscription(projector: Projector, stop: threading.Event, report: Report) -> None:
    position = projector.position()
    subscription = projector.subscription(after=position)

    def stop_when_asked() -> None:
        stop.wait()
        subscription.stop()  # ends the iteration below

    stopper = threading.Thread(target=stop_when_asked, daemon=True)
    stopper.start()
    with subscription:
        for note in subscription:
            if note.id <= position:
                continue  # already applied by an earlier catch-up that ran ahead
            applied = projector.catch_up()
            position = projector.position()
            if applied:
                report(position, applied)
            if stop.is_set():
                break
    stop.set()
