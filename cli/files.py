"""Files the CLI writes (charts, networks): whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dtl.domain.errors import InvalidInput


def write_atomically(path: Path, content: bytes) -> None:
    """A temporary file beside the target, then a rename: never half a file under the name."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(
            "output", f"cannot write into {str(path.parent)[:200]!r} ({exc.strerror})"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InvalidInput("output", f"cannot write {str(path)[:200]!r} ({exc.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
