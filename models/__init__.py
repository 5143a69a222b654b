"""联动监督问题清单管理系统: domain library (no Qt)."""
