"""Progress statistics of a dataset and their Rich tables."""
