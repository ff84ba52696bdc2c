"""Pure rules: no database, no pages (docs/ says what each follows)."""
