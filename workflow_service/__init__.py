"""OCOP Flow workflow service."""
