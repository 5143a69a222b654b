"""Tables for handover, progress, closing, evaluation (filled in by the workflow area)."""

WORKFLOW_V1 = """
"""
