"""The edit session: a pure state machine of cursor, selection, spans, relations and undo, and its key actions."""
