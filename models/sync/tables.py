"""What is exchanged, table by table: fields that merge one by one, references by uuid or unit name.

One place for the shape of exchanged rows: the change log, the package writer and the merge all
read it from here. Values travel as text (or null): numbers compare as their text, as in the 留痕.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSpec:
    name: str
    entity: str                       # the audit_log entity naming this table's rows
    columns: tuple[str, ...]          # plain columns copied on insert
    fields: tuple[str, ...] = ()      # columns merged one by one after insert (field changes)
    refs: dict[str, str] = field(default_factory=dict)  # column -> parent table (travels as uuid)
    units: tuple[str, ...] = ()       # unit id columns (travel as the unit's full name)
    label: str = ""


_PROBLEM_FIELDS = ("number", "source", "category", "place", "description", "suggestion", "legal_basis",
                   "lead_unit_id", "supervisor_unit_id", "kind", "deadline", "status", "progress", "notes",
                   "cooperating_units")

# Parents before children: the order inserts are written and applied in. ``recipients`` and ``counts`` live in
# side tables (handover_recipients, evaluation_counts) and travel as one text value each (models/sync/virtual.py).
SPECS: dict[str, TableSpec] = {s.name: s for s in (
    TableSpec("campaigns", "campaign", ("name", "year", "level", "organizer", "notes"), label="监督专题"),
    TableSpec("problems", "problem", ("campaign_id", "carried_from_id", "created_at") + _PROBLEM_FIELDS,
              fields=_PROBLEM_FIELDS, refs={"campaign_id": "campaigns", "carried_from_id": "problems"},
              units=("lead_unit_id", "supervisor_unit_id"), label="问题"),
    TableSpec("handover_batches", "handover_batch",
              ("campaign_id", "doc_number", "handover_date", "occasion", "organ", "default_deadline", "notes",
               "created_at", "recipients"), fields=("doc_number", "handover_date", "occasion", "organ", "notes", "recipients"),
              refs={"campaign_id": "campaigns"}, label="交办批次"),
    TableSpec("handover_items", "handover_item", ("batch_id", "problem_id", "deadline", "position"),
              refs={"batch_id": "handover_batches", "problem_id": "problems"}, label="交办记录"),
    TableSpec("progress_reports", "progress_report",
              ("problem_id", "report_date", "unit_id", "measures", "result", "percent", "requests_closing",
               "created_at"),
              fields=("report_date", "unit_id", "measures", "result", "percent", "requests_closing"),
              refs={"problem_id": "problems"}, units=("unit_id",), label="整改进展"),
    TableSpec("attachments", "attachment",
              ("problem_id", "report_id", "purpose", "file_name", "sha256", "size", "added_at"),
              refs={"problem_id": "problems", "report_id": "progress_reports"}, label="佐证材料"),
    TableSpec("closure_checks", "closure_check",
              ("problem_id", "checked_by", "check_date", "opinion", "no_evidence_reason", "closed_at", "closed_by"),
              refs={"problem_id": "problems"}, label="销号核查"),
    # 满意度测评: a vote, its counts (per unit / per problem / overall) carried as one field
    TableSpec("evaluations", "evaluation", ("campaign_id", "unit_id", "eval_date", "occasion", "notes", "created_at",
                                            "counts"),
              fields=("unit_id", "eval_date", "occasion", "notes", "counts"), refs={"campaign_id": "campaigns"},
              units=("unit_id",), label="满意度测评"),
)}
ORDER = list(SPECS)
BY_ENTITY = {s.entity: s for s in SPECS.values()}

# Children of a problem, restored with it when a delete is undone.
PROBLEM_CHILDREN = ("handover_items", "progress_reports", "attachments", "closure_checks")


def text(value: object) -> str | None:
    """The one form values are compared and carried in (as the 留痕 writes them)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
