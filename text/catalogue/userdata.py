"""Messages about planners' figures files (model/userdata/ returns their codes and
arguments; :mod:`text.problems` renders them). Keys: ``userdata.row.<reason code>`` (a rejected
row, after its location), ``userdata.file.<code>`` (the file is refused) and
``userdata.notice.<code>`` (how the file was read)."""

STRINGS: dict[str, tuple[str, str]] = {
    "userdata.where.row": ("Dòng {row}", "Line {row}"),
    "userdata.where.row_column": ("Dòng {row}, cột {column}", "Line {row}, column {column}"),
    "userdata.located": ("{where}: {message}", "{where}: {message}"),
    # the upload template (ui.uploads.template_csv): English headers are the canonical names
    "userdata.template.header.indicator_id": ("mã chỉ tiêu", "indicator_id"),
    "userdata.template.header.year": ("năm", "year"),
    "userdata.template.header.value": ("giá trị", "value"),
    "userdata.template.header.note": ("ghi chú", "note"),
    "userdata.template.unit_note": ("đơn vị: {unit}", "unit: {unit}"),
    "userdata.row.missing_indicator": (
        'thiếu mã chỉ tiêu',
        'indicator id is missing',
    ),
    "userdata.row.unknown_indicator": (
        "mã chỉ tiêu '{value}' không có trong danh sách",
        "unknown indicator id '{value}'",
    ),
    "userdata.row.not_enterable": (
        "chỉ tiêu '{value}' được tính từ bảng xếp hạng chính thức, không nhập tay",
        "indicator '{value}' comes from the official ranking tables and cannot be entered",
    ),
    "userdata.row.missing_year": (
        'thiếu năm',
        'year is missing',
    ),
    "userdata.row.year_not_integer": (
        "năm '{value}' không phải số nguyên",
        "year '{value}' is not a whole number",
    ),
    "userdata.row.year_out_of_range": (
        'năm {value} nằm ngoài khoảng 2000–2035',
        'year {value} is outside 2000–2035',
    ),
    "userdata.row.district_abolished": (
        'cấp huyện đã bỏ từ 1/7/2025: không có số liệu sau năm 2025',
        'the district level was abolished on 1/7/2025: no figures after 2025',
    ),
    "userdata.row.missing_value": (
        'thiếu giá trị',
        'value is missing',
    ),
    "userdata.row.not_numeric": (
        "'{value}' không phải là số",
        "'{value}' is not a number",
    ),
    "userdata.row.not_finite": (
        "giá trị '{value}' không phải số hữu hạn (NaN, vô cực hoặc quá lớn)",
        "value '{value}' is not a finite number (NaN, inf or too large)",
    ),
    "userdata.row.ambiguous_number": (
        "không rõ '{value}' là số thập phân hay số có dấu phân cách hàng nghìn (tệp dùng cả dấu phẩy và dấu chấm thập phân); hãy viết số hàng nghìn không có dấu phân cách",
        "'{value}' could be a decimal or a number with a thousands separator (the file uses both a decimal comma and a decimal point); write thousands without a separator",
    ),
    "userdata.row.wrong_delimiter": (
        "dòng dùng dấu phân cách '{sep}' khác với tiêu đề ('{header_sep}')",
        "the row is separated by '{sep}', unlike the header ('{header_sep}')",
    ),
    "userdata.row.unclosed_quote": (
        'dấu ngoặc kép (") mở ở dòng này không được đóng đúng chỗ: các dòng {first}–{end} bị đọc thành một ô; hãy sửa dấu ngoặc kép',
        'a double quote (") opened on this line is not closed where it should be: lines {first}–{end} were read as one cell; fix the quotes',
    ),
    "userdata.row.excel_error": (
        "ô chứa lỗi Excel '{value}'",
        "cell holds an Excel error '{value}'",
    ),
    "userdata.row.formula": (
        "ô chứa công thức '{value}': hãy nhập trực tiếp giá trị",
        "cell holds a formula '{value}': type the value itself",
    ),
    "userdata.row.formula_no_value": (
        'ô chứa công thức nhưng tệp không lưu kết quả; hãy mở bằng Excel và lưu lại',
        'cell holds a formula with no saved result; open and save the file in Excel',
    ),
    "userdata.row.share_out_of_range": (
        'tỷ lệ {value} nằm ngoài khoảng 0–100',
        'share {value} is outside 0–100',
    ),
    "userdata.row.negative_value": (
        'giá trị {value} không được âm',
        'value {value} cannot be negative',
    ),
    "userdata.row.rank_out_of_range": (
        'thứ hạng {value} phải là số nguyên từ 1 đến 63',
        'rank {value} must be a whole number from 1 to 63',
    ),
    "userdata.row.duplicate": (
        'trùng chỉ tiêu và năm với dòng {other}',
        'same indicator and year as line {other}',
    ),
    "userdata.row.cell_too_long": (
        'ô dài quá 200 ký tự',
        'cell longer than 200 characters',
    ),
    "userdata.row.too_many_fields": (
        'dòng có nhiều ô hơn tiêu đề',
        'row has more cells than the header',
    ),
    "userdata.file.empty_file": (
        'Tệp rỗng.',
        'The file is empty.',
    ),
    "userdata.file.too_large": (
        'Tệp quá lớn ({size} byte); tối đa 2 MB.',
        'The file is too large ({size} bytes); at most 2 MB.',
    ),
    "userdata.file.unzipped_too_large": (
        'Tệp Excel giải nén ra quá lớn ({size} byte; tối đa 10 MB); hãy chép bảng số liệu sang một tệp mới.',
        'The Excel file unpacks to too much data ({size} bytes; at most 10 MB); copy the table into a new file.',
    ),
    "userdata.file.sheet_too_large": (
        'Trang tính đầu tiên có ô ở sau dòng 50.000; hãy chép bảng số liệu sang một tệp mới.',
        'The first sheet has cells below row 50,000; copy the table into a new file.',
    ),
    "userdata.file.wrong_delimiter": (
        "Các cột có vẻ được phân cách bằng '{sep}'; hãy dùng dấu phẩy, chấm phẩy hoặc tab (trong Excel: Lưu thành → CSV UTF-8).",
        "The columns seem to be separated by '{sep}'; use a comma, semicolon or tab (in Excel: Save as → CSV UTF-8).",
    ),
    "userdata.file.csv_unreadable": (
        'Không đọc được tệp CSV từ dòng {line}: một ô quá dài (có thể do dấu ngoặc kép " không được đóng).',
        'The CSV cannot be read from line {line} on: a cell is far too long (perhaps an unclosed double quote ").',
    ),
    "userdata.file.binary_file": (
        'Tệp không phải là bảng CSV hay Excel (.xlsx) (có vẻ là tệp nhị phân).',
        'The file is not a CSV or Excel (.xlsx) table (it looks binary).',
    ),
    "userdata.file.unknown_encoding": (
        "Không đọc được bảng mã của tệp; hãy lưu dưới dạng 'CSV UTF-8'.",
        "The file's text encoding is not recognised; save it as 'CSV UTF-8'.",
    ),
    "userdata.file.xls_not_supported": (
        'Tệp Excel cũ (.xls) không được hỗ trợ; hãy lưu thành .xlsx hoặc CSV UTF-8.',
        'Old Excel files (.xls) are not supported; save as .xlsx or CSV UTF-8.',
    ),
    "userdata.file.corrupt_xlsx": (
        'Tệp Excel bị hỏng hoặc không phải .xlsx hợp lệ.',
        'The Excel file is damaged or not a valid .xlsx workbook.',
    ),
    "userdata.file.no_header": (
        'Tệp không có dòng tiêu đề.',
        'The file has no header row.',
    ),
    "userdata.file.no_data_rows": (
        'Tệp chỉ có tiêu đề, không có dòng số liệu nào (cần năm và giá trị).',
        'The file has a header but no data rows (year and value are needed).',
    ),
    "userdata.file.missing_column": (
        'Thiếu cột bắt buộc: {columns}. Các cột cần có: mã chỉ tiêu, năm, giá trị (ghi chú tùy chọn).',
        'Missing required column(s): {columns}. Expected: indicator_id, year, value (note optional).',
    ),
    "userdata.file.unknown_column": (
        'Cột không được nhận: {columns}. Chỉ dùng: mã chỉ tiêu, năm, giá trị, ghi chú.',
        'Unrecognised column(s): {columns}. Use only: indicator_id, year, value, note.',
    ),
    "userdata.file.duplicate_column": (
        'Cột bị lặp: {columns}.',
        'Duplicated column(s): {columns}.',
    ),
    "userdata.file.too_many_rows": (
        'Tệp có ít nhất {n} dòng số liệu, vượt quá giới hạn 10.000 dòng.',
        'The file has at least {n} data rows, more than the 10,000-row limit.',
    ),
    "userdata.notice.decoded_cp1258": (
        'Tệp không ở dạng UTF-8; đã đọc theo bảng mã Windows-1258 (tiếng Việt). Hãy kiểm tra chữ có dấu.',
        'The file is not UTF-8; it was read as Windows-1258 (Vietnamese). Check accented text.',
    ),
    "userdata.notice.decoded_utf16": (
        'Tệp được đọc theo bảng mã UTF-16.',
        'The file was read as UTF-16.',
    ),
    "userdata.notice.formula_neutralised": (
        "Ghi chú bắt đầu bằng = + - @ đã được thêm dấu ' để không bị hiểu là công thức (dòng {lines}).",
        "Notes starting with = + - @ were prefixed with ' so they are not read as formulas (lines {lines}).",
    ),
    "userdata.notice.formula_values": (
        'Các ô công thức được đọc theo kết quả đã lưu (dòng {lines}).',
        'Formula cells were read as their saved results (lines {lines}).',
    ),
    "userdata.notice.blank_rows_skipped": (
        'Đã bỏ qua {n} dòng chưa điền năm và giá trị.',
        'Skipped {n} rows with neither year nor value filled in.',
    ),
    "userdata.notice.other_sheets_ignored": (
        "Chỉ đọc trang tính đầu tiên ('{sheet}').",
        "Only the first sheet ('{sheet}') was read.",
    ),
    "userdata.notice.mixed_decimal_marks": (
        'Tệp dùng cả dấu phẩy thập phân (dòng {comma}) và dấu chấm thập phân (dòng {dot}); mỗi ô được đọc theo dấu của chính nó. Hãy kiểm tra các số này.',
        'The file uses both a decimal comma (lines {comma}) and a decimal point (lines {dot}); each cell was read by its own mark. Check these figures.',
    ),
    "userdata.notice.columns_ignored": (
        'Chỉ đọc {n} cột đầu của trang tính.',
        'Only the first {n} columns of the sheet were read.',
    ),
    "userdata.notice.xlsx_named_csv": (
        'Tệp là bảng Excel (.xlsx) dù có đuôi khác; đã đọc như .xlsx.',
        'The file is an Excel workbook despite its name; it was read as .xlsx.',
    ),
}
