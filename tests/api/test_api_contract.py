"""The contract: schemathesis generates requests from /openapi.json (the app in process, over
ASGI, with a write token so the writes run too) and checks every response: no 500, a status
the document lists, a body that conforms to the documented schema.

Per operation: the document's own examples (the seed story), then at most MAX_EXAMPLES
generated cases, positive (fitting the schema) and negative (not fitting it) alike; no
Hypothesis deadline. The event stream is left out: it never ends, by design (it has its own
tests, tests/api/test_api_stream.py).

Schemathesis's pytest plugin (`schema.parametrize()` over a fixture) does not run under
pytest 9 yet, so each operation's strategy is driven by Hypothesis directly.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.api.support import WRITE

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
LEFT_OUT = "/v1/events/stream"


def test_no_request_gets_a_500_or_an_answer_the_document_does_not_describe(app, seeded):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path=LEFT_OUT)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20, [op.label for op in operations]
    for operation in operations:
        examples = list(schema.get_strategies_from_examples(operation))
        generated = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        for strategies, count in ((examples, 3 * len(examples)), (generated, MAX_EXAMPLES)):
            if not strategies:
                continue

            @settings(
                max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck)
            )
            @given(case=st.one_of(*strategies))
            def check(case) -> None:
                case.call_and_validate(headers=WRITE, checks=CHECKS)

            check()
