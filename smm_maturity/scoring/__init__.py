"""Scoring: answers to respondent scores, group statistics, stages, index, reliability and uncertainty.

Statistics are exact: a respondent's dimension score has a denominator of 1 to 6, so 60 × score is an
integer, and every group statistic is built from integer sums (n, Σ60s, Σ(60s)²) that no row order changes.
Every figure that leaves this package passes `disclosure` on the way: the residual rule decides what is
hidden, consistently across views, and only rounded values are returned.

One module per concern: `exact` (integer sums, stage, index, intervals), `cells` (a wave's dimension sums
read in one snapshot, under the residual rule), `waves` (published wave scores and participation),
`detail` (items and facets), `collaboration` (the silo map), `open_comments`, `trends` and `cronbach`.
"""

from smm_maturity.scoring.cells import respondent_counts
from smm_maturity.scoring.collaboration import CollaborationCell, SiloScore, collaboration_cells, silo_scores
from smm_maturity.scoring.cronbach import Reliability, cronbach_alpha, reliability
from smm_maturity.scoring.detail import WaveDetail, facet_scores, item_distribution, wave_detail
from smm_maturity.scoring.exact import DimensionScore, index_for, round_mean, stage_for
from smm_maturity.scoring.open_comments import comment_lists, comments
from smm_maturity.scoring.trends import TrendPoint, trend
from smm_maturity.scoring.waves import (
    ORGANISATION,
    GroupScore,
    WaveScores,
    participation,
    shown_departments,
    wave_scores,
)

__all__ = [
    "ORGANISATION",
    "CollaborationCell",
    "DimensionScore",
    "GroupScore",
    "Reliability",
    "SiloScore",
    "TrendPoint",
    "WaveDetail",
    "WaveScores",
    "collaboration_cells",
    "comment_lists",
    "comments",
    "cronbach_alpha",
    "facet_scores",
    "index_for",
    "item_distribution",
    "participation",
    "reliability",
    "respondent_counts",
    "round_mean",
    "shown_departments",
    "silo_scores",
    "stage_for",
    "trend",
    "wave_detail",
    "wave_scores",
]
