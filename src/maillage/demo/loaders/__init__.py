"""The code that writes the demo's content, one module per domain, run by ``load_demo``."""
