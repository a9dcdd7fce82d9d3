"""The CP-SAT model: variables, rule families (roster.rules) and objective assembly."""
