"""The iacoll data model: the upstream fields and how they map to RDF."""
