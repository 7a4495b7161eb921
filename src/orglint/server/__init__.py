"""`orglint server`: a language server (LSP over stdio) that holds whole orgs in view.

state.py keeps buffers, roots and each org's latest check; index.py finds ids in the
parsed documents; the feature modules turn both into LSP answers; app.py wires them to
pygls. Nothing here is imported by `orglint check`.
"""
