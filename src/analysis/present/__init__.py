"""Presenting a department: its tidy folder read back (loader), charts, the HTML report and the index."""
