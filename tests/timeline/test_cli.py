"""The CLI's contract: JSON shapes, exit codes, one-line errors, nothing written on error."""

from __future__ import annotations

import json

import pytest

from dtl.cli.main import main


def dtl_cli(capsys, store: str, *args: str) -> tuple[int, str, str]:
    code = main(["--store", store, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def as_json(capsys, store, *args):
    code, out, err = dtl_cli(capsys, store, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_after_the_demo_nato_isr_engagement_is_blocked_by_turkey_since_october_2023(capsys, store_url):
    code, out, err = dtl_cli(capsys, store_url, "demo")
    assert code == 0, err
    blocked = as_json(capsys, store_url, "state", "NATO", "ISR", "--at", "2024-03-01")
    vetoes = [m for m in blocked["measures"] if m["aspect"] == "engagement-veto"]
    assert [(m["by"], m["since"], m["since_precision"], m["status"]) for m in vetoes] == [
        (["TUR"], "2023-10", "month", "blocked")
    ]
    assert vetoes[0]["events"] and vetoes[0]["sources"][0]["attribution"] == "anonymous-sources"
    before = as_json(capsys, store_url, "state", "NATO", "ISR", "--at", "2023-09-01")
    assert [m for m in before["measures"] if m["aspect"] == "engagement-veto"] == []


def test_running_the_demo_twice_records_nothing_twice(capsys, store_url):
    assert dtl_cli(capsys, store_url, "demo")[0] == 0
    first = as_json(capsys, store_url, "timeline")
    code, out, _ = dtl_cli(capsys, store_url, "demo")
    assert code == 0 and "already recorded" in out
    assert as_json(capsys, store_url, "timeline") == first


def test_the_query_commands_speak_the_documented_json(capsys, sqlite_store):
    recorded = as_json(
        capsys, sqlite_store, "record", "admit", "--by", "NATO", "--target", "TUR", "--on", "1952-02-18"
    )
    assert set(recorded) >= {"recorded"} and len(recorded["recorded"]) == 1
    roster = as_json(capsys, sqlite_store, "roster", "NATO", "--at", "2000-01-01")
    assert {"members", "partners", "suspended", "applicants"} <= set(roster)
    assert roster["members"] == ["TUR"]
    rows = as_json(capsys, sqlite_store, "timeline", "--actor", "TUR")
    assert [r["id"] for r in rows] == recorded["recorded"]
    assert {"id", "type", "on", "by", "pair", "recorded_at"} <= set(rows[0])
    assert rows[0]["pair"] == ["NATO", "TUR"]
    history = as_json(capsys, sqlite_store, "history", "NATO", "TUR")
    assert [c["change"] for c in history["changes"]] == ["began"]
    shown = as_json(capsys, sqlite_store, "show", recorded["recorded"][0][:8])
    assert [r["revision"] for r in shown["revisions"]] == [1]


@pytest.fixture
def sqlite_store(tmp_path) -> str:
    """An empty store (a question on a store that does not exist is refused as such)."""
    from dtl.application.facade import Dtl

    path = str(tmp_path / "cli.sqlite3")
    Dtl(path).open().close()
    return path


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["record", "admit", "--by", "NATO", "--target", "TURR", "--on", "1952"], "target"),
        (["record", "admit", "--by", "NATO", "--target", "TUR", "--on", "2023-02-30"], "on"),
        (["record", "vetoo", "--by", "TUR", "--target", "ISR", "--on", "2023"], "type"),
        (["record", "veto-engagement", "--by", "TUR", "--target", "ISR", "--on", "2023"], "forum"),
        (
            ["record", "veto-engagement", "--by", "TUR", "--target", "ISR", "--forum", "USA", "--on", "2023"],
            "forum",
        ),
        (
            [
                "record",
                "admit",
                "--by",
                "NATO",
                "--target",
                "TUR",
                "--on",
                "1952",
                "--source",
                "x",
                "--grade",
                "G7",
            ],
            "grade",
        ),
        (["state", "NATO", "ISR", "--at", "2024-03"], "at"),
        (["roster", "TUR", "--at", "2024-03-01"], "org"),
        (["retract", "deadbeef", "--reason", "wrong"], "id"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field_and_writes_nothing(
    capsys, sqlite_store, args, field
):
    code, out, err = dtl_cli(capsys, sqlite_store, *args)
    assert code == 2
    assert err.count("\n") == 1 and field in err
    assert as_json(capsys, sqlite_store, "timeline") == []


def test_a_conflict_exits_1_and_names_the_conflicting_event(capsys, sqlite_store):
    first = as_json(
        capsys, sqlite_store, "record", "halt-trade", "--by", "TUR", "--target", "ISR", "--on", "2024-05"
    )
    code, _, err = dtl_cli(
        capsys, sqlite_store, "record", "halt-trade", "--by", "TUR", "--target", "ISR", "--on", "2024-06-01"
    )
    assert code == 1
    assert first["recorded"][0][:8] in err and "duplicate" in err and err.count("\n") == 1


def test_several_initiators_are_recorded_all_or_nothing(capsys, sqlite_store):
    as_json(
        capsys,
        sqlite_store,
        "record",
        "sever-relations",
        "--by",
        "EGY",
        "--target",
        "QAT",
        "--on",
        "2017-06-01",
    )
    code, _, err = dtl_cli(
        capsys,
        sqlite_store,
        "record",
        "sever-relations",
        "--by",
        "SAU,ARE,BHR,EGY",
        "--target",
        "QAT",
        "--on",
        "2017-06-05",
    )
    assert code == 1 and "EGY" in err
    assert [r["by"] for r in as_json(capsys, sqlite_store, "timeline")] == [["EGY"]]


def test_a_jsonl_import_is_all_or_nothing_and_names_the_bad_line(capsys, sqlite_store, tmp_path):
    path = tmp_path / "actions.jsonl"
    lines = [
        {"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"},
        {"type": "establish-partnership", "by": "NATO", "target": "ISR", "on": "1994-12"},
        {"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2023-13"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    code, _, err = dtl_cli(capsys, sqlite_store, "import", str(path))
    assert code == 2 and "line 3" in err and "on" in err
    assert as_json(capsys, sqlite_store, "timeline") == []
    lines[2]["on"] = "2023-10"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = as_json(capsys, sqlite_store, "import", str(path))
    assert result["imported"] == 3
    again = as_json(capsys, sqlite_store, "import", str(path))
    assert (again["imported"], again["duplicates"]) == (0, 3)


def test_a_password_in_the_store_url_is_never_printed(capsys):
    code, out, err = dtl_cli(capsys, "postgresql://analyst:s3cret@127.0.0.1:1/nowhere", "timeline")
    assert code == 3
    assert "s3cret" not in out + err and err.count("\n") == 1


@pytest.mark.parametrize(
    "command",
    [
        "record",
        "correct",
        "retract",
        "import",
        "state",
        "roster",
        "timeline",
        "history",
        "show",
        "actors",
        "catalogue",
        "demo",
    ],  # fmt: skip
)
def test_every_command_has_help_that_teaches(capsys, command):
    assert main([command, "--help"]) == 0
    assert len(capsys.readouterr().out) > 200


def test_actors_search_finds_organisations_and_suggests_on_typos(capsys, sqlite_store):
    found = as_json(capsys, sqlite_store, "actors", "arab")
    assert "LAS" in [a["code"] for a in found]


def test_a_retracted_action_recorded_again_is_a_conflict_that_says_how(capsys, sqlite_store):
    args = ["record", "halt-trade", "--by", "TUR", "--target", "ISR", "--on", "2024-05"]
    first = as_json(capsys, sqlite_store, *args)
    as_json(capsys, sqlite_store, "retract", first["recorded"][0][:8], "--reason", "mistaken")
    code, _, err = dtl_cli(capsys, sqlite_store, *args)
    assert code == 1 and "--key" in err
    again = as_json(capsys, sqlite_store, *args, "--key", "halt-2024-05-second-report")
    assert len(again["recorded"]) == 1


def test_a_grade_without_a_source_says_to_name_the_source(capsys, sqlite_store):
    code, _, err = dtl_cli(
        capsys,
        sqlite_store,
        "record",
        "halt-trade",
        "--by",
        "TUR",
        "--target",
        "ISR",
        "--on",
        "2024-05",
        "--grade",
        "B2",
    )
    assert code == 2 and "--source" in err
