"""What the OpenAPI document says the API takes and gives, with examples from the seed story
(application/seed_story.py: NATO–ISR, Turkey's veto of NATO's engagement since 2023-10).

The response models describe the facade's plain answers for the document only: routes return
the facade's data as it is (never filtered through these models), and the contract test
(tests/api/test_api_contract.py) holds the two together. Request bodies are described by the
domain's own input models (ActionInput, Changes, Source): validation happens once, in the
facade, with the CLI's messages.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from dtl.application import seed_story
from dtl.application.importers.formats import FORMATS

# -- examples: the seed story -------------------------------------------------------------------
VETO = seed_story.report()[0]
VETO_ID = "ed82fdc8-83ea-53e2-8d66-5372faac625e"  # uuid5 of its idempotency key: the same in every store
PARTNERSHIP_ID = "5d0705fe-8028-5f6d-9c43-f09f19b2a783"
RECORDED_AT = "2024-08-01T12:00:00.000000Z"
VETO_SOURCES = [{k: v for k, v in s.items() if v is not None} for s in VETO["sources"]]

VETO_MEASURE = {
    "pair": ["ISR", "NATO"], "aspect": "engagement-veto", "status": "blocked", "certainty": "in force",
    "by": ["TUR"], "holder": "TUR", "forum": "NATO", "since": "2023-10", "since_precision": "month",
    "until": None, "until_precision": None, "scope": VETO["scope"], "condition": VETO["condition"],
    "events": [VETO_ID], "caveats": [], "sources": VETO_SOURCES, "known_from": RECORDED_AT,
}  # fmt: skip
PARTNERSHIP_MEASURE = {
    "pair": ["ISR", "NATO"], "aspect": "partnership", "status": "partners", "certainty": "in force",
    "by": ["NATO"], "holder": None, "forum": None, "since": "1994-12", "since_precision": "month",
    "until": None, "until_precision": None, "scope": "Mediterranean Dialogue", "condition": None,
    "events": [PARTNERSHIP_ID], "caveats": [], "sources": [seed_story.NATO_MED_DIALOGUE_PAGE],
    "known_from": RECORDED_AT,
}  # fmt: skip
STATE_EXAMPLE = {
    "pair": ["NATO", "ISR"], "at": "2024-03-01", "as_known_at": None, "as_reported_at": None,
    "min_grade": None, "left_out": 0, "left_out_undated": 0,
    "measures": [PARTNERSHIP_MEASURE, VETO_MEASURE], "latest_observations": [], "position": 88,
}  # fmt: skip
VETO_ACTION = {
    "id": VETO_ID, "type": VETO["type"], "on": VETO["on"], "precision": "month", "by": ["TUR"],
    "target": "ISR", "forum": "NATO", "pair": ["ISR", "NATO"], "pairs": [["ISR", "NATO"]],
    "scope": VETO["scope"], "condition": VETO["condition"], "kind": None, "charge": None, "note": None,
    "cameo": "129", "goldstein": -5.0, "recorded_at": RECORDED_AT, "revision": 1, "retracted": False,
    "sources": VETO_SOURCES,
}  # fmt: skip

RECORD_EXAMPLES = {
    "veto": {"summary": "Turkey vetoes NATO's engagement with Israel (2023-10)", "value": VETO},
    "several": {
        "summary": "Several initiators, one atomic action",
        "value": {"type": "sever-relations", "by": "SAU,ARE,BHR,EGY", "target": "QAT", "on": "2017-06-05"},
    },
}
CORRECTION_EXAMPLES = {
    "day": {"summary": "The ministry gave the day",
            "value": {"changes": {"on": "2023-10-07"}, "reason": "the ministry gave the day"}},
}  # fmt: skip
RETRACTION_EXAMPLES = {
    "withdrawn": {"summary": "The report was withdrawn", "value": {"reason": "the report was withdrawn"}},
}
SOURCE_EXAMPLES = {
    "reuters": {"summary": "A second source", "value": {"name": "Reuters", "grade": "B2",
                                                       "attribution": "press-report"}},
}  # fmt: skip


# -- request bodies -----------------------------------------------------------------------------
def input_components() -> dict[str, Any]:
    """The domain's input models as OpenAPI components: ActionInput, Changes, Source, Attribution."""
    from dtl.domain.actions import ActionInput, Changes

    components: dict[str, Any] = {}
    for model in (ActionInput, Changes):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
    # The API also takes `by` as one comma-separated string, as the CLI does.
    by = components["ActionInput"]["properties"]["by"]
    components["ActionInput"]["properties"]["by"] = {
        "anyOf": [by, {"type": "string", "description": "codes separated by commas"}],
        "title": "By",
    }
    return components


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


AnyObject = dict[str, Any]


class CorrectionIn(BaseModel):
    """A correction: the fields set anew, and why (a correction is part of the record)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [CORRECTION_EXAMPLES["day"]["value"]]}
    )

    changes: AnyObject = Field(default_factory=dict)
    reason: str = ""
    source: AnyObject | None = None


class RetractionIn(BaseModel):
    """A retraction: why the action is withdrawn from the record, and on whose word."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "the report was withdrawn"}]}
    )

    reason: str = ""
    source: AnyObject | None = None


class LinkIn(BaseModel):
    """A causal link: the action answered this one."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"responds_to": "b0dbde6e"}]})

    responds_to: str = Field(description="The id (or its first 4+ characters) of the action it answered.")


class WhatIfIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{
                "question": "state",
                "arguments": {"x": "NATO", "y": "ISR", "at": "2024-07-01"},
                "suppose": [
                    {"type": "lift-veto", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-06-01"}
                ],
                "without": [],
            }]
        },
    )  # fmt: skip

    question: str = Field(
        description="state, roster, history, timeline_report, diff, scores, recognition, ..."
    )
    arguments: dict[str, Any] = Field(default_factory=dict, description="The question's own arguments.")
    suppose: list[dict[str, Any]] = Field(
        default_factory=list, max_length=200, description="Actions, as POST /v1/actions takes them."
    )
    without: list[str] = Field(
        default_factory=list, max_length=200, description="Ids of actions supposed retracted."
    )


def envelope_components() -> dict[str, Any]:
    """The envelopes' schemas, pointing at the domain's Changes and Source for what is inside."""
    out = {}
    for model in (CorrectionIn, RetractionIn):
        schema = model.model_json_schema()
        if "changes" in schema["properties"]:
            schema["properties"]["changes"] = {**_ref("Changes"), "description": "The fields set anew."}
        schema["properties"]["source"] = {
            "anyOf": [_ref("Source"), {"type": "null"}],
            "default": None,
            "description": "On whose word (optional).",
        }
        out[model.__name__] = schema
    out["WhatIfIn"] = WhatIfIn.model_json_schema()
    out["LinkIn"] = LinkIn.model_json_schema()
    return out


def json_body(name: str, examples: dict[str, Any], description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description, "content": {
        "application/json": {"schema": _ref(name), "examples": examples}}}}  # fmt: skip


UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "; ".join(f.label for f in FORMATS.values())},
        "format": {"type": "string", "enum": list(FORMATS),
                   "description": "Told from the content when not given."},
    }}}}}}  # fmt: skip


# -- responses ----------------------------------------------------------------------------------
AsReportedAt = Annotated[
    str | None,
    Field(description="The reporting day asked: only actions with a source published by then count."),
]
LeftOutUndated = Annotated[
    int,
    Field(
        description="Of those left out as reported at a day: actions with no publication date on any source."
    ),
]


class Open(BaseModel):
    """Answers may grow new fields; clients ignore the ones they do not know."""

    model_config = ConfigDict(extra="allow")


class SourceCited(Open):
    name: str
    url: str | None = None
    published: str | None = None
    attribution: str | None = None
    grade: str | None = None
    quote: str | None = None
    added_at: str | None = Field(
        default=None, description="Set when the source was added later (corroborated)."
    )


class Measure(Open):
    pair: list[str]
    aspect: str
    status: str
    certainty: str = Field(description='"in force", or "possibly in force" inside an imprecise window')
    by: list[str]
    holder: str | None
    forum: str | None
    since: str
    since_precision: str
    until: str | None
    until_precision: str | None
    scope: str | None
    condition: str | None
    events: list[str]
    caveats: list[str]
    sources: list[SourceCited]
    known_from: str | None = Field(
        description="When the store learnt it (null in an answer re-folded for min_grade)."
    )


class Read(Open):
    """What every question's answer says about how the record was read (the lens: as known at,
    as reported at, a minimum grade), what that left out, and the log position it reflects."""

    as_known_at: str | None
    as_reported_at: AsReportedAt = None
    min_grade: str | None
    left_out: int = Field(description="Actions the reading left out (too weakly sourced, not yet reported).")
    left_out_undated: LeftOutUndated = 0
    position: int = Field(description="The log position the answer reflects.")


class Linked(Open):
    linked: str
    responds_to: str
    new: bool = Field(description="False: the link was there already; nothing was written.")
    position: int


class Why(Read):
    pair: list[str]
    at: str
    measures: list[AnyObject] = Field(
        description="Each measure in force, with `because`: the opening action and, breadth first, "
        "every action it answered (each with `responds_to`, its date and sources)."
    )


class State(Read):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [STATE_EXAMPLE]})

    pair: list[str]
    at: str
    relations: AnyObject = Field(
        default_factory=dict,
        description="Diplomatic relations on the day: status established, severed, none (with "
        "established_on or ended_on) or 'not recorded' (which is not 'none').",
    )
    measures: list[Measure]
    latest_observations: list[AnyObject]


class Recognition(Read):
    recognized: str
    at: str
    count: int = Field(description="How many recognize it on the day.")
    recognizers: list[AnyObject] = Field(description="by, status (kind), since, certainty, event, sources.")
    withdrawn: list[AnyObject] = Field(description="Recognitions ended by the day: by, since, until, event.")


class Treaties(Read):
    pair: list[str]
    at: str
    treaties: list[AnyObject] = Field(
        description="treaty, name, obligations, in_force_between, and each party's standing."
    )


class Parties(Read):
    treaty: str
    name: str
    obligations: list[str]
    at: str
    bound: list[str] = Field(description="Parties the treaty binds on the day (in force, or under notice).")
    parties: list[AnyObject]
    left: list[AnyObject]


class Roster(Read):
    organisation: str
    at: str
    members: list[str]
    partners: list[str]
    suspended: list[str]
    applicants: list[str]
    associates: list[str] = Field(default_factory=list, description="Associate members.")
    observers: list[str] = Field(default_factory=list)
    leaving: list[AnyObject] = Field(
        default_factory=list, description="Members that gave notice of withdrawal, with when it takes effect."
    )
    blocks: list[AnyObject]
    vetoes: list[AnyObject]
    demands: list[AnyObject]
    other_measures: list[AnyObject]
    caveats: list[str]
    sources: dict[str, list[SourceCited]] = Field(
        description="Sources by the id of the action that opened each spell."
    )


class RosterHistory(Read):
    organisation: str
    spells: list[AnyObject]


class History(Read):
    pair: list[str]
    intervals: list[Measure]
    changes: list[AnyObject]


class Action(Open):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [VETO_ACTION]})

    id: str
    type: str
    on: str
    precision: str
    by: list[str]
    target: str
    forum: str | None
    pair: list[str]
    pairs: list[list[str]]
    scope: str | None
    condition: str | None
    kind: str | None
    charge: str | None
    note: str | None
    cameo: str
    goldstein: float | None
    recorded_at: str
    revision: int
    retracted: bool
    sources: list[SourceCited]


class ActionShown(Action):
    revisions: list[AnyObject] = Field(
        description="Every revision: recorded, corrected, retracted, with reasons."
    )


class TimelineAction(Action):
    model_config = ConfigDict(
        extra="allow", json_schema_extra={"examples": [{**VETO_ACTION, "responds_to": []}]}
    )

    responds_to: list[str] = Field(
        description="The ids of the actions it answered (given with it, or by POST /v1/actions/{id}/links), "
        "as known at as_known_at: the links /v1/why follows."
    )


class TimelinePage(Open):
    actions: list[TimelineAction]
    total: int = Field(description="How many actions match, over all pages.")
    offset: int
    limit: int
    next: str | None = Field(description="The next page's path and query, or null on the last page.")
    as_known_at: str | None
    text: str | None
    as_reported_at: AsReportedAt = None
    min_grade: str | None
    left_out: int
    left_out_undated: LeftOutUndated = 0
    position: int


class Observations(Open):
    pair: list[str]
    observations: list[AnyObject]
    summary: AnyObject
    position: int


class ActorOut(Open):
    code: str
    name: str
    kind: str
    aliases: list[str]
    cameo: list[str]


class CatalogueEntry(Open):
    type: str
    family: str
    effect: str
    aspect: str | None
    status: str | None
    pair: list[str]
    holder: str
    cameo: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    rules: list[str]
    details: list[str]
    summary: str


class Diff(Open):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    start: str | None = Field(alias="from", description="The valid period's first day (null: all time).")
    end: str | None = Field(alias="to", description="Its last day (null: all time).")
    reported_since: str | None = Field(
        None, description="Comparing two reporting days: each change says 'news': reported or withdrawn."
    )
    actor: str | None
    pair: list[str] | None
    as_known_at: str | None
    as_reported_at: AsReportedAt = None
    min_grade: str | None
    left_out: int
    left_out_undated: LeftOutUndated = 0
    changes: int
    pairs: list[AnyObject]
    position: int


class Scores(Open):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    x: str
    y: str | None
    by: str
    start: str | None = Field(alias="from")
    end: str | None = Field(alias="to")
    as_known_at: str | None
    as_reported_at: AsReportedAt = None
    min_grade: str | None
    left_out: int
    left_out_undated: LeftOutUndated = 0
    left_out_observations: int
    series: AnyObject
    position: int


class NetworkLink(Open):
    """A causal link: an action (by some actors) answered another (by others)."""

    action: str = Field(description="The id of the answering action.")
    action_type: str
    action_on: str = Field(description="Its date, as precisely as known.")
    by: list[str] = Field(description="Its initiators.")
    responds_to: str = Field(description="The id of the action it answered.")
    responds_to_type: str
    responds_to_on: str
    responds_to_by: list[str]


class Network(Open):
    at: str
    aspect: str | None
    as_known_at: str | None
    as_reported_at: AsReportedAt = None
    min_grade: str | None
    left_out: int
    left_out_undated: LeftOutUndated = 0
    nodes: list[AnyObject]
    edges: list[AnyObject]
    links: list[NetworkLink] | None = Field(
        None, description="With links=true, who answered whom (null: not asked)."
    )
    position: int


class Position(Open):
    position: int = Field(description="The last log position the server's views have applied.")


class Recorded(Open):
    model_config = ConfigDict(extra="allow", json_schema_extra={
        "examples": [{"recorded": [VETO_ID], "already_recorded": [], "position": 88}]})  # fmt: skip

    recorded: list[str] = Field(description="Ids of the actions newly recorded.")
    already_recorded: list[str] = Field(description="Ids of actions the store held already (same key).")
    position: int


class Corrected(Open):
    corrected: str
    revision: int
    action: ActionShown


class Retracted(Open):
    retracted: str


class Corroborated(Open):
    corroborated: str
    new: bool = Field(description="False when the store had this source already.")
    sources: list[SourceCited]
    position: int


class Imported(Open):
    format: str
    rows: int
    imported: int
    duplicates: int
    skipped: dict[str, int]


# Error responses every route may give, described once.
def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    from dtl.api.problems import KINDS

    by_status = {status: title for status, title in KINDS.values()}
    return {
        s: {"description": by_status.get(s, "Error"),
            "content": {"application/problem+json": {"schema": _ref("Problem")}}}
        for s in statuses
    }  # fmt: skip


READ_ERRORS = errors(400, 401, 404, 405, 422, 503)
WRITE_ERRORS = errors(400, 401, 404, 405, 409, 413, 415, 422, 503)
