"""Words of the model's notes (:class:`model.notes.Note`: a code and its arguments; worded by
:mod:`text.notes`). Key ``model.<code>``; a key ``model.<code>.<argument>_sep`` joins an
argument that is a list (default ", "). The English is what the command line prints (its JSON
carries these sentences), so it changes only with the CLI's output; the Vietnamese is what the
pages and their downloads show."""

STRINGS: dict[str, tuple[str, str]] = {
    # -- what a scenario field allows (model.scenario.ScenarioError) ----------------------------
    "model.scenario.not_allowed": (
        "Scenario.{field} = {value!r} không hợp lệ: cần {allowed}",
        "Scenario.{field} = {value!r} is not allowed: {allowed}",
    ),
    "model.scenario.allowed.mapping": ("một bảng mã → số", "a mapping of id → number"),
    "model.scenario.allowed.once": ("mỗi mã chỉ một lần", "each id once"),
    "model.scenario.allowed.unit_id": ("một mã đơn vị (unit_id)", "a unit_id"),
    "model.scenario.allowed.frame_size": ("số đơn vị của một khung xếp hạng (số nguyên dương)", "a frame size (a positive whole number)"),
    "model.scenario.allowed.top_n": ("một số nguyên từ 1 đến số đơn vị của khung ({frame})", "a whole number from 1 to the frame size {frame}"),
    "model.scenario.allowed.year": ("một năm (số nguyên)", "a year (whole number)"),
    "model.scenario.allowed.choice": ("một trong các giá trị {choices}", "one of {choices}"),
    "model.scenario.allowed.int_range": ("một số nguyên từ {lo:g} đến {hi:g}", "a whole number from {lo:g} to {hi:g}"),
    "model.scenario.allowed.number_range": ("một số từ {lo:g} đến {hi:g}", "a number from {lo:g} to {hi:g}"),
    "model.scenario.allowed.frame_unit": ("một mã đơn vị của khung {frame} đơn vị", "a unit_id of the {frame}-unit frame"),
    "model.scenario.allowed.year_range": ("một năm từ {first} đến {last}", "a year from {first} to {last}"),
    "model.scenario.allowed.main_index": ("một chỉ số chính của năm {year}: {indices}", "a main index of {year}: {indices}"),
    "model.scenario.allowed.headroom": ("từ 0 đến {cap:g} (dư địa của {focus})", "from 0 to {cap:g} (the headroom of {focus})"),
    "model.scenario.allowed.target_id": ("một mã chỉ tiêu (target_id) của targets.csv", "a target_id of targets.csv"),
    # -- guards of the status methods (model.status) -----------------------------------------------
    "model.status.zero_base": (
        "giá trị gốc bằng 0: được thay bằng {guard} trong công thức tốc độ tăng trưởng",
        "base value is 0: replaced by {guard} in the growth-rate formula",
    ),
    "model.status.zero_target": (
        "mục tiêu bằng 0: được thay bằng {guard} trong công thức tốc độ tăng trưởng",
        "target is 0: replaced by {guard} in the growth-rate formula",
    ),
    "model.status.fewer_than_two_points": ("chưa đủ hai điểm số liệu", "fewer than two points"),
    "model.status.negative_values": (
        "có giá trị âm: các phương pháp dựa trên tốc độ tăng trưởng cần giá trị ≥ 0",
        "negative values: growth-rate methods need values ≥ 0",
    ),
    "model.status.target_year_not_after_base": ("năm mục tiêu không sau năm gốc", "target year not after the base year"),
    # -- the rank model of the PCI goal (model.status.rank_target_probability) ---------------------
    "model.rank.fitted": (
        "ước lượng trên {n} lần đổi hạng giữa hai năm liền nhau ({first}–{last})",
        "fitted on {n} year-to-year rank changes ({first}–{last})",
    ),
    "model.rank.persistence": ("hệ số duy trì φ = {phi:.2f}; hạng dài hạn ≈ {mean_rank:.0f}", "persistence φ = {phi:.2f}; long-run rank ≈ {mean_rank:.0f}"),
    "model.rank.random_walk": ("hệ số duy trì φ = {phi:.2f} (bước đi ngẫu nhiên)", "persistence φ = {phi:.2f} (random walk)"),
    "model.rank.forced": (
        "{share:.0%} số lượt mô phỏng không thỏa được một ràng buộc khi lấy mẫu lại nên được đặt bằng ràng buộc đó",
        "{share:.0%} of draws could not meet a bound by resampling and were clipped to it",
    ),
    "model.rank.conditioned": ("có điều kiện theo {bounds}", "conditioned on {bounds}"),
    "model.rank.bound": ("{year}: hạng {lo}–{hi}", "{year}: rank {lo}–{hi}"),
    "model.rank.too_few_transitions": (
        "cần ít nhất {need} lần đổi hạng giữa hai năm liền nhau, mới có {n}",
        "need at least {need} year-to-year transitions, got {n}",
    ),
    # -- how a target's figures were read (column ``method`` of the target table) -------------------
    "model.target_method.linear": ("tuyến tính", "linear"),
    "model.target_method.loglinear": ("tăng trưởng kép (log-tuyến tính)", "loglinear"),
    "model.target_method.logit": ("logit (tỷ lệ giữ trong 0–100 %)", "logit"),
    "model.target_method.dti_main_index": ("chỉ số chính DTI mới nhất", "latest DTI main index"),
    "model.target_method.dti_published_rank": ("thứ hạng DTI đã công bố", "published DTI rank"),
    "model.target_method.dti_rank_simulation": ("mô phỏng thứ hạng DTI (truyền vào)", "DTI rank simulation (passed in)"),
    "model.target_method.rank_ar1": (
        "mô hình AR(1) trên thứ hạng, lấy mẫu lại (bootstrap) các cặp năm và phần dư, phản xạ tại 1 và n_units",
        "AR(1) on ranks, bootstrap of pairs and residuals, reflected at 1 and n_units",
    ),
    # -- the rule a target's status comes from (column ``status_method``) ---------------------------
    "model.status_method.statcan": (
        "Thống kê Canada / Open SDG: R = d·CAGR_a/|CAGR_r|; đúng tiến độ khi R ≥ 0,95, cần tăng tốc 0,60–0,95, tiến triển hạn chế 0–0,60, đi xuống < 0",
        "Statistics Canada / Open SDG: R = d·CAGR_a/|CAGR_r|; on track R ≥ 0.95, acceleration needed 0.60–0.95, limited progress 0–0.60, deterioration < 0",
    ),
    "model.status_method.un2023": (
        "Biểu đồ tiến độ SDG của Liên hợp quốc 2023 (giá trị kỳ vọng): P ≥ 0,95 đúng tiến độ, 0,10–0,95 cần tăng tốc, < 0,10 trì trệ hoặc đi lùi",
        "UN SDG Progress Chart 2023 (expected value): P ≥ 0.95 on track, 0.10–0.95 acceleration needed, < 0.10 stagnation or regression",
    ),
    "model.status_method.un2022": (
        "Biểu đồ tiến độ SDG của Liên hợp quốc 2022 (tỷ số tốc độ): CR ≥ 0,95 đúng tiến độ, 0,50–0,95 cần tăng tốc, −0,10–0,50 hạn chế, < −0,10 đi xuống",
        "UN SDG Progress Chart 2022 (ratio of rates): CR ≥ 0.95 on track, 0.50–0.95 acceleration needed, −0.10–0.50 limited, < −0.10 deterioration",
    ),
    "model.status_method.no_series": (
        "không có chuỗi số liệu của đơn vị lập kế hoạch: chưa có gì để đánh giá (chuỗi số liệu cả nước, nếu có, chỉ để tham chiếu)",
        "no series of the plan's unit: nothing to assess (national series, if any, shown for reference only)",
    ),
    "model.status_method.group": (
        "đánh giá: \"nhóm khá\" được hiểu là 1/3 số đơn vị dẫn đầu về chỉ số chính {index} trong năm DTI mới nhất",
        "judgement: 'good group' read as the top third of units on the {index} main index in the latest DTI year",
    ),
    "model.status_method.latest_rank": (
        "so thứ hạng công bố mới nhất với mục tiêu (không có mô phỏng truyền vào)",
        "latest published rank against the target (no simulation passed in)",
    ),
    "model.status_method.probability_dti": (
        "xác suất đạt hạng ≤ {target:g} năm {year} theo mô phỏng thứ hạng DTI: ≥ 0,80 đúng tiến độ, 0,50–0,80 cần tăng tốc, < 0,50 tiến triển hạn chế",
        "probability of rank ≤ {target:g} in {year} from the DTI rank simulation: ≥ 0.80 on track, 0.50–0.80 acceleration needed, < 0.50 limited progress",
    ),
    "model.status_method.probability_pci": (
        "xác suất đạt hạng PCI ≤ {target:g} năm {year} ({method}; {draws} lượt mô phỏng): ≥ 0,80 đúng tiến độ, 0,50–0,80 cần tăng tốc, < 0,50 tiến triển hạn chế",
        "probability of PCI rank ≤ {target:g} in {year} ({method}; {draws} draws): ≥ 0.80 on track, 0.50–0.80 acceleration needed, < 0.50 limited progress",
    ),
    "model.status_method.judged": ("so số liệu của năm mục tiêu với mục tiêu", "observed value in the target year against the target"),
    "model.status_method.judged_universal": (
        "so số liệu của năm mục tiêu với mục tiêu (chỉ tiêu phổ cập: coi là đạt khi cách 100 % không quá {tolerance:g} điểm)",
        "observed value in the target year against the target (universal target: met within {tolerance:g} point of 100 %)",
    ),
    "model.status_method.judged_dti": (
        "so thứ hạng DTI công bố năm {year} ({universe} đơn vị) với mục tiêu",
        "published DTI rank of {year} ({universe} units) against the target",
    ),
    "model.status_method.judged_pci": ("so thứ hạng PCI của năm mục tiêu với mục tiêu", "PCI rank of the target year against the target"),
    # -- a target's notes and evidence (columns ``note`` and ``evidence``) ---------------------------
    "model.target.data_note": ("{text}", "{text}"),  # the note of targets.csv, as written there
    "model.target.no_plan_unit_figure": (
        "chưa có số liệu công bố của đơn vị lập kế hoạch; các sở, ngành có thể nhập số liệu của mình",
        "no published figure of the plan's unit; planners can enter their own",
    ),
    "model.target.one_point": ("chỉ có một điểm số liệu: không có xu hướng, không dự báo", "one point only: no trend, no projection"),
    "model.target.wide_projection": ("dự báo trên {n} điểm số liệu: khoảng rộng", "projection on {n} points: wide interval"),
    "model.target.year_not_met": ("đã đến năm mục tiêu {year} mà chưa đạt mục tiêu", "target year {year} reached without meeting the target"),
    "model.target.within_tolerance": (
        "năm mục tiêu {year}: {value:g} cách 100 % không quá {tolerance:g} điểm (chỉ tiêu phổ cập)",
        "target year {year}: {value:g} is within {tolerance:g} point of 100 % (universal target)",
    ),
    "model.target.latest_by_user": ("số liệu mới nhất do người dùng nhập", "latest figure entered by user"),
    "model.target.no_index_value": ("không có giá trị chỉ số {index} của {unit}", "no {unit} value of the {index} index"),
    "model.target.group_evidence": (
        "DTI {year} ({universe} đơn vị): chỉ số {index} {value:.4f}, hạng {rank}/{n}; nhóm 1/3 dẫn đầu = hạng ≤ {cut}",
        "DTI {year} ({universe} units): {index} index {value:.4f}, rank {rank} of {n}; top third = rank ≤ {cut}",
    ),
    "model.target.group_evidence_tied": (
        "DTI {year} ({universe} đơn vị): chỉ số {index} {value:.4f}, đồng hạng {rank}/{n} (cùng {ties} đơn vị khác); nhóm 1/3 dẫn đầu = hạng ≤ {cut}",
        "DTI {year} ({universe} units): {index} index {value:.4f}, joint rank {rank} of {n} (tied with {ties} others); top third = rank ≤ {cut}",
    ),
    "model.target.dti_evidence": ("DTI {year}: {ranks}", "DTI {year}: {ranks}"),
    "model.target.dti_evidence.ranks_sep": (" và ", " and "),
    "model.target.rank_of": ("hạng {rank}/{n}", "rank {rank} of {n}"),
    "model.target.needs_dti_simulation": ("cần mô phỏng thứ hạng DTI để có trạng thái", "needs the DTI rank simulation for a status"),
    "model.target.met_latest_holding": (
        "đạt theo số liệu mới nhất ({year}); trạng thái xét khả năng giữ được đến năm mục tiêu",
        "met on the latest figures ({year}); status is about holding it to the target year",
    ),
    "model.target.pci_outside_top": (
        "PCI {year}: không thuộc nhóm {top} tỉnh được công bố (hạng > {top})",
        "PCI {year}: not in the published top {top} (rank > {top})",
    ),
    "model.target.pci_frame_caveat": (
        "PCI 2025 có thể chỉ xếp hạng 34 đơn vị thay vì {n}; thứ hạng ở đây là trên {n} tỉnh",
        "PCI 2025 may rank 34 units instead of {n}; ranks here are of {n}",
    ),
    "model.target.pci_evidence": ("hạng PCI {rank}/{n} năm {year}", "PCI rank {rank} of {n} in {year}"),
    "model.target.pci_evidence_outside": (
        "hạng PCI {rank}/{n} năm {year}; năm {years}: ngoài nhóm {top} tỉnh được công bố",
        "PCI rank {rank} of {n} in {year}; {years}: outside the published top {top}",
    ),
    "model.target.district_abolished": (
        "cấp huyện đã kết thúc hoạt động từ 1/7/2025: không còn đơn vị để đo sau thời điểm này",
        "the district level was abolished on 1/7/2025: no unit left to measure after that date",
    ),
    "model.target.stale": (
        "số liệu mới nhất từ năm {year}, cũ hơn {n} năm so với năm {reference}",
        "latest figure from {year}, more than {n} years before {reference}",
    ),
    # -- the forecast methods of the model spread (model.spread) -----------------------------------
    "model.spread_method.units": (
        "mặc định: lấy mẫu lại các tỉnh (bootstrap), ρ và σ gộp qua các lần chuyển năm đã quan sát",
        "default: provinces bootstrapped, ρ and σ pooled over the observed transitions",
    ),
    "model.spread_method.transitions": (
        "bất định giữa các năm: mỗi năm mô phỏng lấy trọn một lần chuyển năm đã quan sát (ρ, σ, xu hướng chung)",
        "transition uncertainty: each simulated year takes one observed transition whole (ρ, σ, drift)",
    ),
    "model.spread_method.transition": (
        "ρ, σ và xu hướng chung riêng của một lần chuyển năm đã quan sát, dùng cho mọi năm ({years})",
        "one observed transition's own ρ, σ and drift in every year ({years})",
    ),
    "model.spread_method.random_walk": (
        "bước đi ngẫu nhiên: ρ = 1 (không có bắt kịp), σ của các thay đổi độ lệch đã quan sát",
        "random walk: ρ = 1 (no catch-up), σ of the observed deviation changes",
    ),
    "model.spread_method.bounded": (
        "chỉ số chính trong [0, 1]: chỉ số đã đạt 1,0 chỉ có thể giảm; điểm tổng hợp tính lại theo trọng số",
        "main indices on [0, 1]: an index at 1.0 can only fall; composite recomposed with the weights",
    ),
    "model.spread_method.rank_moves": (
        "giữ nguyên hạng cộng các bước đổi hạng đã quan sát của khung",
        "persistence with observed rank moves of the frame",
    ),
    "model.spread_method.rank_ar1": ("mô hình AR(1) ước lượng trên thứ hạng của khung", "rank AR(1) estimated on the frame's ranks"),
    # -- why a method does not apply (model.uncertainty.NotApplicable) -----------------------------
    "model.na.bounded_indices": (
        "phương pháp chỉ số chính bị chặn cần chỉ số chính năm gốc của mọi đơn vị: chỉ {known}/{n} đơn vị có",
        "bounded main indices need every unit's main indices in the base year: {known} of {n} units have them",
    ),
    "model.na.backtest_origin": (
        "khung {frame} đơn vị, dự báo năm {year} từ năm {from_year}: {reason}",
        "{frame}-unit frame, forecast of {year} from {from_year}: {reason}",
    ),
    "model.na.origins": ("{reasons}", "{reasons}"),
    "model.na.origins.reasons_sep": ("; ", "; "),
    # -- the rule that chooses a forecast method (model.uncertainty.choose_method) -----------------
    "model.choice_rule": (
        "Brier gộp thấp nhất của P(Top N) trong các phương pháp theo điểm số có độ phủ của khoảng 80 % nằm trong {low:g}-{high:g} %, chỉ khi tốt hơn phương pháp mặc định quá {k:g} sai số chuẩn của chênh lệch theo cặp",
        "lowest pooled Brier of P(Top N) among score methods with 80 % coverage in {low:g}-{high:g} %, only if better than the default by more than {k:g} standard errors of the paired difference",
    ),
    # -- the weight stress test (model.weights) ------------------------------------------------------
    "model.weights.stress": (
        "kiểm tra độ nhạy (stress test): trọng số chỉ số chính được nhiễu ngẫu nhiên rồi chuẩn hóa lại, và một số bộ trọng số có tên; không phải khung DTI 2025 (trọng số của khung này chưa được công bố)",
        "stress test: main-index weights perturbed and renormalised, and named alternative weights; not the DTI 2025 framework (its weights are not published)",
    ),
    "model.weights.not_published": (
        "chỉ số chính năm {year} chỉ được công bố cho {known}/{n} đơn vị của khung này",
        "main indices of {year} are published for {known} of {n} units of this frame",
    ),
    "model.weights.methodology_year": ("trọng số DTI năm {first} (dti_weights.csv)", "the DTI {first} weights (dti_weights.csv)"),
    "model.weights.methodology_years": ("trọng số DTI các năm {first}–{last} (dti_weights.csv)", "the DTI {first}–{last} weights (dti_weights.csv)"),
    "model.weights.equal": ("trọng số bằng nhau, mỗi chỉ số 1/{k}", "equal weights, 1/{k} each"),
    "model.weights.activity_only": (
        "chỉ các chỉ số hoạt động (Hoạt động …), trọng số năm gốc chuẩn hóa lại",
        "activity indices only (Hoạt động …), base-year weights renormalised",
    ),
}
