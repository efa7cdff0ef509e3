"""Analytics over the store: dyad series, the influence index, exports."""
