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
    # Each table's title: the English one is the provenance record's own (a test keeps them equal).
    "data_page.table.dti_scores": (
        "Điểm và thứ hạng Chỉ số chuyển đổi số cấp tỉnh (DTI): 2022–2024 cho 63 tỉnh, thành phố; 2024 cho 34 đơn vị sau sáp nhập",
        "Provincial DTI scores and ranks: 2022–2024 for the 63 provinces, 2024 for the 34 post-merger units",
    ),
    "data_page.table.dti_components": (
        "Các chỉ số chính của DTI (8) đã công bố: cả 34 đơn vị năm 2024; các dòng đầu và cuối bảng 2022–2023",
        "DTI main indices (8) where published: all 34 units in 2024; top and bottom rows in 2022–2023",
    ),
    "data_page.table.dti_weights": (
        "Trọng số của 8 chỉ số chính trong chỉ số DTI tổng hợp, theo năm áp dụng phương pháp",
        "Weights of the 8 DTI main indices in the composite, by methodology year",
    ),
    "data_page.table.provinces_2025_merger": (
        "63 tỉnh, thành phố và 34 đơn vị hành chính cấp tỉnh hình thành từ ngày 1/7/2025",
        "The 63 provinces and the 34 provincial units they form since 1 July 2025",
    ),
    "data_page.table.dti_history_partial": (
        "Điểm và thứ hạng DTI năm 2020 và 2021 đã công bố (một phần)",
        "The DTI 2020 and 2021 scores and ranks that were published (partial)",
    ),
    "data_page.table.hatinh_pci": (
        "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) của Hà Tĩnh: điểm, thứ hạng trên 63 và 10 chỉ số thành phần, 2006–2024",
        "Hà Tĩnh's Provincial Competitiveness Index (PCI): score, rank of 63 and 10 sub-indices, 2006–2024",
    ),
    "data_page.table.indicators": (
        "Số liệu các chỉ tiêu của kế hoạch: của Hà Tĩnh nếu tìm được, của cả nước làm chuỗi tham chiếu",
        "Observations of the plan's indicators: Hà Tĩnh where found, Vietnam as reference series",
    ),
    "data_page.table.targets": (
        "Các chỉ tiêu của Kế hoạch chuyển đổi số tỉnh Hà Tĩnh giai đoạn 2021–2025, định hướng đến năm 2030",
        "Targets of Hà Tĩnh's digital-transformation plan 2021–2025, vision 2030",
    ),
    "data_page.table.study": ("Thiết lập nghiên cứu: kế hoạch của đơn vị nào, mục tiêu xếp hạng nào", "The study set-up: whose plan, and which target is the headline ranking goal"),
}
