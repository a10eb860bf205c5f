"""Renderers: plain report data in, text out. One module per format, same signature."""
