"""Drafts: unfinished interviews kept on disk, so that nothing typed is lost.

A draft is an answers file (:mod:`dvc_cli.store.answers_file`, readable by ``dvc fill --answers``)
with a ``draft:`` section saying when it was started and saved and which question comes next.
Drafts live in :func:`dvc_cli.store.paths.drafts_dir`, one file per interrupted interview, written
atomically and readable by their owner only (0600, folder 0700). Several drafts may exist for
one procedure (two residents interrupted at the same desk): each has a short number, given when
it is first saved and kept for its life (to write on the resident's queue ticket), and the
person's initials (:func:`dvc_cli.privacy.initials`), so that a volunteer tells them apart. The
listing shows the number, the initials, the procedure, times, counts and step titles only; the
``--out`` folder of the interview is remembered for its resume. Nothing in a draft's file name
is personal. Drafts saved before numbers existed get one when first listed.

No terminal I/O here: the CLI (``dvc fill``, ``dvc drafts``) decides what to ask and print.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dvc_cli import log, privacy
from dvc_cli.catalog.yamlsource import load_yaml
from dvc_cli.core.engine import Interview
from dvc_cli.errors import DvcError, UsageError
from dvc_cli.i18n import _, pick
from dvc_cli.store import answers_file, atomic, paths

SUFFIX = ".yaml"
HEADER = (
    "# dvc draft {number}: an unfinished interview; continue with"
    " `dvc fill {pid} --draft {number}` or `dvc drafts`\n"
)


@dataclass(frozen=True)
class Draft:
    """One saved draft, as listed (its answers are read only when resuming)."""

    path: Path
    procedure: str
    created: dt.datetime
    saved: dt.datetime
    answered: int
    next_question: str | None
    step: int | None
    steps: int | None
    step_title: str | None
    number: str | None = None  # None: saved by a dvc without numbers, and not numbered yet
    initials: str = ""
    out: Path | None = None  # the --out folder of the interview

    @property
    def id(self) -> str:
        return self.path.stem

    def ref(self) -> str:
        """How the draft is named to the volunteer: ``số 347 (N.T.D.)``."""
        return shown_ref(self.number, self.initials)

    def position(self) -> str:
        """Where the interview stopped, e.g. ``bước 2/5: Giấy tờ tùy thân`` (no answers)."""
        if self.step is None:
            return _("kiểm tra lại trước khi tạo")
        return _("bước {step}/{steps}: {title}").format(
            step=self.step, steps=self.steps, title=self._step_title()
        )

    def _step_title(self) -> str:
        """The step's title in the interface language (the one saved if the procedure changed
        or cannot be loaded)."""
        from dvc_cli.catalog import procedures

        try:
            steps = procedures.load(self.procedure).model.steps
            return pick(steps[self.step - 1].title) if self.step else ""
        except (DvcError, IndexError):
            return self.step_title or ""

    def answers(self) -> dict[str, Any]:
        """The answers typed so far."""
        return answers_file.read(self.path, self.procedure)

    def delete(self) -> None:
        """Remove the draft; DraftInUse when an interview in another window is using it."""
        held = hold(self.path)
        try:
            self.path.unlink(missing_ok=True)
        finally:
            held.release()


# -- locks: one interview per draft ----------------------------------------------------------
LOCK_SUFFIX = ".lock"
_held: dict[Path, DraftLock] = {}  # the locks this process holds, by draft


class DraftInUse(UsageError):
    """The draft is being used by an interview in another window (another process)."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        who = _("tiến trình {pid}").format(pid=pid) if pid else _("tiến trình khác")
        super().__init__(
            _(
                "bản nháp này đang được dùng ở một cửa sổ khác ({who}); làm tiếp ở cửa sổ đó, "
                "hoặc đóng nó rồi chạy lại"
            ).format(who=who)
        )


class DraftLock:
    """``<draft>.lock`` next to a draft, held while one interview uses it.

    Where ``fcntl`` exists, an advisory ``flock`` on that file: the kernel drops it when the
    process dies (even by SIGKILL or a power cut), so a stale lock is never an obstacle. The
    file holds the holder's pid, for the message. Elsewhere, the file is created exclusively
    (``O_EXCL``) and a lock whose pid is no longer alive is stale and taken over.
    """

    def __init__(self, draft: Path) -> None:
        self.draft = draft
        self.path = draft.with_suffix(LOCK_SUFFIX)
        self.fd: int | None = None

    def acquire(self) -> DraftLock:
        """Hold the lock; DraftInUse when a live process holds it."""
        for _attempt in range(5):
            fd = self._try()
            if fd is not None:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                self.fd = fd
                return self
        raise DraftInUse(_holder(self.path))

    def _try(self) -> int | None:
        """The locked file's descriptor; None to try again (the file was replaced)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return self._try_exclusive()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise DraftInUse(_holder(self.path)) from None
        try:  # the file may have been removed (released) between open and flock
            same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            return None
        return fd

    def _try_exclusive(self) -> int | None:  # no fcntl (Windows)
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pid = _holder(self.path)
            if pid is not None and pid != os.getpid() and _alive(pid):
                raise DraftInUse(pid) from None
            self.path.unlink(missing_ok=True)  # stale: its process is gone
            return None

    def release(self) -> None:
        """Give the lock up (and remove its file)."""
        if self.fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self.fd)
        self.fd = None
        if _held.get(self.draft) is self:
            del _held[self.draft]


def hold(draft: Path) -> DraftLock:
    """The lock of ``draft`` for this process (taken now, or already held); DraftInUse when
    another live process holds it."""
    lock = _held.get(draft)
    if lock is None or lock.fd is None:
        draft.parent.mkdir(parents=True, exist_ok=True)
        lock = _held[draft] = DraftLock(draft).acquire()
    return lock


def _holder(path: Path) -> int | None:
    """The pid written in a lock file, if readable."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return int(text) if text.isdigit() else None


def _alive(pid: int) -> bool:  # no fcntl (Windows) only
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours
    return True


def now() -> dt.datetime:
    """The local time, to the microsecond (drafts started in the same second keep their order)."""
    return dt.datetime.now().astimezone()


def shown_time(moment: dt.datetime) -> str:
    """``14:05 23/11/2026`` (local time)."""
    return moment.astimezone().strftime("%H:%M %d/%m/%Y")


def shown_ref(number: str | None, initials: str) -> str:
    """``số 347 (N.T.D.)``; without initials (no name typed yet) ``số 347``."""
    if number is None:
        return _("(chưa có số)")
    if not initials:
        return _("số {number}").format(number=number)
    return _("số {number} ({initials})").format(number=number, initials=initials)


def free_number(taken: set[str]) -> str:
    """A short number not in ``taken``: three digits (100-999), four when those are used up.

    Random rather than counted, so that a number just freed (a draft finished) is not given
    again at once to the next resident, while the old ticket may still be around.
    """
    for low, high in ((100, 999), (1000, 9999)):
        free = [n for n in range(low, high + 1) if str(n) not in taken]
        if free:
            return str(secrets.choice(free))
    raise UsageError(_("quá nhiều bản nháp; xóa bớt bằng dvc drafts delete"))


def person_initials(interview: Interview) -> str:
    """The initials of the person the papers are for, from the procedure's name question."""
    return privacy.initials(interview.person_name())


def _new_path(procedure_id: str, created: dt.datetime) -> Path:
    folder = paths.drafts_dir()
    while True:
        name = f"{procedure_id}-{created:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
        path = folder / f"{name}{SUFFIX}"
        if not path.exists():
            return path


def save(
    interview: Interview,
    path: Path | None = None,
    created: dt.datetime | None = None,
    *,
    number: str | None = None,
    out: Path | None = None,
) -> Path:
    """Write the interview's answers so far as a draft (a new one unless ``path``).

    ``number``: the draft's short number (a new draft gets a free one); ``out``: the folder
    its papers go to, remembered for the resume.
    """
    proc_id = interview.procedure.id
    saved = now()
    created = created or saved
    path = path or _new_path(proc_id, created)
    number = number or free_number(_numbers_taken(path))
    paths.private_dir(path.parent, tighten=True)
    q = interview.next_question()
    step: int | None = None
    steps: int | None = None
    title: str | None = None
    if q is not None:
        step, steps, title = interview.step_position(q)
    meta = {
        "number": number,
        "initials": person_initials(interview),
        "out": str(out.absolute()) if out is not None else None,
        "created": created.isoformat(),
        "saved": saved.isoformat(),
        "next_question": q.id if q else None,
        "step": step,
        "steps": steps,
        "step_title": title,
    }
    text = answers_file.to_yaml(answers_file.body(proc_id, interview.export(), draft=meta))
    atomic.write_text(path, HEADER.format(pid=proc_id, number=number) + text, private=True)
    return path


def _time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def load(path: Path) -> Draft:
    """The draft in ``path``; UsageError when it is not one."""
    try:
        data = load_yaml(path, error=UsageError).data  # safe, with size and depth limits
        meta = data["draft"]
        answers = data["answers"] or {}
        if not isinstance(answers, dict) or not isinstance(data["procedure"], str):
            raise TypeError
        number = meta.get("number")
        initials = meta.get("initials")
        out = meta.get("out")
        if not isinstance(initials, str):  # an old draft: from its answers
            initials = _initials_of(data["procedure"], answers)
        return Draft(
            path=path,
            procedure=data["procedure"],
            created=_time(meta["created"]),
            saved=_time(meta["saved"]),
            answered=len(answers),
            next_question=meta.get("next_question"),
            step=meta.get("step"),
            steps=meta.get("steps"),
            step_title=meta.get("step_title"),
            number=None if number is None else str(number),
            initials=initials,
            out=Path(out) if isinstance(out, str) and out else None,
        )
    except (DvcError, KeyError, TypeError, ValueError):
        raise UsageError(
            _("{path}: không phải bản nháp của dvc (hỏng hoặc bị sửa)").format(path=path.name)
        ) from None


def _initials_of(procedure_id: str, answers: dict[str, Any]) -> str:
    """The initials in a draft saved before drafts kept them."""
    from dvc_cli.catalog import procedures

    try:
        question = procedures.load(procedure_id).model.name_question
    except DvcError:
        question = "full_name"
    name = answers.get(question)
    return privacy.initials(name) if isinstance(name, str) else ""


def _scan(quiet: bool = False) -> list[Draft]:
    found = []
    for path in sorted(paths.drafts_dir().glob(f"*{SUFFIX}")):
        try:
            found.append(load(path))
        except UsageError as exc:
            if not quiet:
                log.warning(str(exc))
    return found


def _numbers_taken(besides: Path) -> set[str]:
    """The numbers of the drafts other than ``besides``."""
    return {d.number for d in _scan(quiet=True) if d.number and d.path != besides}


def all_drafts(procedure_id: str | None = None) -> list[Draft]:
    """Every readable draft (of one procedure, if given), oldest first.

    A draft saved before drafts had numbers is given one now, written into it (unless an
    interview in another window is using it: it gets its number when that one saves it).
    """
    found = _scan()
    taken = {d.number for d in found if d.number}
    for i, draft in enumerate(found):
        if draft.number is None:
            found[i] = _numbered(draft, taken)
    if procedure_id is not None:
        found = [d for d in found if d.procedure == procedure_id]
    return sorted(found, key=lambda d: (d.created, d.id))


def _numbered(draft: Draft, taken: set[str]) -> Draft:
    """``draft`` with a number written into its file (``taken`` receives it); as it was when
    the file cannot be written or is in use."""
    mine = draft.path in _held and _held[draft.path].fd is not None
    try:
        lock = None if mine else hold(draft.path)
    except (DraftInUse, OSError):
        return draft
    try:
        data = load_yaml(draft.path, error=UsageError).data
        number = free_number(taken)
        data["draft"] = {"number": number, **data["draft"]}
        text = HEADER.format(pid=draft.procedure, number=number) + answers_file.to_yaml(data)
        atomic.write_text(draft.path, text, private=True)
    except (OSError, DvcError, KeyError, TypeError):
        return draft
    finally:
        if lock is not None:
            lock.release()
    taken.add(number)
    return replace(draft, number=number)


def newest(procedure_id: str) -> Draft | None:
    """The draft of ``procedure_id`` saved last, if any."""
    return _newest(all_drafts(procedure_id))


def _newest(found: list[Draft]) -> Draft | None:
    return max(found, key=lambda d: (d.saved, d.id)) if found else None


def find(ref: str) -> Draft:
    """A draft by its short number, its id, or its procedure (the newest)."""
    found = all_drafts()
    if ref.isdigit():
        same = [d for d in found if d.number is not None and int(d.number) == int(ref)]
        if len(same) == 1:
            return same[0]
        if same:  # two windows numbered new drafts in the same instant
            raise UsageError(
                _(
                    "có {count} bản nháp cùng số {n}; chạy dvc fill {procedure} rồi chọn "
                    "bản nháp theo tên viết tắt và giờ lưu"
                ).format(count=len(same), n=ref, procedure=same[0].procedure)
            )
        raise UsageError(
            _("không có bản nháp số {n} (xem: dvc drafts)").format(n=ref)
            if found
            else _("không có bản nháp nào")
        )
    for draft in found:
        if draft.id == ref:
            return draft
    of_procedure = _newest([d for d in found if d.procedure == ref])
    if of_procedure is None:
        raise UsageError(
            _("không có bản nháp nào của '{ref}' (xem: dvc drafts list)").format(ref=ref)
        )
    return of_procedure


class Keeper:
    """The draft of one interview in progress: saved after every answer, deleted when done.

    Nothing is written before an answer is typed (answers prefilled from a file are in that
    file already); a resumed draft keeps its file.
    """

    def __init__(
        self, interview: Interview, draft: Draft | None = None, out: Path | None = None
    ) -> None:
        self.interview = interview
        self.path: Path | None = draft.path if draft else None
        self.lock: DraftLock | None = hold(draft.path) if draft else None  # or DraftInUse
        self.created: dt.datetime | None = draft.created if draft else None
        self.number: str | None = draft.number if draft else None
        # the --out given now, else the one the draft remembers
        self.out: Path | None = out.absolute() if out else (draft.out if draft else None)
        self.typed = False
        self._warned = False

    def answered(self) -> None:
        """After every accepted answer: save; a failed save is reported once, never fatal."""
        self.typed = True
        try:
            self.save()
        except (OSError, DvcError) as exc:
            if not self._warned:
                log.warning(save_failed(exc))
                self._warned = True

    def keep(self) -> bool:
        """When the interview stops: save if anything was typed; False if nothing was."""
        if self.path is None and not self.typed:
            return False
        self.save()
        return True

    def save(self) -> None:
        self.created = self.created or now()
        if self.path is None:  # a new draft: locked before its first byte
            self.path = _new_path(self.interview.procedure.id, self.created)
            self.lock = hold(self.path)
        self.number = self.number or free_number(_numbers_taken(self.path))
        self.path = save(self.interview, self.path, self.created, number=self.number, out=self.out)

    def ref(self) -> str:
        """``số 347 (N.T.D.)``: how the volunteer knows the draft (once saved)."""
        return shown_ref(self.number, person_initials(self.interview))

    def delete(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        """Let another window use the draft (the process ending does it too)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def save_failed(exc: BaseException) -> str:
    """The message for a draft that could not be saved (a full disk, a removed folder...)."""
    why = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    return _("không lưu được bản nháp: {error}").format(error=why)
