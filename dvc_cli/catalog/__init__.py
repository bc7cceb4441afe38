"""The catalogue: procedure files found, read (YAML with positions), loaded and searched."""
