"""The peers `benchmarks/peers.py` runs beside reconcile, each a function: lists folder -> persons.

Every engine reads the same lists (mapped onto canonical fields by `reconcile.load`, which keeps each
value verbatim) and returns one row per record with the person it was placed in (list_id, record_id,
person_id), plus the number of candidate pairs it scored. Splink and DuckDB are imported here only,
so the project's own environment never needs them (`benchmarks/peers/requirements.txt`).

- ``splink_raw``: Splink as its documentation shows it, on the lists' own name columns: lower-cased,
  stripped, hyphens as spaces; a single "name" field split at its last space (given words, then the
  family name); the Persian-script list as written; metaphone codes (a Persian-script name is its own
  code); the city (else the place) lower-cased; dates where a generic parser reads them to the day
  (Jalali ones stay missing).
- ``splink_normalized``: the same Splink model fed reconcile's normalization instead: reconcile's
  given, family and father's-name keys in their script-independent form without short vowels
  (`key_forms(key).without_a`: نجفی‌فر and Najafifar are both njfifr), their consonant keys as the
  phonetic codes, reconcile's city (a prison or district read as its city) and day-precise dates
  (Jalali converted).
- ``recordlinkage``: the recordlinkage toolkit as its documentation shows it, on the raw table: blocking
  on a phonetic key (metaphone of the family name), Jaro-Winkler on given and family names, exact
  city and date, the ECM classifier; persons are the connected components of its matches. The
  father's name is left out: with it (present on two lists of four) ECM settled on a class of
  same-father pairs and found 1 % of the true pairs at 10,000 records.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.config import Settings
from reconcile.schema import (
    CITY_AREA_KEY,
    DATE_PRECISION,
    DATE_START,
    FAMILY_KEY,
    FATHER_KEY,
    GIVEN_KEY,
    LIST_ID,
    PERSON_ID,
    RECORD_ID,
    raw,
)

MATCH_PROBABILITY = 0.5  # Splink: pairs at or above it are linked, then clustered
PREDICT_FROM = 0.5  # Splink: predict keeps only pairs at or above this probability
U_PAIRS = 1e7  # Splink: random pairs for u ("1e7 is often adequate", its docs)
DETERMINISTIC_RECALL = 0.7  # Splink: assumed recall of exact given+family, for the prior
SEED = 1
JARO_WINKLER = 0.85  # recordlinkage: a name agrees at or above this similarity
SPLINK_ID = "unique_id"
SEPARATOR = "|"
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Linked:
    persons: pd.DataFrame  # list_id, record_id, person_id
    pairs_scored: int  # candidate pairs the engine compared


def records(folder: Path) -> tuple[pd.DataFrame, Settings]:
    """The lists of a scenario folder as canonical records, every value verbatim, and its settings."""
    from reconcile.config import load_settings
    from reconcile.load import load

    settings = load_settings(folder / "reconcile.toml")
    return load(settings).records, settings


# --- the tables each peer is fed


def raw_table(table: pd.DataFrame) -> pd.DataFrame:
    """Names as a Splink or recordlinkage user would prepare them: lower-cased, stripped, split."""
    full = table[raw("name")].map(_clean)
    split = full.str.rsplit(" ", n=1)
    one_word = split.str.len() == 1
    given = split.str[0].where(~one_word, "")
    family = split.str[-1]
    has_full = full != ""
    out = _ids(table)
    out["given"] = given.where(has_full, table[raw("given_name")].map(_clean))
    out["family"] = family.where(has_full, table[raw("family_name")].map(_clean))
    out["father"] = table[raw("father_name")].map(_clean)
    city = table[raw("city")].where(table[raw("city")] != "", table[raw("place")])
    out["city"] = city.map(_clean)
    dates = pd.to_datetime(table[raw("date")], errors="coerce", dayfirst=True, format="mixed")
    plausible = dates.dt.year.between(1900, 2100)  # "1367/6/29" reads as the year 1367
    groups = table[raw("date")].str.count(r"\d+")  # a month and year alone are not a day
    full_date = (groups >= 3) | ((groups == 2) & table[raw("date")].str.contains(r"[A-Za-z]"))
    out["date"] = dates.dt.strftime("%Y-%m-%d").where(plausible & full_date, "")
    for name in ("given", "family"):
        out[name + "_code"] = [_metaphone(value) for value in out[name]]
    return _nulls(out)


def normalized_table(table: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Names, places and dates as reconcile normalizes them (its own `normalize` stage)."""
    from reconcile.names.keys import consonant_key, key_forms
    from reconcile.normalize import normalize, unique_map

    def skeleton(key: str) -> str:
        return key_forms(key).without_a if key else ""

    normal = normalize(table, settings).records
    out = _ids(normal)
    out["given"] = unique_map(normal[GIVEN_KEY], skeleton)
    out["family"] = unique_map(normal[FAMILY_KEY], skeleton)
    out["father"] = unique_map(normal[FATHER_KEY], skeleton)
    out["city"] = normal[CITY_AREA_KEY]
    day = normal[DATE_PRECISION] == "day"
    out["date"] = normal[DATE_START].where(day).map(lambda v: "" if pd.isna(v) else str(int(v)))
    out["given_code"] = unique_map(normal[GIVEN_KEY], consonant_key)
    out["family_code"] = unique_map(normal[FAMILY_KEY], consonant_key)
    return _nulls(out)


def _ids(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({SPLINK_ID: table[LIST_ID] + SEPARATOR + table[RECORD_ID]})


def _clean(value: str) -> str:
    return SPACES.sub(" ", value.lower().replace("-", " ")).strip()


def _metaphone(value: str) -> str:
    """Metaphone of a Latin name; a Persian-script name (no code) keeps itself as its code."""
    import jellyfish

    return (jellyfish.metaphone(value) or value) if value else ""


def _nulls(table: pd.DataFrame) -> pd.DataFrame:
    """Empty strings as nulls: Splink and recordlinkage treat a null as missing, not as a value."""
    return table.replace("", None)


# --- Splink


def splink(table: pd.DataFrame) -> Linked:
    """Splink 5 on DuckDB: the workflow of its documentation, one model for every list."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    logging.getLogger("splink").setLevel(logging.ERROR)  # its training notes would flood the table

    rules = [
        block_on("family"),
        block_on("given", "substr(family, 1, 2)"),
        block_on("family_code", "given_code"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",  # one table of every list: pairs across lists and within one
        comparisons=[
            cl.NameComparison("given").configure(term_frequency_adjustments=True),
            cl.NameComparison("family").configure(term_frequency_adjustments=True),
            cl.NameComparison("father"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.ExactMatch("date"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    frame = db_api.register(table)
    linker = Linker(frame, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "family")], recall=DETERMINISTIC_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given", "family"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_code", "family_code"))
    predictions = linker.inference.predict(threshold_match_probability=PREDICT_FROM)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=MATCH_PROBABILITY
    ).as_pandas_dataframe()
    counted = count_comparisons_from_blocking_rules(
        frame, blocking_rules=rules, link_type="dedupe_only", record_sample_proportion=1.0
    )
    ids = clusters[SPLINK_ID].str.split(SEPARATOR, n=1, regex=False)
    persons = pd.DataFrame(
        {LIST_ID: ids.str[0], RECORD_ID: ids.str[1], PERSON_ID: clusters["cluster_id"].astype(str)}
    )
    return Linked(persons, int(counted[-1]["cumulative_comparison_count"]))


# --- recordlinkage


def recordlinkage_ecm(table: pd.DataFrame) -> Linked:
    """recordlinkage: phonetic blocking, Jaro-Winkler and exact comparisons, ECM."""
    import recordlinkage
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    frame = table.reset_index(drop=True)
    indexer = recordlinkage.Index()
    indexer.block("family_code")
    candidates = indexer.index(frame)
    compare = recordlinkage.Compare()
    for name in ("given", "family"):
        compare.string(name, name, method="jarowinkler", threshold=JARO_WINKLER, label=name)
    compare.exact("city", "city", label="city")
    compare.exact("date", "date", label="date")
    features = compare.compute(candidates, frame)
    matches = recordlinkage.ECMClassifier(binarize=None).fit_predict(features)
    left = matches.get_level_values(0).to_numpy()
    right = matches.get_level_values(1).to_numpy()
    size = len(frame)
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    ids = frame[SPLINK_ID].str.split(SEPARATOR, n=1, regex=False)
    persons = pd.DataFrame({LIST_ID: ids.str[0], RECORD_ID: ids.str[1], PERSON_ID: labels.astype(str)})
    return Linked(persons, len(candidates))
