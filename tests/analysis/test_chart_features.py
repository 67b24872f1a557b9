"""features/analysis/chart.feature, on SQLite and on PostgreSQL. The shared steps (recording the
seed story, running the CLI, exit codes) live in tests/steps.py; the chart's own are here.
A chart is read back structurally: element ids and titles in its SVG (inline in the HTML)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then

from tests.analysis.charts.support import external_references, groups, ids, svg_root, title_of

pytestmark = pytest.mark.usefixtures("backend")  # every scenario on both backends
scenarios("analysis/chart.feature")

CODE = r"[A-Za-z][A-Za-z0-9]*"


@given(parsers.re(r'the chart is to be written to "(?P<name>[^"]+)"'))
def chart_goes_to(tmp_path, world, name):
    world.files[name] = str(tmp_path / name)


def _chart(world, name: str):
    path = Path(world.files[name])
    assert path.exists(), f"no chart was written to {path}"
    return svg_root(path)


@then(parsers.re(r'the output names the file "(?P<name>[^"]+)"'))
def output_names_file(run, world, name):
    assert run.stdout.splitlines()[0] == world.files[name], run.stdout


@then(parsers.re(r'the chart "(?P<name>[^"]+)" draws (?P<bars>\d+) bars? and (?P<markers>\d+) markers?'))
def chart_counts(world, name, bars, markers):
    root = _chart(world, name)
    assert (len(ids(root, "bar-")), len(ids(root, "marker-"))) == (int(bars), int(markers))


@then(
    parsers.re(
        rf'the chart "(?P<name>[^"]+)" has an? (?P<aspect>[a-z-]+) bar held by (?P<holder>{CODE}) '
        r"that fades in over (?P<window>[0-9-]+)"
    )
)
def chart_fading_bar(world, name, aspect, holder, window):
    root = _chart(world, name)
    bars = [g for g in groups(root, f"bar-{aspect}-{holder}-")]
    assert len(bars) == 1, ids(root, "bar-")
    suffix = bars[0].get("id").removeprefix("bar-")
    assert ids(root, f"fade-{suffix}") == [f"fade-{suffix}"]
    assert f"since {window} (month)" in title_of(bars[0])


@then(parsers.re(r'the chart "(?P<name>[^"]+)" loads nothing from elsewhere'))
def chart_self_contained(world, name):
    assert external_references(Path(world.files[name]).read_text(encoding="utf-8")) == []


@then(
    parsers.re(
        r'the chart "(?P<name>[^"]+)" lists its sources, among them "(?P<source>[^"]+)" graded (?P<grade>[A-F][1-6])'
    )
)
def chart_sources(world, name, source, grade):
    text = Path(world.files[name]).read_text(encoding="utf-8")
    assert f'{source}, <span class="grade">{grade}</span>' in text


@then(parsers.re(r'the chart "(?P<name>[^"]+)" has markers for (?P<types>[a-z, -]+)'))
def chart_marker_types(world, name, types):
    expected = [t.strip() for t in types.replace(" and ", ", ").split(",")]
    found = ["-".join(i.split("-")[1:-1]) for i in ids(_chart(world, name), "marker-")]
    assert found == expected


@then(
    parsers.re(
        rf'the chart "(?P<name>[^"]+)" has an? (?P<aspect>[a-z-]+) bar on (?P<other>{CODE}) held by (?P<holder>{CODE})'
    )
)
def chart_roster_bar(world, name, aspect, other, holder):
    bars = groups(_chart(world, name), f"bar-{aspect}-{other}-")
    assert len(bars) == 1 and f"by {holder}" in title_of(bars[0])


@then(parsers.re(r'the chart "(?P<name>[^"]+)" has no (?P<aspect>[a-z-]+) bar'))
def chart_no_bar(world, name, aspect):
    assert ids(_chart(world, name), f"bar-{aspect}-") == []


@then(parsers.re(r"the output reports (?P<count>\d+) actions? left out"))
def output_left_out(run, count):
    assert json.loads(run.stdout)["left_out"] == int(count), run.stdout
