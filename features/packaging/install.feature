Feature: dtl installs as one package
  A published tool installs one name. dtl's parts live in the repository's folders (domain/,
  projections/, cli/, application/, api/) but install as dtl.domain, dtl.projections, ...;
  a user's own package called "domain" or "cli" never collides with them.

  Background:
    Given a wheel built from this checkout

  Scenario: The wheel holds one top-level package, with every module of the checkout
    Then the wheel's only top-level package is "dtl"
    And the wheel holds every Python module of domain/, application/, projections/, cli/ and api/
    And the wheel holds the CAMEO codebook and the organisations as package data

  Scenario: A clean environment runs the demo from an empty folder
    Given the wheel is installed into a clean environment
    When I run "python -m dtl demo" there, in an empty folder
    Then it exits 0 and answers what held between NATO and Israel
    And the folder holds the demo's store and its chart, and nothing else

  Scenario: A folder with its own "domain" package does not get in the way
    Given the wheel is installed into a clean environment
    And an empty folder holding a package of its own called "domain"
    When I run "python -c 'from dtl.application.charts import pair_chart_data'" there
    Then it exits 0
