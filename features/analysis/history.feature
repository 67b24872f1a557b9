Feature: A relationship's history keeps the precision of its dates
  "Since October" is not "since 1 October". The history of a relationship gives each date
  with the precision its source gave, in the table ("from 2023-10 (month)") and in the JSON.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: The history table says which dates are months
    When I run: dtl history NATO ISR
    Then the exit code is 0
    And the output says "partners from 1994-12 (month), in force"
    And the output says "blocked from 2023-10 (month), in force"

  Scenario: A date known to the day carries no note
    Given the recording clock reads "2024-09-15T12:00:00"
    And recorded: resume-trade by TUR target ISR on 2024-09-02
    When I run: dtl history TUR ISR
    Then the exit code is 0
    And the output says "halted from 2024-05 (month) to 2024-09-02"

  Scenario: The JSON names each date's precision
    When I ask the history of NATO and ISR
    Then the engagement-veto interval began in "2023-10", precise to the month
    And the partnership interval began in "1994-12", precise to the month
