"""annotator: keyboard-driven span annotation with schema validation and ML exports."""

__version__ = "0.1.0"
