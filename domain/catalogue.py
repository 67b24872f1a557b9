"""The action catalogue: one table says, per action type, what it does to the timeline.

Each row names the measure (aspect) it opens or closes, or marks it an instant; which pair
it affects and who holds the measure (roles: the initiators 'by', the 'target', the 'forum');
the rules checked when it is recorded; and its CAMEO code, Goldstein score (from the shipped
codebook, never retyped) and PLOVER type. Code elsewhere reads this table; no rule about a
particular action type lives anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from dtl.domain import cameo


class Effect(str, Enum):
    OPEN = "open"
    CLOSE = "close"
    INSTANT = "instant"


class Role(str, Enum):
    BY = "by"
    TARGET = "target"
    FORUM = "forum"


class Rule(str, Enum):
    BY_MEMBER_OF_FORUM = "each initiator must be a member of the forum"
    TARGET_MEMBER_OF_FORUM = "the target must be a member of the forum"
    HOLDER_NOT_MEMBER = "the applicant must not already be a member"
    TARGET_APPLICANT = "the target must have applied to the forum"
    NO_ACCESSION_BLOCK = "no member may be blocking the accession"
    HOLDER_MEMBER = "the state must be a member"


@dataclass(frozen=True)
class ActionType:
    name: str
    family: str
    effect: Effect
    aspect: str | None
    status: str | None
    pair: tuple[Role, Role]
    holder: Role | None  # None: the measure is mutual (a partnership), nobody holds it alone
    cameo_code: str
    plover: str | None
    plover_mode: str | None
    summary: str
    org_role: Role | None = None  # this role must be an organisation; it is the forum then
    needs_forum: bool = False
    closes_too: tuple[str, ...] = ()  # further aspects this action ends, if in force
    closes_any_holder: bool = False  # restoring relations ends a severance by either side
    rules: tuple[Rule, ...] = ()
    details: tuple[str, ...] = ()  # optional detail fields this type takes
    retired: str | None = None  # why it can no longer be recorded (stores may still hold it)
    # The measure's status comes from a detail: a representation's level, a recognition's
    # kind (de jure, de facto), a withdrawal notice's effective date.
    status_from: str | None = None
    ends_any: tuple[str, ...] = ()  # a closing that may end one of these aspects instead
    opens_too: tuple[tuple[str, str], ...] = ()  # mutual measures a closing (re)opens: (aspect, status)
    switches: bool = False  # takes --instead-of: the same measure towards another actor ends
    on_treaty: bool = False  # the target is a treaty (dtl actors --kind treaty); its parties act

    def status_of(self, value: str | None) -> str | None:
        """The status a measure opened by this type has, given its status detail's value."""
        if self.status_from is None or value is None:
            return self.status
        if self.status_from == "level":
            return value
        if self.status_from == "effective":
            return f"{self.status}, effective {value}"
        return f"{self.status} {value.replace('-', ' ')}"

    @property
    def goldstein(self) -> float:
        return cameo.lookup(self.cameo_code).goldstein

    @property
    def quad_class(self) -> int:
        return cameo.quad_class(self.cameo_code)

    @property
    def is_measure(self) -> bool:
        return self.effect is not Effect.INSTANT


B, T, F = Role.BY, Role.TARGET, Role.FORUM
O, C, I = Effect.OPEN, Effect.CLOSE, Effect.INSTANT
MEASURE_DETAILS = ("scope", "condition")
# Representation in the other's capital, as the COW Diplomatic Exchange data codes it (chargé
# d'affaires, minister, ambassador) plus what its "other" and "no evidence" hide.
LEVELS = ("ambassador", "minister", "charge-d-affaires", "interests-section", "none")
RECOGNITION_KINDS = ("de-jure", "de-facto")
# What a party to an alliance undertakes, as ATOP codes it (Leeds et al., ATOP codebook).
OBLIGATIONS = ("defence", "offence", "neutrality", "non-aggression", "consultation")

_TABLE: tuple[ActionType, ...] = (
    # membership: the measure lives on the pair (organisation, member), held by the member
    ActionType("apply", "membership", O, "application", "applied", (T, B), B, "030", "AGREE", None,
               "BY applies to join the organisation TARGET", org_role=T,
               rules=(Rule.HOLDER_NOT_MEMBER,)),
    ActionType("withdraw-application", "membership", C, "application", None, (T, B), B, "160",
               "RETREAT", None, "BY withdraws its application to TARGET", org_role=T),
    ActionType("admit", "membership", O, "membership", "member", (B, T), T, "057", "COOPERATE",
               None, "the organisation BY admits TARGET as a member", org_role=B,
               closes_too=("application", "observer", "associate-membership"),
               rules=(Rule.NO_ACCESSION_BLOCK,)),
    ActionType("join", "membership", O, "membership", "member", (T, B), B, "057", "COOPERATE",
               None, "BY joins the organisation TARGET (same as admit)", org_role=T,
               closes_too=("application", "observer", "associate-membership"),
               rules=(Rule.NO_ACCESSION_BLOCK,)),
    ActionType("admit-associate", "membership", O, "associate-membership", "associate member",
               (B, T), T, "057", "COOPERATE", None,
               "the organisation BY admits TARGET as an associate member", org_role=B,
               closes_too=("observer",), rules=(Rule.HOLDER_NOT_MEMBER,), details=MEASURE_DETAILS),
    ActionType("grant-observer", "membership", O, "observer", "observer", (B, T), T, "050",
               "COOPERATE", None, "the organisation BY grants TARGET observer status", org_role=B,
               rules=(Rule.HOLDER_NOT_MEMBER,), details=MEASURE_DETAILS),
    ActionType("end-observer", "membership", C, "observer", None, (B, T), T, "160", "SANCTION",
               "discontinue", "the organisation BY ends TARGET's observer status", org_role=B),
    ActionType("give-withdrawal-notice", "membership", O, "withdrawal-notice", "notice given",
               (T, B), B, "160", "SANCTION", "withdraw",
               "BY gives notice that it leaves the organisation TARGET (--effective DATE)",
               org_role=T, status_from="effective", rules=(Rule.HOLDER_MEMBER,),
               details=("effective", "scope")),
    ActionType("revoke-withdrawal-notice", "membership", C, "withdrawal-notice", None, (T, B), B,
               "081", "CONCEDE", None, "BY takes back its notice of leaving TARGET", org_role=T),
    ActionType("suspend", "membership", O, "suspension", "suspended", (B, T), T, "160", "SANCTION",
               "discontinue", "the organisation BY suspends its member TARGET", org_role=B,
               rules=(Rule.TARGET_MEMBER_OF_FORUM,), details=MEASURE_DETAILS),
    ActionType("reinstate", "membership", C, "suspension", None, (B, T), T, "081", "CONCEDE", None,
               "the organisation BY lifts TARGET's suspension", org_role=B),
    ActionType("expel", "membership", C, "membership", None, (B, T), T, "166", "SANCTION", "expel",
               "the organisation BY expels its member TARGET", org_role=B,
               closes_too=("suspension", "withdrawal-notice")),
    ActionType("withdraw", "membership", C, "membership", None, (T, B), B, "166", "SANCTION",
               "withdraw", "BY leaves the organisation TARGET (a member, an associate or an observer)",
               org_role=T, ends_any=("associate-membership", "observer"),
               closes_too=("suspension", "withdrawal-notice", "associate-membership", "observer")),
    # partnership, engagement vetoes, accession blocks (third-party actions: the holder is BY)
    ActionType("establish-partnership", "partnership", O, "partnership", "partners", (B, T), None,
               "057", "AGREE", None, "BY and TARGET establish a partnership",
               details=MEASURE_DETAILS),
    ActionType("end-partnership", "partnership", C, "partnership", None, (B, T), None, "160",
               "SANCTION", "discontinue", "BY ends its partnership with TARGET",
               closes_any_holder=True),
    ActionType("veto-engagement", "partnership", O, "engagement-veto", "blocked", (F, T), B, "129",
               "REJECT", None, "BY vetoes the engagement of the forum FORUM with TARGET",
               needs_forum=True, rules=(Rule.BY_MEMBER_OF_FORUM,), details=MEASURE_DETAILS),
    ActionType("lift-veto", "partnership", C, "engagement-veto", None, (F, T), B, "080", "CONCEDE",
               None, "BY lifts its veto on FORUM's engagement with TARGET", needs_forum=True),
    ActionType("block-accession", "partnership", O, "accession-block", "blocked", (F, T), B, "129",
               "REJECT", None, "BY, a member of FORUM, blocks TARGET's accession",
               needs_forum=True, rules=(Rule.BY_MEMBER_OF_FORUM, Rule.TARGET_APPLICANT),
               details=MEASURE_DETAILS),
    ActionType("lift-accession-block", "partnership", C, "accession-block", None, (F, T), B, "080",
               "CONCEDE", None, "BY stops blocking TARGET's accession to FORUM", needs_forum=True),
    # trade (directed: held by the initiator) and sanctions
    ActionType("restrict-trade", "trade", O, "trade", "restricted", (B, T), B, "163", "SANCTION",
               "discontinue", "BY restricts (part of) its trade with TARGET",
               details=MEASURE_DETAILS),
    ActionType("halt-trade", "trade", O, "trade", "halted", (B, T), B, "163", "SANCTION",
               "discontinue", "BY halts all trade with TARGET", details=MEASURE_DETAILS),
    ActionType("resume-trade", "trade", C, "trade", None, (B, T), B, "085", "CONCEDE", None,
               "BY resumes trade with TARGET (ends a halt or a restriction)"),
    ActionType("impose-sanctions", "trade", O, "sanctions", "imposed", (B, T), B, "163", "SANCTION",
               None, "BY imposes sanctions on TARGET", details=MEASURE_DETAILS),
    ActionType("lift-sanctions", "trade", C, "sanctions", None, (B, T), B, "085", "CONCEDE", None,
               "BY lifts its sanctions on TARGET"),
    # diplomatic relations
    ActionType("recall-ambassador", "diplomatic", O, "ambassador", "recalled", (B, T), B, "161",
               "SANCTION", "withdraw", "BY recalls its ambassador from TARGET",
               details=MEASURE_DETAILS),
    # An expulsion is about the other side's envoy, a recall about one's own: two facts, two
    # aspects, both shown when they fall on one day (Turkey and Israel, 2018-05-15).
    ActionType("expel-ambassador", "diplomatic", O, "envoy-expulsion", "expelled", (B, T), B, "161",
               "SANCTION", "expel", "BY expels TARGET's ambassador", details=MEASURE_DETAILS),
    ActionType("return-ambassador", "diplomatic", C, "ambassador", None, (B, T), B, "050", "CONCEDE",
               None, "BY ends its recall or expulsion: ambassadors return",
               ends_any=("envoy-expulsion",), closes_too=("envoy-expulsion",)),
    # representation: BY's envoy in TARGET's capital, one measure per direction, the level its status
    ActionType("set-representation", "representation", O, "representation", None, (B, T), B, "050",
               "COOPERATE", None,
               "BY is represented in TARGET's capital at --level LEVEL (as a data set records it)",
               status_from="level", details=("level", "scope")),
    ActionType("upgrade-representation", "representation", O, "representation", None, (B, T), B,
               "050", "COOPERATE", None, "BY raises its representation in TARGET to --level LEVEL",
               status_from="level", details=("level", "scope")),
    ActionType("downgrade-representation", "representation", O, "representation", None, (B, T), B,
               "161", "SANCTION", "discontinue",
               "BY lowers its representation in TARGET to --level LEVEL", status_from="level",
               details=("level", "scope", "condition")),
    # recognition: held by the recogniser; --instead-of moves it from another claimant
    ActionType("recognize", "recognition", O, "recognition", "recognized", (B, T), B, "054", "AGREE",
               None,
               "BY recognizes TARGET (--kind de-jure|de-facto; --instead-of OTHER: a switch from "
               "another claimant)", status_from="kind", switches=True, details=("kind", "scope")),
    ActionType("withdraw-recognition", "recognition", C, "recognition", None, (B, T), B, "161",
               "SANCTION", "discontinue", "BY withdraws its recognition of TARGET"),
    ActionType("establish-relations", "diplomatic", O, "diplomatic-relations", "established",
               (B, T), None, "050", "COOPERATE", None,
               "BY and TARGET establish diplomatic relations (the first time; after a severance, "
               "restore-relations)", details=MEASURE_DETAILS),
    ActionType("sever-relations", "diplomatic", O, "relations", "severed", (B, T), B, "161",
               "SANCTION", "discontinue", "BY severs diplomatic relations with TARGET",
               closes_too=("diplomatic-relations", "representation"), details=MEASURE_DETAILS),
    ActionType("restore-relations", "diplomatic", C, "relations", None, (B, T), B, "050", "CONCEDE",
               None, "BY and TARGET restore diplomatic relations", closes_any_holder=True,
               opens_too=(("diplomatic-relations", "established"),)),
    # treaties: each party's standing towards the treaty, held by the party; its status moves
    # from signed to ratified to in force, to suspended or under notice, until it leaves
    ActionType("sign-treaty", "treaties", O, "treaty", "signed", (B, T), B, "057", "AGREE", None,
               "BY signs the treaty TARGET", on_treaty=True, details=("scope", "obligations")),
    ActionType("ratify-treaty", "treaties", O, "treaty", "ratified", (B, T), B, "057", "AGREE", None,
               "BY ratifies (or accedes to) the treaty TARGET", on_treaty=True,
               details=("scope", "obligations")),
    ActionType("enter-into-force", "treaties", O, "treaty", "in force", (B, T), B, "057", "COOPERATE",
               None,
               "the treaty TARGET enters into force for BY (name every party: --by USA,SUN; "
               "--obligations defence,consultation: what BY undertakes, as ATOP codes it)",
               on_treaty=True, details=("scope", "obligations")),
    ActionType("suspend-treaty", "treaties", O, "treaty", "suspended", (B, T), B, "160", "SANCTION",
               "discontinue", "BY suspends its participation in the treaty TARGET", on_treaty=True,
               details=MEASURE_DETAILS),
    ActionType("give-treaty-notice", "treaties", O, "treaty", "notice given", (B, T), B, "160",
               "SANCTION", "withdraw",
               "BY gives notice of withdrawal from the treaty TARGET (--effective DATE)",
               on_treaty=True, status_from="effective", details=("effective", "scope")),
    ActionType("withdraw-from-treaty", "treaties", C, "treaty", None, (B, T), B, "166", "SANCTION",
               "withdraw", "BY leaves the treaty TARGET (at the end of a notice, or at once)",
               on_treaty=True),
    ActionType("terminate-treaty", "treaties", C, "treaty", None, (B, T), B, "160", "SANCTION",
               "discontinue",
               "the treaty TARGET ends (terminated or expired) for BY (name every party)",
               on_treaty=True),
    # demands
    ActionType("call-for-expulsion", "demands", O, "expulsion-demand", "demanded", (F, T), B, "100",
               "REQUEST", None, "BY calls on FORUM to expel its member TARGET", needs_forum=True,
               rules=(Rule.TARGET_MEMBER_OF_FORUM,), details=MEASURE_DETAILS),
    ActionType("drop-expulsion-call", "demands", C, "expulsion-demand", None, (F, T), B, "080",
               "CONCEDE", None, "BY drops its call for FORUM to expel TARGET", needs_forum=True),
    # instants: they open nothing; their CAMEO code can depend on a detail
    ActionType("threaten", "instants", I, None, None, (B, T), B, "130", "THREATEN", None,
               "BY threatens TARGET (--kind military|sanctions|relations|other)",
               details=("kind",)),
    ActionType("accuse", "instants", I, None, None, (B, T), B, "112", "ACCUSE", None,
               "BY accuses TARGET (--charge genocide|war-crimes|aggression|...)",
               details=("charge",)),
    ActionType("statement", "instants", I, None, None, (B, T), B, "010", None, None,
               "BY makes a statement about TARGET (quote it in the source)"),
    ActionType("meet", "instants", I, None, None, (B, T), B, "040", "CONSULT", None,
               "BY meets TARGET (a visit, a summit, talks)"),
    # Retired in 0.2: "observation" means an imported, machine-coded event (dtl import); nothing
    # recorded one by hand. Kept so that a store holding one still reads and answers.
    ActionType("observation", "instants", I, None, None, (B, T), B, "010", None, None,
               "a machine-coded event (--cameo CODE), as imported from GDELT or ICEWS",
               details=("cameo",),
               retired="machine-coded events are imported as observations ('dtl import'); record "
                       "what happened with one of the types 'dtl catalogue' lists"),
)  # fmt: skip

CATALOGUE: dict[str, ActionType] = {t.name: t for t in _TABLE}  # every type a store may hold
RECORDABLE: dict[str, ActionType] = {t.name: t for t in _TABLE if t.retired is None}
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(t.family for t in _TABLE))

THREAT_KINDS = {"military": "138", "sanctions": "1312", "relations": "1313", "other": "130"}
CHARGES = {
    "genocide": "1124",
    "war-crimes": "1124",
    "aggression": "1123",
    "human-rights": "1122",
    "crime": "1121",
    "espionage": "1125",
    "terrorism": "1121",
    "other": "112",
}


def cameo_for(kind: ActionType, kind_detail: str | None, charge: str | None, code: str | None) -> str:
    """The CAMEO code an action is coded with: a detail can sharpen the type's default."""
    if kind.name == "observation" and code:
        return code
    if kind.name == "threaten" and kind_detail:
        return THREAT_KINDS[kind_detail]
    if kind.name == "accuse" and charge:
        return CHARGES[charge]
    return kind.cameo_code
