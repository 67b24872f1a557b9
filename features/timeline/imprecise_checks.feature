Feature: Checks that respect imprecision
  A date is a window. dtl refuses an action only when it MUST conflict: when no choice of days
  inside the windows makes the timeline consistent. What COULD be consistent is accepted, and
  where the order inside a window decides an answer, the answer says which order it assumed
  and narrows the window to what that order implies.

  Background:
    Given recorded: admit by NATO target TUR on 1952-02-18

  Scenario: Turkey blocked Sweden's application in May 2022, the month of the application
    # Sweden (and Finland) applied on 18 May 2022; Turkey blocked both that month.
    Given recorded: apply by SWE target NATO on 2022-05-18 as "the application"
    When I record: block-accession by TUR target SWE forum NATO on 2022-05 as "the block"
    Then it is recorded
    When I ask the state of NATO and SWE at "2022-05-10"
    Then the answer has no accession-block measure
    When I ask the state of NATO and SWE at "2022-05-20"
    Then the answer has an accession-block measure held by TUR
    And the measure's certainty is "possibly in force"
    And the measure carries a note saying "order assumed: after"
    And the measure has a caveat saying "between 2022-05-18 and 2022-05-31"
    When I ask the state of NATO and SWE at "2022-06-15"
    Then the answer has an accession-block measure held by TUR
    And the measure's certainty is "in force"

  Scenario: An application dated by its month makes room for a block on its day
    Given recorded: apply by SWE target NATO on 2022-05 as "the application"
    When I record: block-accession by TUR target SWE forum NATO on 2022-05-18
    Then it is recorded

  Scenario: A block that must come before any application is refused
    Given recorded: apply by SWE target NATO on 2022-05-18
    When I record: block-accession by TUR target SWE forum NATO on 2022-05-10
    Then it is rejected as a conflict mentioning "SWE has no application to NATO"
