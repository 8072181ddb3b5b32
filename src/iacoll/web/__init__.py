"""The web layer of the write side: sessions, CSRF, accounts, forms, API and moderation."""
