Feature: History arrives out of order
  Analysts record what they learn when they learn it: this year's news first, the background
  later. Answers depend on when things happened, never on the order they were recorded in,
  as long as each action is consistent with what is already recorded. An action that would
  end something not yet recorded (a lift before its veto) is refused by design; it can be
  recorded once the measure it ends is.

  Scenario Outline: The same facts recorded in any valid order give the same answers
    Given these actions, recorded in the order <order>:
      | type                  | by   | target | forum | on         | as              |
      | admit                 | NATO | TUR    |       | 1952-02-18 | the membership  |
      | establish-partnership | NATO | ISR    |       | 1994-12    | the partnership |
      | veto-engagement       | TUR  | ISR    | NATO  | 2023-10    | the veto        |
      | restrict-trade        | TUR  | ISR    |       | 2024-04-09 | the restriction |
      | halt-trade            | TUR  | ISR    |       | 2024-05-02 | the halt        |
      | call-for-expulsion    | ISR  | TUR    | NATO  | 2024-07    | the demand      |
    When I ask the history of ISR and TUR
    Then the history reads:
      | on         | change | aspect           | status     | holder |
      | 2023-10    | began  | engagement-veto  | blocked    | TUR    |
      | 2024-04-09 | began  | trade            | restricted | TUR    |
      | 2024-05-02 | ended  | trade            | restricted | TUR    |
      | 2024-05-02 | began  | trade            | halted     | TUR    |
      | 2024-07    | began  | expulsion-demand | demanded   | ISR    |
    When I ask the state of NATO and ISR at "2024-03-01"
    Then the answer holds exactly these measures:
      | aspect          | status   | holder | since   |
      | partnership     | partners |        | 1994-12 |
      | engagement-veto | blocked  | TUR    | 2023-10 |
    When I ask the roster of NATO at "2024-08-01"
    Then the members are exactly TUR
    And the partners are exactly ISR
    And the roster shows a demand by ISR against TUR since "2024-07"
    And the roster shows a veto by TUR against ISR since "2023-10"
    When I ask the timeline
    Then the timeline reads, in order: admit, establish-partnership, veto-engagement, restrict-trade, halt-trade, call-for-expulsion

    Examples:
      | order                                                                            |
      | the membership, the partnership, the veto, the restriction, the halt, the demand |
      | the halt, the restriction, the partnership, the membership, the demand, the veto |
      | the membership, the demand, the veto, the halt, the partnership, the restriction |

  Scenario: A restriction back-filled before a recorded halt turns the halt into a change of degree
    Given recorded: halt-trade by TUR target ISR on 2024-05-02 as "the halt"
    When I record: restrict-trade by TUR target ISR on 2024-04-09 as "the restriction"
    Then it is recorded
    When I ask the state of TUR and ISR at "2024-04-20"
    Then the answer has a trade measure held by TUR
    And the measure's status is "restricted"
    And the measure was closed by "the halt"

  Scenario: A veto by a state not yet known as a member is refused, then accepted once its membership is back-filled
    When I record: veto-engagement by TUR target ISR forum NATO on 2023-10
    Then it is rejected as a conflict mentioning "TUR is not a member of NATO"
    Given recorded: admit by NATO target TUR on 1952-02-18
    When I record: veto-engagement by TUR target ISR forum NATO on 2023-10
    Then it is recorded

  Scenario: A lift recorded before its veto is refused; recorded after the veto it is accepted
    Given recorded: admit by NATO target TUR on 1952-02-18
    When I record: lift-veto by TUR target ISR forum NATO on 2024-06-15
    Then it is rejected as a conflict mentioning "nothing to end"
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10
    When I record: lift-veto by TUR target ISR forum NATO on 2024-06-15 as "the lift"
    Then it is recorded
    When I ask the state of NATO and ISR at "2024-07-01"
    Then the answer has no measure at all

  Scenario: Back-filling an action that contradicts a later one already recorded is refused
    Given recorded: apply by FIN target NATO on 2022-05-18
    And recorded: admit by NATO target FIN on 2023-04-04 as "the admission"
    And recorded: admit by NATO target TUR on 1952-02-18
    When I record: block-accession by TUR target FIN forum NATO on 2022-05-18
    Then it is rejected as a conflict mentioning "TUR is blocking FIN's accession to NATO"
    And the store holds 3 actions

  Scenario: Re-recording the same action is a no-op reported as already recorded
    Given recorded: halt-trade by TUR target ISR on 2024-05-02 as "the halt"
    When I record: halt-trade by TUR target ISR on 2024-05-02
    Then it is reported as already recorded, as "the halt"
    And the store holds 1 action

  Scenario: The same action on another source's word is still the same action
    Given recorded: halt-trade by TUR target ISR on 2024-05-02 source "Wire report" grade B2 as "the halt"
    When I record: halt-trade by TUR target ISR on 2024-05-02 source "Another paper" grade C3
    Then it is reported as already recorded, as "the halt"
    When I ask the state of TUR and ISR at "2024-06-01"
    Then the answer has a trade measure held by TUR
    And the measure rests on a source attributed to "press-report" graded "B2"

  Scenario: A re-imported file records only what is new
    Given recorded: halt-trade by TUR target ISR on 2024-05-02
    When I import these lines:
      """
      {"type": "halt-trade", "by": ["TUR"], "target": "ISR", "on": "2024-05-02"}
      {"type": "restrict-trade", "by": "TUR", "target": "ISR", "on": "2024-04-09"}
      """
    Then the import records 1 action and finds 1 already recorded
    And the store holds 2 actions
