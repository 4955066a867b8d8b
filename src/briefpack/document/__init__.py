"""The format-neutral document model every transform and writer works on."""
