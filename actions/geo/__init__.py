"""Geography: official sources, the gazetteer build and the place look-up (pure Python)."""
