Feature: A backup restores the same record anywhere
  "dtl log export" writes the whole event log to one file: every event with its id, its
  version and its recording time, then a trailer with the count and a checksum. "dtl log
  import" checks the whole file before it writes anything, then restores it into a fresh
  store, SQLite or PostgreSQL. The restored store answers every question as the original did,
  including what was known on any earlier day. A truncated or edited backup is refused, and the
  store it was given to is left as it was.

  Background:
    Given the recording clock reads "2024-08-01T09:00:00"
    And NATO's membership history and its partnership with Israel are recorded
    And I have run: dtl log export early.jsonl
    And the recording clock reads "2024-08-01T12:00:00"
    And the report of 2024-08-01 is recorded
    And the recording clock reads "2024-08-10T10:00:00"
    And "the report's veto-engagement by TUR" was corrected: on 2023-10-07 because "the ministry gave the day"
    And the recording clock reads "2024-08-12T10:00:00"
    And "the report's threaten by TUR" was retracted because "the report was withdrawn"
    And the recording clock reads "2024-08-15T10:00:00"
    And the GDELT sample is imported through dtl
    And the ICEWS sample is imported through dtl
    And I have run: dtl log export backup.jsonl

  Scenario Outline: A backup restored into a fresh <kind> store answers every question the same
    When I restore "backup.jsonl" into a fresh <kind> store
    Then the exit code is 0
    And the restored store holds every event of the backup, as this store does
    And the restored store gives the same answer as this store to every one of these questions:
      | question     | asked about                                                                      |
      | state        | each pair the timeline names, on each day one of its actions took effect, as known at each recording time and now |
      | roster       | NATO, on each day an action took effect, as known at each recording time and now |
      | history      | each pair the timeline names, as known at each recording time and now            |
      | timeline     | the whole record, as known at each recording time and now                        |
      | show         | every action, with every revision and its recording time                         |
      | observations | each pair the imported files name, as known at each recording time and now        |
    And the restored store still tells what was known before the correction from what is known now

    Examples:
      | kind       |
      | SQLite     |
      | PostgreSQL |

  Scenario: A restore continues a store that holds an earlier backup of the log, then adds nothing more
    Given I have restored "early.jsonl" into a fresh store
    When I restore "backup.jsonl" into that store again
    Then the exit code is 0
    And the output says the events after the earlier backup were imported and those of the earlier backup were already in the store
    And the restored store holds every event of the backup, as this store does
    When I restore "backup.jsonl" into that store again
    Then the exit code is 0
    And the output says nothing was imported and every event of the backup was already in the store

  Scenario Outline: A truncated backup is refused and the store it was given to stays as it was
    Given I have restored "early.jsonl" into a fresh store
    And I note the restored store's log
    And the backup "backup.jsonl" is cut <where>
    When I restore "backup.jsonl" into that store again
    Then the exit code is 2
    And the error is one line on stderr
    And the error says "truncated"
    And the error says "<says>"
    And the restored store's log is as it was

    Examples:
      | where                   | says                         |
      | just before its trailer | events without its trailer   |
      | in the middle of a line | the last line is cut short   |
      | right after its header  | ends after 0 events          |

  Scenario: A backup edited by hand fails its checksum and restores nothing
    Given the backup "backup.jsonl" is edited: "the report was withdrawn" becomes "it never happened!!!!!!"
    When I restore "backup.jsonl" into a fresh store
    Then the exit code is 2
    And the error is one line on stderr
    And the error says "the events do not match the checksum"
    And the restored store is empty

  Scenario: A store that already holds other events refuses the backup as a conflict
    Given a fresh store where TUR's admission to NATO was recorded with "dtl record admit --by NATO --target TUR --on 1952-02-18"
    And I note the restored store's log
    When I restore "backup.jsonl" into that store again
    Then the exit code is 1
    And the error is one line on stderr
    And the error says "conflict: the store is not empty and differs from the backup"
    And the restored store's log is as it was
