Feature: Importing the Correlates of War relation data sets
  The Correlates of War project publishes at what level each state was represented in each
  other's capital (Diplomatic Exchange v2006.1: snapshots from 1817 to 2005) and which states
  belonged to which intergovernmental organisations (IGO v3: a row per state and year, 1816 to
  2014). dtl reads each file as the project distributes it and records only the changes it
  shows, as actions checked with the rules: a level or a status first seen at one observation
  is dated by the window since the observation before. What it cannot read (a level coded only
  as "other", a state with no ISO code, an organisation dtl does not know) is skipped and
  counted by reason. The samples hold real rows: the United States and Cuba had ambassadors by
  1935 and none after the break of 1961; Switzerland joined the UN in 2002; Morocco left the
  Organisation of African Unity in 1984.

  Scenario: Each change of diplomatic level becomes a representation action dated between two snapshots
    When I run: dtl import cow-dipex-sample.csv --json
    Then the exit code is 0
    And the import reports the format "cow-dipex" and 152 rows
    And it records each change the parser reads in "cow-dipex-sample.csv" and counts the rest by reason
    And the 6 observations of Austria-Hungary, 3 snapshots each way, are skipped as "COW state 300 has no ISO 3166 code"
    When I ask the state of USA and CUB at "1938-06-01"
    Then the answer has a representation measure held by USA
    And the measure's status is "ambassador"
    And the measure's since is "1904/1935"
    When I ask the state of USA and CUB at "1970-06-01"
    Then the answer has a representation measure held by CUB
    And the measure's status is "none"
    And the measure's since is "1940/1965"

  Scenario: Each change of membership becomes a join, a withdrawal or an admission
    When I run: dtl import cow-igo-sample.csv --json
    Then the exit code is 0
    And the import reports the format "cow-igo" and 440 rows
    And it records each change the parser reads in "cow-igo-sample.csv" and counts the rest by reason
    And the 4 columns of IGOs dtl does not know, AAAID, EAEC, GATT and Wassen, are skipped as "IGO column that is not an organisation dtl knows (columns)"
    When I ask the state of CHE and UN at "2003-01-01"
    Then the answer has a membership measure held by CHE
    And the measure's since is "2001/2002"
    When I ask the state of MAR and AU at "1990-01-01"
    Then the answer has no membership measure held by MAR

  Scenario Outline: Importing a COW file again records nothing and says so
    Given I have run: dtl import <file>
    And I note the store's log
    When I run: dtl import <file>
    Then the exit code is 0
    And the output says "imported 0 actions"
    And the store's log is as it was

    Examples:
      | file                 |
      | cow-dipex-sample.csv |
      | cow-igo-sample.csv   |

  Scenario Outline: A file with a bad cell is refused whole, naming its line and column
    Given I have run: dtl import cow-igo-sample.csv
    And I note the store's log
    And the Diplomatic Exchange sample with "<value>" as its <column> on line 5, as "bad.csv"
    When I run: dtl import bad.csv
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "<column>" on line 5
    And the error says "<says>"
    And the store's log is as it was

    Examples:
      | column  | value | says                           |
      | year    | 19x0  | is not a whole number          |
      | DR_at_1 | 4     | is not a level of the codebook |
