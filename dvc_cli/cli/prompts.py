"""The interactive interview: the only module that talks to questionary.

It renders :class:`~dvc_cli.core.engine.Interview` one question at a time, grouped in steps,
validating as the person types, and ends with a review screen where any answer can be
edited (conditions are then re-evaluated and newly needed questions asked).
"""

from __future__ import annotations

import heapq
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.completion import Completer, Completion
from rich.console import Console
from rich.table import Table

from dvc_cli import Interview, Question, answer_types
from dvc_cli.cli import ui
from dvc_cli.i18n import _, pick
from dvc_cli.text import fold

if TYPE_CHECKING:
    from dvc_cli import Draft

STYLE = questionary.Style(
    [("qmark", "fg:#d70000 bold"), ("question", "bold"), ("instruction", "fg:#808080 italic")]
)
_FINISH, _EDIT, _QUIT, _DISCARD = "finish", "edit", "quit", "discard"
_FRESH = "fresh"
_OFFERED_DRAFTS = 9  # newest first, each with a number key


# Folded type words a name may start with ("Phường Hạc Thành" is found as "hac thanh").
_TYPE_WORD = re.compile(r"^(?:thanh pho|thi tran|thi xa|dac khu|phuong|xa|tinh) ")
_OLD_MARK = re.compile(r"\s*\([^)]*\)$")  # "Phường Trường Thi (cũ)" → "Phường Trường Thi"
_ARROW = " → "


class FoldedCompleter(Completer):
    """Completes names accent- and case-insensitively, matching anywhere in the name.

    An entry ``X (cũ) → Y`` (an old name and where it went) is matched on ``X`` only: ``Y``
    is offered by its own entry. Best first: the name itself, with or without its type word
    ("hac thanh" → Phường Hạc Thành); then names starting with what was typed; then names with
    a word starting with it; then the rest. At each level current names come before old ones,
    and otherwise the order given is kept. At most :attr:`SHOWN` are offered.
    """

    SHOWN = 12

    def __init__(self, names: Iterable[str]) -> None:
        self.entries: list[tuple[str, str, str, bool, int, str]] = []
        for index, name in enumerate(names):
            head, arrow, _target = name.partition(_ARROW)
            if arrow:
                head = _OLD_MARK.sub("", head)
            key = fold(head)
            self.entries.append((key, " " + key, _TYPE_WORD.sub("", key), bool(arrow), index, name))

    def ranked(self, text: str) -> list[str]:
        """The names offered for ``text``, best first."""
        typed = fold(text)
        if not typed:
            return []
        word = " " + typed
        hits = []
        for key, spaced, bare, old, index, name in self.entries:
            if typed not in key:
                continue
            if typed == bare or typed == key:
                level = 0
            elif key.startswith(typed) or bare.startswith(typed):
                level = 1
            elif word in spaced:
                level = 2
            else:
                level = 3
            hits.append((level, old, index, name))
        return [hit[3] for hit in heapq.nsmallest(self.SHOWN, hits)]

    def get_completions(self, document: Any, complete_event: Any) -> Iterable[Completion]:
        text = document.text_before_cursor
        for name in self.ranked(text):
            yield Completion(name, start_position=-len(text))


def with_optional(q: Question) -> str:
    """The prompt's label: " (không bắt buộc)" added to an optional question's, unless the
    label says so already (``Nơi dự định đăng ký kết hôn (không bắt buộc)``)."""
    label = pick(q.label)
    suffix = _(" (không bắt buộc)")
    if q.required or suffix.strip(" ()").casefold() in label.casefold():
        return label
    return label + suffix


class Prompter:
    """Asks the questions of one interview on the terminal (prompts go to stderr).

    ``on_answer`` is called after every accepted answer (the CLI saves the draft there).
    After :meth:`run` returned False, ``discarded`` says whether the person chose to throw
    the answers away rather than keep them as a draft.
    """

    def __init__(
        self,
        interview: Interview,
        console: Console | None = None,
        on_answer: Callable[[], object] | None = None,
    ) -> None:
        self.interview = interview
        self.console = console or ui.console(stderr=True)
        self.on_answer = on_answer
        self.discarded = False
        self._last_step: int | None = None

    # -- one question -------------------------------------------------------------------
    def _header(self, q: Question) -> None:
        number, total, title = self.interview.step_position(q)
        if number != self._last_step:
            step = _("Bước {number}/{total} — {title}").format(
                number=number, total=total, title=title
            )
            self.console.print(f"\n[bold cyan]{step}[/]")
            self._last_step = number

    def _completer(self, q: Question) -> Completer | None:
        suggestions = answer_types.of(q).suggestions
        names = suggestions(q, self.interview.answers()) if suggestions else None
        return None if names is None else FoldedCompleter(names)

    def ask(self, q: Question) -> None:
        """Ask ``q`` until a valid answer is given, and store it."""
        self._header(q)
        previous = self.interview.error_for(q.id)
        if previous:
            message = _("Câu trả lời trước không hợp lệ: {error}").format(error=previous.message)
            self.console.print(f"[yellow]{message}[/]")
        if q.help:
            self.console.print(f"[dim]{pick(q.help)}[/]")
        current = self.interview.starting_answer(q)
        label = with_optional(q)
        kind = answer_types.of(q)
        if kind.options is not None:  # picked from a list
            options = [questionary.Choice(o.label, value=o.value) for o in kind.options(q)]
            chosen = kind.option_for(q, current)
            default = next((o for o in options if o.value == chosen), None)
            value = questionary.select(
                label,
                choices=options,
                default=default,
                use_shortcuts=True,
                style=STYLE,
                instruction=_("(phím mũi tên hoặc số, rồi Enter)"),
            ).unsafe_ask()
        else:
            shown = "" if current is None else answer_types.to_plain(q, current)
            value = questionary.text(
                label,
                default=str(shown),
                validate=lambda text: self._validate(q, text),
                completer=self._completer(q),
                validate_while_typing=False,
                style=STYLE,
            ).unsafe_ask()
            value = self._pick_among(q, value)
        self.interview.answer(q.id, value)
        self.tell_note(q.id)
        if self.on_answer is not None:
            self.on_answer()

    def tell_note(self, qid: str) -> None:
        """Say how the answer to ``qid`` was read, when not as typed (an old name converted)."""
        note = self.interview.note_for(qid)
        if note:
            self.console.print(f"[cyan]→ {note}[/]", highlight=False)

    def _pick_among(self, q: Question, text: str) -> Any:
        """``text`` fits several values only the person can tell apart (a split commune):
        let them pick one; otherwise ``text`` as it is."""
        error = self.interview.check(q.id, text)
        if error is None or not error.choices:
            return text
        self.console.print(f"[yellow]{error.message}[/]", highlight=False)
        return questionary.select(
            _("Chọn xã/phường hiện nay của địa chỉ này"),
            choices=[questionary.Choice(label, value=value) for value, label in error.choices],
            use_shortcuts=len(error.choices) <= 36,
            style=STYLE,
            instruction=_("(phím mũi tên hoặc số, rồi Enter)"),
        ).unsafe_ask()

    def _validate(self, q: Question, text: str) -> bool | str:
        error = self.interview.check(q.id, text)
        if error is not None and error.choices:
            return True  # asked next, as a list to pick from
        return True if error is None else error.message

    # -- whole interview ------------------------------------------------------------------
    def run(self) -> bool:
        """Ask until complete and confirmed on the review screen; False if the person quits."""
        for qid in self.interview.notes():  # answers given beforehand (a file, a draft)
            self.tell_note(qid)
        while True:
            q = self.interview.next_question()
            if q is not None:
                self.ask(q)
                continue
            action = self.review()
            if action == _FINISH:
                return True
            if action in (_QUIT, _DISCARD):
                self.discarded = action == _DISCARD
                return False

    def review(self) -> str:
        """Show every answer; let the person finish, edit one, or quit."""
        table = Table(
            title=_("Kiểm tra lại các câu trả lời"), show_lines=False, expand=True, box=ui.box()
        )
        table.add_column(_("Bước"), width=5)
        table.add_column(_("Câu hỏi"))
        table.add_column(_("Trả lời"))
        for item in self.interview.review():
            table.add_row(str(item.step), pick(item.question.label), item.shown)
        self.console.print(table)
        action = questionary.select(
            _("Các thông tin trên đã đúng chưa?"),
            choices=[
                questionary.Choice(_("Đúng — tạo tờ khai và danh sách giấy tờ"), value=_FINISH),
                questionary.Choice(_("Sửa một câu trả lời"), value=_EDIT),
                questionary.Choice(
                    _("Thoát, chưa tạo gì — giữ bản nháp để làm tiếp sau"), value=_QUIT
                ),
                questionary.Choice(_("Thoát và xóa các câu trả lời đã nhập"), value=_DISCARD),
            ],
            use_shortcuts=True,
            instruction=_("(phím số hoặc mũi tên, rồi Enter)"),
            style=STYLE,
        ).unsafe_ask()
        if action == _EDIT:
            items = self.interview.review()
            qid = questionary.select(
                _("Sửa câu nào?"),
                choices=[
                    questionary.Choice(f"{pick(i.question.label)}: {i.shown}", value=i.question.id)
                    for i in items
                ],
                instruction=_("(phím mũi tên, rồi Enter)"),
                style=STYLE,
            ).unsafe_ask()
            self._last_step = None
            self.ask(self.interview.procedure.questions[qid])
        return action


def choose_draft(found: Sequence[Draft]) -> Draft | None:
    """Offer to continue one of the unfinished interviews ``found``; None to start afresh.

    Drafts are described by when they were saved, how many answers and where they stopped:
    never by an answer (a name or ID number would be seen by the next person at the desk).
    """
    from dvc_cli import drafts

    offered = sorted(found, key=lambda d: (d.saved, d.id), reverse=True)[:_OFFERED_DRAFTS]
    if len(found) == 1:
        title = _("Có một bản nháp chưa xong của thủ tục này. Làm tiếp?")
    else:
        title = _("Có {n} bản nháp chưa xong của thủ tục này. Làm tiếp bản nào?").format(
            n=len(found)
        )
    choices = [
        questionary.Choice(
            _("Làm tiếp bản nháp lưu lúc {when} ({n} câu trả lời, {where})").format(
                when=drafts.shown_time(d.saved), n=d.answered, where=d.position()
            ),
            value=d.id,
        )
        for d in offered
    ]
    choices.append(
        questionary.Choice(_("Bắt đầu lại từ đầu (bản nháp vẫn được giữ)"), value=_FRESH)
    )
    picked = questionary.select(
        title,
        choices=choices,
        use_shortcuts=True,
        instruction=_("(phím số hoặc mũi tên, rồi Enter)"),
        style=STYLE,
    ).unsafe_ask()
    return next((d for d in offered if d.id == picked), None)


def can_prompt() -> bool:
    """Whether someone can answer: stdin is a terminal, or the caller (a test) set an input."""
    from prompt_toolkit.application.current import get_app_session

    if getattr(get_app_session(), "_input", None) is not None:
        return True
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def stderr_session() -> Any:
    """An app session whose prompts draw on stderr, unless the caller (a test) set its own."""
    from prompt_toolkit.application.current import create_app_session, get_app_session
    from prompt_toolkit.output import create_output

    current = get_app_session()
    if getattr(current, "_output", None) is not None:
        return create_app_session(input=current.input, output=current.output)
    output = create_output(stdout=sys.stderr)
    if ui.plain():  # --plain / NO_COLOR: no colours in the prompts either
        from prompt_toolkit.output import ColorDepth

        output.get_default_color_depth = lambda: ColorDepth.DEPTH_1_BIT  # type: ignore[method-assign]
    return create_app_session(output=output)
