"""Use cases: read from the warehouse, apply a rule, write the result."""
