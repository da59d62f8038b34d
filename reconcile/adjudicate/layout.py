"""The review workbook's layout, shared by the writer and the reader: sheet names, headers, manifest."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from reconcile.adjudicate.keys import HASH_L, HASH_R, KEY_COLUMNS, SEPARATOR

FORMAT = "reconcile-review/2"  # /2: the manifest names each row's group that may be accepted in one step
REVIEW_SHEET = "Review"
LINKS_SHEET = "Links"  # the automatic links, for an analyst to confirm or break
DECISION_SHEETS = (REVIEW_SHEET, LINKS_SHEET)
HELP_SHEET = "How to review"
MANIFEST_SHEET = "manifest"

# Headers the reader relies on; every other column is for the reviewer's eyes only.
ROW = "row"
REVIEW_ROW_PREFIX, LINK_ROW_PREFIX = "r", "l"  # row ids r1, r2, ... on the Review sheet, l1, ... on Links
DECISION = "decision"
REVIEWER = "reviewer"
NOTE = "note"
A_LIST, A_ID, B_LIST, B_ID = "A list", "A id", "B list", "B id"
KEY_HEADERS = (A_LIST, A_ID, B_LIST, B_ID)  # in the order of schema.PAIR_KEY
GROUP_DECISION = "group_decision"  # on a group's first row: `same` accepts every row of the group
EDITABLE = (DECISION, REVIEWER, NOTE, GROUP_DECISION)
REQUIRED = (ROW, DECISION, REVIEWER, NOTE, *KEY_HEADERS)
OPTIONAL = (GROUP_DECISION,)  # absent from a workbook exported before groups were offered

# Manifest: `key | value` lines, then a table of the rows as exported.
META_KEYS = ("format", "project_id", "run_id", "created_at", "blind", "rows", "digest")
GROUP = "group"  # the offered group a row belongs to; empty for a row in none
TABLE_HEADER = (ROW, *KEY_COLUMNS, HASH_L, HASH_R, GROUP)
TABLE_HEADERS = {FORMAT: TABLE_HEADER, "reconcile-review/1": TABLE_HEADER[:-1]}  # formats still read
TABLE_START = len(META_KEYS) + 2  # 1-based row of the table's header (one blank line after the keys)


def digest(project_id: str, run_id: str, table: Iterable[Sequence[str]]) -> str:
    """Checksum of the manifest: an edited hidden sheet is refused (this detects edits, not forgery)."""
    sha = hashlib.sha256(f"{project_id}{SEPARATOR}{run_id}".encode())
    for row in table:
        sha.update(("\n" + SEPARATOR.join(row)).encode("utf-8"))
    return sha.hexdigest()
