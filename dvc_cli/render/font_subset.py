"""A TrueType font program cut down to the glyphs one document draws.

The fixed subsets of :mod:`dvc_cli.render.pdf_text` hold every Vietnamese letter in every
document (about 12 KB compressed a style, seven programs in a batch row's two PDFs). A document
draws a hundred of those 256 glyphs or fewer: :meth:`Program.subset` writes the same font with
the other glyphs' outlines left empty. Nothing else changes: the glyph numbers, the 1-byte
codes, the PDF's ``/Widths`` and ``/ToUnicode`` stay those of the fixed subset, so the content
streams, the text a reader extracts and the layout are the same bytes; only the embedded
program is smaller. A glyph drawn by reference from another (a base letter and its marks)
keeps its parts, and the naming table keeps the font's names and licence (see
:data:`_KEPT_NAMES`). The fonts carry no hinting instructions (checked in the tests), so there
is none to drop.

Written here rather than taken from fontTools' subsetter: that one takes ~30 ms a call and
rebuilds every table, where this keeps the tables and costs ~0.1 ms (then zlib).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from itertools import accumulate

__all__ = ["Program"]

_ARGS_ARE_WORDS = 0x0001
_HAVE_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_HAVE_XY_SCALE = 0x0040
_HAVE_2X2 = 0x0080


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _components(glyph: bytes) -> list[int]:
    """The glyph numbers a composite glyph refers to (none for a simple or empty glyph)."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph)[0] >= 0:
        return []
    out: list[int] = []
    at = 10
    while True:
        flags, index = struct.unpack_from(">HH", glyph, at)
        out.append(index)
        at += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        if flags & _HAVE_SCALE:
            at += 2
        elif flags & _HAVE_XY_SCALE:
            at += 4
        elif flags & _HAVE_2X2:
            at += 8
        if not flags & _MORE_COMPONENTS:
            return out


class Program:
    """A TrueType font program (``glyf`` outlines), ready to be written with fewer glyphs."""

    def __init__(self, data: bytes) -> None:
        tag_count = struct.unpack_from(">H", data, 4)[0]
        self.tables: dict[str, bytes] = {}
        for i in range(tag_count):
            tag, _sum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            self.tables[tag.decode("latin-1")] = data[offset : offset + length]
        self.long_loca = struct.unpack_from(">h", self.tables["head"], 50)[0] == 1
        count = struct.unpack_from(">H", self.tables["maxp"], 4)[0]
        loca = self.tables["loca"]
        if self.long_loca:
            offsets = struct.unpack_from(f">{count + 1}I", loca)
        else:
            offsets = tuple(2 * v for v in struct.unpack_from(f">{count + 1}H", loca))
        glyf = self.tables["glyf"]
        self.glyphs = [glyf[offsets[i] : offsets[i + 1]] for i in range(count)]
        # A checksum adds 4-byte words: a glyph's share in its table's depends only on where
        # it starts modulo 4 (its pieces are 2-byte aligned), so each is worked out once.
        self.lengths = [len(g) for g in self.glyphs]
        self.sums = [(_checksum(g), _checksum(b"\0\0" + g)) for g in self.glyphs]
        if "name" in self.tables:
            self.tables["name"] = _names(self.tables["name"])
        self.sums_of = {tag: _checksum(body) for tag, body in self.tables.items()}
        direct = [_components(g) for g in self.glyphs]
        self.parts: list[frozenset[int]] = []  # each glyph with every glyph it draws
        for gid in range(count):
            seen = {gid}
            todo = list(direct[gid])
            while todo:
                part = todo.pop()
                if part not in seen and part < count:
                    seen.add(part)
                    todo.extend(direct[part])
            self.parts.append(frozenset(seen))

    def hinted(self) -> bool:
        """Whether the program carries TrueType instructions (tables or in any glyph)."""
        if {"fpgm", "prep", "cvt "} & self.tables.keys():
            return True
        for glyph in self.glyphs:
            if len(glyph) < 10:
                continue
            contours = struct.unpack_from(">h", glyph)[0]
            if contours >= 0:
                at = 10 + 2 * contours
                if struct.unpack_from(">H", glyph, at)[0]:
                    return True
        return False

    def glyphs_of(self, codes: Iterable[int]) -> list[int] | None:
        """The glyphs 1-byte ``codes`` draw through the program's (1,0) cmap (format 0 or 6,
        as reportlab writes its subsets); None without such a table."""
        cmap = self.tables.get("cmap", b"")
        count = struct.unpack_from(">H", cmap, 2)[0] if len(cmap) >= 4 else 0
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            if (platform, encoding) != (1, 0):
                continue
            kind = struct.unpack_from(">H", cmap, offset)[0]
            if kind == 0:
                table = cmap[offset + 6 : offset + 6 + 256]
                return [table[c] for c in codes if c < len(table)]
            if kind == 6:
                first, entries = struct.unpack_from(">HH", cmap, offset + 6)
                ids = struct.unpack_from(f">{entries}H", cmap, offset + 10)
                return [ids[c - first] for c in codes if first <= c < first + entries]
        return None

    def closure(self, gids: Iterable[int]) -> frozenset[int]:
        """``gids`` with .notdef and every glyph they are drawn with."""
        keep = {0}
        for gid in gids:
            if 0 <= gid < len(self.parts):
                keep |= self.parts[gid]
        return frozenset(keep)

    def subset(self, gids: Iterable[int], *, closed: bool = False) -> bytes:
        """The program with only the outlines of ``gids`` (and their parts, and .notdef;
        ``closed``: ``gids`` is what :meth:`closure` gave)."""
        keep = sorted(gids if closed else self.closure(gids))
        lengths = [0] * len(self.glyphs)
        for gid in keep:
            lengths[gid] = self.lengths[gid]
        offsets = [0, *accumulate(lengths)]
        glyf_sum = sum([self.sums[gid][offsets[gid] & 2 and 1] for gid in keep])
        tables = dict(self.tables)
        sums = dict(self.sums_of)
        tables["glyf"] = b"".join([self.glyphs[gid] for gid in keep])
        sums["glyf"] = glyf_sum & 0xFFFFFFFF
        if self.long_loca:
            tables["loca"] = struct.pack(f">{len(offsets)}I", *offsets)
        else:  # the original's pieces are 2-byte aligned, as short offsets need
            tables["loca"] = struct.pack(f">{len(offsets)}H", *[o >> 1 for o in offsets])
        head = bytearray(tables["head"])
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set below
        tables["head"] = bytes(head)
        sums["head"] = _checksum(tables["head"])
        sums["loca"] = _checksum(tables["loca"])
        return _assemble(tables, sums)


# Of the naming table, what names the font and its licence (copyright, family, style,
# unique and full names, PostScript name, trademark, licence URL); left out: the version
# string with its build options, the designer's and vendor's names and URLs, and the
# licence's 660-byte summary, which the URL points to (0.45 KB compressed a program).
_KEPT_NAMES = frozenset({0, 1, 2, 3, 4, 6, 7, 14})


def _names(table: bytes) -> bytes:
    """The ``name`` table with only the records of :data:`_KEPT_NAMES` (as it was if it is
    not the plain format 0)."""
    kind, count, storage = struct.unpack_from(">HHH", table)
    if kind != 0:
        return table
    records, strings = [], []
    at = 0
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(
            ">HHHHHH", table, 6 + 12 * i
        )
        if name_id not in _KEPT_NAMES:
            continue
        text = table[storage + offset : storage + offset + length]
        records.append(struct.pack(">HHHHHH", platform, encoding, language, name_id, length, at))
        strings.append(text)
        at += length
    head = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    return head + b"".join(records) + b"".join(strings)


def _assemble(tables: dict[str, bytes], sums: dict[str, int]) -> bytes:
    """A TrueType file of ``tables`` (sorted by tag, 4-byte aligned, checksums right)."""
    tags = sorted(tables)
    count = len(tags)
    power = 1
    while power * 2 <= count:
        power *= 2
    search = power * 16
    head = struct.pack(">IHHHH", 0x00010000, count, search, power.bit_length() - 1,
                       count * 16 - search)  # fmt: skip
    offset = 12 + 16 * count
    directory: list[bytes] = []
    bodies: list[bytes] = []
    head_at = 0
    for tag in tags:
        body = tables[tag]
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), sums[tag], offset,
                                     len(body)))  # fmt: skip
        if tag == "head":
            head_at = offset
        padded = body + b"\0" * (-len(body) % 4)
        bodies.append(padded)
        offset += len(padded)
    front = head + b"".join(directory)
    data = bytearray(front + b"".join(bodies))
    total = _checksum(front) + sum(sums[tag] for tag in tags)  # the padded tables' sums
    adjust = (0xB1B0AFBA - total) & 0xFFFFFFFF
    data[head_at + 8 : head_at + 12] = struct.pack(">I", adjust)
    return bytes(data)
