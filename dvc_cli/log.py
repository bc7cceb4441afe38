"""``--verbose`` log lines on stderr, and the masks that keep personal data out of them.

Log lines never carry a name, birth date, phone or ID number: callers log procedure ids,
counts, timings and file names; anything that may hold an answer goes through :func:`mask`.
Kept free of the ``logging`` package so that importing it costs nothing at start-up.
"""

from __future__ import annotations

import re
import sys
import time

_verbose = False
_started = time.perf_counter()

_DIGIT_RUN = re.compile(r"\d[\d .-]{6,}\d")
_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)|(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


def setup(verbose: bool) -> None:
    """Turn the log on (``--verbose``) or off."""
    global _verbose, _started
    _verbose = verbose
    _started = time.perf_counter()


def info(message: str) -> None:
    """One log line on stderr, with the ms since the command started; only with --verbose.

    ``message`` must not hold personal data; it is masked all the same.
    """
    if _verbose:
        ms = (time.perf_counter() - _started) * 1000
        sys.stderr.write(f"dvc: [{ms:6.0f} ms] {mask(message)}\n")


def warning(message: str) -> None:
    """A warning on stderr, shown with or without --verbose (masked like log lines)."""
    sys.stderr.write(f"dvc: {mask(message)}\n")


def mask_id(number: str) -> str:
    """``"038196004521"`` → ``"0381******21"``: the first four and last two digits stay."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]


def mask(text: str) -> str:
    """Mask every date and every run of 8 or more digits (ID and phone numbers) in ``text``."""
    text = _DATE.sub("**/**/****", text)
    return _DIGIT_RUN.sub(_mask_run, text)


def _mask_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return mask_id(run) if sum(ch.isdigit() for ch in run) >= 8 else run
