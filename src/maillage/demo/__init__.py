"""The demo: the Caf de la Savoie, one CTG per EPCI of Savoie, fictitious people.

The top layer: it writes every domain's demo content through that domain's services.
``data/`` holds the content (plain constants, one module per domain), ``loaders/`` the
code that writes it, and ``load.load_demo()`` runs the loaders in order.
"""
