"""newsclaims pipeline: one module per DVC stage."""
