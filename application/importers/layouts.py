"""Column layouts of the event and relation files dtl reads.

GDELT 2.0 (the "GDELT Event Codebook V2.0"): 61 tab-separated columns, no header.
GDELT 1.0 (the "GDELT Data Format Codebook"): the same without the three *_ADM2Code columns,
58 columns in the daily files from 2013-04-01 on (SOURCEURL last), 57 in the historical
back-files before that (no SOURCEURL); DATEADDED is YYYYMMDD rather than YYYYMMDDHHMMSS.
ICEWS (Harvard Dataverse event files): tab-separated with a header.
"""

from __future__ import annotations

GDELT2_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
GDELT1_COLUMNS = tuple(c for c in GDELT2_COLUMNS if not c.endswith("_ADM2Code"))

GDELT2_WIDTH = len(GDELT2_COLUMNS)  # 61
GDELT1_WIDTH = len(GDELT1_COLUMNS)  # 58
GDELT1_WIDTHS = (GDELT1_WIDTH - 1, GDELT1_WIDTH)  # 57 (before 2013-04, no SOURCEURL) or 58

ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip
ICEWS_HEADER_START = "Event ID\tEvent Date\t"


def gdelt_index(version: int, width: int | None = None) -> dict[str, int]:
    """Column name -> index for a GDELT version (a 57-column 1.0 file has no SOURCEURL)."""
    columns = GDELT2_COLUMNS if version == 2 else GDELT1_COLUMNS
    if width is not None and width < len(columns):
        columns = columns[:width]
    return {name: i for i, name in enumerate(columns)}


def gdelt_columns(width: int) -> tuple[str, ...]:
    """The columns of a GDELT file of this width (61: 2.0; 58 or 57: 1.0), by name."""
    return GDELT2_COLUMNS if width == GDELT2_WIDTH else GDELT1_COLUMNS[:width]


# Correlates of War (CSV with a header; columns found by name, in any case). The Diplomatic
# Exchange v2006.1 file: ccode1, ccode2, year, DR_at_1, DR_at_2, DE, version. The IGO v3
# state-year file: ccode, country, state, year, one column per IGO, version.
COW_DIPEX_COLUMNS = ("ccode1", "ccode2", "year", "dr_at_1", "dr_at_2")
COW_IGO_COLUMNS = ("ccode", "year")
COW_IGO_STATE = ("state", "stateabb")

# ATOP, the member-level file (atop5_1m.csv; CSV with a header, columns found by name): one row
# per member per phase of an alliance. The columns dtl reads; every other one is left alone.
ATOP_MEMBER_COLUMNS = (
    "atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase",
    "defense", "offense", "neutral", "nonagg", "consul",
)  # fmt: skip
