"""The record types (tokens, spans, relations, documents, annotations) and their derived fast forms."""
