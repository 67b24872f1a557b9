Feature: Sources are encrypted at rest
  A newsroom protects its sources. With DTL_CIPHER_KEY set (made by "dtl new-key") when the
  store is created, every event is stored encrypted, and the view columns that carry sources
  are sealed with the same key. With the key, everything reads through dtl as usual. Without
  it, dtl says plainly that the store is encrypted; with another key, that the key is wrong.
  A store is encrypted or plain for life: a key given to a plain store is refused.

  Scenario: With the key, dtl shows the sources and the report URLs as they were recorded
    Given an encrypted store holding Turkey's veto on the word of "Ministry insider Zelda"
    And I have run: dtl import gdelt2-sample.export.CSV
    When I run: dtl state NATO ISR --at 2024-01-01 --json
    Then the exit code is 0
    And the veto rests on "Ministry insider Zelda", with its URL and its quote
    When I run: dtl observations EGY SAU --json
    Then the exit code is 0
    And the observation "gdelt:669666359" is listed
    And the observation reads:
      | field | value                                                                                                                   |
      | url   | http://www.thearabweekly.com/article/8771/Closer%20Saudi-Egypt%20ties%20seen%20after%20Sisi%20ratifies%20islands%20deal |

  Scenario Outline: Without the key, or with another, dtl says so and shows nothing of the store
    Given an encrypted store holding Turkey's veto on the word of "Ministry insider Zelda"
    And DTL_CIPHER_KEY is <key>
    When I run: dtl <command>
    Then the exit code is 3
    And the error is one line on stderr
    And the error says "<says>"
    And nothing of the source appears in what dtl printed

    Examples:
      | key                                  | command                        | says                                         |
      | unset                                | state NATO ISR --at 2024-01-01 | this store is encrypted: set DTL_CIPHER_KEY  |
      | unset                                | timeline --pair TUR ISR        | this store is encrypted: set DTL_CIPHER_KEY  |
      | unset                                | observations TUR ISR           | this store is encrypted: set DTL_CIPHER_KEY  |
      | unset                                | verify                         | this store is encrypted: set DTL_CIPHER_KEY  |
      | unset                                | log export backup.jsonl        | this store is encrypted: set DTL_CIPHER_KEY  |
      | another key made by "dtl new-key"    | state NATO ISR --at 2024-01-01 | does not open this store (wrong key)         |
      | another key made by "dtl new-key"    | roster NATO --at 2024-01-01    | does not open this store (wrong key)         |

  Scenario: A key given to a store created without one is refused
    Given I have run: dtl record admit --by NATO --target TUR --on 1952-02-18
    And DTL_CIPHER_KEY is a key made by "dtl new-key"
    When I run: dtl timeline
    Then the exit code is 3
    And the error is one line on stderr
    And the error says "this store was created without encryption"

  Scenario Outline: A malformed key is refused, saying how to make one
    Given DTL_CIPHER_KEY is "<key>"
    When I run: dtl timeline
    Then the exit code is 2
    And the error is one line on stderr
    And the error says "DTL_CIPHER_KEY"
    And the error says "dtl new-key"

    Examples:
      | key         | what                  |
      | not base64! | not base64 at all     |
      | c2hvcnQ=    | base64, but too short |

  Scenario: The backup of an encrypted store keeps its sources sealed and needs the key
    Given an encrypted store holding Turkey's veto on the word of "Ministry insider Zelda"
    And I have run: dtl log export backup.jsonl
    Then the backup "backup.jsonl" holds nothing of the source
    When I restore "backup.jsonl" into a fresh store
    Then the exit code is 0
    And the restored store answers "state NATO ISR --at 2024-01-01" as this store does
    When DTL_CIPHER_KEY is unset
    And I restore "backup.jsonl" into a fresh store
    Then the exit code is 2
    And the error says "encrypted: import it into a store with the same key"
    And the restored store is empty
