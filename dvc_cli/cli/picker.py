"""A list to pick one answer from, narrowed by typing: used by :mod:`dvc_cli.cli.prompts` only.

Letters narrow the list accent- and case-insensitively, every word typed having to appear in
the entry ("da ly hon" leaves "Đã ly hôn"; Backspace widens it again); digits pick an entry by
its number ("1" then "5" is 15 when there are that many); the arrows move without wrapping
around; Enter confirms. The back key (:data:`BACK_KEY`) leaves with :class:`GoBack` when the
caller allows it. A plain prompt_toolkit application, drawn like questionary's lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.filters import Condition, IsDone
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import BaseStyle

from dvc_cli.i18n import _
from dvc_cli.text import fold

BACK_KEY = "c-b"  # Ctrl-B: one byte (0x02) in a terminal and in piped input alike
BACK_KEY_NAME = "Ctrl-B"


class GoBack(Exception):  # noqa: N818 (a request, not an error)
    """The person pressed the back key: go back to the previous question (or screen)."""


@dataclass(frozen=True)
class Item:
    """One entry to pick: its title, the value returned, and other words it is found by."""

    title: str
    value: Any
    number: int | None = None  # None: numbered in order from 1
    also: str = ""


@dataclass(frozen=True)
class Heading:
    """A title over the entries that follow it (a step of the interview); not pickable."""

    title: str


def _words(text: str) -> list[str]:
    return fold(text).split()


class Picker:
    """The state of one list: the typed filter, the digits typed, the entry pointed at."""

    def __init__(self, entries: Sequence[Item | Heading], default: Any = None) -> None:
        self.entries = list(entries)
        self.numbers: dict[int, int] = {}  # number → index in entries
        self.keys: dict[int, str] = {}  # index → folded words it is found by
        counter = 0
        for index, entry in enumerate(self.entries):
            if isinstance(entry, Item):
                if entry.number is None:
                    counter += 1
                    number = counter
                else:
                    number = entry.number
                self.numbers[number] = index
                self.keys[index] = fold(f"{entry.title} {entry.also}")
        self.number_of = {index: number for number, index in self.numbers.items()}
        self.query = ""
        self.digits = ""
        items = [i for i, e in enumerate(self.entries) if isinstance(e, Item)]
        chosen = [i for i in items if self.entries[i].value == default]  # type: ignore[union-attr]
        self.pointed: int | None = (chosen or items or [None])[0]

    # -- what is shown ---------------------------------------------------------------------
    def matches(self, index: int) -> bool:
        key = self.keys[index]
        return all(word in key for word in _words(self.query))

    def visible(self) -> list[int]:
        """Indexes of the entries shown: the matching items, and headings over any of them."""
        shown: list[int] = []
        heading: int | None = None
        for index, entry in enumerate(self.entries):
            if isinstance(entry, Heading):
                heading = index
            elif self.matches(index):
                if heading is not None:
                    shown.append(heading)
                    heading = None
                shown.append(index)
        return shown

    def items_shown(self) -> list[int]:
        return [i for i in self.visible() if isinstance(self.entries[i], Item)]

    # -- keys ------------------------------------------------------------------------------
    def type(self, text: str) -> None:
        self.digits = ""
        self.query += text
        self._point_first()

    def erase(self) -> None:
        self.digits = ""
        self.query = self.query[:-1]
        self._point_first()

    def clear(self) -> None:
        self.digits = ""
        self.query = ""
        self._point_first()

    def _point_first(self) -> None:
        shown = self.items_shown()
        if self.pointed not in shown:
            self.pointed = shown[0] if shown else None
        elif self.query and shown:
            self.pointed = shown[0]  # the best (first) match of what was typed

    def digit(self, char: str) -> None:
        """Point at the entry numbered by the digits typed so far, or by this digit alone."""
        for typed in (self.digits + char, char):
            if typed.startswith("0") and len(typed) > 1:
                continue
            index = self.numbers.get(int(typed))
            if index is not None:
                self.digits = typed
                self.pointed = index
                if not self.matches(index):  # picked by number: show the whole list again
                    self.query = ""
                return
        self.digits = ""

    def move(self, step: int) -> None:
        """Move ``step`` entries down (up when negative), stopping at either end."""
        self.digits = ""
        shown = self.items_shown()
        if not shown:
            return
        at = shown.index(self.pointed) if self.pointed in shown else 0
        self.pointed = shown[max(0, min(len(shown) - 1, at + step))]

    def answer(self) -> Any:
        return self.entries[self.pointed].value  # type: ignore[index,union-attr]


def choose(
    message: str,
    entries: Sequence[Item | Heading],
    *,
    style: BaseStyle,
    default: Any = None,
    instruction: str = "",
    footer: str = "",
    back: bool = False,
) -> Any:
    """Show ``entries`` under ``message`` and return the value of the one picked.

    Raises KeyboardInterrupt on Ctrl-C, EOFError when the input ends, and :class:`GoBack` on
    the back key when ``back``. ``footer`` is a line under the list (the keys to know).
    """
    state = Picker(entries, default)
    done: list[bool] = []

    def prompt_line() -> list[tuple[str, str]]:
        tokens = [("class:qmark", "?"), ("class:question", f" {message} ")]
        if done:
            tokens.append(("class:answer", state.entries[state.pointed].title))  # type: ignore[index]
        elif instruction:
            tokens.append(("class:instruction", instruction))
        return tokens

    def list_lines() -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        width = len(str(max(state.numbers, default=0)))
        for index in state.visible():
            entry = state.entries[index]
            if tokens:
                tokens.append(("", "\n"))
            if isinstance(entry, Heading):
                tokens.append(("class:separator", f"  {entry.title}"))
                continue
            number = f"{state.number_of[index]:>{width}}) "
            if index == state.pointed:
                tokens.append(("class:pointer", " » "))
                tokens.append(("[SetCursorPosition]", ""))
                tokens.append(("class:highlighted", number + entry.title))
            else:
                tokens.append(("class:text", "   " + number + entry.title))
        return tokens

    def filter_line() -> list[tuple[str, str]]:
        tokens = [("class:instruction", _("Lọc: ")), ("class:answer", state.query)]
        if state.pointed is None:
            tokens.append(("class:instruction", "  " + _("(không có lựa chọn nào khớp)")))
        return tokens

    keys = KeyBindings()

    @keys.add(Keys.ControlC, eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    if back:

        @keys.add(BACK_KEY, eager=True)
        def _back(event: Any) -> None:
            event.app.exit(exception=GoBack)

    @keys.add(Keys.Down, eager=True)
    @keys.add(Keys.ControlN, eager=True)
    def _down(event: Any) -> None:
        state.move(1)

    @keys.add(Keys.Up, eager=True)
    @keys.add(Keys.ControlP, eager=True)
    def _up(event: Any) -> None:
        state.move(-1)

    @keys.add(Keys.PageDown, eager=True)
    def _page_down(event: Any) -> None:
        state.move(10)

    @keys.add(Keys.PageUp, eager=True)
    def _page_up(event: Any) -> None:
        state.move(-10)

    @keys.add(Keys.Home, eager=True)
    def _home(event: Any) -> None:
        state.move(-len(state.entries))

    @keys.add(Keys.End, eager=True)
    def _end(event: Any) -> None:
        state.move(len(state.entries))

    @keys.add(Keys.Backspace, eager=True)
    def _erase(event: Any) -> None:
        state.erase()

    @keys.add(Keys.ControlU, eager=True)
    def _clear(event: Any) -> None:
        state.clear()

    @keys.add(Keys.BracketedPaste, eager=True)
    def _paste(event: Any) -> None:
        state.type(" ".join(event.data.split()))

    @keys.add(Keys.ControlM, eager=True)
    def _enter(event: Any) -> None:
        if state.pointed is not None:
            done.append(True)
            event.app.exit(result=state.answer())

    @keys.add(Keys.Any)
    def _typed(event: Any) -> None:
        text = event.data
        if len(text) == 1 and text.isdigit():
            state.digit(text)
        elif text.isprintable():
            state.type(text)

    typing = Condition(lambda: bool(state.query))
    layout = Layout(
        HSplit(
            [
                Window(FormattedTextControl(prompt_line), dont_extend_height=True, wrap_lines=True),
                ConditionalContainer(
                    Window(
                        FormattedTextControl(list_lines, focusable=True, show_cursor=False),
                        always_hide_cursor=True,
                    ),
                    filter=~IsDone(),
                ),
                ConditionalContainer(
                    Window(FormattedTextControl(filter_line), height=1),
                    filter=typing & ~IsDone(),
                ),
                ConditionalContainer(
                    Window(FormattedTextControl([("class:instruction", footer)]), height=1),
                    filter=Condition(lambda: bool(footer)) & ~IsDone(),
                ),
            ]
        )
    )
    app: Application[Any] = Application(layout=layout, key_bindings=keys, style=style)
    return app.run()
