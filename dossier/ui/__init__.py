"""The terminal app: widgets and screens that present the data core, and nothing more."""
