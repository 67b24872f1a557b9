"""The application layer: the eventsourcing Application (write side) and the facade that
CLI and HTTP share. Returns plain data; knows nothing of terminals or HTTP."""
