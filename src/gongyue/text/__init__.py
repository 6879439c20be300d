"""The text layer: numerals, the article parser, comparison and the redline. Knows nothing of charters' records, procedure or pages."""
