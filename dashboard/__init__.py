"""Streamlit dashboard: app.py is the router and shared sidebar; one module per page in views/."""
