"""The demo's content, one module per domain: plain constants, no database access."""
