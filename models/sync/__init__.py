"""三级联动 exchange between offices: identity, change log, packages (交换包) and their merge.

Not to be mixed with models/exchange/, which reads Excel problem lists and 反馈表.
"""
