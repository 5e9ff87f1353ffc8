"""Strings of the method page."""

STRINGS: dict[str, tuple[str, str]] = {
    "method.title": ("Phương pháp và kiểm chứng", "Method and validation"),
    "method.model.title": ("Mô hình dự báo thứ hạng", "The rank forecast model"),
    "method.model.body": (
        """Công cụ không dự báo một thứ hạng duy nhất mà mô phỏng hàng nghìn khả năng:

1. **Dữ liệu**: điểm DTI công bố của {est_frame} đơn vị các năm {est_path} (dti.gov.vn). Điểm được đưa về thang logit để luôn nằm trong (0, 1).
2. **Mỗi năm**, điểm của mỗi tỉnh = **xu hướng chung** (mức tăng trung bình của cả nước) + **độ lệch riêng** của tỉnh. Độ lệch riêng giữ lại một phần (độ bền ρ; ρ < 1 nghĩa là các tỉnh đi sau bắt kịp) cộng một cú sốc ngẫu nhiên (độ biến động σ).
3. **Độ bất định của tham số**: chỉ có {n_transitions} lần chuyển năm, nên ρ, σ và xu hướng được ước lượng lại trên {n_boot} mẫu bootstrap (lấy lại ngẫu nhiên các tỉnh); mỗi năm mô phỏng dùng xu hướng của một trong các năm đã quan sát.
4. **Đòn bẩy** của đơn vị đang xem ({unit}) cộng thêm vào điểm tổng hợp của đơn vị theo trọng số {base}, tăng dần đều từ {start} đến {end}, chỉ số không vượt quá 1,0.
5. **Xếp hạng**: điểm mô phỏng được làm tròn 4 chữ số như khi công bố và xếp hạng kiểu thi đấu (đồng điểm cùng hạng, hạng kế tiếp bị bỏ qua{tie_example}).
6. **Kết quả**: khả năng ở trong Top N mỗi năm, thứ hạng giữa và khoảng 10–90 %. Cùng hạt giống ngẫu nhiên cho cùng kết quả; kịch bản và cơ sở dùng chung các số ngẫu nhiên nên khác biệt giữa chúng là do đòn bẩy, không phải do nhiễu.
7. **Khung xếp hạng**: mỗi khung bắt đầu từ điểm DTI công bố của năm cuối của nó; khung {today_frame} đơn vị sau sáp nhập có các năm trước được tính ngược bằng trung bình các tỉnh cũ; tham số ước lượng trên khung {est_frame} đơn vị (khung đông đơn vị nhất có số liệu đến năm quan sát cuối {last_year}).""",
        """The tool does not forecast one rank; it simulates thousands of possible futures:

1. **Data**: the published DTI scores of the {est_frame} units in {est_path} (dti.gov.vn), on the logit scale so that scores stay in (0, 1).
2. **Each year**, a province's score = the **common trend** (the national average gain) + its **own deviation**. The deviation keeps a share of itself (persistence ρ; ρ < 1 means laggards catch up) plus a random shock (volatility σ).
3. **Parameter uncertainty**: there are only {n_transitions} transitions, so ρ, σ and the trend are re-estimated on {n_boot} bootstrap samples of provinces; each simulated year uses the trend of one of the observed years.
4. **Levers** of the unit shown ({unit}) add to its composite with the {base} weights, phased in linearly from {start} to {end}, no index above 1.0.
5. **Ranking**: simulated scores are rounded to 4 decimals as published and ranked with competition ranking (ties share a rank and the next rank is skipped{tie_example}).
6. **Output**: the chance of the Top N each year, the median rank and its 10–90 % range. The same seed gives the same numbers; scenario and baseline share their random numbers, so their difference comes from the levers, not from noise.
7. **Ranking frames**: each frame starts from the published DTI scores of its last year; the {today_frame}-unit post-merger frame has its earlier years back-cast as the mean of the former provinces; the parameters are estimated on the {est_frame}-unit frame (the frame with the most units whose scores reach the last observed year, {last_year}).""",
    ),
    "method.panel.title": ("Bảng {est_frame} đơn vị: các con số ước lượng", "The {est_frame}-unit panel: estimates"),
    "method.panel.col.period": ("Giai đoạn", "Period"),
    "method.panel.col.drift": ("Xu hướng chung (logit)", "Common drift (logit)"),
    "method.panel.col.sd": ("Độ phân tán thay đổi", "Spread of changes"),
    "method.panel.col.rho": ("Độ bền ρ", "Persistence ρ"),
    "method.panel.col.sigma": ("Cú sốc σ", "Shock σ"),
    "method.backtest.title": ("Kiểm chứng ngoài mẫu: dự báo từ các năm trước", "Out-of-sample check: forecasting from the earlier years"),
    "method.backtest.body": (
        "Mô hình được ước lượng **chỉ** trên {fit}, rồi dự báo xếp hạng {year} của {frame} đơn vị và so với kết quả công bố. Các con số dưới đây được tính lại mỗi khi ứng dụng khởi động ({draws} lần mô phỏng).",
        "The model is estimated on {fit} **only**, then forecasts the {year} ranks of the {frame} units, compared with the published ranks. The figures below are recomputed when the app starts ({draws} draws).",
    ),
    "method.backtest.all": (
        "**Mọi năm gốc, mọi khung.** Với mỗi năm có ít nhất hai năm trước đó, mô hình chỉ ước lượng trên các năm trước và dự báo năm đó cho mọi đơn vị (mỗi đơn vị lần lượt là đơn vị đang xem); dòng cuối gộp mọi cặp (năm, đơn vị). Brier: mô hình / giữ nguyên hạng / tỷ lệ nền.",
        "**Every origin, every frame.** For each year with at least two earlier years, the model is estimated on the earlier years only and forecasts that year for every unit (each unit in turn as the focus); the last row pools every (year, unit) case. Brier: model / same rank as last year / base rate.",
    ),
    "method.backtest.col.frame": ("Khung", "Frame"),
    "method.backtest.col.year": ("Ước lượng ⇒ dự báo", "Fit ⇒ forecast"),
    "method.backtest.col.units": ("Số trường hợp", "Cases"),
    "method.backtest.col.brier": ("Brier", "Brier"),
    "method.backtest.pooled": ("Gộp", "Pooled"),
    "method.backtest.only_small": (
        "Năm {year} chỉ có bảng xếp hạng {frame} đơn vị: khung đó dùng các năm trước được tính ngược theo quy tắc trung bình của Bộ và năm {year} đã công bố; khung {plan_frame} tỉnh dừng ở năm cuối của nó.",
        "{year} has only the {frame}-unit ranking: that frame uses the earlier years back-cast by the ministry's mean rule and the published {year}; the {plan_frame}-province frame stops at its own last year.",
    ),
    "method.estimation_frame": (
        "Mô hình xếp hạng được ước lượng trên khung {frame} đơn vị, các năm {years} (khung đông đơn vị nhất có số liệu đến năm quan sát cuối).",
        "The rank model is estimated on the {frame}-unit frame, years {years} (the frame with the most units whose scores reach the last observed year).",
    ),
    "method.backtest.coverage": ("Tỷ lệ đơn vị có hạng thực tế nằm trong khoảng 80 %", "Share of units whose actual rank is inside the 80 % range"),
    "method.backtest.coverage_help": ("Nên gần 80 %; yêu cầu 70–90 %.", "Should be near 80 %; required 70–90 %."),
    "method.backtest.mae": ("Sai số hạng trung bình: mô hình / giữ nguyên hạng {persist_year}", "Mean absolute rank error: model / same rank as {persist_year}"),
    "method.backtest.col.mae": ("Sai số hạng trung bình: mô hình / giữ nguyên hạng năm trước", "Mean absolute rank error: model / same rank as the year before"),
    "method.tie_example": (
        ", như năm {year} có {count} tỉnh cùng hạng {rank} và tỉnh tiếp theo hạng {next}",
        ", as in {year} when {count} provinces shared rank {rank} and the next was ranked {next}",
    ),
    "method.backtest.brier": ("Điểm Brier cho Top {n} (thấp hơn là tốt hơn)", "Brier score for the Top {n} (lower is better)"),
    "method.backtest.brier_value": ("mô hình {model} · giữ nguyên hạng {persistence} · tỷ lệ nền {base}", "model {model} · persistence {persistence} · base rate {base}"),
    "method.backtest.verdict_ok": (
        "Khoảng 80 % bao được {coverage} số tỉnh và điểm Brier của mô hình tốt hơn cả hai cách dự báo đơn giản: các xác suất đáng tin ở mức này. Sai số trung vị của thứ hạng ({mae_model}) tương đương cách giữ nguyên hạng ({mae_persistence}): một thứ hạng đơn lẻ không dự báo tốt hơn, vì vậy hãy đọc khả năng và khoảng.",
        "The 80 % ranges covered {coverage} of the provinces and the model's Brier score beats both simple forecasts: the probabilities are trustworthy at this level. The median rank's error ({mae_model}) is about that of keeping last year's rank ({mae_persistence}): a single rank forecasts no better, so read the chances and ranges.",
    ),
    "method.backtest.verdict_bad": ("Cảnh báo: kiểm chứng không đạt ngưỡng yêu cầu.", "Warning: the check does not meet the required bounds."),
    "method.targets.title": ("Chỉ tiêu kế hoạch: phương pháp đánh giá tiến độ", "Plan targets: how progress is judged"),
    "method.targets.body": (
        """- **Statistics Canada / Open SDG** (mặc định): tỷ số R = tốc độ tăng thực tế (CAGR) / tốc độ cần thiết. R ≥ 0,95 đúng tiến độ; 0,60–0,95 có tiến bộ nhưng cần tăng tốc; 0–0,60 tiến bộ hạn chế; < 0 đi xuống. Hệ số giới hạn tự nhiên (số mũ 4,44) cho các chỉ tiêu có trần 100 %.
- **Liên Hợp Quốc 2023 (giá trị kỳ vọng)**: P = (giá trị dự kiến năm mục tiêu − giá trị gốc) / (mục tiêu − giá trị gốc); ≥ 0,95 đúng tiến độ, 0,10–0,95 cần tăng tốc, < 0,10 đứng yên hoặc đi xuống.
- **Dự báo chuỗi ngắn**: tuyến tính, log-tuyến tính (CAGR), logit-tuyến tính cho tỷ lệ (luôn trong 0–100 %); chọn theo sai số kiểm chứng cuốn chiếu khi có từ 4 điểm; 2–3 điểm dùng mặc định có giới hạn và khoảng rộng; dưới 2 điểm: không đánh giá được.
- **Nhãn trung thực**: mục tiêu xếp hạng (DTI, PCI, nhóm an toàn thông tin mạng) cho một năm sau số liệu mới nhất không bao giờ được gọi là "đã đạt" từ thứ hạng mới nhất: trạng thái theo xác suất, hoặc "đạt theo số liệu mới nhất (năm)". Chỉ tiêu đã qua năm mục tiêu được đánh giá bằng số liệu của chính năm đó; chỉ tiêu phổ cập (100 %) coi là đạt khi cách 100 % không quá {tolerance} điểm. Số liệu mới nhất cũ hơn {stale_after} năm so với năm {reference_year} (năm mới nhất của các bảng số liệu) được ghi rõ trong trạng thái.""",
        """- **Statistics Canada / Open SDG** (default): ratio R = actual growth (CAGR) / required growth. R ≥ 0.95 on track; 0.60–0.95 progress made, acceleration needed; 0–0.60 limited progress; < 0 deterioration. A natural-limit factor (exponent 4.44) for indicators capped at 100 %.
- **UN 2023 (expected value)**: P = (expected value in the target year − base value) / (target − base value); ≥ 0.95 on track, 0.10–0.95 acceleration needed, < 0.10 stagnation or regression.
- **Short-series projection**: linear, log-linear (CAGR), logit-linear for shares (always within 0–100 %); chosen by rolling-origin backtest error with 4+ points; 2–3 points use the bounded default with a wide interval; fewer than 2: not assessable.
- **Honest labels**: a ranking goal (DTI, PCI, the cybersecurity group) for a year after the latest figures is never called "achieved" from the latest rank: its status is a probability, or "met on the latest figures (year)". A target whose year has passed is judged on that year's figure; a universal (100 %) target counts as met within {tolerance} point of 100 %. A latest figure more than {stale_after} years older than {reference_year} (the latest year of the data tables) says so in its status.""",
    ),
    "method.refs.title": ("Tài liệu tham khảo", "References"),
    "method.refs.body": (
        "Xác suất thứ hạng (SUCRA trong phân tích gộp mạng lưới); phân tích bất định của chỉ số tổng hợp (Saisana, Saltelli & Tarantola 2005, JRSS-A); lưu ý của SDSN: chênh lệch 2–3 bậc không có ý nghĩa; phương pháp tiến độ của Open SDG (Statistics Canada) và Báo cáo tiến độ SDG của Liên Hợp Quốc (2022, 2023).",
        "Rank probabilities (SUCRA in network meta-analysis); uncertainty analysis of composite indicators (Saisana, Saltelli & Tarantola 2005, JRSS-A); SDSN's caution that 2–3 places are not meaningful; Open SDG's progress methodology (Statistics Canada) and the UN SDG Progress Chart (2022, 2023).",
    ),
    # -- issue 14: every method, near the cut line, the choice ---------------------------
    "method.methods.title": ("So sánh các phương pháp dự báo (kiểm chứng ngoài mẫu)", "Forecast methods compared (out-of-sample check)"),
    "method.methods.body": (
        "Mỗi phương pháp được kiểm chứng như trên, trên mọi năm gốc và mọi khung ({n_cases} trường hợp gộp). Brier: thấp hơn là tốt hơn; **gần ngưỡng**: các đơn vị có hạng năm gốc cách ngưỡng Top {n} không quá {band} bậc ({n_near} trường hợp), nơi {plan} đang đứng.",
        "Each method is checked as above, on every origin and frame ({n_cases} pooled cases). Brier: lower is better; **near the cut line**: the units whose rank in the origin year is within {band} places of the Top {n} cut line ({n_near} cases), where {plan} stands.",
    ),
    "method.methods.col.method": ("Phương pháp", "Method"),
    "method.methods.col.coverage": ("Khoảng 80 % bao được", "80 % range covered"),
    "method.methods.col.brier": ("Brier Top {n}", "Brier Top {n}"),
    "method.methods.col.brier_near": ("Brier gần ngưỡng", "Brier near the cut"),
    "method.methods.col.mae": ("Sai số hạng trung bình", "Mean rank error"),
    "method.methods.col.status": ("Kết quả", "Result"),
    "method.methods.chosen_mark": ("✔ được chọn", "✔ chosen"),
    "method.methods.na": ("không kiểm chứng được: năm gốc thiếu chỉ số chính", "cannot be checked: the base year lacks main indices"),
    "method.methods.reference": (
        "Đối chứng: giữ nguyên hạng năm trước — Brier {persistence} (gần ngưỡng {persistence_near}); tỷ lệ nền N/số đơn vị — Brier {base} (gần ngưỡng {base_near}).",
        "References: last year's rank kept — Brier {persistence} (near the cut {persistence_near}); base rate N/units — Brier {base} (near the cut {base_near}).",
    ),
    "method.choice.title": ("Phương pháp được chọn và quy tắc chọn", "The method chosen and the rule"),
    "method.choice.body": (
        "Phương pháp được dùng: **{method}**. Quy tắc: một phương pháp điểm số chỉ thay phương pháp mặc định khi khoảng 80 % của nó bao được {cov_low}–{cov_high} số trường hợp và điểm Brier gộp thấp hơn của mặc định hơn {k} lần sai số chuẩn của chênh lệch theo từng cặp trường hợp. Các phương pháp chỉ dựa trên thứ hạng không có điểm số, nên không dùng được với đòn bẩy và ngưỡng điểm: chúng chỉ để so sánh, dù Brier của chúng có thể thấp hơn.",
        "Method in use: **{method}**. Rule: a score method replaces the default only when its 80 % ranges cover {cov_low}–{cov_high} of the cases and its pooled Brier score beats the default's by more than {k} standard errors of the paired per-case difference. The rank-only methods have no scores, so they cannot carry the levers or the cut-line score: they are there for comparison, even where their Brier is lower.",
    ),
    "method.choice.col.gain": ("Brier giảm so với mặc định", "Brier gain over the default"),
    "method.choice.col.se": ("Sai số chuẩn", "Standard error"),
    "method.choice.col.cases": ("Số cặp", "Pairs"),
    "method.near.title": ("Độ tin cậy gần ngưỡng Top {n}", "Calibration near the Top {n} cut line"),
    "method.near.pessimistic": (
        "Gần ngưỡng, mô hình **quá bi quan**: trong {n_near} trường hợp cách ngưỡng không quá {band} bậc, khả năng dự báo trung bình là **{mean_p}**, nhưng **{made_it}** ({n_made}/{n_near}) đã thực sự vào Top {n}. Vì vậy khả năng của một đơn vị đứng gần ngưỡng, như {plan}, có thể đang bị đánh giá thấp; ít trường hợp nên đây là một tín hiệu, chưa phải kết luận.",
        "Near the cut line the model is **too pessimistic**: in the {n_near} cases within {band} places of the cut, the mean forecast chance was **{mean_p}**, but **{made_it}** ({n_made}/{n_near}) actually made the Top {n}. A unit near the cut line, such as {plan}, may therefore be given too low a chance; with few cases this is a signal, not a conclusion.",
    ),
    "method.near.optimistic": (
        "Gần ngưỡng, mô hình **lạc quan hơn thực tế**: trong {n_near} trường hợp cách ngưỡng không quá {band} bậc, khả năng dự báo trung bình là **{mean_p}**, còn **{made_it}** ({n_made}/{n_near}) đã thực sự vào Top {n}.",
        "Near the cut line the model is **too optimistic**: in the {n_near} cases within {band} places of the cut, the mean forecast chance was **{mean_p}**, while **{made_it}** ({n_made}/{n_near}) actually made the Top {n}.",
    ),
    "method.near.brier": (
        "Brier gần ngưỡng: mô hình {model} · giữ nguyên hạng {persistence} · tỷ lệ nền {base}; khoảng 80 % bao được {coverage} số trường hợp gần ngưỡng.",
        "Brier near the cut: model {model} · persistence {persistence} · base rate {base}; the 80 % ranges covered {coverage} of the cases near the cut.",
    ),
    "method.near.table": ("Bảng độ tin cậy (các trường hợp gần ngưỡng)", "Reliability table (the cases near the cut line)"),
    "method.near.col.bin": ("Khả năng dự báo", "Forecast chance"),
    "method.near.col.n": ("Số trường hợp", "Cases"),
    "method.near.col.mean_p": ("Khả năng trung bình", "Mean chance"),
    "method.near.col.observed": ("Tỷ lệ đã vào Top {n}", "Share that made the Top {n}"),
    "method.explain.title": ("Giải thích bằng lời", "In plain words"),
    "method.explain.transitions": (
        "**Bất định giữa các năm.** Các lần chuyển năm đã quan sát khác nhau nhiều (độ bền và độ biến động mỗi lần ở bảng trên), nhưng bootstrap trên các tỉnh gần như không thấy điều đó. Phương pháp \"bất định giữa các năm\" cho mỗi năm mô phỏng lấy trọn một lần chuyển năm đã quan sát. Trong kiểm chứng, mỗi năm gốc chỉ có {n_fit} lần chuyển năm để ước lượng ({fit}), nên phương pháp này cho **đúng** kết quả mặc định (Brier {brier_transitions} và {brier_default}). Dự báo đến {end} được ước lượng trên {n_transitions} lần chuyển năm ({est_path}), nên ở đó hai cách cho kết quả khác nhau: xem bảng độ bất định theo phương pháp trên trang **Xếp hạng DTI**.",
        "**Between-year uncertainty.** The observed transitions disagree (each one's persistence and volatility are in the table above), which bootstrapping provinces barely sees. The \"transition uncertainty\" method lets each simulated year take one observed transition whole. In the backtest every origin has only {n_fit} transition to fit on ({fit}), so this method gives **exactly** the default's result (Brier {brier_transitions} and {brier_default}). The forecast to {end} is fitted on {n_transitions} transitions ({est_path}), so there the two differ: see the model-spread table on the **DTI ranking** page.",
    ),
    "method.explain.bounded": (
        "**Chỉ số chính bị chặn trong [0, 1].** {n_at_max} trong {n_indices} chỉ số chính của {unit} đã ở mức tối đa 1,0: chúng chỉ có thể giảm, trong khi mô hình điểm tổng hợp vẫn cho phép tăng. Phương pháp này mô phỏng từng chỉ số chính trên thang [0, 1] rồi tổng hợp bằng trọng số. Nó cần chỉ số chính của **mọi** đơn vị trong năm gốc, nhưng số liệu hiện có chỉ đủ ở {complete}; các năm gốc của kiểm chứng có {origins}. Vì vậy phương pháp này chưa kiểm chứng được trên số liệu hiện có; nó có mặt trong bảng độ bất định theo phương pháp (khung có đủ chỉ số chính).",
        "**Main indices bounded on [0, 1].** {n_at_max} of {unit}'s {n_indices} main indices are at the maximum 1.0: they can only fall, while the composite-score model lets them rise. This method simulates each main index on [0, 1] and composes them with the weights. It needs **every** unit's main indices in the base year, but the shipped data have them only in {complete}; the backtest's base years have {origins}. So it cannot be backtested on the shipped data yet; it is in the model-spread table (for a frame with every main index).",
    ),
    "method.explain.coverage_item": ("{year} khung {frame}: {known}/{total} đơn vị", "{year}, {frame} frame: {known} of {total} units"),
    "method.explain.weights": (
        "**Độ nhạy theo trọng số** (cách làm của JRC/OECD cho chỉ số tổng hợp). Khung DTI 2025 được tính lại với phương pháp sửa đổi nhưng chưa công bố trọng số. Ứng dụng nhân mỗi trọng số chỉ số chính với một hệ số ngẫu nhiên trong khoảng ±{spread}, chuẩn hóa lại, và thử các bộ trọng số có tên (trọng số các năm trước, trọng số bằng nhau, chỉ các chỉ số hoạt động). {result} Đây là **kiểm tra độ nhạy (stress test), không phải khung DTI 2025**.",
        "**Weight sensitivity** (the JRC/OECD practice for composite indicators). DTI 2025 is computed under a revised framework whose weights are not published. The app multiplies each main-index weight by a random factor within ±{spread}, renormalises, and tries named weight sets (earlier years' weights, equal weights, the activity indices alone). {result} This is a **stress test, not the DTI 2025 framework**.",
    ),
    "method.explain.weights_result": (
        "Với {unit} năm {base_year}: hạng công bố {observed}, khoảng 10–90 % theo trọng số ngẫu nhiên {p10}–{p90}; với các bộ trọng số có tên, hạng từ {alt_best} đến {alt_worst}.",
        "For {unit} in {base_year}: published rank {observed}, 10–90 % range under random weights {p10}–{p90}; under the named weight sets, rank {alt_best} to {alt_worst}.",
    ),
    "method.explain.weights_na": (
        "Trong khung {frame} đơn vị chưa làm được: chỉ số chính năm {base_year} chỉ được công bố cho {known}/{total} đơn vị.",
        "Not possible in the {frame}-unit frame: the {base_year} main indices are published for {known} of {total} units.",
    ),
    "method.explain.transitions_many": (
        "**Bất định giữa các năm.** Các lần chuyển năm đã quan sát khác nhau (độ bền và độ biến động mỗi lần ở bảng trên), nhưng bootstrap trên các tỉnh gần như không thấy điều đó. Phương pháp \"bất định giữa các năm\" cho mỗi năm mô phỏng lấy trọn một lần chuyển năm đã quan sát. Trong kiểm chứng, năm gốc có nhiều lần chuyển năm nhất được ước lượng trên {n_fit} lần ({fit}); điểm Brier gộp: {brier_transitions} (bất định giữa các năm) so với {brier_default} (mặc định).",
        "**Between-year uncertainty.** The observed transitions disagree (each one's persistence and volatility are in the table above), which bootstrapping provinces barely sees. The \"transition uncertainty\" method lets each simulated year take one observed transition whole. In the backtest the origin with the most transitions is fitted on {n_fit} ({fit}); pooled Brier: {brier_transitions} (transition uncertainty) against {brier_default} (default).",
    ),
    "method.explain.bounded_tested": (
        "**Chỉ số chính bị chặn trong [0, 1].** {n_at_max} trong {n_indices} chỉ số chính của {unit} đã ở mức tối đa 1,0: chúng chỉ có thể giảm, trong khi mô hình điểm tổng hợp vẫn cho phép tăng. Phương pháp này mô phỏng từng chỉ số chính trên thang [0, 1] rồi tổng hợp bằng trọng số; nó cần chỉ số chính của mọi đơn vị trong năm gốc, có ở {complete}. Kết quả kiểm chứng của nó nằm trong bảng so sánh các phương pháp ở trên.",
        "**Main indices bounded on [0, 1].** {n_at_max} of {unit}'s {n_indices} main indices are at the maximum 1.0: they can only fall, while the composite-score model lets them rise. This method simulates each main index on [0, 1] and composes them with the weights; it needs every unit's main indices in the base year, which the data have in {complete}. Its backtest is in the methods table above.",
    ),
}
