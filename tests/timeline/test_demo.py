"""`dtl demo` through the CLI, twice on one store: what it records, what it answers, and that a
second run (which records nothing) gives the same answers, the "two clocks" section included.

Expectations come from the seed story (dtl.application.seed_story) and from the report's facts,
never from a copy of the demo's output: the ids are those the story's actions are recorded
under, the roster is every state the background admits, the as-known-at of section 5 is when
the store recorded the last background action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dtl.application import seed_story
from dtl.application.facade import Dtl
from dtl.cli.main import main
from dtl.domain.actions import action_id_for, build_action, parse_input

RULE = re.compile(r"^─+ (?P<number>\d)\. (?P<title>.+?) ─+$")
TABLE_TITLE = re.compile(
    r"^(?P<a>[A-Z]+) - (?P<b>[A-Z]+) on (?P<at>\S+)(?: as reported at (?P<reported>\S+))?(?: as known at (?P<known>\S+))?$"
)
OTHER_TITLE = re.compile(r"^[A-Z]+ - [A-Z]+\s*$")
COLUMNS = ("aspect", "by", "state", "condition", "on whose word", "event")


@dataclass
class StateTable:
    at: str
    known: str | None
    reported: str | None
    rows: list[dict[str, str]]

    def aspects(self) -> list[str]:
        return sorted(row["aspect"] for row in self.rows)

    def row(self, aspect: str) -> dict[str, str]:
        found = [row for row in self.rows if row["aspect"] == aspect]
        assert len(found) == 1, f"one {aspect} row expected on {self.at}: {self.rows}"
        return found[0]


def run_demo(capsys, store: str) -> str:
    capsys.readouterr()
    code = main(["--store", store, "demo"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def sections(output: str) -> dict[int, list[str]]:
    """The demo's numbered sections, each as its lines (trailing blanks dropped)."""
    found: dict[int, list[str]] = {}
    current = None
    for line in output.splitlines():
        line = line.rstrip()
        if match := RULE.match(line):
            current = int(match["number"])
            assert current not in found, f"section {current} printed twice"
            found[current] = []
        elif current is not None:
            found[current].append(line)
    assert sorted(found) == list(range(1, 9)), f"sections printed: {sorted(found)}"
    return found


def state_tables(lines: list[str], pair: tuple[str, str]) -> list[StateTable]:
    """The state tables of one pair in a section, in the order printed."""
    tables: list[tuple[tuple[str, str], StateTable]] = []
    current: StateTable | None = None
    for line in lines:
        if match := TABLE_TITLE.match(line):
            current = StateTable(match["at"], match["known"], match["reported"], [])
            tables.append(((match["a"], match["b"]), current))
        elif OTHER_TITLE.match(line):  # another kind of table (the news): not a state row
            current = None
        elif current is not None and line.startswith("│"):
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            assert len(cells) == len(COLUMNS), f"a row wrapped or lost a cell: {line!r}"
            current.rows.append(dict(zip(COLUMNS, cells, strict=True)))
    return [table for of, table in tables if of == pair]


def normalised(line: str) -> str:
    return " ".join(line.split())


def report_ids() -> list[str]:
    """The id each of the report's actions is recorded under (uuid5 of its idempotency key)."""
    return [str(action_id_for(build_action(parse_input(raw))[1])) for raw in seed_story.report()]


def admitted() -> list[str]:
    return sorted(a["target"] for a in seed_story.background() if a["type"] == "admit")


def test_the_demo_run_twice_records_the_story_once_and_answers_the_same(
    store_url, capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("COLUMNS", "250")  # no cell wraps: each table row is one line
    monkeypatch.chdir(tmp_path)  # on PostgreSQL the demo writes its chart in the working folder
    runs = run_demo(capsys, store_url), run_demo(capsys, store_url)
    check_what_was_recorded(runs)
    check_the_answers(runs, store_url)
    check_the_second_run_answers_as_the_first(runs)


def check_what_was_recorded(demo_runs: tuple[str, str]) -> None:
    first, second = (sections(output) for output in demo_runs)
    background = len(seed_story.background())
    assert first[1][0].startswith(f"recorded {background} background actions (")
    assert second[1][0].startswith("recorded 0 background actions (")
    for number, (output, verb) in enumerate(((first, "recorded"), (second, "already recorded"))):
        lines = [normalised(line) for line in output[2] if line.strip()]
        expected = [
            f"{verb} {a['type']} {a['by']} -> {a['target']} on {a['on']} {action_id[:8]}"
            for a, action_id in zip(seed_story.report(), report_ids(), strict=True)
        ]
        assert lines == expected, f"run {number + 1}"


def check_the_answers(demo_runs: tuple[str, str], store_url: str) -> None:
    veto_id = report_ids()[0]
    halt_id = report_ids()[1]
    demand_id = report_ids()[4]
    for output in demo_runs:
        printed = sections(output)

        before, during, inside = state_tables(printed[3], ("NATO", "ISR"))
        assert (before.at, during.at, inside.at) == ("2023-09-01", "2024-03-01", "2023-10-15")
        # 2023-09-01: the 1994 partnership (the Mediterranean Dialogue), no veto yet
        assert before.aspects() == ["partnership"]
        assert before.row("partnership")["state"] == "partners since 1994-12 (month)"
        assert before.row("partnership")["condition"] == "Mediterranean Dialogue"
        # 2024-03-01: Turkey's veto "since October" 2023, in force, on anonymous sources
        veto = during.row("engagement-veto")
        assert during.aspects() == ["engagement-veto", "partnership"]
        assert (veto["by"], veto["state"], veto["event"]) == (
            "TUR",
            "blocked since 2023-10 (month)",
            veto_id[:8],
        )
        assert veto["condition"] == "until the conflict in Gaza ends"
        assert "anonymous-sources [C3]" in veto["on whose word"]
        # 2023-10-15 lies inside "since October": possibly in force, with a caveat saying why
        assert inside.row("engagement-veto")["state"] == "blocked since 2023-10 (month) (possibly)"
        caveats = [line for line in printed[3] if line.startswith("caveat engagement-veto by TUR:")]
        assert len(caveats) == 1 and "2023-10-15 falls inside that window" in caveats[0], caveats

        trade, alliance = state_tables(printed[4], ("TUR", "ISR")) + state_tables(printed[4], ("NATO", "TUR"))
        # Turkey's veto in NATO is part of TUR-ISR, and of NATO-TUR (it holds it there)
        assert (trade.at, trade.aspects()) == ("2024-06-01", ["engagement-veto", "trade"])
        halt = trade.row("trade")
        assert (halt["by"], halt["state"], halt["event"]) == (
            "TUR",
            "halted since 2024-05 (month)",
            halt_id[:8],
        )
        assert (alliance.at, alliance.aspects()) == (
            "2024-08-01",
            ["engagement-veto", "expulsion-demand", "membership"],
        )
        assert alliance.row("membership")["state"] == "member since 1952-02-18"
        demand = alliance.row("expulsion-demand")
        assert (demand["by"], demand["state"], demand["event"]) == ("ISR", "demanded since 2024-07 (month)",
                                                                    demand_id[:8])  # fmt: skip

        roster = printed[4][printed[4].index("NATO on 2024-08-01") :]
        members = admitted()
        assert roster[1] == f"members ({len(members)}): {', '.join(members)}"
        assert roster[2:5] == ["partners (1): ISR", "suspended (0): -", "applicants (0): -"]
        assert "veto: TUR vetoes engagement with ISR since 2023-10" in roster
        assert "demand: ISR calls for the expulsion of TUR since 2024-07" in roster

        (known_before,) = state_tables(printed[5], ("NATO", "ISR"))
        assert known_before.at == "2024-03-01"
        assert known_before.known == last_background_recording(store_url)
        assert known_before.aspects() == ["partnership"], "the store knew nothing of the report yet"

        # the day before the report, no source had published the veto; the report's news follows
        (reported_before,) = state_tables(printed[6], ("NATO", "ISR"))
        assert (reported_before.at, reported_before.reported) == ("2024-03-01", "2024-07-31")
        assert reported_before.aspects() == ["partnership"]
        news = [normalised(line) for line in printed[6] if line.startswith("│ reported")]
        measures = [a for a in seed_story.report() if a["type"] in ("veto-engagement", "halt-trade",
                                                                      "call-for-expulsion")]  # fmt: skip
        assert len(news) == len(measures), news
        for action in measures:
            rows = [row for row in news if f" {action['type']} " in row]
            assert len(rows) == 1 and f"{action['on']} (month) │ opened" in rows[0], (action, news)


def check_the_second_run_answers_as_the_first(demo_runs: tuple[str, str]) -> None:
    first, second = (sections(output) for output in demo_runs)
    for number in range(3, 9):
        assert second[number] == first[number], f"section {number} changed on the second run"
    assert [line.split(" ", 2)[2] for line in first[1] if line] == [
        line.split(" ", 2)[2] for line in second[1] if line
    ]
    assert [normalised(line).removeprefix("recorded ") for line in first[2] if line.strip()] == [
        normalised(line).removeprefix("already recorded ") for line in second[2] if line.strip()
    ]


def last_background_recording(store: str) -> str:
    """When the store recorded the last of the background's actions (by its own clock)."""
    with Dtl(store) as dtl:
        ids = [str(action_id_for(build_action(parse_input(raw))[1])) for raw in seed_story.background()]
        return max(dtl.show(action_id)["revisions"][0]["recorded_at"] for action_id in ids)
