Feature: Recording over HTTP takes a token
  Reads are open; writes need one of the server's bearer tokens. A write without one, or with
  a wrong one, is refused and records nothing. With a token, the same rules and messages as
  the command line apply.

  Scenario: A write without a token is refused and records nothing
    When I record over HTTP without a token: threaten by TUR target ISR on 2024-07 kind military
    Then the API answers 401 naming the field "authorization"
    And the store holds 0 actions

  Scenario: A write with a wrong token is refused and records nothing
    When I record over HTTP with the token "not-my-token": threaten by TUR target ISR on 2024-07 kind military
    Then the API answers 401 naming the field "authorization"
    And the store holds 0 actions

  Scenario: With the token the action is recorded, and recording it again adds nothing
    When I record over HTTP with my token: threaten by TUR target ISR on 2024-07 kind military
    Then the API answers 201
    When I record over HTTP with my token: threaten by TUR target ISR on 2024-07 kind military
    Then the API answers 200
    And the store holds 1 action

  Scenario: The rules of the timeline hold over HTTP too
    Given recorded: admit by NATO target TUR on 1952-02-18
    When I record over HTTP with my token: veto-engagement by TUR target ISR on 2023-10
    Then the API answers 422 naming the field "forum"
    When I record over HTTP with my token: lift-veto by TUR target ISR forum NATO on 2024-01
    Then the API answers 409
    And the store holds 1 action
