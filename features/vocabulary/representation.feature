Feature: Representation, in each direction
  How each side is represented in the other's capital (ambassador, minister, chargé d'affaires,
  interests section, none) is a measure of its own per direction, held by the sending state.
  A recall of one's own envoy and the expulsion of the other's are facts about different
  directions: both show.

  Background:
    Given the recording clock reads "2026-01-01T00:00:00"

  Scenario: In May 2018 Turkey expelled Israel's ambassador and recalled its own, and Israel expelled Turkey's consul general
    Given recorded: expel-ambassador by TUR target ISR on 2018-05-15
    And recorded: recall-ambassador by TUR target ISR on 2018-05-15
    And recorded: expel-ambassador by ISR target TUR on 2018-05 note "Turkey's consul general in Jerusalem"
    When I ask the state of TUR and ISR at "2018-06-01"
    Then the answer holds exactly these measures:
      | aspect          | status   | holder | since      |
      | ambassador      | recalled | TUR    | 2018-05-15 |
      | envoy-expulsion | expelled | TUR    | 2018-05-15 |
      | envoy-expulsion | expelled | ISR    | 2018-05    |

  Scenario: Turkey lowered its representation in Israel in 2011 and both sides raised theirs to ambassadors in 2016
    Given recorded: downgrade-representation by TUR target ISR on 2011-09-02 level charge-d-affaires
    And recorded: upgrade-representation by TUR target ISR on 2016 level ambassador
    And recorded: upgrade-representation by ISR target TUR on 2016 level ambassador
    When I ask the state of TUR and ISR at "2014-01-01"
    Then the answer has a representation measure held by TUR
    And the measure's status is "charge-d-affaires"
    And the answer has no representation measure held by ISR
    When I ask the state of TUR and ISR at "2017-06-01"
    Then the answer holds exactly these measures:
      | aspect         | status     | holder | since |
      | representation | ambassador | TUR    | 2016  |
      | representation | ambassador | ISR    | 2016  |

  Scenario: A representation needs its level
    When I record: set-representation by TUR target ISR on 2016
    Then it is rejected as bad input on the field "level" mentioning "ambassador"

  Scenario: A level dtl does not know is refused, naming the levels it knows
    When I record: set-representation by TUR target ISR on 2016 level consul
    Then it is rejected as bad input on the field "level" mentioning "charge-d-affaires"
