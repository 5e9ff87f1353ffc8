"""Strings of the exports: download buttons, the briefing page and the briefing document."""

STRINGS: dict[str, tuple[str, str]] = {
    # -- download buttons under charts and tables ----------------------------------------
    "export.png": ("PNG", "PNG"),
    "export.svg": ("SVG", "SVG"),
    "export.csv": ("CSV", "CSV"),
    "export.png_help": ("Tải biểu đồ dạng ảnh PNG (dùng cho trình chiếu)", "Download the chart as a PNG image (for slides)"),
    "export.svg_help": ("Tải biểu đồ dạng SVG (ảnh véc-tơ, in sắc nét)", "Download the chart as SVG (vector, prints sharply)"),
    "export.csv_help": (
        "Tải bảng dạng CSV (UTF-8, mở được bằng Excel); các dòng đầu bắt đầu bằng # ghi thiết lập của kịch bản",
        "Download the table as CSV (UTF-8, opens in Excel); the first lines, starting with #, record the scenario's settings",
    ),
    "export.csv_title": ("DTI {unit} {goal_year}: {name}", "DTI {unit} {goal_year}: {name}"),
    # -- the briefing page ----------------------------------------------------------------
    "export.page.title": ("Báo cáo", "Briefing"),
    "export.page.heading": ("Báo cáo tóm tắt một trang: {unit}", "One-page briefing: {unit}"),
    "export.page.lead": (
        "Báo cáo một trang khổ A4 của kịch bản đang chọn: thiết lập, các con số chính, biểu đồ, danh sách mục tiêu và trạng thái, giả định, nguồn dữ liệu và đường liên kết. Tệp HTML mở được khi không có mạng; mở tệp và chọn In (Ctrl+P) để in hoặc lưu PDF.",
        "A one-page A4 briefing of the chosen scenario: settings, big numbers, charts, the targets and their statuses, assumptions, data sources and the link. The HTML file opens without a network; open it and choose Print (Ctrl+P) to print or save as PDF.",
    ),
    "export.page.download_html": ("Tải báo cáo (HTML, khổ A4)", "Download the briefing (HTML, A4)"),
    "export.page.download_summary": ("Tải tóm tắt mô phỏng (CSV)", "Download the simulation summary (CSV)"),
    "export.page.summary_title": ("Tóm tắt mô phỏng hạng DTI của {unit} theo năm (cơ sở và kịch bản)", "Simulated DTI rank of {unit} by year (baseline and scenario)"),
    "export.page.preview": ("Xem trước", "Preview"),
    "export.page.no_link": ("(chưa xác định được địa chỉ ứng dụng)", "(the app's address is not known)"),
    "export.file.briefing": ("bao-cao-dti-{unit}", "briefing-dti-{unit}"),
    "export.file.summary": ("tom-tat-mo-phong", "simulation-summary"),
    # -- the document ---------------------------------------------------------------------
    "export.doc.title": ("Chuyển đổi số {unit}: kịch bản đến {goal_year}", "{unit} digital transformation: scenarios to {goal_year}"),
    "export.doc.subtitle": (
        "Báo cáo tóm tắt kịch bản: Chỉ số chuyển đổi số cấp tỉnh (DTI) và các mục tiêu của kế hoạch",
        "Scenario briefing: provincial digital transformation index (DTI) and the plan's targets",
    ),
    "export.doc.generated": ("Ngày lập", "Generated"),
    "export.doc.big_numbers": ("Các con số chính", "Big numbers"),
    "export.doc.charts": ("Biểu đồ chính", "Main charts"),
    "export.doc.settings": ("Thiết lập kịch bản", "Scenario settings"),
    "export.doc.assumptions": ("Giả định", "Assumptions"),
    "export.doc.targets": ("Mục tiêu của kế hoạch và trạng thái", "The plan's targets and their status"),
    "export.doc.col.label": ("Mục tiêu", "Target"),
    "export.doc.col.target": ("Chỉ tiêu", "Goal"),
    "export.doc.col.latest": ("Số liệu mới nhất", "Latest figure"),
    "export.doc.col.status": ("Trạng thái", "Status"),
    "export.doc.sources": ("Nguồn dữ liệu", "Data sources"),
    "export.doc.sources_note": (
        "Mỗi tệp dữ liệu có hồ sơ nguồn gốc đầy đủ (cơ quan công bố, đường dẫn, độ tin cậy, mã kiểm tra SHA-256) ở trang “Dữ liệu & nguồn” của ứng dụng.",
        "Each data file has a full provenance record (publisher, addresses, confidence, SHA-256 checksum) on the app's “Data & sources” page.",
    ),
    "export.doc.retrieved": ("ngày lấy", "retrieved"),
    "export.doc.link": ("Mở kịch bản này trong ứng dụng", "Open this scenario in the app"),
    # -- big numbers ----------------------------------------------------------------------
    "export.big.on_track": ("Mục tiêu {year} đúng lộ trình", "{year} targets on track"),
    "export.big.vs_base": ("Cơ sở: {value}", "Baseline: {value}"),
    "export.big.band": ("Khoảng 10–90 %: {band}; cơ sở: {base}", "10–90% range: {band}; baseline: {base}"),
    # -- settings rows --------------------------------------------------------------------
    "export.setting.frame_value": ("{frame} đơn vị", "{frame} units"),
    "export.setting.top_n": ("Top N", "Top N"),
    "export.setting.lever": ("Đòn bẩy {name}", "Lever {name}"),
    "export.setting.pace": ("Tốc độ đơn vị khác", "Others' pace"),
    "export.setting.shock": ("Độ biến động", "Volatility"),
    "export.setting.persist": ("Độ bền vị trí", "Persistence"),
    "export.setting.times": ("× {value}", "× {value}"),
    "export.setting.draws": ("Số lần mô phỏng", "Draws"),
    "export.setting.seed": ("Hạt giống", "Seed"),
    "export.setting.method": ("Cách đánh giá trạng thái", "Status method"),
    "export.setting.push_start": ("Năm bắt đầu mức đẩy", "First year of pushes"),
    "export.setting.trend": ("Xu hướng chỉ tiêu", "Indicator trend"),
    "export.setting.pushes": ("Mục tiêu có mức đẩy riêng", "Targets with their own push"),
    "export.setting.strengths": ("Hệ số chuyển đổi chỉ tiêu → chỉ số đã sửa", "Edited indicator → index strengths"),
    "export.setting.user_obs": ("Số liệu do người dùng nhập", "Figures entered by the user"),
    "export.method.statcan": ("Thống kê Canada / Open SDG", "Statistics Canada / Open SDG"),
    "export.method.un2023": ("Biểu đồ tiến độ SDG của LHQ 2023", "UN SDG Progress Chart 2023"),
    # -- assumptions ----------------------------------------------------------------------
    "export.assume.frame": (
        "Xếp hạng trong khung {frame} đơn vị; mục tiêu Top {goal_rank} của kế hoạch ({plan}) được đặt khi còn {plan_frame} tỉnh.",
        "Ranks are among {frame} units; the plan's Top {goal_rank} goal ({plan}) was set when there were {plan_frame} provinces.",
    ),
    "export.assume.model": (
        "Điểm DTI mô phỏng Monte Carlo ({draws} lần, hạt giống {seed}), ước lượng trên bảng {est_frame} đơn vị {est_path}; cơ sở và kịch bản dùng chung số ngẫu nhiên.",
        "DTI scores simulated by Monte Carlo ({draws} draws, seed {seed}), estimated on the {est_frame}-unit panel {est_path}; baseline and scenario share the random numbers.",
    ),
    "export.assume.multipliers": (
        "Tốc độ của các đơn vị khác × {pace}; độ biến động × {shock}; độ bền vị trí × {persist} (1 = như ước lượng).",
        "Pace of the other units × {pace}; volatility × {shock}; persistence × {persist} (1 = as estimated).",
    ),
    "export.assume.levers": (
        "Đòn bẩy là mức tăng thêm của chỉ số chính đến {end}, ngoài xu hướng chung, tăng dần đều từ {start}; chỉ số không vượt quá 1,0.",
        "Levers are extra gains of a main index by {end} beyond the common trend, phased in linearly from {start}; an index never exceeds 1.0.",
    ),
    "export.assume.weights": (
        "Trọng số các chỉ số chính năm {base} được suy ra từ bảng điểm đã công bố (không có văn bản công bố trọng số).",
        "The {base} weights of the main indices are inferred from the published score table (no published text states them).",
    ),
    "export.assume.targets": (
        "Trạng thái mục tiêu theo phương pháp {method}; số liệu cả nước chỉ để tham chiếu, không thay cho số liệu của tỉnh.",
        "Target statuses by the {method} method; national figures are references only and never stand in for the province.",
    ),
    "export.assume.user_obs": (
        "Có {count} số liệu do người dùng nhập (✎ trong bảng), được ưu tiên hơn số liệu có sẵn cùng năm.",
        "{count} figures were entered by the user (✎ in the table); they take precedence over shipped figures of the same year.",
    ),
    # -- targets: goal and latest figure ---------------------------------------------------
    "export.target.rank": ("Top {n} ({year})", "Top {n} ({year})"),
    "export.target.value": ("{sym} {value} ({year})", "{sym} {value} ({year})"),
    "export.target.group.good": ("Nhóm khá ({year})", "Good group ({year})"),
    "export.latest.rank": ("Hạng {rank} ({year})", "Rank {rank} ({year})"),
    "export.latest.index": ("Chỉ số {value} ({year})", "Index {value} ({year})"),
    "export.latest.value": ("{value} ({year})", "{value} ({year})"),
}
