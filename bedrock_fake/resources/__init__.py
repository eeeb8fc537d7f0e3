"""Resource families: one module per Bedrock resource family (loaded by ``_operations.load_resources``)."""
