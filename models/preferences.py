"""Program settings kept in the database (they travel with the file): the user name written in the
history (留痕) and the warning window of the deadline colours (models.deadlines reads it)."""
from __future__ import annotations

from dataclasses import dataclass

from models import audit, deadlines
from models.normalize import normalize_text, to_halfwidth
from models.store import Store, ValidationError, current_os_user
from models.vocab import DEFAULT_WARN_DAYS

USER_NAME = "user_name"
WARN_DAYS = "deadline_warn_days"
WARN_DAYS_RANGE = (1, 180)


@dataclass
class Preferences:
    user_name: str = ""      # empty: the OS login is used
    warn_days: int | str = DEFAULT_WARN_DAYS

    @property
    def effective_user(self) -> str:
        return self.user_name or current_os_user()


def load(store: Store) -> Preferences:
    return Preferences(user_name=store.get_setting(USER_NAME) or "", warn_days=deadlines.warn_days(store))


def validate(prefs: Preferences) -> Preferences:
    name = normalize_text(prefs.user_name, multiline=False)
    if len(name) > 40:
        raise ValidationError("用户名称不能超过 40 个字。", field="user_name")
    lo, hi = WARN_DAYS_RANGE
    try:
        days = int(to_halfwidth(str(prefs.warn_days)).strip())
    except ValueError:
        raise ValidationError("预警天数应为整数。", field="warn_days") from None
    if not lo <= days <= hi:
        raise ValidationError(f"预警天数应在 {lo} 到 {hi} 天之间。", field="warn_days")
    return Preferences(user_name=name, warn_days=days)


def save(store: Store, prefs: Preferences) -> Preferences:
    """Validate and store; each changed setting is written to the history too."""
    clean = validate(prefs)
    before = load(store)
    with store.transaction():
        if clean.user_name != before.user_name:
            store.set_setting(USER_NAME, clean.user_name or None)
            audit.record(store, entity="setting", entity_id=None, action="修改", field=USER_NAME,
                         old=before.user_name or None, new=clean.user_name or None)
        if clean.warn_days != before.warn_days:
            store.set_setting(WARN_DAYS, str(clean.warn_days))
            audit.record(store, entity="setting", entity_id=None, action="修改", field=WARN_DAYS,
                         old=before.warn_days, new=clean.warn_days)
    return clean
