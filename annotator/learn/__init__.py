"""Learning from the corpus: training, evaluation and inter-annotator agreement."""
