"""The conventions every part of a pack writes the same way: TLP 2.0 markings, Admiralty grades,
dates, estimative language (ICD 203)."""
