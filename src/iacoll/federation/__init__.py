"""Other registries' formats, one module each: reading them into iacoll records and back.

``upstream_files`` reads the files of the Bibliothèque d'IA territoriales (CSV in its two
dialects, XLSX); the field mapping itself is :mod:`iacoll.model.upstream`.
"""
