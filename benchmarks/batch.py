"""Benchmark ``dvc batch``: N synthetic valid residents through the real command.

    python benchmarks/batch.py                    # 2,000 rows, all cores
    python benchmarks/batch.py --rows 20000 --jobs 2
    python benchmarks/batch.py --sparse           # leave columns with defaults empty

Prints forms/s (end to end, and of the processing loop), the median ms one row costs in one
process (form + checklist + answers, written to disk) and the CPU ms of each part of a row
(engine, fit check, form values, form PDF, checklist build/PDF/Markdown, answers file, I/O),
KB per row and per form PDF, and the
peak memory of the whole process tree (sum of RSS, and of PSS, which counts pages shared
between the forked workers once). If ``pdftk`` (Debian's pdftk-java) is installed, it also
times ``pdftk fill_form ... flatten`` on the same template for a few rows and prints the ratio;
without it that part is skipped.

The residents are fictional and deterministic (``--seed``): valid 12-digit ID numbers that
agree with gender and birth year, communes of the 2025 map, a mix of single, divorced and
widowed people, and of marriage and other purposes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dvc_cli.catalog import procedures  # noqa: E402
from dvc_cli.core.vn import admin_map, citizen_id  # noqa: E402

_NEW_CARD = dt.date(2024, 7, 1)  # Luật Căn cước 2023: the thẻ căn cước from this day
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lương", "Mai", "Tạ", "Quách"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Bảo", "Khánh", "Thùy", "Hồng", "Diệu"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Gia", "Thành", "Xuân", "Trọng"]
GIVEN_F = ["Dung", "Lan", "Hương", "Ánh Tuyết", "Phương", "Hằng", "Yến", "Ngọc Ánh", "Thảo"]
GIVEN_F += ["Trang", "Huyền", "Nguyệt", "Quỳnh", "Diễm", "Oanh", "Mỹ", "Loan", "Nhung"]
GIVEN_M = ["Hùng", "Minh", "Dũng", "Tuấn", "Quang", "Phúc", "Khải", "Thắng", "Lộc", "Nghĩa"]
GIVEN_M += ["Việt", "Đạt", "Hiếu", "Trường", "Sơn", "Huy", "Khoa", "Bảo", "Tùng", "Vĩnh"]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt"]
STREETS += ["Phan Đình Phùng", "Quang Trung", "Điện Biên Phủ", "Hùng Vương", "Bà Triệu"]
PURPOSES = [
    "Để bổ sung hồ sơ vay vốn ngân hàng",
    "Để làm thủ tục mua bán nhà đất",
    "Để bổ sung hồ sơ xin việc",
    "Để làm thủ tục thừa kế",
]


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _dmy(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def resident(rng: random.Random, today: dt.date, *, sparse: bool) -> dict[str, str]:
    """One fictional, valid resident as a CSV row (question id → cell)."""
    female = rng.random() < 0.55
    name = " ".join(
        [
            rng.choice(FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        ]
    )
    born = _date(rng, dt.date(1950, 1, 1), dt.date(2004, 12, 31))
    century_digit = {(False, 1900): "0", (True, 1900): "1", (False, 2000): "2", (True, 2000): "3"}
    digit = century_digit[(female, 1900 if born.year < 2000 else 2000)]
    code = rng.choice(sorted(citizen_id.BIRTH_PROVINCE_CODES))
    id_number = f"{code}{digit}{born.year % 100:02d}{rng.randrange(10**6):06d}"
    # A thẻ căn cước exists from 01/07/2024, a CCCD before (the procedures' card rules); the
    # sparse rows leave id_type to its default, the thẻ căn cước, so their cards are recent.
    earliest = _NEW_CARD if sparse else dt.date(2021, 1, 1)
    issued = _date(rng, max(born + dt.timedelta(days=365 * 14 + 4), earliest), today)
    province = rng.choice(admin_map.provinces())
    commune = rng.choice(admin_map.communes(province.code))
    row = {
        "full_name": name,
        "birth_date": _dmy(born),
        "gender": "Nữ" if female else "Nam",
        "id_number": id_number,
        "id_issue_date": _dmy(issued),
        "residence_address": f"Số {rng.randrange(1, 300)} đường {rng.choice(STREETS)}",
        "residence_province": province.name,
        "residence_commune": commune.name,
    }
    if not sparse:
        row.update(
            ethnicity="Kinh",
            nationality="Việt Nam",
            id_type="Thẻ căn cước" if issued >= _NEW_CARD else "Căn cước công dân",
            id_issuer="Bộ Công an",
            residence_type="Thường trú",
            had_other_residence="Không",
            had_previous_certificate="Không",
            requester_is_subject="Có",
            copies="1",
        )
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    status = rng.random() if age >= 25 else 0.0
    if status < 0.7:
        row["marital_status"] = "Chưa đăng ký kết hôn với ai"
    elif status < 0.9:
        row.update(
            marital_status="Đã ly hôn",
            divorce_kind="Quyết định",
            divorce_ref=f"{rng.randrange(1, 300)}/{born.year + 25}/QĐST-HNGĐ",
            divorce_date=_dmy(_date(rng, born + dt.timedelta(days=365 * 22), today)),
            divorce_court="Tòa án nhân dân khu vực 1",
        )
        if not sparse:
            row["divorce_abroad"] = "Không"
    else:
        row.update(
            marital_status="Vợ/chồng đã chết",
            spouse_death_doc="Trích lục khai tử",
            spouse_death_ref=f"{rng.randrange(1, 500)}/TLKT",
            spouse_death_issuer=f"Ủy ban nhân dân {commune.name}",
            spouse_death_date=_dmy(_date(rng, born + dt.timedelta(days=365 * 22), today)),
        )
    if rng.random() < 0.5 and age >= 20:
        partner_female = not female
        row.update(
            purpose="Để đăng ký kết hôn",
            partner_name=" ".join(
                [
                    rng.choice(FAMILY),
                    rng.choice(MIDDLE_F if partner_female else MIDDLE_M),
                    rng.choice(GIVEN_F if partner_female else GIVEN_M),
                ]
            ),
            partner_birth_date=_dmy(_date(rng, dt.date(1960, 1, 1), dt.date(2004, 12, 31))),
        )
        if not sparse:
            row["partner_nationality"] = "Việt Nam"
    else:
        row.update(purpose="Mục đích khác", purpose_detail=rng.choice(PURPOSES))
    return row


def write_csv(path: Path, rows: int, seed: int, *, sparse: bool) -> None:
    proc = procedures.load("single-status")
    header = [q.id for q in proc.ordered()]
    rng = random.Random(seed)
    today = dt.date.today()
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        for _ in range(rows):
            writer.writerow(resident(rng, today, sparse=sparse))


# -- memory of a process tree ---------------------------------------------------------------
def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            pass
    return out


def _kb(path: str, key: str) -> int:
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Peak sum of RSS and of PSS over a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = self.peak_pss = self.peak_one = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            pids = _tree(self.pid)
            each = [_kb(f"/proc/{p}/status", "VmRSS:") for p in pids]
            rss = sum(each)
            self.peak_one = max(self.peak_one, max(each, default=0))
            pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)


# -- parts ----------------------------------------------------------------------------------
def run_batch(
    csv_path: Path, out: Path, jobs: int | None
) -> tuple[dict, float, MemorySampler, tuple[float, float]]:
    cmd = [sys.executable, "-m", "dvc_cli", "batch", "single-status", str(csv_path)]
    cmd += ["--out", str(out)] + (["--jobs", str(jobs)] if jobs else [])
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    sampler = MemorySampler(proc.pid)
    if Path("/proc").is_dir():
        sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    sampler.stopped.set()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"dvc batch failed ({proc.returncode}):\n{stderr.decode()}")
    return json.loads(stdout.decode().strip().splitlines()[-1]), wall, sampler, cpu


def answer_rows(proc: Any, csv_path: Path, rows: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, answers) of the first ``rows`` rows of ``csv_path``, each cell read as a batch
    reads it (``batch.cells.cell_answer``)."""
    from dvc_cli.batch.cells import cell_answer

    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        for i, cells in enumerate(csv.DictReader(fh)):
            if i >= rows:
                return
            answers = {}
            for k, v in cells.items():
                value = cell_answer(proc.questions[k], v)
                if value is not None:
                    answers[k] = value
            yield i, answers


def one_process_ms(csv_path: Path, rows: int, where: Path) -> tuple[float, float, float]:
    """Median ms per row (wall and CPU) and CPU ms per form PDF alone, in this process (one
    core), files written into ``where``."""
    from dvc_cli.batch.row import RowProcessor
    from dvc_cli.render import output, pdf_form

    proc = procedures.load("single-status")
    tmp = Path(tempfile.mkdtemp(prefix="dvc-bench-", dir=where))
    try:
        processor = RowProcessor(proc, tmp, dt.date.today(), {})
        per_row, per_row_cpu, per_form = [], [], []
        for i, answers in answer_rows(proc, csv_path, rows):
            started, cpu = time.perf_counter(), time.process_time()
            outcome = processor(i + 2, answers)
            per_row.append(time.perf_counter() - started)
            per_row_cpu.append(time.process_time() - cpu)
            assert outcome.ok, outcome.errors
        from dvc_cli.core.engine import Interview

        interview = Interview(proc, answers)
        interview.apply_defaults()
        out = proc.model.outputs[0]
        values = output.form_values(interview, out.id)
        template = proc.template_path(out.template)
        for _ in range(200):
            started = time.process_time()
            pdf_form.render_form(template, values)
            per_form.append(time.process_time() - started)

        def median_ms(values: list[float]) -> float:
            return statistics.median(values[20:] or values) * 1000

        return median_ms(per_row), median_ms(per_row_cpu), median_ms(per_form)
    finally:
        shutil.rmtree(tmp)


PARTS = (
    "engine",
    "fit check",
    "form values",
    "form PDF",
    "checklist build",
    "checklist PDF",
    "checklist MD",
    "answers file",
    "I/O",
)


def parts_ms(csv_path: Path, rows: int, where: Path) -> dict[str, float]:
    """Median CPU ms per row of each part of a row, in this process: the same steps as
    ``RowProcessor`` and ``output.render``, timed one by one (``engine``: the interview with
    its defaults, without the fit check; ``fit check``: the form-fit check of the answers;
    ``I/O``: the row's folder written)."""
    from dvc_cli.batch import store as batch_store
    from dvc_cli.core import checklist
    from dvc_cli.core.engine import Interview
    from dvc_cli.render import checklist_paper, fit, output, pdf_form
    from dvc_cli.store import answers_file

    proc = procedures.load("single-status")
    tmp = Path(tempfile.mkdtemp(prefix="dvc-bench-parts-", dir=where))
    times: dict[str, list[float]] = {part: [] for part in PARTS}
    clock = time.process_time
    try:
        for i, answers in answer_rows(proc, csv_path, rows):
            t0 = clock()
            interview = Interview(proc, answers, today=dt.date.today(), checks=[fit.check_fit])
            interview.apply_defaults()
            interview.context()
            t1 = clock()
            assert not interview.problems()
            t2 = clock()
            files = {}
            for oi, out in enumerate(proc.model.outputs):
                a = clock()
                values = output._form_values(interview, oi)
                b = clock()
                files[out.file] = pdf_form.render_form(proc.template_path(out.template), values)
                c = clock()
                times["form values"].append(b - a)
                times["form PDF"].append(c - b)
            t3 = clock()
            made = checklist.build(interview)
            t4 = clock()
            files["checklist.pdf"] = checklist_paper.to_pdf(made)
            t5 = clock()
            files["checklist.md"] = checklist_paper.to_markdown(made).encode("utf-8")
            t6 = clock()
            files[output.ANSWERS_NAME] = answers_file.dump(proc.id, interview.export()).encode()
            t7 = clock()
            batch_store.write_row(tmp, batch_store.folder_name(i + 2, None), files)
            t8 = clock()
            for part, spent in zip(
                ("engine", "fit check", "checklist build", "checklist PDF", "checklist MD"),
                (t1 - t0, t2 - t1, t4 - t3, t5 - t4, t6 - t5),
                strict=True,
            ):
                times[part].append(spent)
            times["answers file"].append(t7 - t6)
            times["I/O"].append(t8 - t7)
        return {part: statistics.mean(v[20:] or v) * 1000 for part, v in times.items()}
    finally:
        shutil.rmtree(tmp)


def _xfdf(values: dict[str, str | bool], on_states: dict[str, str]) -> bytes:
    from xml.sax.saxutils import escape

    fields = []
    for name, value in values.items():
        if isinstance(value, bool):
            value = on_states.get(name, "Yes") if value else "Off"
        fields.append(f'<field name="{escape(name)}"><value>{escape(value)}</value></field>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve"><fields>'
        + "".join(fields)
        + "</fields></xfdf>"
    ).encode()


def pdftk_ms(out_dir: Path, forms: int) -> float | None:
    """Median ms of ``pdftk fill_form`` + flatten (one process per form), or None."""
    exe = shutil.which("pdftk")
    if not exe:
        return None
    import yaml
    from pypdf import PdfReader

    from dvc_cli.core.engine import Interview
    from dvc_cli.fonts import font_path
    from dvc_cli.render import output

    proc = procedures.load("single-status")
    out = proc.model.outputs[0]
    template = proc.template_path(out.template)
    on_states = {}
    for annot in PdfReader(template).pages[0].get("/Annots", []):
        widget = annot.get_object()
        states = [k for k in widget.get("/AP", {}).get("/N", {}) if k != "/Off"]
        if states and "/T" in widget:
            on_states[str(widget["/T"])] = states[0][1:]
    folders = sorted(p for p in out_dir.iterdir() if p.is_dir() and p.name[0].isdigit())
    times = []
    with tempfile.TemporaryDirectory(prefix="dvc-pdftk-") as tmp:
        for folder in folders[:forms]:
            data = yaml.safe_load((folder / output.ANSWERS_NAME).read_text(encoding="utf-8"))
            interview = Interview(proc, data["answers"])
            values = output.form_values(interview, out.id)
            xfdf = Path(tmp) / "data.xfdf"
            xfdf.write_bytes(_xfdf(values, on_states))
            cmd = [exe, str(template), "fill_form", str(xfdf), "output", f"{tmp}/out.pdf"]
            cmd += ["replacement_font", str(font_path()), "flatten"]
            started = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000 if times else None


def folder_kb(out: Path) -> tuple[float, float]:
    """Mean KB per row folder and per form PDF."""
    rows = form_total = total = 0
    for folder in out.iterdir():
        if not (folder.is_dir() and folder.name[0].isdigit()):
            continue
        rows += 1
        for f in folder.iterdir():
            size = f.stat().st_size
            total += size
            if f.name == "to-khai.pdf":
                form_total += size
    return total / rows / 1024, form_total / rows / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=None, help="default: dvc's (all cores)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sparse", action="store_true", help="leave defaulted columns empty")
    parser.add_argument("--pdftk-forms", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the output folder")
    parser.add_argument("--dir", type=Path, default=None, help="where to work (default: $TMPDIR)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dvc-batch-bench-", dir=args.dir))
    try:
        csv_path = work / "residents.csv"
        write_csv(csv_path, args.rows, args.seed, sparse=args.sparse)
        out = work / "out"
        summary, wall, mem, (user, system) = run_batch(csv_path, out, args.jobs)
        assert summary["ok"] == args.rows and summary["failed"] == 0, summary
        row_ms, row_cpu_ms, form_ms = one_process_ms(csv_path, min(args.rows, 300), work)
        # other residents than one_process_ms's: what the engine keeps must not flatter it
        parts_csv = work / "residents-parts.csv"
        write_csv(parts_csv, min(args.rows, 300), args.seed + 1, sparse=args.sparse)
        parts = parts_ms(parts_csv, min(args.rows, 300), work)
        kb_row, kb_form = folder_kb(out)
        tk = pdftk_ms(out, args.pdftk_forms) if args.pdftk_forms else None

        print(
            f"rows: {args.rows} ({'sparse' if args.sparse else 'full'} columns), "
            f"jobs: {args.jobs or 'all'} of {os.cpu_count()} cores"
        )
        print(f"forms/s end to end (incl. start-up, reports): {args.rows / wall:8.1f}")
        print(f"forms/s processing loop:                      {summary['rows_per_second']:8.1f}")
        print(
            f"CPU ms per row, whole run: user / system:      {user / args.rows * 1000:8.2f} / "
            f"{system / args.rows * 1000:.2f}"
        )
        print(
            f"median ms per row, one process, wall / CPU:   {row_ms:8.2f} / {row_cpu_ms:.2f}"
            "  (form + checklist + answers, written)"
        )
        print(f"median CPU ms per form PDF alone:             {form_ms:8.2f}")
        print(f"mean CPU ms per row by part, one process (sum {sum(parts.values()):.2f}):")
        for part, ms in parts.items():
            print(f"  {part + ':':<44}{ms:8.2f}")
        print(f"KB per row (all files) / per form PDF:        {kb_row:8.1f} / {kb_form:.1f}")
        if mem.peak_rss:
            print(
                f"peak memory, sum RSS / sum PSS (MB):          "
                f"{mem.peak_rss / 1024:8.1f} / {mem.peak_pss / 1024:.1f} "
                f"(largest process {mem.peak_one / 1024:.1f})"
            )
        if not args.pdftk_forms:
            print("pdftk: skipped (--pdftk-forms 0)")
        elif tk is None:
            print("pdftk: not installed, skipped (apt-get install pdftk-java)")
        else:
            print(
                f"pdftk fill_form + flatten, median ms/form:    {tk:8.1f} "
                f"({tk / form_ms:.0f}x dvc's flat form, {tk / row_cpu_ms:.1f}x a whole dvc row)"
            )
        if args.keep:
            print(f"kept: {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
