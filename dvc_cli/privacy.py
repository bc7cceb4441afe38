"""The privacy policy, and the masks that carry it out.

**Personal data** is what identifies a resident: their name, ID number (the 12-digit citizen
ID, the old 9-digit CMND), birth date, phone number and address, and every answer that holds
one of them.

**Where it is shown**:

- The person's own papers (the form, the checklist, the answers file, the checklist printed on
  the terminal) carry it in full: that is what they are for.
- ``--verbose`` log lines and warnings (:mod:`dvc_cli.log`): never. Callers log procedure ids,
  counts, timings and file names, and every line goes through :func:`mask` all the same.
- Error messages name the question, not the value typed; the one-line report of a bug goes
  through :func:`mask`.
- A batch's progress and summary: row numbers, column names and counts only.
- A batch's ``errors.csv`` (owner-only): the failing cell, so that the row can be corrected,
  with an ID-number column through :func:`mask_id` and every other value and message through
  :func:`mask_digits`.
- Folder names: ``dvc fill`` names its folder by procedure and date; a batch row folder is its
  row number (``0002``), with the person's name only when asked (``dvc batch --name-folders``).
- Drafts (``dvc drafts``, the offer to continue one, the line printed when one is saved): its
  short number and the person's initials through :func:`initials` (``N.T.D.``), the one piece
  of personal data shown, so that a volunteer can tell two residents' drafts apart; never an
  answer. (The resume command printed when a draft is saved repeats the ``--out`` folder the
  volunteer typed.)

- An ID card's QR code (``dvc_cli.core.vn.id_card``): never logged, never kept in a draft, an
  answers file or a batch report — only the answers it produced are; ``dvc id-card`` and the
  interview's "filled from the card" lines show its ID numbers through :func:`mask_id` unless
  ``--show``; a batch row error about it names the column, never the cell.

**The masks** (one rule each):

- An ID number shows its first four and last two digits, separators dropped:
  ``038196004521`` → ``0381******21`` (six digits or fewer: all hidden).
- A digit run (ID and phone numbers in free text) is 8 or more digits, with at most one space,
  dot or dash between two digits; it is shown as an ID number: ``0912 345 678`` →
  ``0912****78``. Shorter numbers (fees, form numbers, counts) stay.
- A date (day/month/year with ``/ . -``, or ISO ``yyyy-mm-dd``) becomes ``**/**/****``.
- A name becomes its initials: the first letter of each word, in capitals with its accent, each
  followed by a dot: ``Nguyễn Thị Dung`` → ``N.T.D.``, ``Trương Thị Ánh Tuyết`` → ``T.T.Á.T.``.

A name or an address cannot be told apart from other text: no mask finds them, so they are
kept out of logs, messages and progress by the code that writes those.
"""

from __future__ import annotations

import re
import unicodedata

_DIGIT_RUN = re.compile(r"\d(?:[ .-]?\d){7,}")
_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)|(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
_HIDDEN_DATE = "**/**/****"


def mask_id(number: str) -> str:
    """``"038196004521"`` → ``"0381******21"``: the first four and last two digits stay."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]


def mask_digits(text: str) -> str:
    """Every digit run of ``text`` (8 or more digits) masked as an ID number."""
    return _DIGIT_RUN.sub(lambda m: mask_id(m.group(0)), text)


def mask_dates(text: str) -> str:
    """Every date of ``text`` replaced by ``**/**/****``."""
    return _DATE.sub(_HIDDEN_DATE, text)


def mask(text: str) -> str:
    """The log filter: dates and digit runs masked (log lines, warnings, a bug's message)."""
    return mask_digits(mask_dates(text))


def initials(name: str) -> str:
    """``"Nguyễn Thị Dung"`` → ``"N.T.D."``: each word's first letter, capital, with a dot."""
    letters = []
    for word in unicodedata.normalize("NFC", name).split():
        first = next((ch for ch in word if ch.isalpha()), None)
        if first is not None:
            letters.append(first.upper() + ".")
    return "".join(letters)
