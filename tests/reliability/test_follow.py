"""dtl project --follow: keeps the views current while other processes append, stops cleanly on
SIGTERM, and resumes from its tracked position. The test waits on the follower's own output
lines (each says what position it reached), never on a clock."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
from datetime import date

from dtl.application.facade import Dtl
from dtl.domain.observations import Observation
from tests.reliability.support import DTL, ROOT

WAIT = 60  # seconds: a ceiling for a broken follower, not a synchronisation delay


def observations(start: int, count: int) -> list[Observation]:
    return [
        Observation(system="gdelt", source_id=str(i), on=date(2024, 5, 1), actor1="TUR", actor2="ISR",
                    cameo="042", goldstein=1.9, quad_class=1)
        for i in range(start, start + count)
    ]  # fmt: skip


class Follower:
    def __init__(self, store: str):
        self.process = subprocess.Popen(
            [*DTL, "project", "--follow", "--poll", "0.05"], cwd=ROOT,
            env={**os.environ, "DTL_STORE": store}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line.strip())

    def next_line(self) -> str:
        return self.lines.get(timeout=WAIT)

    def wait_for_position(self, position: int) -> list[str]:
        seen = []
        while True:
            line = self.next_line()
            seen.append(line)
            if line.startswith("position ") and int(line.split()[1].rstrip(":")) >= position:
                return seen

    def terminate(self) -> tuple[int, list[str]]:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=WAIT)
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return code, rest


def test_a_follower_applies_what_other_processes_append_and_resumes_after_sigterm(store_url):
    with Dtl(store_url) as writer:
        writer.record_observations(observations(0, 10))
        follower = Follower(store_url)
        try:
            assert follower.next_line() == "position 10: applied 10"  # the initial catch-up
            writer.record_observations(observations(10, 25))  # no catch-up by the writer
            follower.wait_for_position(35)
            assert writer.position() == 35  # the views moved without the writer's help
            code, rest = follower.terminate()
        finally:
            follower.process.kill()
        assert code == 0 and rest[-1] == "stopped at position 35"

        writer.record_observations(observations(35, 5))
        restarted = Follower(store_url)
        try:
            assert restarted.next_line() == "position 40: applied 5"  # from the tracked position
            code, _ = restarted.terminate()
        finally:
            restarted.process.kill()
        assert code == 0
        rows = writer.store.view.query("SELECT COUNT(*) AS n FROM dtl_observations")
        assert rows[0]["n"] == 40
