"""The CLI and the API give the same answers for the same store: the seed story, asked both
ways (`dtl ... --json` through cli.main.main, and HTTP through the app), compared as JSON.

What differs by design: the API's timeline is a page (`actions` plus `total`, `next`, ...);
the CLI prints the actions of all pages at once. Everything else is compared whole.
"""

from __future__ import annotations

import json

from dtl.cli.main import main

VETO = "ed82fdc8-83ea-53e2-8d66-5372faac625e"

# (CLI arguments, API path, API query)
SAME = [
    (["state", "NATO", "ISR", "--at", "2024-03-01"], "/v1/state", {"x": "NATO", "y": "ISR", "at": "2024-03-01"}),
    (["state", "NATO", "ISR", "--at", "2023-10-15"], "/v1/state", {"x": "NATO", "y": "ISR", "at": "2023-10-15"}),
    (["state", "TUR", "ISR", "--at", "2024-06-01", "--min-grade", "B2"], "/v1/state",
     {"x": "TUR", "y": "ISR", "at": "2024-06-01", "min_grade": "B2"}),
    (["state", "NATO", "ISR", "--at", "2024-03-01", "--as-known-at", "2024-08-01T12:00:00.000050"], "/v1/state",
     {"x": "NATO", "y": "ISR", "at": "2024-03-01", "as_known_at": "2024-08-01T12:00:00.000050"}),
    (["state", "NATO", "ISR", "--at", "2024-03-01", "--as-reported-at", "2024-07-01"], "/v1/state",
     {"x": "NATO", "y": "ISR", "at": "2024-03-01", "as_reported_at": "2024-07-01"}),
    (["roster", "NATO", "--at", "2024-08-01"], "/v1/roster/NATO", {"at": "2024-08-01"}),
    (["roster", "NATO", "--at", "2023-06-01", "--as-reported-at", "2023-05"], "/v1/roster/NATO",
     {"at": "2023-06-01", "as_reported_at": "2023-05"}),
    (["roster", "NATO", "--at", "2022-06-01", "--min-grade", "A1"], "/v1/roster/NATO",
     {"at": "2022-06-01", "min_grade": "A1"}),
    (["history", "TUR", "ISR"], "/v1/history", {"x": "TUR", "y": "ISR"}),
    (["history", "NATO", "SWE"], "/v1/history", {"x": "NATO", "y": "SWE"}),
    (["observations", "TUR", "ISR"], "/v1/observations", {"x": "TUR", "y": "ISR"}),
    (["show", VETO[:8]], f"/v1/actions/{VETO[:8]}", {}),
    (["actors", "arab"], "/v1/actors", {"search": "arab"}),
    (["actors", "--kind", "group"], "/v1/actors", {"kind": "group"}),
    (["catalogue"], "/v1/catalogue", {}),
    (["diff", "--from", "2023-01-01", "--to", "2024-08-01", "--actor", "TUR"], "/v1/diff",
     {"from": "2023-01-01", "to": "2024-08-01", "actor": "TUR"}),
    (["diff", "--from", "2022-01-01", "--to", "2024-08-01", "--pair", "NATO", "SWE"], "/v1/diff",
     {"from": "2022-01-01", "to": "2024-08-01", "pair": "NATO,SWE"}),
    (["diff", "--reported-since", "2024-07-01", "--as-reported-at", "2024-08-02"], "/v1/diff",
     {"reported_since": "2024-07-01", "as_reported_at": "2024-08-02"}),
    (["history", "TUR", "ISR", "--as-reported-at", "2024-07-31"], "/v1/history",
     {"x": "TUR", "y": "ISR", "as_reported_at": "2024-07-31"}),
    (["scores", "TUR", "ISR", "--by", "quarter"], "/v1/scores", {"x": "TUR", "y": "ISR", "by": "quarter"}),
    (["scores", "--actor", "TUR", "--by", "year"], "/v1/scores", {"x": "TUR", "by": "year"}),
]  # fmt: skip

# (CLI timeline arguments, API query): the API's `actions` over every page
TIMELINES = [
    ([], {}),
    (["--pair", "TUR", "ISR"], {"pair": "TUR,ISR"}),
    (["--actor", "TUR", "--from", "2023-10", "--to", "2024-07"], {"actor": "TUR", "from": "2023-10", "to": "2024-07"}),
    (["--type", "admit", "--type", "apply"], {"type": ["admit", "apply"]}),
    (["--text", "vetoed october"], {"text": "vetoed october"}),
    (["--min-grade", "B2"], {"min_grade": "B2"}),
    (["--as-known-at", "2024-08-01T12:00:00.000050"], {"as_known_at": "2024-08-01T12:00:00.000050"}),
    (["--as-reported-at", "2024-07-31"], {"as_reported_at": "2024-07-31"}),
]  # fmt: skip


def cli_json(capsys, store: str, *args: str):
    code = main(["--store", store, *args, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_the_cli_and_the_api_give_the_same_answers_for_the_seed_story(client, seeded, capsys, store_url):
    for args, path, params in SAME:
        response = client.get(path, params=params)
        assert response.status_code == 200, (path, params, response.text)
        assert response.json() == cli_json(capsys, store_url, *args), (
            f"dtl {' '.join(args)} differs from {path}"
        )


def test_the_apis_timeline_pages_hold_exactly_the_clis_timeline(client, seeded, capsys, store_url):
    for args, params in TIMELINES:
        actions, url = [], client.get("/v1/timeline", params={**params, "limit": 7}).json()
        while True:
            actions += url["actions"]
            if url["next"] is None:
                break
            url = client.get(url["next"]).json()
        assert actions == cli_json(capsys, store_url, "timeline", *args), f"dtl timeline {' '.join(args)}"
