"""argparse that speaks Chinese: its own words (用法, 选项, error messages) translated, and a
bad argument ends with a Chinese sentence and exit code 2. No Qt here."""
from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager

# argparse's own messages (Python 3.10–3.13 wording) in Chinese
_WORDS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "后面需要一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "“%(value)s”不是可选的值（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "one of the arguments %s is required": "参数 %s 中需要有一个",
    "expected at least one argument": "后面至少需要一个值",
    "expected at most one argument": "后面最多一个值",
    "expected %s argument": "后面需要 %s 个值",
    "expected %s arguments": "后面需要 %s 个值",
}


def _gettext(text: str) -> str:
    return _WORDS.get(text, text)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextmanager
def chinese_argparse():
    """argparse looks its words up through module-level gettext names at call time: swap them for
    the Chinese table while the command line is parsed and its help printed."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors read in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        # anything argparse said that the table missed still gets a Chinese lead-in
        text = message if not re.search(r"[A-Za-z]{4,}", re.sub(r"--?[\w-]+|%\w+|'[^']*'|“[^”]*”", "", message)) \
            else f"参数有误（{message}）"
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{text}\n")
