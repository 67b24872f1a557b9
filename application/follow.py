"""Keeping the views current for a server deployment (`dtl project --follow`).

PostgreSQL: the library's subscription to the application recorder (LISTEN/NOTIFY) wakes us
when events are appended; each wake-up runs the ordinary catch-up, which applies everything
available in tracked batches. SQLite has no notifications, so we poll. Either way the
position lives in the view's tracking table: a restarted follower resumes where it stopped,
and a follower racing a command's own catch-up is harmless (see Dtl.catch_up).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Report = Callable[[int, int], None]  # (position, applied)


def follow(dtl: Any, stop: threading.Event, report: Report, poll_seconds: float = 1.0) -> None:
    if dtl.config.kind == "postgres":
        _follow_subscription(dtl, stop, report)
    else:
        _follow_polling(dtl, stop, report, poll_seconds)


def _follow_polling(dtl: Any, stop: threading.Event, report: Report, poll_seconds: float) -> None:
    while not stop.is_set():
        applied = dtl.catch_up()
        if applied:
            report(dtl.position(), applied)
        stop.wait(poll_seconds)


def _follow_subscription(dtl: Any, stop: threading.Event, report: Report) -> None:
    from application.facade import PROJECTED_TOPICS

    position = dtl.position()
    subscription = dtl.app.recorder.subscribe(gt=position, topics=PROJECTED_TOPICS)

    def stop_when_asked() -> None:
        stop.wait()
        subscription.stop()  # ends the iteration below

    stopper = threading.Thread(target=stop_when_asked, daemon=True)
    stopper.start()
    with subscription:
        for note in subscription:
            if note.id <= position:
                continue  # already applied by an earlier catch-up that ran ahead
            applied = dtl.catch_up()
            position = dtl.position()
            if applied:
                report(position, applied)
            if stop.is_set():
                break
    stop.set()
