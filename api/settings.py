"""What the server is told by its environment: tokens, limits, how many requests use the store at
once, and the stream's pace.

Every DTL_API_* variable is read here and nowhere else, and each is checked: a value that is not
what it should be stops `dtl serve` with one line naming the variable (exit 2), before the port
is taken; so does a DTL_API_* name that is not a setting (a typo would otherwise be silently
ignored: `DTL_API_READTOKEN` would leave reads open). `SETTINGS` is the table docs/api.md shows
(a test holds the two to each other).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from dtl.domain.errors import InvalidInput

MIB = 1024 * 1024
DEFAULT_MAX_UPLOAD_MB = 64
DEFAULT_MAX_BODY = 1 * MIB  # a JSON body: one action with twenty sources fits many times over
DEFAULT_CONCURRENCY = 4
DEFAULT_LARGE_PROCESSES = 1  # worker processes for large questions (api/large.py)
DEFAULT_CACHE_MB = 32
DEFAULT_STREAM_POLL = 0.5
DEFAULT_STREAM_PING = 15.0
MIN_TOKEN_LENGTH = 16
MAX_TOKENS = 100

# name -> (default as docs/api.md shows it, low, high); the numbers' bounds are inclusive
SETTINGS: dict[str, tuple[str, float | None, float | None]] = {
    "DTL_API_TOKENS": ("unset", None, None),
    "DTL_API_READ_TOKEN": ("unset", None, None),
    "DTL_API_MAX_UPLOAD_MB": (str(DEFAULT_MAX_UPLOAD_MB), 1, 10_000),
    "DTL_API_CONCURRENCY": (str(DEFAULT_CONCURRENCY), 1, 64),
    "DTL_API_LARGE_PROCESSES": (str(DEFAULT_LARGE_PROCESSES), 0, 8),
    "DTL_API_CACHE_MB": (str(DEFAULT_CACHE_MB), 0, 4096),
    "DTL_API_STREAM_POLL": (f"{DEFAULT_STREAM_POLL:g}", 0.01, 60),
    "DTL_API_STREAM_PING": (f"{DEFAULT_STREAM_PING:g}", 0.05, 3600),
}

_DECIMAL = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,12})?")  # ASCII digits only: no '٣', '1e3', 'nan'
_WHOLE = re.compile(r"-?[0-9]{1,12}")
# What a token may hold: the characters of RFC 6750's b64token, which an Authorization header
# carries as they are (a token with a space, a comma or a non-ASCII letter could never match).
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


@dataclass(frozen=True)
class Settings:
    """`write_tokens`: any of them may write (and read). `read_token`: when set, reads need it
    (or a write token); when None, reads are open. No write tokens: writes are refused.
    `concurrency`: how many requests use the store at once, each with a facade of its own.
    `cache_bytes`: answers kept for asking again while the log has not moved (0: none).
    `large_processes`: worker processes answering the questions that are large by their
    parameters, beside the server's (api/large.py; 0: on the server's threads, as the others)."""

    write_tokens: tuple[str, ...] = ()
    read_token: str | None = None
    # Each write token's name, in the same order: the principal its writes are recorded by
    # (DTL_API_TOKENS=name:secret,...; an unnamed token is "token N").
    token_names: tuple[str, ...] = ()
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * MIB
    max_body_bytes: int = DEFAULT_MAX_BODY
    concurrency: int = DEFAULT_CONCURRENCY
    cache_bytes: int = DEFAULT_CACHE_MB * MIB
    stream_poll_seconds: float = DEFAULT_STREAM_POLL
    stream_ping_seconds: float = DEFAULT_STREAM_PING
    stream_batch: int = 1000
    large_processes: int = DEFAULT_LARGE_PROCESSES

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The DTL_API_* variables (see SETTINGS and docs/api.md); InvalidInput naming the
        first one that is wrong."""
        env = os.environ if env is None else env
        _no_unknown(env)
        named = _named_tokens(env, "DTL_API_TOKENS")
        return cls(
            write_tokens=tuple(secret for _, secret in named),
            token_names=tuple(name for name, _ in named),
            read_token=_read_token(env, "DTL_API_READ_TOKEN"),
            max_upload_bytes=int(_number(env, "DTL_API_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB) * MIB),
            concurrency=int(_number(env, "DTL_API_CONCURRENCY", DEFAULT_CONCURRENCY, whole=True)),
            large_processes=int(_number(env, "DTL_API_LARGE_PROCESSES", DEFAULT_LARGE_PROCESSES, whole=True)),
            cache_bytes=int(_number(env, "DTL_API_CACHE_MB", DEFAULT_CACHE_MB, whole=True)) * MIB,
            stream_poll_seconds=_number(env, "DTL_API_STREAM_POLL", DEFAULT_STREAM_POLL),
            stream_ping_seconds=_number(env, "DTL_API_STREAM_PING", DEFAULT_STREAM_PING),
        )


def _no_unknown(env: Mapping[str, str]) -> None:
    for name in sorted(env):
        if name.upper().startswith("DTL_API_") and name not in SETTINGS:
            suffixes = {setting.removeprefix("DTL_API_"): setting for setting in SETTINGS}
            near = difflib.get_close_matches(name.upper()[8:], suffixes, n=1, cutoff=0.75)
            hint = (
                f"; did you mean {suffixes[near[0]]}?" if near else f"; the settings: {', '.join(SETTINGS)}"
            )
            raise InvalidInput(_shown(name), f"is not a setting of dtl serve{hint}")


def _shown(name: str) -> str:
    return name if name.isprintable() and name.isascii() else ascii(name)


def _number(env: Mapping[str, str], name: str, default: float, whole: bool = False) -> float:
    _, low, high = SETTINGS[name]
    assert low is not None and high is not None
    text = env.get(name, "").strip()
    if not text:
        return default
    if not (_WHOLE if whole else _DECIMAL).fullmatch(text):
        what = "a whole number" if whole else "a number"
        raise InvalidInput(name, f"is not {what}: {ascii(text[:20])}")
    value = float(text)
    if not low <= value <= high:
        raise InvalidInput(name, f"must be between {low:g} and {high:g}, not {value:g}")
    return value


def _check_token(name: str, token: str, which: str) -> None:
    """A token is never shown, not even in part: only where it is and what is wrong with it."""
    if not _TOKEN.fullmatch(token):
        raise InvalidInput(
            name,
            f"{which} holds a character a bearer token cannot carry (use letters, digits and "
            "-._~+/ as secrets.token_urlsafe gives)",
        )
    if len(token) < MIN_TOKEN_LENGTH:
        raise InvalidInput(
            name,
            f"{which} is {len(token)} character{'s' if len(token) > 1 else ''} long; use at least "
            f"{MIN_TOKEN_LENGTH} "
            "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')",
        )


_TOKEN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}")


def _named_tokens(env: Mapping[str, str], name: str) -> tuple[tuple[str, str], ...]:
    """(name, secret) for each token: `name:secret`, or a bare secret named "token N"."""
    text = env.get(name, "")
    if not text.strip():
        return ()
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > MAX_TOKENS:
        raise InvalidInput(name, f"holds {len(parts)} tokens; at most {MAX_TOKENS}")
    found = []
    for n, part in enumerate(parts, 1):
        which = f"token {n} of {len(parts)}"
        if not part:
            raise InvalidInput(name, f"{which} is empty (tokens are separated by single commas)")
        label, colon, token = part.partition(":")
        if not colon:
            label, token = f"token {n}", part
        elif not _TOKEN_NAME.fullmatch(label.strip()):
            raise InvalidInput(name, f"{which}: a name is 1 to 64 letters, digits, spaces or ._@- before ':'")
        _check_token(name, token.strip(), which)
        found.append((label.strip(), token.strip()))
    names = [label for label, _ in found]
    if len(set(names)) != len(names):
        raise InvalidInput(name, "two tokens have the same name: a name says who wrote, so each is one")
    return tuple(found)


def _read_token(env: Mapping[str, str], name: str) -> str | None:
    token = env.get(name, "").strip()
    if not token:
        return None
    if "," in token:
        raise InvalidInput(name, "is one token (a list of tokens that may write goes in DTL_API_TOKENS)")
    _check_token(name, token, "the token")
    return token
