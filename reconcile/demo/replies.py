"""The government's comments: 2,109 "cannot be recognized" and 1,511 claims of eleven kinds.

Counts per claim are the generator's choice (the real reply gave only the total 1,511);
wordings vary within a kind and some carry a detail (a year, a university, a country).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from types import MappingProxyType

from reconcile.demo.spelling import Variants, pick

UNRECOGNIZED = "unrecognized"
UNRECOGNIZED_WORDINGS: Variants = (
    ("The name cannot be recognized", 0.5),
    ("Cannot be recognized", 0.3),
    ("Not recognized", 0.2),
)

# claim -> (rows, wordings); the counts add up to 1,511.
CLAIMS: Mapping[str, tuple[int, tuple[str, ...]]] = MappingProxyType(
    {
        "alive": (
            180,
            ("Alive", "He is alive", "Alive and living in {city}", "Alive, living with family in {city}"),
        ),
        "studying_in_iran": (
            120,
            (
                "Studying at {university}",
                "Student of {university}",
                "Studying in one of the Iranian universities",
                "Enrolled at {university} since {year}",
            ),
        ),
        "working": (
            110,
            (
                "Working in {org}",
                "Employed by {org}",
                "Working in one of the organizations of the Islamic Republic",
                "Employee of {org} since {year}",
            ),
        ),
        "studying_abroad": (
            60,
            (
                "Studying abroad",
                "Studying in {country}",
                "Student in {country} since {year}",
                "Left for {country} to study in {year}",
            ),
        ),
        "natural_causes": (
            90,
            (
                "Died of natural causes",
                "Died of natural causes in {year}",
                "Natural death ({year})",
                "Died of illness in {year}",
            ),
        ),
        "clashes": (
            260,
            (
                "Killed in street clashes in {year}",
                "Killed in street clashes",
                "Killed in clashes with border troops",
                "Killed in a clash with border guards in {year}",
            ),
        ),
        "martyrdom": (
            150,
            (
                "Achieved martyrdom while confronting the Revolution's enemies",
                "Martyred at the front in {year}",
                "Martyred in confrontation with the enemies of the Revolution",
                "Martyred in {year}",
            ),
        ),
        "released": (
            200,
            (
                "Released from prison",
                "Released in {year}",
                "Was released from prison in {year}",
                "Released after serving sentence",
            ),
        ),
        "never_arrested": (
            160,
            ("Never arrested", "Has never been arrested", "No record of arrest", "Never detained"),
        ),
        "sought_shelter": (
            131,
            (
                "Sought shelter in foreign countries",
                "Fled to {country}",
                "Sought refuge in {country}",
                "Living in {country}",
            ),
        ),
        "prisoner_of_war": (
            50,
            (
                "Prisoner of war in Iraq",
                "Held as prisoner of war in Iraq",
                "Captured by Iraqi forces in {year}",
                "POW in Iraq since {year}",
            ),
        ),
    }
)

DETAILS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "university": (
            "Tehran University",
            "Shiraz University",
            "Tabriz University",
            "Ferdowsi University of Mashhad",
            "Isfahan University of Technology",
            "Sharif University of Technology",
            "Amir Kabir University",
        ),
        "org": (
            "the Ministry of Education",
            "the Ministry of Agriculture",
            "the Construction Jihad",
            "the Ministry of Health",
            "the Iranian Railways",
            "the National Iranian Oil Company",
        ),
        "country": (
            "Germany",
            "France",
            "Sweden",
            "India",
            "Turkey",
            "Pakistan",
            "the United Kingdom",
            "Austria",
            "Italy",
            "Canada",
            "the United States",
        ),
        "city": ("Tehran", "Mashhad", "Tabriz", "Esfahan", "Shiraz", "Rasht", "Ahvaz"),
    }
)
YEARS = range(1981, 1989)


def claim_plan(total: int, unrecognized: int) -> list[str]:
    """The claim of each reply row before shuffling: unrecognized first, then each kind."""
    plan = [UNRECOGNIZED] * unrecognized
    for claim, (count, _) in CLAIMS.items():
        plan.extend([claim] * count)
    if len(plan) != total:
        raise ValueError(f"reply plan has {len(plan)} rows, expected {total}")
    return plan


def comment(claim: str, rng: random.Random) -> str:
    """One wording of a claim with its details filled in."""
    if claim == UNRECOGNIZED:
        return pick(rng, UNRECOGNIZED_WORDINGS)
    wordings = CLAIMS[claim][1]
    wording = wordings[rng.randrange(len(wordings))]
    details = {key: values[rng.randrange(len(values))] for key, values in DETAILS.items()}
    return wording.format(year=rng.choice(YEARS), **details)
