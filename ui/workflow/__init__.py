"""Screens of the workflow: 交办, 整改进展, 销号, 退回, 重新打开, 转下年度, 问题详情, 交办批次."""
