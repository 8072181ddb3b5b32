"""The SPARQL 1.1 endpoint: protocol router, query guard, worker processes, result formats."""
