Feature: Calls for a member's expulsion
  Anyone may call on an organisation to expel one of its members; the call stands until the
  caller drops it. It is the caller's measure on the pair organisation-member, and does not
  change the membership itself.

  Background:
    Given recorded: admit by NATO target TUR on 1952-02-18

  Scenario: A call for expulsion stands until it is dropped
    Given the recording clock reads "2025-06-01T12:00:00"
    And recorded: call-for-expulsion by ISR target TUR forum NATO on 2024-07 as "the call"
    And recorded: drop-expulsion-call by ISR target TUR forum NATO on 2025-03-01 as "the drop"
    When I ask the roster of NATO at "2024-08-01"
    Then the roster shows a demand by ISR against TUR since "2024-07"
    And the members include TUR
    When I ask the roster of NATO at "2025-03-02"
    Then the roster shows no demands
    And the members include TUR

  Scenario: The call is the caller's measure between the organisation and the member
    Given recorded: call-for-expulsion by ISR target TUR forum NATO on 2024-07 as "the call"
    When I ask the state of NATO and TUR at "2024-08-01"
    Then the answer has an expulsion-demand measure held by ISR
    And the measure's status is "demanded"
    And the measure's forum is "NATO"
    And the measure was opened by "the call"
    And the answer has a membership measure held by TUR

  Scenario: Calling for the expulsion of a state that is not a member is a conflict
    When I record: call-for-expulsion by ISR target IRN forum NATO on 2024-07
    Then it is rejected as a conflict mentioning "IRN is not a member of NATO at 2024-07"

  Scenario: Calling for an expulsion before the member joined is a conflict
    When I record: call-for-expulsion by GRC target TUR forum NATO on 1950
    Then it is rejected as a conflict mentioning "TUR is not a member of NATO"

  Scenario: Dropping a call nobody made is a conflict
    Given the recording clock reads "2025-06-01T12:00:00"
    When I record: drop-expulsion-call by ISR target TUR forum NATO on 2025-03-01
    Then it is rejected as a conflict mentioning "nothing to end"

  Scenario: Repeating a call already standing is a duplicate naming the first call
    Given the recording clock reads "2024-09-15T12:00:00"
    And recorded: call-for-expulsion by ISR target TUR forum NATO on 2024-07 as "the call"
    When I record: call-for-expulsion by ISR target TUR forum NATO on 2024-09-10
    Then it is rejected as a conflict mentioning "already demanded"
    And the conflict names the action "the call"

  Scenario: A call for expulsion names the organisation it is addressed to
    When I record: call-for-expulsion by ISR target TUR on 2024-07
    Then it is rejected as bad input on the field "forum"
