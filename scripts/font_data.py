"""Write ``dvc_cli/fonts/fixed-subsets.json``: what dvc would otherwise work out from the
bundled TTFs with reportlab in every process (each style's character set, and the fixed
1-byte subsets of render/pdf_text.py, serialised as PDF objects), so that ``dvc fill`` needs
neither reportlab's import (~70 ms) nor the fonts parsed (~20 ms). The file records the
TTFs' SHA-256: with other fonts, dvc ignores it and works everything out as before.

    python scripts/font_data.py           # rewrite the file
    python scripts/font_data.py --check   # the shipped file is what the TTFs give (tests)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dvc_cli import fonts  # noqa: E402
from dvc_cli.render import pdf_text  # noqa: E402

OUT = REPO / "dvc_cli" / "fonts" / fonts.BUNDLED_DATA


def generate() -> str:
    data = {
        "about": "made by scripts/font_data.py from the TTFs beside it; do not edit",
        "ttf_sha256": {
            style: hashlib.sha256(fonts.font_path(style).read_bytes()).hexdigest()
            for style in fonts.STYLES
        },
        "charsets": {style: fonts.charset_ranges(style) for style in fonts.STYLES},
        "styles": {style: pdf_text.font_data(style) for style in fonts.STYLES},
    }
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = generate()
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="ascii") != text:
            print(f"{OUT.relative_to(REPO)} is not what the fonts give: run scripts/font_data.py")
            return 1
        print(f"{OUT.relative_to(REPO)}: up to date")
        return 0
    OUT.write_text(text, encoding="ascii")
    print(f"wrote {OUT.relative_to(REPO)} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
