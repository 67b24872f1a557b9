"""What the server is told by its environment: tokens, limits, and the stream's pace."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from dtl.domain.errors import InvalidInput

MIB = 1024 * 1024
DEFAULT_MAX_UPLOAD_MB = 64
DEFAULT_MAX_BODY = 1 * MIB  # a JSON body: one action with twenty sources fits many times over


@dataclass(frozen=True)
class Settings:
    """`write_tokens`: any of them may write (and read). `read_token`: when set, reads need it
    (or a write token); when None, reads are open. No write tokens: writes are refused."""

    write_tokens: tuple[str, ...] = ()
    read_token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * MIB
    max_body_bytes: int = DEFAULT_MAX_BODY
    stream_poll_seconds: float = 0.5
    stream_ping_seconds: float = 15.0
    stream_batch: int = 1000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """DTL_API_TOKENS (comma-separated), DTL_API_READ_TOKEN, DTL_API_MAX_UPLOAD_MB,
        DTL_API_STREAM_POLL (seconds), DTL_API_STREAM_PING (seconds)."""
        env = os.environ if env is None else env
        tokens = tuple(t.strip() for t in env.get("DTL_API_TOKENS", "").split(",") if t.strip())
        read = env.get("DTL_API_READ_TOKEN", "").strip() or None
        return cls(
            write_tokens=tokens,
            read_token=read,
            max_upload_bytes=int(
                _number(env, "DTL_API_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB, 1, 10_000) * MIB
            ),
            stream_poll_seconds=_number(env, "DTL_API_STREAM_POLL", 0.5, 0.01, 60),
            stream_ping_seconds=_number(env, "DTL_API_STREAM_PING", 15.0, 0.05, 3600),
        )


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(name, f"is not a number: {text[:20]!r}") from None
    if not low <= value <= high:
        raise InvalidInput(name, f"must be between {low:g} and {high:g}")
    return value
