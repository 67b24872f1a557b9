Feature: Why: actions answer actions
  Israel's call for NATO to expel Turkey (2024-07) answered Erdogan's threat of military
  intervention, which followed his statement after the Washington summit. A link is recorded
  with the action (--in-response-to) or added later as its own event, never as an edit; a link
  that would close a cycle is refused, naming the cycle. `dtl why X Y --at D` answers with the
  chain behind each measure in force, each action with its date and sources.

  Background:
    Given the recording clock reads "2024-08-05T09:00:00"
    And NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: The call to expel Turkey, the threat it answered, and the statement before that
    Given the report's call-for-expulsion by ISR was linked to the report's threaten by TUR
    And the report's threaten by TUR was linked to the report's statement by TUR
    When I ask why for NATO and TUR at "2024-08-01"
    Then the expulsion-demand is explained by call-for-expulsion, threaten, statement in that order
    And each step of the chain names its sources

  Scenario: A link given twice adds nothing
    Given the report's call-for-expulsion by ISR was linked to the report's threaten by TUR
    When I link the report's call-for-expulsion by ISR to the report's threaten by TUR
    Then the link is reported as already there

  Scenario: A link that would close a cycle is refused, naming the cycle
    Given the report's call-for-expulsion by ISR was linked to the report's threaten by TUR
    And the report's threaten by TUR was linked to the report's statement by TUR
    When I link the report's statement by TUR to the report's call-for-expulsion by ISR
    Then it is rejected as a conflict mentioning "would close a cycle"

  Scenario: A link can be given when the action is recorded
    When I record, in response to the report's threaten by TUR: statement by ISR target TUR on 2024-07 note "Israel's foreign minister: Erdogan follows in Saddam Hussein's footsteps"
    Then the new action answers the report's threaten by TUR

  Scenario: An action cannot answer one dated after it
    When I link the report's threaten by TUR to the report's accuse by TUR
    Then it is rejected as bad input on the field "responds_to" mentioning "cannot have been answered"

  Scenario: At a minimum grade, a step resting on weaker sources is left out of the chain
    Given the report's call-for-expulsion by ISR was linked to the report's threaten by TUR
    When I ask why for NATO and TUR at "2024-08-01" at min grade "B2"
    Then the expulsion-demand is explained by call-for-expulsion in that order
    And the chain's first step still says it answered the report's threaten by TUR
