Feature: What if: answers as if something had, or had not, happened
  `dtl what-if` applies hypothetical actions or retractions to a copy of the timeline, checks
  the rules as a real record would, and answers any question as if they were recorded. Every
  answer says it is hypothetical, and nothing is stored.

  Background:
    Given the recording clock reads "2024-08-05T09:00:00"
    And NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: Had Turkey lifted its veto on 2024-06-01, NATO's engagement with Israel would have been unblocked by July
    When I ask, supposing lift-veto by TUR target ISR forum NATO on 2024-06-01, the state of NATO and ISR at "2024-07-01"
    Then the answer is hypothetical, supposing 1 action
    And the answer has no engagement-veto measure
    And the answer has a partnership measure held jointly
    When I ask the state of NATO and ISR at "2024-07-01"
    Then the answer has an engagement-veto measure held by TUR
    And the store holds no lift-veto

  Scenario: Had Turkey not lifted its block on Sweden, the rules would refuse Sweden's accession
    When I ask, without the lift-accession-block by TUR against SWE, the roster of NATO at "2024-04-01"
    Then it is rejected as a conflict mentioning "TUR is blocking SWE's accession to NATO"
    When I ask the roster of NATO at "2024-04-01"
    Then the members include SWE

  Scenario: Had the report's trade halt been wrong, Turkey and Israel would still trade
    When I ask, without the halt-trade by TUR against ISR, the state of TUR and ISR at "2024-06-01"
    Then the answer is hypothetical, supposing 1 retraction
    And the answer has no trade measure

  Scenario: Through the CLI, the JSON answer says it is hypothetical and nothing is stored
    When I run: dtl what-if --suppose '{"type": "lift-veto", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-06-01"}' -- state NATO ISR --at 2024-07-01 --json
    Then the exit code is 0
    And the CLI's answer is hypothetical and stored nothing
    And the store holds no lift-veto

  Scenario: A what-if needs something to suppose
    When I run: dtl what-if -- state NATO ISR --at 2024-07-01
    Then the exit code is 2
    And the error is one line on stderr
