Feature: Corrections and retractions keep what was known before
  Nothing recorded is ever overwritten. A correction or a retraction is a new event with its
  reason; answers follow the record as it stands now, and "as known at" an earlier moment
  gives the answer the record gave then. A correction or retraction that would make the
  timeline inconsistent is refused like any other action.

  Background:
    Given the recording clock reads "2024-07-01T09:00:00"
    And recorded: admit by NATO target TUR on 1952-02-18

  Scenario: A veto's date corrected from a year to a month, asked before and after the correction
    Given the recording clock reads "2024-08-01T12:00:00"
    And recorded: veto-engagement by TUR target ISR forum NATO on 2023 as "the veto"
    And the recording clock reads "2024-09-01T12:00:00"
    When I correct "the veto": on 2023-10 because "the report says the veto began in October"
    Then the correction is revision 2 of "the veto" with on "2023-10"
    When I ask the state of NATO and ISR at "2023-06-01" as known at "2024-08-15"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since is "2023"
    And the measure's since_precision is "year"
    And the measure's certainty is "possibly in force"
    When I ask the state of NATO and ISR at "2023-06-01"
    Then the answer has no engagement-veto measure
    When I ask the state of NATO and ISR at "2023-12-01"
    Then the answer has an engagement-veto measure held by TUR
    And the measure's since is "2023-10"
    And the measure's since_precision is "month"
    And the measure's certainty is "in force"

  Scenario: The timeline as known before a correction shows the date first recorded
    Given the recording clock reads "2024-08-01T12:00:00"
    And recorded: veto-engagement by TUR target ISR forum NATO on 2023 as "the veto"
    And the recording clock reads "2024-09-01T12:00:00"
    And "the veto" was corrected: on 2023-10 because "the report says October"
    When I ask the timeline of ISR as known at "2024-08-15"
    Then the timeline has a veto-engagement by TUR against ISR
    And the entry's on is "2023"
    When I ask the timeline of ISR
    Then the timeline has a veto-engagement by TUR against ISR
    And the entry's on is "2023-10"
    And the entry's revision is "2"

  Scenario: Before the action was recorded at all, it is not known
    Given the recording clock reads "2024-08-01T12:00:00"
    And recorded: veto-engagement by TUR target ISR forum NATO on 2023-10
    When I ask the state of NATO and ISR at "2024-03-01" as known at "2024-07-15"
    Then the answer has no measure at all
    When I ask the timeline of ISR as known at "2024-07-15"
    Then the timeline is empty

  Scenario: An action can be corrected by the first characters of its id
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023 as "the veto"
    When I correct the first 6 characters of "the veto": on 2023-10 because "the report says October"
    Then the correction is revision 2 of "the veto" with on "2023-10"

  Scenario: A retracted action leaves the answers but stays in what was known before
    Given the recording clock reads "2024-08-01T12:00:00"
    And recorded: halt-trade by TUR target ISR on 2024-05 as "the halt"
    And the recording clock reads "2024-09-01T12:00:00"
    When I retract "the halt" because "the report was mistaken"
    Then it is accepted
    When I ask the state of TUR and ISR at "2024-06-01"
    Then the answer has no measure at all
    When I ask the timeline of TUR and ISR
    Then the timeline is empty
    When I ask the state of TUR and ISR at "2024-06-01" as known at "2024-08-15"
    Then the answer has a trade measure held by TUR
    And the measure was opened by "the halt"
    When I ask the timeline of TUR and ISR as known at "2024-08-15"
    Then the timeline has a halt-trade by TUR against ISR on "2024-05"

  Scenario: A retracted action cannot be corrected
    Given recorded: halt-trade by TUR target ISR on 2024-05 as "the halt"
    And "the halt" was retracted because "the report was mistaken"
    When I correct "the halt": on 2024-06 because "another report"
    Then it is rejected as a conflict mentioning "retracted"

  Scenario: A retracted action cannot be retracted again
    Given recorded: halt-trade by TUR target ISR on 2024-05 as "the halt"
    And "the halt" was retracted because "the report was mistaken"
    When I retract "the halt" because "still mistaken"
    Then it is rejected as a conflict mentioning "already retracted"

  Scenario: Retracting a veto that was later lifted would leave the lift with nothing to lift
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10 as "the veto"
    And recorded: lift-veto by TUR target ISR forum NATO on 2024-06-15 as "the lift"
    When I retract "the veto" because "the sources were unreliable"
    Then it is rejected as a conflict mentioning "nothing to end"
    And the conflict names the action "the lift"
    When I ask the state of NATO and ISR at "2024-01-01"
    Then the answer has an engagement-veto measure held by TUR

  Scenario: Moving a veto after its lift is refused the same way
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10 as "the veto"
    And recorded: lift-veto by TUR target ISR forum NATO on 2024-06-15 as "the lift"
    When I correct "the veto": on 2024-07 because "a later report"
    Then it is rejected as a conflict mentioning "nothing to end"
    And the conflict names the action "the lift"

  Scenario: A correction that breaks a rule is refused
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10 as "the veto"
    When I correct "the veto": on 1950 because "a typo"
    Then it is rejected as a conflict mentioning "TUR is not a member of NATO at 1950"

  Scenario: Retracting the lift first, then the veto, is consistent
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023-10 as "the veto"
    And recorded: lift-veto by TUR target ISR forum NATO on 2024-06-15 as "the lift"
    And "the lift" was retracted because "no lift was ever announced"
    When I retract "the veto" because "the sources were unreliable"
    Then it is accepted
    And there is no measure between NATO and ISR at "2024-01-01"

  Scenario: A correction that names an id that does not exist is an error
    When I correct "0000beef": on 2023-10 because "a typo"
    Then it is rejected as bad input on the field "id" mentioning "no action"

  Scenario: An id is hexadecimal
    When I retract "the-veto" because "a typo"
    Then it is rejected as bad input on the field "id" mentioning "hexadecimal"

  Scenario: A correction says why
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023 as "the veto"
    When I correct "the veto": on 2023-10 because ""
    Then it is rejected as bad input on the field "reason"

  Scenario: Who acted cannot be corrected: that is another action
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023 as "the veto"
    When I correct "the veto": by GRC because "it was Greece"
    Then it is rejected as bad input on the field "by"

  Scenario: A correction that changes nothing is refused
    Given recorded: veto-engagement by TUR target ISR forum NATO on 2023 as "the veto"
    When I correct "the veto": on 2023 because "confirming"
    Then it is rejected as bad input on the field "changes"
