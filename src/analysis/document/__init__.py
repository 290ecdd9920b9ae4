"""Stage 1, the document: open and validate a report PDF, read its text layer once, build its lines."""
