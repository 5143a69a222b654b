"""Tables for imports and units' replies (filled in by the exchange area)."""

EXCHANGE_V1 = """
"""
