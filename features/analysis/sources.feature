Feature: Sources that can be weighed
  An action can rest on several sources, each graded on the Admiralty scale (reliability A-F,
  credibility 1-6). A further source is a new event, never an edit. An analyst may ask for an
  answer built only from actions with at least one source graded B2 or better: a veto opened
  on good authority and lifted only on a blog's word is then still in force, and the answer
  says what it left out.

  Background:
    Given the recording clock reads "2024-08-01T12:00:00"
    And recorded: admit by NATO target TUR on 1952-02-18 source "NATO: Member countries" grade A1
    And recorded: veto-engagement by TUR target ISR forum NATO on 2023-10 source "Wire report" grade B2 as "the veto"
    And recorded: lift-veto by TUR target ISR forum NATO on 2024-06-15 source "A blog" grade D4 as "the lift"

  Scenario: A veto lifted on a weak source still holds at B2
    When I ask the state of NATO and ISR at "2024-07-01"
    Then the answer has no engagement-veto measure
    When I ask the state of NATO and ISR at "2024-07-01" at min grade "B2"
    Then the answer has an engagement-veto measure held by TUR
    And the measure was opened by "the veto"
    And the measure has not ended
    And the answer says 1 action was left out

  Scenario: A good second source for the lift brings it back in, from the moment it was added
    Given the recording clock reads "2024-09-01T12:00:00"
    When I corroborate "the lift" with "Reuters" graded "B2"
    Then the source is added, and "the lift" rests on "A blog" and "Reuters"
    When I ask the state of NATO and ISR at "2024-07-01" at min grade "B2"
    Then the answer has no engagement-veto measure
    And the answer says 0 actions were left out
    When I ask the state of NATO and ISR at "2024-07-01" as known at "2024-08-15" at min grade "B2"
    Then the answer has an engagement-veto measure held by TUR

  Scenario: The same source twice adds nothing
    Given "the lift" was corroborated by "Reuters" graded "B2"
    When I corroborate "the lift" with "Reuters" graded "B2"
    Then the source is not new, and "the lift" rests on "A blog" and "Reuters"

  Scenario: A retracted action takes no new source
    Given "the lift" was retracted because "the blog took it down"
    When I corroborate "the lift" with "Reuters" graded "B2"
    Then it is rejected as a conflict mentioning "retracted"

  Scenario: A grade outside the Admiralty scale is refused at the command line
    When I run corroborate on "the lift" with: --source Reuters --grade G7
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "source.grade"

  Scenario: The roster and the history at B2 keep the veto
    When I ask the roster of NATO at "2024-07-01" at min grade "B2"
    Then the roster shows a veto by TUR against ISR since "2023-10"
    When I ask the history of NATO and ISR at min grade "B2"
    Then the history reads:
      | on      | change | aspect          | status  | holder |
      | 2023-10 | began  | engagement-veto | blocked | TUR    |

  Scenario: The timeline at B2 says on stderr what it left out, even as JSON
    When I run: dtl timeline --min-grade B2 --json
    Then the exit code is 0
    And the output lists 2 actions
    And stderr says "min grade B2: 1 action without a source graded B2 or better left out"

  Scenario: A minimum grade must be a grade
    When I run: dtl state NATO ISR --at 2024-07-01 --min-grade Z9
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "min-grade"
