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
        "Các dòng có `geography = vn` là chuỗi số liệu **quốc gia**, định nghĩa riêng, chỉ để tham chiếu; không dùng thay cho số liệu của Hà Tĩnh.",
        "Rows with `geography = vn` are **national** series with their own definitions, references only; never used as Hà Tĩnh's figures.",
    ),
}
