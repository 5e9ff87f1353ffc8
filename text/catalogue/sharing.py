"""Strings of sharing: presets, the link, the scenario file, A/B/C comparison, presenter view."""

STRINGS: dict[str, tuple[str, str]] = {
    "sharing.nav.compare": ("So sánh kịch bản", "Compare scenarios"),
    "sharing.nav.presenter": ("Trình chiếu", "Presenter view"),
    # -- presets -------------------------------------------------------------------------
    "sharing.presets.title": ("Kịch bản có sẵn", "Preset scenarios"),
    "sharing.preset.baseline.name": ("Cơ sở", "Baseline"),
    "sharing.preset.plan.name": ("Kế hoạch", "Plan"),
    "sharing.preset.accelerated.name": ("Tăng tốc", "Accelerated"),
    "sharing.preset.stalled.name": ("Chững lại", "Stalled"),
    "sharing.preset.baseline.rule": (
        "Xu hướng hiện tại: mọi giả định ở mức mặc định, không có đòn bẩy hay nỗ lực thêm (dùng để đặt lại).",
        "Current trend: every assumption at its default, no lever and no extra push (use it to reset).",
    ),
    "sharing.preset.plan.rule": (
        "Mỗi chỉ tiêu có ít nhất hai số liệu của tỉnh được đẩy thêm vừa đủ, từ năm {start}, để đạt mục tiêu đúng năm ({pushed} chỉ tiêu được đẩy, {unreachable} không thể đạt trong mô hình); các chỉ số chính DTI chỉ thay đổi qua liên kết chỉ tiêu → chỉ số chính.",
        "Each target with at least two provincial figures gets just enough extra push, from {start}, to be met in its target year ({pushed} targets pushed, {unreachable} out of the model's reach); the DTI main indices move only through the indicator → main index mapping.",
    ),
    "sharing.preset.accelerated.rule": (
        "Xu hướng các chỉ tiêu kế hoạch nhanh gấp {trend} lần và {n_movable} chỉ số chính còn dư địa cùng tăng thêm {lever} điểm đến {end}: mức tăng đều nhỏ nhất để khả năng vào Top {goal_rank} năm {goal_year} đạt ít nhất {p}.",
        "Plan-indicator trends {trend} times as fast and the {n_movable} main indices with headroom each {lever} points higher by {end}: the smallest uniform gain giving at least a {p} chance of the Top {goal_rank} in {goal_year}.",
    ),
    "sharing.preset.accelerated.rule_full": (
        "Xu hướng các chỉ tiêu kế hoạch nhanh gấp {trend} lần và {n_movable} chỉ số chính tăng hết dư địa đến {end}, vì ngay cả như vậy khả năng vào Top {goal_rank} năm {goal_year} vẫn dưới {p}.",
        "Plan-indicator trends {trend} times as fast and the {n_movable} main indices raised to their full headroom by {end}, since even that gives less than a {p} chance of the Top {goal_rank} in {goal_year}.",
    ),
    "sharing.preset.stalled.rule": (
        "Các chỉ tiêu kế hoạch đứng yên từ năm bắt đầu nỗ lực, các tỉnh khác tiến bộ ở mức cao nhất của giả định (×{pace}), đơn vị không có đòn bẩy nào.",
        "Plan indicators flat from the push start year, the other units improving at the top of the assumption range (×{pace}), no lever of the unit.",
    ),
    "sharing.presets.active": ("Đang dùng: **{name}**. {rule}", "In use: **{name}**. {rule}"),
    "sharing.presets.custom": (
        "Kịch bản tự chọn (khác các kịch bản có sẵn). Khung, Top N, năm xem, số lượt mô phỏng được giữ nguyên khi chọn kịch bản có sẵn.",
        "Custom scenario (differs from every preset). Frame, Top N, year shown and simulation settings are kept when a preset is applied.",
    ),
    # -- share: link and scenario file -------------------------------------------------------
    "sharing.share.copy": ("Sao chép liên kết", "Copy link"),
    "sharing.share.title": ("Lưu và mở tệp kịch bản", "Save and open a scenario file"),
    "sharing.share.link": (
        "Đường liên kết đến đúng kịch bản này (nút sao chép ở góc phải ô):",
        "Link to exactly this scenario (copy button at the right of the box):",
    ),
    "sharing.share.link_note": (
        "Người mở liên kết thấy đúng các con số này. Số liệu tự nhập không nằm trong liên kết: hãy gửi kèm tệp kịch bản.",
        "Whoever opens the link sees exactly these figures. Figures you entered are not in the link: send the scenario file with it.",
    ),
    "sharing.file.download": ("Tải tệp kịch bản (JSON)", "Download the scenario file (JSON)"),
    "sharing.file.upload": ("Mở tệp kịch bản (JSON)", "Open a scenario file (JSON)"),
    "sharing.file.loaded": (
        "Đã mở tệp kịch bản: mọi thiết lập đã được khôi phục, kèm {n} số liệu tự nhập.",
        "Scenario file opened: every setting restored, with {n} entered figures.",
    ),
    "sharing.file.rejected": (
        "Không dùng tệp kịch bản này, không có gì bị thay đổi:",
        "This scenario file was not used; nothing was changed:",
    ),
    "sharing.file.problem": ("{location}: {message}", "{location}: {message}"),
    # -- A/B/C comparison ------------------------------------------------------------------
    "sharing.compare.title": ("So sánh kịch bản A/B/C", "Compare scenarios A/B/C"),
    "sharing.compare.name": ("Tên kịch bản để lưu (không bắt buộc)", "Name to save it under (optional)"),
    "sharing.compare.save": ("Lưu {slot}", "Save {slot}"),
    "sharing.compare.save_help": (
        "Lưu kịch bản đang xem vào ô {slot}; ô nằm trong đường liên kết.",
        "Save the scenario shown into slot {slot}; the slot is part of the link.",
    ),
    "sharing.compare.slot": ("Ô {slot}", "Slot {slot}"),
    "sharing.compare.slot_empty": ("{slot}: trống", "{slot}: empty"),
    "sharing.compare.slot_line": ("{slot}: {name}", "{slot}: {name}"),
    "sharing.compare.open": ("Mở trang so sánh", "Open the comparison"),
    "sharing.compare.page_title": ("So sánh kịch bản", "Compare scenarios"),
    "sharing.compare.lead": (
        "Kịch bản đang xem và các kịch bản đã lưu vào ô A, B, C, đặt cạnh nhau. Ba con số chính luôn tính cho mục tiêu của kế hoạch: Top {goal_rank} năm {goal_year}, mỗi kịch bản trong khung xếp hạng của nó.",
        "The scenario shown and those saved in slots A, B and C, side by side. The three big numbers are always for the plan's goal: the Top {goal_rank} in {goal_year}, each scenario in its own ranking frame.",
    ),
    "sharing.compare.current": ("Đang xem", "Shown now"),
    "sharing.compare.none_saved": (
        "Chưa lưu kịch bản nào. Ở thanh bên, mục «So sánh kịch bản A/B/C», bấm «Lưu A», «Lưu B» hoặc «Lưu C».",
        "No scenario saved yet. In the sidebar, section “Compare scenarios A/B/C”, click “Save A”, “Save B” or “Save C”.",
    ),
    "sharing.compare.bad_slot": (
        "Ô {slot} trong đường liên kết có giá trị không hợp lệ, đã dùng mặc định cho: {items}",
        "Slot {slot} in the link has invalid values; defaults used for: {items}",
    ),
    "sharing.compare.unreadable_slot": (
        "Ô {slot} trong đường liên kết không đọc được và bị bỏ qua.",
        "Slot {slot} in the link cannot be read and is left out.",
    ),
    "sharing.compare.settings": ("Thiết lập", "Settings"),
    "sharing.compare.settings_line": (
        "{unit} · khung {frame} · đòn bẩy {levers} · xu hướng chỉ tiêu ×{trend} · các tỉnh khác ×{pace} · {pushes} chỉ tiêu được đẩy",
        "{unit} · frame {frame} · levers {levers} · target trend ×{trend} · other units ×{pace} · {pushes} targets pushed",
    ),
    "sharing.compare.use": ("Dùng {slot}", "Use {slot}"),
    "sharing.compare.use_help": (
        "Đưa mọi thiết lập của ô {slot} vào các thanh trượt (kịch bản đang xem được thay thế).",
        "Put every setting of slot {slot} into the sliders (replaces the scenario shown).",
    ),
    "sharing.compare.clear": ("Xóa {slot}", "Clear {slot}"),
    "sharing.compare.chart_p": ("Khả năng vào Top {goal_rank}, theo năm", "Chance of the Top {goal_rank}, by year"),
    "sharing.compare.chart_p_y": ("Khả năng", "Chance"),
    "sharing.compare.indices": ("Chỉ số chính năm {end} (giá trị {base} + phần tăng thêm)", "Main indices by {end} ({base} value + extra gain)"),
    "sharing.compare.indices_x": ("Giá trị chỉ số (0–1)", "Index value (0–1)"),
    "sharing.compare.targets": ("Dự báo các chỉ tiêu có chuỗi số liệu của tỉnh", "Projections of the targets with a provincial series"),
    "sharing.compare.targets_none": (
        "Chưa có chỉ tiêu nào có từ hai số liệu của tỉnh trở lên để dự báo. Số liệu tự nhập ở trang Mục tiêu được tính vào đây.",
        "No target has two or more provincial figures to project yet. Figures entered on the Targets page count here.",
    ),
    "sharing.compare.col.target": ("Chỉ tiêu", "Target"),
    "sharing.compare.col.goal": ("Mục tiêu", "Goal"),
    "sharing.compare.col.year": ("Năm", "Year"),
    "sharing.compare.col.scenario": ("Kịch bản", "Scenario"),
    "sharing.compare.col.value": ("Dự báo", "Projection"),
    "sharing.compare.targets_note": (
        "Giá trị dự báo trung tâm của từng kịch bản trong năm mục tiêu (đã gồm nỗ lực thêm và hệ số xu hướng của kịch bản).",
        "Each scenario's central projection in the target year (with the scenario's pushes and trend multiplier).",
    ),
    # -- big numbers ----------------------------------------------------------------------
    "sharing.big.p": ("Khả năng vào Top {top} năm {year}", "Chance of the Top {top} in {year}"),
    "sharing.big.rank": ("Thứ hạng giữa năm {year}", "Median rank in {year}"),
    "sharing.big.targets": ("Chỉ tiêu {year} đạt/đúng tiến độ", "{year} targets met or on track"),
    "sharing.big.targets_value": ("{on}/{assessable}", "{on}/{assessable}"),
    "sharing.big.vs_base": ("cơ sở: {value}", "baseline: {value}"),
    "sharing.big.rank_of": ("trong {frame} đơn vị", "of {frame} units"),
    # -- presenter ------------------------------------------------------------------------
    "sharing.presenter.title": ("{unit}: Top {goal_rank} chỉ số DTI năm {goal_year}", "{unit}: DTI Top {goal_rank} in {goal_year}"),
    "sharing.presenter.subtitle": ("Khung {frame} đơn vị · {scenario}", "{frame}-unit frame · {scenario}"),
    "sharing.presenter.custom": ("kịch bản tự chọn", "custom scenario"),
    "sharing.presenter.chart": ("Khả năng vào Top {goal_rank}, theo năm", "Chance of the Top {goal_rank}, by year"),
    "sharing.presenter.chart_y": ("Khả năng", "Chance"),
    "sharing.presenter.levers": ("Đòn bẩy của đơn vị (tăng thêm đến {end})", "The unit's levers (extra gain by {end})"),
}
