Feature: Importing GDELT event exports
  GDELT codes the world's news into events: who did what to whom and when, with a CAMEO code,
  a Goldstein score and the article's URL. An analyst imports an export as GDELT publishes it,
  in the 2.0 layout or the older 1.0 one, plain or zipped, without saying which: dtl tells the
  format from the content. Each row whose two actors dtl can name becomes an observation; any
  other row is skipped and counted under its reason. dtl never guesses an actor.

  The sample is 50 real rows of a GDELT 2.0 export; its 1.0 copy holds the same rows in the
  1.0 layout. The rows that name two actors dtl knows are between Egypt and Saudi Arabia and
  between Mali and Chad. The edge-case file holds copies of one real row (Egypt hosting a
  Saudi government visit), each edited to try one rule.

  Scenario Outline: The sample imports the rows that resolve and accounts for every other row
    Given the GDELT sample in the <layout> layout, <packaging>, as "<file>"
    When I run: dtl import <file> --json
    Then the exit code is 0
    And the import reports the format "<format>" and 50 rows
    And it imports each row of "<file>" that the parser resolves and counts every other row under its reason
    And what it imported lies between EGY and SAU or between MLI and TCD

    Examples:
      | layout | packaging | file                          | format |
      | 2.0    | plain     | 20170701234500.export.CSV     | gdelt2 |
      | 2.0    | zipped    | 20170701234500.export.CSV.zip | gdelt2 |
      | 1.0    | plain     | 20170701.export.CSV           | gdelt1 |
      | 1.0    | zipped    | 20170701.export.CSV.zip       | gdelt1 |

  Scenario: A real row keeps its code, its label, its score and its source
    Given I have run: dtl import gdelt2-sample.export.CSV
    When I run: dtl observations EGY SAU --json
    Then the exit code is 0
    And the observation "gdelt:669666359" is listed
    And the observation reads:
      | field       | value                                                                                                                   |
      | on          | 2016-07-01                                                                                                              |
      | actor1      | EGY                                                                                                                     |
      | actor2      | SAU                                                                                                                     |
      | actor1_code | EGY                                                                                                                     |
      | actor2_code | SAUGOV                                                                                                                  |
      | cameo       | 043                                                                                                                     |
      | label       | Host a visit                                                                                                            |
      | goldstein   | 2.8                                                                                                                     |
      | quad_class  | 1                                                                                                                       |
      | plover      | CONSULT                                                                                                                 |
      | mentions    | 3                                                                                                                       |
      | published   | 2017-07-01T23:45:00Z                                                                                                    |
      | url         | http://www.thearabweekly.com/article/8771/Closer%20Saudi-Egypt%20ties%20seen%20after%20Sisi%20ratifies%20islands%20deal |

  Scenario Outline: One edited row is either resolved by its codes or skipped for its reason
    Given line <line> of the edge-case file, where <edit>, alone in "row.export.CSV"
    When I run: dtl import row.export.CSV --json
    Then the exit code is 0
    And the row was <outcome>

    Examples:
      | line | edit                                                     | outcome                                  |
      | 1    | the event code is 0811i, an artefact of GDELT's lookup   | skipped as "event code not in CAMEO"     |
      | 2    | actor1 is IGOWSTNAT (NATO) and actor2 RUSMIL             | observed as NATO acting on RUS           |
      | 3    | actor1 is IGOEUREEC (the EU) and actor2 ROMGOV (Romania) | observed as EU acting on ROU             |
      | 4    | actor1 is IGOUNOKID (UNICEF), which dtl does not list    | skipped as "actor1 not resolvable"       |
      | 5    | actor1 is AFR, a region and not a state                  | skipped as "actor1 not resolvable"       |
      | 6    | actor1 is KOS (Kosovo), for which dtl has no state       | skipped as "actor1 not resolvable"       |
      | 7    | actor1 is PSEREBHMS (Hamas) and actor2 ISRMIL            | observed as HAMAS acting on ISR          |
      | 8    | the day is 2017-02-31                                    | skipped as "bad date"                    |
      | 9    | the actor2 columns are empty                             | skipped as "actor2 missing"              |
      | 10   | the Goldstein score is 12.5, off the scale               | skipped as "bad number"                  |
      | 11   | actor1 is USAGOV and actor2 USAMIL                       | skipped as "same actor on both sides"    |
      | 12   | actor1 is IGOUNO (the UN) and actor2 SYRGOV              | observed as UN acting on SYR             |
      | 13   | actor2 is CVL, civilians of no country                   | skipped as "actor2 not resolvable"       |
