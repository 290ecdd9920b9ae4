"""Stage 3, the prose: sentences of the explanatory text, the narrative facts read from them, and the 绩效自评表."""
