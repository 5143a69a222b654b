"""A share with its numerator and denominator (整改率, 满意率), formatted the way reports quote it."""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """``numerator`` out of ``denominator``; the labels say what each counts."""
    numerator: int
    denominator: int
    numerator_label: str = ""
    denominator_label: str = ""

    @property
    def value(self) -> float | None:
        """The share as 0..1, or None when there is nothing to divide by."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        return None if self.value is None else 100.0 * self.value

    def percent_text(self, digits: int = 1) -> str:
        """"74.1%" rounded half up; "—" when the denominator is 0."""
        if self.percent is None:
            return "—"
        scale = 10 ** digits
        rounded = math.floor(self.percent * scale + 0.5) / scale
        return f"{rounded:.{digits}f}%"

    def at_least_text(self) -> str:
        """The bulletins' phrase: "73%以上" (whole percent, rounded down)."""
        if self.percent is None:
            return "—"
        whole = math.floor(self.percent + 1e-9)
        return f"{whole}%" if whole * self.denominator == 100 * self.numerator else f"{whole}%以上"

    def fraction_text(self) -> str:
        """"43/58"."""
        return f"{self.numerator}/{self.denominator}"

    def describe(self) -> str:
        """"已销号43项 / 已交办58项 = 74.1%"."""
        return (f"{self.numerator_label}{self.numerator}项 / {self.denominator_label}{self.denominator}项"
                f" = {self.percent_text()}")
