Feature: Asking the timeline over HTTP
  A newsroom tool or a notebook asks the shared timeline its questions over HTTP and gets the
  answers the command line gives, as JSON, with the log position each answer reflects. Asking
  again while nothing new was recorded costs almost nothing.

  Background:
    Given the recording clock reads "2024-07-01T09:00:00"
    And NATO's membership history and its partnership with Israel are recorded
    And the recording clock reads "2024-08-01T12:00:00"
    And the report of 2024-08-01 is recorded

  Scenario: The state of NATO and Israel in March 2024, asked over HTTP
    When I ask the API for the state of NATO and ISR at "2024-03-01"
    Then the API answers 200
    And the answer has an engagement-veto measure held by TUR
    And the measure's since is "2023-10"
    And the measure rests on a source attributed to "anonymous-sources" graded "C3"
    And the answer carries the log position of the store

  Scenario: What the store knew before the report was entered
    When I ask the API for the state of NATO and ISR at "2024-03-01" as known at "2024-07-15"
    Then the API answers 200
    And the answer has no engagement-veto measure
    And the answer has a partnership measure held jointly

  Scenario: Asking the same question again while nothing changed
    Given I asked the API for the state of NATO and ISR at "2024-03-01"
    When I ask the same again, naming the answer I already have
    Then the API answers 304, with nothing to download

  Scenario: A question the store cannot answer names what is wrong, as the CLI would
    When I ask the API for the state of NATO and ISX at "2024-03-01"
    Then the API answers 422 naming the field "y"
    And the problem says "unknown actor 'ISX'"
