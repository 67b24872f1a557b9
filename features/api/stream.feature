Feature: Following what is recorded, live
  A newsroom tool follows the timeline as actions are recorded, over server-sent events. Each
  event carries its log position as its id, so a tool that lost its connection resumes where it
  left off: it misses nothing and receives nothing twice.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded
    And the API server is running

  Scenario: The stream resumes where it left off
    Given I followed the stream and saw "the report's threaten by TUR"
    When these actions are recorded while I am away:
      | type     | by  | target | on         | kind     | charge       |
      | threaten | TUR | CYP    | 2024-07-29 | military |              |
      | accuse   | ISR | TUR    | 2024-07-30 |          | human-rights |
    And I resume the stream from the last event I saw
    Then the stream sends the rest of the report, then the actions recorded while I was away, in order
    And then only what is recorded next
