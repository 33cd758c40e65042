"""Commands of `ocopflow` that outgrew cli.py: each module defines one click command that cli.py adds.

An entry point like api/ and web/: it parses, calls one service and prints; it never reads
persistence models or the engine (import-linter contracts in pyproject.toml)."""
