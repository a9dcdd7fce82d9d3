"""Modal dialogs; each returns a typed value through `dismiss`."""
