"""Domain errors. The CLI maps each family to one exit code in one place."""

from __future__ import annotations


class DtlError(Exception):
    """Base of every error dtl reports to a user."""


class InvalidInput(DtlError):
    """Bad input: names the field (and the line, for files)."""

    def __init__(self, field: str, message: str, line: int | None = None):
        self.field = field
        self.message = message
        self.line = line
        super().__init__(str(self))

    def at_line(self, line: int) -> InvalidInput:
        return InvalidInput(self.field, self.message, line)

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.field}: {self.message}"


class NotFound(InvalidInput):
    """An id or code that names nothing in the store."""


class Conflict(DtlError):
    """The action contradicts the timeline; names the conflicting event."""

    def __init__(
        self, message: str, line: int | None = None, conflicting: tuple[str, ...] = (),
        about: str | None = None,
    ):  # fmt: skip
        self.message = message
        self.line = line
        self.conflicting = conflicting
        self.about = about  # the id of the action that breaks the rule, when known
        super().__init__(str(self))

    def at_line(self, line: int) -> Conflict:
        return Conflict(self.message, line, self.conflicting, self.about)

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}conflict: {self.message}"


class StoreUnusable(DtlError):
    """The store exists but cannot be used as configured (e.g. encrypted, and no key given)."""


class UnknownEventName(StoreUnusable):
    """The store holds an event under a name this release does not know (a newer dtl wrote it,
    or the log was edited): nothing can be answered from it safely, so say so and stop."""

    def __init__(self, name: str, position: int | None = None):
        self.name = name
        self.position = position
        where = f" at position {position}" if position is not None else ""
        shown = name if len(name) <= 80 else name[:80] + "..."
        super().__init__(
            f"the log holds an event named {shown!r}{where}, which this dtl does not know "
            "(written by a newer release?)"
        )


class ViewStopped(DtlError):
    """The projector met an event it cannot apply: the views stay at the position before it
    (answers from what was projected still hold) until the store is repaired; see
    docs/reliability.md, "A view that stopped"."""

    def __init__(self, position: int, reason: str):
        self.position = position
        self.reason = reason
        super().__init__(
            f"the views stop before log position {position}: {reason}; answers leave out that "
            "event and every later one (see 'A view that stopped' in docs/reliability.md)"
        )
