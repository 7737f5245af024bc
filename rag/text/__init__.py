"""Text analysis shared by indexing and search: token budgets, lexical tokens, figures."""
