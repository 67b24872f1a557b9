"""Bearer tokens: writes need one of DTL_API_TOKENS; reads are open unless DTL_API_READ_TOKEN
is set (then the read token or any write token will do).

Tokens are read from the Authorization header only, never from the URL (which access logs
keep), and compared in constant time: each configured token's SHA-256 digest against the
given one's, all of them every time, so neither timing nor an early exit tells which
token, or how much of one, matched. Tokens are never logged or echoed.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import unquote_plus

from fastapi import Request

from dtl.api.problems import ApiProblem
from dtl.api.settings import Settings

TOKEN_PARAMS = frozenset({"token", "access_token", "api_key", "apikey", "key", "bearer"})


def is_token_param(name: str) -> bool:
    """Whether a query parameter's name, however spelled, is one of TOKEN_PARAMS: any case,
    percent-encoded (once or more: `to%6Ben`, `%2574oken`), with spaces around it."""
    for _ in range(4):
        if name.strip().lower() in TOKEN_PARAMS:
            return True
        decoded = unquote_plus(name)
        if decoded == name:
            return False
        name = decoded
    return False


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()


def matches(given: str, tokens: tuple[str, ...]) -> bool:
    return which(given, tokens) is not None


def which(given: str, tokens: tuple[str, ...]) -> int | None:
    """The index of the token `given` is, comparing with every one of them every time."""
    probe = _digest(given)
    found = None
    for index, token in enumerate(tokens):
        if hmac.compare_digest(probe, _digest(token)):
            found = index
    return found


def bearer(request: Request) -> str | None:
    return bearer_of(request.headers.get("authorization"))


def bearer_of(header: str | None) -> str | None:
    """The token of an Authorization header: None without one, "" if it is not a bearer token."""
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return ""
    return token.strip()


def _refuse(given: str | None, what: str) -> ApiProblem:
    if given is None:
        detail, challenge = (
            f"authorization: {what} needs a bearer token (Authorization: Bearer ...)",
            "Bearer",
        )
    else:
        detail, challenge = (
            "authorization: the bearer token is not valid here",
            'Bearer error="invalid_token"',
        )
    return ApiProblem("unauthorized", detail, field="authorization", headers={"WWW-Authenticate": challenge})


def _no_token_in_url(request: Request) -> None:
    if any(is_token_param(name) for name in request.query_params):
        raise ApiProblem(
            "bad-request",
            "tokens go in the Authorization header, never in the URL (URLs are logged)",
            field="query",
        )


async def require_write(request: Request) -> None:
    """A dependency of every write route (async: it asks nothing of the store, so it runs on
    the event loop rather than costing a trip to a worker thread)."""
    settings: Settings = request.app.state.settings
    _no_token_in_url(request)
    if not settings.write_tokens:
        raise ApiProblem(
            "writes-disabled",
            "this server has no write tokens configured (set DTL_API_TOKENS and restart it)",
        )
    given = bearer(request)
    index = which(given, settings.write_tokens) if given else None
    if index is None:
        raise _refuse(given, "writing")
    # Who writes: the token's name, never the token (api/routes/writes.py records it).
    request.state.principal = settings.token_names[index] if index < len(settings.token_names) else None


def may_read(settings: Settings, given: str | None) -> bool:
    """Whether a bearer token (None: no header) may read: any, unless a read token is set."""
    if settings.read_token is None:
        return True
    return bool(given) and given is not None and matches(given, (settings.read_token, *settings.write_tokens))


async def require_read(request: Request) -> None:
    """A dependency of every read route: open unless a read token is configured."""
    settings: Settings = request.app.state.settings
    _no_token_in_url(request)
    if settings.read_token is None:
        return
    given = bearer(request)
    if not may_read(settings, given):
        raise _refuse(given, "reading")
