"""dtl, the diplomatic timeline: diplomatic actions as immutable events, and what held between
any two actors on any day, why, and as known when.

The one installed name. Its parts live in the repository's top-level folders and are mapped
here by pyproject.toml: dtl.domain (domain/), dtl.application (application/),
dtl.projections (projections/), dtl.cli (cli/), dtl.api (api/).
"""

__version__ = "0.2.0"
