Feature: Diplomatic relations as an explicit state
  Relations between two states are established (the first time), severed, and restored. Before
  a recorded establishment the answer is "no diplomatic relations, established on D", which is
  not the same as "nothing recorded".

  Background:
    Given the recording clock reads "2026-01-01T00:00:00"

  Scenario: Before the United States and the People's Republic established relations there were none
    Given recorded: establish-relations by USA target CHN on 1979-01-01
    When I ask the state of USA and CHN at "1978-06-01"
    Then the relations are "none", established on "1979-01-01"
    When I ask the state of USA and CHN at "1980-01-01"
    Then the answer has a diplomatic-relations measure held jointly
    And the relations are "established" since "1979-01-01"
    When I ask the state of USA and FRA at "1980-01-01"
    Then the relations are "not recorded"

  Scenario: The day it established relations with Beijing, the United States ended them with Taipei
    Given recorded: establish-relations by USA target CHN on 1979-01-01
    And recorded: sever-relations by USA target TWN on 1979-01-01
    When I ask the state of USA and TWN at "1979-06-01"
    Then the relations are "severed" since "1979-01-01"
    When I ask the state of USA and CHN at "1979-06-01"
    Then the relations are "established" since "1979-01-01"

  Scenario: A severance ends established relations, and a restoration establishes them again
    Given recorded: establish-relations by USA target CUB on 1902
    And recorded: sever-relations by USA target CUB on 1961-01-03
    And recorded: restore-relations by USA target CUB on 2015-07-20
    When I ask the state of USA and CUB at "1950-01-01"
    Then the relations are "established" since "1902"
    When I ask the state of USA and CUB at "1990-01-01"
    Then the relations are "severed" since "1961-01-03"
    And the answer has no diplomatic-relations measure
    When I ask the state of USA and CUB at "2016-01-01"
    Then the relations are "established" since "2015-07-20"

  Scenario: Relations cannot be established twice over
    Given recorded: establish-relations by USA target CHN on 1979-01-01
    When I record: establish-relations by CHN target USA on 1979-01-01
    Then it is rejected as a conflict mentioning "already established"

  Scenario: The catalogue lists the new types with their codes
    When I run: dtl catalogue --json
    Then the exit code is 0
    And the catalogue lists establish-relations with CAMEO "050" and PLOVER "COOPERATE"
    And the catalogue lists recognize with CAMEO "054" and PLOVER "AGREE"
    And the catalogue lists give-withdrawal-notice with CAMEO "160" and PLOVER "SANCTION"
