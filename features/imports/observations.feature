Feature: Listing what the coders observed between two actors
  "dtl observations X Y" lists the observations between two actors, newest first: the day,
  who acted on whom, the CAMEO code and its label, the Goldstein score and the QuadClass, and
  the URL of the report, with a summary: how many there are, their mean Goldstein score, and
  how many fall in each QuadClass. The pair can be named in either order.

  Background:
    Given I have run: dtl import gdelt2-sample.export.CSV
    And I have run: dtl import icews-sample.tab

  Scenario: Each observation shows its code and label, its score and its source, with a summary
    When I run: dtl observations SAU EGY --json
    Then the exit code is 0
    And it lists every observation the parser reads between EGY and SAU in "gdelt2-sample.export.CSV"
    And every observation listed has its CAMEO code and label, its Goldstein score and its source URL
    And the listing is newest first
    And the summary agrees with the listing: the count, the mean Goldstein score and the count of each QuadClass
    And the listing and its summary are the same as for EGY and SAU

  Scenario: The newest observation comes first
    When I run: dtl observations UKR RUS --json
    Then the exit code is 0
    And the observations are listed in this order:
      | on         | actor1 | actor2 | cameo | label                    |
      | 2016-01-06 | RUS    | UKR    | 012   | Make pessimistic comment |
      | 2016-01-01 | RUS    | UKR    | 010   | Make statement           |

  Scenario Outline: A window of days narrows the listing and its summary
    When I run: dtl observations RUS UKR <window> --json
    Then the exit code is 0
    And the observations are listed in this order:
      | on    | cameo   |
      | <day> | <cameo> |
    And the summary agrees with the listing: the count, the mean Goldstein score and the count of each QuadClass

    Examples:
      | window                               | day        | cameo |
      | --from 2016-01-02                    | 2016-01-06 | 012   |
      | --to 2016-01-05                      | 2016-01-01 | 010   |
      | --from 2016-01-06 --to 2016-01-06    | 2016-01-06 | 012   |

  Scenario: A limit keeps the newest, and the summary still counts them all
    When I run: dtl observations EGY SAU --limit 2 --json
    Then the exit code is 0
    And 2 observations are listed, the newest of those between EGY and SAU
    And the summary counts every observation between EGY and SAU

  Scenario Outline: A question dtl cannot answer is refused, naming the field
    When I run: dtl observations <question>
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "<field>"
    And the error says "<says>"

    Examples:
      | question                                      | field | says                      |
      | EGY XYZ                                       | y     | unknown actor 'XYZ'       |
      | EGY EGY                                       | y     | name two different actors |
      | RUS UKR --from 2016-02-01 --to 2016-01-01     | from  | is after --to             |
      | RUS UKR --limit 0                             | limit | must be from 1 to 10,000  |
