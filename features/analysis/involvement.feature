Feature: One rule for who a measure or an action is about
  A measure lies between two sides and may be held by someone: Turkey's veto of NATO's
  engagement with Israel lies between NATO and Israel, and Turkey holds it. It involves all
  three, and it is part of the relationship between Turkey and Israel (and between Turkey and
  NATO) as much as of NATO's with Israel. Every question asked about one actor, or about two,
  follows that one rule: the state and the history of a pair, what changed, the timeline, the
  scores, the network and the charts.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: Turkey's own veto of NATO's engagement with Israel is part of the history between Turkey and Israel
    When I ask the history of TUR and ISR
    Then the history holds exactly these measures:
      | pair     | aspect           | holder | since   |
      | ISR NATO | engagement-veto  | TUR    | 2023-10 |
      | TUR ISR  | trade            | TUR    | 2024-05 |
      | TUR NATO | expulsion-demand | ISR    | 2024-07 |
    When I ask the state of ISR and TUR at "2024-08-01"
    Then the answer holds exactly these measures:
      | aspect           | status   | holder | since   |
      | engagement-veto  | blocked  | TUR    | 2023-10 |
      | trade            | halted   | TUR    | 2024-05 |
      | expulsion-demand | demanded | ISR    | 2024-07 |
    And the answer has no partnership measure

  Scenario: What changed for Turkey includes its veto in NATO and its lifts of the blocks on Finland and Sweden
    When I ask what changed from "2022-01-01" to "2024-08-01" for TUR
    Then the changes are, pair by pair:
      | pair     | change | on         | aspect           | event                |
      | FIN NATO | opened | 2022-05-18 | accession-block  | block-accession      |
      | FIN NATO | closed | 2023-03-30 | accession-block  | lift-accession-block |
      | ISR NATO | opened | 2023-10    | engagement-veto  | veto-engagement      |
      | ISR TUR  | opened | 2024-05    | trade            | halt-trade           |
      | NATO SWE | opened | 2022-05-18 | accession-block  | block-accession      |
      | NATO SWE | closed | 2024-01-23 | accession-block  | lift-accession-block |
      | NATO TUR | opened | 2024-07    | expulsion-demand | call-for-expulsion   |
    And these are exactly the changes that involve TUR in what changed for everyone
