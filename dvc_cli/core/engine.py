"""The interview engine: which question comes next, validation, computed values.

Pure Python, no terminal I/O: the interactive prompts, answers files and CSV rows all
drive the same :class:`Interview`.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from jinja2 import UndefinedError

from dvc_cli import i18n
from dvc_cli.core import answer_types, expressions, lists
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.errors import AnswerError, ProcedureError
from dvc_cli.i18n import _, pick
from dvc_cli.text import nfc

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question


@dataclass(frozen=True)
class ReviewItem:
    """One line of the review screen."""

    step: int
    step_title: str
    question: Question
    shown: str


Check = Callable[["Interview", Mapping[str, Any], "str | None"], list[AnswerError]]
"""A check of the answers taken together, given from outside the core (the render layer's
form-fit check): ``check(interview, context, qid)`` returns the problems it finds, each naming
its question; with ``qid`` only those that may concern that question are needed."""


_ABSENT = object()  # a name not in the context (not the same as None)
_MEMOS: dict[int, dict[Any, Any]] = {}  # id(procedure) → Interview._memo()


def _is_template(default: Any) -> bool:
    return isinstance(default, str) and "{" in default


class Interview:
    """Answers collected so far for one procedure, and what follows from them."""

    def __init__(
        self,
        procedure: LoadedProcedure,
        answers: Mapping[str, Any] | None = None,
        *,
        today: dt.date | None = None,
        checks: Sequence[Check] = (),
    ) -> None:
        self.procedure = procedure
        self.today = today or dt.date.today()
        self.checks = tuple(checks)  # run on the answers together: see check_errors()
        self._raw: dict[str, Any] = {}  # as given, by question id
        self._values: dict[str, Any] = {}  # typed, of valid answers to applicable questions
        self._errors: dict[str, AnswerError] = {}
        self._notes: dict[str, str] = {}  # how an answer was read, when not as typed
        self._doubts: dict[str, str] = {}  # answers probably not as on the papers
        self._item_errors: dict[str, list[AnswerError]] = {}  # list id → its items' errors
        self.unknown: list[str] = []
        self.applicable: list[Question] = []
        self._labelled = self._labelled_questions()  # whose answers have labels (choices)
        answers = lists.migrate(procedure.model.migrate, answers or {})
        for key, value in answers.items():
            if key in procedure.questions:
                self._raw[key] = nfc(value) if isinstance(value, str) else value
            else:
                self.unknown.append(key)
        self.refresh()

    def _labelled_questions(self) -> frozenset[str]:
        """The questions whose answers have labels (choices): worked out once per procedure."""
        memo = self._memo()
        found = memo.get(("labelled",))
        if found is None:
            found = memo[("labelled",)] = frozenset(
                qid for qid, q in self.procedure.questions.items() if answer_types.of(q).labelled
            )
        return found  # type: ignore[no-any-return]

    # -- state -------------------------------------------------------------------------
    def _base_context(self) -> dict[str, Any]:
        return {"today": expressions.VnDate.of(self.today), "labels": self._labels()}

    def _labels(self, *, localised: bool = False) -> dict[str, str]:
        out = {}
        for qid, value in self._values.items():
            if value is not None and qid in self._labelled:
                q = self.procedure.questions[qid]
                out[qid] = answer_types.display(q, value, localised=localised)
        return out

    def localised_context(self) -> dict[str, Any]:
        """:meth:`context` with ``labels`` in the interface language (for the checklist; the
        forms and the computed values keep the Vietnamese labels)."""
        ctx = self.context()
        if i18n.language() == i18n.DEFAULT:
            return ctx
        return {**ctx, "labels": self._labels(localised=True)}

    def refresh(self) -> None:
        """Re-derive applicability, typed values and errors from the raw answers, in order."""
        self._values, self._errors, self._notes, self.applicable = {}, {}, {}, []
        self._doubts, self._item_errors = {}, {}
        self._context: dict[str, Any] | None = None
        self._checked: dict[str, AnswerError] | None = None  # check_errors(), once per state
        ctx = self._answered = self._base_context()  # and the valid answers (context())
        labels = ctx["labels"]
        raw_answers = self._raw
        memo, key_of = self._memo(), self._key_of
        reads = self._reads()
        applicable, values_, errors = self.applicable, self._values, self._errors
        held = False  # whether the last `when` looked at held
        for q, when, labelled, read, repeats in self._plan():
            qid = q.id
            if when is not None:  # _holds, its kept answer looked up here first
                if not repeats:  # else the same condition on the same answers as just before
                    values = key_of(when, ctx)
                    holds = memo.get(("when", qid, values)) if values is not None else None
                    held = self._holds(q, ctx, when) if holds is None else holds
                if not held:
                    continue
            applicable.append(q)
            if qid not in raw_answers:
                continue
            raw = raw_answers[qid]
            if q.type == "list":
                said = lists.ParsedItem()
                items, item_errors = self._parse_list(q, raw, ctx, said)
                if item_errors:
                    errors[qid] = item_errors[0]
                    self._item_errors[qid] = item_errors
                    continue
                values_[qid] = ctx[qid] = items
                self._notes.update(said.notes)
                self._doubts.update(said.doubts)
                continue
            if len(read) == 1 and type(raw) is str:  # read only from itself: _key_of's key
                values = ((str, raw),)
            else:
                values = key_of(read, ctx, qid, raw)  # the kept reading (see _reads)
            found = reads.get((qid, values)) if values is not None else None
            if found is None:
                found = self._reading(q, raw, ctx, reads, values)
            if type(found) is not tuple:  # an AnswerError (of one of its subclasses)
                errors[qid] = found.with_traceback(None)
                continue
            value, note, doubt, label = found
            values_[qid] = value
            if value is not None:
                if note:
                    self._notes[qid] = note
                if doubt:
                    self._doubts[qid] = doubt
                ctx[qid] = value
                if labelled:  # the labels change only with a labelled answer (as _labels())
                    labels = {**labels, qid: label}
                    ctx["labels"] = labels

    def _plan(
        self,
    ) -> list[tuple[Question, tuple[str, ...] | None, bool, tuple[str, ...], bool]]:
        """The questions in interview order, each with the names its ``when`` reads (None
        without one), whether its answer has a label, the names its reading depends on, and
        whether its ``when`` is the one just before it on the same answers (the same source,
        naming neither the question before nor, after a labelled one, ``labels``: what that
        question's answer adds to the context): worked out once per procedure."""
        memo = self._memo()
        plan = memo.get(("plan",))
        if plan is None:
            plan, before = [], None
            for q in self.procedure.ordered():
                when = self._names("when", q) if q.when else None
                labelled = q.id in self._labelled
                repeats = (
                    when is not None
                    and before is not None
                    and before.when == q.when
                    and before.id not in when
                    and not (before.id in self._labelled and "labels" in when)
                )
                plan.append((q, when, labelled, self._names("read", q), repeats))
                before = q
            memo[("plan",)] = plan
        return plan

    # -- reading each answer once (refresh runs after every answer and default) ---------
    # A question's `when`, and an answer's parse with its note and doubt, depend only on the
    # values they name: the names in the `when` or the rules (expressions.names_in), and the
    # answers the question's type reads (its ``*_question`` fields: the province of a commune,
    # the gender and birth date an ID number must agree with). Their results are kept per
    # procedure, keyed by those values (and the raw answer, the date, the language of the
    # messages), so the same answers are not parsed again by the next refresh — nor the same
    # "Kinh" or "Có" in the next row of a batch. An unhashable value is simply not kept.
    _MEMO_LIMIT = 20000

    def _memo(self) -> dict[Any, Any]:
        """This procedure's memo (dropped with the procedure; emptied when it grows large)."""
        memo = self.__dict__.get("_kept")
        if memo is not None:
            return memo
        number = id(self.procedure)
        memo = _MEMOS.get(number)
        if memo is None:
            memo = _MEMOS[number] = {}
            weakref.finalize(self.procedure, _MEMOS.pop, number, None)
        elif len(memo) > self._MEMO_LIMIT:
            memo.clear()
        self.__dict__["_kept"] = memo
        return memo

    def _names(self, kind: str, q: Question) -> tuple[str, ...]:
        """The context names a question's ``when`` (kind "when") or its answer's reading
        (kind "read") depends on, worked out once per procedure."""
        memo = self._memo()
        key = ("names", kind, q.id)
        names = memo.get(key)
        if names is None:
            if kind == "when":
                found = expressions.names_in(q.when or "", template=False)
            else:
                found = {q.id}.union(
                    *(expressions.names_in(r.check, template=False) for r in q.rules)
                )
                found |= {
                    v for k, v in vars(q).items() if k.endswith("_question") and isinstance(v, str)
                }
            names = memo[key] = tuple(sorted(found))
        return names

    @staticmethod
    def _key_of(
        names: tuple[str, ...], ctx: Mapping[str, Any], own: str = "", raw: Any = _ABSENT
    ) -> tuple[Any, ...] | None:
        """The values of ``names`` in ``ctx`` (``own``'s: ``raw``) as a hashable key (typed: 1
        is not True), or None when one cannot be hashed."""
        key = []
        for name in names:
            value = raw if name == own else ctx.get(name, _ABSENT)
            if isinstance(value, dict):
                value = frozenset(value.items())
            key.append((type(value), value))
        try:
            hash(key := tuple(key))
        except TypeError:
            return None
        return key

    def _holds(self, q: Question, ctx: dict[str, Any], names: tuple[str, ...] = ()) -> bool:
        """``expressions.holds`` of the question's ``when``, kept per the values it names
        (``names``: :meth:`_names` of it, when the caller has them)."""
        if not q.when:
            return True
        values = self._key_of(names or self._names("when", q), ctx)
        memo = self._memo()
        key = ("when", q.id, values)
        found = memo.get(key) if values is not None else None
        if found is None:
            found = expressions.holds(q.when, ctx, self.procedure.question_where(q.id, "when"))
            if values is not None:
                memo[key] = found
        return found

    def _reads(self) -> dict[Any, Any]:
        """The readings kept for this procedure on this day in this language (the messages'):
        (question id, the values the reading depends on: :meth:`_key_of`) → (typed value,
        note, doubt, label: :meth:`_reading`), or the AnswerError of a refused answer. Kept
        per the values the reading depends on, so the same answers are not parsed again by
        the next refresh, nor the same "Kinh" or "Có" in the next row of a batch."""
        memo = self._memo()
        key = ("reads", self.today, i18n.language())
        reads = memo.get(key)
        if reads is None:
            reads = memo[key] = {}
        elif len(reads) > self._MEMO_LIMIT:
            reads.clear()
        return reads  # type: ignore[no-any-return]

    def _reading(
        self,
        q: Question,
        raw: Any,
        ctx: dict[str, Any],
        reads: dict[Any, Any],
        values: tuple[Any, ...] | None,
    ) -> tuple[Any, Any, Any, Any] | AnswerError:
        """``raw`` read for ``q`` (not kept yet), kept in ``reads`` under ``values`` (None: an
        unhashable value, not kept): (typed value, note, doubt, its label in Vietnamese when
        the question's answers have labels) or the AnswerError."""
        found: tuple[Any, Any, Any, Any] | AnswerError
        try:
            value = self._parse(q, raw, ctx)
        except AnswerError as exc:
            found = exc
        else:
            note = doubt = label = None
            if value is not None:
                note = answer_types.note(q, raw, ctx, self.today)
                doubt = answer_types.doubt(q, value)
                if q.id in self._labelled:  # as _labels() shows it (a function of the value)
                    label = answer_types.display(q, value, localised=False)
            found = (value, note, doubt, label)
        if values is not None:
            reads[q.id, values] = found
        return found

    def _parse(self, q: Question, raw: Any, ctx: Mapping[str, Any]) -> Any:
        value = answer_types.parse(q, raw, ctx, self.today)
        if value is None:
            if q.required:
                raise AnswerError(_("câu trả lời bắt buộc"), q.id)
            return None
        if not q.rules:
            return value
        # the answers the rules name (with those the type reads: _names), not the whole context
        scope = {name: ctx[name] for name in self._names("read", q) if name in ctx}
        scope[q.id] = value
        for ri, rule in enumerate(q.rules):
            try:
                ok = expressions.evaluate(rule.check, scope)
            except (UndefinedError, TypeError):
                continue  # depends on an answer not given yet; checked again later
            except Exception as exc:  # the sandbox's refusals, 1/0...: the procedure's bug
                raise expressions.failed(
                    self.procedure.question_where(q.id, "rules", ri, "check"), exc
                ) from None
            if not ok:
                raise AnswerError(pick(rule.message), q.id)
        return value

    def _parse_list(
        self, q: Question, raw: Any, ctx: Mapping[str, Any], found: Any = None
    ) -> tuple[list[dict[str, Any]], list[AnswerError]]:
        where = self.procedure.question_where
        return lists.parse_items(q, raw, ctx, self.today, lambda *key: where(q.id, *key), found)

    def context(self) -> dict[str, Any]:
        """Typed answers of applicable questions, ``labels``, ``today`` and computed values.

        Built once per state of the answers (forms and checklist both read it); do not modify.
        """
        if self._context is not None:
            return self._context
        # _base_context() and every answer in _values but None, as refresh built them
        ctx = dict(self._answered)
        for ci, comp in enumerate(self.procedure.model.computed):
            where = self.procedure.lazy_where("computed", ci, "value")
            ctx[comp.id] = expressions.render(comp.value, ctx, where)
        self._context = ctx
        return ctx

    def partial_context(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Like :meth:`context`, for answers that may be incomplete (``values``: typed answers
        by id, default the current ones): a computed value that cannot be worked out yet is
        left out rather than raising."""
        ctx = self._base_context()
        source = self._values if values is None else values
        ctx.update({k: v for k, v in source.items() if v is not None})
        for comp in self.procedure.model.computed:
            try:
                ctx[comp.id] = expressions.render(comp.value, ctx)
            except Exception:  # depends on an answer not given yet
                continue
        return ctx

    def check_errors(self) -> Mapping[str, AnswerError]:
        """What the :attr:`checks` find in the answers taken together, by question id (a
        question whose own answer is refused is left out); worked out once per state."""
        if self._checked is None:
            self._checked = {}
            if self.checks:
                try:  # the complete answers' context, which the forms are rendered from
                    ctx = self.context()
                except ProcedureError:  # answers missing that a computed value needs
                    ctx = self.partial_context()
                for check in self.checks:
                    for error in check(self, ctx, None):
                        qid = error.question
                        owner = lists.owner(qid)  # an item's answer: its list is asked again
                        if owner in self._values and owner not in self._checked:
                            self._checked[owner] = error
                        if qid in self._values and qid not in self._checked:
                            self._checked[qid] = error
        return MappingProxyType(self._checked)

    # -- reading the answers -------------------------------------------------------------
    def answers(self) -> Mapping[str, Any]:
        """Typed values of the valid answers to applicable questions, by id, in interview order
        (None for an optional question left blank): a read-only snapshot."""
        return MappingProxyType(self._values)

    def value(self, qid: str) -> Any:
        """The typed value of the answer to ``qid``; None if unanswered, blank, refused or the
        question does not apply."""
        return self._values.get(qid)

    def note_for(self, qid: str) -> str | None:
        """How the accepted answer to ``qid`` was read when not as typed (``Phường Trường Thi
        (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa``), else None."""
        return self._notes.get(qid)

    def notes(self) -> Mapping[str, str]:
        """Every such note, by question id, in interview order."""
        return MappingProxyType(self._notes)

    def doubt_for(self, qid: str) -> str | None:
        """A question about the accepted answer to ``qid`` when it is probably not what the
        papers say (``Nguyen Thi Dung``: "Tên không có dấu — đúng như trên giấy tờ tùy
        thân?"), else None. Not an error: the answer stands."""
        return self._doubts.get(qid)

    def doubts(self) -> Mapping[str, str]:
        """Every such doubt, by question id, in interview order."""
        return MappingProxyType(self._doubts)

    def error_for(self, qid: str) -> AnswerError | None:
        """Why the answer given to ``qid`` was refused, if it was (by its type, its rules or
        one of the :attr:`checks`)."""
        return self._errors.get(qid) or self.check_errors().get(qid)

    def item_errors(self, qid: str) -> list[AnswerError]:
        """Every problem of list ``qid``'s items (and of its count and rules), each naming
        ``qid[n].question`` or ``qid``."""
        found = list(self._item_errors.get(qid, ()))
        checked = self.check_errors().get(qid)
        if checked is not None and checked not in found:
            found.append(checked)
        return found

    # -- lists, item by item (the prompt) --------------------------------------------------
    def item_state(
        self, qid: str, items: Sequence[Mapping[str, Any]], index: int
    ) -> lists.ParsedItem:
        """Item ``index`` of list ``qid`` read from the raw ``items`` (those before it
        included, as they stand): which item questions apply now, the typed answers, errors."""
        q = self.procedure.questions[qid]
        ctx = self._outer_context(qid)
        before = self._items_before(q, items, index, ctx)
        raw = items[index] if index < len(items) else {}
        where = self.procedure.question_where
        return lists.parse_item(
            q, index, raw, ctx, before, self.today, lambda *key: where(qid, *key)
        )

    def check_item(
        self, qid: str, items: Sequence[Mapping[str, Any]], index: int, item_qid: str, raw: Any
    ) -> AnswerError | None:
        """Validate ``raw`` for item question ``item_qid`` of item ``index`` of list ``qid``
        (``items``: the raw items, that one's other answers so far included), without
        storing it: its type, its rules, then the :attr:`checks` (a value too long for its
        row on the form)."""
        q = self.procedure.questions[qid]
        ctx = self._outer_context(qid)
        before = self._items_before(q, items, index, ctx)
        entry = dict(items[index]) if index < len(items) else {}
        entry[item_qid] = nfc(raw) if isinstance(raw, str) else raw
        where = self.procedure.question_where
        parsed = lists.parse_item(
            q, index, entry, ctx, before, self.today, lambda *key: where(qid, *key), only=item_qid
        )
        name = lists.path(qid, index, item_qid)
        own = next((e for e in parsed.errors if e.question == name), None)
        if own is not None or not self.checks:
            return own
        typed = [*before, parsed.values]
        full = self.partial_context({**self._values, qid: typed})
        for check in self.checks:
            for error in check(self, full, name):
                if error.question == name:
                    return error
        return None

    def _outer_context(self, qid: str) -> dict[str, Any]:
        ctx = self._base_context()
        ctx.update({k: v for k, v in self._values.items() if v is not None and k != qid})
        return ctx

    def _items_before(
        self,
        q: Question,
        items: Sequence[Mapping[str, Any]],
        index: int,
        ctx: Mapping[str, Any],
    ) -> list[dict[str, Any]]:
        where = self.procedure.question_where
        before: list[dict[str, Any]] = []
        for i in range(min(index, len(items))):
            parsed = lists.parse_item(
                q, i, items[i] or {}, ctx, before, self.today, lambda *key: where(q.id, *key)
            )
            before.append(parsed.values)
        return before

    def starting_answer(self, q: Question) -> Any:
        """What to offer when asking ``q`` (again): its accepted value, else what was given
        even if refused, else its default."""
        if q.id in self._values:
            return self._values[q.id]
        if self._raw.get(q.id) is not None:
            return self._raw[q.id]
        return self.default_for(q)

    # -- asking --------------------------------------------------------------------------
    def next_question(self) -> Question | None:
        """The first applicable question not yet answered, or answered invalidly."""
        for q in self.applicable:
            if q.id not in self._raw or q.id in self._errors:
                return q
        if self.checks:  # every answer given and valid alone: do they hold together?
            refused = self.check_errors()
            return next((q for q in self.applicable if q.id in refused), None)
        return None

    def check(self, qid: str, raw: Any) -> AnswerError | None:
        """Validate ``raw`` for ``qid`` against the other answers, without storing it."""
        q = self.procedure.questions[qid]
        ctx = self._base_context()
        ctx.update({k: v for k, v in self._values.items() if v is not None and k != qid})
        if q.type == "list":
            value, errors = self._parse_list(q, raw, ctx)
            if errors:
                return errors[0]
            if self.checks:
                full = self.partial_context({**self._values, qid: value})
                for check in self.checks:
                    for error in check(self, full, qid):
                        if lists.owner(error.question) == qid:
                            return error
            return None
        try:
            value = self._parse(q, nfc(raw) if isinstance(raw, str) else raw, ctx)
        except AnswerError as exc:
            return exc
        if self.checks and value is not None:
            values = {**self._values, qid: value}
            full = self.partial_context(values)
            for check in self.checks:
                for error in check(self, full, qid):
                    if error.question == qid:
                        return error
        return None

    def answer(self, qid: str, raw: Any) -> Any:
        """Validate and store an answer; raise AnswerError when invalid."""
        error = self.check(qid, raw)
        if error:
            raise error
        self._raw[qid] = nfc(raw) if isinstance(raw, str) else raw
        self.refresh()
        return self._values.get(qid)

    def give(self, qid: str, raw: Any) -> AnswerError | None:
        """Store ``raw`` for ``qid`` as given even if refused, as an answers file's answer is
        (it is then asked again, or reported); return why its type or rules refuse it."""
        self._raw[qid] = nfc(raw) if isinstance(raw, str) else raw
        self.refresh()
        return self._errors.get(qid)

    def is_given(self, qid: str) -> bool:
        """Whether an answer (even a refused or blank one) was given to ``qid``."""
        return qid in self._raw

    def default_for(self, q: Question) -> Any:
        """The question's default, with templates rendered against the answers so far."""
        if isinstance(q.default, str) and "{" in q.default:
            return expressions.render(
                q.default, self.context(), self.procedure.question_where(q.id, "default")
            )
        return q.default

    def apply_defaults(self) -> None:
        """Fill unanswered applicable questions with their defaults (for --no-input).

        Plain defaults are set together; then templated ones are rendered one at a time, in
        order, once everything they may depend on is known. Each question is tried once.
        """
        tried: set[str] = set()
        while True:
            pending = [q for q in self.applicable if q.id not in self._raw and q.id not in tried]
            plain = [q for q in pending if not _is_template(q.default)]
            templated = [q for q in pending if _is_template(q.default)]
            if plain:
                for q in plain:
                    tried.add(q.id)
                    self._set_default(q, q.default)
            elif templated:
                tried.add(templated[0].id)
                self._set_default(templated[0], self.default_for(templated[0]))
            else:
                return
            self.refresh()

    def _set_default(self, q: Question, default: Any) -> None:
        if q.type == "list" and default is None:
            if not q.min:  # a list that may be empty: no items
                self._raw[q.id] = []
            return
        if default is not None and default != "":
            self._raw[q.id] = default
        elif not q.required:
            self._raw[q.id] = None

    def step_position(self, q: Question) -> tuple[int, int, str]:
        """(1-based step number, number of steps, step title in the interface language)."""
        steps = self.procedure.model.steps
        index = self.procedure.step_of[q.id]
        return index + 1, len(steps), pick(steps[index].title)

    # -- results -------------------------------------------------------------------------
    def problems(self) -> list[AnswerError]:
        """Every missing or invalid answer, plus answer ids the procedure does not know."""
        found = [
            AnswerError(_("không phải câu hỏi của thủ tục này (bỏ qua hoặc sửa tên)"), key)
            for key in self.unknown
        ]
        checked = self.check_errors()
        raw = self._raw
        if not (self._item_errors or self._errors or checked):  # most rows: only the missing
            found += [
                AnswerError(_("thiếu câu trả lời bắt buộc"), q.id)
                for q in self.applicable
                if q.required and q.id not in raw
            ]
            return found
        for q in self.applicable:
            if q.id in self._item_errors:
                found.extend(self.item_errors(q.id))
            elif q.id in self._errors:
                found.append(self._errors[q.id])
            elif q.type == "list" and q.id in checked:
                found.extend(self.item_errors(q.id))
            elif q.id in checked:
                found.append(checked[q.id])
            elif q.id not in raw and q.required:
                found.append(AnswerError(_("thiếu câu trả lời bắt buộc"), q.id))
        return found

    def is_complete(self) -> bool:
        return not self.problems()

    def export(self) -> dict[str, Any]:
        """Applicable answers, in interview order, as plain YAML-friendly values."""
        values, to_plain = self._values, answer_types.to_plain
        return {  # a text answer is its own plain value (only a list's type writes another)
            q.id: value
            if type(value := values[q.id]) is str and q.type != "list"
            else to_plain(q, value)
            for q in self.applicable
            if q.id in values
        }

    def review(self) -> list[ReviewItem]:
        """What the review screen lists: every applicable question with its shown value."""
        out = []
        for q in self.applicable:
            number, _total, title = self.step_position(q)
            shown = answer_types.display(q, self._values.get(q.id), localised=True)
            out.append(ReviewItem(number, title, q, shown))
        return out

    def question_for(self, name: str) -> Question:
        """The question an answer id or an item path (``earlier_residences[2].from``) names."""
        q = lists.question_at(self.procedure.questions, name)
        if q is None:
            raise KeyError(name)
        return q

    def label_of(self, name: str) -> str:
        """An answer id or item path in the person's words, in the interface language
        ("Nơi cư trú trước đây thứ 2 — Đến ngày")."""
        return lists.label_at(self.procedure.questions, name)

    def person_name(self) -> str:
        """The name of the person the papers are for (for folder names)."""
        value = self._values.get(self.procedure.model.name_question)
        return str(value) if value else ""
