"""Charts drawn for both writers (the figures of the document model)."""
