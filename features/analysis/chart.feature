Feature: Charts of a relationship and of an alliance
  An analyst wants one picture of how a relationship changed: which measures held when (and
  how sure the dates are), what was said or threatened along the way, and how hostile each
  month was; and, for an organisation, who was in, who was a partner, and who stood in whose
  way. Every picture rests on the same sources as the answers, and can be limited to the
  well-graded ones.

  Background:
    Given NATO's membership history and its partnership with Israel are recorded
    And the report of 2024-08-01 is recorded

  Scenario: The NATO–Israel chart shows the partnership, Turkey's veto and what was said in NATO
    Given the chart is to be written to "nato-isr.html"
    When I run: dtl chart NATO ISR --from 2023-01 -o nato-isr.html
    Then the exit code is 0
    And the output names the file "nato-isr.html"
    And the chart "nato-isr.html" draws 3 bars and 1 marker
    And the chart "nato-isr.html" has an engagement-veto bar held by TUR that fades in over 2023-10
    And the chart "nato-isr.html" loads nothing from elsewhere
    And the chart "nato-isr.html" lists its sources, among them "News report, Ankara dateline" graded C3

  Scenario: Between Turkey and Israel, the threats and accusations are markers
    Given the chart is to be written to "tur-isr.svg"
    When I run: dtl chart TUR ISR -o tur-isr.svg
    Then the exit code is 0
    And the chart "tur-isr.svg" draws 3 bars and 3 markers
    And the chart "tur-isr.svg" has markers for statement, threaten and accuse

  Scenario: The roster chart of NATO shows who blocked whom
    Given the chart is to be written to "nato.svg"
    When I run: dtl chart --roster NATO --from 2021 -o nato.svg
    Then the exit code is 0
    And the chart "nato.svg" has an accession-block bar on FIN held by TUR
    And the chart "nato.svg" has an accession-block bar on SWE held by TUR
    And the chart "nato.svg" has an expulsion-demand bar on TUR held by ISR

  Scenario: A chart built only on well-graded sources says what it left out
    Given the chart is to be written to "graded.svg"
    When I run: dtl chart NATO ISR --min-grade B2 --json -o graded.svg
    Then the exit code is 0
    And the output reports 1 action left out
    And the chart "graded.svg" has no engagement-veto bar

  Scenario: A chart file must say its format
    When I run: dtl chart NATO ISR -o nato-isr.pdf
    Then the exit code is 2
    And the error is one line on stderr
    And the error names the field "output"
