Feature: Bad input is refused at the command line with one clear line
  The command line refuses input it cannot read with exit code 2 and input that contradicts
  the timeline with exit code 1. Either way the error is a single line on stderr, starting
  with "dtl: ", that names the field at fault (and the line, for a file) and, where it can,
  suggests what was meant. Nothing is recorded by a refused command.

  Scenario: A good command succeeds quietly on stderr
    Given I have run: dtl record admit --by NATO --target TUR --on 1952-02-18
    When I run: dtl record veto-engagement --by TUR --target ISR --forum NATO --on 2023-10 --json
    Then the exit code is 0
    And the output reports 1 recorded action
    And the store lists 2 actions through the CLI

  Scenario: An unknown actor code names the field and suggests close codes
    When I run: dtl record accuse --by TUR --target ISX --on 2024-08-01 --charge genocide
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "target"
    And the error says "unknown actor 'ISX'"
    And the error suggests ISR and ISL
    And the store lists 0 actions through the CLI

  Scenario: An impossible date is refused, not rounded
    When I run: dtl record halt-trade --by TUR --target ISR --on 2023-02-30
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "on"
    And the error says "'2023-02-30' is not a real date"

  Scenario: A date in a format dtl does not read is refused
    When I run: dtl record halt-trade --by TUR --target ISR --on 02/05/2024
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "on"
    And the error says "use YYYY, YYYY-MM or YYYY-MM-DD"

  Scenario: An unknown action type names the field and suggests the type meant
    When I run: dtl record veto-engagment --by TUR --target ISR --forum NATO --on 2023-10
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "type"
    And the error says "did you mean veto-engagement"

  Scenario: A veto without its forum is refused
    When I run: dtl record veto-engagement --by TUR --target ISR --on 2023-10
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "forum"
    And the error says "--forum"

  Scenario: A forum must be an organisation
    When I run: dtl record veto-engagement --by TUR --target ISR --forum USA --on 2023-10
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "forum"
    And the error says "USA is not an organisation"

  Scenario: An Admiralty grade is a letter A-F and a digit 1-6
    When I run: dtl record halt-trade --by TUR --target ISR --on 2024-05 --source "Wire report" --grade G7
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "sources.0.grade"
    And the error says "Admiralty grade"
    And the store lists 0 actions through the CLI

  Scenario: A question about a month instead of a day is bad input
    When I run: dtl state NATO ISR --at 2024-03 --json
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "at"
    And the error says "ask about a day"

  Scenario: A file with a bad third line is refused whole, naming the line and the field
    Given a JSONL file "report.jsonl" holding:
      """
      {"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"}
      {"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2023-10"}
      {"type": "halt-trade", "by": "TUR", "target": "ISX", "on": "2024-05"}
      """
    When I run: dtl import report.jsonl
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "target" on line 3
    And the error says "unknown actor 'ISX'"
    And the store lists 0 actions through the CLI

  Scenario: A file whose second line contradicts the timeline is refused whole as a conflict
    Given a JSONL file "report.jsonl" holding:
      """
      {"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"}
      {"type": "lift-veto", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-06"}
      {"type": "halt-trade", "by": "TUR", "target": "ISR", "on": "2024-05"}
      """
    When I run: dtl import report.jsonl
    Then the exit code is 1
    And the error is one line on stderr
    And the error says "line 2: conflict: nothing to end"
    And the store lists 0 actions through the CLI

  Scenario: A line that is not JSON is bad input naming the line
    Given a JSONL file "report.jsonl" holding:
      """
      {"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"}
      {"type": "halt-trade", "by": "TUR",
      """
    When I run: dtl import report.jsonl
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "json" on line 2
    And the store lists 0 actions through the CLI

  Scenario: A contradiction exits 1, bad input exits 2
    When I run: dtl record veto-engagement --by TUR --target ISR --forum NATO --on 2023-10
    Then the exit code is 1
    And the error is one line on stderr
    And the error says "conflict: TUR is not a member of NATO at 2023-10"
    When I run: dtl record veto-engagement --by TUR --target ISR --forum NATO --on 2023-13
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "on"

  Scenario: A conflict names the event it conflicts with
    Given I have run: dtl record admit --by NATO --target TUR --on 1952-02-18
    And I have run: dtl record halt-trade --by TUR --target ISR --on 2024-05
    When I run: dtl record halt-trade --by TUR --target ISR --on 2024-06
    Then the exit code is 1
    And the error is one line on stderr
    And the error says "already halted since 2024-05"
    And the error says "(halt-trade, 2024-05)"

  Scenario: A missing option is a usage error on one line
    When I run: dtl state NATO ISR
    Then the exit code is 2
    And the error is one line on stderr
    And the error says "--at"
