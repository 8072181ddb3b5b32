"""HTML views and templates."""
