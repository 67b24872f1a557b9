"""The routes, by kind: questions, analyst views, writes, the event stream."""
