"""The API gives the CLI's rows for Accept: text/csv (and TSV, JSON lines) on the same routes:
the same text `dtl ... --csv` prints, a representation of its own (its own ETag and kept
answer, Vary: Accept), and JSON whenever the client asks for nothing else."""

from __future__ import annotations

from dtl.cli.main import main

VETO = "ed82fdc8"

# (CLI arguments, API path, API query)
ROUTES = [
    (["state", "NATO", "ISR", "--at", "2024-03-01"], "/v1/state", {"x": "NATO", "y": "ISR", "at": "2024-03-01"}),
    (["roster", "NATO", "--at", "2024-08-01"], "/v1/roster/NATO", {"at": "2024-08-01"}),
    (["history", "TUR", "ISR"], "/v1/history", {"x": "TUR", "y": "ISR"}),
    (["timeline", "--pair", "TUR", "ISR"], "/v1/timeline", {"pair": "TUR,ISR"}),
    (["diff", "--from", "2023-01-01", "--to", "2024-08-01", "--actor", "TUR"], "/v1/diff",
     {"from": "2023-01-01", "to": "2024-08-01", "actor": "TUR"}),
    (["observations", "TUR", "ISR"], "/v1/observations", {"x": "TUR", "y": "ISR"}),
    (["scores", "TUR", "ISR", "--by", "quarter"], "/v1/scores", {"x": "TUR", "y": "ISR", "by": "quarter"}),
    (["actors", "arab"], "/v1/actors", {"search": "arab"}),
    (["catalogue"], "/v1/catalogue", {}),
    (["show", VETO], f"/v1/actions/{VETO}", {}),
]  # fmt: skip

MEDIA = [("--csv", "text/csv"), ("--tsv", "text/tab-separated-values"), ("--nl", "application/x-ndjson")]


def cli(capsys, store: str, *args: str) -> str:
    code = main(["--store", store, *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_every_tabular_route_gives_the_clis_rows_for_each_text_format(client, seeded, capsys, store_url):
    for args, path, params in ROUTES:
        for flag, media in MEDIA:
            response = client.get(path, params=params, headers={"Accept": media})
            assert response.status_code == 200, (path, response.text)
            assert response.headers["content-type"].startswith(media), (path, response.headers)
            assert response.text == cli(capsys, store_url, *args, flag), f"{path} as {media}"


def test_json_is_the_answer_when_nothing_else_is_asked_for(client, seeded):
    for accept in (None, "*/*", "application/json", "text/html", "image/png;q=1, text/csv;q=0"):
        headers = {"Accept": accept} if accept else {}
        response = client.get("/v1/catalogue", headers=headers)
        assert response.headers["content-type"] == "application/json", accept
    preferred = client.get("/v1/catalogue", headers={"Accept": "application/json;q=0.5, text/csv"})
    assert preferred.headers["content-type"].startswith("text/csv")


def test_each_representation_has_its_own_etag_and_kept_answer(client, seeded):
    params = {"x": "NATO", "y": "ISR", "at": "2024-03-01"}
    as_json = client.get("/v1/state", params=params)
    as_csv = client.get("/v1/state", params=params, headers={"Accept": "text/csv"})
    again = client.get("/v1/state", params=params)  # kept: must not be the CSV
    assert as_json.headers["etag"] != as_csv.headers["etag"]
    assert again.headers["content-type"] == "application/json" and again.json() == as_json.json()
    assert as_csv.headers["vary"] == "Accept"
    stale = client.get("/v1/state", params=params, headers={"Accept": "text/csv",
                                                            "If-None-Match": as_json.headers["etag"]})  # fmt: skip
    assert stale.status_code == 200 and stale.text == as_csv.text
    fresh = client.get("/v1/state", params=params, headers={"Accept": "text/csv",
                                                            "If-None-Match": as_csv.headers["etag"]})  # fmt: skip
    assert fresh.status_code == 304


def test_errors_stay_problem_details_whatever_is_accepted(client, seeded):
    response = client.get("/v1/state", params={"x": "NATO", "y": "ISX", "at": "2024-03-01"},
                          headers={"Accept": "text/csv"})  # fmt: skip
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
