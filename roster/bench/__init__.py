"""External benchmarks: readers, evaluators and size facts for published instance sets.

`roster.bench.curtois_format` and `roster.bench.curtois_eval` read only the benchmark's own
files and know nothing of the project's model, so they can judge it. `curtois_roster` imports an
instance into the project's domain model and `curtois_run` drives `roster bench curtois`.
"""
