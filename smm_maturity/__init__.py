"""Augenhöhe: social-enterprise maturity of an organisation, from questionnaire answers to dashboards."""

__version__ = "1.0.0"
