"""Questions over HTTP: the facade's answers, with the log position, ETags, pages and problems."""

from __future__ import annotations

import json

import pytest

from dtl.application import seed_story
from tests.api.support import problem


def state(client, **params):
    return client.get("/v1/state", params={"x": "NATO", "y": "ISR", "at": "2024-03-01", **params})


def test_the_state_of_nato_and_israel_in_march_2024_shows_turkeys_veto_since_october_2023(client, seeded):
    response = state(client)
    assert response.status_code == 200, response.text
    answer = response.json()
    vetoes = [m for m in answer["measures"] if m["aspect"] == "engagement-veto"]
    assert [(m["by"], m["since"], m["status"]) for m in vetoes] == [(["TUR"], "2023-10", "blocked")]
    assert vetoes[0]["sources"][0]["grade"] == "C3"
    assert response.headers["X-Dtl-Position"] == str(answer["position"]) != "0"


def test_an_unchanged_answer_costs_a_304_until_something_new_is_recorded(client, seeded, dtl):
    first = state(client)
    tag = first.headers["ETag"]
    again = client.get(first.request.url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == tag and again.headers["X-Dtl-Position"] == first.headers["X-Dtl-Position"]
    assert client.get(first.request.url, headers={"If-None-Match": f'W/{tag}, "other"'}).status_code == 304
    other_day = state(client, at="2023-09-01")
    assert other_day.headers["ETag"] != tag, "the tag is keyed on the question too"
    dtl.record({"type": "meet", "by": "TUR", "target": "ISR", "on": "2024-07-30"})
    moved = client.get(first.request.url, headers={"If-None-Match": tag})
    assert moved.status_code == 200 and moved.headers["ETag"] != tag
    assert int(moved.headers["X-Dtl-Position"]) > int(first.headers["X-Dtl-Position"])


def test_every_read_answers_as_known_at_a_time_before_the_report_was_recorded(client, dtl, clock):
    clock.set("2024-06-01T00:00:00")  # after the background's last day (2024-03-07), before the report
    dtl.import_lines([(n, json.dumps(a)) for n, a in enumerate(seed_story.background(), 1)])
    clock.set("2024-08-01T12:00:00")
    for action in seed_story.report():
        dtl.record(action)
    before = state(client, as_known_at="2024-07-01").json()
    assert [m["aspect"] for m in before["measures"]] == ["partnership"]
    assert before["as_known_at"].startswith("2024-07-01T23:59:59")
    now = state(client).json()
    assert "engagement-veto" in [m["aspect"] for m in now["measures"]]
    timeline = client.get("/v1/timeline", params={"pair": "TUR,ISR", "as_known_at": "2024-07-01"}).json()
    assert timeline["actions"] == [] and timeline["total"] == 0
    history = client.get("/v1/history", params={"x": "TUR", "y": "ISR", "as_known_at": "2024-07-01"}).json()
    assert history["intervals"] == []


def test_every_read_answers_as_reported_at_a_day_before_the_report_was_published(client, seeded):
    before = state(client, as_reported_at="2024-07-31").json()
    assert [m["aspect"] for m in before["measures"]] == ["partnership"]
    assert (before["as_reported_at"], before["left_out"]) == ("2024-07-31", 2)
    after = state(client, as_reported_at="2024-08-01").json()
    assert "engagement-veto" in [m["aspect"] for m in after["measures"]] and after["left_out"] == 0
    timeline = client.get("/v1/timeline", params={"pair": "TUR,ISR", "as_reported_at": "2024-07-31"}).json()
    assert timeline["actions"] == [] and timeline["total"] == 0
    news = client.get("/v1/diff", params={"reported_since": "2024-07-31", "as_reported_at": "2024-08-01"}).json()
    assert {c["news"] for p in news["pairs"] for c in p["changes"]} == {"reported"} and news["changes"] > 0
    refused = state(client, as_reported_at="last summer")
    assert refused.status_code == 422 and refused.json()["field"] == "as-reported-at", refused.text


def test_the_timeline_comes_a_page_at_a_time_with_a_total_and_a_link_to_the_next_page(client, seeded):
    whole = client.get("/v1/timeline", params={"limit": 1000}).json()
    assert whole["total"] == len(whole["actions"]) > 40 and whole["next"] is None
    pages, url = [], "/v1/timeline?actor=TUR&limit=4"
    while url:
        page = client.get(url).json()
        assert page["limit"] == 4 and len(page["actions"]) <= 4
        pages.append(page)
        url = page["next"]
    everything = client.get("/v1/timeline", params={"actor": "TUR", "limit": 1000}).json()
    assert [a["id"] for p in pages for a in p["actions"]] == [a["id"] for a in everything["actions"]]
    assert {p["total"] for p in pages} == {everything["total"]} and len(pages) == -(-everything["total"] // 4)
    assert [p["offset"] for p in pages] == list(range(0, everything["total"], 4))


def test_the_timeline_filters_by_type_words_and_grade_as_the_cli_does(client, seeded):
    vetoes = client.get("/v1/timeline", params={"type": ["veto-engagement", "halt-trade"]}).json()
    assert sorted(a["type"] for a in vetoes["actions"]) == ["halt-trade", "veto-engagement"]
    words = client.get("/v1/timeline", params={"text": "vetoed october"}).json()
    assert [a["type"] for a in words["actions"]] == ["veto-engagement"] and words["text"] == "vetoed october"
    graded = client.get("/v1/timeline", params={"pair": "TUR,ISR", "min_grade": "B2"}).json()
    assert graded["left_out"] >= 1 and all(a["type"] != "veto-engagement" for a in graded["actions"])


def test_one_action_is_shown_with_its_revisions_by_the_first_characters_of_its_id(client, seeded):
    veto = seeded["veto-engagement"]
    shown = client.get(f"/v1/actions/{veto[:8]}")
    assert shown.status_code == 200 and shown.json()["id"] == veto
    assert [r["revision"] for r in shown.json()["revisions"]] == [1]
    problem(client.get("/v1/actions/ffffffff"), 404, "id")


def test_reference_data_and_analyst_views_answer_with_the_facades_data(client, seeded):
    actors = client.get("/v1/actors", params={"search": "arab"}).json()
    assert "LAS" in [a["code"] for a in actors]
    catalogue = client.get("/v1/catalogue").json()
    assert "veto-engagement" in [t["type"] for t in catalogue]
    roster = client.get("/v1/roster/NATO", params={"at": "2024-08-01"}).json()
    assert len(roster["members"]) == 32 and roster["partners"] == ["ISR"]
    spells = client.get("/v1/roster/NATO/history").json()
    assert any(s["other"] == "SWE" and s["aspect"] == "membership" for s in spells["spells"])
    diff = client.get("/v1/diff", params={"from": "2023-01-01", "to": "2024-08-01", "actor": "TUR"}).json()
    assert diff["changes"] >= 2
    scores = client.get("/v1/scores", params={"x": "TUR", "y": "ISR", "by": "year"}).json()
    assert [p["period"] for p in scores["series"]["undirected"]] == ["2023", "2024"]
    network = client.get("/v1/network", params={"at": "2024-03-01", "aspect": "engagement-veto"}).json()
    assert [(e["source"], e["target"]) for e in network["edges"]] == [("TUR", "ISR")]
    assert client.get("/v1/position").json()["position"] == roster["position"]


CHARTS = [("svg", "image/svg+xml", b"<?xml"), ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
          ("png", "image/png", b"\x89PNG")]  # fmt: skip


def test_a_relationship_is_drawn_as_svg_html_or_png(client, seeded):
    for fmt, media, start in CHARTS:
        chart = client.get("/v1/charts/pair", params={"x": "TUR", "y": "ISR", "format": fmt})
        assert chart.status_code == 200, chart.text[:300]
        assert chart.headers["content-type"] == media and chart.content.startswith(start), fmt
        tag = chart.headers["ETag"]
        assert client.get(chart.request.url, headers={"If-None-Match": tag}).status_code == 304


def test_an_organisation_chart_and_the_network_file_come_as_their_own_media_types(client, seeded):
    roster = client.get("/v1/charts/roster/NATO", params={"from": "2020-01-01", "to": "2024-08-01"})
    assert roster.status_code == 200 and roster.headers["content-type"] == "image/svg+xml"
    graphml = client.get("/v1/network", params={"at": "2024-03-01", "format": "graphml"})
    assert graphml.headers["content-type"] == "application/graphml+xml" and b"<graphml" in graphml.content


BAD_READS = [
    ("/v1/state", {"x": "NATO", "y": "ISR", "at": "2024-13-01"}, 422, "at"),
    ("/v1/state", {"x": "NATO", "y": "ISR", "at": "2024-03"}, 422, "at"),
    ("/v1/state", {"x": "NATO", "y": "ISRX", "at": "2024-03-01"}, 422, "y"),
    ("/v1/state", {"x": "NATO", "y": "NATO", "at": "2024-03-01"}, 422, "y"),
    ("/v1/state", {"x": "NATO", "at": "2024-03-01"}, 422, "y"),
    (
        "/v1/state",
        {"x": "NATO", "y": "ISR", "at": "2024-03-01", "as_known_at": "yesterday"},
        422,
        "as-known-at",
    ),
    ("/v1/state", {"x": "NATO", "y": "ISR", "at": "2024-03-01", "min_grade": "Z9"}, 422, "min-grade"),
    ("/v1/roster/ISR", {"at": "2024-03-01"}, 422, "org"),
    ("/v1/roster/NATO", {"at": "\x00"}, 422, "at"),
    ("/v1/history", {"x": "TUR", "y": "\u0130SR"}, 422, "y"),
    ("/v1/timeline", {"limit": "0"}, 422, "limit"),
    ("/v1/timeline", {"limit": "many"}, 422, "limit"),
    ("/v1/timeline", {"offset": "-1"}, 422, "offset"),
    ("/v1/timeline", {"pair": "TUR"}, 422, "pair"),
    ("/v1/timeline", {"pair": "TUR,ISR", "actor": "TUR"}, 422, "pair"),
    ("/v1/timeline", {"type": "veto"}, 422, "type"),
    ("/v1/timeline", {"from": "2024-02-30"}, 422, "from"),
    ("/v1/timeline", {"text": "   "}, 422, "text"),
    ("/v1/observations", {"x": "TUR", "y": "ISR", "from": "2024-02-01", "to": "2024-01-01"}, 422, "from"),
    ("/v1/actions/zz", {}, 422, "id"),
    ("/v1/actors", {"kind": "planet"}, 422, "kind"),
    ("/v1/diff", {"from": "2024-01-01", "to": "2024-02-01", "actor": "TUR", "pair": "TUR,ISR"}, 422, "pair"),
    ("/v1/diff", {"from": "2024-01-01"}, 422, "to"),
    ("/v1/scores", {"x": "TUR", "by": "week"}, 422, "by"),
    ("/v1/network", {"at": "2024-03-01", "aspect": "friendship"}, 422, "aspect"),
    ("/v1/network", {"at": "2024-03-01", "format": "gexf"}, 422, "format"),
    ("/v1/charts/pair", {"x": "TUR", "y": "ISR", "format": "gif"}, 422, "format"),
    ("/v1/events/stream", {"after": "-5"}, 422, "after"),
]


def test_a_bad_question_is_a_problem_naming_the_field_never_a_500(client, seeded):
    for (
        path,
        params,
        status,
        field,
    ) in BAD_READS:  # one store for them all: a store costs more than a question
        try:
            problem(client.get(path, params=params), status, field)
        except AssertionError as exc:
            raise AssertionError(f"GET {path} {params}: {exc}") from None


def test_an_unknown_route_and_a_wrong_method_are_problems_too(client):
    problem(client.get("/v1/nothing-here"), 404)
    refused = problem(client.delete("/v1/state"), 405)
    assert refused["type"] == "urn:dtl:problem:method-not-allowed"


def test_the_openapi_document_describes_every_route_with_the_seed_storys_examples(client):
    doc = client.get("/openapi.json").json()
    assert {"/v1/state", "/v1/timeline", "/v1/actions", "/v1/events/stream", "/v1/imports"} <= set(
        doc["paths"]
    )
    record = doc["paths"]["/v1/actions"]["post"]
    example = record["requestBody"]["content"]["application/json"]["examples"]["veto"]["value"]
    assert (example["type"], example["by"], example["target"], example["on"]) == (
        "veto-engagement",
        "TUR",
        "ISR",
        "2023-10",
    )
    assert record["security"] == [{"bearer": []}]
    assert doc["components"]["schemas"]["State"]["examples"][0]["pair"] == ["NATO", "ISR"]
    assert doc["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/v1/charts/pair?x=TUR&y=ISR&from=9999", 422),
        ("/v1/charts/roster/NATO?to=0001", 422),
        ("/v1/diff?from=2020-01-01&to=9999-12-31", 200),
        ("/v1/scores?x=TUR&from=9999-12-31", 200),
        ("/v1/scores?x=TUR&y=ISR&to=0001-01-01&by=year", 200),
    ],
)
def test_questions_at_the_ends_of_the_calendar_are_answered_or_refused_never_a_500(
    client, seeded, url, status
):
    response = client.get(url)
    assert response.status_code == status, response.text
    if status == 422:
        assert response.headers["content-type"].startswith("application/problem+json")


def test_what_if_answers_as_if_an_action_had_been_recorded_and_stores_nothing(client, seeded, dtl):
    before = dtl.position()
    body = {
        "question": "state",
        "arguments": {"x": "NATO", "y": "ISR", "at": "2024-07-01"},
        "suppose": [{"type": "lift-veto", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-06-01"}],
    }
    response = client.post("/v1/what-if", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["hypothetical"]["stored"] is False and len(answer["hypothetical"]["supposed"]) == 1
    assert "engagement-veto" not in [m["aspect"] for m in answer["measures"]]
    assert dtl.position() == before and dtl.timeline(types=["lift-veto"]) == []
    refused = client.post("/v1/what-if", json={**body, "question": "record"})
    assert refused.status_code == 422 and refused.json()["field"] == "question", refused.text
