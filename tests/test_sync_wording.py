"""Field words in the exchange's change list and conflicts."""
from models.sync.wording import field_label


def test_an_evaluations_unit_is_the_unit_rated():
    assert field_label("unit_id", "evaluations") == "被测评单位"
    assert field_label("unit_id", "progress_reports") == "填报单位"
    assert field_label("unit_id") == "填报单位"
