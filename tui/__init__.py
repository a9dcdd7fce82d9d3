"""The Textual app of roster: managers edit, solve, save and publish a week's roster."""
