"""Picture the 新旧条文对照表 as LibreOffice prints it: the first page of
``outputs/pairs/adoption-reg/2019-2023/对照表.docx``, rendered to PDF by LibreOffice and to PNG
by poppler, as ``outputs/screenshots/adoption-reg-table-docx.png`` (shown in the README).

Run: ``.venv/bin/python bench/table_screenshot.py`` after ``make outputs``; needs soffice and
pdftoppm. Prints the page count and the picture's size.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "outputs" / "pairs" / "adoption-reg" / "2019-2023" / "对照表.docx"
TARGET = ROOT / "outputs" / "screenshots" / "adoption-reg-table-docx.png"


def main() -> int:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        print("needs LibreOffice (soffice) and poppler (pdftoppm)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "table.docx"
        shutil.copyfile(SOURCE, source)
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", folder, str(source)], check=True, capture_output=True, timeout=300)
        pdf = Path(folder) / "table.pdf"
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
        subprocess.run([pdftoppm, "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(Path(folder) / "page")], check=True, timeout=120)
        shutil.copyfile(Path(folder) / "page.png", TARGET)
    print(next((line for line in pages.splitlines() if line.startswith("Pages:")), "Pages: ?"),
          f"· {TARGET.relative_to(ROOT)} {TARGET.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
