"""Strings of the data & sources page."""

STRINGS: dict[str, tuple[str, str]] = {
    "data_page.title": ("Dữ liệu & nguồn", "Data & sources"),
    "data_page.lead": (
        "Mọi con số trong công cụ đến từ các bảng dưới đây. Mỗi bảng có hồ sơ nguồn gốc (nguồn, đơn vị công bố, ngày lấy, độ tin cậy, lưu ý) và mã kiểm tra SHA-256; ứng dụng kiểm tra mã này khi khởi động.",
        "Every figure in the tool comes from the tables below. Each has a provenance record (sources, publisher, retrieval date, confidence, caveats) and a SHA-256 checksum that the app verifies at start-up.",
    ),
    "data_page.rows": ("{rows} dòng", "{rows} rows"),
    "data_page.publisher": ("Đơn vị công bố", "Publisher"),
    "data_page.retrieved": ("Ngày lấy", "Retrieved"),
    "data_page.confidence": ("Độ tin cậy", "Confidence"),
    "data_page.sources": ("Nguồn", "Sources"),
    "data_page.caveats": ("Lưu ý", "Caveats"),
    "data_page.checksum": ("SHA-256", "SHA-256"),
    "data_page.download": ("Tải {file}", "Download {file}"),
    "data_page.national_note": (
        "Các dòng có `geography = vn` là chuỗi số liệu **quốc gia**, định nghĩa riêng, chỉ để tham chiếu; không dùng thay cho số liệu của {plan}.",
        "Rows with `geography = vn` are **national** series with their own definitions, references only; never used as {plan}'s figures.",
    ),
    "data_page.record_language": (
        "Mô tả, nguồn và lưu ý dưới đây được trích nguyên văn (tiếng Anh) từ hồ sơ nguồn gốc của mỗi bảng.",
        "Descriptions, sources and caveats below are quoted as written in each table's provenance record.",
    ),
    # Each table's title, with the years and counts read from the tables (ui.words.table_title):
    # the English one is the provenance record's own (a test keeps them equal).
    "data_page.table.dti_scores": (
        "Điểm và thứ hạng Chỉ số chuyển đổi số cấp tỉnh (DTI): {big_years} cho {big} tỉnh, thành phố; {small_years} cho {small} đơn vị sau sáp nhập",
        "Provincial DTI scores and ranks: {big_years} for the {big} provinces, {small_years} for the {small} post-merger units",
    ),
    "data_page.table.dti_components": (
        "Các chỉ số chính của DTI ({n_indices}) đã công bố: cả {small} đơn vị năm {full_years}; các dòng đầu và cuối bảng {partial_years}",
        "DTI main indices ({n_indices}) where published: all {small} units in {full_years}; top and bottom rows in {partial_years}",
    ),
    "data_page.table.dti_weights": (
        "Trọng số của {n_indices} chỉ số chính trong chỉ số DTI tổng hợp, theo năm áp dụng phương pháp",
        "Weights of the {n_indices} DTI main indices in the composite, by methodology year",
    ),
    "data_page.table.provinces_2025_merger": (
        "{n_provinces} tỉnh, thành phố và {n_units} đơn vị hành chính cấp tỉnh hình thành từ ngày 1/7/2025",
        "The {n_provinces} provinces and the {n_units} provincial units they form since 1 July 2025",
    ),
    "data_page.table.dti_history_partial": (
        "Điểm và thứ hạng DTI năm {history_years} đã công bố (một phần)",
        "The DTI {history_years} scores and ranks that were published (partial)",
    ),
    "data_page.table.hatinh_pci": (
        "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) của {plan}: điểm, thứ hạng trên {pci_units} và {pci_subs} chỉ số thành phần, {pci_years}",
        "{plan}'s Provincial Competitiveness Index (PCI): score, rank of {pci_units} and {pci_subs} sub-indices, {pci_years}",
    ),
    "data_page.table.indicators": (
        "Số liệu các chỉ tiêu của kế hoạch: của {plan} nếu tìm được, của cả nước làm chuỗi tham chiếu",
        "Observations of the plan's indicators: {plan} where found, Vietnam as reference series",
    ),
    "data_page.table.targets": (
        "Các chỉ tiêu của Kế hoạch chuyển đổi số tỉnh {plan} giai đoạn 2021–{first_target}, định hướng đến năm {last_target}",
        "Targets of {plan}'s digital-transformation plan 2021–{first_target}, vision {last_target}",
    ),
    "data_page.table.study": ("Thiết lập nghiên cứu: kế hoạch của đơn vị nào, mục tiêu xếp hạng nào", "The study set-up: whose plan, and which target is the headline ranking goal"),
}
