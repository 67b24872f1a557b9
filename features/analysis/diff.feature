Feature: What changed between two days
  An analyst preparing a brief asks what changed in a period: every measure that opened or
  closed between two days, across every relationship (or one actor's, or one pair), grouped
  by pair, each change with the event behind it and the sources that event rests on. A change
  dated only to a month that overlaps an end of the period may have happened in it or not.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: From the start of 2023 to the report, every change with its event
    When I ask what changed from "2023-01-01" to "2024-08-01"
    Then the changes are, pair by pair:
      | pair      | change | on         | aspect           | event                |
      | FIN NATO  | closed | 2023-03-30 | accession-block  | lift-accession-block |
      | FIN NATO  | closed | 2023-04-04 | application      | admit                |
      | FIN NATO  | opened | 2023-04-04 | membership       | admit                |
      | ISR NATO  | opened | 2023-10    | engagement-veto  | veto-engagement      |
      | ISR TUR   | opened | 2024-05    | trade            | halt-trade           |
      | NATO SWE  | closed | 2024-01-23 | accession-block  | lift-accession-block |
      | NATO SWE  | closed | 2024-03-07 | application      | admit                |
      | NATO SWE  | opened | 2024-03-07 | membership       | admit                |
      | NATO TUR  | opened | 2024-07    | expulsion-demand | call-for-expulsion   |
    And every change names the recorded action behind it, with that action's sources
    And the veto's change rests on a source attributed to "anonymous-sources" graded "C3"

  Scenario: One actor's relationships, and the measures it holds on others' (its veto in NATO)
    When I ask what changed from "2023-01-01" to "2024-08-01" for TUR
    Then the changes concern only the pairs FIN NATO and ISR NATO and ISR TUR and NATO SWE and NATO TUR

  Scenario: One relationship, named in either order, with what one side holds on the other
    When I ask what changed from "2023-01-01" to "2024-08-01" between ISR and NATO
    Then the changes are, pair by pair:
      | pair     | change | on      | aspect           | event              |
      | ISR NATO | opened | 2023-10 | engagement-veto  | veto-engagement    |
      | NATO TUR | opened | 2024-07 | expulsion-demand | call-for-expulsion |

  Scenario: A veto dated "October 2023", asked from mid-October, may have begun in the period
    When I ask what changed from "2023-10-15" to "2024-08-01" between NATO and ISR
    Then the engagement-veto change is "may have opened in the period"
    When I ask what changed from "2023-10-01" to "2023-10-31" between NATO and ISR
    Then the engagement-veto change is "opened in the period"
    When I ask what changed from "2023-11-01" to "2024-06-30" between NATO and ISR
    Then nothing changed

  Scenario: What changed, as the store knew it before the report was entered
    Given the recording clock reads "2024-09-01T12:00:00"
    And recorded: lift-veto by TUR target ISR forum NATO on 2024-08-20 as "the lift"
    When I ask what changed from "2024-08-01" to "2024-08-31" between NATO and ISR as known at "2024-08-15"
    Then nothing changed
    When I ask what changed from "2024-08-01" to "2024-08-31" between NATO and ISR
    Then the changes are, pair by pair:
      | pair     | change | on         | aspect          | event     |
      | ISR NATO | closed | 2024-08-20 | engagement-veto | lift-veto |

  Scenario: A period that ends before it begins is refused
    When I run: dtl diff --from 2024-08-01 --to 2023-01-01
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "from"

  Scenario: An actor and a pair at once are refused
    When I run: dtl diff --from 2023-01-01 --to 2024-08-01 --actor TUR --pair TUR ISR
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "pair"
