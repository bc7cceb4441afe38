"""Exceptions that the CLI turns into one-line messages and exit codes.

Exit codes: 0 done; 1 answers missing or invalid (the message names each question);
2 a bad command line, or a procedure file, template or answers file that cannot be used
(the message names the file, with line:column where there is one), or a file-system fault
(:class:`FileSystemError`: a full disk, a read-only folder; the message names the path);
70 an internal error, a bug
in dvc (sysexits' EX_SOFTWARE: one line, ``--debug`` shows the traceback); 130 interrupted.
"""

from __future__ import annotations

import errno

from dvc_cli.i18n import _, ngettext

EXIT_OK = 0
EXIT_INVALID_ANSWERS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70  # a bug in dvc (sysexits EX_SOFTWARE): one line, --debug for details
EXIT_INTERRUPTED = 130  # Ctrl-C or end of input; an interview keeps its draft
# An interview stopped by a signal exits 128 + its number, its draft kept (cli_drafts):
# 129 when the terminal was closed (SIGHUP), 143 for SIGTERM.


class DvcError(Exception):
    """Base class: ``str(err)`` is a complete one-line message for the user; ``hint``, when
    set, a second line saying what to do next."""

    exit_code = EXIT_BAD_INPUT
    hint: str | None = None


class ProcedureError(DvcError):
    """A procedure file (or its template) is missing or malformed."""

    exit_code = EXIT_BAD_INPUT


class UsageError(DvcError):
    """The command line is wrong (unknown procedure, unreadable file, ...)."""

    exit_code = EXIT_BAD_INPUT


class FileSystemError(UsageError):
    """The file system refused: a read-only folder, a full disk, a path through a file...

    Built from the ``OSError``: one line naming the path and what to do (exit 2, not a bug).
    """

    def __init__(self, exc: OSError, path: object = None) -> None:
        self.path = path if path is not None else exc.filename
        self.errno = exc.errno
        why = exc.strerror or str(exc)
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            advice = _("ổ đĩa đầy: giải phóng chỗ trống rồi chạy lại")
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            advice = _("không có quyền ghi: chọn thư mục khác (--out) hoặc sửa quyền")
        elif exc.errno == errno.ENOTDIR:
            advice = _("một phần của đường dẫn là tệp, không phải thư mục: chọn đường dẫn khác")
        elif exc.errno == errno.EISDIR:
            advice = _("đây là thư mục, không phải tệp: chọn đường dẫn khác")
        else:
            advice = _("kiểm tra đường dẫn và ổ đĩa rồi chạy lại")
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"{where}{why}; {advice}")


class AnswerError(DvcError):
    """One answer is invalid; ``question`` names it when known. ``choices``, when the answer
    fits several values only the person can tell apart (an old commune split across several
    new ones): (value, label) pairs an interview offers to pick from."""

    exit_code = EXIT_INVALID_ANSWERS

    def __init__(
        self,
        message: str,
        question: str | None = None,
        choices: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.question = question
        self.choices = choices

    def __str__(self) -> str:
        return f"{self.question}: {self.message}" if self.question else self.message


class AnswersInvalid(DvcError):
    """Several answers are missing or invalid; carries every problem."""

    exit_code = EXIT_INVALID_ANSWERS

    def __init__(self, source: str, problems: list[AnswerError]) -> None:
        self.source = source
        self.problems = problems
        message = ngettext(
            "{source}: {count} câu trả lời thiếu hoặc không hợp lệ",
            "{source}: {count} câu trả lời thiếu hoặc không hợp lệ",
            len(problems),
        )
        super().__init__(message.format(source=source, count=len(problems)))
