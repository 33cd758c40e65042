"""Official documents of a dossier as PDF: Mẫu 01/02/03, the recognition decision, the certificate (with a
QR code to the public register) and the revocation decision, rendered from Jinja2 HTML by WeasyPrint,
stored once with their SHA-256 in the audit trail, read by whoever sees the dossier.

May import: domain, persistence, services.access and everything below it."""
