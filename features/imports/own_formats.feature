Feature: Importing dtl's own actions, as JSON Lines or CSV
  An analyst can keep actions in a file in dtl's own schema, the fields of "dtl record", one
  action a line in JSON Lines, or a row in CSV with the sources in source_* columns. These are
  actions, not observations: every one is checked against the timeline, and the file is
  recorded whole or not at all. The two fixture files hold the same five actions: the veto and
  the trade halt of the 2024-08-01 report, a threat, an accusation, and the 2017 rupture with
  Qatar by four states at once.

  Scenario Outline: A file of actions records each of them with its sources
    Given NATO's membership history and its partnership with Israel are recorded
    When I run: dtl import <file> --json
    Then the exit code is 0
    And the import reports the format "<format>" and 5 rows
    And it records 5 actions and finds none already recorded
    And TUR holds "halted" trade against ISR at "2024-06-01"
    When I ask the state of NATO and ISR at "2024-01-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's condition is "until the conflict in Gaza ends"
    And the measure rests on a source attributed to "anonymous-sources" graded "C3"

    Examples:
      | file          | format |
      | actions.jsonl | jsonl  |
      | actions.csv   | csv    |

  Scenario: A quoted CSV cell that spans two lines is kept whole
    Given NATO's membership history and its partnership with Israel are recorded
    And I have run: dtl import actions.csv
    When I ask the state of TUR and ISR at "2024-06-01"
    Then the answer has a trade measure held by TUR
    And the measure's source quotes "has halted all bilateral trade" and "with Israel" on two lines

  Scenario: The same actions in JSON Lines and in CSV are the same actions
    Given NATO's membership history and its partnership with Israel are recorded
    And I have run: dtl import actions.jsonl
    And I note the store's log
    When I run: dtl import actions.csv
    Then the exit code is 0
    And the output says "imported 0 actions; 5 already recorded"
    And the store's log is as it was

  Scenario Outline: A file that cannot be recorded whole is refused whole, naming its line
    When I run: dtl import <file>
    Then the exit code is <code>
    And the error is one line on stderr
    And the error says "<says>"
    And the store lists 0 actions through the CLI

    Examples:
      | file                       | what is wrong                                      | code | says                                                     |
      | actions.jsonl              | TUR is not yet a NATO member, so its veto conflicts | 1    | line 1: conflict: TUR is not a member of NATO at 2023-10 |
      | actions-unknown-column.csv | a column, colour, that is not a field of an action | 2    | line 1: columns: unknown column 'colour'                  |
