Feature: Partnerships, engagement vetoes and accession blocks
  An organisation and a partner hold a partnership together. A member of the organisation
  can veto the organisation's engagement with a partner, or block an applicant's accession;
  each such veto or block is that member's own measure, and only it can lift it.

  Background:
    Given these actions are recorded:
      | type                  | by   | target | on         | scope                  | as                 |
      | admit                 | NATO | TUR    | 1952-02-18 |                        | Turkey's admission |
      | admit                 | NATO | GRC    | 1952-02-18 |                        |                    |
      | establish-partnership | NATO | ISR    | 1994-12    | Mediterranean Dialogue | the partnership    |

  Scenario: A partnership is held jointly and lasts until it is ended
    Given recorded: establish-partnership by NATO target RUS on 1994-06-22 as "the partnership with Russia"
    And recorded: end-partnership by NATO target RUS on 2014-04-01 as "the end"
    When I ask the state of NATO and RUS at "2010-01-01"
    Then the answer has a partnership measure held jointly
    And the measure's status is "partners"
    And the measure's until is "2014-04-01"
    And the measure was closed by "the end"
    When I ask the roster of NATO at "2015-01-01"
    Then the partners include ISR
    And the partners do not include RUS

  Scenario: Either side may end a partnership
    Given recorded: establish-partnership by NATO target RUS on 1994-06-22
    When I record: end-partnership by RUS target NATO on 2021-10-18
    Then it is recorded
    And there is no measure between NATO and RUS at "2022-01-01"

  Scenario: A member vetoes the organisation's engagement with a partner, then lifts the veto
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10-10 as "the veto"
    And recorded: lift-veto by TUR target ISR forum NATO on 2024-06-15 as "the lift"
    When I ask the state of NATO and ISR at "2024-01-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's status is "blocked"
    And the measure's until is "2024-06-15"
    And the measure was closed by "the lift"
    When I ask the state of NATO and ISR at "2024-07-01"
    Then the answer has no engagement-veto measure
    And the answer has a partnership measure held jointly

  Scenario: A veto and its lift, as the history of NATO and Israel
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10-10
    And recorded: lift-veto by TUR target ISR forum NATO on 2024-06-15
    When I ask the history of NATO and ISR
    Then the history reads:
      | on         | change | aspect          | status   | holder |
      | 1994-12    | began  | partnership     | partners |        |
      | 2023-10-10 | began  | engagement-veto | blocked  | TUR    |
      | 2024-06-15 | ended  | engagement-veto | blocked  | TUR    |

  Scenario: A lift needs a veto in force
    When I record: lift-veto by TUR target ISR forum NATO on 2024-06-15
    Then it is rejected as a conflict mentioning "nothing to end"
    And the store holds 3 actions

  Scenario: A lift needs a veto in force on the day of the lift, not later
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10-10
    When I record: lift-veto by TUR target ISR forum NATO on 2023-09-01
    Then it is rejected as a conflict mentioning "no engagement-veto by TUR"

  Scenario: Only the member that vetoed can lift its veto
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10-10
    When I record: lift-veto by GRC target ISR forum NATO on 2024-06-15
    Then it is rejected as a conflict mentioning "no engagement-veto by GRC"

  Scenario: A vetoer must be a member of the forum
    When I record: veto-engagement by ISR target IRN forum NATO on 2024-01-01
    Then it is rejected as a conflict mentioning "ISR is not a member of NATO"

  Scenario: A vetoer must be a member of the forum on the day of its veto
    When I record: veto-engagement by TUR target ISR forum NATO on 1950-01-01
    Then it is rejected as a conflict mentioning "TUR is not a member of NATO at 1950-01-01"

  Scenario: Vetoing an engagement already vetoed by the same member is a duplicate
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10-10 as "the veto"
    When I record: veto-engagement by TUR target ISR forum NATO on 2024-02-01
    Then it is rejected as a conflict mentioning "already blocked"
    And the conflict names the action "the veto"

  Scenario: Two members may each veto the same engagement
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10-10
    When I record: veto-engagement by GRC target ISR forum NATO on 2024-02-01
    Then it is recorded
    And the store holds 5 actions

  Scenario: A member blocks an applicant's accession and later lifts the block
    Given these actions are recorded:
      | type                 | by   | target | forum | on         | as          |
      | apply                | FIN  | NATO   |       | 2022-05-18 |             |
      | block-accession      | TUR  | FIN    | NATO  | 2022-05-18 | the block   |
      | lift-accession-block | TUR  | FIN    | NATO  | 2023-03-30 | the lift    |
      | admit                | NATO | FIN    |       | 2023-04-04 |             |
    When I ask the roster of NATO at "2022-12-01"
    Then the applicants include FIN
    And the roster shows a block by TUR against FIN since "2022-05-18"
    When I ask the roster of NATO at "2023-04-04"
    Then the members include FIN
    And the roster shows no blocks

  Scenario: Admitting an applicant while a member blocks its accession is a conflict naming the block
    Given recorded: apply by FIN target NATO on 2022-05-18
    And recorded: block-accession by TUR target FIN forum NATO on 2022-05-18 as "the block"
    When I record: admit by NATO target FIN on 2023-01-10
    Then it is rejected as a conflict mentioning "TUR is blocking FIN's accession to NATO"
    And the conflict names the action "the block"

  Scenario: Once the block is lifted the admission goes through
    Given recorded: apply by FIN target NATO on 2022-05-18
    And recorded: block-accession by TUR target FIN forum NATO on 2022-05-18
    And recorded: lift-accession-block by TUR target FIN forum NATO on 2023-03-30
    When I record: admit by NATO target FIN on 2023-04-04
    Then it is recorded

  Scenario: Only an applicant's accession can be blocked
    When I record: block-accession by TUR target UKR forum NATO on 2024-01-01
    Then it is rejected as a conflict mentioning "UKR has no application to NATO"

  Scenario: A veto happens in a forum, which must be given
    When I record: veto-engagement by TUR target ISR on 2023-10
    Then it is rejected as bad input on the field "forum"
