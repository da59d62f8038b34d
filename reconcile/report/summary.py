"""The Summary sheet: headline counts, each with the arithmetic visible and a link to its sheet."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from reconcile.pipeline import RunResult
from reconcile.report.tables import Sheet
from reconcile.schema import LIST_ID, PERSON_ID, Role

COLUMNS = ["item", "count", "how it adds up", "sheet"]


def summary_table(result: RunResult, sheets: Sequence[Sheet], replies: pd.DataFrame) -> pd.DataFrame:
    by_name = {sheet.name: sheet.table for sheet in sheets}
    rows: list[tuple[str, int, str, str]] = []
    inputs = result.inputs.set_index(LIST_ID)
    for spec in result.settings.lists:
        line = inputs.loc[spec.id]
        rows.append(
            (f"{spec.id}: records", int(line["records"]),
             f"{line['rows_read']} rows read − {line['quarantined']} set aside ({spec.role.value})",
             "Annex vs reply" if spec.role is Role.ALLEGATION else "")
        )
    for spec in result.settings.lists:
        if spec.role is not Role.REPLY:
            continue
        counts = replies[replies[LIST_ID] == spec.id]["claim"].value_counts()
        arithmetic = " + ".join(f"{n} {c.replace('_', ' ')}" for c, n in counts.items())
        rows.append((f"{spec.id}: rows by claim", int(counts.sum()), arithmetic, ""))
    for sheet in sheets:
        if sheet.name.startswith("Claim "):
            rows.append((f"reply rows: {sheet.name[6:]}", len(sheet.table), sheet.description, sheet.name))
    vs_reply = by_name["Annex vs reply"]
    alleged = vs_reply[[LIST_ID, "record_id"]].drop_duplicates()
    never = by_name["Never answered"]
    rows += [
        ("allegation records never answered", len(never),
         f"{len(alleged)} allegation records − {len(alleged) - len(never)} linked or in review with a reply row",
         "Never answered"),
        ("reply rows about persons on no other list", len(by_name["Reply only"]), "", "Reply only"),
        ("reply rows contradicted by an independent list",
         int(by_name["Contradictions"][[LIST_ID, "record_id"]].drop_duplicates().shape[0]),
         "the government's claim against at least one independent record of execution", "Contradictions"),
    ]
    corroboration = by_name["Corroboration"]
    rows += [
        ("persons (all lists)", int(result.persons[PERSON_ID].nunique()), "records grouped by linked matches", ""),
        ("persons named by a non-reply list", len(corroboration), "", "Corroboration"),
        ("persons named by two or more independent sources", int((corroboration["independent_sources"] >= 2).sum()),
         "", "Corroboration"),
        ("pairs awaiting review", len(by_name["Review queue"]), "", "Review queue"),
        ("data-quality lines", len(by_name["Data quality"]),
         f"{len(result.quarantine)} rows set aside + {len(result.warnings)} values not understood + "
         f"{int((replies['claim'] == 'unclassified').sum())} unclassified comments", "Data quality"),
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
