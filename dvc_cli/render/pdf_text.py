"""Write PDFs of positioned text fast: fixed font subsets built once, bytes joined per call.

reportlab makes a new font subset for every document and pypdf re-serialises a template on
every fill; for a batch of thousands of people that was most of the cost (20 ms a person).
Here, once per process, each bundled font style gets one fixed 1-byte subset covering
Vietnamese (all 134 letters, đ Đ), ASCII, typographic punctuation and, in the codes left, the
umlauts and the like of common foreign names (about 12 KB compressed a style). Its
PDF objects are serialised once. A document is then its pages' content streams plus those
bytes; a filled form is the pre-serialised flat template plus one content stream per page.

Text outside the fixed subset (rare: the font has more characters) is not handled here:
:func:`in_fixed_subset` says so, and callers draw that document with reportlab instead. Whether
the font can draw a text at all is another question, :func:`dvc_cli.fonts.missing_chars`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from struct import error as struct_error
from typing import NamedTuple

from dvc_cli import fonts
from dvc_cli.fonts import STYLES

__all__ = [
    "FastFont",
    "Line",
    "TemplateWriter",
    "Text",
    "font",
    "in_fixed_subset",
    "write_document",
    "write_document_reportlab",
]

_PUNCTUATION = "đĐ“”‘’–—…•₫"
# The codes left (15) go to the letters of foreign names seen most often.
_FOREIGN = "äëïöüçñßåæøÄÖÜÇ"
_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


class Text(NamedTuple):
    """A string drawn at (x, y) (baseline, PDF points) in a font style and gray level."""

    x: float
    y: float
    style: str  # "Regular", "Bold" or "Italic"
    size: float
    text: str
    gray: float = 0.0


class Face(NamedTuple):
    """How :func:`write_document` draws a style: with which fixed subset's program, slanted
    (the text matrix's shear, a synthetic italic) and emboldened (filled and stroked with a
    line this many em wide, a synthetic bold), as word processors do for a style a font lacks.
    A style drawn with another's program is laid out with that program's widths
    (:func:`drawn_font`)."""

    font: str
    slant: float = 0.0
    stroke: float = 0.0


#: The styles of a standalone document (the checklist, a continuation page, the print's
#: cover), all from the Regular program: one font program a document instead of three
#: (~20 KB less a checklist; see benchmarks/README.md, round 5).
FACES = {
    "Regular": Face("Regular"),
    "Bold": Face("Regular", stroke=0.03),
    "Italic": Face("Regular", slant=0.2),
}


def drawn_font(style: str) -> FastFont:
    """The fixed subset :func:`write_document` draws ``style`` with (its widths lay it out)."""
    return font(FACES[style].font)


class Line(NamedTuple):
    """A stroked segment (the cross of a checked box)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 1.2


class Block:
    """Items drawn as a content stream of their own, made once per process for the block
    (kept by its identity: a block is immutable and kept alive by whoever makes it again and
    again, such as a checklist's procedure part, the same for every person laid out from the
    same place; see :func:`write_document`)."""

    __slots__ = ("items",)

    def __init__(self, items: Sequence[Text | Line]) -> None:
        self.items = tuple(items)


def _num(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@cache
def _subset_codes() -> tuple[int, ...]:
    """The fixed subset's characters: code → code point, ASCII at its own code; only what
    every style can draw."""
    import unicodedata

    have = frozenset.intersection(*(fonts.charset(style) for style in STYLES))
    wanted = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES]
    wanted += list(_PUNCTUATION)
    extra = list(_FOREIGN)
    codes = [0] * 256
    for c in range(32, 127):
        codes[c] = c
    free = [c for c in range(1, 256) if not 32 <= c < 127]
    for ch in dict.fromkeys(wanted + extra):
        if ord(ch) < 128 or ord(ch) not in have or ord(ch) in codes:
            continue
        if not free:
            break
        codes[free.pop(0)] = ord(ch)
    return tuple(codes)


@dataclass
class FastFont:
    """One style's fixed subset: what to put in a PDF and how to encode and measure text."""

    style: str
    base_name: str
    objects: list[bytes]  # font dict, descriptor, font file, ToUnicode: "{n}" placeholders
    table: dict[int, str]  # code point → 1-byte code (as a latin-1 character)
    widths: dict[str, float]  # character → advance in 1/1000 em

    def __post_init__(self) -> None:
        self._units: dict[str, float] = {}
        self.chars = frozenset(self.widths)  # the characters of this subset
        self._program = None  # the font program, parsed when a document is first subset
        self._files: dict[frozenset[int], bytes] = {}  # codes drawn → font file object
        self._by_glyphs: dict[frozenset[int], bytes] = {}  # glyphs kept → font file object
        self._cmap_entries: list[str] | None = None  # code → its /ToUnicode line
        self._groups: tuple[bytes, list[int]] | None = None  # see _code_groups()
        self._quantised: dict[frozenset[int], frozenset[int]] = {}  # groups → their codes
        self._chunk_groups: dict[bytes, frozenset[int]] = {}  # codes drawn → their groups

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` (covered by the subset) in points."""
        units = self._units.get(text)
        if units is None:
            units = sum(map(self.widths.__getitem__, text))
            if len(self._units) > 8192:  # words repeat across people; names do not
                self._units.clear()
            self._units[text] = units
        return units * size / 1000

    def widths_of(self, texts: Iterable[str], size: float) -> list[float]:
        """:meth:`width` of each of ``texts``, in one call."""
        units, out = self._units, []
        for text in texts:
            found = units.get(text)
            if found is None:
                found = self.width(text, size)  # kept by width
                out.append(found)
                continue
            out.append(found * size / 1000)
        return out

    def file_for(self, codes: Iterable[bytes]) -> tuple[bytes, bytes, bytes]:
        """The font dictionary (``{1}``/``{3}`` placeholders as in ``objects[0]``), font file
        (``FontFile2`` stream) and ``/ToUnicode`` CMap for a document drawing ``codes``
        (encoded texts, :meth:`codes`) in this style: the fixed subset with only the glyphs of
        their characters' groups (:meth:`quantised`; see :mod:`dvc_cli.render.font_subset`),
        the CMap with only their codes, the other codes' widths 0 (nothing is drawn with
        them); the codes and the widths drawn are unchanged. Kept by the groups drawn: the
        same procedure's paragraphs draw the same letters for everyone, and names and
        communes seldom bring a new group."""
        codes = self._quantised_groups(self._groups_of(codes))
        found = self._files.get(codes)
        if found is None:
            found = (
                self._widths_dict(codes),
                self._subset_file(codes),
                _stream(self._to_unicode(codes)),
            )
            if len(self._files) > 128:  # names bring new letters now and then
                self._files.clear()
            self._files[codes] = found
        return found

    def quantised(self, codes: bytes) -> frozenset[int]:
        """The codes a document's font holds for drawing ``codes``: the whole group of each
        (:func:`_code_groups`: any of e é è ẻ ẽ ẹ ê ế ề ể ễ ệ brings all twelve, any capital
        consonant all of them, any digit all ten). A function of ``codes`` alone, so a
        document's bytes do not depend on what was drawn before; and as names and communes
        then bring few new sets, each style's program is cut and compressed a few dozen
        times a batch instead of about twice a row (see benchmarks/README.md)."""
        return self._quantised_groups(self._groups_of((codes,)))

    def _groups_of(self, chunks: Iterable[bytes]) -> frozenset[int]:
        """The groups (:func:`_code_groups`) drawn by ``chunks`` of codes, each chunk's kept
        by its bytes: a template's labels, a checklist's shared streams and the texts that
        come again are the same chunks, whose groups are then not counted byte by byte again
        (a set of a document's ~5,000 codes took ~60 µs)."""
        groups = self._groups
        if groups is None:
            groups = self._groups = _code_groups(self)
        table = groups[0]
        known = self._chunk_groups
        found: set[int] = set()
        for chunk in chunks:
            mine = known.get(chunk)
            if mine is None:
                if len(known) > 8192:  # names bring new chunks; the rest come again
                    known.clear()
                mine = known[chunk] = frozenset(chunk.translate(table))
            found |= mine
        return frozenset(found)

    def _quantised_groups(self, key: frozenset[int]) -> frozenset[int]:
        """:meth:`quantised` of the codes whose groups are ``key``."""
        masks = self._groups[1]  # type: ignore[index]
        found = self._quantised.get(key)
        if found is None:
            mask = 0
            for group in key:
                mask |= masks[group]
            found = frozenset(c for c in range(256) if mask >> c & 1)
            if len(self._quantised) > 1024:
                self._quantised.clear()
            self._quantised[key] = found
        return found

    def _widths_dict(self, codes: frozenset[int]) -> bytes:
        head, _, rest = self.objects[0].partition(b"/Widths [")
        widths, _, tail = rest.partition(b"]")
        each = widths.split()
        kept = b" ".join(w if i in codes else b"0" for i, w in enumerate(each))
        return head + b"/Widths [" + kept + b"]" + tail

    def _to_unicode(self, codes: frozenset[int]) -> bytes:
        """A ``/ToUnicode`` CMap of ``codes`` (what reportlab's makeToUnicodeCMap writes for
        all 256, in blocks of at most 100 as the PDF reference asks), each run of codes that
        map to consecutive characters as one ``bfrange`` (ASCII's letters and digits: the
        groups :meth:`quantised` holds are mostly such runs; ~0.4 KB less a document)."""
        entries = self._cmap_entries
        if entries is None:
            entries = self._cmap_entries = [""] * 256
            for point, code in self.table.items():
                unicode = chr(point).encode("utf-16-be").hex().upper()
                entries[ord(code)] = f"<{ord(code):02X}> <{unicode}>"
        back = {ord(code): point for point, code in self.table.items()}
        runs: list[list[int]] = []  # [first code, last code, first code point]
        for c in sorted(codes):
            if not entries[c]:
                continue
            run = runs[-1] if runs else None
            if (
                run is not None
                and run[1] + 1 == c
                and back[c] == run[2] + c - run[0]
                and back[c] & 0xFF  # a range's last byte may not carry (the PDF reference)
                and back[c] <= 0xFFFF
            ):
                run[1] = c
            else:
                runs.append([c, c, back[c]])
        pairs = [entries[first] for first, last, _point in runs if first == last]
        ranges = [
            f"<{first:02X}> <{last:02X}> <{point:04X}>"
            for first, last, point in runs
            if first != last
        ]
        name = self.base_name
        lines = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({name})",
            f"/Ordering ({name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <FF>",
            "endcodespacerange",
        ]
        for at in range(0, len(pairs), 100):
            block = pairs[at : at + 100]
            lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
        for at in range(0, len(ranges), 100):
            block = ranges[at : at + 100]
            lines += [f"{len(block)} beginbfrange", *block, "endbfrange"]
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines).encode("ascii")

    def _subset_file(self, codes: frozenset[int]) -> bytes:
        program = self._program
        if program is None:
            from dvc_cli.render.font_subset import Program

            head, _, rest = self.objects[2].partition(b"stream\n")
            program = self._program = Program(zlib.decompress(rest[: -len(b"\nendstream")]))
        gids = program.closure(codes)  # the fixed subset draws code c with glyph c
        found = self._by_glyphs.get(gids)
        if found is None:
            data = program.subset(gids, closed=True)
            found = _stream(data, {"Length1": str(len(data))})
            self._by_glyphs[gids] = found
            if len(self._by_glyphs) > 128:
                self._by_glyphs.clear()
        return found

    def codes(self, text: str) -> bytes:
        """The 1-byte codes of ``text`` (covered by the subset)."""
        return text.translate(self.table).encode("latin-1")

    def encode(self, text: str) -> bytes:
        """A PDF literal string (with parentheses) for ``text`` (covered by the subset)."""
        return _literal(self.codes(text))


def _code_groups(f: FastFont) -> tuple[bytes, list[int]]:
    """For :meth:`FastFont.quantised`: a ``bytes.translate`` table from a code to its group's
    number, and each group's codes (as bits). A Vietnamese vowel's group is every code of the
    same base letter and case (a à á ả ã ạ ă ằ … ậ, 18 codes); the other letters of ASCII make
    a group of each case, digits one; anything else (đ, Đ, punctuation, foreign letters) is
    alone."""
    import unicodedata

    def group(char: str) -> str:
        base = unicodedata.normalize("NFD", char)[0]
        if char in _FOREIGN:
            return char
        if base in "aeiouyAEIOUY":
            return base
        if char.isascii() and char.isalpha():
            return "upper" if char.isupper() else "lower"
        return "digit" if char.isascii() and char.isdigit() else char

    names = {ord(code): group(chr(point)) for point, code in f.table.items()}
    numbers: dict[str, int] = {}
    table = bytearray(range(256))  # a code outside the subset: a group of its own
    masks = [1 << c for c in range(256)]
    for code in range(256):
        name = names.get(code)
        if name is None:
            continue
        first = numbers.setdefault(name, code)  # a group is numbered by its first code
        table[code] = first
        masks[first] = (masks[first] if first != code else 0) | 1 << code
    return bytes(table), masks


@cache
def font(style: str) -> FastFont:
    """The fixed subset of a bundled style, serialised once per process: read from
    ``fonts/fixed-subsets.json`` (what :func:`build_font` gives, made by
    ``scripts/font_data.py``: a command then needs neither reportlab nor the TTF parsed), or
    built when that file is not the one of the bundled fonts."""
    import base64

    data = fonts.bundled_data()
    if data is None:
        return build_font(style)
    entry = data["styles"][style]
    codes, widths = entry["codes"], entry["widths"]
    return FastFont(
        style=style,
        base_name=entry["base_name"],
        objects=[base64.b64decode(o) for o in entry["objects"]],
        table={c: chr(i) for i, c in enumerate(codes) if c},
        widths={chr(c): float(w) for c, w in zip(codes, widths, strict=True) if c},
    )


def font_data(style: str) -> dict[str, object]:
    """What ``fonts/fixed-subsets.json`` holds of ``style`` (see :func:`font`)."""
    import base64

    built = build_font(style)
    codes = list(_subset_codes())
    return {
        "base_name": built.base_name,
        "codes": codes,
        "widths": [built.widths.get(chr(c), 0.0) if c else _notdef_width(style) for c in codes],
        "objects": [base64.b64encode(o).decode("ascii") for o in built.objects],
    }


def _notdef_width(style: str) -> float:
    return float(fonts.face(style).getCharWidth(0))


def build_font(style: str) -> FastFont:
    """The fixed subset of a bundled style, built from its TTF with reportlab."""
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap as to_unicode

    codes = list(_subset_codes())
    face = fonts.face(style)
    base_name = f"DVCAAA+{face.name.decode('latin-1')}"
    data = face.makeSubset(codes)
    widths = [face.getCharWidth(c) for c in codes]
    flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    font_dict = (
        f"<< /Type /Font /Subtype /TrueType /BaseFont /{base_name} /FirstChar 0 "
        f"/LastChar {len(codes) - 1} /Widths [{' '.join(_num(w) for w in widths)}] "
        "/FontDescriptor {1} 0 R /ToUnicode {3} 0 R >>"
    )
    descriptor = (
        f"<< /Type /FontDescriptor /FontName /{base_name} /Flags {flags} "
        f"/FontBBox [{' '.join(str(v) for v in face.bbox)}] /ItalicAngle {_num(face.italicAngle)} "
        f"/Ascent {face.ascent} /Descent {face.descent} /CapHeight {face.capHeight} "
        f"/StemV {face.stemV} /MissingWidth {face.defaultWidth} /FontFile2 {{2}} 0 R >>"
    )
    cmap = to_unicode(base_name, codes).encode("ascii")
    return FastFont(
        style=style,
        base_name=base_name,
        objects=[
            font_dict.encode("ascii"),
            descriptor.encode("ascii"),
            _stream(data, {"Length1": str(len(data))}, level=9),  # once: compress hard
            _stream(cmap),
        ],
        table={c: chr(i) for i, c in enumerate(codes) if c},
        widths={chr(c): float(w) for c, w in zip(codes, widths, strict=True) if c},
    )


def _literal(raw: bytes) -> bytes:
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + raw.replace(b"\r", b"\\r").replace(b"\n", b"\\n") + b")"


def in_fixed_subset(texts: Iterable[str]) -> bool:
    """True when every character of ``texts`` is in the fixed Regular subset (newlines aside),
    so that this module can write them; else the caller draws them with reportlab."""
    chars = font("Regular").chars
    return all(chars.issuperset(text.replace("\n", " ")) for text in texts)


def _stream(data: bytes, extra: dict[str, str] | None = None, *, level: int = 6) -> bytes:
    packed = zlib.compress(data, level)
    entries = "".join(f" /{k} {v}" for k, v in (extra or {}).items())
    head = f"<< /Length {len(packed)} /Filter /FlateDecode{entries} >>\nstream\n"
    return head.encode("ascii") + packed + b"\nendstream"


def _font_objects(
    styles: Sequence[str], first: int, drawn: dict[str, list[bytes]] | None = None
) -> tuple[list[bytes], dict[str, int]]:
    """The objects of ``styles`` numbered from ``first``; style → number of its font dict.

    ``drawn``: the codes a document draws in each style, whose glyphs only its font files
    hold, and whose codes only its ``/ToUnicode`` maps (:meth:`FastFont.file_for`); without
    it, the whole fixed subsets."""
    out: list[bytes] = []
    refs: dict[str, int] = {}
    for style in styles:
        f = font(style)
        n = first + len(out)
        refs[style] = n
        numbers = [str(n + i) for i in range(4)]
        own = f.objects if drawn is None else f.file_for(drawn.get(style, ()))
        head = own[0] if drawn is not None else f.objects[0]
        head = head.replace(b"{1}", numbers[1].encode())
        out.append(head.replace(b"{3}", numbers[3].encode()))
        out.append(f.objects[1].replace(b"{2}", numbers[2].encode()))
        out += own[-2:] if drawn is not None else f.objects[2:]
    return out, refs


_PLACES: dict[tuple[float, float], bytes] = {}  # (x, y) → its Tm operator, see content()
_SHOWN: dict[tuple[str, str], tuple[bytes, bytes]] = {}  # (style, text) → its Tj, its codes
_FONT_OPS: dict[tuple[str, float], bytes] = {}  # (resource name, size) → its Tf operator
_LINES: dict[Line, bytes] = {}  # a line → its operators


def content(
    items: Iterable[Text | Line],
    names: dict[str, str],
    kept: dict[Text, tuple[bytes, bytes]] | None = None,
    drawn: dict[str, list[bytes]] | None = None,
    faces: dict[str, Face] | None = None,
) -> bytes:
    """The content-stream operators drawing ``items``; ``names`` maps style → resource name.

    ``kept``: the operators of each text drawn and its codes, kept across calls (a checklist
    draws the same paragraphs at the same places for every person; one ``kept`` for one
    ``faces``). ``drawn``: gets each style's codes drawn (what its font must hold).
    ``faces``: how each style is drawn (:class:`Face`): ``names`` and ``drawn`` are then by
    the faces' fonts."""
    ops: list[bytes] = []
    in_text = False
    current: tuple[str, float] | None = None
    gray = 0.0
    stroke = 0.0  # the line width text is stroked with (0: filled only)
    into: list[bytes] | None = None  # drawn's list of the current style
    for item in items:
        if isinstance(item, Line):
            if in_text:
                ops.append(b"ET")
                in_text = False
            line = _LINES.get(item)  # a checkbox's cross, in every form that ticks it
            if line is None:
                if len(_LINES) > 1024:
                    _LINES.clear()
                line = _LINES[item] = (
                    f"q 0 G {_num(item.width)} w 1 J {_num(item.x0)} {_num(item.y0)} m "
                    f"{_num(item.x1)} {_num(item.y1)} l S Q".encode()
                )
            ops.append(line)
            continue
        if not in_text:
            ops.append(b"BT")
            in_text = True
            current = None
        x, y, item_style, size, text, item_gray = item
        face = faces[item_style] if faces is not None else None
        style = face.font if face is not None else item_style
        if current is None or style != current[0] or size != current[1]:
            current = (style, size)
            font_op = _FONT_OPS.get((names[style], size))
            if font_op is None:
                if len(_FONT_OPS) > 1024:
                    _FONT_OPS.clear()
                font_op = _FONT_OPS[names[style], size] = f"{names[style]} {_num(size)} Tf".encode()
            ops.append(font_op)
            into = drawn.setdefault(style, []) if drawn is not None else None
        width = face.stroke * size if face is not None else 0.0
        if width != stroke:
            stroke = width
            ops.append(f"{_num(width)} w 2 Tr".encode() if width else b"0 Tr")
        if item_gray != gray:
            gray = item_gray
            both = f" {_num(gray)} G" if faces is not None else ""  # a stroked text's too
            ops.append(f"{_num(gray)} g{both}".encode())
        found = kept.get(item) if kept is not None else None
        if found is None:
            shown = _SHOWN.get((style, text))  # "Kinh", "Việt Nam", a date: again
            if shown is None:
                if len(_SHOWN) > 8192:  # what names a person does not come again
                    _SHOWN.clear()
                codes = font(style).codes(text)
                shown = _SHOWN[style, text] = (_literal(codes) + b" Tj", codes)
            slant = face.slant if face is not None else 0
            place = _PLACES.get((x, y, slant))  # a form's boxes, a page's lines: again
            if place is None:
                if len(_PLACES) > 8192:
                    _PLACES.clear()
                place = _PLACES[x, y, slant] = (
                    f"1 0 {_num(slant)} 1 {_num(x)} {_num(y)} Tm ".encode()
                )
            found = (place + shown[0], shown[1])
            if kept is not None:
                if len(kept) > 8192:  # what names a person does not come again
                    kept.clear()
                kept[item] = found
        ops.append(found[0])
        if into is not None:
            into.append(found[1])
    if in_text:
        ops.append(b"ET")
    return b"\n".join(ops)


def _pdf(objects: dict[int, bytes], size: int, trailer: str, version: bytes = b"1.4") -> bytes:
    """A whole PDF file from numbered object bodies (1 … size-1; gaps become free)."""
    parts = [b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n"]
    offset = len(parts[0])
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = offset
        chunk = b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
        parts.append(chunk)
        offset += len(chunk)
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for number in range(1, size):
        at = offsets.get(number)
        xref.append(b"%010d 00000 n \n" % at if at is not None else b"0000000000 65535 f \n")
    parts += xref
    parts.append(
        f"trailer\n<< /Size {size} {trailer} >>\nstartxref\n{offset}\n%%EOF\n".encode("ascii")
    )
    return b"".join(parts)


def _pdf_string(text: str) -> str:
    """A PDF text string (UTF-16BE with BOM, hex) for document information."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


STYLE_NAMES = {"Regular": "/R", "Bold": "/B", "Italic": "/I"}
_KEPT: dict[Text, tuple[bytes, bytes]] = {}  # write_document's texts, see content()


def write_document(
    pages: Sequence[Sequence[Text | Line | Block]],
    page_size: tuple[float, float],
    *,
    title: str = "",
    author: str = "dvc",
) -> bytes:
    """A PDF of ``pages`` (every text must be in the fixed subsets: see :func:`in_fixed_subset`;
    a :class:`Block` on a page is drawn as a content stream of its own)."""
    styles = list(dict.fromkeys(face.font for face in FACES.values()))
    drawn: dict[str, list[bytes]] = {}
    streams = [_page_streams(items, drawn) for items in pages]
    fonts, refs = _font_objects(styles, 4, drawn)
    first_page = 4 + len(fonts)
    font_res = " ".join(f"{STYLE_NAMES[s]} {refs[s]} 0 R" for s in styles)
    width, height = page_size
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: f"<< /Title {_pdf_string(title)} /Author {_pdf_string(author)} "
        f"/Producer (dvc) >>".encode("ascii"),
    }
    for i, body in enumerate(fonts):
        objects[4 + i] = body
    kids = []
    number = first_page
    for page_streams in streams:
        page_no, number = number, number + 1 + len(page_streams)
        kids.append(f"{page_no} 0 R")
        refs_ = [f"{page_no + 1 + i} 0 R" for i in range(len(page_streams))]
        contents = refs_[0] if len(refs_) == 1 else f"[{' '.join(refs_)}]"
        objects[page_no] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_num(width)} {_num(height)}] "
            f"/Resources << /Font << {font_res} >> >> /Contents {contents} >>"
        ).encode("ascii")
        for i, stream in enumerate(page_streams):
            objects[page_no + 1 + i] = stream
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    return _pdf(objects, number, "/Root 1 0 R /Info 3 0 R")


_BLOCKS: dict[int, tuple[Block, bytes, dict[str, bytes]]] = {}  # id → stream, codes drawn


def _page_streams(
    items: Sequence[Text | Line | Block], drawn: dict[str, list[bytes]]
) -> list[bytes]:
    """The content streams of a page: one for a page of plain items (as always); for a page
    holding :class:`Block` s, one for each block and one for each run of items between them,
    each within ``q``/``Q`` (the graphics state it sets, its gray and its text rendering mode,
    is not carried into the next), so that a block's bytes do not depend on what precedes it
    and are made and compressed once (``_BLOCKS``), not once per document."""
    if not any(type(item) is Block for item in items):
        return [_stream(content(items, STYLE_NAMES, _KEPT, drawn, FACES))]  # type: ignore[arg-type]
    out: list[bytes] = []
    run: list[Text | Line] = []
    for item in [*items, None]:
        if item is not None and type(item) is not Block:
            run.append(item)  # type: ignore[arg-type]
            continue
        if run:
            out.append(_stream(b"q\n" + content(run, STYLE_NAMES, _KEPT, drawn, FACES) + b"\nQ"))
            run = []
        if item is None:
            break
        kept = _BLOCKS.get(id(item))
        if kept is None or kept[0] is not item:
            own: dict[str, list[bytes]] = {}
            data = b"q\n" + content(item.items, STYLE_NAMES, _KEPT, own, FACES) + b"\nQ"
            if len(_BLOCKS) > 256:  # the blocks of a procedure's few layouts
                _BLOCKS.clear()
            kept = _BLOCKS[id(item)] = (
                item,
                _stream(data),
                {s: b"".join(c) for s, c in own.items()},
            )
        out.append(kept[1])
        for style, codes in kept[2].items():
            drawn.setdefault(style, []).append(codes)
    return out


class TemplateWriter:
    """A flat template, serialised once, ready to take one content stream per page.

    ``base`` is a pypdf reader of the template without fields. Each page's contents become
    ``[q, template contents…, Q, answers]`` and its resources gain the Regular subset as
    ``/DvcR``; only the answers streams differ from one call to the next.
    """

    FONT_NAME = "/DvcR"

    def __init__(self, base) -> None:
        from io import BytesIO

        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            NameObject,
        )

        reader = base
        size = int(reader.trailer["/Size"])
        page_numbers = [p.indirect_reference.idnum for p in reader.pages]
        q_no, unq_no = size, size + 1
        fonts, refs = _font_objects(["Regular"], size + 2)
        self.font_file = refs["Regular"] + 2  # each form's own, see render()
        first_answers = size + 2 + len(fonts)
        self.answers_numbers = [first_answers + i for i in range(len(page_numbers))]
        self.size = first_answers + len(page_numbers)
        objects: dict[int, bytes] = {}
        merged = _labels_in_fixed_subset(reader, self.FONT_NAME)
        self.label_codes = merged.codes if merged else b""  # drawn in /DvcR by every form

        def serialise(obj) -> bytes:
            buf = BytesIO()
            obj.write_to_stream(buf)
            return buf.getvalue()

        for number, obj in _reachable(reader).items():
            if number not in page_numbers:
                objects[number] = serialise(obj)
        font_ref = IndirectObject(refs["Regular"], 0, reader)
        for page, number, answers in zip(
            reader.pages, page_numbers, self.answers_numbers, strict=True
        ):
            page = DictionaryObject(page)  # a shallow copy: the reader's page is left alone
            contents = page.raw_get("/Contents") if "/Contents" in page else None
            old = []
            if contents is not None:
                target = contents.get_object()
                old = list(target) if isinstance(target, list) else [contents]
            page[NameObject("/Contents")] = ArrayObject(
                [
                    IndirectObject(q_no, 0, reader),
                    *old,
                    IndirectObject(unq_no, 0, reader),
                    IndirectObject(answers, 0, reader),
                ]
            )
            resources = DictionaryObject(page["/Resources"]) if "/Resources" in page else None
            resources = resources if resources is not None else DictionaryObject()
            page_fonts = (
                DictionaryObject(resources["/Font"]) if "/Font" in resources else DictionaryObject()
            )
            page_fonts[NameObject(self.FONT_NAME)] = font_ref
            if merged:
                for name in merged.names:
                    page_fonts.pop(name, None)
            resources[NameObject("/Font")] = page_fonts
            page[NameObject("/Resources")] = resources
            objects[number] = serialise(page)
        objects.update(_trimmed_fonts(reader))
        self.page_tree = _flat_page_tree(reader, page_numbers, serialise)
        objects[q_no] = b"<< /Length 1 >>\nstream\nq\nendstream"
        objects[unq_no] = b"<< /Length 1 >>\nstream\nQ\nendstream"
        objects.update((size + 2 + i, body) for i, body in enumerate(fonts))
        trailer = f"/Root {reader.trailer.raw_get('/Root').idnum} 0 R"
        if "/Info" in reader.trailer:
            trailer += f" /Info {reader.trailer.raw_get('/Info').idnum} 0 R"
        if merged:
            objects.update(merged.contents)
            objects = _referenced(objects, trailer)  # the labels' own font no longer is
        self.trailer = trailer
        version = reader.pdf_header.replace("%PDF-", "").encode("ascii") or b"1.7"
        self.version = version
        self.objects = objects
        self.pages = len(page_numbers)
        self._compact()

    def _compact(self) -> None:
        """The objects numbered 1, 2, 3… in their order (a template's objects left out —
        its fields, the fonts its labels no longer use — would each cost the
        cross-reference table a free entry, 20 bytes: ~0.9 KB a form); left as they are if
        anything refers to an object not written."""
        numbers = sorted({*self.objects, *self.answers_numbers})
        new = {old: at for at, old in enumerate(numbers, start=1)}
        tree = self.page_tree
        try:
            objects = {new[n]: _renumbered(body, new) for n, body in self.objects.items()}
            trailer = _renumbered(self.trailer.encode("ascii"), new).decode("ascii")
            if tree is not None:
                tree = (new[tree[0]], _renumbered(tree[1], new))
        except KeyError:  # a reference to nothing (null): keep the numbers that say so
            return
        self.objects, self.trailer, self.page_tree = objects, trailer, tree
        self.answers_numbers = [new[n] for n in self.answers_numbers]
        self.font_file = new[self.font_file]  # its dictionary, descriptor and CMap around it
        self.size = len(numbers) + 1

    def state(self) -> dict[str, object]:
        """What :meth:`from_state` needs to make this writer again (render/template_cache.py)."""
        import base64

        return {
            "objects": {str(n): base64.b64encode(o).decode() for n, o in self.objects.items()},
            "answers_numbers": list(self.answers_numbers),
            "size": self.size,
            "trailer": self.trailer,
            "version": self.version.decode("ascii"),
            "pages": self.pages,
            "font_file": self.font_file,
            "label_codes": base64.b64encode(self.label_codes).decode("ascii"),
            "page_tree": None
            if self.page_tree is None
            else [self.page_tree[0], base64.b64encode(self.page_tree[1]).decode("ascii")],
        }

    @classmethod
    def from_state(cls, state: dict) -> TemplateWriter:
        """The writer :meth:`state` describes, without pypdf."""
        import base64

        writer = cls.__new__(cls)
        writer.objects = {
            int(n): base64.b64decode(body.encode("ascii"), validate=True)
            for n, body in state["objects"].items()
        }
        writer.answers_numbers = [int(n) for n in state["answers_numbers"]]
        writer.size = int(state["size"])
        writer.trailer = str(state["trailer"])
        writer.version = str(state["version"]).encode("ascii")
        writer.pages = int(state["pages"])
        writer.font_file = int(state["font_file"])
        writer.label_codes = base64.b64decode(str(state["label_codes"]), validate=True)
        tree = state["page_tree"]  # a state without it (an older dvc's) is made again
        writer.page_tree = (
            None
            if tree is None
            else (int(tree[0]), base64.b64decode(str(tree[1]).encode("ascii"), validate=True))
        )
        if writer.page_tree is not None and writer.page_tree[0] not in writer.objects:
            raise ValueError("inconsistent template state")
        if (
            len(writer.answers_numbers) != writer.pages
            or writer.size <= max(writer.objects)
            or writer.font_file not in writer.objects
        ):
            raise ValueError("inconsistent template state")
        return writer

    @property
    def extends(self) -> bool:
        """Whether :meth:`render` can append pages (the template's page tree is one flat
        ``/Pages`` node)."""
        return self.page_tree is not None

    def render(
        self,
        pages: dict[int, list[Text | Line]],
        extra: Sequence[Sequence[Text | Line]] = (),
        extra_size: tuple[float, float] = (595.2756, 841.8898),
    ) -> bytes:
        """The filled form: ``pages`` maps a 1-based page number to what is drawn on it;
        ``extra``: pages appended after the template's (a continuation page, ``extra_size``
        points), drawn as :func:`write_document` draws (:data:`FACES`) with the answers' font,
        which holds their glyphs too (only when :attr:`extends`)."""
        objects = dict(self.objects)
        names = {"Regular": self.FONT_NAME}
        drawn: dict[str, list[bytes]] = {}
        for page_no, number in enumerate(self.answers_numbers, start=1):
            items = pages.get(page_no, [])
            objects[number] = _stream(content(items, names, None, drawn)) if items else _EMPTY
        size = self.size
        if extra:
            if self.page_tree is None:
                raise ValueError("the template's page tree is not flat: append with pypdf")
            tree, head = self.page_tree
            width, height = extra_size
            font_ref = f"{self.font_file - 2} 0 R"
            kids = []
            for items in extra:
                page_no, content_no = size, size + 1
                size += 2
                kids.append(b"%d 0 R" % page_no)
                objects[page_no] = (
                    f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {_num(width)} "
                    f"{_num(height)}] /Resources << /Font << {self.FONT_NAME} {font_ref} >> >> "
                    f"/Contents {content_no} 0 R >>"
                ).encode("ascii")
                objects[content_no] = _stream(content(items, names, None, drawn, FACES))
            count = self.pages + len(kids)
            objects[tree] = head.replace(b"{kids}", b" ".join(kids)).replace(
                b"{count}", b"%d" % count
            )
        # The answers' font holds the glyphs of these answers only.
        codes = [self.label_codes, *drawn.get("Regular", [])]
        head, objects[self.font_file], objects[self.font_file + 1] = font("Regular").file_for(codes)
        head = head.replace(b"{1}", b"%d" % (self.font_file - 1))
        objects[self.font_file - 2] = head.replace(b"{3}", b"%d" % (self.font_file + 1))
        return _pdf(objects, size, self.trailer, self.version)


_EMPTY = b"<< /Length 0 >>\nstream\n\nendstream"


def _flat_page_tree(reader, page_numbers: list[int], serialise) -> tuple[int, bytes] | None:
    """The template's ``/Pages`` node as (number, its bytes with ``{kids}`` and ``{count}``
    where pages appended go) when it is the only node, its ``/Kids`` the pages themselves
    (every template dvc builds); None otherwise (:meth:`TemplateWriter.render` cannot append
    then)."""
    from pypdf.generic import ArrayObject, IndirectObject, NameObject, NumberObject

    root = reader.trailer["/Root"].get_object()
    ref = root.raw_get("/Pages") if "/Pages" in root else None
    if not isinstance(ref, IndirectObject):
        return None
    tree = ref.get_object()
    kids = tree.get("/Kids")
    kids = kids.get_object() if kids is not None else None
    if (
        not isinstance(kids, ArrayObject)
        or not all(isinstance(kid, IndirectObject) for kid in kids)
        or [kid.idnum for kid in kids] != page_numbers
        or int(tree.get("/Count", -1)) != len(page_numbers)
        or "/Parent" in tree
    ):
        return None
    copy = type(tree)(tree)
    copy[NameObject("/Kids")] = ArrayObject([*kids, NameObject("/KIDS")])
    copy[NameObject("/Count")] = NumberObject(-999999)
    body = serialise(copy)
    if body.count(b"/KIDS") != 1 or body.count(b"-999999") != 1:
        return None
    return ref.idnum, body.replace(b"/KIDS", b"{kids}").replace(b"-999999", b"{count}")


class _Merged(NamedTuple):
    contents: dict[int, bytes]  # the pages' content streams, the labels re-encoded
    names: frozenset[str]  # the labels' font's, and fonts never drawn: dropped from the pages
    codes: bytes  # the labels' characters in the fixed subset's codes


def _labels_in_fixed_subset(reader, font_name: str) -> _Merged | None:
    """A template's labels in Noto Serif Regular and Italic drawn with the answers' font
    (``font_name``, the fixed Regular subset) instead of programs of their own; the italic
    ones slanted as :data:`FACES` draws italic (:func:`_merge_labels`); where the italic ones
    cannot be (see there), only the Regular ones."""
    return _merge_labels(reader, font_name, slant=True) or _merge_labels(
        reader, font_name, slant=False
    )


def _merge_labels(reader, font_name: str, *, slant: bool) -> _Merged | None:
    """The labels' strings re-encoded from the template font's codes to the fixed subset's
    (through its ``/ToUnicode``): a Regular label only when every character is in the fixed
    subset with the same advance width, so the labels fall at the same places. With
    ``slant``, an Italic label too, drawn from the Regular program slanted by
    ``FACES["Italic"].slant`` and scaled horizontally to the italic's width of that string
    (97-100 %: the form was laid out with the italic's widths, so it starts and ends where it
    did); only where it is placed by a ``1 0 0 1 x y Tm`` of its own and shown by one ``Tj``
    (as reportlab writes a line), else None. None (the template left as it is) for anything
    else: several content streams a page, annotations, form XObjects, a font set through a
    graphics state, a ``bfrange`` CMap, another font."""
    import re

    from pypdf.generic import (
        ByteStringObject,
        ContentStream,
        FloatObject,
        IndirectObject,
        NameObject,
    )

    fixed = font("Regular")
    shear = FACES["Italic"].slant
    contents: dict[int, bytes] = {}
    names: set[str] = set()
    codes: set[int] = set()
    # font dict number → its code → the fixed code; and, for an italic font, its widths
    maps: dict[int, dict[int, int]] = {}
    slanted: dict[int, dict[int, float]] = {}

    def mapping(ref) -> dict[int, int] | None:
        if not isinstance(ref, IndirectObject):
            return None
        if ref.idnum in maps:
            return maps[ref.idnum]
        font_dict = ref.get_object()
        base = str(font_dict.get("/BaseFont", ""))
        italic = slant and base.endswith("+NotoSerif-Italic")
        if (
            font_dict.get("/Subtype") != "/TrueType"
            or "/Encoding" in font_dict
            or not (base.endswith("+NotoSerif-Regular") or italic)
            or "/ToUnicode" not in font_dict
        ):
            return None
        cmap = font_dict["/ToUnicode"].get_object().get_data().decode("latin-1")
        if "beginbfrange" in cmap:
            return None
        first = int(font_dict.get("/FirstChar", 0))
        widths = [float(w) for w in font_dict.get("/Widths", [])]
        out: dict[int, int] = {}
        for code, hexa in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4,8})>", cmap):
            char = bytes.fromhex(hexa).decode("utf-16-be", "replace")
            code_no = int(code, 16)
            if len(char) != 1 or ord(char) not in fixed.table:
                continue  # drawn, it is refused below
            if not 0 <= code_no - first < len(widths):
                continue
            if not italic and abs(widths[code_no - first] - fixed.widths[char]) > 0.01:
                continue
            out[code_no] = ord(fixed.table[ord(char)])
        maps[ref.idnum] = out
        if italic:
            slanted[ref.idnum] = {c: widths[c - first] for c in out}
        return out

    regular_widths = {ord(code): fixed.widths[chr(point)] for point, code in fixed.table.items()}
    for page in reader.pages:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        if "/Annots" in page or "/XObject" in resources or "/ExtGState" in resources:
            return None
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else {}
        labels = {str(n) for n in fonts if mapping(fonts.raw_get(n)) is not None}
        if not labels:
            continue
        ref = page.raw_get("/Contents") if "/Contents" in page else None
        if not isinstance(ref, IndirectObject) or isinstance(ref.get_object(), list):
            return None
        stream = ContentStream(ref.get_object(), reader)
        showing = (b"Tj", b"'", b'"', b"TJ")
        moving = (b"Td", b"TD", b"T*", b"'", b'"')
        shown: set[str] = set()  # the fonts some text is drawn in (q/Q restore the font)
        name, saved = None, []
        for operands, op in stream.operations:
            if op == b"Tf":
                name = str(operands[0])
            elif op == b"q":
                saved.append(name)
            elif op == b"Q" and saved:
                name = saved.pop()
            elif op in showing and name is not None:
                shown.add(name)
        unused = {str(n) for n in fonts} - shown  # reportlab lists Helvetica, drawn or not
        operations = []
        current: dict[int, int] | None = None
        widths: dict[int, float] | None = None  # the italic's, when current is slanted
        stack: list[tuple[dict[int, int] | None, dict[int, float] | None]] = []
        placed: int | None = None  # the index of a 1 0 0 1 x y Tm nothing moved from yet
        sheared = False  # the text matrix is slanted: no more text before the next Tm
        for operands, op in stream.operations:
            if op == b"Tf" and str(operands[0]) in unused:
                continue  # a font no text is drawn in (reportlab sets one on every page)
            if op == b"Tf":
                number = fonts.raw_get(operands[0]).idnum if operands[0] in labels else None
                current = maps.get(number) if number is not None else None
                widths = slanted.get(number) if number is not None else None
                if current is not None:
                    operands = [NameObject(font_name), *operands[1:]]
            elif op == b"q":
                stack.append((current, widths))
            elif op == b"Q" and stack:
                current, widths = stack.pop()
            elif op == b"Tm":
                plain = [float(v) for v in operands[:4]] == [1.0, 0.0, 0.0, 1.0]
                placed, sheared = (len(operations) if plain else None), False
            elif op == b"BT":
                placed, sheared = None, False
            elif op in moving:
                placed = None
            if op in showing and (sheared or (widths is not None and placed is None)):
                return None  # text the slant would move, or an italic not placed alone
            if op in showing and current is not None:
                new = []
                originals = b""  # the template's codes shown
                for item in operands[0] if op == b"TJ" else operands:
                    if hasattr(item, "get_original_bytes") or isinstance(item, bytes):
                        raw = (
                            item.get_original_bytes()
                            if hasattr(item, "get_original_bytes")
                            else bytes(item)
                        )
                        if any(c not in current for c in raw):
                            return None
                        mapped = bytes(current[c] for c in raw)
                        originals += raw
                        codes.update(mapped)
                        item = ByteStringObject(mapped)
                    new.append(item)
                if widths is not None:
                    if op != b"Tj" or placed is None:
                        return None
                    wide = sum(regular_widths[current[c]] for c in originals)
                    scale = sum(widths[c] for c in originals) / wide if wide else 1.0
                    x, y = operations[placed][0][4:6]
                    matrix = [round(scale, 4), 0, shear, 1, x, y]
                    operations[placed] = ([FloatObject(v) for v in matrix[:4]] + [x, y], b"Tm")
                    sheared = True
                operands = [type(operands[0])(new)] if op == b"TJ" else new
            if op in showing:
                placed = None
            operations.append((operands, op))
        stream.operations = operations
        contents[ref.idnum] = _stream(stream.get_data(), level=9)
        names |= labels | unused
    if not contents:
        return None
    return _Merged(contents, frozenset(names), bytes(sorted(codes)))


_REFERENCE_OR_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)|(?<![\d.])(\d+) 0 R(?![A-Za-z])", re.S)
_STREAM_DATA = re.compile(rb">>\s*stream\r?\n")


def _renumbered(body: bytes, new: dict[int, int]) -> bytes:
    """``body`` with each reference ``N 0 R`` to ``new[N]`` (not inside a literal string, nor
    in stream data); KeyError for a reference to a number ``new`` does not have."""
    data = _STREAM_DATA.search(body)
    head, tail = (body[: data.end()], body[data.end() :]) if data else (body, b"")

    def ref(match: re.Match[bytes]) -> bytes:
        if match.group(1) is None:
            return match.group(0)  # a string
        return b"%d 0 R" % new[int(match.group(1))]

    return _REFERENCE_OR_STRING.sub(ref, head) + tail


def _referenced(objects: dict[int, bytes], trailer: str) -> dict[int, bytes]:
    """``objects`` without those nothing refers to any more (from the trailer down; a
    reference is ``N 0 R``, one too many in stream data only keeps an object)."""
    import re

    pattern = re.compile(rb"(\d+) 0 R")
    keep: set[int] = set()
    todo = [int(n) for n in re.findall(r"(\d+) 0 R", trailer)]
    while todo:
        number = todo.pop()
        if number in keep or number not in objects:
            continue
        keep.add(number)
        todo.extend(int(n) for n in pattern.findall(objects[number]))
    return {n: body for n, body in objects.items() if n in keep}


def _trimmed_fonts(reader) -> dict[int, bytes]:
    """The template's own embedded TrueType fonts with only the glyphs its pages draw, as
    font file objects by number (done once per template: the writer's state keeps them).

    A template made with reportlab embeds, besides its labels' letters, every ASCII glyph
    (its subsets keep codes 32-126 as themselves). Only simple TrueType fonts drawn by the
    pages' own content streams, whose programs map codes to glyphs by a (1,0) cmap of format
    0 or 6, are cut down; a template with form XObjects, annotations or fonts set through a
    graphics state keeps its fonts whole (their glyphs could be drawn from there)."""
    from io import BytesIO

    from pypdf.generic import (
        ArrayObject,
        ContentStream,
        DictionaryObject,
        IndirectObject,
        NameObject,
        NumberObject,
    )

    from dvc_cli.render.font_subset import Program

    drawn: dict[int, set[int]] = {}  # font dict number → codes drawn
    for page in reader.pages:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        if "/Annots" in page or "/XObject" in resources or "/ExtGState" in resources:
            return {}
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else {}
        contents = page.get_contents()
        if contents is None:
            continue
        current = None
        for operands, op in ContentStream(contents, reader).operations:
            if op == b"Tf":
                ref = fonts.raw_get(operands[0]) if operands[0] in fonts else None
                current = (
                    drawn.setdefault(ref.idnum, set()) if isinstance(ref, IndirectObject) else None
                )
                if current is None:
                    return {}  # a font not in an object of its own: leave all whole
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                if current is None:
                    return {}
                strings = operands[0] if op == b"TJ" else operands[-1:]
                for item in strings:
                    if hasattr(item, "get_original_bytes"):  # pypdf's text strings
                        current.update(item.get_original_bytes())
                    elif isinstance(item, bytes):
                        current.update(item)
    out: dict[int, bytes] = {}
    for number, codes in drawn.items():
        font = reader.get_object(number)
        if font.get("/Subtype") != "/TrueType" or "/Encoding" in font:
            continue
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        ref = (
            descriptor.raw_get("/FontFile2") if descriptor and "/FontFile2" in descriptor else None
        )
        if not isinstance(ref, IndirectObject):
            continue
        try:
            program = Program(ref.get_object().get_data())
            glyphs = program.glyphs_of(codes)
        except (ValueError, KeyError, IndexError, struct_error):
            continue
        if glyphs is None:
            continue
        data = program.subset(glyphs)
        out[ref.idnum] = _stream(data, {"Length1": str(len(data))}, level=9)
        cmap = font.raw_get("/ToUnicode") if "/ToUnicode" in font else None
        if isinstance(cmap, IndirectObject):
            kept = _cmap_of(cmap.get_object().get_data(), codes)
            if kept is not None:  # only the codes drawn read back: the others are not there
                out[cmap.idnum] = _stream(kept, level=9)
        widths = font.get("/Widths")
        widths = widths.get_object() if widths is not None else None
        if isinstance(widths, ArrayObject) and isinstance(font.raw_get("/Widths"), ArrayObject):
            first = int(font.get("/FirstChar", 0))
            copy = DictionaryObject(font)  # the codes not drawn: width 0, as pdf_text's own
            copy[NameObject("/Widths")] = ArrayObject(
                w if first + i in codes else NumberObject(0) for i, w in enumerate(widths)
            )
            buf = BytesIO()
            copy.write_to_stream(buf)
            out[number] = buf.getvalue()
    return out


def _cmap_of(cmap: bytes, codes: set[int]) -> bytes | None:
    """A ``/ToUnicode`` CMap of bfchar blocks (as reportlab writes them) with only the
    lines of ``codes``; None for any other kind (ranges, 2-byte codes)."""
    import re

    text = cmap.decode("latin-1")
    blocks = list(re.finditer(r"\d+ beginbfchar\r?\n(.*?)endbfchar\r?\n", text, re.S))
    if not blocks or "bfrange" in text:
        return None
    kept: list[str] = []
    for block in blocks:
        for line in block.group(1).splitlines():
            found = re.fullmatch(r"<([0-9A-Fa-f]{2})>\s*<[0-9A-Fa-f]{4,8}>", line.strip())
            if found is None:
                return None
            if int(found.group(1), 16) in codes:
                kept.append(line.strip())
    parts = [text[: blocks[0].start()]]
    for at in range(0, len(kept), 100):
        part = kept[at : at + 100]
        parts.append(f"{len(part)} beginbfchar\n" + "\n".join(part) + "\nendbfchar\n")
    parts.append(text[blocks[-1].end() :])
    return "".join(parts).encode("latin-1")


def _reachable(reader) -> dict[int, object]:
    """The objects reachable from the trailer's /Root and /Info, by number."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: dict[int, object] = {}
    todo = [reader.trailer.raw_get(k) for k in ("/Root", "/Info") if k in reader.trailer]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in found:
                continue
            obj = item.get_object()
            found[item.idnum] = obj
            todo.append(obj)
        elif isinstance(item, DictionaryObject):  # stream objects are dictionaries too
            todo.extend(item.raw_get(k) for k in item)
        elif isinstance(item, ArrayObject):
            todo.extend(item)
    return found


def write_document_reportlab(
    pages: Sequence[Sequence[Text | Line]],
    page_size: tuple[float, float],
    *,
    title: str = "",
    author: str = "dvc",
) -> bytes:
    """The same as :func:`write_document`, drawn by reportlab: any character the bundled font
    has (reportlab subsets the font per document; slower)."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    fonts.register_fonts()
    buf = BytesIO()
    canvas = Canvas(buf, pagesize=page_size, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    for items in pages:
        for item in items:
            if isinstance(item, Line):
                canvas.saveState()
                canvas.setLineWidth(item.width)
                canvas.setLineCap(1)
                canvas.line(item.x0, item.y0, item.x1, item.y1)
                canvas.restoreState()
                continue
            canvas.setFillGray(item.gray)
            canvas.setFont(STYLES[item.style], item.size)
            canvas.drawString(item.x, item.y, item.text)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
