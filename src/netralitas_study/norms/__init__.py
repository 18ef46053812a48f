"""The norms: versioned, cited procedures, dated parameters, working days, and the scenarios that state their behaviour."""
