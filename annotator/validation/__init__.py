"""Rules every record obeys and the validation of records, JSONL files and schema files."""
