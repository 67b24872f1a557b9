Feature: Instants: threats, accusations and statements
  Some actions happen and are over: a threat, an accusation, a statement, a meeting. They
  belong on the timeline, coded with the CAMEO code their details call for, but they open
  no measure, so they never appear in the state of a pair.

  Scenario: A military threat is on the timeline, coded as a military threat
    When I record: threaten by TUR target ISR on 2024-07-28 kind military as "the threat"
    Then it is recorded
    When I ask the timeline of TUR and ISR
    Then the timeline has a threaten by TUR against ISR on "2024-07-28"
    And the entry is "the threat"
    And the entry's kind is "military"
    And the entry's cameo is "138"

  Scenario: A threat opens no measure
    Given recorded: threaten by TUR target ISR on 2024-07-28 kind military
    When I ask the state of TUR and ISR at "2024-07-28"
    Then the answer has no measure at all

  Scenario: An accusation of genocide is coded as such and opens nothing
    Given recorded: accuse by TUR target ISR on 2024-08-01 charge genocide
    When I ask the timeline of TUR
    Then the timeline has an accuse by TUR against ISR on "2024-08-01"
    And the entry's charge is "genocide"
    And the entry's cameo is "1124"
    And there is no measure between TUR and ISR at "2024-08-01"

  Scenario: A statement is on the timeline with its note and opens nothing
    Given recorded: statement by TUR target ISR forum NATO on 2024-07 note "the partnership cannot go on"
    When I ask the timeline of ISR
    Then the timeline has a statement by TUR against ISR on "2024-07"
    And the entry's note is "the partnership cannot go on"
    And the entry's forum is "NATO"
    And there is no measure between NATO and ISR at "2024-07-31"

  Scenario: Instants sit among measures in date order without changing them
    Given these actions are recorded:
      | type       | by  | target | on         | kind     | charge   |
      | halt-trade | TUR | ISR    | 2024-05    |          |          |
      | threaten   | TUR | ISR    | 2024-07    | military |          |
      | accuse     | TUR | ISR    | 2024-08-01 |          | genocide |
      | meet       | TUR | ISR    | 2024-03-01 |          |          |
    When I ask the timeline of ISR and TUR
    Then the timeline reads, in order: meet, halt-trade, threaten, accuse
    When I ask the state of ISR and TUR at "2024-08-01"
    Then the answer holds exactly these measures:
      | aspect | status | holder | since   |
      | trade  | halted | TUR    | 2024-05 |

  Scenario: The same kind of instant on two days is two entries, not a duplicate
    Given the recording clock reads "2024-08-05T12:00:00"
    And recorded: threaten by TUR target ISR on 2024-07-28 kind military
    When I record: threaten by TUR target ISR on 2024-08-02 kind military
    Then it is recorded
    And the store holds 2 actions

  Scenario: A threat's kind must be one the catalogue knows
    When I record: threaten by TUR target ISR on 2024-07-28 kind nuclear
    Then it is rejected as bad input on the field "kind" mentioning "military"

  Scenario: A charge belongs to an accusation, not to a threat
    When I record: threaten by TUR target ISR on 2024-07-28 charge genocide
    Then it is rejected as bad input on the field "charge" mentioning "is not used by threaten"
