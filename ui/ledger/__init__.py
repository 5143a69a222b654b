"""The 问题清单 (ledger) page: id-only table model, filter bar, page and problem actions."""
