Feature: Recognition
  A state recognizes a state or a government, de jure or de facto; it may withdraw recognition,
  or switch it from one claimant to another. "Does X recognize Y on D" is a measure between X
  and Y; "who recognizes Y on D" is a list and a count, like a roster.

  Background:
    Given the recording clock reads "2026-01-01T00:00:00"

  Scenario: Honduras switched its recognition from Taipei to Beijing on 2023-03-26
    Given recorded: recognize by HND target CHN instead_of TWN on 2023-03-26
    When I ask who recognizes CHN at "2023-06-01"
    Then the recognizers are exactly HND
    When I ask who recognizes CHN at "2023-01-01"
    Then there are no recognizers
    When I ask the state of HND and CHN at "2023-06-01"
    Then the answer has a recognition measure held by HND
    And the measure's since is "2023-03-26"

  Scenario: Nicaragua's recognition of Taipei ended with its switch to Beijing
    Given recorded: recognize by NIC target TWN on 1990
    And recorded: recognize by NIC target CHN instead_of TWN on 2021-12
    When I ask who recognizes TWN at "2020-01-01"
    Then the recognizers are exactly NIC
    When I ask who recognizes TWN at "2022-06-01"
    Then there are no recognizers
    And the withdrawn recognitions are by NIC

  Scenario: The United States recognized Israel de facto in 1948 and de jure in 1949
    Given recorded: recognize by USA target ISR on 1948-05-14 kind de-facto
    And recorded: recognize by USA target ISR on 1949-01-31 kind de-jure
    When I ask the state of USA and ISR at "1948-12-01"
    Then the answer has a recognition measure held by USA
    And the measure's status is "recognized de facto"
    When I ask the state of USA and ISR at "1950-01-01"
    Then the answer has a recognition measure held by USA
    And the measure's status is "recognized de jure"

  Scenario: A recognition is withdrawn
    Given recorded: recognize by NIC target TWN on 1990
    And recorded: withdraw-recognition by NIC target TWN on 2021-12
    When I ask who recognizes TWN at "2022-06-01"
    Then there are no recognizers
    And the withdrawn recognitions are by NIC

  Scenario: A kind of recognition dtl does not know is refused
    When I record: recognize by USA target ISR on 1949-01-31 kind sideways
    Then it is rejected as bad input on the field "kind" mentioning "de-jure"

  Scenario: A switch away from the recognized claimant itself is refused
    When I record: recognize by HND target CHN instead_of CHN on 2023-03-26
    Then it is rejected as bad input on the field "instead_of"

  Scenario: Who recognizes, through the CLI
    Given recorded: recognize by HND target CHN instead_of TWN on 2023-03-26
    When I run: dtl recognition CHN --at 2023-06-01 --json
    Then the exit code is 0
    And the CLI's answer counts 1 recognizer
