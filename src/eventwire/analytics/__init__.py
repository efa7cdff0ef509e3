"""The analysis layer: dyad series, the influence index and their explanations, computed in
the store from real-world events (docs/analytics.md). Every figure carries the ids of the
events behind it and the hash of the definition and settings that produced it."""
