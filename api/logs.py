"""Tokens never reach a log. They travel in the Authorization header, which no log line shows;
a token someone put in a URL anyway (the API refuses it with 400) is masked in the access
log's request line before it is written."""

from __future__ import annotations

import logging
import re

from dtl.api.auth import TOKEN_PARAMS

_URL_SECRET = re.compile(rf"((?:{'|'.join(sorted(TOKEN_PARAMS))})=)[^&\s\"]*", re.IGNORECASE)
ACCESS_LOGGER = "uvicorn.access"


def mask(text: str) -> str:
    return _URL_SECRET.sub(r"\1***", text)


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
