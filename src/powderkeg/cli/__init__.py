"""The command-line interface: one module per group of commands, each a thin wrapper over the API."""
