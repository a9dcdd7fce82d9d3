"""Publication format and exports: roster.json, CSV, HTML duty sheet, iCalendar, changes."""
