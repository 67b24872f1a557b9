Feature: dtl verify tells whether the views still match the log
  Every answer comes from views that dtl builds from its event log. "dtl verify" rebuilds
  them from the log, in memory, and compares them row by row. It exits 0 when they agree and
  4 when they differ, printing each difference. Views that are only behind the log are said
  to be behind, not wrong. Verify changes nothing, so an operator can run it on a live store
  at any time.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded
    And "the report's veto-engagement by TUR" was corrected: on 2023-10-07 because "the ministry gave the day"
    And "the report's threaten by TUR" was retracted because "the report was withdrawn"
    And I have run: dtl import gdelt2-sample.export.CSV

  Scenario: A healthy store verifies, every event of its log checked
    When I run: dtl verify
    Then the exit code is 0
    And the output says "views agree with the log"
    When I run: dtl verify --json
    Then the exit code is 0
    And verify checked every event that "dtl log export" writes, and found the views up to date

  Scenario Outline: A view row changed behind dtl's back is reported, and stays reported
    When someone changes <what> directly in the database, with sqlite3 or psycopg, behind dtl's back
    And I run: dtl verify
    Then the exit code is 4
    And the output says "views DIFFER from the log"
    And the output shows, under "<table>", the row as the log has it and the row as the view has it
    When I run: dtl verify --json
    Then the exit code is 4
    And the report lists differences in "<table>" only

    Examples:
      | what                                                                   | table            |
      | the status of Turkey's veto in the measures view                       | dtl_measures     |
      | the Goldstein score of GDELT event 669666359 in the observations view  | dtl_observations |
      | the type of Turkey's genocide accusation in the actions view           | dtl_actions      |

  Scenario: Views that are only behind the log are told apart from wrong ones
    Given the ICEWS sample's observations are written to the log through dtl without bringing the views up to date
    When I run: dtl verify
    Then the exit code is 0
    And the output says the views are behind by as many events as were written
    And the output says "views agree with the log"
