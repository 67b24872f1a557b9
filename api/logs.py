"""Tokens never reach a log. They travel in the Authorization header, which no log line shows;
a token someone put in a URL anyway (the API refuses it with 400) is masked in the access
log's request line before it is written, however its name is spelled (`token`, `TOKEN`,
`to%6Ben`, `%74oken`: auth.is_token_param)."""

from __future__ import annotations

import logging
import re

from dtl.api.auth import is_token_param

# name=value in a query string: after '?' or '&' (or ';'), up to the next separator or the
# end of the request target (a space or a quote, in a log line)
_PARAM = re.compile(r"(?P<lead>[?&;])(?P<name>[^=&;?#\s\"]*)=(?P<value>[^&;#\s\"]*)")
ACCESS_LOGGER = "uvicorn.access"


def _masked(match: re.Match[str]) -> str:
    if not is_token_param(match["name"]) or not match["value"]:
        return match[0]
    return f"{match['lead']}{match['name']}=***"


def mask(text: str) -> str:
    return _PARAM.sub(_masked, text) if "=" in text else text


class MaskUrlSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(mask(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = mask(record.msg)
        return True


def mask_url_secrets() -> None:
    """Once per process: uvicorn's access logger masks token-like query parameters."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, MaskUrlSecrets) for f in logger.filters):
        logger.addFilter(MaskUrlSecrets())
