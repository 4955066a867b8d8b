"""Interchange: a document edition in the formats other tools import (STIX 2.1)."""
