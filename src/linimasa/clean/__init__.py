"""Cleaning: raw article text to clean body text, removed boilerplate, and text metadata."""
