"""One retry policy for every race dtl can lose.

Three things race other processes: a write deciding against a stream another writer appends to
(the library's IntegrityError on the stream's version), a bulk import inserting ids another
importer stores first, and catch-up applying a batch another process applies first. Each retries
the whole attempt, which re-reads what it decided on, after a jittered pause that doubles per try
up to a cap: the jitter keeps contenders from colliding in lockstep, the cap keeps pauses short.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

ATTEMPTS = 60  # at most ~13 s of pauses: 8 writers on one docket under load starved 30
FIRST_PAUSE = 0.002  # seconds, doubled per failed attempt, with jitter
PAUSE_CAP = 0.25


def pause(tries: int) -> float:
    """The jittered pause before attempt `tries + 1`."""
    return random.uniform(0, min(PAUSE_CAP, FIRST_PAUSE * 2**tries))


def retrying(
    attempt: Callable[[], T],
    *,
    lost: tuple[type[BaseException], ...],
    give_up: Callable[[], BaseException],
    before_retry: Callable[[], object] | None = None,
    attempts: int = ATTEMPTS,
) -> T:
    """attempt() until it does not raise one of `lost` (a lost race); after `attempts` losses,
    raise give_up(). `before_retry` drops what the lost attempt read (e.g. a cache)."""
    for tries in range(attempts):
        try:
            return attempt()
        except lost:
            if before_retry is not None:
                before_retry()
            time.sleep(pause(tries))
    raise give_up()
