"""Names printed on papers that the official table does not carry: abbreviations, and units
renamed or merged before the table's pre-2025 list was drawn up.

Keys are :func:`~dvc_cli.core.vn.admin_table.bare` names (no accents, no type word).
Checked 2026-12-01.
"""

from __future__ import annotations

#: Province names → ("new", current code) or ("old", code of the old province it became part
#: of, the name as printed then).
PROVINCES: dict[str, tuple[str, str] | tuple[str, str, str]] = {
    # Abbreviations used on forms and in spreadsheets.
    "hcm": ("new", "79"),
    "tphcm": ("new", "79"),
    "sai gon": ("new", "79"),
    "hn": ("new", "01"),
    "ha noi": ("new", "01"),
    "daklak": ("new", "66"),
    "dac lak": ("new", "66"),
    "dac lac": ("new", "66"),
    "dac nong": ("old", "67"),
    "kontum": ("old", "62"),
    "brvt": ("old", "77"),
    "br - vt": ("old", "77"),
    "ba ria vung tau": ("old", "77"),
    # Tỉnh Thừa Thiên Huế became Thành phố Huế, centrally run, on 01/01/2025
    # (Nghị quyết 175/2024/QH15): papers before then print the old name.
    "thua thien hue": ("old", "46", "Tỉnh Thừa Thiên Huế"),
    "thua thien - hue": ("old", "46", "Tỉnh Thừa Thiên Huế"),
    "hue": ("new", "46"),
    # Tỉnh Hà Tây merged into Hà Nội on 01/08/2008 (Nghị quyết 15/2008/QH12).
    "ha tay": ("old", "01", "Tỉnh Hà Tây"),
}

#: (old province code, old district name) → the districts that took it over before 2025.
DISTRICTS: dict[tuple[str, str], tuple[str, ...]] = {
    # Quận 2, Quận 9 and Quận Thủ Đức became Thành phố Thủ Đức on 01/01/2021
    # (Nghị quyết 1111/NQ-UBTVQH14).
    ("79", "2"): ("Thành phố Thủ Đức",),
    ("79", "9"): ("Thành phố Thủ Đức",),
    ("79", "thu duc"): ("Thành phố Thủ Đức",),
    # Thành phố Huế (of Tỉnh Thừa Thiên Huế) became Quận Thuận Hóa and Quận Phú Xuân on
    # 01/01/2025 (Nghị quyết 1314/NQ-UBTVQH15): "Phường Phú Hội, TP Huế, Thừa Thiên Huế".
    ("46", "hue"): ("Quận Thuận Hóa", "Quận Phú Xuân"),
}

#: (old province code, old district name, old commune name) → (the commune as printed, the
#: table's commune of that district that took it over before the table was drawn up).
COMMUNES: dict[tuple[str, str, str], tuple[str, str]] = {
    # Phường 6, 7 and 8 of Quận 3 became Phường Võ Thị Sáu on 01/01/2021
    # (Nghị quyết 1111/NQ-UBTVQH14).
    ("79", "3", "6"): ("Phường 6", "Phường Võ Thị Sáu"),
    ("79", "3", "7"): ("Phường 7", "Phường Võ Thị Sáu"),
    ("79", "3", "8"): ("Phường 8", "Phường Võ Thị Sáu"),
}
