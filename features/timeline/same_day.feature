Feature: Two actions on one day are two facts
  On 15 May 2018 Turkey told Israel's ambassador to leave and recalled its own. Both are
  recorded, and neither disappears from the answers: where their order on that day matters,
  the user can state it (--after); otherwise the catalogue's order applies and the answer says
  that order was assumed.

  Scenario: The expulsion is not swallowed by the same day's recall
    Given recorded: expel-ambassador by TUR target ISR on 2018-05-15 as "the expulsion"
    And recorded: recall-ambassador by TUR target ISR on 2018-05-15 as "the recall"
    When I ask the history of TUR and ISR
    Then the history has an interval opened by "the expulsion"
    And the history has an interval opened by "the recall"
    When I ask the state of TUR and ISR at "2018-06-01"
    Then the answer holds exactly these measures:
      | aspect          | status   | holder | since      |
      | ambassador      | recalled | TUR    | 2018-05-15 |
      | envoy-expulsion | expelled | TUR    | 2018-05-15 |

  Scenario: Their order on the day can be stated
    Given recorded: expel-ambassador by TUR target ISR on 2018-05-15 as "the expulsion"
    And recorded: recall-ambassador by TUR target ISR on 2018-05-15 after "the expulsion" as "the recall"
    When I ask the timeline of TUR and ISR
    Then the timeline reads, in order: expel-ambassador, recall-ambassador

  Scenario: Two openings of one measure in one window are both kept, the replaced one with a note
    Given recorded: restrict-trade by TUR target ISR on 2024 as "the restriction"
    And recorded: halt-trade by TUR target ISR on 2024 after "the restriction" as "the halt"
    When I ask the history of TUR and ISR
    Then the history has an interval opened by "the restriction" saying "recorded as coming after it"
    And the history has an interval opened by "the halt"

  Scenario: An order the dates forbid cannot be stated
    Given recorded: expel-ambassador by TUR target ISR on 2018-05-15 as "the expulsion"
    When I record: recall-ambassador by TUR target ISR on 2018-05-14 after "the expulsion"
    Then it is rejected as bad input on the field "after" mentioning "cannot come first"
