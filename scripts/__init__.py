"""The regeneration pipeline behind `make generate`: specs/ -> generated/."""
