"""``--verbose`` log lines on stderr, filtered by the privacy policy (:mod:`dvc_cli.privacy`).

Log lines never carry a name, birth date, phone or ID number: callers log procedure ids,
counts, timings and file names, and every line goes through :func:`dvc_cli.privacy.mask`.
Kept free of the ``logging`` package so that importing it costs nothing at start-up.
"""

from __future__ import annotations

import sys
import time

from dvc_cli.privacy import mask

_verbose = False
_started = time.perf_counter()


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
