"""Storage: tables, the repository, migrations. Every query of the product lives here."""
