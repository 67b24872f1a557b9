Feature: Searching the timeline for words
  An analyst remembers a phrase, not a date: `dtl timeline --text` finds the actions whose
  note, or one of whose sources' names or quotes, holds every word given, in any case.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: Words from a quote, in another case and order
    When I search the timeline for "October VETOED"
    Then the timeline lists 1 action
    And the timeline has a veto-engagement by TUR against ISR on "2023-10"

  Scenario: A source's name finds every fact of the report
    When I search the timeline for "ankara dateline"
    Then the search finds exactly the report's actions

  Scenario: Words from a note
    When I search the timeline for "libya"
    Then the timeline lists 1 action
    And the timeline has a threaten by TUR against ISR

  Scenario: Every word must be found in the same action
    When I search the timeline for "vetoed genocide"
    Then the timeline is empty

  Scenario: A source added later is searched too
    Given "the report's halt-trade by TUR" was corroborated by "Reuters" graded "B2"
    When I search the timeline for "reuters"
    Then the timeline lists 1 action
    And the timeline has a halt-trade by TUR against ISR

  Scenario: A search needs a word
    When I run: dtl timeline --text "  "
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "text"
