"""Thin Rasa adapters (graph components) over the product's own NLU and safety logic.

Referenced by dotted path from config.yml. Only this package (and the redacting tracker store)
imports Rasa; everything it wraps lives in plain modules under bot/.
"""
