"""Tables of the later areas (workflow, exchange), appended to schema step 1.

Each area keeps its own SQL next to its code; this list only gathers them in order.
"""
from __future__ import annotations

from models.exchange.schema import EXCHANGE_V1
from models.workflow.schema import WORKFLOW_V1

V1_PARTS: list[str] = [WORKFLOW_V1, EXCHANGE_V1]
