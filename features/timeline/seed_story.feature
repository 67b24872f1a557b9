Feature: The report of 1 August 2024, from recording to answers
  An analyst records what a single news report of 2024-08-01 says about Turkey, Israel and
  NATO, on top of the background NATO publishes itself (who joined when, the Nordic
  accessions Turkey held up, the Mediterranean Dialogue with Israel). Every fact keeps the
  word it was given on: the veto rests on unnamed sources and is dated only to a month.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: In March 2024 Turkey is blocking NATO's engagement with Israel, on anonymous sources
    When I ask the state of NATO and ISR at "2024-03-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's status is "blocked"
    And the measure's forum is "NATO"
    And the measure's since is "2023-10"
    And the measure's since_precision is "month"
    And the measure's certainty is "in force"
    And the measure has not ended
    And the measure rests on a source attributed to "anonymous-sources" graded "C3"
    And the measure was opened by "the report's veto-engagement by TUR"

  Scenario: The veto blocks an engagement that is otherwise a partnership
    When I ask the state of NATO and ISR at "2024-03-01"
    Then the answer holds exactly these measures:
      | aspect          | status   | holder | since   |
      | partnership     | partners |        | 1994-12 |
      | engagement-veto | blocked  | TUR    | 2023-10 |
    And the answer has a partnership measure held jointly
    And the measure's scope is "Mediterranean Dialogue"

  Scenario: Before October 2023 there was no veto
    When I ask the state of NATO and ISR at "2023-09-01"
    Then the answer has no engagement-veto measure
    And the answer has a partnership measure held jointly

  Scenario: Turkey has halted its trade with Israel since May 2024, a measure Turkey holds
    When I ask the state of TUR and ISR at "2024-06-15"
    Then the answer has a trade measure held by TUR
    And the measure's status is "halted"
    And the measure's since is "2024-05"
    And the measure's initiators are TUR
    And the measure rests on a source attributed to "press-report" graded "B2"
    And the answer has no trade measure held by ISR

  Scenario: In April 2024 trade between Turkey and Israel was not yet halted
    When I ask the state of ISR and TUR at "2024-04-15"
    Then the answer has no trade measure
    And the answer has an engagement-veto measure held by TUR

  Scenario: Israel calls for Turkey's expulsion, and Turkey remains a member of NATO
    When I ask the roster of NATO at "2024-08-01"
    Then the members include TUR
    And the roster shows a demand by ISR against TUR since "2024-07"
    And the roster shows a veto by TUR against ISR since "2023-10"
    And the partners include ISR
    And the members do not include ISR

  Scenario: Before Israel's call there was no demand to expel Turkey
    When I ask the roster of NATO at "2024-06-30"
    Then the members include TUR
    And the roster shows no demands

  Scenario: The background gives NATO 32 members by the time of the report
    When I ask the roster of NATO at "2024-08-01"
    Then there are 32 members
    And the members include FIN and SWE
    And there are no applicants
    And the roster shows no blocks

  Scenario: In early 2023 Turkey was blocking the Nordic accessions
    When I ask the roster of NATO at "2023-01-15"
    Then there are 30 members
    And the applicants are exactly FIN, SWE
    And the roster shows a block by TUR against FIN since "2022-05-18"
    And the roster shows a block by TUR against SWE since "2022-05-18"

  Scenario: The threat and the genocide accusation are on the timeline
    When I ask the timeline of TUR and ISR
    Then the timeline has a threaten by TUR against ISR on "2024-07"
    And the entry's kind is "military"
    And the entry's cameo is "138"
    And the timeline has an accuse by TUR against ISR on "2024-08-01"
    And the entry's charge is "genocide"
    And the entry's cameo is "1124"
    And the timeline reads, in order: veto-engagement, halt-trade, statement, threaten, call-for-expulsion, accuse

  Scenario: The threat and the accusation are instants: they open no measure
    When I ask the state of TUR and ISR at "2024-08-01"
    Then the answer holds exactly these measures:
      | aspect           | status   | holder | since   |
      | engagement-veto  | blocked  | TUR    | 2023-10 |
      | trade            | halted   | TUR    | 2024-05 |
      | expulsion-demand | demanded | ISR    | 2024-07 |

  Scenario: The casualty figures are a statement by Hamas, recorded but opening nothing
    When I ask the timeline of HAMAS
    Then the timeline has a statement by HAMAS against ISR on "2024-08-01"
    And there is no measure between HAMAS and ISR at "2024-08-01"

  Scenario: The relationship between NATO and Israel, change by change
    When I ask the history of NATO and ISR
    Then the history reads:
      | on      | change | aspect          | status   | holder |
      | 1994-12 | began  | partnership      | partners |        |
      | 2023-10 | began  | engagement-veto  | blocked  | TUR    |
      | 2024-07 | began  | expulsion-demand | demanded | ISR    |
