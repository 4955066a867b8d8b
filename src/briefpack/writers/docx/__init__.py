"""The DOCX writer and the parts of the .docx package it writes."""
