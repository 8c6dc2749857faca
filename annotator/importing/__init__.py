"""Getting files from other tools in: readers' records checked, mapped, reported and stored."""
