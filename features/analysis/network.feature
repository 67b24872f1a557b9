Feature: The relationships in force as a network
  A network analyst wants the relationships in force on a day as a graph file: actors as
  nodes, measures as typed, directed edges from whoever holds them (the member, the vetoer),
  with their initiators and since-dates. GraphML opens in Gephi and networkx; node-link JSON
  in networkx and d3. A file is written whole or not at all.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded
    And network files are written to an empty folder

  Scenario: The whole network on 2024-03-01, read back by networkx
    When I run: dtl network --at 2024-03-01 -o relations.graphml --json
    Then the exit code is 0
    And networkx reads "relations.graphml" with the edges of the network on "2024-03-01"
    And the graph has an edge from TUR to ISR typed engagement-veto
    And the graph has an edge from ISR to NATO typed partnership

  Scenario: Node-link JSON holds the same graph
    When I run: dtl network --at 2024-03-01 -o relations.json
    Then the exit code is 0
    And networkx reads "relations.json" with the edges of the network on "2024-03-01"

  Scenario: Only the vetoes
    When I run: dtl network --at 2024-03-01 --aspect engagement-veto -o vetoes.graphml
    Then the exit code is 0
    And networkx reads "vetoes.graphml" with exactly one edge, from TUR to ISR typed engagement-veto

  Scenario: An aspect dtl does not know writes nothing
    When I run: dtl network --at 2024-03-01 --aspect friendship -o relations.graphml
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "aspect"
    And the folder is empty

  Scenario: Only GraphML and JSON are written
    When I run: dtl network --at 2024-03-01 -o relations.csv
    Then the exit code is 2
    And the error names the field "output"
    And the folder is empty
