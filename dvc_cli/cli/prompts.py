"""The interactive interview: the only module that talks to questionary.

It renders :class:`~dvc_cli.core.engine.Interview` one question at a time, grouped in steps,
validating as the person types, and ends with a review screen where any answer can be
edited (conditions are then re-evaluated and newly needed questions asked).
"""

from __future__ import annotations

import heapq
import re
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.completion import Completer, Completion
from questionary.styles import merge_styles_default
from rich.console import Console
from rich.table import Table

import dvc_cli
from dvc_cli import Interview, Question, answer_types
from dvc_cli.cli import ui
from dvc_cli.cli.picker import BACK_KEY, BACK_KEY_NAME, GoBack, Heading, Item, choose
from dvc_cli.i18n import _, pick
from dvc_cli.text import fold

if TYPE_CHECKING:
    from dvc_cli import Draft, Scanner

STYLE = questionary.Style(
    [("qmark", "fg:#d70000 bold"), ("question", "bold"), ("instruction", "fg:#808080 italic")]
)
_FINISH, _EDIT, _QUIT, _DISCARD = "finish", "edit", "quit", "discard"
_FRESH = "fresh"
_OFFERED_DRAFTS = 9  # newest first, each with a number key
_TO_REVIEW = object()  # "Quay lại" on the list of answers to edit
# The style of the lists dvc draws itself (picker.py), and of the back key beside a text box.
_LIST_STYLE = merge_styles_default(
    [
        STYLE,
        questionary.Style(
            [
                ("pointer", "fg:#d70000 bold"),
                ("highlighted", "bold"),
                ("separator", "fg:#5f87af bold"),
                ("rprompt", "noreverse"),
            ]
        ),
    ]
)


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
    ``scanner``: a serial-mode scanner (opened by the caller) listened to, besides the
    keyboard, at the first question of each person block. After :meth:`run` returned False,
    ``discarded`` says whether the person chose to throw the answers away rather than keep
    them as a draft.
    """

    def __init__(
        self,
        interview: Interview,
        console: Console | None = None,
        on_answer: Callable[[], object] | None = None,
        scanner: Scanner | None = None,
    ) -> None:
        self.interview = interview
        self.console = console or ui.console(stderr=True)
        self.on_answer = on_answer
        self.discarded = False
        self._last_step: int | None = None
        self._asked: set[str] = set()  # questions answered at this prompt (where back leads)
        self._revisit: set[str] = set()  # stepped back over: asked again on the way forward
        self._scanned: str | None = None  # an ID card's QR payload typed by a scanner
        self.scanner = scanner

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

    def _back_footer(self) -> str:
        return _("{key}: quay lại câu trước").format(key=BACK_KEY_NAME)

    def _back_key(self, scan: bool = False) -> dict[str, Any]:
        """What a text prompt needs for the back key: the binding, and the key said at the
        right of the line while it is asked (not a bottom toolbar: that waits for the terminal
        to report its cursor, which some never do). With ``scan``, Enter after text shaped
        like an ID card's QR payload takes it as a scan (see :meth:`_take_scan`)."""
        from prompt_toolkit.application.current import get_app
        from prompt_toolkit.filters import Condition
        from prompt_toolkit.key_binding import KeyBindings

        keys = KeyBindings()

        @keys.add(BACK_KEY, eager=True)
        def _back(event: Any) -> None:
            event.app.exit(exception=GoBack)

        if scan:
            scanned = Condition(lambda: dvc_cli.looks_like_id_card(get_app().current_buffer.text))

            @keys.add("enter", filter=scanned, eager=True)
            def _scan(event: Any) -> None:
                self._take_scan(event.current_buffer, event.app.key_processor.input_queue)

        footer = [("class:instruction", self._back_footer())]
        return {
            "key_bindings": keys,
            "rprompt": lambda: None if get_app().is_done else footer,
            "style": _LIST_STYLE,
        }

    def _choose_option(self, q: Question, label: str, chosen: Any) -> Any:
        """Pick ``q``'s answer from its options, typed to filter; raises GoBack on the key."""
        options = answer_types.of(q).options(q)  # type: ignore[misc]
        return choose(
            label,
            [Item(o.label, o.value, also=" ".join(o.aliases)) for o in options],
            default=chosen,
            style=_LIST_STYLE,
            instruction=_("(gõ để lọc, phím số hoặc mũi tên, rồi Enter)"),
            footer=self._back_footer(),
            back=True,
        )

    def ask(self, q: Question) -> None:
        """Ask ``q`` until a valid answer is given, and store it."""
        if q.type == "list":
            self._header(q)
            ListAsker(self, q).run()
            return
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
            value = self._choose_option(q, label, kind.option_for(q, current))
        else:
            shown = "" if current is None else answer_types.to_plain(q, current)
            block = dvc_cli.card_block_at(self.interview.procedure, q.id)
            question = questionary.text(
                label,
                default=str(shown),
                validate=lambda text: self._validate(q, text),
                completer=self._completer(q),
                validate_while_typing=False,
                **self._back_key(scan=block is not None),
            )
            if block is not None and self.scanner is not None:
                value = self._ask_listening(question, self.scanner)
            else:
                value = question.unsafe_ask()
            if self._scanned is not None and block is not None:
                payload, self._scanned = self._scanned, None
                if not self._fill_from_card(block.role, payload):
                    self.ask(q)  # not a card, or mangled: said why; asked again
                elif self.on_answer is not None:
                    self.on_answer()
                return
            value = self._pick_among(q, value)
        self.interview.answer(q.id, value)
        self.tell_note(q.id)
        if not self.confirm_doubt(q.id):
            self.ask(q)  # asked again, what was typed offered to correct
            return
        if self.on_answer is not None:
            self.on_answer()

    def tell_note(self, qid: str) -> None:
        """Say how the answer to ``qid`` was read, when not as typed (an old name converted)."""
        note = self.interview.note_for(qid)
        if note:
            self.console.print(f"[cyan]→ {note}[/]", highlight=False)

    def confirm_doubt(self, qid: str) -> bool:
        """Ask about an answer that is probably not as on the papers (a name typed without
        its diacritics); False when the person says it is not (it is asked again)."""
        doubt = self.interview.doubt_for(qid)
        return doubt is None or keep_doubtful(doubt)

    def _pick_among(self, q: Question, text: str) -> Any:
        """``text`` fits several values only the person can tell apart (a split commune):
        let them pick one; otherwise ``text`` as it is."""
        error = self.interview.check(q.id, text)
        if error is None or not error.choices:
            return text
        self.console.print(f"[yellow]{error.message}[/]", highlight=False)
        return choose(
            _("Chọn xã/phường hiện nay của địa chỉ này"),
            [Item(label, value) for value, label in error.choices],
            style=_LIST_STYLE,
            instruction=_("(gõ để lọc, phím số hoặc mũi tên, rồi Enter)"),
        )

    # -- a scan of an ID card's QR code -------------------------------------------------
    def _take_scan(self, buffer: Any, pending: Any) -> None:
        """Keep the payload the scanner typed aside and end the prompt with a placeholder:
        the prompt line then shows no ID number, and the payload goes to no history. The LF
        of a scanner ending its line with CRLF, already read, is dropped: it would answer
        the next question with its default."""
        from prompt_toolkit.keys import Keys

        if pending and pending[0].key == Keys.ControlJ:
            pending.popleft()
        self._scan_arrived(buffer, buffer.text)

    def _scan_arrived(self, buffer: Any, payload: str) -> None:
        """A scan came, typed or read from the serial port: the one place where it ends the
        prompt, which :meth:`ask` then fills the block from."""
        self._scanned = payload
        buffer.text = _("[mã QR của thẻ căn cước]")
        buffer.validate_and_handle()

    def _ask_listening(self, question: Any, scanner: Scanner) -> Any:
        """Ask ``question`` while a reader thread listens to ``scanner``: a payload read there
        is handed to the prompt's own event loop (``call_soon_threadsafe``) and taken as a
        scan. The thread stops when the question ends, however it ends (an answer, Ctrl-C);
        a port that fails is said once and the keyboard goes on alone."""
        from prompt_toolkit.application.current import set_app

        app = question.application
        stop = threading.Event()
        loops: list[Any] = []  # the prompt's loop, once it runs
        failed: list[Exception] = []
        app.pre_run_callables.append(lambda: loops.append(app.loop))

        def deliver(payload: str) -> None:  # in the prompt's loop, not in its context
            if app.is_running and not app.is_done:
                with set_app(app):  # what the prompt's accept handler exits
                    self._scan_arrived(app.current_buffer, payload)

        def listen() -> None:
            try:
                payload = scanner.read(stop=stop)
            except dvc_cli.DvcError as exc:
                failed.append(exc)
                return
            while payload is not None and not loops and not stop.wait(0.05):
                pass  # read before the prompt was drawn: handed over once it runs
            if payload is not None and loops and not stop.is_set():
                try:
                    loops[0].call_soon_threadsafe(deliver, payload)
                except RuntimeError:  # the loop closed meanwhile: the question was answered
                    pass

        scanner.discard()
        listening = _("Máy quét {device} đang chờ: quét thẻ, hoặc gõ như thường").format(
            device=scanner.device
        )
        self.console.print(listening, style="dim", highlight=False, markup=False)
        reader = threading.Thread(target=listen, name="dvc-scanner", daemon=True)
        reader.start()
        try:
            return question.unsafe_ask()
        finally:
            stop.set()
            reader.join()
            if failed:
                self.scanner = None
                message = _("{error}; tiếp tục bằng bàn phím").format(error=failed[0])
                self.console.print(message, style="yellow", highlight=False, markup=False)

    def _fill_from_card(self, role: str, payload: str) -> bool:
        """Fill ``role``'s block from the card and say what was filled (the ID number
        masked); False (after saying why) when the payload is not a usable card code."""
        from dvc_cli.privacy import mask_id

        try:
            card = dvc_cli.parse_id_card(payload, self.interview.today)
        except dvc_cli.IdCardError as exc:
            self.console.print(f"[red]{exc}[/]", highlight=False, markup=False)
            return False
        done = dvc_cli.apply_card(self.interview, card, role, replace=True)
        questions = self.interview.procedure.questions
        filled = _("Đã điền từ thẻ căn cước:")
        self.console.print(f"[green]{filled}[/]", highlight=False)
        for qid in done.filled:
            q = questions[qid]
            value = self.interview.value(qid)
            shown = answer_types.display(q, value, localised=True)
            if q.type == "citizen_id" or qid == _old_id_question(self.interview, role):
                shown = mask_id(shown)
            self.console.print(f"  {pick(q.label)}: {shown}", highlight=False, markup=False)
            self.tell_note(qid)
        for note in done.notes.values():
            self.console.print(f"[cyan]→ {note}[/]", highlight=False)
        for qid in done.to_choose:
            message = _("{label}: xã/phường cũ trên thẻ nay thuộc nhiều nơi — chọn khi được hỏi")
            label = pick(questions[qid].label)
            self.console.print(f"[yellow]{message.format(label=label)}[/]", highlight=False)
        for error in done.refused:
            label = pick(questions[error.question].label) if error.question else ""
            message = _("{label}: không nhận giá trị trên thẻ — {error}").format(
                label=label, error=error.message
            )
            self.console.print(f"[yellow]{message}[/]", highlight=False, markup=False)
        for warning in done.warnings:
            self.console.print(f"[yellow]{warning}[/]", highlight=False, markup=False)
        self._asked.update(done.filled)
        return True

    def _validate(self, q: Question, text: str) -> bool | str:
        if self._scanned is not None:
            return True  # a scan: read once the prompt ends
        error = self.interview.check(q.id, text)
        if error is not None and error.choices:
            return True  # asked next, as a list to pick from
        return True if error is None else error.message

    # -- whole interview ------------------------------------------------------------------
    def run(self) -> bool:
        """Ask until complete and confirmed on the review screen; False if the person quits."""
        for qid in self.interview.notes():  # answers given beforehand (a file, a draft)
            self.tell_note(qid)
        for qid, doubt in self.interview.doubts().items():  # to check on the review
            label = self.interview.label_of(qid)
            self.console.print(f"[yellow]{label}: {doubt}[/]", highlight=False)
        while True:
            q = self._next_question()
            if q is not None:
                try:
                    self.ask(q)
                except GoBack:
                    self._go_back(q)
                else:
                    self._asked.add(q.id)
                    self._revisit.discard(q.id)
                continue
            self._revisit.clear()
            action = self.review()
            if action == _FINISH:
                return True
            if action in (_QUIT, _DISCARD):
                self.discarded = action == _DISCARD
                return False

    def _next_question(self) -> Question | None:
        """The first question, in interview order, not yet answered or stepped back over."""
        new = self.interview.next_question()
        for q in self.interview.applicable:
            if q.id in self._revisit or (new is not None and q.id == new.id):
                return q
        return None

    def _go_back(self, q: Question) -> None:
        """Back from ``q`` to the previous question asked here (else the previous one
        answered, e.g. in a draft): it is asked next, then the ones between it and ``q`` again
        with their answers kept, unless the new answer made them not apply."""
        ids = [p.id for p in self.interview.applicable]
        at = ids.index(q.id)
        answered = [qid for qid in ids[:at] if qid in self.interview.answers()]
        asked = [qid for qid in answered if qid in self._asked]
        target = (asked or answered or [None])[-1]
        if target is None:
            first = _("Đây là câu hỏi đầu tiên: không có câu trước.")
            self.console.print(f"[yellow]{first}[/]")
            return
        start = ids.index(target)
        self._revisit.update(qid for qid in ids[start:at] if qid in self._asked)
        self._revisit.update((target, q.id))

    def _pick_to_edit(self) -> str | None:
        """The question whose answer to edit, from the numbered list grouped by step; None
        for "Quay lại" (back to the review)."""
        entries: list[Item | Heading] = []
        total = len(self.interview.procedure.model.steps)
        step = None
        for i in self.interview.review():
            if i.step != step:
                step = i.step
                title = _("Bước {number}/{total} — {title}").format(
                    number=i.step, total=total, title=i.step_title
                )
                entries.append(Heading(title))
            shown = i.shown.replace("\n", "; ")  # a list's items on one line
            entries.append(Item(f"{pick(i.question.label)}: {shown}", i.question.id))
        entries.append(Item(_("Quay lại"), _TO_REVIEW, number=0))
        try:
            picked = choose(
                _("Sửa câu nào?"),
                entries,
                style=_LIST_STYLE,
                instruction=_("(gõ để lọc, phím số hoặc mũi tên, rồi Enter)"),
                footer=_("0 hoặc {key}: quay lại").format(key=BACK_KEY_NAME),
                back=True,
            )
        except GoBack:
            return None
        return None if picked is _TO_REVIEW else picked

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
        if action == _DISCARD and not self._discard_confirmed():
            return _EDIT  # back to the review, nothing changed
        if action == _EDIT:
            qid = self._pick_to_edit()
            if qid is None:
                return action
            self._last_step = None
            try:
                self.ask(self.interview.procedure.questions[qid])
            except GoBack:  # back from the question to edit: to the review
                return action
            self._asked.add(qid)
        return action

    def _discard_confirmed(self) -> bool:
        """Ask again before "Thoát và xóa" throws the typed answers away ("no" first)."""
        return bool(
            questionary.select(
                _("Xóa hết các câu trả lời đã nhập? Không lấy lại được."),
                choices=[
                    questionary.Choice(_("Không — quay lại kiểm tra"), value=False),
                    questionary.Choice(_("Có — xóa và thoát"), value=True),
                ],
                use_shortcuts=True,
                instruction=_("(phím số hoặc mũi tên, rồi Enter)"),
                style=STYLE,
            ).unsafe_ask()
        )


def _old_id_question(interview: Interview, role: str) -> str | None:
    """The question receiving the old 9-digit CMND number in ``role``'s block, if any."""
    block = next((b for b in dvc_cli.card_blocks(interview.procedure) if b.role == role), None)
    return block.fills.old_id_number if block is not None else None


def keep_doubtful(doubt: str) -> bool:
    """Ask whether an answer that stands but looks wrong (``doubt`` says why) is what the
    papers say: True to keep it, False to type it again (the default)."""
    retype = questionary.Choice(_("Không — nhập lại"), value=False)
    return bool(
        questionary.select(
            doubt,
            choices=[questionary.Choice(_("Đúng — giữ như đã nhập"), value=True), retype],
            default=retype,
            use_shortcuts=True,
            style=STYLE,
            instruction=_("(phím mũi tên hoặc số, rồi Enter)"),
        ).unsafe_ask()
    )


def choose_draft(found: Sequence[Draft]) -> Draft | None:
    """Offer to continue one of the unfinished interviews ``found``; None to start afresh.

    Drafts are described by their number, the person's initials, when they were saved, how
    many answers and where they stopped: never by an answer (a name or ID number would be seen
    by the next person at the desk).
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
            _("Làm tiếp bản nháp {ref}, lưu lúc {when} ({n} câu trả lời, {where})").format(
                ref=d.ref(), when=drafts.shown_time(d.saved), n=d.answered, where=d.position()
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


_ADD, _DONE, _EDIT_ITEM, _REMOVE_ITEM = "add", "done", "edit", "remove"


class ListAsker:
    """Asks a list question (``type: list``) item by item: each item's questions in order,
    validated as typed (``Interview.check_item``), then "Thêm … khác?"; a list already
    answered (the review's edit, a draft) is shown item by item to edit, remove or add to.
    The list is stored after every item, so conditions re-evaluate and the draft keeps it."""

    def __init__(self, prompter: Prompter, q: Question) -> None:
        self.p = prompter
        self.q = q
        self.interview = prompter.interview
        current = self.interview.starting_answer(q)
        if current and all(isinstance(i, dict) for i in current):
            by_id = {iq.id: iq for iq in q.items or ()}
            self.items: list[dict[str, Any]] = [
                {
                    k: answer_types.to_plain(by_id[k], v) if k in by_id else v
                    for k, v in item.items()
                    if k in by_id
                }
                for item in current
            ]
        else:
            self.items = []

    # -- the flow -----------------------------------------------------------------------
    def run(self) -> None:
        q = self.q
        if q.help:
            self.p.console.print(f"[dim]{pick(q.help)}[/]")
        if not self.items:
            if not q.min and not self._yes(_("Có {item} nào không?").format(item=self._noun())):
                self._store()
                return
            self._add_items()
        else:  # answered before (the review's edit, a draft): edit, remove or add items
            self._menu()
        while not self._store():
            pass
        if self.p.on_answer is not None:
            self.p.on_answer()

    def _add_items(self) -> None:
        """Add items until the person says no more (or the list is full)."""
        while True:
            index = len(self.items)
            self.items.append({})
            try:
                self._ask_item(index)
            except GoBack:
                self.items.pop()
                if not self.items:
                    raise
                return
            self._store(quiet=True)
            full = self.q.max is not None and len(self.items) >= self.q.max
            if full or not self._yes(_("Thêm {item} khác?").format(item=self._noun())):
                return

    def _store(self, *, quiet: bool = False) -> bool:
        """Store the items; on a refusal say it, and (unless ``quiet``) let the person edit
        the list (True once stored)."""
        error = self.interview.check(self.q.id, self.items)
        if error is None:
            self.interview.answer(self.q.id, self.items)
            if self.p.on_answer is not None:
                self.p.on_answer()
            return True
        if quiet:
            return False
        label = self.interview.label_of(error.question or self.q.id)
        self.p.console.print(f"[yellow]{label}: {error.message}[/]", highlight=False)
        self._menu()
        return False

    def _menu(self) -> None:
        """The items so far, to edit or remove one, add one, or be done."""
        while True:
            entries: list[Item | Heading] = [
                Item(self._shown(i), i) for i in range(len(self.items))
            ]
            full = self.q.max is not None and len(self.items) >= self.q.max
            if not full:
                entries.append(Item(_("Thêm {item}").format(item=self._noun()), _ADD))
            entries.append(Item(_("Xong"), _DONE, number=0))
            picked = choose(
                pick(self.q.label),
                entries,
                style=_LIST_STYLE,
                instruction=_("(phím số hoặc mũi tên, rồi Enter)"),
            )
            if picked == _DONE:
                return
            if picked == _ADD:
                self._add_items()
                continue
            self._item_action(picked)

    def _item_action(self, index: int) -> None:
        label = self._label(index)
        action = choose(
            label,
            [
                Item(_("Sửa mục này"), _EDIT_ITEM),
                Item(_("Xóa mục này"), _REMOVE_ITEM),
                Item(_("Quay lại"), _DONE, number=0),
            ],
            style=_LIST_STYLE,
            instruction=_("(phím số hoặc mũi tên, rồi Enter)"),
        )
        if action == _REMOVE_ITEM:
            del self.items[index]
            self.p.console.print(_("Đã xóa {item}.").format(item=label), highlight=False)
        elif action == _EDIT_ITEM:
            try:
                self._ask_item(index)
            except GoBack:
                return

    # -- one item -------------------------------------------------------------------------
    def _ask_item(self, index: int) -> None:
        """Ask item ``index``'s questions that apply, in order (its answers so far offered);
        the back key steps to the item's previous question (raises GoBack from its first)."""
        self.p.console.print(f"[bold]{self._label(index)}[/]", highlight=False)
        at = 0
        while True:
            state = self.interview.item_state(self.q.id, self.items, index)
            applicable = state.applicable
            for iq in list(self.items[index]):  # answers to questions that no longer apply
                if iq not in {a.id for a in applicable}:
                    del self.items[index][iq]
            if at >= len(applicable):
                return
            iq = applicable[at]
            try:
                value = self._ask_one(index, iq)
            except GoBack:
                if at == 0:
                    raise
                at -= 1
                continue
            self.items[index][iq.id] = value
            state = self.interview.item_state(self.q.id, self.items, index)
            name = f"{self.q.id}[{index + 1}].{iq.id}"
            note = state.notes.get(name)
            if note:
                self.p.console.print(f"[cyan]→ {note}[/]", highlight=False)
            doubt = state.doubts.get(name)
            if doubt and not keep_doubtful(doubt):
                continue  # asked again
            at += 1

    def _ask_one(self, index: int, iq: Question) -> Any:
        """One item question, validated as typed; its raw answer."""
        if iq.help:
            self.p.console.print(f"[dim]{pick(iq.help)}[/]")
        current = self.items[index].get(iq.id)
        if current is None and iq.default is not None:
            current = iq.default
        kind = answer_types.of(iq)
        label = with_optional(iq)
        if kind.options is not None:
            options = kind.options(iq)
            return choose(
                label,
                [Item(o.label, o.value, also=" ".join(o.aliases)) for o in options],
                default=kind.option_for(iq, current),
                style=_LIST_STYLE,
                instruction=_("(gõ để lọc, phím số hoặc mũi tên, rồi Enter)"),
                footer=self.p._back_footer(),
                back=True,
            )

        def validate(text: str) -> bool | str:
            error = self.interview.check_item(self.q.id, self.items, index, iq.id, text)
            return True if error is None else error.message

        return questionary.text(
            label,
            default="" if current is None else str(current),
            validate=validate,
            validate_while_typing=False,
            **self.p._back_key(),
        ).unsafe_ask()

    # -- words ----------------------------------------------------------------------------
    def _label(self, index: int) -> str:
        return answer_types.item_label(self.q, index)

    def _noun(self) -> str:
        """What one item is, mid-sentence: "nơi cư trú trước đây"."""
        words = self._label(0).split()
        if words and words[-1].isdigit():
            words.pop()
        if words and fold(words[-1]) in {"thu", "no.", "#"}:  # "thứ 2", "no. 2"
            words.pop()
        noun = " ".join(words) or pick(self.q.label)
        return noun[:1].lower() + noun[1:]

    def _shown(self, index: int) -> str:
        by_id = {iq.id: iq for iq in self.q.items or ()}
        values = [str(v) for k, v in self.items[index].items() if k in by_id and v is not None]
        return f"{self._label(index)}: {', '.join(values)}"

    def _yes(self, question: str) -> bool:
        return bool(
            choose(
                question,
                [Item(_("Có"), True), Item(_("Không"), False)],
                default=False,
                style=_LIST_STYLE,
                instruction=_("(phím số hoặc mũi tên, rồi Enter)"),
            )
        )
