"""Search: hybrid retrieval over an index backend, and document filters."""
