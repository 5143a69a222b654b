"""Add, edit or duplicate a problem (问题). All checks are ``models.problems.validate_form``'s."""
from __future__ import annotations

from PySide6.QtCore import QSettings, QStringListModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from models import deadlines, ledger
from models.campaigns import get_campaign
from models.lists import duties
from models.normalize import DateError, parse_date
from models.problems import (
    REQUIRED_FIELDS,
    ProblemForm,
    create_problem,
    form_from_problem,
    get_problem,
    next_number,
    update_problem,
)
from models.store import ValidationError
from models.units import find_unit
from models.vocab import KINDS, SOURCES
from models.workflow import rules
from ui.dialogs.base import EditorDialog
from ui.dialogs.modal import fit_to_screen
from ui.dialogs.unit_dialog import UnitDialog
from ui.lists.article_picker import picker_button
from ui.widgets.unit_edit import MultiUnitEdit, UnitLineEdit, unit_choices

DATE_TIP = "可写成 2024-06-30、2024/6/30、2024.6.30 或 2024年6月30日，全角数字也可以。"


class ProblemDialog(EditorDialog):
    """mode: new (no ids), edit (problem_id), duplicate (copy_from: prefilled, saved as new)."""

    def __init__(self, store, campaign_id: int, problem_id: int | None = None, parent: QWidget | None = None,
                 *, copy_from: int | None = None, settings: QSettings | None = None):
        title = "编辑问题" if problem_id else ("复制为新问题" if copy_from else "新建问题")
        super().__init__(store, title, parent)
        self.setObjectName("problem_dialog")
        self.campaign_id = campaign_id
        self.problem_id = problem_id
        self.settings = settings
        self.unit_dialog: UnitDialog | None = None
        self.unit_model = QStringListModel(unit_choices(store), self)
        self._build()
        self._load(problem_id or copy_from, duplicate=bool(copy_from))
        geometry = settings.value("dialogs/problem_geometry") if settings is not None else None
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            fit_to_screen(self, 900, 660)   # fits a 1366×768 office laptop

    # ----- building ------------------------------------------------------------------
    def _build(self) -> None:
        self.number_edit = QLineEdit(self)
        self.source_box = QComboBox(self)
        self.source_box.addItems(SOURCES)
        self.source_box.setPlaceholderText("请选择")
        self.source_box.setCurrentIndex(-1)
        self.category_box = QComboBox(self)
        self.category_box.setEditable(True)
        self.category_box.addItems(ledger.distinct_categories(self.store, self.campaign_id))
        self.category_box.setCurrentIndex(-1)
        self.category_box.lineEdit().setPlaceholderText("选择或输入，不填则为“其他”")
        self.kind_box = QComboBox(self)
        self.kind_box.addItems(KINDS)
        self.kind_box.setCurrentText("限期整改")
        self.deadline_edit = QLineEdit(self)
        self.deadline_edit.setPlaceholderText("例：2024-06-30")
        self.deadline_edit.setToolTip(DATE_TIP)
        self.deadline_edit.editingFinished.connect(self._tidy_deadline)
        self.progress_spin = QSpinBox(self)
        self.progress_spin.setRange(0, 100)
        self.progress_spin.setSuffix(" %")
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText("例：城关镇敬老院")
        self.lead_edit = UnitLineEdit(self.unit_model, self)
        self.lead_edit.setPlaceholderText("输入单位名称或简称的一部分")
        self.coop_edit = MultiUnitEdit(self.unit_model, self)
        self.coop_edit.setPlaceholderText("多个单位用“、”分隔")
        self.supervisor_edit = UnitLineEdit(self.unit_model, self)
        self.supervisor_edit.setPlaceholderText("例：县人大社会建设委员会")
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlaceholderText("精准到点、具体到事：写清问题的具体情况")
        self.suggestion_edit = QPlainTextEdit(self)
        self.legal_edit = QPlainTextEdit(self)
        self.legal_edit.setPlaceholderText("例：《河南省养老服务条例》第二十条")
        self.notes_edit = QPlainTextEdit(self)
        self.description_edit.setMinimumHeight(90)
        for w in (self.suggestion_edit, self.legal_edit, self.notes_edit):
            w.setMinimumHeight(50)
        self.legal_edit.setMaximumHeight(60)
        self.notes_edit.setMaximumHeight(60)

        left, right = QFormLayout(), QFormLayout()
        for f in (left, right):
            f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            f.setLabelAlignment(self.form.labelAlignment())
        req = set(REQUIRED_FIELDS)
        self.add_field("number", "编号", self.number_edit, required=True, form=left)
        self.add_field("source", "问题来源", self.source_box, required=True, form=left)
        self.add_field("category", "问题类别", self.category_box, form=left)
        self.add_field("place", "地点", self.place_edit, form=left)
        self.add_field("kind", "整改类型", self.kind_box, required=True, form=left)
        self.add_field("deadline", "整改时限", self.deadline_edit, form=left)
        self.add_field("lead_unit", "牵头单位", self.lead_edit, required="lead_unit" in req, form=right,
                       extra=self._new_unit_button("lead"))
        self.add_field("cooperating_units", "配合单位", self.coop_edit, form=right,
                       extra=self._new_unit_button("coop"))
        self.add_field("supervisor_unit", "督办部门", self.supervisor_edit, form=right,
                       extra=self._new_unit_button("supervisor"))
        self.add_field("progress", "完成进度", self.progress_spin, form=right)
        self.duty_box = QComboBox(self)
        self.duty_box.setObjectName("duty_box")
        self.duty_box.addItem("（不对应责任清单中的职责）", None)
        for duty_id, label in duties.duty_choices(self.store, self.campaign_id):
            self.duty_box.addItem(label, duty_id)
        self.duty_box.setToolTip("本专题“责任清单”中与该问题相关的职责")
        if self.duty_box.count() > 1:
            self.add_field("duty", "对应职责", self.duty_box, form=right)
        else:
            self.duty_box.hide()
        self.add_field("description", "问题描述", self.description_edit, required=True)
        self.add_field("suggestion", "意见建议", self.suggestion_edit)
        self.add_field("legal_basis", "法条依据", self.legal_edit,
                       extra=picker_button(self.store, self.legal_edit, self))
        self.add_field("notes", "备注", self.notes_edit)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        self.layout().insertLayout(1, columns)
        self.kind_box.currentTextChanged.connect(self._kind_changed)
        self._kind_changed(self.kind_box.currentText())

    def _new_unit_button(self, target: str) -> QPushButton:
        button = QPushButton("新增单位…", self)
        button.setObjectName(f"new_unit_{target}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self.open_unit_dialog(target))
        return button

    def _kind_changed(self, kind: str) -> None:
        self.deadline_edit.setPlaceholderText("限期整改必填，例：2024-06-30" if kind == "限期整改"
                                              else "可不填，例：2024-12-31")

    def _tidy_deadline(self) -> None:
        """Show a readable date as ISO once typed; leave unreadable text for the save check."""
        try:
            d = parse_date(self.deadline_edit.text())
        except DateError:
            return
        if d is not None:
            self.deadline_edit.setText(d.isoformat())

    # ----- data ----------------------------------------------------------------------
    def _load(self, problem_id: int | None, *, duplicate: bool) -> None:
        if problem_id is None:
            self.number_edit.setText(next_number(self.store, self.campaign_id))
            return
        p = get_problem(self.store, problem_id)
        if p is None:
            self.set_read_only("该问题已被删除。")
            return
        self.set_form(form_from_problem(self.store, p))
        if duplicate:
            self.number_edit.setText(next_number(self.store, self.campaign_id))
            self.progress_spin.setValue(0)
            return
        self.setWindowTitle(f"编辑问题 {p.number}（{p.status}）")
        try:
            rules.check_editable(self.store, p)
        except ValidationError as exc:
            self.set_read_only(str(exc))
            for name in ("lead", "coop", "supervisor"):
                self.findChild(QPushButton, f"new_unit_{name}").setEnabled(False)

    def set_form(self, form: ProblemForm) -> None:
        self.number_edit.setText(form.number)
        self.source_box.setCurrentIndex(self.source_box.findText(form.source))
        self.category_box.setCurrentText(form.category)
        self.place_edit.setText(form.place)
        self.description_edit.setPlainText(form.description)
        self.suggestion_edit.setPlainText(form.suggestion)
        self.legal_edit.setPlainText(form.legal_basis)
        self.lead_edit.setText(form.lead_unit)
        self.coop_edit.set_names(form.cooperating_units)
        self.supervisor_edit.setText(form.supervisor_unit)
        self.kind_box.setCurrentText(form.kind)
        self.deadline_edit.setText(form.deadline or "")
        self.progress_spin.setValue(int(form.progress or 0))
        self.notes_edit.setPlainText(form.notes)
        self.duty_box.setCurrentIndex(max(0, self.duty_box.findData(form.duty_id)))

    def problem_form(self) -> ProblemForm:
        return ProblemForm(
            number=self.number_edit.text(), source=self.source_box.currentText(),
            category=self.category_box.currentText(), place=self.place_edit.text(),
            description=self.description_edit.toPlainText(), suggestion=self.suggestion_edit.toPlainText(),
            legal_basis=self.legal_edit.toPlainText(), lead_unit=self.lead_edit.text(),
            cooperating_units=self.coop_edit.names(), supervisor_unit=self.supervisor_edit.text(),
            kind=self.kind_box.currentText(), deadline=self.deadline_edit.text(),
            progress=self.progress_spin.value(), notes=self.notes_edit.toPlainText(),
            duty_id=self.duty_box.currentData())

    def warnings(self) -> list[str]:
        campaign = get_campaign(self.store, self.campaign_id)
        return deadlines.plausibility_warnings(self.deadline_edit.text(),
                                               campaign_year=campaign.year if campaign else None)

    def commit(self) -> int:
        form = self.problem_form()
        if self.problem_id:
            update_problem(self.store, self.problem_id, form)
            return self.problem_id
        return create_problem(self.store, form, campaign_id=self.campaign_id)

    # ----- new unit ------------------------------------------------------------------
    def open_unit_dialog(self, target: str) -> UnitDialog:
        """Open the unit dialog (non-blocking); once saved, its name fills the field."""
        edit = {"lead": self.lead_edit, "coop": self.coop_edit, "supervisor": self.supervisor_edit}[target]
        if target == "coop":
            typed = edit.names()[-1] if edit.names() else ""
        else:
            typed = edit.text().strip()
        if typed and self._is_unit(typed):
            typed = ""
        self.unit_dialog = UnitDialog(self.store, parent=self, name=typed)
        self.unit_dialog.accepted.connect(lambda: self._unit_added(target))
        self.unit_dialog.open()
        return self.unit_dialog

    def _unit_added(self, target: str) -> None:
        name = self.unit_dialog.saved_name() if self.unit_dialog else ""
        self.unit_model.setStringList(unit_choices(self.store))
        if not name:
            return
        if target == "lead":
            self.lead_edit.setText(name)
        elif target == "supervisor":
            self.supervisor_edit.setText(name)
        else:
            names = self.coop_edit.names()[:-1]
            typed = self.coop_edit.names()[-1] if self.coop_edit.names() else ""
            # the typed text stays only when it names ANOTHER unit: "城关镇" typed, then saved as
            # 某县城关镇人民政府 (简称 城关镇) is the new unit itself, not a second one
            found = find_unit(self.store, typed) if typed and typed != name else None
            if found is not None and found.id != self.unit_dialog.saved_id:
                names.append(typed)
            self.coop_edit.set_names(names)
            self.coop_edit.add_name(name)

    def _is_unit(self, text: str) -> bool:
        return find_unit(self.store, text) is not None

    def done(self, result: int) -> None:
        if self.settings is not None:
            self.settings.setValue("dialogs/problem_geometry", self.saveGeometry())
        super().done(result)
