Feature: Importing the same events again adds nothing, and says so
  An observation is keyed by its source's own event id: GDELT's GLOBALEVENTID, ICEWS's Event
  ID with its date. Importing a file again, or the same events in another layout or
  packaging, writes nothing and reports them as already recorded, so an analyst can re-run an
  import without fear. An import that stopped part-way is completed by running it again.

  Scenario Outline: A second import of the same file writes nothing and says so
    Given I have run: dtl import <file>
    And I note the store's log
    When I run: dtl import <file>
    Then the exit code is 0
    And the output says no observation was imported and all those the parser resolves in "<file>" were already recorded
    And the store's log is as it was

    Examples:
      | file                     |
      | gdelt2-sample.export.CSV |
      | icews-sample.tab         |

  Scenario Outline: The same GDELT events in the 1.0 and the 2.0 layout are stored once
    Given the GDELT sample in the <first> layout, <packaging>, as "first.export.CSV"
    And the GDELT sample in the <second> layout, <packaging>, as "second.export.CSV"
    And I have run: dtl import first.export.CSV
    And I note what dtl observations lists between EGY and SAU and between MLI and TCD
    When I run: dtl import second.export.CSV --json
    Then the exit code is 0
    And the import reports the format "<format>" and 50 rows
    And it imports nothing and finds all those the parser resolves in "second.export.CSV" already recorded
    And dtl observations lists the same as before between EGY and SAU and between MLI and TCD

    Examples:
      | first | second | packaging | format |
      | 2.0   | 1.0    | plain     | gdelt1 |
      | 1.0   | 2.0    | plain     | gdelt2 |
      | 2.0   | 1.0    | zipped    | gdelt1 |

  Scenario: An import that stopped part-way is completed by importing the file again
    Given the first 20 rows of the GDELT sample, as an interrupted import leaves them, in "partial.export.CSV"
    And I have run: dtl import partial.export.CSV
    When I run: dtl import gdelt2-sample.export.CSV --json
    Then the exit code is 0
    And it imports only those the parser resolves after row 20 of "gdelt2-sample.export.CSV", finding the others already recorded
