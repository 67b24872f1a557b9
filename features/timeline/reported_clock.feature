Feature: As reported at a day: the record as the sources had published it
  Every source may say when it was published. "As reported at R" reads the record as a reader
  on day R could have known it from the sources: an action counts only once one of its sources
  had been published by R; a correction or a retraction counts from its own source's day; a
  corroboration counts from its own day. An action none of whose sources says when it was
  published is left out of every reading "as reported at", and the answer counts it, so the
  gap shows. The reported clock is not the recording clock ("as known at", when dtl learned of
  it): both can be read at once.

  Background:
    Given the recording clock reads "2024-09-15T09:00:00"
    And NATO's membership history and its partnership with Israel are recorded

  Scenario: Before the report, NATO and Israel were partners and nothing more was known
    Given the report of 2024-08-01 is recorded
    When I ask the state of NATO and ISR at "2024-03-01" as reported at "2024-07-01"
    Then the answer has a partnership measure held jointly
    And the answer has no engagement-veto measure
    And the answer left out 2 actions, 0 of them undated

  Scenario: Once the report was out, the veto reaches back to October 2023
    Given the report of 2024-08-01 is recorded
    When I ask the state of NATO and ISR at "2024-03-01" as reported at "2024-08-02"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since is "2023-10"
    And the answer left out 0 actions, 0 of them undated

  Scenario: The reported clock reads a month as its last day
    Given the report of 2024-08-01 is recorded
    When I ask the state of NATO and ISR at "2024-03-01" as reported at "2024-07"
    Then the answer has no engagement-veto measure
    When I ask the state of NATO and ISR at "2024-03-01" as reported at "2024-08"
    Then the answer has an engagement-veto measure held by TUR

  Scenario: An action with no publication date on any source is left out and counted
    Given the report of 2024-08-01 is recorded
    And recorded: recall-ambassador by TUR target ISR on 2023-11 source "A wire report without a date"
    When I ask the timeline of TUR and ISR as reported at "2024-09-01"
    Then the timeline has a halt-trade by TUR against ISR
    And the timeline has no recall-ambassador
    And the answer left out 1 action, 1 of them undated
    When I ask the timeline of TUR and ISR
    Then the timeline has a recall-ambassador by TUR against ISR

  Scenario: A corroboration counts from its own day, not the action's first
    Given recorded: recall-ambassador by TUR target ISR on 2023-11 source "A weekly review" published 2023-11-20 as "the recall"
    And "the recall" was corroborated by "A wire report" published "2023-11-04"
    When I ask the timeline of TUR and ISR as reported at "2023-11-10"
    Then the timeline has a recall-ambassador by TUR against ISR
    When I ask the timeline of TUR and ISR as reported at "2023-11-03"
    Then the timeline has no recall-ambassador
    And the answer left out 1 action, 0 of them undated

  Scenario: A correction counts from its own source's day
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023 source "First report" published 2024-01-15 as "the veto"
    And "the veto" was corrected on the word of "Second report" published "2024-03-20": on 2023-10 because "the second report says October"
    When I ask the state of NATO and ISR at "2023-12-01" as reported at "2024-02-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since is "2023"
    When I ask the state of NATO and ISR at "2023-12-01" as reported at "2024-04-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since is "2023-10"

  Scenario: A retraction counts from its own source's day
    Given recorded: recall-ambassador by TUR target ISR on 2022-11 source "A weekly review" published 2023-11-20 as "the wrong year"
    And "the wrong year" was retracted on the word of "The review's erratum" published "2023-11-27" because "the recall was in 2023, not 2022"
    When I ask the timeline of TUR and ISR as reported at "2023-11-21"
    Then the timeline has a recall-ambassador by TUR against ISR on "2022-11"
    When I ask the timeline of TUR and ISR as reported at "2023-11-28"
    Then the timeline has no recall-ambassador
    When I ask the timeline of TUR and ISR
    Then the timeline has no recall-ambassador

  Scenario: The recording clock and the reported clock read together
    Given the recording clock reads "2024-10-01T09:00:00"
    And recorded: recall-ambassador by TUR target ISR on 2023-11 source "A wire report" published 2023-11-04
    When I ask the timeline of TUR and ISR as known at "2024-09-20T00:00:00" as reported at "2023-12-01"
    Then the timeline has no recall-ambassador
    When I ask the timeline of TUR and ISR as known at "2024-10-02T00:00:00" as reported at "2023-12-01"
    Then the timeline has a recall-ambassador by TUR against ISR
    When I ask the timeline of TUR and ISR as known at "2024-10-02T00:00:00" as reported at "2023-11-01"
    Then the timeline has no recall-ambassador

  Scenario: What the sources published between two days changed
    Given the report of 2024-08-01 is recorded
    When I ask what was reported after "2024-07-01" as reported at "2024-08-02"
    Then the news has the engagement-veto opened by TUR between ISR and NATO, marked "reported"
    And the news has the trade measure opened by TUR between ISR and TUR, marked "reported"
    And the news has no partnership change

  Scenario: A day the reported clock cannot read is refused, naming the option
    When I run: dtl state NATO ISR --at 2024-03-01 --as-reported-at "last summer"
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "as-reported-at"
