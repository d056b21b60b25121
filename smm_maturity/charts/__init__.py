"""Pure chart builders: published scores in, Plotly figures out, in the chosen language.

One module per screen (`overview`, `radar`, `differences`, `departments`, `likert`, `silo`, `trends`), each with the small
pure functions that decide what a chart shows and the builders that turn those decisions into figures;
`theme` holds the shared look and `figure` the plain-dict figure they are built on. One stage palette
(Okabe-Ito, safe for colour-blind viewers) colours every chart, fonts are large enough for a projector,
and every title says what to read from the chart.
"""

from smm_maturity.charts.departments import competency_profile, facet_label, stage_profile, transparency_chart
from smm_maturity.charts.differences import change_since, department_gaps
from smm_maturity.charts.likert import likert_bars
from smm_maturity.charts.overview import heatmap_columns, stage_heatmap
from smm_maturity.charts.radar import organisation_radar
from smm_maturity.charts.silo import gives_receives, silo_matrix, silo_network, silo_order
from smm_maturity.charts.theme import escape, hidden_label, hidden_reason, sized, stage_colour, wrap_label
from smm_maturity.charts.trends import trend_lines
from smm_maturity.palette import STAGE_COLOURS

__all__ = [
    "STAGE_COLOURS",
    "competency_profile",
    "change_since",
    "department_gaps",
    "escape",
    "facet_label",
    "gives_receives",
    "heatmap_columns",
    "hidden_label",
    "hidden_reason",
    "likert_bars",
    "organisation_radar",
    "silo_matrix",
    "silo_network",
    "silo_order",
    "sized",
    "stage_colour",
    "stage_heatmap",
    "stage_profile",
    "trend_lines",
    "transparency_chart",
    "wrap_label",
]
