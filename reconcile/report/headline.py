"""The Summary's headline: the persons the allegation lists name, by the government's answer and by
how many independent sources name them, with what the run cannot tell yet counted as such.

A person is *answered* when a reply row is in the person, with the claims of its reply rows;
*possibly answered* when one of its allegation records is (`answers.answer_certainty`: a pair in
review, a likely reply row, a reply row of the same name); *never answered* otherwise. How many
independent sources name a person (`tables.independent_sources`) is *uncertain* while a pair in
review may join one of its records to a record of another source: deciding it may add a source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.report.answers import ALLEGATION_WORDS, ANSWER
from reconcile.report.records import CLAIM, ROLE, SOURCE, independent_sources
from reconcile.report.summary import (
    ANNEX_VS_REPLY,
    CORROBORATION,
    NEVER_ANSWERED,
    POSSIBLY_ANSWERED,
    Line,
    claim_order,
    claim_sheet_name,
)
from reconcile.schema import LEFT_POSITION, PERSON_ID, RIGHT_POSITION, STATUS, Role, Status

# An allegation record's answers, the surest first: a person is answered if any record is.
ANSWER_RANK = {ALLEGATION_WORDS.answered: 0, ALLEGATION_WORDS.possibly: 1, ALLEGATION_WORDS.never: 2}
JOINED = "+"  # between the claims of one person while they are counted
UNCERTAIN = "uncertain: a pair in review may add a source"


def headline_lines(view: pd.DataFrame, alleged: pd.DataFrame | None, pairs: pd.DataFrame) -> list[Line]:
    """The headline counts, first on the Summary.

    Args:
        view: every record, in position order (`tables.record_view`).
        alleged: each allegation record's answer, by position (`answers.answer_certainty`); None
            without a reply list, when nothing could answer.
        pairs: the run's pairs (positions, status).
    """
    persons = pd.Index(view.loc[view[ROLE] == Role.ALLEGATION.value, PERSON_ID].unique())
    if persons.empty:
        return []
    sources = independent_sources(view).reindex(persons).fillna(0).astype(int)
    in_doubt = persons.isin(_sources_in_doubt(view, pairs))
    counts = sorted(sources.unique())
    source_lines = [
        _source_line(n, int((sources == n).sum()), int(((sources == n) & in_doubt).sum())) for n in counts
    ]
    if alleged is None:
        by_sources = " + ".join(
            f"{line.count:,} by {n}" for n, line in zip(counts, source_lines, strict=True)
        )
        total = Line("headline.persons", "persons named by an allegation list", len(persons), by_sources)
        return [total, *source_lines]
    answer = _person_answers(view, alleged).reindex(persons)
    answered = persons[answer == ALLEGATION_WORDS.answered]
    claims = _claims(view, answered)
    per_answer = answer.value_counts()
    parts = [(int(per_answer.get(word, 0)), word) for word in ANSWER_RANK]
    total = Line(
        "headline.persons",
        "persons named by an allegation list",
        len(persons),
        " + ".join(
            f"{n:,} {word}{' (the run cannot tell)' if word == ALLEGATION_WORDS.possibly else ''}"
            for n, word in parts
        ),
        ANNEX_VS_REPLY,
    )
    claim_lines = [_claim_line(combination[0], n) for combination, n in claims if len(combination) == 1]
    several = [(combination, n) for combination, n in claims if len(combination) > 1]
    if several:  # each combination on a line of its own would bury the headline
        claim_lines.append(
            Line(
                "headline.answered.several_claims",
                "of these, answered with different claims in different reply rows",
                sum(n for _, n in several),
                " + ".join(
                    f"{n:,} {' and '.join(_label(c) for c in combination)}" for combination, n in several
                ),
                ANNEX_VS_REPLY,
            )
        )
    unsure, never = parts[1][0], parts[2][0]
    return [
        total,
        *claim_lines,
        Line(
            "headline.possibly_answered",
            "of these, possibly answered (uncertain: the run cannot tell)",
            unsure,
            "a pair in review, a likely reply row or a reply row of the same name",
            POSSIBLY_ANSWERED,
        ),
        Line("headline.never_answered", "of these, never answered", never, "", NEVER_ANSWERED),
        *source_lines,
    ]


def _source_line(sources: int, persons: int, uncertain: int) -> Line:
    return Line(
        f"headline.sources.{sources}",
        f"of these, named by {sources} independent source{'s' if sources != 1 else ''}",
        persons,
        f"{persons - uncertain:,} certain + {uncertain:,} {UNCERTAIN}",
        CORROBORATION,
    )


def _person_answers(view: pd.DataFrame, alleged: pd.DataFrame) -> pd.Series:
    """Each allegation person's answer: the surest of its records' answers."""
    rank = alleged[ANSWER].map(ANSWER_RANK)
    best = rank.groupby(view[PERSON_ID].reindex(alleged.index).to_numpy()).min()
    words = {rank: word for word, rank in ANSWER_RANK.items()}
    return best.map(words)


def _claims(view: pd.DataFrame, persons: pd.Index) -> list[tuple[tuple[str, ...], int]]:
    """The answered persons by the claims of their reply rows, in `claim_order`: one claim before
    several, the commonest first."""
    replies = view[(view[ROLE] == Role.REPLY.value) & view[PERSON_ID].isin(persons)]
    # Joined for counting; a claim category is lower-case letters, digits and "_" (config.py).
    combinations = replies.groupby(PERSON_ID)[CLAIM].agg(lambda claims: JOINED.join(claim_order(claims)))
    counted = [(tuple(str(key).split(JOINED)), int(n)) for key, n in combinations.value_counts().items()]
    return sorted(counted, key=lambda item: (len(item[0]), -item[1], claim_order(item[0])))


def _claim_line(claim: str, persons: int) -> Line:
    return Line(
        f"headline.answered.{claim}",
        f"of these, answered with the claim '{_label(claim)}'",
        persons,
        "",
        claim_sheet_name(claim),
    )


def _label(claim: str) -> str:
    return claim.replace("_", " ")


def _sources_in_doubt(view: pd.DataFrame, pairs: pd.DataFrame) -> set[str]:
    """The persons a pair in review may join to a record of a source that does not name them yet."""
    review = pairs[pairs[STATUS] == Status.REVIEW.value]
    person = view[PERSON_ID].astype(str).to_numpy()
    source = view[SOURCE].astype(str).to_numpy()
    named = (view[ROLE] != Role.REPLY.value).to_numpy()
    known = pd.MultiIndex.from_arrays([person[named], source[named]])
    doubt: set[str] = set()
    for mine, other in ((LEFT_POSITION, RIGHT_POSITION), (RIGHT_POSITION, LEFT_POSITION)):
        a, b = review[mine].to_numpy(), review[other].to_numpy()
        new = named[b] & (person[a] != person[b])
        new &= ~pd.MultiIndex.from_arrays([person[a], source[b]]).isin(known)
        doubt.update(np.unique(person[a][new]).tolist())
    return doubt
