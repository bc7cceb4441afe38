"""Where an ID card's QR payload comes from when no keyboard-mode scanner types it: a 2D
scanner set to serial mode (pyserial, the ``scanner`` extra) and a picture of the card
(zxing-cpp, the ``image`` extra). Both are optional: without the extra, one line says how to
install it (exit 2). The payload read is returned, never logged nor written anywhere.

A serial port is opened once per run (:class:`Scanner`) and read one payload at a time:
``dvc id-card --scanner`` reads one, ``dvc fill --scanner --no-input`` one per person, and the
interview listens to it at each person's first question (``cli/prompts.py``, a reader thread
stopped through :meth:`Scanner.read`'s ``stop``).
"""

from __future__ import annotations

import importlib
import threading
import time
from pathlib import Path
from types import ModuleType

from dvc_cli.errors import UsageError
from dvc_cli.i18n import _

MAX_PAYLOAD = 2000  # bytes read from a serial port before giving up on an end of line
SCANNER_BAUD = 9600  # the usual default of serial-mode 2D scanners
POLL = 0.1  # seconds one read of the port waits before looking whether to stop
SCAN_TIMEOUT = 60.0  # seconds `dvc fill --no-input --scanner` waits for each person's card
_EOL = b"\r\n"


def _extra(module: str, extra: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(
            _("{what} cần gói thêm chưa cài: pip install 'dvc-cli[{extra}]'").format(
                what=what, extra=extra
            )
        ) from None


def _text(data: bytes) -> str:
    """Bytes of a payload as text: UTF-8 (what the cards hold), else each byte as Latin-1,
    which the card reader then refuses as mangled (never guessed into Vietnamese)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class Scanner:
    """A scanner in serial mode on the port (or pyserial URL) ``device``, opened once: a
    context manager closing the port. UsageError when the extra is missing or the port cannot
    be opened, naming the device."""

    def __init__(self, device: str) -> None:
        serial = _extra("serial", "scanner", "--scanner")
        self.device = device
        self._failures = (serial.SerialException, OSError)
        try:
            self._port = serial.serial_for_url(device, baudrate=SCANNER_BAUD, timeout=POLL)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise UsageError(
                _("không mở được máy quét {device}: {error}").format(device=device, error=exc)
            ) from None
        self._data = bytearray()  # read, not yet a whole line

    def __enter__(self) -> Scanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._port.close()
        except self._failures:
            pass

    def discard(self) -> None:
        """Forget what came in before now: a card scanned while nobody listened (at another
        question) must not fill the next person."""
        self._data.clear()
        try:
            self._port.reset_input_buffer()
        except self._failures:
            pass

    def read(self, timeout: float | None = None, stop: threading.Event | None = None) -> str | None:
        """The next payload: the bytes up to the scanner's CR or LF (at most
        :data:`MAX_PAYLOAD`). None when ``timeout`` seconds passed or ``stop`` was set first.
        UsageError when the port fails (the scanner unplugged)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            line = self._line()
            if line is not None:
                return _text(line)
            if stop is not None and stop.is_set():
                return None
            if deadline is not None and time.monotonic() >= deadline:
                return None
            try:
                self._data += self._port.read(max(1, self._port.in_waiting))
            except self._failures as exc:
                raise UsageError(
                    _("máy quét {device} ngừng đọc được: {error}").format(
                        device=self.device, error=exc
                    )
                ) from None

    def wait(self, timeout: float | None = None) -> str:
        """The next payload; UsageError when none came in ``timeout`` seconds (default
        :data:`SCAN_TIMEOUT`)."""
        timeout = SCAN_TIMEOUT if timeout is None else timeout
        payload = self.read(timeout)
        if payload is None:
            raise UsageError(
                _("không nhận được mã nào từ máy quét {device} trong {seconds:g} giây").format(
                    device=self.device, seconds=timeout
                )
            )
        return payload

    def _line(self) -> bytes | None:
        """A whole line taken from what was read (the LF of a CRLF and blank lines before
        it skipped), or the first :data:`MAX_PAYLOAD` bytes of an endless one; else None."""
        while self._data[:1] and self._data[:1] in _EOL:
            del self._data[:1]
        ends = [i for i in (self._data.find(b"\r"), self._data.find(b"\n")) if i >= 0]
        cut = min(ends) if ends else (MAX_PAYLOAD if len(self._data) >= MAX_PAYLOAD else None)
        if cut is None:
            return None
        line = bytes(self._data[:cut])
        del self._data[: cut + (1 if ends else 0)]
        return line


def read_scanner(device: str, timeout: float = 30.0) -> str:
    """One payload from the serial port (or pyserial URL) ``device``: the bytes up to the
    scanner's CR or LF. UsageError when the port cannot be opened or nothing came in time."""
    with Scanner(device) as scanner:
        return scanner.wait(timeout)


def read_image(path: Path) -> str:
    """The text of the ID card's QR code in the picture at ``path`` (a phone photo, a scan).
    UsageError when the file is no picture, holds no QR code, or holds several."""
    zxingcpp = _extra("zxingcpp", "image", "--image")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            picture.load()
            image = picture.convert("L")
    except FileNotFoundError:
        raise UsageError(_("{path}: không có tệp này").format(path=path)) from None
    except (UnidentifiedImageError, OSError) as exc:
        message = _("{path}: không đọc được ảnh ({error}); dùng ảnh JPEG hoặc PNG")
        raise UsageError(message.format(path=path, error=type(exc).__name__)) from None
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    texts = [_text(bytes(r.bytes)) if r.bytes else r.text for r in found]
    if not texts:
        raise UsageError(
            _(
                "{path}: không tìm thấy mã QR trong ảnh; chụp lại mặt có mã QR, đủ sáng, "
                "mã chiếm phần lớn ảnh"
            ).format(path=path)
        )
    if len(texts) > 1:
        message = _("{path}: ảnh có {count} mã QR; chụp riêng mã của thẻ")
        raise UsageError(message.format(path=path, count=len(texts)))
    return texts[0]
