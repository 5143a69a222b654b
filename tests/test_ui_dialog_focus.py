"""An editor dialog opens with the cursor in its first field, so a clerk can type at once
(保存 is made before the fields and would otherwise take the focus; Enter there saves an empty form)."""
from __future__ import annotations

import pytest

from models import demo

pytestmark = pytest.mark.gui


def test_new_problem_and_operator_dialogs_start_in_their_first_field(window, qtbot):
    from ui.dialogs.operator import OperatorDialog

    demo.fill_demo(window.store)
    window.reload_campaigns()
    dialog = window.problem_actions.new_problem()
    qtbot.waitExposed(dialog)
    first = dialog.errors.widget(dialog.errors.keys()[0])
    assert dialog.focusWidget() is first and dialog.focusWidget() is not dialog.save_button
    dialog.reject()
    asking = OperatorDialog(window)
    asking.open()
    qtbot.waitExposed(asking)
    assert asking.focusWidget() is asking.name_edit
    asking.reject()
