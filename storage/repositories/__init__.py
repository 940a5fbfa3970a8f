"""Repository functions: they take the session, flush, and never commit."""
