Feature: Imprecise dates are kept, and answered with caveats
  Sources often give only a month or a year. dtl keeps the date as given (2023-10 stays
  2023-10) and treats it as a window. A question whose day falls inside the window is
  answered "possibly in force", with a caveat saying why, instead of a guess. Questions are
  always about one day.

  Background:
    Given recorded: admit by NATO target TUR on 1952-02-18

  Scenario: Inside the month the veto began, it is only possibly in force
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10
    When I ask the state of NATO and ISR at "2023-10-15"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's certainty is "possibly in force"
    And the measure has a caveat mentioning "began sometime in 2023-10 (month)"
    And the measure has a caveat mentioning "2023-10-15 falls inside that window"

  Scenario: After the month it began, the veto is in force without caveat
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10
    When I ask the state of NATO and ISR at "2023-11-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's certainty is "in force"
    And the measure has no caveat

  Scenario: The first day of the month is already possible; the day before it is not
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10
    When I ask the state of NATO and ISR at "2023-10-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's certainty is "possibly in force"
    When I ask the state of NATO and ISR at "2023-09-30"
    Then the answer has no measure at all

  Scenario: A year stays a year
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023
    When I ask the state of NATO and ISR at "2023-06-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since is "2023"
    And the measure's since_precision is "year"
    And the measure's certainty is "possibly in force"
    And the measure has a caveat mentioning "2023 (year)"
    When I ask the state of NATO and ISR at "2024-01-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since is "2023"
    And the measure's certainty is "in force"

  Scenario: A day is exact: no caveat on the day itself
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10-10
    When I ask the state of NATO and ISR at "2023-10-10"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since_precision is "day"
    And the measure's certainty is "in force"
    And the measure has no caveat

  Scenario: Inside the month a veto was lifted, it may already have ended
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10
    And recorded: lift-veto by TUR target ISR forum NATO on 2024-06
    When I ask the state of NATO and ISR at "2024-06-10"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's until is "2024-06"
    And the measure's certainty is "possibly in force"
    And the measure has a caveat mentioning "ended sometime in 2024-06 (month)"
    When I ask the state of NATO and ISR at "2024-07-01"
    Then the answer has no measure at all

  Scenario: The roster carries the caveat of a membership that began in the month asked about
    Given recorded: admit by NATO target FIN on 2023-04
    When I ask the roster of NATO at "2023-04-02"
    Then the members include FIN
    And the roster has a caveat mentioning "membership of FIN"
    When I ask the roster of NATO at "2023-05-02"
    Then the members include FIN
    And the roster has no caveat

  Scenario: The timeline keeps each date's precision
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10
    And recorded: threaten by TUR target ISR on 2024 kind other
    When I ask the timeline of ISR
    Then the timeline has a veto-engagement by TUR against ISR
    And the entry's on is "2023-10"
    And the entry's precision is "month"
    And the timeline has a threaten by TUR against ISR
    And the entry's on is "2024"
    And the entry's precision is "year"

  Scenario: A question is about a day, not a month
    When I ask the state of NATO and ISR at "2024-03"
    Then it is rejected as bad input on the field "at" mentioning "ask about a day"

  Scenario: A question is about a day, not a year
    When I ask the roster of NATO at "2024"
    Then it is rejected as bad input on the field "at" mentioning "not a year"

  Scenario: A date that does not exist is refused, not rounded
    When I record: halt-trade by TUR target ISR on 2023-02-30
    Then it is rejected as bad input on the field "on" mentioning "not a real date"
