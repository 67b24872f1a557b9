Feature: A broken file is refused before anything is written
  dtl reads the whole file once before it writes anything: the number of columns on every
  line, the encoding, the end of the file. A file with a damaged line is refused with exit code
  2 and one line on stderr naming the line at fault, and the store is left exactly as it was,
  good rows before the damaged one included.

  Background:
    Given I have run: dtl import icews-sample.tab
    And I note the store's log

  Scenario Outline: A GDELT file with a damaged line is refused, naming the line
    When I run: dtl import <file>
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "columns" on line <line>
    And the error says "<says>"
    And the store's log is as it was
    And nothing is listed between EGY and SAU

    Examples:
      | file                          | damage                                             | line | says                                        |
      | gdelt2-truncated.export.CSV   | ten good rows, then row 11 cut after 40 columns    | 11   | (is the file truncated?)                    |
      | gdelt2-wrong-width.export.CSV | row 3 has lost its NumSources column               | 3    | expected 61 tab-separated columns, found 60 |

  Scenario: Bytes that are not UTF-8 are refused, naming their line
    Given the GDELT sample with a byte that is not UTF-8 on line 12, as "mangled.export.CSV"
    When I run: dtl import mangled.export.CSV
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "encoding" on line 12
    And the store's log is as it was
    And nothing is listed between EGY and SAU

  Scenario: A zipped export cut short in the download is refused
    Given the GDELT sample zipped and cut off halfway, as "cut.export.CSV.zip"
    When I run: dtl import cut.export.CSV.zip
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "format"
    And the error says "truncated"
    And the store's log is as it was

  Scenario Outline: A file dtl cannot read as any format is refused, naming the format
    Given a file "<name>" holding "<content>"
    When I run: dtl import <name>
    Then the exit code is 2
    And the error is one line on stderr
    And the error says "format: <says>"
    And the store's log is as it was

    Examples:
      | name      | content         | says                  |
      | empty.CSV |                 | the file is empty     |
      | notes.txt | just some notes | cannot tell the format |
