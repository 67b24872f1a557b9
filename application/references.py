"""What every event of a log must refer to, checked the same way by `dtl verify` (over the
store's log) and by `dtl log import` (over a backup, before anything is written).

- a correction, retraction or corroboration follows the recording of its action;
- a docket entry is added for an action that was recorded, and a docket revises or withdraws
  only an entry it holds;
- an action's id is the one its idempotency key gives, and no key is recorded twice (the key
  is what makes recording the same thing twice a no-op; two ids for one key would show one
  action twice).
"""

from __future__ import annotations

from typing import Any

from dtl.domain.actions import action_id_for
from dtl.domain.events import (
    ActionCorrected,
    ActionCorroborated,
    ActionLinked,
    ActionRecorded,
    ActionRetracted,
    DocketEntryAdded,
    DocketEntryRevised,
    DocketEntryWithdrawn,
    SourceShredded,
)

_KIND = {
    ActionCorrected: "a correction", ActionRetracted: "a retraction", ActionCorroborated: "a corroboration",
    ActionLinked: "a link", SourceShredded: "a shredding",
}  # fmt: skip


class References:
    """Feed it the log's events in order; `check` says what is wrong with each, or None."""

    def __init__(self) -> None:
        self.recorded: set[str] = set()
        self.keys: dict[str, str] = {}  # idempotency key -> the action id recorded under it
        self.dockets: dict[str, set[str]] = {}  # docket -> the action ids it holds

    def check(self, event: Any) -> str | None:
        if isinstance(event, ActionRecorded):
            action_id = str(event.originator_id)
            if str(action_id_for(event.key)) != action_id:
                return f"action {action_id} is not the id its key {event.key[:60]!r} gives"
            earlier = self.keys.get(event.key)
            if earlier is not None:
                return f"action {action_id} repeats the key {event.key[:60]!r} of action {earlier}"
            self.keys[event.key] = action_id
            answered = [a for a in event.action.in_response_to if a not in self.recorded]
            if answered:
                return f"action {action_id} answers action {answered[0]}, which was never recorded before it"
            self.recorded.add(action_id)
        elif isinstance(
            event, ActionCorrected | ActionRetracted | ActionCorroborated | ActionLinked | SourceShredded
        ):
            if str(event.originator_id) not in self.recorded:
                return f"{_KIND[type(event)]} of action {event.originator_id}, which was never recorded"
            if isinstance(event, ActionLinked) and event.responds_to not in self.recorded:
                return (
                    f"a link of action {event.originator_id} to {event.responds_to}, which was never recorded"
                )
        elif isinstance(event, DocketEntryAdded):
            if event.entry.action_id not in self.recorded:
                return f"docket {event.docket} adds action {event.entry.action_id}, which was never recorded"
            self.dockets.setdefault(event.docket, set()).add(event.entry.action_id)
        elif isinstance(event, DocketEntryRevised | DocketEntryWithdrawn):
            action_id = event.entry.action_id if isinstance(event, DocketEntryRevised) else event.action_id
            if action_id not in self.dockets.get(event.docket, set()):
                return f"docket {event.docket} revises action {action_id}, which it never held"
            if isinstance(event, DocketEntryWithdrawn):
                self.dockets[event.docket].discard(action_id)
        return None
