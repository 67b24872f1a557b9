Feature: Who answered whom, in the timeline, the chart and the network
  Israel's call for NATO to expel Turkey (2024-07) answered Erdogan's threat of military
  intervention, which followed his statement after the Washington summit. Once the links are
  recorded, the timeline says what each action answered, the pair's chart draws an arrow from
  each action to the one it answered, and `dtl network --links` exports who answered whom as
  edges between the actors. Each reads the links as known at its recording time, and leaves out
  a link to an action the reading does not count.

  Background:
    Given the recording clock reads "2024-08-05T09:00:00"
    And NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded
    And the recording clock reads "2024-08-06T09:00:00"
    And the report's call-for-expulsion by ISR was linked to the report's threaten by TUR
    And the report's threaten by TUR was linked to the report's statement by TUR

  Scenario: The timeline says what each action answered
    When I ask the timeline of TUR and ISR
    Then the timeline says the report's call-for-expulsion by ISR answered the report's threaten by TUR
    And the timeline says the report's threaten by TUR answered the report's statement by TUR
    And the timeline says the report's statement by TUR answered nothing

  Scenario: Before the links were recorded, the timeline knew of none
    When I ask the timeline of TUR and ISR as known at "2024-08-05T12:00:00"
    Then the timeline says the report's call-for-expulsion by ISR answered nothing
    And the timeline says the report's threaten by TUR answered nothing

  Scenario Outline: Every row format of the timeline carries the links
    When I run: dtl timeline --pair TUR ISR --<format>
    Then the exit code is 0
    And the <format> row of the report's call-for-expulsion by ISR says it responds to the report's threaten by TUR
    And the <format> row of the report's accuse by TUR says it responds to nothing

    Examples:
      | format |
      | csv    |
      | tsv    |
      | nl     |

  Scenario: The timeline's table says who answered whom under it
    When I run: dtl timeline --pair TUR ISR
    Then the exit code is 0
    And the output says the report's call-for-expulsion by ISR answered the report's threaten by TUR

  Scenario: The chart draws an arrow from each answer to what it answered
    Given the output goes to "tur-isr.svg" in an empty folder
    When I run: dtl chart TUR ISR -o tur-isr.svg
    Then the exit code is 0
    And the chart "tur-isr.svg" draws an arrow from the report's call-for-expulsion by ISR to the report's threaten by TUR
    And the chart "tur-isr.svg" draws an arrow from the report's threaten by TUR to the report's statement by TUR
    And the chart "tur-isr.svg" draws 2 arrows

  Scenario: A chart as known before the links were recorded draws no arrow
    Given the output goes to "before.svg" in an empty folder
    When I run: dtl chart TUR ISR --as-known-at 2024-08-05T12:00:00 -o before.svg
    Then the exit code is 0
    And the chart "before.svg" draws 0 arrows

  Scenario Outline: The network exports who answered whom, read back by networkx
    Given the output goes to "<file>" in an empty folder
    When I run: dtl network --at 2024-08-01 --links -o <file>
    Then the exit code is 0
    And networkx reads from "<file>" a responds-to edge from ISR to TUR: the report's call-for-expulsion by ISR answering the report's threaten by TUR
    And networkx reads from "<file>" a responds-to edge from TUR to TUR: the report's threaten by TUR answering the report's statement by TUR
    And networkx reads from "<file>" 2 responds-to edges

    Examples:
      | file            |
      | answers.graphml |
      | answers.json    |

  Scenario Outline: The network leaves out the links it cannot stand behind
    Given the output goes to "answers.graphml" in an empty folder
    When I run: dtl network --links -o answers.graphml <reading>
    Then the exit code is 0
    And networkx reads from "answers.graphml" 0 responds-to edges

    Examples: a day before the answer, before the links were recorded, at a grade the threat does not reach
      | reading                                           |
      | --at 2024-06-30                                   |
      | --at 2024-08-01 --as-known-at 2024-08-05T12:00:00 |
      | --at 2024-08-01 --min-grade B2                    |

  Scenario: Without --links the network holds the measures only
    Given the output goes to "relations.graphml" in an empty folder
    When I run: dtl network --at 2024-08-01 -o relations.graphml
    Then the exit code is 0
    And networkx reads from "relations.graphml" 0 responds-to edges
