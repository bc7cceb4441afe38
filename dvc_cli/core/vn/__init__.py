"""Vietnamese public data: the citizen ID number and the 2025 administrative map."""
