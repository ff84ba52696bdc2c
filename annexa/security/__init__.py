"""Access control, value-free logs and exports safe to open in Excel."""
