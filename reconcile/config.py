"""Settings: one TOML file, validated once at load into frozen dataclasses.

The project's file is merged over `resources/defaults.toml`, so a file that only declares
its lists is complete. Every problem is reported with the key and what would be valid.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from reconcile.claims import UNCLASSIFIED, default_vocabulary
from reconcile.errors import ConfigError
from reconcile.schema import EXTRA, FIELDS, OTHER_NAMES, RECORD_ID, Calendar, Role

LIST_ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
# A claim category names a sheet ("Claim not recognized", at most 31 characters in Excel) and a
# CSV file: two categories must never give one name.
MAX_CLAIM_CATEGORY = 24
CLAIM_CATEGORY_PATTERN = re.compile(rf"[a-z][a-z0-9_]{{0,{MAX_CLAIM_CATEGORY - 1}}}")
LIST_KEYS = {
    "id",
    "title",
    "source",
    "role",
    "path",
    "sheet",
    "encoding",
    "calendar",
    "claim",
    "header_row",
    "reference_year",
    "columns",
}
ENCODINGS = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "cp1252", "latin-1"}


@dataclass(frozen=True)
class ListSpec:
    id: str
    title: str
    role: Role
    path: Path
    columns: Mapping[str, str]
    sheet: str | None = None
    encoding: str | None = None
    calendar: Calendar = Calendar.GREGORIAN
    claim: str | None = None
    header_row: int = 1
    source: str = ""  # lists from one origin (several UN reports) count as one independent source
    reference_year: int | None = None  # the year the ages of its undated records refer to
    extra: tuple[str, ...] = ()  # headers of columns carried along to the sheets, never compared
    other_names: tuple[str, ...] = ()  # headers of columns holding more full names of the record

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for f in FIELDS if f in self.columns)

    @property
    def mapped_headers(self) -> list[tuple[str, str]]:
        """(what it is mapped to, header) for every column read from the file."""
        return [
            *self.columns.items(),
            *((OTHER_NAMES, header) for header in self.other_names),
            *((EXTRA, header) for header in self.extra),
        ]


@dataclass(frozen=True)
class Limits:
    max_file_mb: float
    max_rows: int
    max_xlsx_uncompressed_mb: float
    max_columns: int
    memory_mb: float  # what the candidate pairs may take; the run stops before comparing if more


@dataclass(frozen=True)
class Blocking:
    max_block_size: int
    neighbourhood_window: int


@dataclass(frozen=True)
class Comparison:
    name_levels: tuple[float, ...]
    whole_name_floor: float
    swapped_parts_floor: float
    age_tolerance_years: float
    date_tolerance_days: int
    earliest_year: int


@dataclass(frozen=True)
class Linkage:
    match_threshold: float
    review_threshold: float
    explain_from_probability: float
    near_tie_weight: float
    min_given_similarity_to_match: float
    min_given_similarity_within_list: float
    duplicate_probability: float
    min_value_share: float
    em_max_iterations: int
    em_tolerance: float
    em_prior_pairs: float
    m_prior_disagreement: float
    em_initial_match_rate: float
    name_m_evidence_bits: float
    name_m_min_pairs: int
    label_prior_pairs: float
    namesake_prior_weight: float
    namesake_max_bits: float
    within_list_duplicate_rate: float
    relatives: bool
    u_sample_pairs: int
    seed: int


@dataclass(frozen=True)
class Review:
    blind: bool
    decisions_folder: str
    max_workbook_rows: int
    max_link_rows: int
    offer_groups: bool
    group_min_probability: float
    group_min_given_similarity: float


@dataclass(frozen=True)
class Report:
    candidate_from: float
    possibly_answered_from: float
    candidates_shown: int
    # Whether Contradictions counts the allegation lists (the UN reports) as records of execution,
    # beside the corroborating lists: a claim (alive, released) then conflicts with them too.
    allegations_record_execution: bool


@dataclass(frozen=True)
class Settings:
    source: Path
    title: str
    lists: tuple[ListSpec, ...]
    limits: Limits
    blocking: Blocking
    comparison: Comparison
    linkage: Linkage
    review: Review
    report: Report
    estimate: Estimate
    claims: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.source.parent

    @property
    def decisions_folder(self) -> Path:
        """Where reviewed workbooks are dropped and the decisions ledger is kept."""
        return self.folder / self.review.decisions_folder

    def list_spec(self, list_id: str) -> ListSpec:
        return next(spec for spec in self.lists if spec.id == list_id)


SECTIONS: dict[str, type] = {
    "limits": Limits,
    "blocking": Blocking,
    "comparison": Comparison,
    "linkage": Linkage,
    "review": Review,
    "report": Report,
}


def load_settings(path: Path | str) -> Settings:
    """Read, merge over the defaults, and validate a settings file."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(path, "-", "settings file not found")
    try:
        user = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # Notepad may save a BOM first
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "-", f"not valid TOML: {exc}") from exc
    defaults = tomllib.loads(
        resources.files("reconcile.resources").joinpath("defaults.toml").read_text("utf-8")
    )
    _reject_unknown(path, "", user, set(defaults) | {"lists", "claims"})
    merged = {name: _merge_section(path, name, defaults[name], user.get(name, {})) for name in defaults}
    _check_thresholds(path, merged["linkage"])
    project = merged["project"]
    allow_outside = bool(project["allow_paths_outside"])
    lists = _parse_lists(path, user.get("lists"), allow_outside)
    claims = _parse_claims(path, user.get("claims", {}))
    _check_fixed_claims(path, lists, claims)
    _check_estimate(path, merged["estimate"], lists)
    # The run locks this folder and writes the ledger there: it stays beside the settings like the lists.
    _confine(path, "review.decisions_folder", merged["review"]["decisions_folder"], allow_outside, "folder")
    return Settings(
        source=path.resolve(),
        title=str(project["title"]),
        lists=lists,
        claims=claims,
        **{name: _build(path, name, cls, merged[name]) for name, cls in SECTIONS.items()},
    )


def _check_fixed_claims(path: Path, lists: tuple[ListSpec, ...], claims: Mapping[str, Any]) -> None:
    """A list's `claim` names a category: a typo would make a category of its own."""
    known = {*default_vocabulary(), *claims, UNCLASSIFIED}
    for spec in lists:
        if spec.claim is not None and spec.claim not in known:
            raise ConfigError(
                path,
                f"lists.{spec.id}.claim",
                f"{spec.claim!r} is no claim category; known: {', '.join(sorted(known))}",
            )


def _reject_unknown(path: Path, prefix: str, given: Mapping[str, Any], valid: set[str]) -> None:
    for key in given:
        if key not in valid:
            raise ConfigError(path, prefix + key, f"unknown key; valid keys are: {', '.join(sorted(valid))}")


def _merge_section(path: Path, name: str, default: dict[str, Any], given: Any) -> dict[str, Any]:
    if not isinstance(given, dict):
        raise ConfigError(path, name, "must be a table, e.g. [" + name + "]")
    _reject_unknown(path, name + ".", given, set(default))
    merged = dict(default)
    for key, value in given.items():
        expected = type(default[key])
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(path, f"{name}.{key}", f"must be a {expected.__name__}, got {value!r}")
        merged[key] = value
    return merged


def _build(path: Path, name: str, cls: type, values: dict[str, Any]) -> Any:
    if name == "limits":
        for key, value in values.items():
            if not value > 0:
                raise ConfigError(path, f"limits.{key}", f"must be above 0, got {value!r}")
    if name == "comparison":
        levels = values["name_levels"]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in levels):
            raise ConfigError(path, "comparison.name_levels", f"must be numbers, got {levels!r}")
        levels = tuple(float(v) for v in levels)
        if (
            len(levels) < MIN_NAME_LEVELS
            or list(levels) != sorted(set(levels), reverse=True)
            or not all(0 < v <= 1 for v in levels)
        ):
            raise ConfigError(
                path,
                "comparison.name_levels",
                f"must be at least {MIN_NAME_LEVELS} strictly decreasing numbers in (0, 1], got {list(levels)}",
            )
        values = {**values, "name_levels": levels}
    for key, value in values.items():
        if f"{name}.{key}" in RANGES:
            _check_range(path, f"{name}.{key}", value)
    return cls(**values)


MIN_NAME_LEVELS = 2  # an exact-like and a similar level: places and prisons are cut at the second
MAX_YEAR = 9999  # the last year a date can be written with four digits
EXCEL_ROWS = 1_048_575  # data rows below a header that one sheet can hold
# Numeric settings and the values they may take: (lowest, highest, whether the bounds are open).
# Outside them a setting would end the run on a traceback or change its meaning silently.
RANGES: dict[str, tuple[float, float, bool, bool]] = {
    "blocking.max_block_size": (1, math.inf, False, True),
    "blocking.neighbourhood_window": (1, math.inf, False, True),
    "comparison.whole_name_floor": (0, 1, True, False),
    "comparison.swapped_parts_floor": (0, 1, True, False),
    "comparison.age_tolerance_years": (0, math.inf, False, True),
    "comparison.date_tolerance_days": (0, math.inf, False, True),
    "comparison.earliest_year": (1, MAX_YEAR, False, False),
    "linkage.explain_from_probability": (0, 1, False, False),
    "linkage.near_tie_weight": (0, math.inf, False, True),
    "linkage.em_max_iterations": (1, math.inf, False, True),
    "linkage.em_tolerance": (0, math.inf, True, True),
    "linkage.em_prior_pairs": (0, math.inf, False, True),
    "linkage.m_prior_disagreement": (0, 1, True, True),
    "linkage.em_initial_match_rate": (0, 1, True, True),
    "linkage.name_m_evidence_bits": (0, math.inf, False, True),
    "linkage.name_m_min_pairs": (0, math.inf, False, True),
    "linkage.label_prior_pairs": (0, math.inf, False, True),
    "linkage.namesake_prior_weight": (0, math.inf, False, True),
    "linkage.namesake_max_bits": (0, math.inf, False, True),
    "linkage.within_list_duplicate_rate": (0, 1, True, True),
    "linkage.u_sample_pairs": (1, math.inf, False, True),
    "linkage.seed": (0, 2**32 - 1, False, False),
    "review.max_workbook_rows": (1, EXCEL_ROWS, False, False),
    "review.max_link_rows": (0, EXCEL_ROWS, False, False),
    "review.group_min_probability": (0, 1, False, False),
    "review.group_min_given_similarity": (0, 1, False, False),
    "report.candidate_from": (0, 1, True, False),
    "report.possibly_answered_from": (0, 1, True, False),
    "report.candidates_shown": (1, math.inf, False, True),
}


def _check_range(path: Path, key: str, value: float) -> None:
    low, high, low_open, high_open = RANGES[key]
    fits = (low < value if low_open else low <= value) and (value < high if high_open else value <= high)
    if not fits:
        shown = f"{'(' if low_open else '['}{low:g}, {'∞' if math.isinf(high) else f'{high:g}'}{')' if high_open else ']'}"
        raise ConfigError(path, key, f"must be in {shown}, got {value!r}")


# Settings read as probabilities or shares: a value outside (0, 1] would silently change meaning
# (a duplicate_probability of 0 would make every pair within a list one entry).
UNIT_INTERVAL = (
    "duplicate_probability",
    "min_given_similarity_to_match",
    "min_given_similarity_within_list",
    "min_value_share",
)


def _check_thresholds(path: Path, linkage: dict[str, Any]) -> None:
    match, review = linkage["match_threshold"], linkage["review_threshold"]
    if not 0 < review < match <= 1:
        raise ConfigError(
            path,
            "linkage.review_threshold",
            f"need 0 < review_threshold < match_threshold <= 1, got {review} and {match}",
        )
    for key in UNIT_INTERVAL:
        if not 0 < linkage[key] <= 1:
            raise ConfigError(path, f"linkage.{key}", f"must be in (0, 1], got {linkage[key]!r}")


def _parse_lists(path: Path, raw_lists: Any, allow_outside: bool) -> tuple[ListSpec, ...]:
    if not raw_lists:
        raise ConfigError(path, "lists", "declare at least one list with a [[lists]] table")
    if not isinstance(raw_lists, list):
        raise ConfigError(path, "lists", "must be an array of tables: write [[lists]], not [lists]")
    specs: list[ListSpec] = []
    for index, entry in enumerate(raw_lists, start=1):
        specs.append(_parse_list(path, f"lists[{index}]", entry, allow_outside))
    seen: set[str] = set()
    for spec in specs:
        if spec.id in seen:
            raise ConfigError(path, "lists.id", f"'{spec.id}' is declared twice; list ids must be unique")
        seen.add(spec.id)
    return tuple(specs)


def _parse_list(path: Path, where: str, entry: Any, allow_outside: bool) -> ListSpec:
    if not isinstance(entry, dict):
        raise ConfigError(path, where, "must be a table")
    _reject_unknown(path, where + ".", entry, LIST_KEYS)
    for key in ("id", "role", "path", "columns"):
        if key not in entry:
            raise ConfigError(path, f"{where}.{key}", "is required")
    list_id = entry["id"]
    if not isinstance(list_id, str) or not LIST_ID_PATTERN.match(list_id):
        raise ConfigError(path, f"{where}.id", f"{list_id!r} must match [a-z0-9_]+")
    where = f"lists.{list_id}"
    role = _enum(path, f"{where}.role", Role, entry["role"])
    calendar = _enum(path, f"{where}.calendar", Calendar, entry.get("calendar", Calendar.GREGORIAN.value))
    file_path = _resolve_path(path, f"{where}.path", entry["path"], allow_outside)
    encoding = entry.get("encoding")
    if encoding is not None and str(encoding).lower() not in ENCODINGS:
        raise ConfigError(path, f"{where}.encoding", f"{encoding!r}; valid: {', '.join(sorted(ENCODINGS))}")
    if "sheet" in entry and file_path.suffix.lower() != ".xlsx":
        raise ConfigError(path, f"{where}.sheet", "only .xlsx files have sheets; remove it for this file")
    header_row = entry.get("header_row", 1)
    if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
        raise ConfigError(path, f"{where}.header_row", "must be a positive whole number (1 = first row)")
    columns = _parse_columns(path, f"{where}.columns", entry["columns"])
    other_names = _parse_headers(
        path, f"{where}.columns.{OTHER_NAMES}", columns.pop(OTHER_NAMES, []), columns
    )
    taken = [*columns.values(), *other_names]
    extra = _parse_headers(path, f"{where}.columns.{EXTRA}", columns.pop(EXTRA, []), taken)
    reference_year = entry.get("reference_year")
    if reference_year is not None and (
        not isinstance(reference_year, int)
        or isinstance(reference_year, bool)
        or not 1 <= reference_year <= MAX_YEAR
    ):
        raise ConfigError(
            path, f"{where}.reference_year", f"must be a year from 1 to {MAX_YEAR}, got {reference_year!r}"
        )
    claim = entry.get("claim")
    if claim is not None and role is not Role.REPLY:
        raise ConfigError(path, f"{where}.claim", "only reply lists make claims")
    if role is Role.REPLY and claim is None and "reply_comment" not in columns:
        raise ConfigError(path, f"{where}.columns", "a reply list needs a reply_comment column or a claim")
    return ListSpec(
        id=list_id,
        title=str(entry.get("title", list_id)),
        role=role,
        path=file_path,
        columns=columns,
        sheet=entry.get("sheet"),
        encoding=encoding.lower() if encoding else None,
        calendar=calendar,
        claim=claim,
        header_row=header_row,
        source=str(entry.get("source", list_id)),
        reference_year=reference_year,
        extra=extra,
        other_names=other_names,
    )


def _parse_headers(path: Path, key: str, headers: Any, taken: Any) -> tuple[str, ...]:
    """A list of column headers (`extra`, `other_names`), none of them read already."""
    if not isinstance(headers, list) or not all(isinstance(h, str) and h.strip() for h in headers):
        raise ConfigError(path, key, 'must be a list of column headers, e.g. ["Notes", "Source URLs"]')
    taken = list(taken.values()) if isinstance(taken, dict) else list(taken)
    for header in headers:
        if header in taken or headers.count(header) > 1:
            raise ConfigError(path, key, f"'{header}' is already read; name each column once")
    return tuple(headers)


def _enum(path: Path, key: str, enum: type[StrEnum], value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise ConfigError(path, key, f"{value!r}; valid: {' | '.join(m.value for m in enum)}") from None


def _resolve_path(path: Path, key: str, value: Any, allow_outside: bool) -> Path:
    resolved = _confine(path, key, value, allow_outside, "file")
    if resolved.suffix.lower() not in {".csv", ".xlsx"}:
        raise ConfigError(path, key, f"{value!r}: only .csv and .xlsx files can be read")
    return resolved


def _confine(path: Path, key: str, value: Any, allow_outside: bool, kind: str) -> Path:
    """A path given relative to the settings file, resolved (symbolic links too) and kept inside its
    folder unless project.allow_paths_outside says otherwise."""
    if not isinstance(value, str) or not value:
        raise ConfigError(path, key, f"must be a {kind} path relative to the settings file")
    folder = path.resolve().parent
    resolved = (folder / value).resolve()
    if not allow_outside and not resolved.is_relative_to(folder):
        raise ConfigError(
            path,
            key,
            f"{value!r} leaves the settings folder; set project.allow_paths_outside = true to allow it",
        )
    return resolved


def _parse_columns(path: Path, key: str, columns: Any) -> dict[str, Any]:
    """The field -> header table, with the `extra` headers (checked by `_parse_extra`) left in."""
    if not isinstance(columns, dict):
        raise ConfigError(path, key, "must be a table mapping canonical fields to column headers")
    for name, header in columns.items():
        if name in (EXTRA, OTHER_NAMES):
            continue
        if name not in FIELDS:
            raise ConfigError(
                path,
                f"{key}.{name}",
                f"unknown field; valid fields are: {', '.join(FIELDS)}; and lists of headers: "
                f"{OTHER_NAMES} (more names of the record), {EXTRA} (carried along)",
            )
        if not isinstance(header, str) or not header.strip():
            raise ConfigError(path, f"{key}.{name}", "must be the header text of a column in the file")
    if RECORD_ID not in columns:
        raise ConfigError(path, f"{key}.record_id", "is required: the column that identifies a row")
    has_full = "name" in columns
    has_parts = "given_name" in columns or "family_name" in columns
    if not has_full and not ("family_name" in columns and "given_name" in columns):
        raise ConfigError(path, f"{key}.name", "map either name or both given_name and family_name")
    if has_full and has_parts:
        raise ConfigError(path, f"{key}.name", "map name or given_name + family_name, not both")
    return dict(columns)


def _parse_claims(path: Path, claims: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(claims, dict):
        raise ConfigError(path, "claims", "must be a table of category = [patterns]")
    parsed: dict[str, tuple[str, ...]] = {}
    for category, patterns in claims.items():
        if not CLAIM_CATEGORY_PATTERN.fullmatch(category):
            raise ConfigError(
                path,
                f"claims.{category}",
                "a category is named like not_recognized: lower-case letters, digits and _, "
                f"at most {MAX_CLAIM_CATEGORY} characters (it names a sheet and a CSV file)",
            )
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ConfigError(path, f"claims.{category}", "must be a list of regular expressions")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(path, f"claims.{category}", f"bad pattern {pattern!r}: {exc}") from exc
        parsed[category] = tuple(patterns)
    return parsed


@dataclass(frozen=True)
class Estimate:
    """Multiple systems estimation over the independent sources (`reconcile.estimate`)."""

    sources: tuple[str, ...]
    choose_by: str
    confidence: float
    all_models_up_to_sources: int
    max_interactions_beyond: int
    profiled_models: int
    profile_search_factor: float
    linkage_draws: int
    linkage_models: int
    min_source_persons: int
    wide_interval_ratio: float
    dependence_ratio: float
    boundary_coefficient: float


SECTIONS["estimate"] = Estimate
MIN_SOURCES = 3  # two lists cannot tell their dependence from the number they both miss
CRITERIA = ("aic", "bic")
RANGES.update(
    {
        "estimate.confidence": (0, 1, True, True),
        "estimate.all_models_up_to_sources": (MIN_SOURCES, math.inf, False, True),
        "estimate.max_interactions_beyond": (0, math.inf, False, True),
        "estimate.profiled_models": (1, math.inf, False, True),
        "estimate.profile_search_factor": (1, math.inf, True, True),
        "estimate.linkage_draws": (0, math.inf, False, True),
        "estimate.linkage_models": (1, math.inf, False, True),
        "estimate.min_source_persons": (0, math.inf, False, True),
        "estimate.wide_interval_ratio": (1, math.inf, True, True),
        "estimate.dependence_ratio": (1, math.inf, True, True),
        "estimate.boundary_coefficient": (0, math.inf, True, True),
    }
)


def _check_estimate(path: Path, estimate: dict[str, Any], lists: tuple[ListSpec, ...]) -> None:
    """The sources named must be sources of allegation or corroborating lists; stored as a tuple."""
    known = sorted({spec.source for spec in lists if spec.role is not Role.REPLY})
    for source in estimate["sources"]:
        if source not in known:
            raise ConfigError(
                path,
                "estimate.sources",
                f"{source!r} is the source of no allegation or corroborating list; known: {', '.join(known)}",
            )
    if estimate["choose_by"] not in CRITERIA:
        raise ConfigError(
            path, "estimate.choose_by", f"{estimate['choose_by']!r}; valid: {' | '.join(CRITERIA)}"
        )
    estimate["sources"] = tuple(estimate["sources"])
