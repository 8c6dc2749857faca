"""Pre-annotation: suggesters (patterns, spaCy models) behind one interface and a registry."""

from annotator.suggest.base import Suggester, SuggesterError, get_suggester

__all__ = ["Suggester", "SuggesterError", "get_suggester"]
