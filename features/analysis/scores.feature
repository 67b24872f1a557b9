Feature: The standard event-data series
  Analysts who work with event data want the field's standard series: per month, quarter or
  year, how many events fell in each QuadClass (verbal and material cooperation and conflict)
  and the Goldstein sum and mean, in each direction and both together. Each recorded action
  counts once per initiator towards its target, scored by its CAMEO code; a date known only to
  the month counts at the month's start. Empty periods are kept so that series line up.

  Background:
    Given these actions are recorded:
      | type               | by  | target | forum | on         | kind     | charge     |
      | admit              | NATO| TUR    |       | 1952-02-18 |          |            |
      | veto-engagement    | TUR | ISR    | NATO  | 2023-10    |          |            |
      | halt-trade         | TUR | ISR    |       | 2024-05    |          |            |
      | threaten           | TUR | ISR    |       | 2024-07-10 | military |            |
      | accuse             | ISR | TUR    |       | 2024-07-20 |          | war-crimes |
      | call-for-expulsion | ISR | TUR    | NATO  | 2024-07    |          |            |

  Scenario: By quarter, with the quiet quarter between the veto and the trade halt
    When I ask the scores of TUR and ISR by quarter
    Then the periods are, in order: 2023-Q4, 2024-Q1, 2024-Q2, 2024-Q3
    And in 2024-Q1 no event is counted
    And in 2024-Q3 TUR->ISR counts 1 event and ISR->TUR counts 2
    And in every period the undirected counts are the sums of the directed ones
    And each period's Goldstein sum is the sum of its actions' CAMEO scores

  Scenario: Quarters and years are sums of months
    When I ask the scores of TUR and ISR by month
    Then the quarters and the years add up the months

  Scenario: The series as CSV, for a spreadsheet
    When I run: dtl scores TUR ISR --by quarter --csv
    Then the exit code is 0
    And the CSV has a row per direction and quarter with the numbers of the JSON answer

  Scenario: Weeks are not a period dtl counts by
    When I run: dtl scores TUR ISR --by week
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "by"
