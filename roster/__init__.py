"""roster: duty-roster and volunteer-deployment scheduler."""
