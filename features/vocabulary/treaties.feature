Feature: Treaties as named subjects
  A treaty has a code, a name and the obligations it carries (as ATOP codes alliances: defence,
  offence, neutrality, non-aggression, consultation). Each party's standing towards it is a
  measure of its own: signed, ratified, in force, suspended, under notice of withdrawal, until
  it leaves or the treaty ends for it.

  Background:
    Given the recording clock reads "2026-01-01T00:00:00"

  Scenario: The INF Treaty, from signature to the United States' withdrawal
    Given recorded: sign-treaty by USA,SUN target INF on 1987-12-08
    And recorded: enter-into-force by USA,SUN target INF on 1988-06-01
    And recorded: give-treaty-notice by USA target INF on 2019-02-02 effective 2019-08-02
    And recorded: withdraw-from-treaty by USA target INF on 2019-08-02
    When I ask the treaties between USA and SUN at "1988-01-01"
    Then the treaty INF is not in force between them
    When I ask the treaties between USA and SUN at "1990-01-01"
    Then the treaty INF is in force between them, with no alliance obligations
    When I ask the parties of INF at "2019-06-01"
    Then the parties bound are USA and SUN
    And USA's standing is "notice given, effective 2019-08-02"
    When I ask the parties of INF at "2020-01-01"
    Then USA has left, on "2019-08-02"

  Scenario: The US-Japan security treaty carries a defence obligation
    Given recorded: enter-into-force by USA,JPN target ANPO on 1960-06-23
    When I ask the treaties between JPN and USA at "2024-01-01"
    Then the treaty ANPO is in force between them, with the obligations defence, consultation

  Scenario: A party whose participation is suspended is not bound while the treaty stands for the others
    Given recorded: enter-into-force by USA,SUN target INF on 1988-06-01
    And recorded: suspend-treaty by SUN target INF on 2019-03
    When I ask the parties of INF at "2019-06-01"
    Then the parties bound are USA
    And SUN's standing is "suspended"
    When I ask the treaties between USA and SUN at "2019-06-01"
    Then the treaty INF is not in force between them

  Scenario: A treaty's actions need a treaty, and other actions refuse one
    When I record: sign-treaty by USA target JPN on 1960-01-19
    Then it is rejected as bad input on the field "target" mentioning "needs a treaty"
    When I record: halt-trade by USA target INF on 2019
    Then it is rejected as bad input on the field "target" mentioning "is a treaty"

  Scenario: Leaving a treaty one is not party to is a conflict
    When I record: withdraw-from-treaty by USA target ANPO on 2019
    Then it is rejected as a conflict mentioning "nothing to end"
