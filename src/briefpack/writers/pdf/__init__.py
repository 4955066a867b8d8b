"""The PDF writer: reportlab flowables with notes at the foot of each page."""
