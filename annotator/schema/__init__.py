"""The schema file: its model, located checks, line lookup, inference from peer files and guarded regexes."""
