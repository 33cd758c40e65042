"""The annual OCOP cycle before and after the evaluation: product ideas (registration, commune review,
selection), business plans (submission, evaluation, approval decision, implementation follow-up), the
producer's page, and the rewards due by star from the yearly plans.

Ideas and plans are process instances in `dossiers` (series "idea" / "business_plan", domain/cycle.py), so
their tasks reach the same inbox with deadlines from the yearly plans and every step is audited.

May import: domain, engine, persistence, services.dossiers, services.plans and everything below them."""
