"""The seed report (2024-08-01) as actions, with the NATO membership history it needs.

Facts from the report are attributed as the report attributes them; background facts
(membership, the partnership) come from NATO's own pages. Dates keep the precision the
sources give: "since October" is 2023-10, not 2023-10-01.

Every source says when it was published, for the reported clock (`--as-reported-at`): the report
on 2024-08-01; NATO's acts (an accession, the Mediterranean Dialogue) were public the day they
happened, so their sources are dated with the act.
"""

from __future__ import annotations

REPORT = {
    "name": "News report, Ankara dateline",
    "published": "2024-08-01",
}
NATO_MEMBERS_PAGE = {
    "name": "NATO: Member countries",
    "url": "https://www.nato.int/cps/en/natohq/topics_52044.htm",
    "attribution": "document",
    "grade": "A1",
}
NATO_MED_DIALOGUE_PAGE = {
    "name": "NATO: Mediterranean Dialogue",
    "url": "https://www.nato.int/cps/en/natohq/topics_52927.htm",
    "attribution": "document",
    "grade": "A1",
}

ACCESSIONS = {
    "1949-04-04": ["BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"],
    "1952-02-18": ["GRC", "TUR"],
    "1955-05-06": ["DEU"],
    "1982-05-30": ["ESP"],
    "1999-03-12": ["CZE", "HUN", "POL"],
    "2004-03-29": ["BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN"],
    "2009-04-01": ["ALB", "HRV"],
    "2017-06-05": ["MNE"],
    "2020-03-27": ["MKD"],
}


def background() -> list[dict]:
    """NATO's membership until 2022, the Nordic accessions, and the partnership with Israel."""
    actions = []
    for day, members in ACCESSIONS.items():
        for code in members:
            actions.append({"type": "admit", "by": "NATO", "target": code, "on": day,
                            "sources": [{**NATO_MEMBERS_PAGE, "published": day}]})  # fmt: skip
    nordic = [
        {"type": "apply", "by": "FIN", "target": "NATO", "on": "2022-05-18"},
        {"type": "apply", "by": "SWE", "target": "NATO", "on": "2022-05-18"},
        {"type": "block-accession", "by": "TUR", "target": "FIN", "forum": "NATO", "on": "2022-05-18",
         "condition": "until its security concerns are met"},
        {"type": "block-accession", "by": "TUR", "target": "SWE", "forum": "NATO", "on": "2022-05-18",
         "condition": "until its security concerns are met"},
        {"type": "lift-accession-block", "by": "TUR", "target": "FIN", "forum": "NATO", "on": "2023-03-30"},
        {"type": "admit", "by": "NATO", "target": "FIN", "on": "2023-04-04"},
        {"type": "lift-accession-block", "by": "TUR", "target": "SWE", "forum": "NATO", "on": "2024-01-23"},
        {"type": "admit", "by": "NATO", "target": "SWE", "on": "2024-03-07"},
    ]  # fmt: skip
    for action in nordic:
        action["sources"] = [{**NATO_MEMBERS_PAGE, "published": action["on"]}]
    actions.extend(nordic)
    dialogue = {**NATO_MED_DIALOGUE_PAGE, "published": "1994-12"}
    actions.append(
        {
            "type": "establish-partnership",
            "by": "NATO",
            "target": "ISR",
            "on": "1994-12",
            "scope": "Mediterranean Dialogue",
            "sources": [dialogue],
        }  # fmt: skip
    )
    return actions


def report() -> list[dict]:
    """What the 2024-08-01 report says, each fact on the word it was given on."""
    return [
        {"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2023-10",
         "scope": "all NATO engagement with Israel, joint meetings and exercises included",
         "condition": "until the conflict in Gaza ends",
         "sources": [{**REPORT, "attribution": "anonymous-sources", "grade": "C3",
                      "quote": "Turkey had vetoed all NATO engagement with Israel since October"}]},
        {"type": "halt-trade", "by": "TUR", "target": "ISR", "on": "2024-05",
         "scope": "all bilateral trade",
         "sources": [{**REPORT, "attribution": "press-report", "grade": "B2",
                      "quote": "has halted all bilateral trade"}]},
        {"type": "statement", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2024-07",
         "note": "after the NATO summit in Washington: NATO's partnership with Israel cannot go on",
         "sources": [{**REPORT, "attribution": "named-official", "grade": "B2",
                      "quote": "it was not possible for NATO to continue its partnership with the "
                               "Israeli administration"}]},
        {"type": "threaten", "by": "TUR", "target": "ISR", "on": "2024-07", "kind": "military",
         "note": "appeared to threaten to intervene militarily, as in Libya and Nagorno-Karabakh",
         "sources": [{**REPORT, "attribution": "press-report", "grade": "B3"}]},
        {"type": "call-for-expulsion", "by": "ISR", "target": "TUR", "forum": "NATO", "on": "2024-07",
         "note": "Israel's foreign minister urged NATO to expel Turkey",
         "sources": [{**REPORT, "attribution": "named-official", "grade": "B2"}]},
        {"type": "accuse", "by": "TUR", "target": "ISR", "on": "2024-08-01", "charge": "genocide",
         "note": "Ankara claims Israel's war in Gaza amounts to a genocide (reported as ongoing)",
         "sources": [{**REPORT, "attribution": "press-report", "grade": "B2"}]},
        {"type": "statement", "by": "HAMAS", "target": "ISR", "on": "2024-08-01",
         "note": "casualty figures from the Hamas-run health ministry; cannot be independently "
                 "verified and do not distinguish civilians from combatants",
         "sources": [{**REPORT, "attribution": "unverified-claim", "grade": "F6",
                      "quote": "over 39,000 Palestinians"}]},
    ]  # fmt: skip
