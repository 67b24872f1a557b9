"""Observations in the store: one stream per source id, written in bulk, projected in bulk."""

from __future__ import annotations

from datetime import UTC, date, datetime

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from dtl.application.bulk import encode_observation
from dtl.domain.observations import Observation, ObservationRecorded, observation_id


def make(source_id: str, actor1: str = "TUR", actor2: str = "ISR", on: date = date(2024, 5, 2), **kw):
    fields = dict(
        system="gdelt", source_id=source_id, on=on, actor1=actor1, actor2=actor2,
        actor1_code=actor1 + "GOV", actor2_code=actor2, cameo="163", goldstein=-8.0, quad_class=4,
        plover="SANCTION", published=datetime(2024, 5, 2, 15, 45, tzinfo=UTC),
        url=f"https://example.org/{source_id}", mentions=3, tone=-4.25,
    )  # fmt: skip
    fields.update(kw)
    return Observation(**fields)


observations = st.builds(
    Observation,
    system=st.sampled_from(["gdelt", "icews", "dtl"]),
    source_id=st.text(min_size=1, max_size=30),
    on=st.dates(min_value=date(1, 1, 1)),
    actor1=st.sampled_from(["TUR", "ISR", "NATO"]),
    actor2=st.sampled_from(["USA", "EU"]),
    actor1_code=st.text(max_size=12),
    actor2_code=st.text(max_size=12),
    cameo=st.from_regex(r"^\d{2,4}$", fullmatch=True),
    goldstein=st.floats(min_value=-10, max_value=10),
    quad_class=st.integers(1, 4),
    plover=st.none() | st.sampled_from(["SANCTION", "CONSULT"]),
    published=st.none() | st.datetimes(timezones=st.just(UTC)),
    url=st.none() | st.text(max_size=50),
    mentions=st.none() | st.integers(0, 10**6),
    tone=st.none() | st.floats(min_value=-100, max_value=100),
)


@settings(max_examples=200, deadline=None)
@given(observations)
def test_the_hand_built_encoding_is_exactly_what_pydantic_would_store(obs):
    stream_id = observation_id(obs.key)
    moment = datetime(2026, 1, 2, 3, 4, 5, 6000, tzinfo=UTC)
    fast = encode_observation(stream_id, obs, moment.isoformat().replace("+00:00", "Z"))
    event = ObservationRecorded(
        originator_id=stream_id, originator_version=1, timestamp=moment, observation=obs
    )
    assert orjson.loads(fast) == event.model_dump(mode="json")
    assert ObservationRecorded.model_validate(orjson.loads(fast)) == event


def test_importing_the_same_observations_twice_adds_nothing_and_says_so(dtl):
    batch = [make(str(i)) for i in range(50)]
    assert dtl.record_observations(batch) == {"imported": 50, "duplicates": 0}
    before = dtl.store.writer.recorder.max_notification_id()
    assert dtl.record_observations(batch + [make("50")]) == {"imported": 1, "duplicates": 50}
    assert dtl.store.writer.recorder.max_notification_id() == before + 1


def test_an_event_repeated_within_one_batch_is_stored_once(dtl):
    assert dtl.record_observations([make("7"), make("7"), make("8")]) == {"imported": 2, "duplicates": 1}


def test_catch_up_projects_every_observation_with_its_pair_and_source(dtl):
    dtl.record_observations([make("1"), make("2", actor1="USA", actor2="TUR", cameo="042")])
    dtl.catch_up()
    rows = dtl.store.view.query("SELECT * FROM dtl_observations ORDER BY position")
    assert [(r["source_id"], r["a"], r["b"], r["cameo"]) for r in rows] == [
        ("1", "ISR", "TUR", "163"),
        ("2", "TUR", "USA", "042"),
    ]
    assert rows[0]["url"] == "https://example.org/1" and rows[0]["published"] == "2024-05-02T15:45:00Z"


def test_a_pair_full_of_observations_still_takes_and_answers_a_new_measure(dtl):
    dtl.record_observations([make(str(i)) for i in range(3000)])
    dtl.record({"type": "halt-trade", "by": ["TUR"], "target": "ISR", "on": "2024-05-02"})
    measures = dtl.state("TUR", "ISR", "2024-06-01")["measures"]
    assert [(m["aspect"], m["status"]) for m in measures] == [("trade", "halted")]
