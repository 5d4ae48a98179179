"""The back-office forms, one module per feature (beside views/): they parse and check input;
the services change state."""
