"""Synthetic GDELT 2.0 events, seeded, streamed: for benchmarks and soak tests of the importer.

    python benchmarks/synth_gdelt.py N OUT [--seed S]      # OUT: a path (.zip / .gz compress) or -

Rows have GDELT 2.0's exact layout (61 tab-separated columns, no header; see
application/importers/layouts.py) and a plausible shape:
- actors: Zipf-distributed over 162 CAMEO country codes (Romania as CAMEO's ROM) and three
  organisations (NATO IGOWSTNAT, EU IGOEUREEC, UN IGOUNO, with their known-group codes), with
  role codes as GDELT writes them (USAGOV, RUSMIL, CHNLEG, ...); the two sides always differ;
- event codes drawn with GDELT's skew (many 010/020/036/040/042/043/046/051/057, fewer 1xx),
  EventBaseCode/EventRootCode derived, GoldsteinScale = the CAMEO codebook's score for the code
  and QuadClass = GDELT's class for its root (01-05 1, 06-09 2, 10-14 3, 15-20 4);
- DATEADDED advances in 15-minute steps from 2015-02-19 to 2025-12-31: rows come in files of
  ROWS_PER_FILE (1,500, about a GDELT 2.0 15-minute file) that share one DATEADDED, as in GDELT;
  SQLDATE is DATEADDED's day minus a reporting lag (mostly 0-2 days, sometimes up to a year);
  GLOBALEVENTIDs increase (unique), so they do not sort by event date;
- ~3% of rows have no Actor2 (unresolvable: skip counting is exercised), and ~1% re-emit an
  earlier row with the same GLOBALEVENTID in a later 15-minute file, as GDELT does;
- NumMentions/NumSources/NumArticles skewed small, AvgTone leaning negative with the class,
  plausible SOURCEURLs; the geo columns are left ungeocoded (type 0, empty), which GDELT also does.
Memory is constant (a ring of 4,096 recent rows for re-emission); 1M rows take a few seconds.
Only the standard library is used, so any Python 3.11 runs it.
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
import sys
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

WIDTH = 61
BATCH = 4096
RING = 4096
DUPLICATE_SHARE = 0.01
NO_ACTOR2_SHARE = 0.03
START = datetime(2015, 2, 19)  # GDELT 2.0's first 15-minute file
END = datetime(2025, 12, 31, 23, 45)
EARLIEST_EVENT = date(2015, 1, 1)
FIRST_ID = 410_000_000
ROWS_PER_FILE = 1500  # rows of one 15-minute GDELT 2.0 export file (1,000-3,000 in practice)

# CAMEO country codes in rough order of prominence in the news (the Zipf rank).
_COUNTRY_TABLE = (
    "USA:UNITED STATES|GBR:UNITED KINGDOM|RUS:RUSSIA|CHN:CHINA|ISR:ISRAEL|IRN:IRAN|IND:INDIA|"
    "PAK:PAKISTAN|FRA:FRANCE|DEU:GERMANY|TUR:TURKEY|SYR:SYRIA|UKR:UKRAINE|JPN:JAPAN|AUS:AUSTRALIA|"
    "CAN:CANADA|SAU:SAUDI ARABIA|AFG:AFGHANISTAN|IRQ:IRAQ|EGY:EGYPT|PSE:PALESTINE|KOR:SOUTH KOREA|"
    "PRK:NORTH KOREA|NGA:NIGERIA|ZAF:SOUTH AFRICA|BRA:BRAZIL|MEX:MEXICO|ITA:ITALY|ESP:SPAIN|"
    "PHL:PHILIPPINES|IDN:INDONESIA|MYS:MALAYSIA|THA:THAILAND|VNM:VIETNAM|BGD:BANGLADESH|"
    "LKA:SRI LANKA|NPL:NEPAL|MMR:MYANMAR|QAT:QATAR|ARE:UNITED ARAB EMIRATES|KWT:KUWAIT|BHR:BAHRAIN|"
    "OMN:OMAN|YEM:YEMEN|JOR:JORDAN|LBN:LEBANON|LBY:LIBYA|TUN:TUNISIA|DZA:ALGERIA|MAR:MOROCCO|"
    "SDN:SUDAN|SSD:SOUTH SUDAN|ETH:ETHIOPIA|KEN:KENYA|SOM:SOMALIA|UGA:UGANDA|TZA:TANZANIA|"
    "RWA:RWANDA|COD:DEMOCRATIC REPUBLIC OF THE CONGO|CMR:CAMEROON|GHA:GHANA|CIV:IVORY COAST|"
    "SEN:SENEGAL|MLI:MALI|NER:NIGER|TCD:CHAD|BFA:BURKINA FASO|ZWE:ZIMBABWE|ZMB:ZAMBIA|"
    "MOZ:MOZAMBIQUE|AGO:ANGOLA|NAM:NAMIBIA|BWA:BOTSWANA|VEN:VENEZUELA|COL:COLOMBIA|ARG:ARGENTINA|"
    "CHL:CHILE|PER:PERU|BOL:BOLIVIA|ECU:ECUADOR|CUB:CUBA|HTI:HAITI|NIC:NICARAGUA|HND:HONDURAS|"
    "GTM:GUATEMALA|SLV:EL SALVADOR|PAN:PANAMA|CRI:COSTA RICA|DOM:DOMINICAN REPUBLIC|JAM:JAMAICA|"
    "URY:URUGUAY|PRY:PARAGUAY|GRC:GREECE|CYP:CYPRUS|POL:POLAND|HUN:HUNGARY|CZE:CZECH REPUBLIC|"
    "SVK:SLOVAKIA|ROM:ROMANIA|BGR:BULGARIA|SRB:SERBIA|HRV:CROATIA|BIH:BOSNIA AND HERZEGOVINA|"
    "SVN:SLOVENIA|ALB:ALBANIA|MKD:MACEDONIA|MNE:MONTENEGRO|BLR:BELARUS|MDA:MOLDOVA|LTU:LITHUANIA|"
    "LVA:LATVIA|EST:ESTONIA|FIN:FINLAND|SWE:SWEDEN|NOR:NORWAY|DNK:DENMARK|ISL:ICELAND|IRL:IRELAND|"
    "NLD:NETHERLANDS|BEL:BELGIUM|LUX:LUXEMBOURG|CHE:SWITZERLAND|AUT:AUSTRIA|PRT:PORTUGAL|"
    "ARM:ARMENIA|AZE:AZERBAIJAN|GEO:GEORGIA|KAZ:KAZAKHSTAN|UZB:UZBEKISTAN|TKM:TURKMENISTAN|"
    "KGZ:KYRGYZSTAN|TJK:TAJIKISTAN|MNG:MONGOLIA|TWN:TAIWAN|SGP:SINGAPORE|KHM:CAMBODIA|LAO:LAOS|"
    "NZL:NEW ZEALAND|FJI:FIJI|PNG:PAPUA NEW GUINEA|BRN:BRUNEI|MDV:MALDIVES|BTN:BHUTAN|ERI:ERITREA|"
    "DJI:DJIBOUTI|MRT:MAURITANIA|GIN:GUINEA|SLE:SIERRA LEONE|LBR:LIBERIA|TGO:TOGO|BEN:BENIN|"
    "GAB:GABON|COG:CONGO|CAF:CENTRAL AFRICAN REPUBLIC|BDI:BURUNDI|MWI:MALAWI|MDG:MADAGASCAR|"
    "MUS:MAURITIUS|SYC:SEYCHELLES|TTO:TRINIDAD AND TOBAGO|GUY:GUYANA|SUR:SURINAME"
)  # fmt: skip
COUNTRIES = [tuple(item.split(":")) for item in _COUNTRY_TABLE.split("|")]
# (actor code, name, known group code), and the Zipf rank each organisation takes.
ORGANISATIONS = [("IGOUNO", "UNITED NATIONS", "UNO", 6), ("IGOEUREEC", "EUROPEAN UNION", "EEC", 9),
                 ("IGOWSTNAT", "NATO", "NAT", 14)]  # fmt: skip
ZIPF_EXPONENT = 1.07

# Role (Type1Code) -> name GDELT would give, with a weight; "" is the country itself.
ROLES = [("", None, 34), ("GOV", "GOVERNMENT", 30), ("MIL", "MILITARY", 8), ("COP", "POLICE", 4),
         ("LEG", "PARLIAMENT", 3), ("JUD", "COURT", 3), ("BUS", "COMPANY", 4), ("MED", "JOURNALIST", 3),
         ("OPP", "OPPOSITION", 3), ("CVL", "CITIZEN", 5), ("ELI", "OFFICIAL", 3)]  # fmt: skip

# (EventCode, weight per mille, Goldstein score from the CAMEO codebook shipped in domain/data).
EVENT_CODES = [
    ("010", 95, 0.0), ("011", 6, -0.1), ("012", 10, -0.4), ("013", 12, 0.4), ("014", 4, 0.0),
    ("015", 3, 0.0), ("016", 4, 3.4), ("017", 3, 0.0), ("018", 6, 3.4), ("019", 5, 3.4),
    ("020", 38, 3.0), ("021", 5, 3.4), ("022", 3, 3.4), ("023", 5, 3.4), ("0233", 2, 3.4),
    ("024", 3, -0.3), ("030", 6, 4.0), ("031", 6, 5.2), ("032", 3, 4.5), ("036", 45, 4.0),
    ("037", 3, 5.0), ("040", 90, 1.0), ("041", 4, 1.0), ("042", 75, 1.9), ("043", 70, 2.8),
    ("044", 6, 2.5), ("045", 4, 5.0), ("046", 45, 7.0), ("050", 10, 3.5), ("051", 62, 3.4),
    ("052", 3, 3.5), ("053", 3, 3.8), ("054", 2, 6.0), ("055", 2, 7.0), ("056", 3, 7.0),
    ("057", 35, 8.0), ("060", 6, 6.0), ("061", 18, 6.4), ("062", 3, 7.4), ("064", 2, 7.0),
    ("070", 4, 7.0), ("071", 14, 7.4), ("073", 5, 7.4), ("080", 8, 5.0), ("081", 3, 5.0),
    ("084", 4, 7.0), ("085", 2, 7.0), ("086", 2, 9.0), ("0871", 1, 9.0), ("090", 10, -2.0),
    ("091", 2, -2.0), ("100", 6, -5.0), ("110", 12, -2.0), ("111", 14, -2.0), ("112", 28, -2.0),
    ("114", 4, -2.0), ("120", 8, -4.0), ("125", 3, -5.0), ("128", 4, -5.0), ("129", 1, -5.0),
    ("130", 8, -4.4), ("138", 4, -7.0), ("140", 3, -6.5), ("141", 9, -6.5), ("145", 2, -7.5),
    ("150", 2, -7.2), ("160", 3, -4.0), ("161", 2, -4.0), ("162", 2, -5.6), ("163", 3, -6.5),
    ("164", 1, -7.0), ("166", 2, -8.0), ("170", 3, -7.0), ("172", 4, -5.0), ("173", 18, -5.0),
    ("174", 6, -5.0), ("175", 3, -9.0), ("180", 5, -9.0), ("181", 3, -9.0), ("182", 2, -9.5),
    ("183", 2, -10.0), ("186", 3, -10.0), ("190", 18, -10.0), ("193", 7, -10.0),
    ("194", 2, -10.0), ("195", 3, -10.0), ("200", 1, -10.0), ("202", 1, -10.0),
]  # fmt: skip
TONE_MEAN = {1: 0.8, 2: 0.5, 3: -3.0, 4: -5.0}

OUTLETS = ["reuters.com", "apnews.com", "bbc.co.uk", "aljazeera.com", "dw.com", "france24.com",
           "theguardian.com", "nytimes.com", "washingtonpost.com", "timesofindia.indiatimes.com",
           "thehindu.com", "dawn.com", "scmp.com", "japantimes.co.jp", "abc.net.au", "cbc.ca",
           "haaretz.com", "timesofisrael.com", "tehrantimes.com", "hurriyetdailynews.com",
           "kyivindependent.com", "themoscowtimes.com", "premiumtimesng.com", "news24.com",
           "straitstimes.com", "thenational.ae", "arabnews.com", "euronews.com", "politico.eu",
           "voanews.com"]  # fmt: skip
SECTIONS = ["world", "news", "politics", "international", "middle-east", "europe", "asia", "africa",
            "americas", "business", "security"]  # fmt: skip
_WORDS = ("talks minister summit sanctions border troops president ceasefire election trade deal "
          "protest embassy ambassador visit agreement aid military strike envoy accord dispute vote "
          "parliament court oil gas security council resolution refugees treaty meeting warns urges "
          "rejects condemns backs signs expels recalls halts resumes launches accuses denies calls "
          "pledges offers support crisis")  # fmt: skip
WORDS = _WORDS.split()


def quad_class(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _actors() -> tuple[list[tuple[str, str, str, str]], list[float]]:
    """(code prefix, name, country code, known group) per Zipf rank, and cumulative weights."""
    ranked: list[tuple[str, str, str, str]] = [(code, name, code, "") for code, name in COUNTRIES]
    for code, name, group, rank in sorted(ORGANISATIONS, key=lambda o: o[3]):
        ranked.insert(rank, (code, name, "", group))
    weights = [1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(ranked))]
    return ranked, list(accumulate(weights))


def _actor_block(actor: tuple[str, str, str, str], role: tuple[str, str | None, int]) -> str:
    """The ten Actor columns: Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
    Religion2Code, Type1Code, Type2Code, Type3Code."""
    prefix, name, country, group = actor
    suffix, role_name, _ = role
    if group:  # an organisation: IGO type, no country, no role suffix
        return "\t".join((prefix, name, "", group, "", "", "", "IGO", "", ""))
    code = prefix + suffix
    return "\t".join((code, role_name or name, country, "", "", "", "", suffix, "", ""))


def generate(n: int, seed: int = 0) -> Iterator[str]:
    """N rows of synthetic GDELT 2.0 events, each a string ending in a newline; same seed, same rows."""
    rng = random.Random(seed)
    actors, actor_cum = _actors()
    blocks = [[_actor_block(a, r) for r in ROLES] for a in actors]
    role_cum = list(accumulate(r[2] for r in ROLES))
    code_cum = list(accumulate(c[1] for c in EVENT_CODES))
    code_blocks = []
    for code, _, goldstein in EVENT_CODES:
        quad = quad_class(code)
        code_blocks.append((f"{code}\t{code[:3]}\t{code[:2]}\t{quad}\t{goldstein:.1f}", quad))
    no_actor2 = "\t" * 9
    geo = "\t".join(["0", "", "", "", "", "", "", ""] * 3)
    tones = {
        q: [repr(rng.gauss(mean, 3.5)) for _ in range(2048)] for q, mean in TONE_MEAN.items()
    }  # fmt: skip
    counts = []
    for _ in range(1024):
        mentions = min(400, max(1, int(rng.paretovariate(1.3))))
        sources = rng.randint(1, mentions)
        counts.append(f"{mentions}\t{sources}\t{max(sources, mentions - rng.randint(0, mentions // 3))}")
    slugs = ["-".join(rng.sample(WORDS, rng.randint(3, 7))) for _ in range(4096)]
    lags = list(range(8)) + [30, 90, 365]
    lag_cum = list(accumulate([50, 20, 10, 6, 4, 2, 2, 1, 2, 2, 1]))

    steps = max(1, int((END - START).total_seconds() // 900))
    files = max(1, -(-n // ROWS_PER_FILE))
    day_cache: dict[date, str] = {}
    ring: list[tuple[str, str]] = []
    next_id = FIRST_ID
    emitted = 0
    choices = rng.choices
    while emitted < n:
        k = min(BATCH, n - emitted)
        a1s = choices(range(len(actors)), cum_weights=actor_cum, k=k)
        a2s = choices(range(len(actors)), cum_weights=actor_cum, k=k)
        r1s = choices(range(len(ROLES)), cum_weights=role_cum, k=k)
        r2s = choices(range(len(ROLES)), cum_weights=role_cum, k=k)
        codes = choices(range(len(EVENT_CODES)), cum_weights=code_cum, k=k)
        lag_days = choices(lags, cum_weights=lag_cum, k=k)
        out = []
        for i in range(k):
            row_no = emitted + i
            # GDELT publishes a file every 15 minutes and every row of a file has its DATEADDED;
            # files of ROWS_PER_FILE rows, spread evenly over the period.
            added_at = START + timedelta(minutes=15 * ((row_no // ROWS_PER_FILE) * steps // files))
            added = added_at.strftime("%Y%m%d%H%M%S")
            roll = rng.random()
            if ring and roll < DUPLICATE_SHARE:  # GDELT re-emits an event in a later file
                head, url = ring[rng.randrange(len(ring))]
                out.append(f"{head}\t{added}\t{url}\n")
                continue
            a1, a2 = a1s[i], a2s[i]
            while a2 == a1:
                a2 = rng.choices(range(len(actors)), cum_weights=actor_cum)[0]
            day = max(EARLIEST_EVENT, added_at.date() - timedelta(days=lag_days[i]))
            when = day_cache.get(day)
            if when is None:
                if len(day_cache) > 4096:
                    day_cache.clear()
                fraction = day.year + ((day.month - 1) * 30 + day.day) / 365
                when = day_cache[day] = f"{day:%Y%m%d}\t{day:%Y%m}\t{day.year}\t{fraction:.4f}"
            event, quad = code_blocks[codes[i]]
            actor2 = no_actor2 if roll < DUPLICATE_SHARE + NO_ACTOR2_SHARE else blocks[a2][r2s[i]]
            next_id += 1 + (rng.random() < 0.1)
            head = (
                f"{next_id}\t{when}\t{blocks[a1][r1s[i]]}\t{actor2}\t{int(rng.random() < 0.6)}\t{event}\t"
                f"{counts[rng.randrange(1024)]}\t{tones[quad][rng.randrange(2048)]}\t{geo}"
            )
            url = (
                f"https://www.{OUTLETS[rng.randrange(len(OUTLETS))]}/{SECTIONS[rng.randrange(len(SECTIONS))]}/"
                f"{day:%Y/%m/%d}/{slugs[rng.randrange(4096)]}-{rng.randrange(10**7)}"
            )
            if len(ring) < RING:
                ring.append((head, url))
            else:
                ring[rng.randrange(RING)] = (head, url)
            out.append(f"{head}\t{added}\t{url}\n")
        emitted += k
        yield from out


def write(n: int, out: str, seed: int) -> None:
    """Stream N rows to OUT: '-' is stdout; a .zip holds one member (as GDELT ships); .gz is gzip."""
    if out == "-":
        for row in generate(n, seed):
            sys.stdout.write(row)
        return
    path = Path(out)
    if path.suffix.lower() == ".zip":
        member = path.name[: -len(".zip")] or "events.CSV"
        with (
            zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            archive.open(member, "w", force_zip64=True) as raw,
            io.TextIOWrapper(raw, "utf-8") as text,
        ):
            _write_rows(text, n, seed)
        return
    if path.suffix.lower() == ".gz":
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as text:
            _write_rows(text, n, seed)
        return
    with open(path, "w", encoding="utf-8", newline="") as text:
        _write_rows(text, n, seed)


def _write_rows(text: io.TextIOBase, n: int, seed: int) -> None:
    buffer: list[str] = []
    for row in generate(n, seed):
        buffer.append(row)
        if len(buffer) >= BATCH:
            text.write("".join(buffer))
            buffer.clear()
    text.write("".join(buffer))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Stream N synthetic GDELT 2.0 event rows to OUT.")
    parser.add_argument("n", type=int, help="number of rows")
    parser.add_argument("out", help="output path (.zip and .gz are compressed) or - for stdout")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be zero or more")
    write(args.n, args.out, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
