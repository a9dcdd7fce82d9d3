"""Solver tests, one module per rule family of docs/rules.md (tiny instances, known optima)."""
