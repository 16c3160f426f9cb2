"""clientsuite: the hand-written layer over the generated clients."""
