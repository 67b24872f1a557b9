"""Writes over HTTP: the CLI's validation and messages, as problem details; 201 for something
new, 200 for what the store already held; 409 for a conflict with the timeline."""

from __future__ import annotations

import json

import pytest

from dtl.api import Settings, create_app
from dtl.cli.main import main
from tests.api.support import WRITE, problem

THREAT = {"type": "threaten", "by": "TUR", "target": "GRC", "on": "2024-07-30", "kind": "military"}


def test_recording_answers_201_with_the_new_id_and_the_same_action_again_200_already_recorded(client, dtl):
    first = client.post("/v1/actions", json=THREAT, headers=WRITE)
    assert first.status_code == 201, first.text
    (new_id,) = first.json()["recorded"]
    assert first.headers["Location"] == f"/v1/actions/{new_id}"
    assert first.headers["X-Dtl-Position"] == str(first.json()["position"])
    again = client.post("/v1/actions", json=THREAT, headers=WRITE)
    assert (
        again.status_code == 200
        and again.json()["already_recorded"] == [new_id]
        and again.json()["recorded"] == []
    )
    assert [a["id"] for a in dtl.timeline()] == [new_id]


def test_several_initiators_given_as_the_cli_gives_them_are_one_atomic_action(client, dtl):
    body = {"type": "sever-relations", "by": "SAU,ARE,BHR,EGY", "target": "QAT", "on": "2017-06-05"}
    recorded = client.post("/v1/actions", json=body, headers=WRITE)
    assert recorded.status_code == 201, recorded.text
    assert dtl.show(recorded.json()["recorded"][0])["by"] == ["SAU", "ARE", "BHR", "EGY"]


def test_a_write_that_contradicts_the_timeline_is_a_409_naming_the_conflicting_event(client, seeded, dtl):
    before = dtl.position()
    again = dict(THREAT, type="establish-partnership", by="NATO", target="ISR", on="2001-05")
    del again["kind"]
    refused = problem(client.post("/v1/actions", json=again, headers=WRITE), 409)
    assert refused["detail"].startswith("conflict: partnership on ISR-NATO is already partners since 1994-12")
    assert len(refused["conflicting"]) == 1 and refused["detail"].count(refused["conflicting"][0][:8]) == 1
    assert dtl.position() == before, "nothing was written"


def test_correcting_retracting_and_corroborating_add_events_and_say_so(client, seeded, dtl):
    veto = seeded["veto-engagement"]
    corrected = client.post(f"/v1/actions/{veto[:8]}/corrections", headers=WRITE,
                            json={"changes": {"on": "2023-10-07"}, "reason": "the ministry gave the day"})  # fmt: skip
    assert corrected.status_code == 201, corrected.text
    assert (corrected.json()["revision"], corrected.json()["action"]["on"]) == (2, "2023-10-07")
    source = {"name": "Reuters", "grade": "B2", "url": "https://www.reuters.com/world/"}
    added = client.post(f"/v1/actions/{veto}/sources", json=source, headers=WRITE)
    assert added.status_code == 201 and added.json()["new"] is True
    assert [s["name"] for s in added.json()["sources"]][-1] == "Reuters"
    same = client.post(f"/v1/actions/{veto}/sources", json=source, headers=WRITE)
    assert same.status_code == 200 and same.json()["new"] is False
    threat = seeded["threaten"]
    retracted = client.post(
        f"/v1/actions/{threat}/retraction", json={"reason": "the report was withdrawn"}, headers=WRITE
    )
    assert retracted.status_code == 201 and retracted.json() == {"retracted": threat}
    assert threat not in [a["id"] for a in dtl.timeline()]
    shown = client.get(f"/v1/actions/{veto}").json()
    assert [r["revision"] for r in shown["revisions"]] == [1, 2], "a source is not a revision"
    assert [s["name"] for s in shown["sources"]] == ["News report, Ankara dateline", "Reuters"]


def cli_error(capsys, store: str, *args: str) -> str:
    code = main(["--store", store, *args])
    err = capsys.readouterr().err
    assert code == 2, (code, err)
    assert err.startswith("dtl: ") and err.count("\n") == 1
    return err[len("dtl: ") :].rstrip("\n")


# (the CLI's arguments, the same as a JSON body, the field named)
SAME_AS_CLI = [
    (["record", "threaten", "--by", "TUR", "--target", "GRC", "--on", "2024-13"],
     {"type": "threaten", "by": "TUR", "target": "GRC", "on": "2024-13"}, "on"),
    (["record", "threaten", "--by", "TUR", "--target", "GRX", "--on", "2024-08"],
     {"type": "threaten", "by": "TUR", "target": "GRX", "on": "2024-08"}, "target"),
    (["record", "veto", "--by", "TUR", "--target", "ISR", "--on", "2024-08"],
     {"type": "veto", "by": "TUR", "target": "ISR", "on": "2024-08"}, "type"),
    (["record", "veto-engagement", "--by", "TUR", "--target", "ISR", "--on", "2023-10"],
     {"type": "veto-engagement", "by": "TUR", "target": "ISR", "on": "2023-10"}, "forum"),
    (["record", "threaten", "--by", "TUR,TUR", "--target", "GRC", "--on", "2024-08"],
     {"type": "threaten", "by": "TUR,TUR", "target": "GRC", "on": "2024-08"}, "by"),
    (["record", "threaten", "--by", "TUR", "--target", "GRC", "--on", "2024-08", "--kind", "nuclear"],
     {"type": "threaten", "by": "TUR", "target": "GRC", "on": "2024-08", "kind": "nuclear"}, "kind"),
    (["record", "threaten", "--by", "TUR", "--target", "GRC", "--on", "2024-08", "--source", "Wire", "--grade", "Z9"],
     {"type": "threaten", "by": "TUR", "target": "GRC", "on": "2024-08", "sources": [{"name": "Wire", "grade": "Z9"}]},
     "sources.0.grade"),
]  # fmt: skip


def test_bad_input_to_record_is_a_422_with_the_line_the_cli_prints(client, capsys, store_url):
    for args, body, field in SAME_AS_CLI:
        refused = problem(client.post("/v1/actions", json=body, headers=WRITE), 422)
        said = cli_error(capsys, store_url, *args)
        assert refused["detail"] == said, (args, refused, said)
        assert refused["field"] == said.split(":")[0] == field


def test_bad_corrections_retractions_and_sources_are_422_with_the_facades_messages(
    client, seeded, capsys, store_url
):
    veto = seeded["veto-engagement"]
    cases = [
        (f"/v1/actions/{veto}/corrections", {"changes": {"on": "2023-10-07"}}, "reason",
         ["correct", veto, "--on", "2023-10-07", "--reason", " "]),
        (f"/v1/actions/{veto}/corrections", {"changes": {}, "reason": "why"}, "changes",
         ["correct", veto, "--reason", "why"]),
        (f"/v1/actions/{veto}/corrections", {"changes": {"on": "2023-02-30"}, "reason": "why"}, "on",
         ["correct", veto, "--on", "2023-02-30", "--reason", "why"]),
        (f"/v1/actions/{veto}/corrections", {"changes": {"by": "GRC"}, "reason": "why"}, "by", None),
        (f"/v1/actions/{veto}/corrections", {"on": "2023-10-07", "reason": "why"}, "on", None),
        (f"/v1/actions/{veto}/corrections", {"changes": "on", "reason": "why"}, "changes", None),
        (f"/v1/actions/{veto}/retraction", {}, "reason", ["retract", veto, "--reason", ""]),
        (f"/v1/actions/{veto}/retraction", {"reason": 5}, "reason", None),
        (f"/v1/actions/{veto}/retraction", {"reason": "why", "source": {"grade": "B2"}}, "source.name", None),
        (f"/v1/actions/{veto}/sources", {"name": "Reuters", "grade": "B9"}, "source.grade",
         ["corroborate", veto, "--source", "Reuters", "--grade", "B9"]),
        (f"/v1/actions/{veto}/sources", ["Reuters"], "source", None),
        ("/v1/actions/zz/retraction", {"reason": "why"}, "id", ["retract", "zz", "--reason", "why"]),
    ]  # fmt: skip
    for path, body, field, args in cases:
        refused = problem(client.post(path, json=body, headers=WRITE), 422, field)
        if args is not None:
            assert refused["detail"] == cli_error(capsys, store_url, *args), (path, body)
    problem(client.post("/v1/actions/ffffffff/retraction", json={"reason": "why"}, headers=WRITE), 404, "id")


@pytest.mark.parametrize("path", ["/v1/actions", "/v1/actions/ed82fdc8/corrections", "/v1/actions/ed82fdc8/retraction",
                                  "/v1/actions/ed82fdc8/sources"])  # fmt: skip
def test_a_malformed_body_on_any_write_route_is_a_400_or_415_or_422_never_a_500(client, path):
    bad_json = client.post(
        path, content=b'{"type": "threaten",', headers={**WRITE, "Content-Type": "application/json"}
    )
    problem(bad_json, 400, "body")
    problem(
        client.post(path, content=b"", headers={**WRITE, "Content-Type": "application/json"}), 400, "body"
    )
    problem(
        client.post(path, content=b"\xff\xfe{}", headers={**WRITE, "Content-Type": "application/json"}), 400
    )
    problem(client.post(path, content=b"type=threaten", headers={**WRITE, "Content-Type": "text/plain"}), 415)
    problem(client.post(path, json=[1, 2], headers=WRITE), 422)
    problem(client.post(path, json="threaten", headers=WRITE), 422)
    problem(client.post(path, json={"note": "x" * 2_000_000}, headers=WRITE), 413, "body")
    chunks = iter(
        [b'{"note": "', b"x" * 600_000, b"x" * 600_000, b'"}']
    )  # no Content-Length: counted as it comes
    problem(
        client.post(path, content=chunks, headers={**WRITE, "Content-Type": "application/json"}), 413, "body"
    )


def test_an_uploaded_file_of_actions_is_imported_whole_or_not_at_all(client, dtl):
    lines = [dict(THREAT, target=t) for t in ("GRC", "CYP", "ARM")]
    upload = "".join(json.dumps(line) + "\n" for line in lines).encode()
    first = client.post("/v1/imports", files={"file": ("actions.jsonl", upload)}, headers=WRITE)
    assert first.status_code == 201, first.text
    assert (first.json()["format"], first.json()["imported"], first.json()["duplicates"]) == ("jsonl", 3, 0)
    again = client.post(
        "/v1/imports", files={"file": ("actions.jsonl", upload)}, data={"format": "jsonl"}, headers=WRITE
    )
    assert again.status_code == 200 and again.json()["duplicates"] == 3
    broken = upload + json.dumps(dict(THREAT, target="ATLANTIS")).encode() + b"\n"
    before = dtl.position()
    refused = problem(
        client.post("/v1/imports", files={"file": ("a.jsonl", broken)}, headers=WRITE), 422, "target"
    )
    assert refused["line"] == 4 and refused["detail"].startswith("line 4: target: unknown actor 'ATLANTIS'")
    assert dtl.position() == before


def test_an_upload_is_refused_when_malformed_or_too_large(dtl):
    from fastapi.testclient import TestClient

    small = Settings(write_tokens=WRITE["Authorization"].split()[1:], max_upload_bytes=10_000)
    with TestClient(create_app(dtl, small)) as client:
        problem(
            client.post("/v1/imports", files={"file": ("big.jsonl", b"{}\n" * 10_000)}, headers=WRITE),
            413,
            "body",
        )
        problem(client.post("/v1/imports", files={"other": ("a.jsonl", b"{}\n")}, headers=WRITE), 422, "file")
        problem(client.post("/v1/imports", files={"file": ("a.txt", b"")}, headers=WRITE), 422, "format")
        problem(client.post("/v1/imports", files={"file": ("a.txt", b"x\n")}, data={"format": "xml"}, headers=WRITE),
                422, "format")  # fmt: skip
        problem(client.post("/v1/imports", json={"file": "a"}, headers=WRITE), 415, "content-type")
        garbled = client.post("/v1/imports", content=b"--x\r\nnonsense", headers={
            **WRITE, "Content-Type": "multipart/form-data; boundary=x"})  # fmt: skip
        assert garbled.status_code in (400, 422), garbled.text


def test_a_write_is_recorded_by_the_name_of_its_token_never_by_the_token(dtl):
    from fastapi.testclient import TestClient

    secret = "desk-secret-0123456789abcdefghij"
    settings = Settings.from_env({"DTL_API_TOKENS": f"Ankara desk:{secret},{'x' * 32}"})
    assert settings.token_names == ("Ankara desk", "token 2") and secret in settings.write_tokens
    with TestClient(create_app(dtl, settings)) as client:
        auth = {"Authorization": f"Bearer {secret}"}
        (action_id,) = client.post("/v1/actions", json=THREAT, headers=auth).json()["recorded"]
        client.post(f"/v1/actions/{action_id}/retraction", json={"reason": "wrong"}, headers=auth)
        shown = client.get(f"/v1/actions/{action_id}").json()
        unnamed = client.post("/v1/actions", json={**THREAT, "on": "2024-07-29"},
                              headers={"Authorization": f"Bearer {'x' * 32}"})  # fmt: skip
    assert [r["recorded_by"] for r in shown["revisions"]] == ["Ankara desk", "Ankara desk"]
    assert dtl.show(unnamed.json()["recorded"][0])["recorded_by"] == "token 2"
    assert secret not in json.dumps(dtl.timeline()) and secret not in json.dumps(shown)


def test_token_names_that_could_mislead_are_refused_at_start():
    from dtl.domain.errors import InvalidInput

    for value in (f"a:{'x' * 32},a:{'y' * 32}", f":{'x' * 32}", f"bad\tname:{'x' * 32}"):
        with pytest.raises(InvalidInput) as refused:
            Settings.from_env({"DTL_API_TOKENS": value})
        assert refused.value.field == "DTL_API_TOKENS" and "x" * 32 not in str(refused.value)


def test_a_link_is_added_over_http_and_why_follows_it(client, seeded, dtl):
    actions = {a["type"]: a["id"] for a in dtl.timeline(pair=("TUR", "ISR"))}
    call, threat = actions["call-for-expulsion"], actions["threaten"]
    first = client.post(f"/v1/actions/{call}/links", json={"responds_to": threat[:8]}, headers=WRITE)
    assert first.status_code == 201 and first.json()["new"], first.text
    again = client.post(f"/v1/actions/{call}/links", json={"responds_to": threat}, headers=WRITE)
    assert again.status_code == 200 and not again.json()["new"]
    cycle = client.post(f"/v1/actions/{threat}/links", json={"responds_to": call}, headers=WRITE)
    assert cycle.status_code == 409 and "cycle" in cycle.json()["detail"], cycle.text
    why = client.get("/v1/why", params={"x": "NATO", "y": "TUR", "at": "2024-08-01"}).json()
    (demand,) = [m for m in why["measures"] if m["aspect"] == "expulsion-demand"]
    assert [s["id"] for s in demand["because"]] == [call, threat]
