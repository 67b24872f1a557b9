Feature: Trade measures and sanctions
  Trade measures are directed: the state that restricts or halts its trade holds the
  measure, and only it can resume. A halt after a restriction is a change of degree, not a
  second measure. Sanctions are a separate measure beside any trade measure.

  Scenario: A restriction that becomes a halt is one trade measure changing degree
    Given recorded: restrict-trade by TUR target ISR on 2024-04-09 as "the restriction"
    And recorded: halt-trade by TUR target ISR on 2024-05-02 scope "all bilateral trade" as "the halt"
    When I ask the state of TUR and ISR at "2024-04-20"
    Then the answer has a trade measure held by TUR
    And the measure's status is "restricted"
    And the measure's until is "2024-05-02"
    And the measure was closed by "the halt"
    When I ask the state of TUR and ISR at "2024-05-10"
    Then the answer has a trade measure held by TUR
    And the measure's status is "halted"
    And the measure's scope is "all bilateral trade"
    And the measure was opened by "the halt"

  Scenario: The history shows the restriction giving way to the halt
    Given recorded: restrict-trade by TUR target ISR on 2024-04-09
    And recorded: halt-trade by TUR target ISR on 2024-05-02
    When I ask the history of ISR and TUR
    Then the history reads:
      | on         | change | aspect | status     | holder |
      | 2024-04-09 | began  | trade  | restricted | TUR    |
      | 2024-05-02 | ended  | trade  | restricted | TUR    |
      | 2024-05-02 | began  | trade  | halted     | TUR    |

  Scenario: Resuming trade ends a halt
    # Saudi Arabia cut Qatar off on 5 June 2017 and opened its border again in January 2021.
    Given recorded: halt-trade by SAU target QAT on 2017-06-05
    And recorded: resume-trade by SAU target QAT on 2021-01 as "the resumption"
    When I ask the state of SAU and QAT at "2021-02-01"
    Then the answer has no trade measure
    When I ask the state of SAU and QAT at "2020-12-14"
    Then the answer has a trade measure held by SAU
    And the measure was closed by "the resumption"

  Scenario: Resuming trade with nothing in force is a conflict
    When I record: resume-trade by TUR target ISR on 2024-06-01
    Then it is rejected as a conflict mentioning "nothing to end: no trade by TUR"
    And the store holds 0 actions

  Scenario: Resuming before the halt began is a conflict
    Given recorded: halt-trade by TUR target ISR on 2024-05-02
    When I record: resume-trade by TUR target ISR on 2024-04-01
    Then it is rejected as a conflict mentioning "nothing to end"

  Scenario: Halting trade that is already halted is a duplicate naming the first halt
    Given recorded: halt-trade by TUR target ISR on 2024-05-02 as "the halt"
    When I record: halt-trade by TUR target ISR on 2024-06-01
    Then it is rejected as a conflict mentioning "already halted"
    And the conflict names the action "the halt"

  Scenario: Turkey halting its trade with Israel is Turkey's measure, not Israel's
    Given recorded: halt-trade by TUR target ISR on 2024-05-02
    When I ask the state of ISR and TUR at "2024-06-01"
    Then the answer has a trade measure held by TUR
    And the answer has no trade measure held by ISR

  Scenario: Each side of a pair may hold its own trade measure
    Given recorded: halt-trade by TUR target ISR on 2024-05-02
    And recorded: restrict-trade by ISR target TUR on 2024-05-10
    When I ask the state of ISR and TUR at "2024-06-01"
    Then the answer holds exactly these measures:
      | aspect | status     | holder | since      |
      | trade  | halted     | TUR    | 2024-05-02 |
      | trade  | restricted | ISR    | 2024-05-10 |

  Scenario: Only the side that halted can resume
    Given recorded: halt-trade by TUR target ISR on 2024-05-02
    When I record: resume-trade by ISR target TUR on 2024-07-01
    Then it is rejected as a conflict mentioning "no trade by ISR"
    And TUR holds "halted" trade against ISR at "2024-07-02"

  Scenario: Sanctions are imposed and lifted
    Given recorded: impose-sanctions by USA target IRN on 1995-05-06 as "the sanctions"
    And recorded: lift-sanctions by USA target IRN on 2016-01-16 as "the lifting"
    When I ask the state of USA and IRN at "2010-01-01"
    Then the answer has a sanctions measure held by USA
    And the measure's status is "imposed"
    And the measure was opened by "the sanctions"
    And the measure was closed by "the lifting"
    When I ask the state of USA and IRN at "2016-02-01"
    Then the answer has no measure at all

  Scenario: Sanctions stand beside a trade measure, and lifting them leaves the trade measure
    Given recorded: impose-sanctions by USA target IRN on 1995-05-06
    And recorded: restrict-trade by USA target IRN on 1995-05-06
    And recorded: lift-sanctions by USA target IRN on 2016-01-16
    When I ask the state of USA and IRN at "2017-01-01"
    Then the answer has a trade measure held by USA
    And the answer has no sanctions measure

  Scenario: Lifting sanctions nobody imposed is a conflict
    When I record: lift-sanctions by USA target IRN on 2016-01-16
    Then it is rejected as a conflict mentioning "no sanctions by USA"

  Scenario: Trade measures are bilateral and take no forum
    When I record: halt-trade by TUR target ISR forum NATO on 2024-05-02
    Then it is rejected as bad input on the field "forum"
