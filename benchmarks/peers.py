"""Fill the same form with dvc and with its peers, in one run: ms per flat form and ratios.

    python benchmarks/peers.py
    python benchmarks/peers.py --pypdfform-python /tmp/venv-peers/bin/python \\
        --pdftk "java -cp /opt/pdftk/pdftk.jar:/opt/pdftk/bcprov.jar:/opt/pdftk/commons-lang3.jar \\
                 com.gitlab.pdftk_java.pdftk"

The peers are never dvc's dependencies: pypdf is (dvc reads templates with it) and is timed
in this process; PyPDFForm is timed in the Python given (its own venv: ``pip install
pypdfform``), in that process, so start-up is left out as for dvc; pdftk-java is one process
per form, as it is used (``pdftk`` on the PATH, or the command given: Debian's pdftk-java
jar and its two libraries run with any Java ≥ 11), with dvc's Noto Serif as its replacement
font so that it can write Vietnamese. Each tool fills the single-status template with the
bundled example's values and flattens it; the table says whether the resident's name can be
read back from the result (pdftotext, else pypdf's text extraction), since a fast fill that
loses the diacritics is no fill.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_PYPDFFORM = """
import io, json, statistics, sys, time
from PyPDFForm import PdfWrapper
template, values, runs = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
times = []
for _ in range(runs):
    start = time.process_time()
    data = PdfWrapper(template).fill(values, flatten=True).read()
    times.append(time.process_time() - start)
sys.stdout.buffer.write(data) if sys.argv[4] == "out" else None
print(json.dumps(statistics.median(times[2:] or times) * 1000), file=sys.stderr)
"""


def _values() -> tuple[Path, dict[str, str | bool]]:
    import yaml

    from dvc_cli.catalog import procedures
    from dvc_cli.core.engine import Interview
    from dvc_cli.render import output

    proc = procedures.load("single-status")
    answers = yaml.safe_load((REPO / "examples" / "single-status.yaml").read_text("utf-8"))
    interview = Interview(proc, answers.get("answers", answers))
    interview.apply_defaults()
    out = proc.model.outputs[0]
    return proc.template_path(out.template), output.form_values(interview, out.id)


def _readable(pdf: bytes, name: str) -> bool:
    """Whether ``name`` can be read back from ``pdf``: by poppler's pdftotext where installed
    (it follows form XObjects as viewers do), else by pypdf's text extraction."""
    import io

    exe = shutil.which("pdftotext")
    if exe:
        done = subprocess.run([exe, "-", "-"], input=pdf, capture_output=True)
        text = done.stdout.decode("utf-8", "replace")
    else:
        from pypdf import PdfReader

        text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    return name.upper() in " ".join(text.split()).upper()


def _cpu_ms(fill, runs: int) -> tuple[float, bytes]:
    times, data = [], b""
    for _ in range(runs):
        start = time.process_time()
        data = fill()
        times.append(time.process_time() - start)
    return statistics.median(times[5:] or times) * 1000, data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="fills per in-process tool")
    parser.add_argument("--pdftk-runs", type=int, default=7)
    parser.add_argument("--pdftk", help="the pdftk command (default: pdftk on the PATH)")
    parser.add_argument("--pypdfform-python", help="a Python with PyPDFForm installed")
    args = parser.parse_args()

    from dvc_cli.fonts import font_path
    from dvc_cli.render import pdf_form

    template, values = _values()
    name = str(values.get("full_name", ""))
    rows: list[tuple[str, float | None, bool | None, str]] = []

    dvc_ms, data = _cpu_ms(lambda: pdf_form.render_form(template, values), args.runs)
    rows.append(("dvc (flat, fixed subset)", dvc_ms, _readable(data, name), "CPU, in process"))

    from pypdf import PdfReader, PdfWriter

    def pypdf_fill() -> bytes:
        import io

        writer = PdfWriter(clone_from=PdfReader(template))
        text = {k: v for k, v in values.items() if isinstance(v, str)}
        for page in writer.pages:
            writer.update_page_form_field_values(page, text, auto_regenerate=False, flatten=True)
        buf = io.BytesIO()
        writer.write(buf)
        return buf.getvalue()

    ms, data = _cpu_ms(pypdf_fill, max(args.runs // 10, 10))
    rows.append(
        (
            "pypdf (update_page_form_field_values, flatten)",
            ms,
            _readable(data, name),
            "CPU, in process",
        )
    )

    if args.pypdfform_python:
        text = {k: v for k, v in values.items()}
        done = subprocess.run(
            [args.pypdfform_python, "-c", _PYPDFFORM, str(template), json.dumps(text), "12", "out"],
            capture_output=True,
        )
        if done.returncode == 0:
            ms = float(done.stderr.decode().strip().splitlines()[-1])
            rows.append(
                (
                    "PyPDFForm (fill, flatten)",
                    ms,
                    _readable(done.stdout, name),
                    "CPU, in its process",
                )
            )
        else:
            rows.append(("PyPDFForm", None, None, done.stderr.decode().strip().splitlines()[-1]))
    else:
        rows.append(("PyPDFForm", None, None, "skipped: --pypdfform-python not given"))

    pdftk = (
        shlex.split(args.pdftk)
        if args.pdftk
        else ([shutil.which("pdftk")] if shutil.which("pdftk") else None)
    )
    if pdftk:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from batch import _xfdf  # the same XFDF batch.py gives pdftk

        with tempfile.TemporaryDirectory(prefix="dvc-peers-") as tmp:
            xfdf = Path(tmp) / "data.xfdf"
            xfdf.write_bytes(_xfdf(values, {}))
            out = Path(tmp) / "out.pdf"
            cmd = [*pdftk, str(template), "fill_form", str(xfdf), "output", str(out)]
            cmd += ["replacement_font", str(font_path()), "flatten"]
            times = []
            for _ in range(args.pdftk_runs):
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            rows.append(
                (
                    "pdftk-java (fill_form, replacement_font, flatten)",
                    statistics.median(times) * 1000,
                    _readable(out.read_bytes(), name),
                    "wall, one process a form",
                )
            )
    else:
        rows.append(("pdftk-java", None, None, "skipped: no pdftk (give --pdftk)"))

    print(f"{'tool':<52} {'ms/form':>9} {'× dvc':>8}  name readable  how")
    for tool, ms, readable, how in rows:
        shown = f"{ms:9.2f} {ms / dvc_ms:7.0f}×" if ms is not None else f"{'—':>9} {'':>8}"
        ok = {True: "yes", False: "NO", None: "—"}[readable]
        print(f"{tool:<52} {shown}  {ok:<13}  {how}")
    print(f"(one form of single-status, the bundled example's values; {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
