"""Figures of wijksim results, one module per kind of folder: ``run``, ``flow``, ``compare``, ``sweep``.

``analysis.figures`` picks the figures for a folder; ``style`` gives them one look and
``analysis.labels`` their texts in English and Dutch.
"""
