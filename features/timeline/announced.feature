Feature: What has not happened yet is recorded as announced
  An action dated after the day it is recorded has not happened: it is refused, unless it is
  recorded as announced. An announced measure counts from its date and is always marked as
  announced, until a correction confirms it took effect.

  # On 3 June 2022 the EU adopted its sixth package of sanctions on Russia, banning seaborne
  # crude oil imports from 5 December 2022.
  Background:
    Given the recording clock reads "2022-06-03T12:00:00"

  Scenario: A measure dated after today is refused unless announced
    When I record: impose-sanctions by EU target RUS on 2022-12-05 scope "seaborne crude oil imports"
    Then it is rejected as bad input on the field "on" mentioning "after today"
    When I record: impose-sanctions by EU target RUS on 2022-12-05 scope "seaborne crude oil imports" announced yes
    Then it is recorded

  Scenario: An announced measure counts from its date, marked as announced until confirmed
    Given recorded: impose-sanctions by EU target RUS on 2022-12-05 scope "seaborne crude oil imports" announced yes as "the embargo"
    When I ask the state of EU and RUS at "2022-11-30"
    Then the answer has no sanctions measure
    When I ask the state of EU and RUS at "2022-12-10"
    Then the answer has a sanctions measure held by EU
    And the measure's certainty is "announced"
    And the measure has a caveat saying "announced to take effect on 2022-12-05"
    When the recording clock reads "2022-12-06T12:00:00"
    And I correct "the embargo": announced no because "in force since 5 December"
    Then it is accepted
    When I ask the state of EU and RUS at "2022-12-10"
    Then the answer has a sanctions measure held by EU
    And the measure's certainty is "in force"

  Scenario: A confirmation before the day comes is refused
    Given recorded: impose-sanctions by EU target RUS on 2022-12-05 scope "seaborne crude oil imports" announced yes as "the embargo"
    When I correct "the embargo": announced no because "it is certain"
    Then it is rejected as bad input on the field "on" mentioning "after today"
