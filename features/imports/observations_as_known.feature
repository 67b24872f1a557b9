Feature: What the coders had been seen to say, as known on an earlier day
  Observations are recorded when they are imported. Asked "as known at" a moment, dtl lists
  only the observations it had recorded by then.

  Scenario: Observations imported later are not listed as known before their import
    Given the recording clock reads "2024-08-01T10:00:00"
    And the ICEWS sample is imported through dtl
    And the recording clock reads "2024-08-02T10:00:00"
    And the GDELT sample is imported through dtl
    When I run: dtl observations EGY SAU --as-known-at 2024-08-01T12:00:00 --json
    Then the exit code is 0
    And no observation is listed
    When I run: dtl observations RUS UKR --as-known-at 2024-08-01T12:00:00 --json
    Then the exit code is 0
    And it lists every observation the parser reads between RUS and UKR in "icews-sample.tab"
    When I run: dtl observations EGY SAU --as-known-at 2024-08-02T12:00:00 --json
    Then the exit code is 0
    And it lists every observation the parser reads between EGY and SAU in "gdelt2-sample.export.CSV"
