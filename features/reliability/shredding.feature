Feature: Shredding a source: its identity destroyed after the fact, the record kept
  A newsroom that promised a source anonymity must be able to destroy who the source was,
  later, without breaking the record. On an encrypted store every source's name, URL and
  quote are sealed under a key of the source's own, kept outside the events and sealed in turn
  under the store's key. "dtl shred-source" destroys that key, after asking. From then on
  nothing reads who the source was: not the log, the views, the store's files, exports, the
  API or a backup made afterwards. The action stays, on the word of "a source shredded on D",
  with its grade and attribution, and "dtl verify" still passes. A backup made before the
  shredding is out of its reach: it still opens with the store's key.

  Background:
    Given an encrypted store holding Turkey's veto on the word of "Ministry insider Zelda"

  Scenario: Before shredding, the store's files hold the source for whoever has the store's key
    Then the store's files, read with the store's key, hold the source's name, URL and quote

  Scenario: After shredding, nothing in the store, its files, its exports or the API holds the source
    When I run: dtl shred-source --name "ministry insider zelda" --yes
    Then the exit code is 0
    And the output says "shredded src-"
    When I run: dtl state NATO ISR --at 2024-01-01 --json
    Then the veto rests on a source shredded today, graded "C3" and attributed to "anonymous-sources"
    And nothing of the source appears in what dtl printed
    And the store's files, read with the store's key, hold nothing of the source
    And the API's answers about Turkey and Israel hold nothing of the source
    When I run: dtl export actions -o actions.csv
    Then the exit code is 0
    And the file "actions.csv" holds nothing of the source
    When I run: dtl verify
    Then the exit code is 0
    And the output says "views agree with the log"

  Scenario: The shredding is itself on the record, naming the source by its key only
    When I run: dtl shred-source --name "Ministry insider Zelda" --yes
    And I run: dtl timeline --pair TUR ISR --json
    Then the veto is still in the timeline, on the word of a source shredded today
    When I ask dtl to show the veto
    Then the output says "a source shredded on"
    And nothing of the source appears in what dtl printed

  Scenario: A backup made after the shredding restores the record without the source
    Given I have run: dtl shred-source --name "Ministry insider Zelda" --yes
    And I have run: dtl log export backup.jsonl
    Then the backup "backup.jsonl" holds nothing of the source
    When I restore "backup.jsonl" into a fresh store
    Then the exit code is 0
    And the restored store gives the same answer to "state NATO ISR --at 2024-01-01"

  Scenario: A backup made before the shredding is out of its reach
    Given I have run: dtl log export backup.jsonl
    And I have run: dtl shred-source --name "Ministry insider Zelda" --yes
    When I restore "backup.jsonl" into a fresh store
    Then the exit code is 0
    And in the restored store the veto still rests on "Ministry insider Zelda"

  Scenario: Declining at the question shreds nothing
    When I run "dtl shred-source --name 'Ministry insider Zelda'" and answer "n"
    Then the exit code is 1
    And dtl's last words on stderr are "dtl: nothing was shredded"
    When I run: dtl state NATO ISR --at 2024-01-01 --json
    Then the veto rests on "Ministry insider Zelda", with its URL and its quote

  Scenario Outline: What cannot be shredded is refused, and nothing is written
    When I run: dtl shred-source <what>
    Then the exit code is 2
    And the error is one line on stderr
    And the error says "<says>"

    Examples:
      | what                          | says                                |
      | src-0123456789abcdef0123 --yes | no source 'src-0123456789abcdef0123' |
      | --name "Nobody at all" --yes  | no source named 'Nobody at all'     |
      | --yes                         | name the sources to shred           |

  Scenario: A store without encryption has no keys to destroy
    Given DTL_CIPHER_KEY is unset
    And a fresh store where a sourced veto was recorded with "dtl record admit --by NATO --target TUR --on 1952-02-18 --source 'Ministry insider Zelda'"
    When I run "dtl shred-source --name 'Ministry insider Zelda' --yes" on that store
    Then the exit code is 2
    And the error says "shredding needs an encrypted store"
