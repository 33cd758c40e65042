"""Deployed process versions: parse + check a bundle, store it as the next version, find its runtime.

May import: domain, engine, persistence, audit (the trail's one writer)."""
