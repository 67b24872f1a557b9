Feature: Membership of organisations
  A state applies to an organisation, is admitted (or joins), may be suspended and
  reinstated, and leaves by expulsion or by withdrawing. The roster of an organisation on a
  day lists its members, applicants and suspended members as the record stood that day.

  Scenario: An applicant is listed as such until it is admitted, and the admission ends the application
    Given recorded: apply by FIN target NATO on 2022-05-18 as "the application"
    And recorded: admit by NATO target FIN on 2023-04-04 as "the admission"
    When I ask the roster of NATO at "2022-12-01"
    Then the applicants include FIN
    And the members do not include FIN

  Scenario: Once admitted, the former applicant is a member and no longer an applicant
    Given recorded: apply by FIN target NATO on 2022-05-18 as "the application"
    And recorded: admit by NATO target FIN on 2023-04-04 as "the admission"
    When I ask the roster of NATO at "2023-05-01"
    Then the members are exactly FIN
    And there are no applicants

  Scenario: The history of an accession shows the application give way to membership on one day
    Given recorded: apply by FIN target NATO on 2022-05-18
    And recorded: admit by NATO target FIN on 2023-04-04
    When I ask the history of NATO and FIN
    Then the history reads:
      | on         | change | aspect      | status  | holder |
      | 2022-05-18 | began  | application | applied | FIN    |
      | 2023-04-04 | ended  | application | applied | FIN    |
      | 2023-04-04 | began  | membership  | member  | FIN    |

  Scenario: Joining is told from the member's side; the membership is the member's
    Given recorded: join by SWE target NATO on 2024-03-07 as "the accession"
    When I ask the state of NATO and SWE at "2024-03-07"
    Then the answer has a membership measure held by SWE
    And the measure's status is "member"
    And the measure's forum is "NATO"
    And the measure was opened by "the accession"

  Scenario: A suspended member is still a member, listed among the suspended too
    Given these actions are recorded:
      | type      | by | target | on         |
      | admit     | AU | EGY    | 2002-07-09 |
      | suspend   | AU | EGY    | 2013-07-05 |
    When I ask the roster of AU at "2014-01-01"
    Then the members include EGY
    And the suspended include EGY

  Scenario: Reinstatement ends the suspension, not the membership
    Given these actions are recorded:
      | type      | by | target | on         | as                |
      | admit     | AU | EGY    | 2002-07-09 |                   |
      | suspend   | AU | EGY    | 2013-07-05 | the suspension    |
      | reinstate | AU | EGY    | 2014-06-17 | the reinstatement |
    When I ask the roster of AU at "2014-07-01"
    Then the members include EGY
    And there are no suspended
    When I ask the state of AU and EGY at "2014-01-01"
    Then the answer has a suspension measure held by EGY
    And the measure's until is "2014-06-17"
    And the measure was closed by "the reinstatement"

  Scenario: Expulsion ends the membership and the suspension that preceded it
    Given these actions are recorded:
      | type    | by  | target | on         |
      | admit   | COE | RUS    | 1996-02-28 |
      | suspend | COE | RUS    | 2022-02-25 |
      | expel   | COE | RUS    | 2022-03-16 |
    When I ask the roster of COE at "2022-03-01"
    Then the members include RUS
    And the suspended include RUS
    When I ask the roster of COE at "2022-04-01"
    Then there are no members
    And there are no suspended

  Scenario: A member that withdraws is a member until the day it leaves
    Given recorded: join by GBR target EU on 1973-01-01
    And recorded: withdraw by GBR target EU on 2020-01-31
    When I ask the roster of EU at "2020-01-30"
    Then the members include GBR
    When I ask the roster of EU at "2020-02-01"
    Then the members do not include GBR

  Scenario: An applicant may withdraw its application
    Given recorded: apply by ISL target EU on 2009-07-17
    And recorded: withdraw-application by ISL target EU on 2015-03-12
    When I ask the roster of EU at "2012-01-01"
    Then the applicants include ISL
    When I ask the roster of EU at "2016-01-01"
    Then there are no applicants

  Scenario: Applying to an organisation one already belongs to is a conflict naming the membership
    Given recorded: admit by NATO target TUR on 1952-02-18 as "Turkey's admission"
    When I record: apply by TUR target NATO on 2024-01-15
    Then it is rejected as a conflict mentioning "TUR is already a member of NATO"
    And the conflict names the action "Turkey's admission"

  Scenario: Joining again after leaving is allowed
    # Indonesia joined the UN in 1950, withdrew in 1965 and resumed its seat in September 1966.
    Given recorded: join by IDN target UN on 1950-09-28
    And recorded: withdraw by IDN target UN on 1965-03
    When I record: join by IDN target UN on 1966-09
    Then it is recorded

  Scenario: Suspending a state that is not a member is a conflict
    Given recorded: admit by COE target RUS on 1996-02-28
    When I record: suspend by COE target BLR on 2022-02-25
    Then it is rejected as a conflict mentioning "BLR is not a member of COE"
    And the store holds 1 action

  Scenario: Suspending a member before it joined is a conflict
    Given recorded: admit by COE target RUS on 1996-02-28
    When I record: suspend by COE target RUS on 1995-06
    Then it is rejected as a conflict mentioning "RUS is not a member of COE at 1995-06"

  Scenario: Expelling a state that was never admitted is a conflict: there is nothing to end
    When I record: expel by COE target RUS on 2022-03-16
    Then it is rejected as a conflict mentioning "nothing to end"

  Scenario: Only an organisation admits members
    When I record: admit by FRA target DEU on 1955-05-06
    Then it is rejected as bad input on the field "by" mentioning "one organisation"

  Scenario: One joins an organisation, not a state
    When I record: join by FIN target SWE on 2023-04-04
    Then it is rejected as bad input on the field "target" mentioning "organisation"
