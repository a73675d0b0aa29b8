"""Integration-event contracts: one module per producing party, versioned by type name.

A breaking change is a new `...vN` type, never an edit of an existing one.
"""
