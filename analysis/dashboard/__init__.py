"""The teacher dashboard: a wijksim model running live in the browser (Solara), with guided lessons."""
