"""The routes, by kind: questions, charts, writes, the event stream."""
