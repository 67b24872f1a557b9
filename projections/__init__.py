"""Read side: materialised views of the timeline, kept by eventsourcing's tracking so each
event is applied exactly once, across crashes."""
