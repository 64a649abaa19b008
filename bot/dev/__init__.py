"""Demo data and the terminal simulator: the only product code that may import fakeline."""
