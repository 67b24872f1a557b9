Feature: Importing the ATOP member-level alliance file
  The Alliance Treaty Obligations and Provisions project (Leeds et al.) publishes, for every
  alliance it numbers, one row per member and phase: when the member entered, when it left (or
  that the alliance was still in force for it at the data's end), and what it undertook:
  defence, offence, neutrality, non-aggression, consultation. dtl reads the file as the project
  distributes it: each member's entry is an entry into force of the treaty ATOP#### for it, with
  its obligations; each exit a withdrawal; a phase that ends where the member's next phase
  begins is no exit. What it cannot read (a state with no ISO code, a later phase's obligations)
  is skipped and counted by reason. The sample holds real rows: NATO's founders signed on
  4 April 1949; the United States and Japan signed their Security Treaty in 1951 and replaced
  it in 1960; of SEATO only the United States and Thailand were still bound after June 1977.

  Scenario: Each ATOP member's entry becomes an entry into force with the obligations it undertook
    When I run: dtl import atop-member-sample.csv --json
    Then the exit code is 0
    And the import reports the format "atop" and 59 rows
    And it records each change the parser reads in "atop-member-sample.csv" and counts the rest by reason
    And the 1 row of the German Federal Republic is skipped as "COW state 260 has no ISO 3166 code"
    And the 14 rows of NATO's and SEATO's second phases that change no obligation are skipped as "a later phase with the same obligations (the membership goes on)"
    When I run: dtl treaties USA JPN --at 1955-01-01
    Then the output says "ATOP3220 (ATOP alliance 3220): in force between them; consultation"
    When I run: dtl treaties USA JPN --at 1965-01-01
    Then the output says "ATOP3375 (ATOP alliance 3375): in force between them; non-aggression, consultation"

  Scenario: An ATOP exit date is a withdrawal, and a phase that goes on is not
    Given I have run: dtl import atop-member-sample.csv
    When I run: dtl parties ATOP3260 --at 1980-01-01
    Then the exit code is 0
    And the output says "bound (2): THA, USA"
    And the output says "left: FRA on 1974-06-30"
    When I run: dtl parties ATOP3180 --at 1960-01-01
    Then the output says "bound (14): BEL, CAN, DNK, FRA, GBR, GRC, ISL, ITA, LUX, NLD, NOR, PRT, TUR, USA"

  Scenario: Importing the ATOP file again records nothing and says so
    Given I have run: dtl import atop-member-sample.csv
    And I note the store's log
    When I run: dtl import atop-member-sample.csv
    Then the exit code is 0
    And the output says "imported 0 actions"
    And the store's log is as it was

  Scenario Outline: An ATOP file with a bad cell is refused whole, naming its line and column
    Given I have run: dtl import atop-member-sample.csv
    And I note the store's log
    And the ATOP sample with "<value>" as its <column> on line 7, as "bad.csv"
    When I run: dtl import bad.csv
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "<column>" on line 7
    And the error says "<says>"
    And the store's log is as it was

    Examples:
      | column  | value | says                  |
      | yrent   | 19x9  | is not a whole number |
      | moent   | 13    | is not a month        |
      | defense | 2     | is not 0 or 1         |
