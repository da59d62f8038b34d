import pandas as pd
import pytest

from reconcile.claims import UNCLASSIFIED, classify_comments


@pytest.mark.parametrize(
    ("comment", "category"),
    [
        ("The name cannot be recognized", "not_recognized"),
        ("Not recognized", "not_recognized"),
        ("He is alive", "alive"),
        ("Studying in Iranian universities", "studying_in_iran"),
        ("Studying abroad (Germany)", "studying_abroad"),
        ("Working in different organizations of the Islamic Republic", "working"),
        ("Died due to natural causes", "natural_causes"),
        ("Killed in street clashes", "clashes"),
        ("Killed in clashes with border troops", "clashes"),
        ("Achieved martyrdom while confronting the Revolution's enemies", "martyrdom"),
        ("Was released from prison in 1987", "released"),
        ("Has never been arrested", "never_arrested"),
        ("Sought shelter in foreign countries", "sheltering_abroad"),
        ("Held as a prisoner of war in Iraq", "prisoner_of_war"),
        ("Forged name", "forged"),
        ("شناسایی نشد", "not_recognized"),
        ("No such person", "not_recognized"),
        ("Unknown.", "not_recognized"),
        ("Killed during the Mersad operation", "clashes"),
        ("Left the country illegally", "sheltering_abroad"),
        ("In prison, serving his sentence", "in_prison"),
        ("Executed following trial for armed rebellion", "executed"),
        ("He was not executed; he is alive", "alive"),
        ("No person of this name could be traced", "not_recognized"),
        ("Particulars insufficient for identification", "not_recognized"),
        ("Killed fighting alongside Iraqi forces", "clashes"),  # not a prisoner of war
        ("Passed away from cancer", "natural_causes"),
        ("Went to Pakistan to continue his studies", "studying_abroad"),
        ("Works as a teacher in Shiraz", "working"),
    ],
)
def test_default_vocabulary_classifies_the_usual_wordings(comment, category):
    assert classify_comments(pd.Series([comment]), {}).iloc[0] == category


def test_a_comment_no_pattern_matches_is_unclassified_and_empty_stays_empty():
    result = classify_comments(pd.Series(["Information is being gathered", "", "-"]), {})
    assert result.tolist() == [UNCLASSIFIED, "", ""]


def test_settings_add_categories_tried_before_the_defaults_and_can_replace_one():
    overrides = {"transferred": ("transferred to",), "alive": ("still breathing",)}
    result = classify_comments(
        pd.Series(["Transferred to Evin, alive", "He is alive", "Still breathing"]), overrides
    )
    assert result.tolist() == ["transferred", UNCLASSIFIED, "alive"]


@pytest.mark.parametrize(
    ("comment", "category"),
    [
        ("Living in Sweden", "sheltering_abroad"),
        ("Living in Tehran with his family", "alive"),
        ("Left for Canada to study in 1985", "studying_abroad"),
        ("Studying in Turkey", "studying_abroad"),
        ("Enrolled at Tabriz University since 1985", "studying_in_iran"),
        ("Working in the Construction Jihad", "working"),
        ("Captured by Iraqi forces in 1982", "prisoner_of_war"),
    ],
)
def test_wordings_with_places_and_details(comment, category):
    assert classify_comments(pd.Series([comment]), {}).iloc[0] == category


@pytest.mark.parametrize(
    ("comment", "category"),
    [
        # Word forms of "not recognized", not one phrasing each.
        ("The name is not recognisable", "not_recognized"),
        ("Unrecognised", "not_recognized"),
        ("Unidentifiable person", "not_recognized"),
        ("Authorities could not identify this person", "not_recognized"),
        ("Impossible to identify from the details given", "not_recognized"),
        ("No record of this individual", "not_recognized"),
        ("No trace of such a prisoner", "not_recognized"),
        ("Identity unknown", "not_recognized"),
        ("Name not known", "not_recognized"),
        ("No record of his arrest", "never_arrested"),  # a record of arrest is another claim
        ("Died in a clash with security forces", "clashes"),
        ("Lost his life in an armed confrontation", "clashes"),
        ("Currently abroad", "sheltering_abroad"),
        ("Now lives outside the country", "sheltering_abroad"),
    ],
)
def test_claims_are_matched_by_their_word_forms(comment, category):
    assert classify_comments(pd.Series([comment]), {}).iloc[0] == category
