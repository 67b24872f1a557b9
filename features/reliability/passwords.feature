Feature: A database password never appears in what dtl prints
  An operator gives dtl a PostgreSQL URL, on the command line or in DTL_STORE, and the URL may
  carry a password. Whatever goes wrong, dtl explains it on one line and shows the URL with
  the password replaced by "***"; the password itself is never in its output, its errors or
  its log. These scenarios are about PostgreSQL and run against the PostgreSQL test server.

  Scenario Outline: A connection that fails is explained without the password
    When I run "dtl state NATO ISR --at 2024-03-01" against <where>, with a password in the URL
    Then the exit code is <code>
    And the error is one line on stderr
    And the error says "<names>"
    And the error says "<says>"
    And the password appears nowhere in the output, the error or dtl's debug log

    Examples:
      | where                                              | code | names              | says                            |
      | a port where nothing listens                       | 3    | :***@              | Connection refused              |
      | the test server, as a role that does not exist     | 3    | :***@              | no_such_role                    |
      | the test server, in a database that does not exist | 3    | :***@              | no_such_database                |
      | a malformed URL                                    | 2    | store:             | the PostgreSQL URL is malformed |

  Scenario: A command that succeeds, and the help, say nothing of the password
    When I run "dtl verify" on this store through a URL carrying a password
    Then the exit code is 0
    And the password appears nowhere in the output, the error or dtl's debug log
    When I ask dtl for its help, with DTL_STORE holding a URL with a password
    Then the exit code is 0
    And the output says "DTL_STORE"
    And the password appears nowhere in the output, the error or dtl's debug log

  Scenario: A separate dtl process keeps the password out of its error
    When a separate dtl process runs "dtl timeline" with DTL_STORE naming a role that does not exist, with a password
    Then the exit code is 3
    And the error is one line on stderr
    And the error says "no_such_role"
    And the password appears nowhere in what the process printed
