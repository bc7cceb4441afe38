"""Files and faults: exclusive result folders, --out over papers, draft locks, owner-only batch
outputs, file-system errors as exit 2, SIGTERM/SIGHUP in a batch (point 5 and 6 of the issue).

The one-call ``--out`` scenarios are listed in ``expect.yaml``; the others are written out
here. CI runs as root, which ignores permission bits: read-only folders and full disks are
also simulated (``/dev/full``, a file where a folder is expected, ``OSError`` injected).
"""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BASE, invoke, write_answers
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from dvc_cli.batch import store as batch_store
from dvc_cli.batch.row import TEST_DELAY_ENV
from dvc_cli.catalog import procedures
from dvc_cli.cli.main import app
from dvc_cli.core.engine import Interview
from dvc_cli.store import atomic, drafts

HERE = Path(__file__).parent
REPO = HERE.parents[2]
EXPECT = yaml.safe_load((HERE / "expect.yaml").read_text(encoding="utf-8"))
IDS = [q.id for q in procedures.load("single-status").ordered()]
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")
GIVEN = ["An", "Bình", "Chi", "Dung", "Giang", "Hà", "Khánh", "Linh", "Mai", "Ngọc"]


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def dvc(*args: str, **kw: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dvc_cli", *args],
        env=kw.pop("env", None) or env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kw,
    )


def fill_no_input(answers: Path, *args: str):
    return invoke("fill", "single-status", "--answers", str(answers), "--no-input", *args)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def write_csv(path: Path, n: int, **change: str) -> Path:
    rows = [{**BASE, "full_name": f"Trần Thị {GIVEN[i % 10]}", **change} for i in range(n)]
    header = [q for q in IDS if q in rows[0]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
    return path


def journal_rows(out: Path) -> int:
    try:
        return (out / batch_store.STATE_DIR / "journal.jsonl").read_text("utf-8").count("\n")
    except OSError:
        return 0


def one_line(result: Any) -> str:
    """dvc's own lines on stderr: exactly one, never a traceback, never exit 70."""
    assert "Traceback" not in result.output
    assert result.exit_code != 70, result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("dvc:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- 1. result folders: exclusive, never shared --------------------------------------------
@POSIX
def test_20_parallel_fills_without_out_never_share_a_folder(tmp_path, data_dir):
    answers = write_answers(tmp_path / "a.yaml", BASE)
    procs = [
        dvc("fill", "single-status", "--answers", str(answers), "--no-input") for _ in range(20)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err.decode()
    folders = sorted((data_dir / "ho-so").iterdir())
    assert len(folders) == 20
    for folder in folders:
        assert mode(folder) == 0o700
        assert {p.name for p in folder.iterdir()} == {
            "to-khai.pdf",
            "checklist.pdf",
            "checklist.md",
            "answers.yaml",
        }


def test_default_folder_is_made_exclusively_next_to_taken_ones(tmp_path):
    from dvc_cli.render.output import default_out_dir

    interview = Interview(procedures.load("single-status"), dict(BASE))
    first = default_out_dir(interview, tmp_path)
    second = default_out_dir(interview, tmp_path)
    (tmp_path / f"{first.name}-3").mkdir()  # taken by hand
    third = default_out_dir(interview, tmp_path)
    assert first.is_dir() and second.name == f"{first.name}-2"
    assert third.name == f"{first.name}-4"
    assert mode(first) == 0o700


# -- 2. --out over papers ----------------------------------------------------------------------
@pytest.mark.parametrize("case", EXPECT["out_dir"], ids=lambda c: c["name"])
def test_out_dir(case, tmp_path):
    answers = write_answers(tmp_path / "a.yaml", BASE)
    out = tmp_path / "out"
    if "before" in case:
        out.mkdir()
        for name, text in case["before"].items():
            (out / name).write_text(text, encoding="utf-8")
    if case.get("file"):
        out.write_text("ghi chú", encoding="utf-8")
    if case.get("under_file"):
        (tmp_path / "tep").write_text("ghi chú", encoding="utf-8")
        out = tmp_path / "tep" / "out"
    result = fill_no_input(answers, "--out", str(out), *case.get("args", []))
    assert result.exit_code == case["exit"], result.output
    if case["exit"]:
        line = one_line(result)
        for part in case["stderr"]:
            assert part in line
        if "untouched" in case:
            name = case["untouched"]
            assert (out / name).read_text(encoding="utf-8") == case["before"][name]
    else:
        assert (out / "answers.yaml").is_file()
        assert mode(out / "to-khai.pdf") == 0o600


def test_papers_are_checked_before_the_interview_asks_anything(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "answers.yaml").write_text("procedure: single-status\n", encoding="utf-8")
    with create_pipe_input() as pipe:
        pipe.close()  # nothing typed: a refusal must come before the first question
        with create_app_session(input=pipe, output=DummyOutput()):
            result = CliRunner().invoke(app, ["fill", "single-status", "--out", str(out)])
    assert result.exit_code == 2
    assert "thư mục đã có giấy tờ" in one_line(result)


# -- 3. drafts in use ------------------------------------------------------------------------
def _saved_draft() -> Path:
    """A draft of Nguyễn Thị Dung's interview, three answers in, as a Ctrl-C leaves it."""
    proc = procedures.load("single-status")
    answers = {"full_name": "Nguyễn Thị Dung", "birth_date": "15/08/1990", "gender": "nu"}
    return drafts.save(Interview(proc, answers))


_HOLD = """
import sys, time
from pathlib import Path
from dvc_cli.store import drafts
drafts.hold(Path(sys.argv[1]))
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _holder(draft: Path, seconds: float) -> subprocess.Popen[bytes]:
    p = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(draft), str(seconds)],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert p.stdout is not None and p.stdout.readline() == b"held\n", p.stderr
    return p


def _ask(*args: str, keys: str = ""):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            return CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})


def test_a_draft_in_use_in_another_window_is_refused_with_its_pid(tmp_path):
    draft = _saved_draft()
    before = draft.read_bytes()
    other = _holder(draft, 60)
    try:
        result = _ask("fill", "single-status", "--resume", "--out", str(tmp_path / "out"))
        assert result.exit_code == 2, result.output
        line = one_line(result)
        assert "bản nháp này đang được dùng ở một cửa sổ khác" in line
        assert f"(tiến trình {other.pid})" in line
        assert draft.read_bytes() == before  # the first volunteer's draft is untouched
        assert not (tmp_path / "out").exists()
        number = drafts.load(draft).number or ""
        deleted = invoke("drafts", "delete", number)  # nor can it be deleted under their feet
        assert deleted.exit_code == 2
        assert "đang được dùng ở một cửa sổ khác" in one_line(deleted)
        assert draft.exists()
    finally:
        other.kill()
        other.wait()


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    draft = _saved_draft()
    gone = _holder(draft, 0)  # holds the lock, then exits without releasing it
    gone.wait()
    lock = draft.with_suffix(drafts.LOCK_SUFFIX)
    assert lock.read_text().strip() == str(gone.pid)  # the lock file stays behind
    keys = "\r" * 2  # ethnicity, nationality: defaults; then Ctrl-D stops and keeps it
    result = _ask("fill", "single-status", "--resume", "--out", str(tmp_path / "o"), keys=keys)
    assert result.exit_code == 130, result.output
    assert "Làm tiếp bản nháp" in result.stderr
    assert "đang được dùng" not in result.stderr
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["answers"]["nationality"]


def test_the_lock_file_holds_only_a_pid_and_is_owner_only(tmp_path):
    draft = _saved_draft()
    held = drafts.hold(draft)
    try:
        lock = draft.with_suffix(drafts.LOCK_SUFFIX)
        assert lock.read_text().strip() == str(os.getpid())
        assert mode(lock) == 0o600
        assert [d.path for d in drafts.all_drafts()] == [draft]  # not listed as a draft
    finally:
        held.release()
    assert not draft.with_suffix(drafts.LOCK_SUFFIX).exists()


# -- 4. batch outputs: owner-only from the first byte ------------------------------------------
@POSIX
def test_batch_folders_files_and_zip_are_owner_only(tmp_path, monkeypatch):
    seen: list[int] = []
    real_write = zipfile.ZipFile.write

    def spy(self: zipfile.ZipFile, filename: Any, *args: Any, **kw: Any) -> None:
        seen.append(os.fstat(self.fp.fileno()).st_mode & 0o777)  # the zip while written
        real_write(self, filename, *args, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "write", spy)
    old = os.umask(0o002)  # a permissive umask: still owner-only
    try:
        src = write_csv(tmp_path / "in.csv", 3)
        out = tmp_path / "out"
        result = invoke("batch", "single-status", str(src), "--out", str(out), "--zip", "-j", "1")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert seen and set(seen) == {0o600}
    for row in ("0002", "0003", "0004"):
        assert mode(out / row) == 0o700
        for f in (out / row).iterdir():
            assert mode(f) == 0o600, f
    (archive,) = out.glob("*.zip")
    assert mode(archive) == 0o600
    assert mode(out) == 0o700


def test_a_row_folder_is_private_before_its_first_file(tmp_path, monkeypatch):
    modes: list[int] = []
    real_open = os.open

    def spy(path: Any, flags: int, mode_: int = 0o777, **kw: Any) -> int:
        if ".tmp-0002" in str(path):
            modes.append(Path(path).parent.stat().st_mode & 0o777)
            modes.append(mode_)
        return real_open(path, flags, mode_, **kw)

    monkeypatch.setattr(os, "open", spy)
    assert batch_store.write_row(tmp_path, "0002", {"to-khai.pdf": b"%PDF %%EOF\n"})
    assert modes == [0o700, 0o600]


def test_a_row_file_written_in_pieces_is_whole(tmp_path, monkeypatch):
    """os.write may write less than it is given (a signal, a nearly full disk): the rest is
    written until every byte is in the file."""
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    data = {"to-khai.pdf": b"%PDF-1.4 Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Dung %%EOF\n"}
    assert batch_store.write_row(tmp_path, "0002", data)
    assert (tmp_path / "0002" / "to-khai.pdf").read_bytes() == data["to-khai.pdf"]


def test_a_row_replaces_a_temporary_folder_a_killed_process_of_its_pid_left(tmp_path):
    """write_row no longer looks for its temporary folder first: one left by a killed
    process that had the same pid is removed when making it fails, and the row written."""
    left = tmp_path / f".tmp-0002-{os.getpid()}"
    left.mkdir()
    (left / "to-khai.pdf").write_bytes(b"%PDF-1.4 cut")
    files = {"to-khai.pdf": b"%PDF %%EOF\n", "checklist.md": b"# x\n"}
    assert batch_store.write_row(tmp_path, "0002", files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0002"]
    assert {p.name: p.read_bytes() for p in (tmp_path / "0002").iterdir()} == files
    assert (tmp_path / "0002").stat().st_mode & 0o777 == 0o700
    assert not batch_store.write_row(tmp_path, "0002", {"to-khai.pdf": b"other"})  # kept
    assert (tmp_path / "0002" / "to-khai.pdf").read_bytes() == files["to-khai.pdf"]


# -- 5. file-system errors: exit 2 with the path ----------------------------------------------
def _enospc(*_args: Any, **_kw: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_during_fill_is_exit_2_and_leaves_no_folder(tmp_path, data_dir, monkeypatch):
    answers = write_answers(tmp_path / "a.yaml", BASE)
    monkeypatch.setattr(os, "fsync", _enospc)
    result = fill_no_input(answers)
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert "ổ đĩa đầy" in line and "to-khai.pdf" in line
    assert list((data_dir / "ho-so").iterdir()) == []  # nothing half-done


def test_a_folder_that_refuses_writing_is_exit_2(tmp_path, monkeypatch):
    answers = write_answers(tmp_path / "a.yaml", BASE)
    out = tmp_path / "out"
    out.mkdir()
    real = atomic.tempfile.mkstemp

    def refuse(*args: Any, dir: Any = None, **kw: Any) -> Any:  # noqa: A002
        if Path(dir) == out:
            raise PermissionError(errno.EACCES, "Permission denied", str(out))
        return real(*args, dir=dir, **kw)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    result = fill_no_input(answers, "--out", str(out))
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(out) in line and "không có quyền ghi" in line


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores mode bits")
def test_a_read_only_output_folder_is_exit_2(tmp_path):
    answers = write_answers(tmp_path / "a.yaml", BASE)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = fill_no_input(answers, "--out", str(out))
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2
    assert "không có quyền ghi" in one_line(result)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [["show", "single-status"], ["list"], ["csv-template", "x"]])
def test_output_to_a_full_device_is_exit_2(args):
    if args[0] == "csv-template":
        args = ["csv-template", "single-status"]
    with open("/dev/full", "wb") as full:
        p = subprocess.run(
            [sys.executable, "-m", "dvc_cli", *args],
            env=env(),
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    err = p.stderr.decode()
    assert p.returncode == 2, err
    assert "Traceback" not in err and err.count("dvc:") == 1
    assert "stdout" in err and "ổ đĩa đầy" in err


def test_batch_out_under_a_file_is_exit_2(tmp_path):
    src = write_csv(tmp_path / "in.csv", 2)
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    for out in (tmp_path / "tep", tmp_path / "tep" / "out"):
        result = invoke("batch", "single-status", str(src), "--out", str(out))
        assert result.exit_code == 2, result.output
        assert str(tmp_path / "tep") in result.stderr
        assert "Traceback" not in result.output


def test_full_disk_at_batch_start_leaves_nothing_that_blocks_the_next_run(tmp_path, monkeypatch):
    src = write_csv(tmp_path / "in.csv", 2)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        m.setattr(batch_store.atomic, "write_text", _enospc)
        result = invoke("batch", "single-status", str(src), "--out", str(out), "-j", "1")
    assert result.exit_code == 2, result.output
    assert "ổ đĩa đầy" in result.stderr and "Traceback" not in result.output
    assert not (out / batch_store.STATE_DIR).exists()
    again = invoke("batch", "single-status", str(src), "--out", str(out), "-j", "1")
    assert again.exit_code == 0, again.output
    assert (out / "0002" / "answers.yaml").is_file()


def test_a_lock_without_state_left_by_an_older_dvc_does_not_block(tmp_path):
    src = write_csv(tmp_path / "in.csv", 1)
    out = tmp_path / "out"
    (out / batch_store.STATE_DIR).mkdir(parents=True)
    (out / batch_store.STATE_DIR / "lock").write_bytes(b"")
    result = invoke("batch", "single-status", str(src), "--out", str(out), "-j", "1")
    assert result.exit_code == 0, result.output


# -- 6. SIGTERM and SIGHUP in a batch: as Ctrl-C ------------------------------------------
@POSIX
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_mid_batch_writes_reports_and_the_resume_hint(tmp_path, signum, code):
    src = write_csv(tmp_path / "in.csv", 10)
    out = tmp_path / "out"
    args = ["batch", "single-status", str(src), "--out", str(out), "--jobs", "2"]
    p = dvc(*args, env=env(**{TEST_DELAY_ENV: "0.3"}))
    deadline = time.monotonic() + 60
    while journal_rows(out) < 2 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    p.send_signal(signum)
    stdout, stderr = p.communicate(timeout=60)
    err = stderr.decode()
    assert p.returncode == code, err
    assert "Traceback" not in err
    assert "Chạy tiếp:" in err and "--resume" in err
    summary = json.loads(stdout.decode().strip().splitlines()[-1])
    assert summary["status"] == "interrupted"
    manifest = (out / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()
    assert 2 <= len(manifest) - 1 < 10
    resumed = subprocess.run(
        [sys.executable, "-m", "dvc_cli", *args, "--resume"],
        env=env(),
        capture_output=True,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert json.loads(resumed.stdout)["ok"] == 10
    assert sorted(p.name for p in out.iterdir() if p.name[:1] == "0") == [
        f"{r:04d}" for r in range(2, 12)
    ]


# -- 7. two real terminals ---------------------------------------------------------------------
@POSIX
def test_two_terminals_one_draft(tmp_path, data_dir):
    """The first window types a name (its draft is saved, locked); a second window's
    ``--resume`` is refused with the first one's pid; once the first is closed, it works."""
    pexpect = pytest.importorskip("pexpect")
    term = env(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="100", DVC_DATA_DIR=str(data_dir))

    def window(*args: str) -> Any:
        return pexpect.spawn(
            sys.executable,
            ["-m", "dvc_cli", "fill", "single-status", *args],
            env=term,
            encoding="utf-8",
            timeout=30,
            dimensions=(40, 100),
        )

    first = window("--fresh", "--out", str(tmp_path / "one"))
    try:
        first.send("Nguyễn Thị Dung\r")
        deadline = time.monotonic() + 30
        while not list((data_dir / "drafts").glob("*.yaml")) and time.monotonic() < deadline:
            time.sleep(0.05)
        (draft,) = (data_dir / "drafts").glob("*.yaml")
        saved = draft.read_bytes()
        second = window("--resume", "--out", str(tmp_path / "two"))
        second.expect(pexpect.EOF)
        second.close()
        assert second.exitstatus == 2, second.before
        said = " ".join(second.before.split())
        assert "bản nháp này đang được dùng ở một cửa sổ khác" in said
        assert f"(tiến trình {first.pid})" in said
        assert draft.read_bytes() == saved
        first.sendcontrol("c")
        first.expect(pexpect.EOF)
    finally:
        first.close()
    assert first.exitstatus == 130
    third = window("--resume", "--out", str(tmp_path / "three"))
    try:
        third.expect("Làm tiếp bản nháp")
        # Ctrl-C once the question is on the screen: one typed in the instant before
        # prompt_toolkit takes the terminal was lost in a loaded run (the process waited)
        third.expect("Ctrl-B")
        third.sendcontrol("c")
        third.expect(pexpect.EOF)
    finally:
        third.close()
    assert third.exitstatus == 130


def test_disk_full_mid_batch_keeps_finished_rows_and_resume_finishes(tmp_path, monkeypatch):
    src = write_csv(tmp_path / "in.csv", 4)
    out = tmp_path / "out"
    args = ["batch", "single-status", str(src), "--out", str(out), "-j", "1"]
    real_write = os.write
    calls = {"n": 0}

    def fills_up(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] > 8:  # two rows of four files, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    with monkeypatch.context() as m:
        m.setattr(os, "write", fills_up)
        result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr and "--resume" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir() if p.name[:1] == "0") == ["0002", "0003"]
    assert not list(out.glob(".tmp-*"))
    again = invoke(*args, "--resume")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout.strip().splitlines()[-1])["ok"] == 4


def test_delete_all_keeps_the_draft_in_use_and_says_so(tmp_path):
    busy = _saved_draft()
    idle = _saved_draft()
    other = _holder(busy, 60)
    try:
        result = invoke("drafts", "delete", "--all")
    finally:
        other.kill()
        other.wait()
    assert result.exit_code == 0, result.output
    assert "Đã xóa 1 bản nháp." in result.stdout
    assert "1 bản nháp đang được dùng ở cửa sổ khác nên được giữ lại." in result.stderr
    assert busy.exists() and not idle.exists()


def test_without_flock_a_lock_file_of_a_live_pid_refuses_and_a_dead_one_is_taken(
    tmp_path, monkeypatch
):
    """Where ``fcntl`` is missing (Windows), the lock file is created exclusively and its pid
    says whether it is stale."""
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl: ImportError
    draft = _saved_draft()
    lock = draft.with_suffix(drafts.LOCK_SUFFIX)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.write_text(f"{alive.pid}\n")
        with pytest.raises(drafts.DraftInUse, match=f"tiến trình {alive.pid}"):
            drafts.DraftLock(draft).acquire()
    finally:
        alive.kill()
        alive.wait()
    held = drafts.DraftLock(draft).acquire()  # its process is gone: stale, taken over
    assert lock.read_text().strip() == str(os.getpid())
    held.release()
    assert not lock.exists()
