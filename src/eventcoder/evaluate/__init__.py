"""Evaluation of eventcoder's stages against gold data (`eventcoder eval ...`)."""
