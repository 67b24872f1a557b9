"""dtl demo: records the seed report's story into the current store and asks it questions."""

from __future__ import annotations

import typer

from dtl.application.seed_story import background, report
from dtl.cli.context import facade
from dtl.cli.render import console, diff_table, roster_table, state_table, timeline_table


def demo(ctx: typer.Context) -> None:
    """Record the 2024-08-01 report's timeline (and the NATO history it needs), then show
    what it tells: re-running it records nothing twice.

    Example: dtl --store /tmp/seed.sqlite3 demo
    """
    dtl = facade(ctx)
    out = console()
    out.rule("1. Background: NATO's membership and its partnership with Israel")
    results = [dtl.record(a) for a in background()]
    before = sum(len(r["recorded"]) for r in results)
    out.print(
        f"recorded {before} background actions (membership since 1949, Finland and "
        "Sweden's accessions, the 1994 partnership)"
    )
    # The store's own clock, not the wall clock: when the last background action was recorded,
    # the store knew the background and nothing of the report; a second run asks the same.
    known_before_report = max(
        dtl.show(action_id)["revisions"][0]["recorded_at"]
        for r in results
        for action_id in r["recorded"] + r["already_recorded"]
    )
    out.rule("2. The report of 2024-08-01, fact by fact, each on its own word")
    for action in report():
        result = dtl.record(action)
        ids = result["recorded"] or result["already_recorded"]
        verb = "recorded" if result["recorded"] else "already recorded"
        out.print(
            f"{verb} {action['type']:<20} {action['by']:>5} -> {action['target']:<5} "
            f"on {action['on']:<10} {ids[0][:8]}"
        )
    out.rule("3. What held between NATO and Israel?")
    state_table(dtl.state("NATO", "ISR", "2023-09-01"))
    state_table(dtl.state("NATO", "ISR", "2024-03-01"))
    out.print("Asked inside the imprecise window ('since October'), the answer says so:")
    state_table(dtl.state("NATO", "ISR", "2023-10-15"))
    out.rule("4. Turkey and Israel, and the Alliance around them")
    state_table(dtl.state("TUR", "ISR", "2024-06-01"))
    state_table(dtl.state("NATO", "TUR", "2024-08-01"))
    roster_table(dtl.roster("NATO", "2024-08-01"))
    out.rule("5. Two clocks: what did the store know before the report was entered?")
    state_table(dtl.state("NATO", "ISR", "2024-03-01", as_known_at=known_before_report))
    out.rule("6. Three clocks: what had the sources published the day before the report?")
    out.print(
        "'As known at' is when the store learned of a fact; 'as reported at' is when a source "
        "had published it. On 2024-07-31 no source had yet said a word of the veto:",
        markup=False,
        soft_wrap=True,
    )
    state_table(dtl.state("NATO", "ISR", "2024-03-01", as_reported_at="2024-07-31"))
    out.print("What the report of 2024-08-01 changed, reaching back to 2023:", markup=False)
    news = dtl.diff(None, None, reported_since="2024-07-31", as_reported_at="2024-08-01")
    diff_table(news)
    out.rule("7. The timeline between Turkey and Israel")
    timeline_table(dtl.timeline(pair=("TUR", "ISR")), "TUR - ISR")
    out.print("\nAsk your own: dtl state NATO ISR --at 2024-03-01 --json")
    out.rule("8. A picture: NATO and Israel since 2023")
    from pathlib import Path

    from dtl.application.charts import pair_chart_data, render_pair
    from dtl.cli.files import write_atomically

    folder = Path(dtl.store.config.display).parent if dtl.store.config.kind == "sqlite" else Path.cwd()
    chart = (folder / "dtl-seed-chart.html").absolute()
    write_atomically(chart, render_pair(pair_chart_data(dtl, "NATO", "ISR", start="2023-01"), "html"))
    out.print(f"wrote the chart of NATO and Israel to {chart}", markup=False, soft_wrap=True)
    out.print(
        "open it in a browser and hover a bar or a marker for its sources; draw your own with "
        "dtl chart X Y -o FILE.html",
        markup=False,
        soft_wrap=True,
    )
