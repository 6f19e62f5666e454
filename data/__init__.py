"""Shipped data: the gazetteer (states, places, organisations, officeholders) and the curated facts."""
