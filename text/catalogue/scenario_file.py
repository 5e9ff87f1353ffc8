"""Messages about scenario files (model/scenario_file.py returns a code, a location and
arguments; :mod:`text.problems` renders them). Keys: ``scenario_file.<code>``; the names of the
expected JSON types are ``scenario_file.type.<kind>``. Rows of figures refused inside a
scenario file keep the wording of ``userdata.row.*``."""

STRINGS: dict[str, tuple[str, str]] = {
    "scenario_file.too_large": (
        'Tệp quá lớn ({size:,} byte); tối đa 2 MB.',
        'The file is too large ({size:,} bytes); at most 2 MB.',
    ),
    "scenario_file.empty_file": (
        'Tệp rỗng.',
        'The file is empty.',
    ),
    "scenario_file.not_utf8": (
        'Tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {where}).',
        'The file is not UTF-8 text (bad byte at position {where}).',
    ),
    "scenario_file.not_json": (
        # {detail}: the JSON parser's own words, after ": " in English, left out in Vietnamese
        'Tệp không phải JSON hợp lệ ({where}){detail}.',
        'The file is not valid JSON ({where}){detail}.',
    ),
    "scenario_file.too_deep": (
        'Tệp lồng nhau quá sâu (tối đa {max} cấp).',
        'The file is nested too deeply (at most {max} levels).',
    ),
    "scenario_file.not_an_object": (
        'Tệp phải là một đối tượng JSON {{...}}.',
        'The file must be a JSON object {{...}}.',
    ),
    "scenario_file.wrong_format": (
        "Đây không phải tệp kịch bản của ứng dụng này ('format' là {value}, cần '{expected}').",
        "This is not a scenario file of this app ('format' is {value}, expected '{expected}').",
    ),
    "scenario_file.wrong_version": (
        'Phiên bản tệp {value} không được hỗ trợ; ứng dụng này đọc phiên bản {expected}.',
        'File version {value} is not supported; this app reads version {expected}.',
    ),
    "scenario_file.missing_key": (
        '{location}: thiếu khóa bắt buộc.',
        '{location}: required key is missing.',
    ),
    "scenario_file.unknown_key": (
        '{location}: khóa không được nhận.',
        '{location}: unknown key.',
    ),
    "scenario_file.duplicate_key": (
        '{location}: khóa bị lặp.',
        '{location}: key appears more than once.',
    ),
    "scenario_file.bad_type": (
        '{location}: cần {expected}, nhưng có {value}.',
        '{location}: expected {expected}, got {value}.',
    ),
    "scenario_file.bad_value": (
        '{location}: giá trị {value} không hợp lệ.',
        '{location}: invalid value {value}.',
    ),
    "scenario_file.not_a_number": (
        "{location}: '{value}' không phải là số.",
        "{location}: '{value}' is not a number.",
    ),
    "scenario_file.out_of_range": (
        "{location}: '{value}' nằm ngoài khoảng cho phép.",
        "{location}: '{value}' is outside the allowed range.",
    ),
    "scenario_file.above_headroom": (
        "{location}: '{value}' vượt dư địa của đơn vị (chỉ số chính không vượt quá 1,0).",
        "{location}: '{value}' is above the unit's headroom (a main index never exceeds 1.0).",
    ),
    "scenario_file.not_a_choice": (
        "{location}: '{value}' không phải lựa chọn hợp lệ.",
        "{location}: '{value}' is not one of the allowed choices.",
    ),
    "scenario_file.too_long": (
        '{location}: giá trị quá dài.',
        '{location}: value is too long.',
    ),
    "scenario_file.too_many_rows": (
        '{location}: {n:,} dòng số liệu, vượt quá giới hạn {max:,} dòng.',
        '{location}: {n:,} figures, more than the {max:,} limit.',
    ),
    "scenario_file.too_many_problems": (
        'Còn nhiều lỗi khác; chỉ liệt kê {max} lỗi đầu.',
        'There are more problems; only the first {max} are listed.',
    ),
    "scenario_file.type.object": ('đối tượng {...}', 'an object {...}'),
    "scenario_file.type.list": ('danh sách [...]', 'a list [...]'),
    "scenario_file.type.text": ('chuỗi văn bản hoặc null', 'text or null'),
    "scenario_file.type.scalar": ('số, chuỗi hoặc null', 'a number, text or null'),
    "scenario_file.where.line": ("dòng {line}, cột {column}", "line {line}, column {column}"),
    "scenario_file.where.number_too_long": ("số quá dài", "number too long"),
}
