"""Run the command line as `python -m annotator`."""

from annotator.cli import main

main()
