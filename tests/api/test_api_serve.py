"""`dtl serve`: opens the store before it takes the port, says plainly when it cannot, and runs
the API with uvicorn (a real process here, read through its own output lines)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from dtl.cli.main import main
from tests.api.support import TOKEN

DTL = str(Path(sys.executable).with_name("dtl"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_store_that_cannot_be_used_fails_with_exit_3_before_the_port_is_taken(capsys, monkeypatch):
    import dtl.cli.commands.serve as serve

    bound = []
    monkeypatch.setattr(serve, "_bind", lambda host, port: bound.append(port))
    code = main(["--store", "postgresql://postgres:s3cret@127.0.0.1:1/test", "serve", "--port", "8799"])
    err = capsys.readouterr().err
    assert code == 3 and err.startswith("dtl: store: cannot use postgresql://postgres:***@127.0.0.1:1/test")
    assert bound == [] and "s3cret" not in err and err.count("\n") == 1


def test_a_port_already_in_use_is_one_plain_line_and_a_nonzero_exit(capsys, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["--store", str(tmp_path / "dtl.sqlite3"), "serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2 and err == f"dtl: port: 127.0.0.1:{port} already in use; choose another with --port\n"


def test_dtl_serve_answers_over_http_and_stops_cleanly_and_never_logs_a_token(tmp_path):
    store = str(tmp_path / "dtl.sqlite3")
    assert subprocess.run([DTL, "--store", store, "demo"], capture_output=True).returncode == 0
    port = free_port()
    env = {**os.environ, "DTL_API_TOKENS": f"{TOKEN},another-token-abcdef", "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([DTL, "--store", store, "serve", "--port", str(port)], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        lines: list[str] = []
        ready = threading.Event()

        def drain(pipe) -> None:  # both pipes, so the server never blocks on a full one
            for line in pipe:
                lines.append(line)
                if "Uvicorn running on" in line or "Application startup complete" in line:
                    ready.set()

        readers = [
            threading.Thread(target=drain, args=(p,), daemon=True) for p in (server.stdout, server.stderr)
        ]
        for r in readers:
            r.start()
        assert ready.wait(30), f"the server did not start: {lines}"
        assert any(
            line.startswith(f"serving {store} on http://127.0.0.1:{port} (2 write token(s)") for line in lines
        )
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=15) as http:
            state = http.get("/v1/state", params={"x": "NATO", "y": "ISR", "at": "2024-03-01"})
            assert state.status_code == 200
            assert "engagement-veto" in [m["aspect"] for m in state.json()["measures"]]
            body = {"type": "threaten", "by": "TUR", "target": "ISR", "on": "2024-08-02", "kind": "military"}
            assert (
                http.post("/v1/actions", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).status_code
                == 201
            )
            assert http.post("/v1/actions", json=body).status_code == 401
            assert http.get("/v1/catalogue", params={"token": TOKEN}).status_code == 400
        server.send_signal(signal.SIGTERM)  # a service manager's stop
        assert server.wait(timeout=30) == 0
        for r in readers:
            r.join(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    log = "".join(lines)
    assert lines[-1] == "stopped\n" or "stopped\n" in lines, log
    assert '"POST /v1/actions HTTP/1.1" 201' in log and "/v1/catalogue?token=***" in log, log
    assert TOKEN not in log and "another-token-abcdef" not in log


@pytest.mark.parametrize("variable", ["DTL_API_STREAM_POLL", "DTL_API_MAX_UPLOAD_MB"])
def test_a_bad_server_setting_is_bad_input_before_the_port_is_taken(capsys, monkeypatch, tmp_path, variable):
    monkeypatch.setenv(variable, "lots")
    code = main(["--store", str(tmp_path / "dtl.sqlite3"), "serve", "--port", str(free_port())])
    assert code == 2 and capsys.readouterr().err == f"dtl: {variable}: is not a number: 'lots'\n"
