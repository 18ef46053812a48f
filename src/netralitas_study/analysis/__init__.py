"""Analysis: outcomes per person, comparisons, published figures, small-sample statistics, the thesis, the event log, reliability."""
