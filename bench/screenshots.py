"""Pictures of two reports for the README, after ``make outputs``:

* the 新旧条文对照表 as LibreOffice prints it — the first page of
  ``outputs/pairs/adoption-reg/2019-2023/对照表.docx``, rendered to PDF by LibreOffice and to PNG
  by poppler — as ``outputs/screenshots/adoption-reg-table-docx.png``;
* the version history of 人身损害赔偿解释 (three versions) as Chromium shows it, as
  ``outputs/screenshots/personal-injury-history.png``.

Run: ``.venv/bin/python bench/screenshots.py``; needs soffice, pdftoppm and chromium. Prints
what it wrote.
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
HISTORY = ROOT / "outputs" / "histories" / "personal-injury-interpretation" / "history.html"
HISTORY_SHOT = ROOT / "outputs" / "screenshots" / "personal-injury-history.png"


def main() -> int:
    soffice, pdftoppm, chromium = shutil.which("soffice"), shutil.which("pdftoppm"), shutil.which("chromium")
    if not soffice or not pdftoppm or not chromium:
        print("needs LibreOffice (soffice), poppler (pdftoppm) and chromium", file=sys.stderr)
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
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1300,1100", f"--screenshot={HISTORY_SHOT}", HISTORY.as_uri()],
                   check=True, capture_output=True, timeout=120)
    print(f"{HISTORY_SHOT.relative_to(ROOT)} {HISTORY_SHOT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
