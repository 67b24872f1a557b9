"""dtl's HTTP API (FastAPI): `create_app(dtl, settings)`; `dtl serve` runs it with uvicorn."""

from dtl.api.app import create_app
from dtl.api.settings import Settings

__all__ = ["Settings", "create_app"]
