"""External benchmarks: readers, evaluators and size facts for published instance sets.

Nothing here depends on the project's own model; `roster.bench.curtois_format` and
`roster.bench.curtois_eval` read only the benchmark's own files.
"""
