"""The dataset format: reading, checking and writing records as YAML or JSON."""
