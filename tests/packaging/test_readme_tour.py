"""The README's tour and docs/api.md's session, run as written.

Their `sh` blocks run in order, in one bash (`set -euo pipefail`, as if pasted into one
terminal), from a folder that holds the checkout's examples/, on a fresh SQLite store where
`dtl demo` (what `make demo` runs) has run first; `console` blocks (a server, files of your
own, PostgreSQL) are not run. docs/api.md's blocks run against a real `dtl serve` on a free
port."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.api.support import TOKEN
from tests.support import in_ci

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
MARK = "::block "


def blocks(document: Path) -> list[tuple[str, str]]:
    """(language, text) of every fenced block, in order."""
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(document.read_text(encoding="utf-8"))]


def runnable(document: Path) -> list[str]:
    return [text for language, text in blocks(document) if language == "sh"]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DTL_", "COLUMNS"))}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", DTL_STORE=str(tmp_path / "dtl.sqlite3"))
    env.update(extra)
    return env


def folder(tmp_path: Path) -> Path:
    """A working folder like the checkout, as far as the blocks read it: examples/."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    return work


def demo(cwd: Path, env: dict[str, str]) -> None:
    """What `make demo` does, on the test's store."""
    done = subprocess.run(["dtl", "demo"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def run_in_order(texts: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    script = ["set -euo pipefail"]
    for number, text in enumerate(texts, 1):
        script += [f"echo '{MARK}{number}' >&2", text]
    return subprocess.run(["bash", "-c", "\n".join(script)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=180)  # fmt: skip


def failure(result: subprocess.CompletedProcess, texts: list[str]) -> str:
    reached = [line for line in result.stderr.splitlines() if line.startswith(MARK)]
    number = int(reached[-1].removeprefix(MARK)) if reached else 0
    block = texts[number - 1] if number else ""
    return f"block {number} exited {result.returncode}:\n{block}\nstderr (its end):\n{result.stderr[-3000:]}"


def test_every_readme_block_is_sh_or_console_so_none_is_left_out_by_accident():
    languages = {language for language, _ in blocks(ROOT / "README.md")}
    assert languages <= {"sh", "console"}, languages
    assert len(runnable(ROOT / "README.md")) >= 10


def test_the_readme_tour_runs_as_written_in_order_after_the_demo(tmp_path):
    env = environment(tmp_path)
    texts = runnable(ROOT / "README.md")
    work = folder(tmp_path)
    demo(work, env)
    result = run_in_order(texts, work, env)
    assert result.returncode == 0, failure(result, texts)
    assert result.stderr.count(MARK) == len(texts)
    for written in ("relations.graphml", "measures.parquet", "nato-isr.html", "tur-isr.svg", "nato.png"):
        assert (work / written).stat().st_size > 0, written


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_api_session_runs_against_a_demo_server_and_answers_as_the_page_says(tmp_path):
    if shutil.which("curl") is None:
        message = "docs/api.md's session needs curl on the PATH"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    env = environment(tmp_path, DTL_API_TOKENS=TOKEN, PYTHONUNBUFFERED="1")
    work = folder(tmp_path)
    demo(work, env)
    page = ROOT / "docs" / "api.md"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    texts = [text.replace("http://127.0.0.1:8080", base) for text in runnable(page)]
    server = subprocess.Popen(["dtl", "serve", "--port", str(port)], cwd=work, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        lines: list[str] = []
        ready = threading.Event()

        def drain(pipe) -> None:  # both pipes, so the server never blocks on a full one
            for line in pipe:
                lines.append(line)
                if "Application startup complete" in line:
                    ready.set()

        for pipe in (server.stdout, server.stderr):
            threading.Thread(target=drain, args=(pipe,), daemon=True).start()
        assert ready.wait(30), f"the server did not start: {lines}"

        # What the page says the reported clock answers (in the comment above the request),
        # before anything else is recorded.
        ((said, url),) = re.findall(
            r"((?:^# .*\n)+)curl -s '(http://127\.0\.0\.1:8080/v1/state\?[^']*as_reported_at=[^']*)'",
            page.read_text(encoding="utf-8"), re.M,
        )  # fmt: skip
        assert "partnership only" in " ".join(line.removeprefix("# ") for line in said.splitlines())
        answer = httpx.get(url.replace("http://127.0.0.1:8080", base), timeout=15)
        assert answer.status_code == 200
        assert [m["aspect"] for m in answer.json()["measures"]] == ["partnership"]

        result = run_in_order(texts, work, env)
        assert result.returncode == 0, failure(result, texts)
        assert result.stderr.count(MARK) == len(texts)
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = result.stdout
    assert "\n304\n" in out, out
    answers = documents(out)
    problems = [a["type"] for a in answers if "type" in a and "status" in a]
    assert problems == ["urn:dtl:problem:unauthorized", "urn:dtl:problem:invalid-input"], out
    recorded = [a for a in answers if "recorded" in a]
    assert recorded[0]["recorded"], out  # the accusation, new on a demo store
    assert len(recorded[-1]["recorded"]) == 4, out  # the upload: the rupture and three restorations
    assert (work / "tur-isr.svg").read_text().lstrip().startswith("<"), "the chart"
    assert "<graphml" in (work / "vetoes.graphml").read_text(), "the network"


def documents(out: str) -> list[dict]:
    """The JSON objects curl printed one after another (its answers end with no newline)."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while (at := out.find("{", at)) != -1:
        try:
            value, at = decoder.raw_decode(out, at)
        except json.JSONDecodeError:
            at += 1
            continue
        found.append(value)
    return found
