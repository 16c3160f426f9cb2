"""Runnable examples: one offline demo per service, shown by ``make demo`` and run by the tests."""
