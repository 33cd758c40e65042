"""marshmallow schemas per API resource."""
