"""The only package that imports SpiffWorkflow: parse, validate, cache specs, run and serialize instances."""
