Feature: Diplomatic relations: ambassadors and severed relations
  A state recalls its ambassador or expels the other's, and later lets ambassadors return;
  states sever relations and restore them. Several states acting together are recorded as
  one action, all of it or none of it.

  Scenario: A recalled ambassador is a measure held by the recalling state until the return
    Given recorded: recall-ambassador by TUR target ISR on 2018-05-15 as "the recall"
    And recorded: return-ambassador by TUR target ISR on 2022-08-17 as "the return"
    When I ask the state of TUR and ISR at "2020-01-01"
    Then the answer has an ambassador measure held by TUR
    And the measure's status is "recalled"
    And the measure was opened by "the recall"
    And the measure was closed by "the return"
    When I ask the state of TUR and ISR at "2022-09-01"
    Then the answer has no measure at all

  Scenario: Expelling the other's envoy is held by the expelling state
    Given recorded: recall-ambassador by TUR target ISR on 2018-05-15
    And recorded: expel-ambassador by ISR target TUR on 2018-05 note "Turkey's consul general in Jerusalem"
    When I ask the state of ISR and TUR at "2018-06-01"
    Then the answer holds exactly these measures:
      | aspect          | status   | holder | since      |
      | ambassador      | recalled | TUR    | 2018-05-15 |
      | envoy-expulsion | expelled | ISR    | 2018-05    |

  Scenario: Ambassadors cannot return when none was recalled or expelled
    When I record: return-ambassador by TUR target ISR on 2022-08-17
    Then it is rejected as a conflict mentioning "nothing to end"

  Scenario: Four states severing relations with Qatar are one action, recorded at once
    When I record: sever-relations by SAU,ARE,BHR,EGY target QAT on 2017-06-05 as "the severance"
    Then it is recorded
    And SAU holds "severed" relations against QAT at "2017-07-01"
    And ARE holds "severed" relations against QAT at "2017-07-01"
    And BHR holds "severed" relations against QAT at "2017-07-01"
    And EGY holds "severed" relations against QAT at "2017-07-01"
    And the store holds 1 action

  Scenario: The joint severance is one timeline entry naming all four initiators
    Given recorded: sever-relations by SAU,ARE,BHR,EGY target QAT on 2017-06-05 as "the severance"
    When I ask the timeline of QAT
    Then the timeline has a sever-relations against QAT on "2017-06-05"
    And the entry is "the severance"
    And the entry's by is "SAU,ARE,BHR,EGY"

  Scenario: Each initiator's part of a joint severance is its own measure
    Given recorded: sever-relations by SAU,ARE,BHR,EGY target QAT on 2017-06-05 as "the severance"
    When I ask the state of QAT and BHR at "2018-01-01"
    Then the answer has a relations measure held by BHR
    And the measure's status is "severed"
    And the measure's initiators are SAU, ARE, BHR, EGY
    And the measure was opened by "the severance"
    And the answer has no relations measure held by SAU

  Scenario: If one initiator's part conflicts, nothing of the joint action is recorded
    Given recorded: sever-relations by EGY target QAT on 2017-06-01 as "Egypt's severance"
    When I record: sever-relations by SAU,ARE,BHR,EGY target QAT on 2017-06-05
    Then it is rejected as a conflict mentioning "already severed"
    And the conflict names the action "Egypt's severance"
    And there is no measure between SAU and QAT at "2017-07-01"
    And there is no measure between ARE and QAT at "2017-07-01"
    And there is no measure between BHR and QAT at "2017-07-01"
    And the store holds 1 action

  Scenario: Restoring relations ends a severance whichever side restores
    Given recorded: sever-relations by SAU,ARE,BHR,EGY target QAT on 2017-06-05
    And recorded: restore-relations by QAT target SAU on 2021-01-05 as "the restoration"
    When I ask the state of SAU and QAT at "2021-02-01"
    Then the answer holds exactly these measures:
      | aspect               | status      | holder | since      |
      | diplomatic-relations | established |        | 2021-01-05 |
    When I ask the state of SAU and QAT at "2020-01-01"
    Then the answer has a relations measure held by SAU
    And the measure was closed by "the restoration"
    And EGY holds "severed" relations against QAT at "2021-02-01"

  Scenario: Restoring relations that were never severed is a conflict
    When I record: restore-relations by QAT target SAU on 2021-01-05
    Then it is rejected as a conflict mentioning "nothing to end: no relations"

  Scenario: An initiator named twice is bad input
    When I record: sever-relations by SAU,ARE,SAU target QAT on 2017-06-05
    Then it is rejected as bad input on the field "by" mentioning "SAU is named twice"

  Scenario: A state cannot sever relations with itself
    When I record: sever-relations by SAU,QAT target QAT on 2017-06-05
    Then it is rejected as bad input on the field "target" mentioning "cannot act on itself"
