Feature: Who recorded it
  Every write keeps its principal: on the CLI the login name, or the name given with --as; on
  the API the name of the token used (never the token). `show` gives it for every revision, the
  timeline gives it for every action, and `timeline --recorded-by` filters by it.

  Background:
    Given the recording clock reads "2024-08-05T09:00:00"

  Scenario: The name given with --as is kept with the action and with each of its revisions
    Given I have run: dtl --as "Ana Desk" record halt-trade --by TUR --target ISR --on 2024-05
    And I have run: dtl --as "Ben Editor" correct halt-trade --on 2024-05-02 --reason "the ministry gave the day"
    When I run: dtl show halt-trade --json
    Then the exit code is 0
    And revision 1 was recorded by "Ana Desk"
    And revision 2 was recorded by "Ben Editor"

  Scenario: Without --as, the login name is kept
    Given I have run: dtl record meet --by ISR --target TUR --on 2022-03-09
    When I run: dtl timeline --json
    Then every action listed was recorded by the login name

  Scenario: The timeline can be narrowed to what one principal recorded
    Given I have run: dtl --as "Ana Desk" record halt-trade --by TUR --target ISR --on 2024-05
    And I have run: dtl --as "Ben Editor" record meet --by ISR --target TUR --on 2022-03-09
    When I run: dtl timeline --recorded-by "Ana Desk" --json
    Then the exit code is 0
    And the CLI's timeline lists halt-trade only

  Scenario: An empty name is refused
    When I run: dtl --as "" record meet --by ISR --target TUR --on 2022-03-09
    Then the exit code is 2
    And the error is one line on stderr
