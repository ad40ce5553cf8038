"""Help structures: official sources, importers, the normalised schema, who each type is for,
and the nearest-structure search (pure Python)."""
