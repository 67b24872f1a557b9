"""Commands that append to the record: record, correct, retract, corroborate."""

from __future__ import annotations

from typing import Annotated

import typer

from dtl.cli.context import JsonOption, emit_json, facade
from dtl.cli.render import console
from dtl.domain.errors import InvalidInput

SourceOpt = Annotated[
    str | None,
    typer.Option("--source", help="Who reported it (outlet, body, dataset).", rich_help_panel="Provenance"),
]
UrlOpt = Annotated[
    str | None, typer.Option("--url", help="Where the source can be read.", rich_help_panel="Provenance")
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published", help="When the source published it (YYYY[-MM[-DD]]).", rich_help_panel="Provenance"
    ),
]
AttributionOpt = Annotated[
    str | None,
    typer.Option(
        "--attribution",
        help="official-statement, named-official, anonymous-sources, press-report, document, unverified-claim, dataset.",
        rich_help_panel="Provenance",
    ),
]
GradeOpt = Annotated[
    str | None,
    typer.Option(
        "--grade",
        help="Admiralty grade: reliability A-F and credibility 1-6, e.g. B2.",
        rich_help_panel="Provenance",
    ),
]
QuoteOpt = Annotated[str | None, typer.Option("--quote", help="The source's own words.", rich_help_panel="Provenance")]  # fmt: skip


def _source(name, url, published, attribution, grade, quote) -> dict | None:
    if name is None:
        if any(v is not None for v in (url, published, attribution, grade, quote)):
            raise InvalidInput(
                "source",
                "--url, --published, --attribution, --grade and --quote "
                "describe a source: name it with --source",
            )
        return None
    return {
        "name": name, "url": url, "published": published, "attribution": attribution,
        "grade": grade, "quote": quote,
    }  # fmt: skip


def record(
    ctx: typer.Context,
    action: Annotated[
        str, typer.Argument(help="The action type; 'dtl catalogue' lists them all.", show_default=False)
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by", help="Who acts: one code, or several separated by commas (recorded atomically)."
        ),
    ],
    target: Annotated[str, typer.Option("--target", help="Whom the action is aimed at.")],
    on: Annotated[
        str,
        typer.Option("--on", help="When it happened, as precisely as known: 2023, 2023-10 or 2023-10-07."),
    ],
    forum: Annotated[
        str | None,
        typer.Option("--forum", help="The organisation it happens in (vetoes, blocks, calls for expulsion)."),
    ] = None,
    scope: Annotated[
        str | None,
        typer.Option("--scope", help="What the measure covers, e.g. 'joint meetings and exercises'."),
    ] = None,
    condition: Annotated[
        str | None,
        typer.Option(
            "--condition", help="Stated condition for ending it, e.g. 'until the Gaza conflict ends'."
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="threaten: military, sanctions, relations or other; recognize: de-jure or de-facto.",
        ),
    ] = None,
    charge: Annotated[
        str | None,
        typer.Option("--charge", help="accuse: genocide, war-crimes, aggression, human-rights, ..."),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help="set-, upgrade-, downgrade-representation: ambassador, minister, charge-d-affaires, "
            "interests-section or none.",
        ),
    ] = None,
    effective: Annotated[
        str | None,
        typer.Option("--effective", help="give-withdrawal-notice: the day the withdrawal takes effect."),
    ] = None,
    instead_of: Annotated[
        str | None,
        typer.Option(
            "--instead-of",
            help="recognize: the claimant the recognition moves away from (a switch, e.g. TWN to CHN).",
        ),
    ] = None,
    obligations: Annotated[
        str | None,
        typer.Option(
            "--obligations",
            help="sign-, ratify-treaty, enter-into-force: what BY undertakes, comma-separated: defence, "
            "offence, neutrality, non-aggression, consultation (ATOP's kinds).",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free text kept with the action.")] = None,
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            help="Idempotency key; by default derived from what happened, so re-recording is a no-op.",
        ),
    ] = None,
    in_response_to: Annotated[
        list[str] | None,
        typer.Option(
            "--in-response-to",
            metavar="ID",
            help="It answered this recorded action (repeatable): why it happened; 'dtl why' follows it.",
        ),
    ] = None,
    after: Annotated[
        list[str] | None,
        typer.Option(
            "--after",
            metavar="ID",
            help="It came after this recorded action (repeatable): states the order of actions whose dates leave it open, e.g. two on one day.",
        ),
    ] = None,
    announced: Annotated[
        bool,
        typer.Option(
            "--announced",
            help="Announced to take effect on --on, a day still to come: answers say so until 'dtl correct ID --confirmed'.",
        ),
    ] = False,
    source: SourceOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
    attribution: AttributionOpt = None,
    grade: GradeOpt = None,
    quote: QuoteOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Record one diplomatic action as an immutable event.

    Examples:

      dtl record veto-engagement --by TUR --target ISR --forum NATO --on 2023-10
        --condition "until the Gaza conflict ends" --source "Wire report"
        --attribution anonymous-sources --grade C3

      dtl record sever-relations --by SAU,ARE,BHR,EGY --target QAT --on 2017-06-05

      dtl record recognize --by HND --target CHN --instead-of TWN --on 2023-03-26
    """
    raw = {
        "type": action, "by": by, "target": target, "forum": forum, "on": on, "scope": scope,
        "condition": condition, "kind": kind, "charge": charge, "note": note,
        "key": key, "after": after or None, "announced": announced or None,
        "in_response_to": in_response_to or None,
        "level": level, "effective": effective, "instead_of": instead_of, "obligations": obligations,
    }  # fmt: skip
    raw = {k: v for k, v in raw.items() if v is not None}
    src = _source(source, url, published, attribution, grade, quote)
    if src is not None:
        raw["sources"] = [{k: v for k, v in src.items() if v is not None}]
    result = facade(ctx).record(raw)
    if as_json:
        emit_json(result)
        return
    out = console()
    for action_id in result["recorded"]:
        out.print(f"recorded {action_id}")
    for action_id in result["already_recorded"]:
        out.print(f"already recorded {action_id} (same idempotency key): nothing written")


def correct(
    ctx: typer.Context,
    action_id: Annotated[
        str, typer.Argument(metavar="ID", help="The action's id (its first characters will do).")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why the record changes (kept in the log).")],
    on: Annotated[str | None, typer.Option("--on", help="The corrected date.")] = None,
    scope: Annotated[str | None, typer.Option("--scope")] = None,
    condition: Annotated[str | None, typer.Option("--condition")] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    charge: Annotated[str | None, typer.Option("--charge")] = None,
    level: Annotated[str | None, typer.Option("--level")] = None,
    effective: Annotated[str | None, typer.Option("--effective")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    confirmed: Annotated[
        bool,
        typer.Option(
            "--confirmed",
            help="An announced action took effect as announced: answers stop calling it announced.",
        ),
    ] = False,
    source: SourceOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
    attribution: AttributionOpt = None,
    grade: GradeOpt = None,
    quote: QuoteOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Correct an action's date or details: a new event; the original stays in the log.

    Who acted and on whom cannot be corrected: retract and record the right action.

    Example: dtl correct ed82 --on 2023-10-07 --reason "the ministry gave the day"
    """
    changes = {"on": on, "scope": scope, "condition": condition, "kind": kind, "charge": charge, "note": note,
               "announced": False if confirmed else None, "level": level, "effective": effective}  # fmt: skip
    result = facade(ctx).correct(
        action_id, changes, reason, _source(source, url, published, attribution, grade, quote)
    )
    if as_json:
        emit_json(result)
    else:
        console().print(f"corrected {result['corrected']} (revision {result['revision']})")


def retract(
    ctx: typer.Context,
    action_id: Annotated[
        str, typer.Argument(metavar="ID", help="The action's id (its first characters will do).")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn from the record.")],
    source: SourceOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
    attribution: AttributionOpt = None,
    grade: GradeOpt = None,
    quote: QuoteOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Retract an action: answers stop counting it; 'as known at' earlier still shows it.

    Example: dtl retract ed82 --reason "the report was withdrawn" --source "Wire report"
    """
    result = facade(ctx).retract(
        action_id, reason, _source(source, url, published, attribution, grade, quote)
    )
    if as_json:
        emit_json(result)
    else:
        console().print(f"retracted {result['retracted']}")


def corroborate(
    ctx: typer.Context,
    action_id: Annotated[
        str, typer.Argument(metavar="ID", help="The action's id (its first characters will do).")
    ],
    source: Annotated[
        str,
        typer.Option(
            "--source",
            help="Who else reports it (outlet, body, dataset).",
            rich_help_panel="Provenance",
            show_default=False,
        ),
    ],
    url: UrlOpt = None,
    published: PublishedOpt = None,
    attribution: AttributionOpt = None,
    grade: GradeOpt = None,
    quote: QuoteOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Add a source to a recorded action, as a new event: the action is unchanged, the
    record of who says so grows. Giving the same source twice adds nothing.

    Example: dtl corroborate ed82 --source Reuters --grade B2 --url https://www.reuters.com/...
    """
    result = facade(ctx).corroborate(action_id, _source(source, url, published, attribution, grade, quote))
    if as_json:
        emit_json(result)
        return
    verb = "added a source to" if result["new"] else "already had that source:"
    console().print(f"{verb} {result['corroborated']}; {len(result['sources'])} sources now")
