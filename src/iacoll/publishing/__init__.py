"""The write side: accounts, the revision log and the one write path that feeds the stores."""
