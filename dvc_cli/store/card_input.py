"""Where an ID card's QR payload comes from when no keyboard-mode scanner types it: a 2D
scanner set to serial mode (pyserial, the ``scanner`` extra) and a picture of the card
(zxing-cpp, the ``image`` extra). Both are optional: without the extra, one line says how to
install it (exit 2). The payload read is returned, never logged nor written anywhere.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from dvc_cli.errors import UsageError
from dvc_cli.i18n import _

MAX_PAYLOAD = 2000  # bytes read from a serial port before giving up on an end of line
SCANNER_BAUD = 9600  # the usual default of serial-mode 2D scanners


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


def read_scanner(device: str, timeout: float = 30.0) -> str:
    """One payload from the serial port (or pyserial URL) ``device``: the bytes up to the
    scanner's CR or LF. UsageError when the port cannot be opened or nothing came in time."""
    serial = _extra("serial", "scanner", "--scanner")
    try:
        port = serial.serial_for_url(device, baudrate=SCANNER_BAUD, timeout=timeout)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise UsageError(
            _("không mở được máy quét {device}: {error}").format(device=device, error=exc)
        ) from None
    data = bytearray()
    with port:
        while len(data) < MAX_PAYLOAD:
            byte = port.read(1)
            if not byte:
                break  # timed out
            if byte in (b"\r", b"\n"):
                if data:
                    break
                continue  # the LF of a CRLF before the payload, or a blank line
            data += byte
    if not data:
        raise UsageError(
            _("không nhận được mã nào từ máy quét {device} trong {seconds:g} giây").format(
                device=device, seconds=timeout
            )
        )
    return _text(bytes(data))


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
