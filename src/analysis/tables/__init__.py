"""Stage 2, the tables: the nine standard tables as specs, located by title, read by a grid engine, normalised to cells."""
