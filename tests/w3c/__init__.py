"""Harness for the W3C SPARQL 1.1 Protocol and Service Description test suites.

:mod:`tests.w3c.manifest` reads the manifests (HTTP requests encoded with the W3C ``ht:``
vocabulary) and :mod:`tests.w3c.harness` sends the requests and judges the responses.
"""
