"""Write the upload corpus used by tests/test_userdata.py (run: python tests/corpus/uploads/make_corpus.py).

The files are committed; this script documents exactly how each one was made so that the bytes
(BOMs, encodings, separators, corrupt zips) are reproducible. Figures in the "good" files are
illustrative test data, not sourced observations.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

GOOD_VI_EXCEL = (
    "Mã chỉ tiêu;Năm;Giá trị;Ghi chú\r\n"
    "fiber_households;2023;79,4;ước tính của Sở KH&CN\r\n"
    "fiber_households;2024;82,4;\r\n"
    "mobile_4g_coverage;2024;98,6;\r\n"
    "online_dossier_rate;2024;55,5;dịch vụ công mức 3/4\r\n"
    "labour_productivity_growth;2024;6,2;\r\n"
)

GOOD_EN = (
    "Indicator_ID,Year,Value,Note\n"
    'epayment_accounts,2023,28.5,"survey, provincial"\n'
    "epayment_accounts,2024,33.1,\n"
    "records_online_commune,2024,55,\n"
)

BAD_ROWS = (
    "indicator_id,year,value,note\n"  # line 1
    "fiber_households,2022,74.5,ok\n"  # 2 good
    "unknown_thing,2023,10,\n"  # 3 unknown indicator
    "fiber_households,2023,abc,\n"  # 4 not numeric
    "smartphone_share,2023,130,\n"  # 5 share > 100
    "mobile_4g_coverage,2024,98.5,\n"  # 6 duplicate of 7
    "mobile_4g_coverage,2024,98.7,\n"  # 7 duplicate of 6
    "fiber_households,1990,50,\n"  # 8 year out of range
    "fiber_households,2024,82.4,ok\n"  # 9 good
)

HEADER_ONLY = "indicator_id,year,value,note\n"

UTF16_TAB = (  # what Excel's "Unicode Text" export writes: UTF-16 LE with BOM, tab separated
    "Mã chỉ tiêu\tNăm\tGiá trị\tGhi chú\r\n"
    "smartphone_share\t2024\t88,5\tSở Thông tin\r\n"
    "fiber_communes\t2024\t100\t\r\n"
)

CP1258 = (  # "CSV (Comma delimited)" saved by Vietnamese Windows Excel in the ANSI code page
    "Mã chỉ tiêu;Năm;Giá trị;Ghi chú\r\n"
    "videoconf_commune;2024;45,5;Hội nghị truyền hình cấp xã\r\n"
    "videoconf_commune;2023;30;\r\n"
)

FORMULA = (
    "indicator_id,year,value,note\n"
    'fiber_households,2023,79.4,"=HYPERLINK(""http://evil.example"",""click"")"\n'  # 2 note neutralised
    "fiber_households,2024,=1+1,\n"  # 3 formula in value: rejected
    "@SUM(A1),2024,5,\n"  # 4 formula in indicator id: rejected
)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # the combining marks Windows-1258 has


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text in Windows-1258, which stores tone marks as combining characters
    and only the vowel letters precomposed (â ă ê ô ơ ư đ): each letter is split into its
    base + vowel marks (composed) and its tone mark (combining)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def good_xlsx() -> bytes:
    """Vietnamese headers without diacritics, numbers as numbers, one formula cell whose cached
    value (42) is written into the sheet XML as Excel would."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "So lieu"
    ws.append(["ma chi tieu", "nam", "gia tri", "ghi chu"])
    ws.append(["records_online_province", 2023, 85.5, "báo cáo năm"])
    ws.append(["records_online_province", 2024, "=40+2", "công thức"])
    ws.append(["depts_shared_db_lgsp", 2024, 64, None])
    extra = wb.create_sheet("Ghi chu")
    extra.append(["this sheet is ignored"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode("utf-8")
                xml, n = re.subn(r"<f>40\+2</f>(<v\s*/>|<v></v>)?", "<f>40+2</f><v>42</v>", xml)
                assert n == 1, "formula cell not found"
                data = xml.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def formula_nocache_xlsx() -> bytes:
    """A formula with no cached result (as openpyxl and some tools save): row 2 is rejected."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["indicator_id", "year", "value", "note"])
    ws.append(["fiber_communes", 2024, "=SUM(90,5)", None])
    ws.append(["fiber_communes", 2023, 90, None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    files = {
        "good_vi_excel.csv": b"\xef\xbb\xbf" + GOOD_VI_EXCEL.encode("utf-8"),
        "good_en.csv": GOOD_EN.encode("utf-8"),
        "bad_rows.csv": BAD_ROWS.encode("utf-8"),
        "empty.csv": b"",
        "header_only.csv": HEADER_ONLY.encode("utf-8"),
        "utf16.csv": UTF16_TAB.encode("utf-16"),  # Python writes the BOM (LE on this platform)
        "cp1258.csv": to_cp1258(CP1258),
        "binary_renamed.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "formula.csv": FORMULA.encode("utf-8"),
        "good.xlsx": good_xlsx(),
        "formula_nocache.xlsx": formula_nocache_xlsx(),
    }
    files["corrupt.xlsx"] = files["good.xlsx"][:300]  # truncated zip
    for name, data in files.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
