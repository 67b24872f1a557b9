Feature: Dates as the sources state them
  Sources give days, months, years, "on 29 or 30 July", "in October, though not certain".
  dtl keeps each date exactly as given, as a window in which the action happened: an interval
  (EDTF level 0) or a date marked uncertain (?) or approximate (~, EDTF level 1). Every date
  option of every command reads the same forms, where they make sense.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded

  Scenario: A date given as two possible days is kept as given
    # The report of 2024-08-01: Israel Katz urged NATO to expel Turkey "earlier this week",
    # which other reports date to 29 or 30 July.
    When I record: call-for-expulsion by ISR target TUR forum NATO on 2024-07-29/2024-07-30 as "the call"
    Then it is recorded
    When I ask the state of NATO and TUR at "2024-07-31"
    Then the answer has an expulsion-demand measure held by ISR
    And the measure's since is "2024-07-29/2024-07-30"
    And the measure's since_precision is "range"
    And the measure's certainty is "in force"
    When I ask the state of NATO and TUR at "2024-07-29"
    Then the answer has an expulsion-demand measure held by ISR
    And the measure's certainty is "possibly in force"

  Scenario: An uncertain month is kept uncertain and said so
    When I record: veto-engagement by TUR target ISR forum NATO on 2023-10? as "the veto"
    Then it is recorded
    When I ask the state of NATO and ISR at "2023-10-15"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since_precision is "month, uncertain"
    And the measure's certainty is "possibly in force"

  Scenario: An approximate month may have been the month before or after
    When I record: veto-engagement by TUR target ISR forum NATO on 2023-10~
    Then it is recorded
    When I ask the state of NATO and ISR at "2023-09-15"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's certainty is "possibly in force"

  Scenario Outline: Every question's dates read the same forms
    Given the report of 2024-08-01 is recorded
    When I run: dtl <question> --json
    Then the exit code is 0

    Examples:
      | question                                         |
      | diff --from 2024 --to 2024                       |
      | diff --from 2023-10 --to 2024-07-29/2024-07-30   |
      | scores TUR ISR --from 2024-01 --to 2024-06       |
      | observations TUR ISR --from 2024                 |
      | timeline --from 2023-10? --to 2024               |
      | state NATO ISR --at 2024-03-01 --as-known-at 2024-08 |

  Scenario: A question about one day refuses a window, saying why
    When I run: dtl state NATO ISR --at 2024-07-29/2024-07-30
    Then the exit code is 2
    And the error names the field "at"
    And the error says "an answer is about one day"

  Scenario: An interval that ends before it begins is refused
    When I run: dtl record call-for-expulsion --by ISR --target TUR --forum NATO --on 2024-07-30/2024-07-29
    Then the exit code is 2
    And the error names the field "on"
    And the error says "ends before it begins"
