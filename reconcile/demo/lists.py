"""Who is on which list, and in what order: the structure of the real case, with exact counts.

The UN annex names 1,084 people; two later UN lists bring the total the government answered
to 3,620 rows, with some people on two UN lists (and a few twice on one). The reply leaves a
few hundred annex names unanswered, calls 2,109 "cannot be recognized" and comments on 1,511.
A separate letter calls 140 annex names from Tehran "forged". Amnesty's list mostly overlaps
the UN lists; a Persian memorial holds 4,000 rows, many of people no UN list named.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reconcile.demo import records, replies
from reconcile.demo.noise import NoiseProfile
from reconcile.demo.population import Person
from reconcile.demo.records import Record
from reconcile.demo.specs import BY_ID, ListSpec

UN_LISTS = ("un_annex_1989", "un_sr_1989_interim", "un_sr_1990_report")
COPY_UNRECOGNIZED = 0.6  # share of "cannot be recognized" rows where the reply retyped the UN spelling


@dataclass(frozen=True)
class Plan:
    """Exact sizes. Persons = annex + interim_new + report_new + amnesty_new + memorial_new."""

    annex_persons: int = 1080
    annex_duplicates: int = 4
    interim_new: int = 1398
    interim_from_annex: int = 52
    interim_duplicates: int = 10
    report_new: int = 1350
    report_from_annex: int = 25
    report_from_interim: int = 40
    report_duplicates: int = 5
    reply_rows: int = 3620
    reply_unrecognized: int = 2109
    annex_unanswered: int = 300
    forged: int = 140
    forged_city: str = "tehran"
    amnesty_from_un: int = 250
    amnesty_new: int = 50
    amnesty_new_on_memorial: int = 30
    memorial_from_un: int = 2300
    memorial_new: int = 1650
    memorial_duplicates: int = 20
    memorial_unknown_name: int = 6
    memorial_unknown_given: int = 15
    memorial_family_only: int = 20

    @property
    def persons(self) -> int:
        """The persons some list names."""
        return self.annex_persons + self.interim_new + self.report_new + self.amnesty_new + self.memorial_new

    @property
    def unlisted(self) -> int:
        """The persons no list names, as many as the memorial's reach implies.

        The memorial names the same share of the UN's persons as of everyone else (it draws its
        UN persons at random): its memorial-only and Amnesty-and-memorial persons are that share of
        all the persons the UN never named. The rest of those are on no list. With the default plan
        the memorial names 2,300 of the UN's 3,828 persons (60.1 %) and 1,680 others, who stand for
        2,796 persons beyond the UN; 1,700 of them are on some list and 1,096 on none.
        """
        un_persons = self.annex_persons + self.interim_new + self.report_new
        memorial_others = self.amnesty_new_on_memorial + self.memorial_new
        beyond_un = round(memorial_others * un_persons / self.memorial_from_un)
        return beyond_un - self.amnesty_new - self.memorial_new


@dataclass(frozen=True)
class Membership:
    """People per list, in no particular order; a person listed twice appears twice."""

    lists: dict[str, list[Person]]
    forged: list[Person]
    memorial_flags: dict[str, str]  # person_id -> placeholder flag on the memorial


def _sample(rng: random.Random, people: Sequence[Person], k: int) -> list[Person]:
    return rng.sample(sorted(people, key=lambda p: p.person_id), k)


def assign(people: Sequence[Person], plan: Plan, rng: random.Random) -> Membership:
    """Draw the membership of every list from the population."""
    order = list(people)
    rng.shuffle(order)
    cuts = [plan.annex_persons, plan.interim_new, plan.report_new, plan.amnesty_new, plan.memorial_new]
    groups, start = [], 0
    for size in cuts:
        groups.append(order[start : start + size])
        start += size
    annex, interim_new, report_new, amnesty_new, memorial_new = groups
    interim = interim_new + _sample(rng, annex, plan.interim_from_annex)
    report = (
        report_new
        + _sample(rng, annex, plan.report_from_annex)
        + _sample(rng, interim_new, plan.report_from_interim)
    )
    un_people = annex + interim_new + report_new
    memorial = (
        _sample(rng, un_people, plan.memorial_from_un)
        + amnesty_new[: plan.amnesty_new_on_memorial]
        + memorial_new
    )
    lists = {
        "un_annex_1989": annex + _sample(rng, annex, plan.annex_duplicates),
        "un_sr_1989_interim": interim + _sample(rng, interim, plan.interim_duplicates),
        "un_sr_1990_report": report + _sample(rng, report, plan.report_duplicates),
        "amnesty_1988": _sample(rng, un_people, plan.amnesty_from_un) + amnesty_new,
        "memorial_fa": memorial + _sample(rng, memorial, plan.memorial_duplicates),
    }
    tehran = [person for person in annex if person.city == plan.forged_city]
    flagged = _sample(
        rng,
        memorial_new,
        plan.memorial_unknown_name + plan.memorial_unknown_given + plan.memorial_family_only,
    )
    flags = (
        ["unknown_name"] * plan.memorial_unknown_name
        + ["unknown_given"] * plan.memorial_unknown_given
        + ["family_only"] * plan.memorial_family_only
    )
    memorial_flags = {person.person_id: flag for person, flag in zip(flagged, flags, strict=True)}
    return Membership(lists, _sample(rng, tehran, plan.forged), memorial_flags)


def _sort_key(order: str) -> Callable[[Record], tuple]:
    keys: dict[str, Callable[[Record], tuple]] = {
        "name": lambda r: (r.family_text.casefold(), r.given_text.casefold(), r.person.person_id),
        "place": lambda r: (r.values.get("city", "") or "~", r.family_text.casefold(), r.person.person_id),
        "date": lambda r: (r.person.execution_date, r.family_text.casefold(), r.person.person_id),
        "fa_name": lambda r: (not r.family_text, r.family_text, r.given_text, r.person.person_id),
    }
    return keys[order]


def number(spec: ListSpec, rows: list[Record], rng: random.Random) -> list[Record]:
    """Put rows in the list's order and give them record ids."""
    if spec.order == "shuffle":
        rng.shuffle(rows)
    elif spec.order != "annex":  # "annex": the caller passes rows already in annex order
        rows.sort(key=_sort_key(spec.order))
    for n, row in enumerate(rows, start=1):
        row.record_id = spec.id_format.format(n=n)
        row.values["record_id"] = row.record_id
    return rows


def _reply(
    un_rows: dict[str, list[Record]], plan: Plan, rng: random.Random, noise: NoiseProfile
) -> list[Record]:
    """The 3,620-row reply: which UN rows it answers, the claim of each, its own spelling."""
    annex = un_rows["un_annex_1989"]
    others = un_rows["un_sr_1989_interim"] + un_rows["un_sr_1990_report"]
    skipped_annex = set(rng.sample(range(len(annex)), plan.annex_unanswered))
    answerable = [row for i, row in enumerate(annex) if i not in skipped_annex]
    skip_others = len(answerable) + len(others) - plan.reply_rows
    skipped = set(rng.sample(range(len(others)), skip_others))
    answered = answerable + [row for i, row in enumerate(others) if i not in skipped]
    claims = replies.claim_plan(plan.reply_rows, plan.reply_unrecognized)
    rng.shuffle(claims)
    spec = BY_ID["gov_reply_1990"]
    rows = []
    for source, claim in zip(answered, claims, strict=True):
        copy = source if claim == replies.UNRECOGNIZED and rng.random() < COPY_UNRECOGNIZED else None
        row = records.latin(spec, source.person, rng, noise, copy=copy)
        row.claim = claim
        row.values["reply_comment"] = replies.comment(claim, rng)
        rows.append(row)
    return rows


def build(people: Sequence[Person], plan: Plan, seed: int, noise: NoiseProfile) -> dict[str, list[Record]]:
    """Every list's rows, numbered, in file order. Each list draws from its own random stream."""
    membership = assign(people, plan, random.Random(f"{seed}:membership"))

    def stream(list_id: str) -> random.Random:
        return random.Random(f"{seed}:{noise.name}:{list_id}")

    out: dict[str, list[Record]] = {}
    for list_id in (*UN_LISTS, "amnesty_1988"):
        spec, rng = BY_ID[list_id], stream(list_id)
        rows = [records.latin(spec, person, rng, noise) for person in membership.lists[list_id]]
        out[list_id] = number(spec, rows, rng)
    rng = stream("gov_reply_1990")
    out["gov_reply_1990"] = number(BY_ID["gov_reply_1990"], _reply(out, plan, rng, noise), rng)
    spec, rng = BY_ID["gov_forged_1989"], stream("gov_forged_1989")
    first_row: dict[str, int] = {}
    for row in out["un_annex_1989"]:
        first_row.setdefault(row.person.person_id, int(row.record_id))
    forged = sorted(membership.forged, key=lambda person: first_row[person.person_id])
    out[spec.id] = number(spec, [records.latin(spec, person, rng, noise) for person in forged], rng)
    spec, rng = BY_ID["memorial_fa"], stream("memorial_fa")
    rows = [
        records.persian_row(spec, person, rng, noise, membership.memorial_flags.get(person.person_id, ""))
        for person in membership.lists["memorial_fa"]
    ]
    out[spec.id] = number(spec, rows, rng)
    return out
