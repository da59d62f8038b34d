from __future__ import annotations

import pytest

from reconcile.config import load_settings
from reconcile.errors import ConfigError
from reconcile.schema import Calendar, Role
from tests.conftest import ANNEX_LIST, settings_text


def test_a_file_declaring_only_lists_gets_every_default(project):
    folder = project({"reconcile.toml": settings_text(ANNEX_LIST), "annex.csv": "No,Name\n"})
    settings = load_settings(folder / "reconcile.toml")
    spec = settings.lists[0]
    assert spec.role is Role.ALLEGATION
    assert spec.calendar is Calendar.GREGORIAN
    assert spec.path == (folder / "annex.csv").resolve()
    assert 0 < settings.linkage.review_threshold < settings.linkage.match_threshold <= 1
    assert settings.comparison.name_levels == tuple(sorted(settings.comparison.name_levels, reverse=True))


@pytest.mark.parametrize(
    ("change", "key", "hint"),
    [
        (
            ('role = "allegation"', 'role = "accusation"'),
            "lists.annex.role",
            "allegation | reply | corroborating",
        ),
        (
            ('record_id = "No"', 'record_id = "No"\nnickname = "Nick"'),
            "lists.annex.columns.nickname",
            "valid fields",
        ),
        (('record_id = "No"\n', ""), "lists.annex.columns.record_id", "is required"),
        (('name = "Name"', 'given_name = "Given"'), "lists.annex.columns.name", "given_name and family_name"),
        (('id = "annex"', 'id = "Annex-1"'), "lists[1].id", "[a-z0-9_]+"),
        (('path = "annex.csv"', 'path = "../annex.csv"'), "lists.annex.path", "allow_paths_outside"),
        (('path = "annex.csv"', 'path = "annex.txt"'), "lists.annex.path", ".csv and .xlsx"),
        (
            ('path = "annex.csv"', 'path = "annex.csv"\ncalendar = "lunar"'),
            "lists.annex.calendar",
            "gregorian | jalali",
        ),
        (
            ('path = "annex.csv"', 'path = "annex.csv"\nencoding = "latin-9"'),
            "lists.annex.encoding",
            "cp1256",
        ),
        (("[lists.columns]", 'colour = "red"\n[lists.columns]'), "lists[1].colour", "valid keys"),
        (('path = "annex.csv"', 'path = "annex.csv"\nsheet = "Annex"'), "lists.annex.sheet", "only .xlsx"),
        (
            ('path = "annex.csv"', 'path = "annex.csv"\nheader_row = true'),
            "lists.annex.header_row",
            "whole number",
        ),
        (
            ('role = "allegation"', 'role = "reply"\nclaim = "forgd"'),
            "lists.annex.claim",
            "no claim category",
        ),
    ],
)
def test_each_wrong_setting_names_its_key(project, change, key, hint):
    text = settings_text(ANNEX_LIST).replace(*change)
    folder = project({"reconcile.toml": text})
    with pytest.raises(ConfigError) as raised:
        load_settings(folder / "reconcile.toml")
    assert raised.value.key == key
    assert hint in str(raised.value)


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ("[linkage]\nmatch_threshold = 0.1\nreview_threshold = 0.5", "linkage.review_threshold"),
        ("[linkage]\nmatch_treshold = 0.9", "linkage.match_treshold"),
        ("[linkage]\nduplicate_probability = 0", "linkage.duplicate_probability"),
        ("[linkage]\nmin_value_share = 2", "linkage.min_value_share"),
        ('[blocking]\nmax_block_size = "big"', "blocking.max_block_size"),
        ("[thresholds]\nmatch = 0.9", "thresholds"),
        # Each of these ended a run on a traceback.
        ("[comparison]\nname_levels = [1.0]", "comparison.name_levels"),
        ("[comparison]\nname_levels = []", "comparison.name_levels"),
        ("[comparison]\nname_levels = [0.9, 0.9]", "comparison.name_levels"),
        ('[comparison]\nname_levels = ["high", 0.5]', "comparison.name_levels"),
        ("[linkage]\nem_max_iterations = 0", "linkage.em_max_iterations"),
        ("[linkage]\nem_initial_match_rate = 1.0", "linkage.em_initial_match_rate"),
        ("[linkage]\nu_sample_pairs = -5", "linkage.u_sample_pairs"),
        ("[linkage]\nseed = -1", "linkage.seed"),
        ("[review]\nmax_workbook_rows = 0", "review.max_workbook_rows"),
        ("[review]\nmax_workbook_rows = 2000000", "review.max_workbook_rows"),
        ("[comparison]\nearliest_year = 0", "comparison.earliest_year"),
        ("[blocking]\nneighbourhood_window = 0", "blocking.neighbourhood_window"),
        # Claim categories that would share a sheet or a CSV file with another, or mislabel rows.
        ('[claims]\n"a/b" = ["x"]', "claims.a/b"),
        ('[claims]\nNot_Recognized = ["x"]', "claims.Not_Recognized"),
        ('[claims]\n"" = ["transferred"]', "claims."),
        ('[claims]\nthis_is_a_very_long_claim_category = ["x"]', "claims.this_is_a_very_long_claim_category"),
    ],
)
def test_wrong_tuning_settings_name_their_key(project, extra, key):
    folder = project({"reconcile.toml": settings_text(ANNEX_LIST, extra)})
    with pytest.raises(ConfigError) as raised:
        load_settings(folder / "reconcile.toml")
    assert raised.value.key == key


def test_duplicate_list_ids_are_refused(project):
    folder = project({"reconcile.toml": settings_text(ANNEX_LIST + ANNEX_LIST)})
    with pytest.raises(ConfigError, match="declared twice"):
        load_settings(folder / "reconcile.toml")


def test_a_reply_list_needs_a_comment_column_or_a_claim(project):
    reply = ANNEX_LIST.replace('"allegation"', '"reply"')
    folder = project({"reconcile.toml": settings_text(reply)})
    with pytest.raises(ConfigError, match="reply_comment"):
        load_settings(folder / "reconcile.toml")
    folder = project(
        {"reconcile.toml": settings_text(reply.replace('role = "reply"', 'role = "reply"\nclaim = "forged"'))}
    )
    assert load_settings(folder / "reconcile.toml").lists[0].claim == "forged"


def test_settings_saved_with_a_byte_order_mark_are_read(project):
    folder = project({"reconcile.toml": "\ufeff" + settings_text(ANNEX_LIST)})
    assert load_settings(folder / "reconcile.toml").lists[0].id == "annex"


def test_settings_that_are_not_toml_say_so(project):
    folder = project({"reconcile.toml": "[[lists]\nid = "})
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(folder / "reconcile.toml")
