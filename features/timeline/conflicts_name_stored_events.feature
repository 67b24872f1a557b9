Feature: A conflict names what is recorded, never the refused action
  A refused action was not recorded: its id names nothing. A conflict names the stored actions
  it conflicts with, each an id that 'dtl show' finds.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: Recording the veto again, in other words, names the stored veto
    When I record: veto-engagement by TUR target ISR forum NATO on 2023-10 scope "all engagement" condition "until the war ends"
    Then it is rejected as a conflict mentioning "a duplicate"
    And every action the conflict names is one the store shows
    And the conflict names only recorded actions

  Scenario: Lifting what was never imposed names no action of its own
    When I record: lift-veto by TUR target GRC forum NATO on 2024-01
    Then it is rejected as a conflict mentioning "nothing to end"
    And the conflict names only recorded actions

  Scenario: The CLI names the stored veto
    When I run: dtl record veto-engagement --by TUR --target ISR --forum NATO --on 2023-10 --scope "all engagement"
    Then the exit code is 1
    And the error names a stored action that dtl show finds
