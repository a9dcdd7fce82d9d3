"""Widgets of the week screen; each receives data and posts messages up."""
