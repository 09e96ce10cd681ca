"""The field finders, one module per topic; ``fields.detect`` runs them in order."""
