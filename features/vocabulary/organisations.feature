Feature: Status in organisations beyond full membership
  Besides members, partners and applicants, an organisation has associate members and
  observers, and members that have given notice of withdrawal: they are shown between the
  notice and the day it takes effect.

  Background:
    Given the recording clock reads "2026-01-01T00:00:00"

  Scenario: Palestine became a non-member observer state of the United Nations on 2012-11-29
    Given recorded: grant-observer by UN target PSE on 2012-11-29 scope "non-member observer state"
    When I ask the roster of UN at "2013-01-01"
    Then the observers include PSE
    And the members do not include PSE
    When I ask the roster of UN at "2012-06-01"
    Then the observers do not include PSE

  Scenario: An observer that joins is a member and no longer an observer
    Given recorded: grant-observer by UN target CHE on 1948
    And recorded: admit by UN target CHE on 2002-09-10
    When I ask the roster of UN at "2000-01-01"
    Then the observers include CHE
    When I ask the roster of UN at "2003-01-01"
    Then the members include CHE
    And the observers do not include CHE

  Scenario: Burkina Faso, Mali and Niger gave notice of leaving ECOWAS, effective a year later
    Given these actions are recorded:
      | type                   | by  | target | on         | effective  |
      | join                   | BFA | ECOWAS | 1975-05-28 |            |
      | join                   | MLI | ECOWAS | 1975-05-28 |            |
      | join                   | NER | ECOWAS | 1975-05-28 |            |
      | give-withdrawal-notice | BFA | ECOWAS | 2024-01-28 | 2025-01-29 |
      | give-withdrawal-notice | MLI | ECOWAS | 2024-01-28 | 2025-01-29 |
      | give-withdrawal-notice | NER | ECOWAS | 2024-01-28 | 2025-01-29 |
      | withdraw               | BFA | ECOWAS | 2025-01-29 |            |
      | withdraw               | MLI | ECOWAS | 2025-01-29 |            |
      | withdraw               | NER | ECOWAS | 2025-01-29 |            |
    When I ask the roster of ECOWAS at "2024-06-01"
    Then the members include BFA, MLI and NER
    And the roster shows BFA, MLI and NER leaving, "notice given, effective 2025-01-29"
    When I ask the roster of ECOWAS at "2025-06-01"
    Then the members do not include BFA, MLI and NER
    And the roster shows nobody leaving

  Scenario: Only a member can give notice of leaving
    When I record: give-withdrawal-notice by FRA target ECOWAS on 2024-01-28 effective 2025-01-29
    Then it is rejected as a conflict mentioning "FRA is not a member of ECOWAS"

  Scenario: A notice cannot take effect before it is given
    Given recorded: join by MLI target ECOWAS on 1975-05-28
    When I record: give-withdrawal-notice by MLI target ECOWAS on 2024-01-28 effective 2023-12-01
    Then it is rejected as bad input on the field "effective" mentioning "before the notice"
