Feature: Importing ICEWS event files
  ICEWS names its actors in words ("Government (Turkey)", "North Atlantic Treaty
  Organization") and reuses an Event ID on other dates in later releases. dtl resolves the
  names to its own codes, keys each event by its ID and its date, and skips and counts the
  rows it cannot name. ICEWS gives no article URL. The sample holds 21 hand-written rows in the
  ICEWS layout; in one, the Government of the "Occupied Palestinian Territory" accuses Israel:
  dtl has no state for that name and does not take it to mean Palestine.

  Scenario: The sample imports the rows that resolve and counts every other row under its reason
    When I run: dtl import icews-sample.tab --json
    Then the exit code is 0
    And the import reports the format "icews" and 21 rows
    And it imports each row of "icews-sample.tab" that the parser resolves and counts every other row under its reason
    And nothing is listed between PSE and ISR

  Scenario Outline: Organisations, groups and states named in words get dtl's codes
    Given I have run: dtl import icews-sample.tab
    When I run: dtl observations <x> <y> --json
    Then the exit code is 0
    And the listing holds exactly one observation: <x> acting on <y> on "<day>" with CAMEO "<cameo>"

    Examples:
      | ICEWS source name                  | x     | y   | day        | cameo |
      | North Atlantic Treaty Organization | NATO  | RUS | 2016-01-02 | 111   |
      | United Nations                     | UN    | SYR | 2016-01-02 | 020   |
      | European Union                     | EU    | IRN | 2016-01-08 | 163   |
      | Hamas                              | HAMAS | ISR | 2016-01-04 | 190   |
      | Government (Côte d'Ivoire)         | CIV   | FRA | 2016-01-06 | 046   |
      | Vladimir Putin                     | RUS   | TUR | 2016-01-09 | 046   |

  Scenario: An Event ID reused on another date is another event, named by its ID and its date
    Given I have run: dtl import icews-sample.tab
    When I run: dtl observations RUS UKR --json
    Then the exit code is 0
    And the observations are listed in this order:
      | source                    | on         | actor1 | actor2 | cameo | label                    | goldstein | url |
      | icews:26379001:2016-01-06 | 2016-01-06 | RUS    | UKR    | 012   | Make pessimistic comment | -0.4      |     |
      | icews:26379001:2016-01-01 | 2016-01-01 | RUS    | UKR    | 010   | Make statement           | 0.0       |     |
