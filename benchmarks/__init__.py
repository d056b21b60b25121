"""Augenhöhe's benchmarks: `python benchmarks/run.py` measures import, scoring, pages, memory and exports."""
