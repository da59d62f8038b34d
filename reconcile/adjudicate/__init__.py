"""Adjudication: review workbook out, decisions in, kept forever in an append-only ledger.

write_run_review(path, pairs, records, review, run_id, project_id=...) -> review.xlsx: pairs in review, and the Links sheet
import_decisions(folder, ledger_path, project_id) -> ImportReport
read_ledger(path) -> every decision ever imported (each line checked, see ledger.py)
current_decisions(ledger, records) -> one standing decision per pair (stale, conflict flags)
attach_decisions(pairs, decisions) -> pairs with each standing decision beside its pair (status: reconcile.status)
training_labels(decisions) -> settled pairs for the supervised model
cohen_kappa(ledger) / agreement(ledger) -> agreement between reviewers
"""

from __future__ import annotations

from reconcile.adjudicate.agreement import Agreement, agreement, cohen_kappa
from reconcile.adjudicate.apply import (
    DECISION_COLUMNS,
    DECISION_NOTE,
    LABEL,
    QueueMovement,
    attach_decisions,
    queue_movement,
    training_labels,
)
from reconcile.adjudicate.decisions import current_decisions
from reconcile.adjudicate.keys import Judgement, project_id, record_hash
from reconcile.adjudicate.ledger import LEDGER_NAME, ImportReport, empty_ledger, import_decisions, read_ledger
from reconcile.adjudicate.order import review_order, run_review_queue
from reconcile.adjudicate.workbook import write_review_workbook, write_run_review

__all__ = [
    "DECISION_COLUMNS",
    "DECISION_NOTE",
    "LABEL",
    "LEDGER_NAME",
    "Agreement",
    "ImportReport",
    "Judgement",
    "QueueMovement",
    "agreement",
    "attach_decisions",
    "cohen_kappa",
    "current_decisions",
    "empty_ledger",
    "import_decisions",
    "project_id",
    "queue_movement",
    "read_ledger",
    "record_hash",
    "review_order",
    "run_review_queue",
    "training_labels",
    "write_review_workbook",
    "write_run_review",
]
