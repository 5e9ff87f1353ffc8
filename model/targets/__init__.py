"""The plan's targets, one room per subject (the public names are re-exported here so that
``from model.targets import assess_targets`` keeps working; new code names the module):

- :mod:`model.targets.vocabulary`: the table's columns, status and flag codes, row rules;
- :mod:`model.targets.series`: targets with a series of the plan's unit (projection, status);
- :mod:`model.targets.ranks`: the DTI and PCI rank goals and the cybersecurity group;
- :mod:`model.targets.assess`: every target in one table, the on-track count, JSON lines;
- :mod:`model.targets.thresholds`: a Top-N goal read in another frame;
- :mod:`model.targets.detail`: one target's series for its chart, its reference series.
"""

from model.targets.assess import (
    ON_TRACK_STATUSES,
    OnTrackSummary,
    assess_targets,
    on_track_summary,
    reference_year,
    target_records,
)
from model.targets.detail import (
    DETAIL_LAST_YEAR,
    DETAIL_SERIES,
    reference_observations,
    target_detail,
)
from model.targets.ranks import (
    CYBER_GOOD_SHARE,
    PCI_DRAWS,
    PCI_N_UNITS,
    PCI_PUBLISHED_TOP,
    PCI_SEED,
)
from model.targets.thresholds import (
    Thresholds,
    ThresholdStatuses,
    plan_frame,
    same_percentile_rank,
    threshold_statuses,
    thresholds,
)
from model.targets.vocabulary import (
    ACHIEVED_WITHIN_TOLERANCE,
    JUDGED_METHOD,
    MET_LATEST,
    NO_PROVINCIAL_DATA,
    NOT_ACHIEVED,
    NOT_MET_LATEST,
    PROJECTION_YEARS,
    STALE_AFTER_YEARS,
    STATUS_FLAGS,
    TARGET_COLUMNS,
    UNIVERSAL_SHARE,
    UNIVERSAL_TOLERANCE,
    is_universal,
    judged_figure,
    latest_state,
    plan_unit_of,
    status_flags,
)

__all__ = [
    "ACHIEVED_WITHIN_TOLERANCE", "CYBER_GOOD_SHARE", "DETAIL_LAST_YEAR", "DETAIL_SERIES", "JUDGED_METHOD",
    "MET_LATEST", "NO_PROVINCIAL_DATA", "NOT_ACHIEVED", "NOT_MET_LATEST", "ON_TRACK_STATUSES", "OnTrackSummary",
    "PCI_DRAWS", "PCI_N_UNITS", "PCI_PUBLISHED_TOP", "PCI_SEED", "PROJECTION_YEARS", "STALE_AFTER_YEARS",
    "STATUS_FLAGS", "TARGET_COLUMNS", "ThresholdStatuses", "Thresholds", "UNIVERSAL_SHARE", "UNIVERSAL_TOLERANCE",
    "assess_targets", "is_universal", "judged_figure", "latest_state", "on_track_summary", "plan_frame",
    "plan_unit_of", "reference_observations", "reference_year", "same_percentile_rank", "status_flags",
    "target_detail", "target_records", "threshold_statuses", "thresholds",
]  # fmt: skip
