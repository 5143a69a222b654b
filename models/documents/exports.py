"""What each export writes, in one place: the 导出与打印 menu and the command line
(``main.py export``) call these same functions, so a sheet or a letter comes out the same way
from either. Gathering is in models.documents.data / export_data, layout in the writers."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from models.documents import export_data
from models.documents.export_data import LedgerView
from models.documents.output import Written, file_name, write_each
from models.ledger import LedgerFilter
from models.store import Store

# ----- Excel sheets -------------------------------------------------------------------------


def problem_list_specs(store: Store, view: LedgerView) -> list:
    from models.documents import xlsx_ledgers

    return [xlsx_ledgers.problem_list_spec(export_data.problem_list(store, view))]


def whole_ledger(campaign_id: int) -> LedgerView:
    """Every problem of the campaign, the ledger's default columns and order."""
    return LedgerView(LedgerFilter(campaign_id=campaign_id))


def rectification_specs(store: Store, campaign_id: int) -> list:
    from models.documents import xlsx_ledgers

    return [xlsx_ledgers.rectification_spec(export_data.rectification(store, campaign_id))]


def closed_specs(store: Store, campaign_id: int) -> list:
    from models.documents import xlsx_ledgers

    return [xlsx_ledgers.closed_spec(export_data.closed_list(store, campaign_id))]


def dispatch_specs(store: Store, campaign_id: int, year: int, month: int, origin: str = "") -> list:
    from models.documents import xlsx_ledgers

    return xlsx_ledgers.dispatch_specs(export_data.dispatch(store, campaign_id, year, month, origin=origin))


def statistics_specs(store: Store, campaign_id: int) -> list:
    from models.documents import xlsx_ledgers

    return xlsx_ledgers.statistics_specs(export_data.statistics(store, campaign_id))


def all_specs(store: Store, campaign_id: int) -> list:
    """One workbook: 问题清单 (all problems), 整改台账, 销号清单 and the 统计 sheets."""
    return [*problem_list_specs(store, whole_ledger(campaign_id)), *rectification_specs(store, campaign_id),
            *closed_specs(store, campaign_id), *statistics_specs(store, campaign_id)]


# ----- letters --------------------------------------------------------------------------------
@dataclass(frozen=True)
class LetterMode:
    """How the 交办函 of a batch goes out (the choices of the 生成交办函 dialog)."""
    key: str            # the word the command line takes
    mode: str           # letter_data.MODE_*

    @property
    def per_unit(self) -> bool:
        from models.documents.letter_data import MODE_UNITS

        return self.mode == MODE_UNITS


LETTER_MODES = (
    LetterMode("主送", "single"),
    LetterMode("各牵头单位", "all"),
    LetterMode("分别", "units"),
)
LETTER_FORMS = {"公文": False, "信函": True}   # 信函格式 or not


def plan_letters(store: Store, batch_id: int, mode: LetterMode, *, letter_form: bool = False,
                 letter_date: str = "") -> list:
    """The letters of a batch with their 文号, as the 生成交办函 dialog gives them by default."""
    from models.documents import letter_data

    return letter_data.plan_letters(store, batch_id, letter_data.LetterOptions(
        mode=mode.mode, letter_form=letter_form, letter_date=letter_date))


def letter_stem(letter, *, per_unit: bool) -> str:
    """问题交办函-<主送>: a long 主送 list is named 各牵头单位."""
    to = letter.addressee
    return f"问题交办函-{to if per_unit or len(to) <= 20 else '各牵头单位'}"


def letter_paths(letters: Sequence, folder: Path, *, per_unit: bool) -> list[Path]:
    return [Path(folder) / file_name(letter_stem(letter, per_unit=per_unit), ".docx") for letter in letters]


def write_letters(letters: Sequence, targets: Sequence[Path], *, store: Store | None = None,
                  batch_id: int | None = None) -> Written:
    """Write each letter to its target; one that cannot be written never stops the others. With
    the store and batch, each letter written registers its 文号 in the 发文登记 (planned letters)."""
    from models.documents.letter import write_letter
    from models.documents.letter_data import issue_letter

    def job(letter):
        if store is None or batch_id is None:
            return _writer(write_letter, letter)
        return lambda path: issue_letter(store, batch_id, letter, path)

    return write_each((target, job(letter)) for letter, target in zip(letters, targets, strict=True))


def _writer(write: Callable, item) -> Callable[[Path], object]:
    return lambda path: write(item, path)


# ----- forms --------------------------------------------------------------------------------
def closing_form_problems(store: Store, campaign_id: int) -> list[dict]:
    """Problems a 销号审批表 is made for: those that asked to be closed or were closed."""
    from models.vocab import STATUS_CLOSE_REQUESTED, STATUS_CLOSED

    return store.query("SELECT id, number FROM problems WHERE campaign_id = ? AND status IN (?, ?) "
                       "ORDER BY number, id", (campaign_id, STATUS_CLOSE_REQUESTED, STATUS_CLOSED))


def write_forms(store: Store, campaign_id: int, folder: Path) -> Written:
    """满意度测评表, every 测评's 结果表, and a 销号审批表 per problem asked or closed."""
    from models.documents import data, forms
    from models.workflow.evaluation import list_evaluations

    folder = Path(folder)
    jobs: list[tuple[Path, Callable[[Path], object]]] = []
    ballot = data.ballot_data(store, campaign_id)
    jobs.append((folder / file_name("满意度测评表", ".docx"), _writer(forms.write_ballot, ballot)))
    for ev in list_evaluations(store, campaign_id):
        results = data.results_data(store, ev.id)
        jobs.append((folder / file_name(f"满意度测评结果-{ev.eval_date}-{ev.occasion or ev.id}", ".docx"),
                     _writer(forms.write_results, results)))
    for p in closing_form_problems(store, campaign_id):
        form = data.closing_form_data(store, p["id"])
        jobs.append((folder / file_name(f"销号审批表-{p['number']}", ".docx"), _writer(forms.write_closing_form, form)))
    return write_each(jobs)
