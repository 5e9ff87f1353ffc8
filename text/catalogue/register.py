"""Strings of the register page (Sổ đăng ký số liệu), the register labels elsewhere, the register's
errors (store.StoreError codes) and the header row of its CSV export."""

STRINGS: dict[str, tuple[str, str]] = {
    "register.nav": ("Sổ đăng ký số liệu", "Register of figures"),
    "register.title": ("Sổ đăng ký số liệu của các sở, ngành", "Register of the departments' figures"),
    "register.lead": (
        "Số liệu do các sở, ngành nhập một lần, dùng chung cho mọi phiên làm việc: ai nhập, khi nào, từ nguồn nào. "
        "Sửa số liệu thì thêm một phiên bản mới, phiên bản cũ vẫn được giữ. Ai có đường liên kết đều xem được; "
        "muốn ghi cần khóa biên tập của sở, ngành (do quản trị viên cấp).",
        "Figures entered once by the departments and used by every session: who entered them, when, from which "
        "source. A correction adds a new version; the old one is kept. Anyone with the link can read; writing "
        "needs the department's editor key (issued by the administrator).",
    ),
    "register.where": ("Cơ sở dữ liệu: {engine} ({where})", "Database: {engine} ({where})"),
    "register.engine.sqlite": ("tệp SQLite", "SQLite file"),
    "register.engine.postgresql": ("máy chủ PostgreSQL", "PostgreSQL server"),
    "register.session_mode": (
        "Chưa cấu hình cơ sở dữ liệu (HT_REGISTER_URL=session): số liệu nhập ở trang Mục tiêu chỉ giữ trong phiên này.",
        "No database is configured (HT_REGISTER_URL=session): figures entered on the Targets page stay in this session.",
    ),
    "register.unavailable": (
        "Không dùng được sổ đăng ký: {message} Ứng dụng vẫn chạy với số liệu có sẵn và số liệu nhập trong phiên này.",
        "The register cannot be used: {message} The app keeps working on the shipped data and this session's figures.",
    ),
    "register.current.title": ("Giá trị hiện hành", "Current values"),
    "register.current.empty": ("Sổ chưa có số liệu nào.", "The register holds no figures yet."),
    "register.col.indicator": ("Chỉ tiêu", "Indicator"),
    "register.col.id": ("Mã", "Id"),
    "register.col.year": ("Năm", "Year"),
    "register.col.value": ("Giá trị", "Value"),
    "register.col.unit": ("Đơn vị", "Unit"),
    "register.col.source": ("Nguồn / ghi chú", "Source / note"),
    "register.col.department": ("Đơn vị nhập", "Entered by"),
    "register.col.entered_at": ("Thời điểm (UTC)", "When (UTC)"),
    "register.col.status": ("Trạng thái", "Status"),
    "register.col.reviewed_by": ("Người kiểm duyệt", "Reviewed by"),
    "register.col.version": ("Phiên bản", "Version"),
    "register.col.versions": ("Số phiên bản", "Versions"),
    "register.status.entered": ("đã nhập", "entered"),
    "register.status.reviewed": ("đã kiểm duyệt", "reviewed"),
    "register.history.title": ("Lịch sử một số liệu", "History of a figure"),
    "register.history.pick": ("Số liệu", "Figure"),
    "register.log.title": ("Ai đã thay đổi gì (mới nhất trước)", "Who changed what (latest first)"),
    "register.export.title": ("Tải cả sổ (mọi phiên bản)", "Download the whole register (every version)"),
    "register.export.format": ("Định dạng", "Format"),
    "register.export.vi": ("Excel tiếng Việt (dấu ; và dấu phẩy thập phân)", "Vietnamese Excel (; and decimal comma)"),
    "register.export.en": ("CSV chuẩn (dấu , và dấu chấm thập phân)", "Standard CSV (, and decimal point)"),
    "register.export.button": ("Tải CSV", "Download CSV"),
    "register.write.title": ("Ghi vào sổ (cần khóa biên tập)", "Write to the register (editor key needed)"),
    "register.write.department": ("Sở, ban, ngành", "Department"),
    "register.write.key": ("Khóa biên tập", "Editor key"),
    "register.write.no_editors": (
        "Chưa có sở, ngành nào được cấp khóa. Quản trị viên chạy: `python -m model store add-editor \"Sở TT&TT\"`.",
        "No department has a key yet. The administrator runs: `python -m model store add-editor \"Sở TT&TT\"`.",
    ),
    "register.write.one": ("Nhập hoặc sửa một số liệu", "Enter or correct one figure"),
    "register.write.file": ("Nhập từ tệp (cả tệp hoặc không gì cả)", "Import a file (the whole file or nothing)"),
    "register.write.indicator": ("Mã chỉ tiêu", "Indicator id"),
    "register.write.year": ("Năm", "Year"),
    "register.write.value": ("Giá trị", "Value"),
    "register.write.note": ("Nguồn / ghi chú", "Source / note"),
    "register.write.submit": ("Ghi vào sổ", "Write to the register"),
    "register.write.upload": ("Tệp CSV hoặc .xlsx (theo mẫu ở trang Mục tiêu)", "CSV or .xlsx file (the template of the Targets page)"),
    "register.write.import": ("Nhập tệp vào sổ", "Import the file"),
    "register.write.no_file": ("Chưa chọn tệp.", "No file chosen."),
    "register.write.no_value": ("Chưa nhập giá trị.", "No value entered."),
    "register.write.done": (
        "Đã ghi {n} số liệu vào sổ, đơn vị nhập: {department}.",
        "{n} figures written to the register, entered by {department}.",
    ),
    "register.write.refused_rows": ("Các dòng bị từ chối:", "Rejected rows:"),
    "register.col.row": ("Dòng", "Line"),
    "register.col.column": ("Cột", "Column"),
    "register.col.reason": ("Lý do", "Reason"),
    "register.review.title": ("Kiểm duyệt (cần khóa kiểm duyệt)", "Review (reviewer key needed)"),
    "register.review.name": ("Người kiểm duyệt", "Reviewer"),
    "register.review.key": ("Khóa kiểm duyệt", "Reviewer key"),
    "register.review.pick": ("Số liệu cần đánh dấu đã kiểm duyệt", "Figures to mark reviewed"),
    "register.review.submit": ("Đánh dấu đã kiểm duyệt", "Mark reviewed"),
    "register.review.none": ("Chưa có người kiểm duyệt nào được cấp khóa.", "No reviewer has a key yet."),
    "register.review.done": ("Đã đánh dấu {n} số liệu đã kiểm duyệt.", "{n} figures marked reviewed."),
    "register.scenarios.title": ("Thư viện kịch bản", "Scenario library"),
    "register.scenarios.lead": (
        "Kịch bản đã lưu, mở bằng đường liên kết của nó (cùng các con số như lúc lưu).",
        "Saved scenarios, opened by their link (the same numbers as when saved).",
    ),
    "register.scenarios.empty": ("Chưa có kịch bản nào được lưu.", "No scenario has been saved yet."),
    "register.scenarios.col.name": ("Tên kịch bản", "Scenario"),
    "register.scenarios.col.saved_at": ("Lưu lúc (UTC)", "Saved (UTC)"),
    "register.scenarios.col.link": ("Mở", "Open"),
    "register.scenarios.open": ("mở kịch bản", "open scenario"),
    "register.scenarios.save": ("Lưu kịch bản đang xem", "Save the scenario shown"),
    "register.scenarios.name": ("Tên kịch bản", "Scenario name"),
    "register.scenarios.save_submit": ("Lưu kịch bản", "Save scenario"),
    "register.scenarios.saved": ("Đã lưu kịch bản '{name}'.", "Scenario '{name}' saved."),
    "register.scenarios.delete": ("Xóa một kịch bản (khóa của sở, ngành đã lưu)", "Delete a scenario (key of the department that saved it)"),
    "register.scenarios.pick": ("Kịch bản", "Scenario"),
    "register.scenarios.delete_submit": ("Xóa kịch bản", "Delete scenario"),
    "register.scenarios.deleted": ("Đã xóa kịch bản '{name}'.", "Scenario '{name}' deleted."),
    "register.label": ("📒 sổ đăng ký: {department}, {date}", "📒 register: {department}, {date}"),
    "register.targets.using": (
        "Dùng {n} số liệu từ sổ đăng ký (xem trang Sổ đăng ký số liệu); số liệu nhập trong phiên này được ưu tiên.",
        "Using {n} figures from the register (see the Register page); figures entered in this session take precedence.",
    ),
    # -- the register's errors (store.StoreError: code + values, worded by text/register.py) --
    "register.error.bad_secrets": ("Không đọc được {path}: {detail}.", "Cannot read {path}: {detail}."),
    "register.error.bad_url": (
        "Địa chỉ cơ sở dữ liệu '{url}' không hợp lệ: {why}. Ví dụ đúng: "
        "postgresql://nguoidung:matkhau@may-chu:5432/soso hoặc sqlite:////duong/dan/register.sqlite3.",
        "The database address '{url}' is not valid: {why}. Valid examples: "
        "postgresql://user:password@host:5432/register or sqlite:////path/to/register.sqlite3.",
    ),
    "register.error.bad_url.no_file_name": ("thiếu tên tệp", "the file name is missing"),
    "register.error.bad_url.bad_scheme": (
        "chỉ nhận postgresql://, sqlite:/// hoặc session",
        "only postgresql://, sqlite:/// or session are accepted",
    ),
    "register.error.bad_url.bad_port": ("cổng không hợp lệ ({detail})", "invalid port ({detail})"),
    "register.error.bad_url.no_host": ("thiếu tên máy chủ", "the host name is missing"),
    "register.error.bad_url.no_database": ("thiếu tên cơ sở dữ liệu", "the database name is missing"),
    "register.error.cannot_open": (
        "Không mở được tệp cơ sở dữ liệu {path}: {detail}.",
        "Cannot open the database file {path}: {detail}.",
    ),
    "register.error.unreachable": (
        "Không kết nối được máy chủ PostgreSQL ({detail}). Ứng dụng dùng số liệu có sẵn.",
        "Cannot reach the PostgreSQL server ({detail}). The app uses the shipped data.",
    ),
    "register.error.no_database": (
        "Chưa cấu hình cơ sở dữ liệu: số liệu chỉ giữ trong phiên làm việc này.",
        "No database is configured: figures stay in this session only.",
    ),
    "register.error.disk_full": (
        "Ổ đĩa của cơ sở dữ liệu đã đầy ({where}); không có gì được ghi. Báo quản trị viên.",
        "The database's disk is full ({where}); nothing was written. Tell the administrator.",
    ),
    "register.error.database_error": (
        "Lỗi cơ sở dữ liệu ({where}): {detail}. Không có gì được ghi.",
        "Database error ({where}): {detail}. Nothing was written.",
    ),
    "register.error.database_error.sqlite": (
        "Lỗi cơ sở dữ liệu SQLite ({where}): {detail}. Không có gì được ghi.",
        "SQLite database error ({where}): {detail}. Nothing was written.",
    ),
    # what was being done when the database failed: both words in both languages, as the
    # messages always said (an administrator may read either)
    "register.error.where.read": ("đọc/read", "đọc/read"),
    "register.error.where.write": ("ghi/write", "ghi/write"),
    "register.error.where.restore": ("khôi phục/restore", "khôi phục/restore"),
    "register.error.where.migrate": ("migrate", "migrate"),
    "register.error.bad_role": ("Vai trò phải là {roles}.", "The role must be one of {roles}."),
    "register.error.bad_name.department": (
        "Tên sở/ban/ngành phải có từ 1 đến {max} ký tự.",
        "The department name must have 1 to {max} characters.",
    ),
    "register.error.bad_name.scenario": (
        "Tên kịch bản phải có từ 1 đến {max} ký tự.",
        "The scenario name must have 1 to {max} characters.",
    ),
    "register.error.key_refused.editor": (
        "Khóa biên tập không đúng cho '{department}': không có gì được ghi.",
        "Wrong editor key for '{department}': nothing was written.",
    ),
    "register.error.key_refused.reviewer": (
        "Khóa kiểm duyệt không đúng cho '{department}': không có gì được ghi.",
        "Wrong reviewer key for '{department}': nothing was written.",
    ),
    "register.error.not_owner": (
        "Kịch bản '{name}' do {owner} lưu; khóa của {department} không xóa được.",
        "Scenario '{name}' was saved by {owner}; {department}'s key cannot delete it.",
    ),
    "register.error.no_scenario": ("Không có kịch bản số {scenario_id}.", "There is no scenario number {scenario_id}."),
    "register.error.no_figure": ("Không có số liệu số {figure_id}.", "There is no figure number {figure_id}."),
    "register.error.superseded": (
        "Số liệu {indicator_id} năm {year} đã được sửa sau bản số {figure_id}: không có gì được ghi.",
        "Figure {indicator_id} {year} was corrected after version {figure_id}: nothing was written.",
    ),
    "register.error.bad_dump": ("Tệp sao lưu không đúng định dạng.", "The backup file is not a register dump."),
    "register.error.bad_dump.row": (
        "Dòng sai số cột trong bảng {table}.",
        "A row of table {table} has the wrong number of columns.",
    ),
    "register.error.schema_mismatch": (
        "Bản sao lưu có lược đồ {backup}, cơ sở dữ liệu có {database}.",
        "The backup has schema {backup}, the database {database}.",
    ),
    "register.error.not_empty": (
        "Cơ sở dữ liệu đích đã có dữ liệu (bảng {table}); chỉ khôi phục vào sổ trống.",
        "The target database already holds data (table {table}); restore only into an empty register.",
    ),
    # an import refused as a whole ({what}: the file's name in quotes, or the entry table)
    "register.error.what.file": ("'{file_name}'", "'{file_name}'"),
    "register.error.what.table": ("bảng/table", "bảng/table"),
    "register.error.file_refused": (
        "Tệp {what} không được ghi vào sổ: {message}",
        "File {what} was not written to the register: {message}",
    ),
    "register.error.nothing_to_import": ("Không có số liệu nào để ghi.", "There are no figures to write."),
    "register.error.rows_rejected": (
        "{what} có {rows} dòng bị từ chối: không có dòng nào được ghi vào sổ (ghi cả tệp hoặc không ghi). "
        "Sửa các dòng dưới đây rồi tải lại.",
        "{what} has {rows} rejected rows: nothing was written to the register (the whole file or nothing). "
        "Fix the rows below and upload again.",
    ),
    # -- the CSV export's header row: Vietnamese Excel's, or the column ids (standard CSV) --
    "register.export.col.indicator_id": ("mã chỉ tiêu", "indicator_id"),
    "register.export.col.year": ("năm", "year"),
    "register.export.col.version": ("phiên bản", "version"),
    "register.export.col.value": ("giá trị", "value"),
    "register.export.col.unit": ("đơn vị", "unit"),
    "register.export.col.source_note": ("nguồn / ghi chú", "source_note"),
    "register.export.col.department": ("đơn vị nhập", "department"),
    "register.export.col.entered_at": ("thời điểm (UTC)", "entered_at"),
    "register.export.col.status": ("trạng thái", "status"),
    "register.export.col.reviewed_by": ("người kiểm duyệt", "reviewed_by"),
    "register.export.col.id": ("số bản ghi", "id"),
    # the origin label of `python -m model targets --store`'s JSON (one text for scripts that
    # match on it, whatever the language)
    "register.source_label": ("sổ đăng ký / register", "sổ đăng ký / register"),
}
