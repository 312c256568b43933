"""The scorer: gold annotations against predicted tables, with bootstrap intervals.

Modules, one concern each: text (normalisation, sentences, locating gold text), gold (loading and
validating gold files), match (one-to-one matching and per-article counts), predictions (items
from published tables or from a second annotation), scoring (set metrics, intervals, baselines'
scores), baselines (spaCy-only systems), report (errors.md), cli. The scorer imports nothing of
the extraction code it grades.
"""
