"""``--verbose`` logging to stderr, and the masks that keep personal data out of it.

Log lines never carry a name, birth date, phone or ID number: callers log procedure ids,
counts, timings and file names; anything that may hold an answer goes through :func:`mask`.
"""

from __future__ import annotations

import logging
import re
import sys

logger = logging.getLogger("dvc")

_ID = re.compile(r"(?<!\d)(\d{4})(\d{4,8})(\d{2})(?!\d)")
_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)|(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


def setup(verbose: bool) -> None:
    """Send dvc's log to stderr: INFO and up with ``--verbose``, warnings otherwise."""
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("dvc: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False


def mask_id(number: str) -> str:
    """``"038196004521"`` → ``"0381******21"``: the first four and last two digits stay."""
    digits = number.strip()
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]


def mask(text: str) -> str:
    """Mask every run of 8 to 14 digits (ID, phone numbers) and every date in ``text``."""
    text = _ID.sub(lambda m: mask_id(m.group(0)), text)
    return _DATE.sub("**/**/****", text)
