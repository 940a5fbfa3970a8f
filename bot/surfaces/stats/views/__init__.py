"""One module per `/stats` view; each turns the figures into Block Kit blocks."""
