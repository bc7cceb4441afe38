"""dvc's wording of PyYAML's syntax errors ("YAML không hợp lệ: <this>").

PyYAML's problems are English and differ between its C (libyaml) and pure-Python parsers and
between releases, so they are matched loosely (case-insensitive substrings, in one table) and
worded by dvc; a problem the table does not know is "cú pháp YAML sai", with PyYAML's text only
as a detail in parentheses. The position (file:line:col) is PyYAML's, reported by the caller.
"""

from __future__ import annotations

import re
from typing import Any

from dvc_cli.i18n import N_, _

_TAB = N_("có ký tự tab để thụt lề; YAML chỉ cho phép thụt lề bằng dấu cách")
_BAD_INDENT = N_("thụt lề sai: dòng này không thẳng hàng với các khóa cùng cấp ở trên")
_NEXT_DOCUMENT = N_(
    "có tài liệu YAML thứ hai (sau một dòng '---' hoặc '...'); mỗi tệp chỉ được chứa một tài liệu"
)
_ANCHOR_NAME = N_(
    "sau '*' hoặc '&' phải là tên bí danh; giá trị bắt đầu bằng '*' hoặc '&' cần đặt trong dấu nháy"
)
_NODE_CONTENT = N_("thiếu giá trị ở đây (thừa dấu ',', hoặc dấu đóng ']' '}}' không có dấu mở?)")

# (lower-case substrings of PyYAML's problem or context, any of them; dvc's message): the first
# match wins. Placeholders: {char} is the character at the error, {alias} the name of the
# '*alias' or '&anchor' there.
_PROBLEMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tab character", "'\\t'"), _TAB),
    (
        ("expected ',' or ']'",),
        N_("danh sách '[' chưa đóng: thiếu ']' (hoặc thiếu ',' giữa hai mục)"),
    ),
    (("expected ',' or '}'",), N_("bảng '{{' chưa đóng: thiếu '}}' (hoặc thiếu ',' giữa hai mục)")),
    (("unexpected end of stream",), N_("chuỗi trong dấu nháy chưa đóng: thiếu dấu nháy kết thúc")),
    (
        ("unexpected document indicator", "unexpected document separator"),
        N_("chuỗi trong dấu nháy chưa đóng trước dòng '---'"),
    ),
    (("another document", "<document start>"), _NEXT_DOCUMENT),
    (("unhashable key",), N_("khóa không được là một danh sách hay một bảng")),
    (
        ("mapping values are not allowed",),
        N_("dấu ':' ở chỗ không được phép (giá trị có ': ' cần đặt trong dấu nháy)"),
    ),
    (
        ("sequence entries are not allowed",),
        N_("'- ' ở chỗ không được phép (mục danh sách phải ở dòng riêng, thụt vào)"),
    ),
    (("could not find expected ':'",), N_("thiếu dấu ':' sau khóa")),
    (("expected '-' indicator",), N_("thụt lề sai: các mục '- ' của danh sách phải thẳng cột")),
    (("did not find expected key", "expected <block end>"), _BAD_INDENT),
    (("undefined alias",), N_("bí danh *{alias} chưa được khai báo (cần &{alias} ở trước)")),
    (("scanning an alias", "scanning an anchor"), _ANCHOR_NAME),
    (("duplicate anchor",), N_("bí danh &{alias} được khai báo hai lần")),
    (
        ("unknown escape character",),
        N_("ký tự sau '\\' không hợp lệ trong chuỗi nháy kép (dùng nháy đơn, hoặc viết '\\\\')"),
    ),
    (("expected the node content", "expected node content"), _NODE_CONTENT),
    (
        ("cannot start any token",),
        N_("ký tự '{char}' không được đứng đầu một giá trị; hãy đặt giá trị trong dấu nháy"),
    ),
    (("for merging",), N_("'<<' (gộp bảng) cần một bảng hoặc một danh sách bảng")),
    (
        ("block scalar", "chomping", "comment or line break"),
        N_("sau '|' hoặc '>' chỉ được có '+', '-', một chữ số hoặc chú thích, rồi xuống dòng"),
    ),
)
_CONSTRUCTOR = "could not determine a constructor"
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _rest_of_line(text: str, mark: Any) -> str:
    """The text of the line at ``mark`` (a PyYAML mark: 0-based line, column) from there on."""
    if mark is None:
        return ""
    lines = _LINE_BREAK.split(text)
    return lines[mark.line][mark.column :] if 0 <= mark.line < len(lines) else ""


def _tag(problem: str) -> str:
    """``!!python/name:os.system`` from "could not determine a constructor for the tag '...'"."""
    return problem.rsplit(" ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")


def describe(problem: str, context: str = "", text: str = "", mark: Any = None) -> str:
    """dvc's words for a PyYAML ``problem`` and its ``context``, found at ``mark`` of ``text``."""
    problem = " ".join(problem.split())
    if _CONSTRUCTOR in problem.lower():
        return _("thẻ {tag} không được phép (chỉ dùng YAML thuần)").format(tag=_tag(problem))
    rest = _rest_of_line(text, mark)
    if rest.startswith("\t"):  # libyaml may only say "cannot start any token"
        return _(_TAB)
    alias = re.match(r"[*&]?([^\s,\[\]{}]*)", rest)
    fields = {"char": rest[:1], "alias": alias[1] if alias else ""}
    context = " ".join(context.split())
    said = f"{problem} | {context}".lower()
    for needles, message in _PROBLEMS:
        if any(n in said for n in needles):
            return _(message).format(**fields)
    detail = problem or context
    if not detail:
        return _("cú pháp YAML sai")
    return _("cú pháp YAML sai ({detail})").format(detail=detail)
