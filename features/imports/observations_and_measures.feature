Feature: Observations never open or close a measure
  An observation is what a coder read in one news report; a measure (a veto, a halt of trade,
  sanctions) is what an analyst has recorded as an action, on a named source. dtl keeps the two
  apart: however many observations arrive, and whatever they say, state, history and timeline
  answer from the recorded actions alone. "dtl state" shows the latest observations next to
  the measures, up to the day asked about.

  Scenario: A coded embargo opens no measure and is not an action
    Given I have run: dtl import icews-sample.tab
    When I ask the state of TUR and ISR at "2016-01-04"
    Then the answer has no measure at all
    And the answer's latest observations show TUR acting on ISR on "2016-01-03" with CAMEO "163"
    When I ask the timeline of TUR and ISR
    Then the timeline is empty
    When I ask the history of TUR and ISR
    Then the history has no change

  Scenario: Sanctions in force are unchanged by what the coders saw
    Given recorded: impose-sanctions by EU target IRN on 2012-01-23
    And I note what dtl answers about EU and IRN on 2012-01-22, 2012-01-23, 2016-01-08 and 2016-01-09
    When I run: dtl import icews-sample.tab
    Then the exit code is 0
    And dtl answers the same state, history and timeline about EU and IRN
    When I ask the state of EU and IRN at "2016-01-09"
    Then the answer holds exactly these measures:
      | aspect    | status  | holder | since      |
      | sanctions | imposed | EU     | 2012-01-23 |
    And the answer's latest observations show EU acting on IRN on "2016-01-08" with CAMEO "163"

  Scenario: A coded easing of sanctions does not lift them
    Given recorded: impose-sanctions by EU target IRN on 2012-01-23
    And an ICEWS file "easing.tab" holding this hand-written event:
      | Event ID | Event Date | Source Name    | Source Sectors                         | Event Text                                | CAMEO Code | Intensity | Target Name | Target Country |
      | 90000001 | 2016-01-17 | European Union | International Government Organizations | Ease economic sanctions, boycott, embargo | 085        | 7.0       | Iran        | Iran           |
    When I run: dtl import easing.tab --json
    Then the exit code is 0
    And the import reports the format "icews" and 1 row
    When I ask the state of EU and IRN at "2016-02-01"
    Then the answer has a sanctions measure held by EU
    And the measure has not ended
    And the answer's latest observations show EU acting on IRN on "2016-01-17" with CAMEO "085"

  Scenario: State shows the newest few observations, up to the day asked about
    Given I have run: dtl import gdelt2-sample.export.CSV
    And I have run: dtl import icews-sample.tab
    When I ask the state of EGY and SAU at "2016-07-01"
    Then the answer has no measure at all
    And the answer's latest observations are the first that "dtl observations EGY SAU" lists, and fewer than all
    When I ask the state of RUS and UKR at "2016-01-03"
    Then the answer's latest observations are only RUS acting on UKR on "2016-01-01" with CAMEO "010"
    When I ask the timeline
    Then the timeline is empty
