"""`python -m dtl`: the same entry point as the `dtl` command."""

from dtl.cli.main import run

run()
