"""The change feeds, read from the revision log: a Linked Data Event Stream for registries
(:mod:`iacoll.feeds.ldes`) and an Atom feed for people (:mod:`iacoll.feeds.atom`). Nothing here
imports the web layer; ``pages/feeds.py`` serves them."""
