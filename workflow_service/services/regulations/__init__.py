"""The regulation registry (bpmn/regulations.yaml): which evaluation chain a dossier runs, chosen by
its filing day and kind; an admin's override of that choice.

May import: definitions, domain, persistence."""
